"""``TopicGuard``: the Rasa NLU component that answers what was asked (issue 19 item 3).

Runs after ``FallbackClassifier`` and before ``DistressGuard`` (which stays last: a self-harm phrase always
wins). It changes the classifier's intent only in the cases of ``bot.nlu.topics.guarded_intent``: a registry
`decide` phrase (「记住我卡号」, 「客服电话」, 「会不会被限制出境」), a topic the person says they did not ask
(「我没问坐牢」), a card question that names another debt (「不是网贷 是信用卡！」), an unsure classifier
whose topic the words do not name, and below the fallback threshold the best guess whose topic the words ask. The classifier's ranking is kept below, and the change is recorded as
``topic_guard`` (the former intent) in the parse result.
"""
from __future__ import annotations

import logging

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import IntentOverride
from bot.nlu.distress import TAKEN_BACK
from bot.nlu.topics import guarded_intent, tie_break

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicGuard(IntentOverride):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            current = message.get(INTENT) or {}
            name = current.get(INTENT_NAME_KEY)
            if TAKEN_BACK.search(text):
                # 「说说而已」 takes back a signal said before (DOMAIN §7): the crisis lines again, never a goodbye
                better, top = "express_distress", current
            elif name == "nlu_fallback":  # the classifier's own best guess, below the threshold
                ranking = message.get(INTENT_RANKING_KEY) or []
                top = next((r for r in ranking if r.get(INTENT_NAME_KEY) != "nlu_fallback"), {})
                names = [r.get(INTENT_NAME_KEY) for r in ranking if r.get(INTENT_NAME_KEY) != "nlu_fallback"]
                better = guarded_intent(text, "nlu_fallback", 0.0) or tie_break(text, names)
            else:
                ranking = [r.get(INTENT_NAME_KEY) for r in message.get(INTENT_RANKING_KEY) or []]
                better = guarded_intent(text, name, current.get(PREDICTED_CONFIDENCE_KEY), ranking or None)
                top = current
            if not better or better == name:
                continue
            self.override(message, better)
            message.set("topic_guard", name, add_to_output=True)
            logger.info("TopicGuard: intent %s (best %s) → %s", name, top.get(INTENT_NAME_KEY), better)
        return messages
