"""nlu8: a bare what-now question (「现在咋整」「那咋办」「怎么办啊」「接下来怎么弄」) names no topic, so whatever card topic
the classifier guesses, the reading sends it to the clarifying path (nlu_fallback), which after a signal gives the
first step (actions/distress.py ``answered_in_crisis``). With the scope detector on, 「现在咋整」 after the case was
ask_consequences 0.1505 and got the consequences (tests/e2e/test_care8_e2e.py)."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.topic_guard import TopicGuard
from bot.nlu.topics import bare_what_now, guarded_intent

BARE = ["现在咋整", "那咋办", "怎么办啊", "接下来怎么弄", "那我该怎么办", "那我现在该咋整啊？", "银行的事咋整", "这事怎么办"]


@pytest.mark.parametrize("text", BARE)
def test_a_bare_what_now_question_is_recognised(text):
    assert bare_what_now(text)


@pytest.mark.parametrize("text", ["起诉了怎么办", "利息怎么办", "招行怎么办", "花呗怎么办", "网贷的事怎么办",
                                  "那我该怎么办 每个月最多能还800", "我该怎么办 不想活了", "还不上怎么办",
                                  "家人怎么办", "现在", "好的", ""])
def test_a_question_with_anything_of_its_own_is_not_bare(text):
    assert not bare_what_now(text)


@pytest.mark.parametrize("text", BARE)
@pytest.mark.parametrize("intent", ["ask_consequences", "ask_lawsuit", "ask_credit_report", "out_of_scope", "inform"])
def test_whatever_the_classifier_guesses_a_bare_what_now_goes_to_the_clarifying_path(text, intent):
    assert guarded_intent(text, intent, 0.1505, [intent, "ask_negotiate_plan"]) == "nlu_fallback"


@pytest.mark.parametrize("intent", ["nlu_fallback", "ask_negotiate_plan", "express_distress", "vague_card_question"])
def test_the_clarifying_path_the_negotiation_and_a_distress_reading_are_kept(intent):
    assert guarded_intent("现在咋整", intent, 0.3) is None


def test_a_what_now_question_that_names_its_topic_keeps_its_topic():
    assert guarded_intent("起诉了怎么办", "ask_lawsuit", 0.2) is None


def test_the_guard_turns_the_classifiers_guess_into_the_clarifying_path():
    message = Message.build(text="现在咋整")
    guess = {INTENT_NAME_KEY: "ask_consequences", PREDICTED_CONFIDENCE_KEY: 0.1505}
    message.set(INTENT, guess)
    message.set(INTENT_RANKING_KEY, [guess, {INTENT_NAME_KEY: "ask_negotiate_plan", PREDICTED_CONFIDENCE_KEY: 0.14}])
    TopicGuard({}).process([message])
    assert message.get(INTENT)[INTENT_NAME_KEY] == "nlu_fallback"
    assert message.get("topic_guard") == "ask_consequences"
    assert [r[INTENT_NAME_KEY] for r in message.get(INTENT_RANKING_KEY)][1:] == ["ask_consequences",
                                                                                  "ask_negotiate_plan"]
