"""Rasa NLU components of 卡友助手: ``TextNormalizer`` rewrites the message text before the
tokenizer (`bot.nlu.normalize`: traditional → simplified, full-width → half-width, English card terms,
homophone typos of card terms); ``ChineseSlotExtractor`` adds normalised entities (see
`bot.nlu.extract`); ``DistressGuard`` (at the end of this file) routes self-harm phrases to
``express_distress`` whatever the classifier said.

In ``config.yml``, anywhere after the tokenizer::

    - name: bot.nlu.components.ChineseSlotExtractor
      # optional: only these entities (default: all of bot.nlu.extract.ENTITY_NAMES)
      # entities: [bank, debt_amount, overdue_days]

Entities come out as Rasa entity dicts (``entity``, ``value``, ``start``, ``end``, ``text``,
``extractor: ChineseSlotExtractor``) with values already normalised (招行 → 招商银行, 两万五 → 25000.0),
so slots map them with plain ``from_entity`` mappings. When another extractor (a lookup table, DIET)
already found an entity of the same type over the same characters, that entity keeps its place and
gets our normalised value, and ``ChineseSlotExtractor`` is added to its ``processors`` (as Rasa's
``EntitySynonymMapper`` does); no duplicate is added.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.distress import (
    UNSAFE_SIGNAL,
    crisis_line_unanswered,
    everyday_strain,
    hesitates,
    person_named,
    strain_kind,
    unsafe_now,
    whose_signal,
)
from bot.nlu.distress import matches as distress_signal
from bot.nlu.extract import ENTITY_NAMES, extract_entities, warm_up
from bot.nlu.normalize import normalize
from bot.rasa_patches import install as install_rasa_patches

logger = logging.getLogger(__name__)
# 「我再想想」 read as distress by the classifier: a pause, answered by the stop intent's action (actions/distress.py)
HESITATION_INTENT = "stop"

# this module is imported by every Rasa process that loads our model
install_rasa_patches()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormalizer(GraphComponent):
    """Rewrites each message's text with `bot.nlu.normalize.normalize`; put it first in the pipeline.

    The tokenizer, the featurizers, the classifier, the extractor, the distress guard and the
    tracker then all see the same words (「會不會上徵信」 → 会不会上征信). Training examples are
    rewritten too, so that training and prediction see the same forms — except an annotated example
    whose length would change (its entity offsets would no longer hold).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @staticmethod
    def supported_languages() -> list[str]:
        return ["zh"]

    @staticmethod
    def required_packages() -> list[str]:
        return ["opencc", "pypinyin", "jieba"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextNormalizer:
        normalize("會不會上争信")  # load OpenCC, pypinyin and the term table with the model
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            text = example.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            fixed = normalize(text)
            if fixed != text and (len(fixed) == len(text) or not example.get(ENTITIES)):
                example.set(TEXT, fixed)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            try:
                fixed = normalize(text)
            except Exception:  # never let a normaliser bug take the conversation down
                logger.exception("TextNormalizer failed; the message is used as typed")
                continue
            if fixed != text:
                message.set(TEXT, fixed)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ChineseSlotExtractor(GraphComponent, EntityExtractorMixin):
    """Bank, role-assigned amounts, overdue days and periods, normalised, from Chinese messages."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # entity names to emit; None means all of bot.nlu.extract.ENTITY_NAMES
            "entities": None,
        }

    @staticmethod
    def supported_languages() -> list[str]:
        return ["zh"]

    @staticmethod
    def required_packages() -> list[str]:
        return ["cn2an", "spacy", "jieba"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChineseSlotExtractor:
        # load the alias table and the spaCy/jieba segmenter with the model, not on the first message
        warm_up()
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = {**self.get_default_config(), **config}
        wanted = self._config.get("entities")
        unknown = set(wanted or ()) - set(ENTITY_NAMES)
        if unknown:
            raise ValueError(
                f"ChineseSlotExtractor: unknown entities {sorted(unknown)}; known: {list(ENTITY_NAMES)}"
            )
        self._wanted = frozenset(wanted) if wanted else frozenset(ENTITY_NAMES)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples carry their own annotations: nothing to add."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Appends the entities found in each message's text to its ``entities``."""
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue  # messages without text (an action name, a button payload)
            try:
                found = [e for e in extract_entities(text) if e[ENTITY_ATTRIBUTE_TYPE] in self._wanted]
            except Exception:  # never let a normaliser bug take the conversation down
                logger.exception("ChineseSlotExtractor failed; no entities added for this message")
                continue
            existing = list(message.get(ENTITIES) or [])
            new = self.add_extractor_name(self._merge_into(existing, found))
            message.set(ENTITIES, existing + new, add_to_output=True)
        return messages

    def _merge_into(self, existing: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Our entities not already present; those present get our normalised value instead."""
        new = []
        for entity in found:
            twin = next(
                (
                    other
                    for other in existing
                    if other.get(ENTITY_ATTRIBUTE_TYPE) == entity[ENTITY_ATTRIBUTE_TYPE]
                    and other.get(EXTRACTOR) != self.name
                    and other.get(ENTITY_ATTRIBUTE_START, -1) < entity[ENTITY_ATTRIBUTE_END]
                    and entity[ENTITY_ATTRIBUTE_START] < other.get(ENTITY_ATTRIBUTE_END, -1)
                ),
                None,
            )
            if twin is None:
                new.append(entity)
            elif twin.get(ENTITY_ATTRIBUTE_VALUE) != entity[ENTITY_ATTRIBUTE_VALUE]:
                twin[ENTITY_ATTRIBUTE_VALUE] = entity[ENTITY_ATTRIBUTE_VALUE]
                self.add_processor_name(twin)
        return new


class IntentOverride(GraphComponent):
    """The shape every guard after the classifier shares (DistressGuard, RequestGuard, TopicGuard): no
    training, Chinese only, and `override` puts the chosen intent first with confidence 1.0, keeping the
    classifier's own ranking below it."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    @staticmethod
    def supported_languages() -> list[str]:
        return ["zh"]

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> IntentOverride:
        return cls(config)

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    @staticmethod
    def override(message: Message, intent: str) -> None:
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get(INTENT_NAME_KEY) != intent]
        chosen = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DistressGuard(IntentOverride):
    """Sets the intent to ``express_distress`` when a message holds an explicit self-harm phrase.

    Put it last in the pipeline, after ``FallbackClassifier``, so that neither a low classifier
    confidence (``nlu_fallback``) nor a debt question in the same message can push the crisis answer
    aside (DOMAIN §7). The phrase list is in ``bot.nlu.distress``; the classifier's own ranking is kept
    below, and the match is recorded as ``distress_signal`` in the parse result.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "express_distress"}

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        super().__init__(config)
        self._intent = self._config["intent"]

    @staticmethod
    def _strain_intent(text: str) -> str:
        """The intent of a message of everyday strain: the topic it asks in a question, else ``inform``."""
        from bot.nlu.topics import TOPIC_HOME, decided_intent, topics_in_questions

        decided = decided_intent(text)
        if decided:
            return decided
        asked = [TOPIC_HOME.get(t) for t in topics_in_questions(text)]
        return next((i for i in asked if i), "inform")

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            whose = whose_signal(text)
            if whose == "quote":
                # 「催收说让我去死」, 「她说不想活那句别写进去」: words quoted, nobody's crisis to answer here (persona trial I2
                # #11); the classifier's own distress on them gives way to its next reading
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self._intent:
                    nxt = next((r.get(INTENT_NAME_KEY) for r in message.get(INTENT_RANKING_KEY) or []
                                if r.get(INTENT_NAME_KEY) not in (self._intent, "nlu_fallback")), None)
                    if nxt:
                        self.override(message, nxt)
                message.set("distress_quoted", True, add_to_output=True)
                continue
            if whose == "other":
                # another person's crisis (「她说不想活了 现在联系不上」, persona trial I2): answered first, as a crisis, but
                # for the one who asks — 110 for her, the people near her (actions/distress.py), never as his own
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self._intent:
                    self.override(message, self._intent)
                message.set("distress_signal", distress_signal(text) or "other", add_to_output=True)
                message.set("crisis_of", "other", add_to_output=True)
                message.set("crisis_person", person_named(text), add_to_output=True)
                continue
            signal = distress_signal(text)
            if signal is None and unsafe_now(text):
                # 「不安全」「我现在不太安全」 (the answer to the check-in 「你现在安全吗」, persona trial s7 L3): the crisis
                # lines first, a person at once (actions/distress.py), whatever the classifier made of it (deny)
                signal = UNSAFE_SIGNAL
            if signal is None:
                # 「12356打了 没人接」 (persona trial E5): a crisis line that did not answer is a crisis turn; the
                # crisis action answers it with the other line, 110/120 and a person (actions/distress.py)
                unanswered = crisis_line_unanswered(text)
                if unanswered is None:
                    if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self._intent and everyday_strain(text):
                        # 「压力好大天天睡不着」「丢人死了」 (widget trial UI s7 #8): no signal of DOMAIN §7 — the question the
                        # message asks, else its facts (a form's free-text answer); one kind line comes first
                        # (actions/case_slots.py), never the crisis text
                        self.override(message, self._strain_intent(text))
                        message.set("distress_strain", strain_kind(text), add_to_output=True)
                    elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self._intent and hesitates(text):
                        # 「我再想想」 at the plan summary (plan8 leftover: the whole crisis answer): a hesitation, no signal
                        # of DOMAIN §7 — a pause (actions/distress.py ActionStopped: the draft stays, no lines)
                        self.override(message, HESITATION_INTENT)
                        message.set("hesitation", True, add_to_output=True)
                    continue
                if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self._intent:
                    self.override(message, self._intent)
                message.set("crisis_line_unanswered", unanswered, add_to_output=True)
                continue
            current = message.get(INTENT) or {}
            if current.get(INTENT_NAME_KEY) == self._intent:
                message.set("distress_signal", signal, add_to_output=True)
                continue
            self.override(message, self._intent)
            message.set("distress_signal", signal, add_to_output=True)
            logger.info("DistressGuard: self-harm phrase found; intent %s → %s",
                        current.get(INTENT_NAME_KEY), self._intent)
        return messages


# the reading's requests (bot.nlu.reading.requests) → the intent whose rules serve them (issue 19): a request
# for a person is a handoff at any point (never a 「是」 nor a plan), 「别问我收入了」 skips that one question
# (not the whole form), 「撤销」 shows the facts put back, 「刚才的计划每月还多少」 is about the plan just made
_REQUEST_INTENTS = (
    # 「我就说我失业了行不行」, 「能不能跟客服说我失业了」 (客服 is the bank's, no handoff): the answer says only what
    # is true (bot/answers.yml truthful_hardship, answered under this intent)
    ("false_claim", "ask_negotiate_plan"),
    ("handoff", "request_human"),
    ("more", "ask_details"),  # 「详细」 alone: the details of the last answer (actions/answers.py ActionAnswerDetails)
    ("stop_asking", "skip_question"),
    ("undo", "inform"),
    ("last_plan", "request_plan_draft"),
    ("full_letter", "request_plan_draft"),  # 「查看全文」 typed: the button's request (issue 23)
    ("no_more", "inform"),
    # 「不是投訴啦 是那封分期申請書 困難原因那句 改成…」「改原因」 (persona trial s7 L2 #15–#17: the complaint's
    # questionnaire twice, then out of scope): the letter's reason edited or asked for again, never a complaint; the case
    # hook applies the edit (bot/nlu/letter_edit.py), action_ask_correction shows the summary again
    ("letter_edit", "correct_fact"),
    ("correct_reason", "correct_fact"),
    ("complaint_edit", "request_collection_complaint"),  # 「投诉书把单位领导那句删了」: written again, corrected
    ("complaint_write", "request_collection_complaint"),  # 「能帮我写个投诉吗 投诉他们天天打我电话」
    ("confirm", "affirm"),  # 「行 那就确认 生成申请书」: a confirmation, never a disambiguation (care6)
    ("regenerate", "request_plan_draft"),  # 「重新生成申请书」: the letter again, the facts kept (persona trial G5)
    ("plan_write", "request_plan_draft"),  # 「那你帮我写个给建行的申请 我工资6500…」 (persona trial H4)
    # 「付得起嗎」 alone after a monthly figure (persona trial s7 L2 #10): yes/no on that figure (actions/whatif.py)
    ("afford", "ask_what_if"),
    ("not_confirmed", "request_plan_draft"),  # 「我还没说确认呢 怎么就生成了」: the summary again (persona trial s8 M1)
)
# a what-if is said as one: 「拖3个月呢」「要是先还5000」; 「去年已经还清了」 is history, not a scenario
_WHAT_IF_CUE = re.compile(r"要是|如果|假如|万一|假设|再拖|拖|先还|晚点还|呢[?？]?$")
_PAST_RE = re.compile(r"已经|去年|前年|\d{4}年")


def _what_if(text: str) -> bool:
    from bot.whatif import parse_scenario

    return bool(_WHAT_IF_CUE.search(text)) and not _PAST_RE.search(text) and parse_scenario(text) is not None


_ASKS_RE = re.compile(r"[?？吗呢]|多少|怎么|什么|哪|会不会|能不能|是不是|可不可以|问")
# the intents whose own answer says what a top-up costs (the figure actions) or that come first (a crisis)
_TOP_UP_KEEP = {"ask_min_payment", "ask_penalty_fee", "ask_interest", "ask_grace_period", "ask_consequences",
                "express_distress"}


# the readings a rate said again is taken from: an unsure classifier, a statement, 「再说一遍」
_RATE_AGAIN_FROM = {"nlu_fallback", "inform", "ask_repeat", "out_of_scope", "deny"}


def _rate_again(text: str) -> bool:
    from bot.whatif import rate_said_again

    return rate_said_again(text) is not None and bool(re.search(r"不是|算|费率|手续费", text))


def _top_up(text: str) -> bool:
    from bot.whatif import parse_top_up

    return parse_top_up(text) is not None


def _card_plan(text: str) -> bool:
    from bot.whatif import parse_card_plan

    return not _PAST_RE.search(text) and parse_card_plan(text) is not None
# 「能不能帮我取消人工」「取消一下好吗」: the way the cancel is asked, not a second question
_POLITE_RE = re.compile(r"能不能|可不可以|能否|可以吗|行吗|好吗|好不好|行不行|可以不")


def _asks_more(text: str, message: Message) -> bool:
    """The message asks something besides the cancel (a figure, a question): the classifier's intent answers it."""
    from bot.nlu.reading import _HANDOFF_CANCEL_RE, _QUESTION_RE

    rest = _POLITE_RE.sub("", _HANDOFF_CANCEL_RE.sub("", re.sub(r"\s+", "", text)))
    return bool(_QUESTION_RE.search(rest)) or any(
        e.get(ENTITY_ATTRIBUTE_TYPE) in ENTITY_NAMES for e in message.get(ENTITIES) or [])


# a stop with a figure in it (「每月最多2000 再多真没有了」) is an answer
_ANSWER_NOT_STOP = {"stop", "done", "deny"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RequestGuard(IntentOverride):
    """Sets the intent of a message whose reading (`bot.nlu.reading.requests`) is a request to the
    conversation itself; put it after ``FallbackClassifier`` and before ``DistressGuard`` (a crisis signal
    still wins). The classifier's ranking is kept below the chosen intent."""

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.nlu.reading import requests

        for message in messages:
            text = message.get(TEXT)
            if not text or not isinstance(text, str):
                continue
            asked = requests(text)
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            intent = next((name for field, name in _REQUEST_INTENTS if getattr(asked, field)), None)
            if intent == "skip_question" and any(
                    e.get(ENTITY_ATTRIBUTE_TYPE) in ENTITY_NAMES for e in message.get(ENTITIES) or []):
                # 「别问我收入了 反正每个月只能还八百」: a stop with an answer is the answer (its facts acknowledged, the form
                # goes on); the stop itself is kept by the case hook (slot stopped_questions) and said there (probe E08)
                intent = "inform"
            if intent is None and asked.handoff_cancel and not _asks_more(text, message):
                # 「取消人工」「算了 不用人工了」: action_request_human withdraws the waiting ticket (the reading's
                # handoff_cancel), never files one
                intent = "request_human"
            if intent is None and current not in _TOP_UP_KEEP and _top_up(text):
                # 「13号还900 20号再补900 算不算逾期」 (persona trial s8 M5 #10–#12: a guess of 「找真人」, then 「记下了」):
                # the minimum paid in two parts, asked about: the minimum-payment answer says when it is overdue
                intent = "ask_min_payment"
            if intent is None and current in _RATE_AGAIN_FROM and _rate_again(text):
                # 「我说的是0.75不是0.6 按0.75算一下」 (persona trial s8 M5 #7: 「没能理解」): the fee rate to use, the instalment
                # answer again with it
                intent = "ask_installment"
            if intent is None and current == "nlu_fallback" and _what_if(text):
                intent = "ask_what_if"  # 「拖3个月呢」: the classifier unsure, the words a what-if
            if intent is None and asked.already_said and not _ASKS_RE.search(text) and len(text.strip()) <= 12:
                # 「我刚说了」「上面已经说过了」 alone: about a fact given (a form names the one missing, never the
                # same question again); 「你别老说上面说过 投诉电话多少」 is a question and stays one
                intent = "inform"
            if intent is None and _card_plan(text):
                intent = "ask_what_if"  # 「先还浦发8千 其他两张慢慢还 会怎样」: per card, never the consequences block
            if intent is None and asked.change_to and (current or "").startswith("ask_"):
                intent = "inform"  # 「还款日改成30号」 states a fact; it asks nothing about 还款日
            if intent is None and asked.handoff_declined and current == "request_human":
                intent = "deny"  # 「我不是说转人工」 names a person only to say no to one
            if intent is None and current in _ANSWER_NOT_STOP and any(
                    e.get(ENTITY_ATTRIBUTE_TYPE) in ENTITY_NAMES for e in message.get(ENTITIES) or []):
                intent = "inform"
            if intent is None or intent == current:
                continue
            self.override(message, intent)
            logger.info("RequestGuard: intent %s → %s", current, intent)
        return messages


# the card topics a message can ask (bot/intent_catalog.yml, CONTRACT): between two of them a wrong guess costs one
# answer the person can correct; express_distress, the dialogue intents and the letters (request_*) are not here, so
# that an unsure reading of those still asks
CARD_TOPICS = frozenset({
    "ask_interest", "ask_penalty_fee", "ask_min_payment", "ask_grace_period", "ask_installment", "ask_consequences",
    "ask_credit_report", "ask_collection_harassment", "ask_complaint_channel", "ask_lawsuit", "ask_criminal_risk",
    "ask_negotiate_plan", "ask_third_party_agency", "ask_collector_script", "ask_bank_call_script", "ask_12378_script",
    "ask_stop_loss", "ask_exit_ban", "ask_for_relative", "ask_agency_victim", "ask_bank_phone", "vague_card_question",
})


def card_pair_is_clear(text: str | None, top: str, second: str, need_card_word: bool = True) -> bool:
    """True when two close intents are no reason to ask: the message names the credit card (when
    ``need_card_word``) and both of its top two intents are card topics, so the top one is answered."""
    from bot.nlu.char_pinyin import names_card

    if top not in CARD_TOPICS or second not in CARD_TOPICS:
        return False
    return not need_card_word or names_card(normalize(text or ""))


# nlu7: the scope detector's probability that a message is about the card at all (anything but out_of_scope), set by
# IntentEnsemble when its "scope_detector" is on and read by CardTopicFallbackClassifier's "card_threshold"
IN_DOMAIN_KEY = "kayou_in_domain"


def about_the_card(message: Message, gate: float = 0.5) -> bool:
    """The message is about the card at all: the scope detector's probability (when the model has one) is at least
    ``gate``; without a detector, the message names the credit card."""
    from bot.nlu.char_pinyin import names_card

    in_domain = message.get(IN_DOMAIN_KEY)
    if in_domain is not None:
        return float(in_domain) >= gate
    return names_card(normalize(message.get(TEXT) or ""))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CardTopicFallbackClassifier(FallbackClassifier):
    """Rasa's FallbackClassifier (same ``threshold`` and ``ambiguity_threshold``), except that a message naming the
    credit card whose top two intents are both card topics (`CARD_TOPICS`) is not ambiguous: it gets the top
    answer instead of the clarifying question. Below the threshold it still asks. Chosen by cross-validation of
    the training data (bench/nlu_dev/tune_fallback.py, bench/RESULTS.md 2026-12-07 nlu4)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # nlu7 (issue 19): "card_threshold": the threshold instead of ``threshold`` when the top intent is a card topic
        # and the message is about the card at all: IntentEnsemble's scope detector gives it at least "card_gate"
        # (IN_DOMAIN_KEY), or, without a detector, the message names the card. None: one threshold for everything.
        return {**FallbackClassifier.get_default_config(), "card_threshold": None, "card_gate": 0.5}

    def _nlu_confidence_below_threshold(self, message: Message) -> tuple[bool, float]:
        below, confidence = super()._nlu_confidence_below_threshold(message)
        card_threshold = self.component_config.get("card_threshold")
        if not below or card_threshold is None:
            return below, confidence
        top = (message.data.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if top in CARD_TOPICS and about_the_card(message, float(self.component_config.get("card_gate") or 0.5)):
            return confidence < float(card_threshold), confidence
        return below, confidence

    def _nlu_prediction_ambiguous(self, message: Message) -> tuple[bool, float | None]:
        ambiguous, difference = super()._nlu_prediction_ambiguous(message)
        if not ambiguous:
            return ambiguous, difference
        ranking = message.data.get(INTENT_RANKING_KEY) or []
        names = [r.get(INTENT_NAME_KEY) for r in ranking[:2]]
        if len(names) == 2 and card_pair_is_clear(message.get(TEXT), names[0], names[1]):
            return False, difference
        return ambiguous, difference


# a message of interjections only (「哎」「呃呃」「啊？」) says no yes and no topic: the ensemble leaves every intent
# unsure (a tenth of its share), so that FallbackClassifier asks (was read as affirm at 0.27 with threshold 0.2);
# 「嗯」「嗯嗯」「恩」 are a yes in Chinese and 「哦」 an acknowledgement: not here
_FILLER_ONLY = re.compile(r"^[哎唉呃额啊哈嘿诶欸呀哇噢喔呐嘛\s.。,，!！?？~～…、]+$")


IN_DOMAIN = "in_domain"


def scope_detector(texts: list[str], intents: list[str]) -> Any:
    """nlu7: is this message about the card at all? The n-gram model (characters, pinyin, jieba words) on two classes,
    out_of_scope against every other intent, with balanced weights (out_of_scope is a tenth of the examples)."""
    from bot.nlu.char_pinyin import CharPinyinModel

    return CharPinyinModel(c=10.0, use_words=True, class_weight="balanced").fit(
        texts, ["out_of_scope" if i == "out_of_scope" else IN_DOMAIN for i in intents])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentEnsemble(GraphComponent):
    """Mixes DIET's intent confidences with a character + pinyin n-gram logistic regression
    (`bot.nlu.char_pinyin`), trained on the same examples. Put it right after DIETClassifier and before
    FallbackClassifier, so that the fallback threshold applies to the mixed confidence.

    ``diet_weight`` (default 0.5): the share of DIET in the mix; the rest is the n-gram model's. An intent
    missing from DIET's ranking counts 0 there. Measured in bench/nlu_dev/evaluate.py (bench/RESULTS.md).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # "features": a version of bot/nlu/char_pinyin.py's feature recipe; Rasa's training cache fingerprints
        # the config and the data, not our code, so a change of recipe bumps it to retrain the component
        # "words": add jieba word 1–2-grams to the n-gram model's views; "class_weight": "balanced" weighs each
        # intent's examples by the inverse of its share (out_of_scope has 15 times the examples of a small intent)
        # "augment": homophone copies per training example (bot.nlu.char_pinyin.homophone_copies);
        # "card_in_scope": a message naming the credit card is never out_of_scope (bot.nlu.char_pinyin.card_in_scope)
        # "scope_detector" (nlu7): a second, two-class n-gram model (out_of_scope against every other intent, balanced
        # weights) whose probability of "about the card at all" goes to CardTopicFallbackClassifier (IN_DOMAIN_KEY)
        return {"diet_weight": 0.5, "C": 10.0, "ranking_length": 10, "features": 3, "words": False,
                "class_weight": None, "augment": 0, "card_in_scope": False, "scope_detector": False}
        # "card_in_scope" also puts out_of_scope first when another debt product is named and no card
        # (bot.nlu.char_pinyin.other_debt_out_of_scope)

    @staticmethod
    def supported_languages() -> list[str]:
        return ["zh"]

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "pypinyin", "joblib"]

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: Any = None, scope: Any = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._scope = scope

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> IntentEnsemble:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        import joblib

        from bot.nlu.char_pinyin import CharPinyinModel

        pairs = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples
                 if m.get(TEXT) and m.get(INTENT)]
        if len({intent for _, intent in pairs}) < 2:
            logger.warning("IntentEnsemble: fewer than two intents to train on; DIET's ranking is kept as is")
            return self._resource
        self._model = CharPinyinModel(
            c=float(self._config["C"]), use_words=bool(self._config["words"]),
            class_weight=self._config["class_weight"] or None, augment=int(self._config["augment"]),
        ).fit([t for t, _ in pairs], [i for _, i in pairs])
        if self._config["scope_detector"]:
            self._scope = scope_detector([t for t, _ in pairs], [i for _, i in pairs])
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / "char_pinyin.joblib")
            if self._scope is not None:
                joblib.dump(self._scope, directory / "scope.joblib")
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> IntentEnsemble:
        import joblib

        model = scope = None
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / "char_pinyin.joblib")
                if (directory / "scope.joblib").is_file():
                    scope = joblib.load(directory / "scope.joblib")
        except (ValueError, FileNotFoundError):
            logger.warning("IntentEnsemble: no trained n-gram model in this Rasa model; DIET alone decides")
        return cls(config, model_storage, resource, model, scope)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        from bot.nlu.char_pinyin import card_in_scope, other_debt_out_of_scope

        if self._model is None:
            return messages
        texts = [m.get(TEXT) for m in messages]
        wanted = [i for i, t in enumerate(texts) if isinstance(t, str) and t.strip()]
        if not wanted:
            return messages
        probabilities = self._model.predict_proba([texts[i] for i in wanted])
        if self._scope is not None:
            for index, p in zip(wanted, self._scope.predict_proba([texts[i] for i in wanted]), strict=False):
                messages[index].set(IN_DOMAIN_KEY, float(p.get(IN_DOMAIN, 0.0)))
        weight = float(self._config["diet_weight"])
        length = int(self._config["ranking_length"]) or None
        for index, ngram in zip(wanted, probabilities, strict=False):
            message = messages[index]
            diet = {r.get(INTENT_NAME_KEY): float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
                    for r in message.get(INTENT_RANKING_KEY) or []}
            if not diet:  # a button payload (/intent) or a message DIET did not rank: leave it
                continue
            mixed = {name: weight * diet.get(name, 0.0) + (1 - weight) * ngram.get(name, 0.0)
                     for name in set(diet) | set(ngram)}
            if self._config["card_in_scope"]:
                mixed = other_debt_out_of_scope(texts[index], card_in_scope(texts[index], mixed))
            if _FILLER_ONLY.match(texts[index].strip()) and re.search(r"[^\s.。,，!！?？~～…、]", texts[index]):
                mixed = {name: 0.1 * score for name, score in mixed.items()}
            ranking = sorted(mixed.items(), key=lambda item: (-item[1], item[0]))[:length]
            message.set(INTENT, {INTENT_NAME_KEY: ranking[0][0], PREDICTED_CONFIDENCE_KEY: ranking[0][1]},
                        add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in ranking],
                        add_to_output=True)
        return messages
