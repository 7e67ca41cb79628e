"""CardTopicFallbackClassifier (bot/nlu/components.py, issue 19 nlu4): two card topics close together on a message that
names the credit card get the top answer; everything else falls back exactly as Rasa's FallbackClassifier."""
from __future__ import annotations

from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import CARD_TOPICS, CardTopicFallbackClassifier, card_pair_is_clear

CONFIG = {"threshold": 0.2, "ambiguity_threshold": 0.08}


def message(text: str, ranking: list[tuple[str, float]]) -> Message:
    return Message(data={TEXT: text, INTENT: {"name": ranking[0][0], "confidence": ranking[0][1]},
                         INTENT_RANKING_KEY: [{"name": n, "confidence": c} for n, c in ranking]})


def intent_after(component: FallbackClassifier, text: str, ranking: list[tuple[str, float]]) -> str:
    return component.process([message(text, ranking)])[0].get(INTENT)["name"]


CLOSE = [("ask_collection_harassment", 0.41), ("ask_consequences", 0.37), ("ask_lawsuit", 0.1)]


def test_two_close_card_topics_on_a_card_message_get_the_top_answer() -> None:
    text = "信用卡逾期后,银行会派人上门催收吗?"
    assert intent_after(FallbackClassifier(CONFIG), text, CLOSE) == "nlu_fallback"  # Rasa's own: asks
    assert intent_after(CardTopicFallbackClassifier(CONFIG), text, CLOSE) == "ask_collection_harassment"


def test_without_the_card_named_a_close_pair_still_asks() -> None:
    assert intent_after(CardTopicFallbackClassifier(CONFIG), "逾期后银行会派人上门吗", CLOSE) == "nlu_fallback"
    # a debit card (银行卡) is not the credit card
    assert intent_after(CardTopicFallbackClassifier(CONFIG), "银行卡会被冻结吗", CLOSE) == "nlu_fallback"


def test_below_the_threshold_it_always_asks() -> None:
    low = [("ask_lawsuit", 0.18), ("ask_consequences", 0.15)]
    assert intent_after(CardTopicFallbackClassifier(CONFIG), "信用卡被起诉了怎么办", low) == "nlu_fallback"


def test_a_pair_with_distress_or_out_of_scope_or_a_dialogue_intent_still_asks() -> None:
    component = CardTopicFallbackClassifier(CONFIG)
    for second in ("express_distress", "out_of_scope", "affirm", "inform", "request_plan_draft"):
        ranking = [("ask_consequences", 0.4), (second, 0.36)]
        assert intent_after(component, "信用卡还不上了怎么办", ranking) == "nlu_fallback", second
    assert "express_distress" not in CARD_TOPICS and "out_of_scope" not in CARD_TOPICS


def test_a_clear_top_intent_is_untouched() -> None:
    clear = [("ask_interest", 0.7), ("ask_penalty_fee", 0.1)]
    assert intent_after(CardTopicFallbackClassifier(CONFIG), "利息怎么算", clear) == "ask_interest"


def test_card_pair_is_clear_reads_traditional_and_bank_card_names() -> None:
    assert card_pair_is_clear("信用卡逾期會被起訴嗎", "ask_lawsuit", "ask_consequences")
    assert card_pair_is_clear("招行的卡逾期了会怎样", "ask_consequences", "ask_lawsuit")
    assert not card_pair_is_clear("逾期了会怎样", "ask_consequences", "ask_lawsuit")
    assert card_pair_is_clear("逾期了会怎样", "ask_consequences", "ask_lawsuit", need_card_word=False)


# nlu7 (issue 19 item 4): a lower threshold among card topics for a message that is about the card at all


def test_card_threshold_answers_an_unsure_card_topic_on_a_card_message() -> None:
    from bot.nlu.components import IN_DOMAIN_KEY

    unsure = [("ask_lawsuit", 0.21), ("ask_criminal_risk", 0.1)]
    text = "律师函通知信用卡逾期怎么回事"
    plain = CardTopicFallbackClassifier({**CONFIG, "threshold": 0.25})
    lowered = CardTopicFallbackClassifier({**CONFIG, "threshold": 0.25, "card_threshold": 0.15})
    assert intent_after(plain, text, unsure) == "nlu_fallback"
    # without a scope detector: the card named is what makes it a card message
    assert intent_after(lowered, text, unsure) == "ask_lawsuit"
    assert intent_after(lowered, "律师函通知怎么回事", unsure) == "nlu_fallback"
    # with the scope detector's probability on the message, that decides, whatever the words
    about = message("律师函通知怎么回事", unsure)
    about.set(IN_DOMAIN_KEY, 0.9)
    assert lowered.process([about])[0].get(INTENT)["name"] == "ask_lawsuit"
    chatter = message("信用卡 你听到新闻了吗", unsure)
    chatter.set(IN_DOMAIN_KEY, 0.2)
    assert lowered.process([chatter])[0].get(INTENT)["name"] == "nlu_fallback"


def test_card_threshold_leaves_dialogue_intents_and_very_low_tops_asking() -> None:
    lowered = CardTopicFallbackClassifier({**CONFIG, "threshold": 0.25, "card_threshold": 0.15})
    text = "信用卡的事 两家都有"
    for top in ("inform", "affirm", "request_plan_draft", "express_distress", "out_of_scope"):
        assert intent_after(lowered, text, [(top, 0.2), ("ask_consequences", 0.1)]) == "nlu_fallback", top
    assert intent_after(lowered, "信用卡被起诉了怎么办", [("ask_lawsuit", 0.12), ("ask_consequences", 0.1)]) == "nlu_fallback"
