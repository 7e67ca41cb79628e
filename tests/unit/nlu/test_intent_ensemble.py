"""The character + pinyin n-gram model (bot/nlu/char_pinyin.py) and its mix with DIET (IntentEnsemble)."""
from __future__ import annotations

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.char_pinyin import CharPinyinModel, pinyin_tokens
from bot.nlu.components import IntentEnsemble

TRAIN = [
    ("逾期了会上征信吗", "ask_credit_report"), ("征信多久能恢复", "ask_credit_report"),
    ("征信记录保留几年", "ask_credit_report"), ("逾期记录什么时候消除", "ask_credit_report"),
    ("利息怎么算", "ask_interest"), ("逾期利息是多少", "ask_interest"),
    ("欠一万利息多少", "ask_interest"), ("利息是不是利滚利", "ask_interest"),
    ("违约金能减免吗", "ask_penalty_fee"), ("违约金怎么收", "ask_penalty_fee"),
    ("违约金太高了", "ask_penalty_fee"), ("违约金合法吗", "ask_penalty_fee"),
]


def test_pinyin_tokens_are_toneless_syllables_with_numbers_and_latin_kept() -> None:
    assert pinyin_tokens("征信花了3个月,APR") == ["zheng", "xin", "hua", "le", "3", "ge", "yue", "apr"]
    # a pinyin-IME homophone reads exactly like the word it replaced
    assert pinyin_tokens("征心") == pinyin_tokens("征信")


def test_homophone_typos_keep_their_intent() -> None:
    model = CharPinyinModel().fit([t for t, _ in TRAIN], [i for _, i in TRAIN])
    assert model.predict(["争信多久能好", "违约斤能减吗", "利习怎么算"]) == [
        "ask_credit_report", "ask_penalty_fee", "ask_interest"]
    probabilities = model.predict_proba(["征心"])[0]
    assert set(probabilities) == {"ask_credit_report", "ask_interest", "ask_penalty_fee"}
    assert sum(probabilities.values()) == pytest.approx(1.0)


def test_registered_as_trainable_intent_classifier() -> None:
    registered = DefaultV1Recipe._from_registry(IntentEnsemble.__name__)
    assert registered.clazz is IntentEnsemble
    assert registered.types == {DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER}
    assert registered.is_trainable is True


@pytest.fixture
def trained(tmp_path) -> tuple[IntentEnsemble, LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_ensemble")
    component = IntentEnsemble.create(IntentEnsemble.get_default_config(), storage, resource, None)
    examples = [Message.build(text=t, intent=i) for t, i in TRAIN]
    component.train(TrainingData(training_examples=examples))
    return component, storage, resource


def _with_diet(text: str, ranking: list[tuple[str, float]]) -> Message:
    message = Message.build(text=text)
    message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


def test_the_mix_is_half_diet_half_ngrams_and_survives_persistence(trained) -> None:
    component, storage, resource = trained
    loaded = IntentEnsemble.load(IntentEnsemble.get_default_config(), storage, resource, None)
    # DIET unsure and wrong on a typo; the n-gram model reads 争信 as 征信
    message = _with_diet("争信多久能好", [("ask_interest", 0.4), ("ask_credit_report", 0.35), ("ask_penalty_fee", 0.25)])
    ngram = loaded._model.predict_proba(["争信多久能好"])[0]
    loaded.process([message])
    intent = message.get(INTENT)
    assert intent["name"] == "ask_credit_report"
    assert intent["confidence"] == pytest.approx(0.5 * 0.35 + 0.5 * ngram["ask_credit_report"])
    ranking = message.get(INTENT_RANKING_KEY)
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_a_message_diet_did_not_rank_is_left_alone(trained) -> None:
    component, _, _ = trained
    message = Message.build(text="/ask_interest")
    component.process([message])
    assert message.get(INTENT) is None
    empty = Message(data={TEXT: ""})
    component.process([empty])
    assert empty.get(INTENT) is None


def test_the_word_view_reads_a_card_term_as_one_feature() -> None:
    from bot.nlu.char_pinyin import _word_analyzer

    grams = _word_analyzer("信用卡逾期，上征信吗？")
    assert "_信用卡" in grams and "_逾期" in grams
    assert not [g for g in grams if "，" in g or "？" in g]  # punctuation is no word
    assert "_信用卡 逾期" in grams  # word bigrams too


def test_words_and_class_weights_change_the_model_not_its_interface() -> None:
    texts, intents = [t for t, _ in TRAIN], [i for _, i in TRAIN]
    # one intent with many more examples: balanced weights lower its prior
    texts += [f"违约金第{n}次问" for n in range(12)]
    intents += ["ask_penalty_fee"] * 12
    plain = CharPinyinModel().fit(texts, intents)
    weighted = CharPinyinModel(use_words=True, class_weight="balanced").fit(texts, intents)
    assert len(weighted._vectorizers) == len(plain._vectorizers) + 1
    assert weighted.predict(["争信多久能好", "利习怎么算"]) == ["ask_credit_report", "ask_interest"]
    neutral = "你好"
    assert weighted.predict_proba([neutral])[0]["ask_penalty_fee"] < plain.predict_proba([neutral])[0]["ask_penalty_fee"]


def test_the_ensemble_config_passes_the_feature_options_on(tmp_path) -> None:
    storage = LocalModelStorage(tmp_path)
    config = {**IntentEnsemble.get_default_config(), "words": True, "class_weight": "balanced"}
    component = IntentEnsemble.create(config, storage, Resource("ens"), None)
    component.train(TrainingData(training_examples=[Message.build(text=t, intent=i) for t, i in TRAIN]))
    assert component._model.use_words is True and component._model.class_weight == "balanced"
    loaded = IntentEnsemble.load(config, storage, Resource("ens"), None)
    assert loaded._model.predict(["违约斤能减吗"]) == ["ask_penalty_fee"]


def test_homophone_copies_change_one_character_to_a_same_pinyin_one_and_are_seeded() -> None:
    from bot.nlu.char_pinyin import _same_pinyin, homophone_copies

    text = "信用卡逾期会坐牢吗"
    copies = homophone_copies(text, 3)
    assert copies == homophone_copies(text, 3)  # the same copies at every training
    assert len(copies) == 3
    for copy in copies:
        changed = [i for i, (a, b) in enumerate(zip(text, copy, strict=True)) if a != b]
        assert len(changed) == 1
        assert copy[changed[0]] in _same_pinyin()[text[changed[0]]]  # pycorrector's same-pinyin table
    assert homophone_copies("ABC 123", 2) == []  # nothing to replace


def test_augmented_training_learns_the_copies_too() -> None:
    texts, intents = [t for t, _ in TRAIN], [i for _, i in TRAIN]
    plain = CharPinyinModel().fit(texts, intents)
    augmented = CharPinyinModel(augment=2).fit(texts, intents)
    assert len(augmented._vectorizers[0].vocabulary_) > len(plain._vectorizers[0].vocabulary_)


def test_a_message_naming_the_card_is_never_out_of_scope() -> None:
    from bot.nlu.char_pinyin import card_in_scope

    scores = {"out_of_scope": 0.6, "ask_credit_report": 0.3, "ask_interest": 0.1}
    moved = card_in_scope("信用卡逾期还能办房贷吗", scores)
    assert max(moved, key=moved.get) == "ask_credit_report" and moved["out_of_scope"] == 0.0
    assert card_in_scope("房贷利率能降吗", scores) == scores  # no card named
    led = {"out_of_scope": 0.2, "ask_credit_report": 0.7}
    assert card_in_scope("信用卡逾期还能办房贷吗", led) == led  # a card intent leads already


def test_another_debt_named_without_a_card_is_out_of_scope() -> None:
    from bot.nlu.char_pinyin import other_debt_out_of_scope

    scores = {"out_of_scope": 0.2, "ask_consequences": 0.7, "ask_interest": 0.1}
    for text in ("欠花呗不还会被封银行卡吗", "网络小贷不还会怎么样", "支付宝账单逾期了能坐飞机吗", "房贷断供一个月影响征信吗"):
        moved = other_debt_out_of_scope(text, scores)
        assert max(moved, key=moved.get) == "out_of_scope", text
    for text in ("网贷先还清了 信用卡一直逾期会咋样", "上了征信还能办房贷吗", "逾期了还能用微信支付宝吗"):
        assert other_debt_out_of_scope(text, scores) == scores, text


def test_interjections_alone_leave_every_intent_unsure(trained) -> None:
    component, _, _ = trained
    config = {**IntentEnsemble.get_default_config(), "card_in_scope": True}
    ensemble = IntentEnsemble(config, None, None, component._model)
    ranking = [("ask_interest", 0.9), ("ask_credit_report", 0.05), ("ask_penalty_fee", 0.05)]
    filler, answer = _with_diet("呃呃", ranking), _with_diet("嗯嗯", ranking)
    ensemble.process([filler, answer])
    assert filler.get(INTENT)["confidence"] < 0.2  # below FallbackClassifier's threshold: the bot asks
    assert answer.get(INTENT)["confidence"] > 0.2  # 「嗯嗯」 is a yes, left to the classifier


def test_scope_detector_is_trained_stored_and_read_by_the_card_threshold(tmp_path) -> None:
    """nlu7 (issue 19 item 4): with "scope_detector" the ensemble also learns out_of_scope against every other intent
    and leaves its probability of "about the card" on the message, which CardTopicFallbackClassifier's lower
    card_threshold reads; other-domain chatter keeps the plain threshold."""
    from bot.nlu.components import IN_DOMAIN_KEY, CardTopicFallbackClassifier

    chatter = [("明天会下雨吗", "out_of_scope"), ("附近有什么好吃的餐馆", "out_of_scope"), ("帮我订一张去上海的火车票", "out_of_scope"),
               ("推荐一部好看的电影", "out_of_scope"), ("今天天气怎么样", "out_of_scope"), ("故宫门票多少钱", "out_of_scope")]
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent_ensemble")
    config = {**IntentEnsemble.get_default_config(), "scope_detector": True}
    component = IntentEnsemble.create(config, storage, resource, None)
    component.train(TrainingData(training_examples=[Message.build(text=t, intent=i) for t, i in TRAIN + chatter]))
    loaded = IntentEnsemble.load(config, storage, resource, None)
    ranking = [("ask_credit_report", 0.2), ("ask_interest", 0.1), ("out_of_scope", 0.1)]
    card, weather = _with_diet("逾期记录多久消除", ranking), _with_diet("后天会下雨吗", ranking)
    loaded.process([card, weather])
    assert card.get(IN_DOMAIN_KEY) > 0.5 > weather.get(IN_DOMAIN_KEY)
    # without the option nothing is set (the fallback then reads whether the card is named)
    plain = IntentEnsemble(IntentEnsemble.get_default_config(), None, None, loaded._model)
    untouched = _with_diet("逾期记录多久消除", ranking)
    plain.process([untouched])
    assert untouched.get(IN_DOMAIN_KEY) is None
    # the fallback: an unsure card topic (0.2 on both) is answered on the card message only
    fallback = CardTopicFallbackClassifier({"threshold": 0.25, "ambiguity_threshold": 0.0, "card_threshold": 0.15,
                                            "card_gate": 0.5})
    for message in (card, weather):
        message.set(INTENT, {"name": "ask_credit_report", "confidence": 0.2})
        message.set(INTENT_RANKING_KEY, [{"name": "ask_credit_report", "confidence": 0.2},
                                         {"name": "ask_interest", "confidence": 0.1}])
    fallback.process([card, weather])
    assert card.get(INTENT)["name"] == "ask_credit_report"
    assert weather.get(INTENT)["name"] == "nlu_fallback"
