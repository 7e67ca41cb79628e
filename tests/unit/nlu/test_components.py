"""The Rasa NLU graph component over bot.nlu.extract."""
from __future__ import annotations

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import ChineseSlotExtractor, TextNormalizer


@pytest.fixture(scope="module")
def extractor() -> ChineseSlotExtractor:
    return ChineseSlotExtractor.create(ChineseSlotExtractor.get_default_config(), None, None, None)


def test_registered_as_untrainable_entity_extractor() -> None:
    registered = DefaultV1Recipe._from_registry(ChineseSlotExtractor.__name__)
    assert registered.clazz is ChineseSlotExtractor
    assert registered.types == {DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR}
    assert registered.is_trainable is False


def test_process_adds_normalised_entities_with_extractor(extractor: ChineseSlotExtractor) -> None:
    message = Message.build(text="招行欠了两万五 逾期45天了 会不会坐牢 利息多少")
    extractor.process([message])
    entities = message.get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("bank", "招商银行"),
        ("debt_amount", "25000"),
        ("overdue_days", "45"),
    ]
    assert {e["extractor"] for e in entities} == {"ChineseSlotExtractor"}
    assert entities[1]["start"] == 4 and entities[1]["end"] == 7 and entities[1]["text"] == "两万五"
    # entities are part of the parse output that Rasa stores in the tracker
    assert message.as_dict_nlu()[ENTITIES] == entities


def test_process_appends_to_entities_of_other_extractors(extractor: ChineseSlotExtractor) -> None:
    other = {"entity": "hardship", "value": "失业", "start": 0, "end": 2, "extractor": "RegexEntityExtractor"}
    message = Message.build(text="失业了，月薪5000没了")
    message.set(ENTITIES, [dict(other)])
    extractor.process([message])
    assert message.get(ENTITIES)[0] == other
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)[1:]] == [("monthly_income", "5000")]


def test_normalises_a_twin_from_another_extractor_instead_of_duplicating(extractor) -> None:
    lookup = {"entity": "bank", "value": "招行", "start": 0, "end": 2, "extractor": "RegexEntityExtractor"}
    message = Message.build(text="招行欠了3万")
    message.set(ENTITIES, [lookup])
    extractor.process([message])
    banks = [e for e in message.get(ENTITIES) if e["entity"] == "bank"]
    assert len(banks) == 1
    assert banks[0]["value"] == "招商银行"
    assert banks[0]["extractor"] == "RegexEntityExtractor"
    assert banks[0]["processors"] == ["ChineseSlotExtractor"]


def test_messages_without_text_are_left_alone(extractor: ChineseSlotExtractor) -> None:
    no_text = Message(data={"action_name": "action_listen"})
    empty = Message.build(text="")
    extractor.process([no_text, empty])
    assert no_text.get(ENTITIES) is None
    assert not empty.get(ENTITIES)


def test_message_with_nothing_to_extract_keeps_an_entities_list(extractor) -> None:
    message = Message.build(text="你好")
    extractor.process([message])
    assert message.get(ENTITIES) == []


def test_entities_option_limits_output() -> None:
    only_bank = ChineseSlotExtractor.create({"entities": ["bank"]}, None, None, None)
    message = Message.build(text="招行欠了两万五")
    only_bank.process([message])
    assert [e["entity"] for e in message.get(ENTITIES)] == ["bank"]
    with pytest.raises(ValueError, match="unknown entities"):
        ChineseSlotExtractor.create({"entities": ["bank_name"]}, None, None, None)


def test_process_training_data_is_a_passthrough(extractor: ChineseSlotExtractor) -> None:
    example = Message.build(text="招行欠了两万五", intent="inform")
    data = TrainingData([example])
    assert extractor.process_training_data(data) is data
    assert example.get(ENTITIES) is None
    assert data.training_examples[0].get(TEXT) == "招行欠了两万五"


def test_works_after_jieba_tokenizer(extractor: ChineseSlotExtractor) -> None:
    from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer

    tokenizer = JiebaTokenizer.create(JiebaTokenizer.get_default_config(), None, None, None)
    message = Message.build(text="三万五行吗")
    tokenizer.process([message])
    extractor.process([message])
    assert [(e["entity"], e["value"], e["text"]) for e in message.get(ENTITIES)] == [
        ("amount", "35000", "三万五")
    ]


# --- TextNormalizer ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def normalizer() -> TextNormalizer:
    return TextNormalizer.create(TextNormalizer.get_default_config(), None, None, None)


@pytest.mark.parametrize(("raw", "expected"), [
    ("會不會上徵信", "会不会上征信"),
    ("会不会上争信", "会不会上征信"),
    ("违约斤多少", "违约金多少"),
    ("欠了一萬五", "欠了一万五"),
    ("late fee多少", "违约金多少"),
])
def test_normalizer_rewrites_the_message_text(normalizer: TextNormalizer, raw: str, expected: str) -> None:
    message = Message.build(text=raw)
    normalizer.process([message])
    assert message.get(TEXT) == expected


def test_normalizer_runs_before_the_tokenizer_so_the_extractor_reads_the_fixed_words(normalizer, extractor):
    from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer

    tokenizer = JiebaTokenizer.create(JiebaTokenizer.get_default_config(), None, None, None)
    message = Message.build(text="欠了一萬五")
    normalizer.process([message])
    tokenizer.process([message])
    extractor.process([message])
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("debt_amount", "15000")]
    assert [t.text for t in message.get("text_tokens")][0] == "欠"


def test_normalizer_rewrites_training_examples_without_entities_only(normalizer) -> None:
    plain = Message.build(text="會不會上徵信", intent="ask_credit_report")
    annotated = Message.build(text="欠了一萬五", intent="inform")
    annotated.set(ENTITIES, [{"entity": "debt_amount", "value": "15000", "start": 2, "end": 5}])
    english = Message.build(text="late fee多少", intent="ask_penalty_fee")
    english.set(ENTITIES, [{"entity": "x", "value": "y", "start": 0, "end": 1}])
    normalizer.process_training_data(TrainingData([plain, annotated, english]))
    assert plain.get(TEXT) == "会不会上征信"
    assert annotated.get(TEXT) == "欠了一万五"  # same length: the entity offsets still hold
    assert english.get(TEXT) == "late fee多少"  # the text would move the annotation: left as written


def test_normalizer_leaves_messages_without_text_alone(normalizer) -> None:
    no_text = Message(data={"action_name": "action_listen"})
    normalizer.process([no_text])
    assert no_text.get(TEXT) is None


@pytest.mark.parametrize(("text", "classified", "entities", "expected"), [
    ("能不能找个真人帮我弄", "request_plan_draft", [], "request_human"),  # a person, never a plan or a 是
    ("别问我收入了", "stop", [], "skip_question"),  # one question stopped, not the form
    ("撤销", "nlu_fallback", [], "inform"),
    ("再多真没有了", "stop", [], "inform"),
    ("每月最多2000", "stop", [{"entity": "monthly_budget", "value": "2000"}], "inform"),  # a figure is an answer
    ("算了", "stop", [], "stop"),
    ("刚才的计划每月还多少？", "nlu_fallback", [], "request_plan_draft"),
    # persona trial: a person named only to say no to one is no handoff
    ("我不是说转人工", "request_human", [], "deny"),
    # a cancel of the person asked for (persona trial A3): action_request_human withdraws the ticket (the
    # reading's handoff_cancel) and files none; with a question beside it, the question is answered
    ("不用转人工 取消", "request_human", [], "request_human"),
    ("算了算了 不用人工了 我自己再问问", "nlu_fallback", [], "request_human"),
    ("取消人工", "request_human", [], "request_human"),
    ("人工那个排队帮我取消掉 谢谢", "ask_third_party_agency", [], "request_human"),
    ("能不能帮我取消转人工", "ask_negotiate_plan", [], "request_human"),
    ("我不要排队了 你帮我算算8万逾期130天利息多少", "ask_interest", [], "ask_interest"),
    ("转人工", "request_human", [], "request_human"),
    # a fact given as its new value is a statement, not a question about the topic its words name
    ("还款日改成30号", "ask_grace_period", [], "inform"),
    ("还款日改成30号吗", "ask_grace_period", [], "ask_grace_period"),
    # the classifier unsure, the words a what-if
    ("拖3个月呢", "nlu_fallback", [], "ask_what_if"),
    ("卡的事情怎么弄", "nlu_fallback", [], "nlu_fallback"),
    # help to claim a hardship that did not happen: answered with what is true (care4, persona trial P4)
    ("我跟银行打电话能不能说我失业了 其实我还在上班", "ask_negotiate_plan", [], "ask_negotiate_plan"),
    ("我就说我失业了行不行", "inform", [], "ask_negotiate_plan"),
    ("骗银行说失业行不行", "nlu_fallback", [], "ask_negotiate_plan"),
    ("能不能跟客服说我生病了", "request_human", [], "ask_negotiate_plan"),
    ("我失业了 还不上怎么办", "ask_negotiate_plan", [], "ask_negotiate_plan"),
    # a what-if said card by card is a what-if, never the consequences block (care4, persona trial A2)
    ("先还浦发8千 其他两张慢慢还 会怎样", "ask_consequences", [], "ask_what_if"),
    ("先还浦发8000 工行建行下个月再还 利息差多少", "ask_interest", [], "ask_what_if"),
    ("招行欠2万 建行欠3万 逾期40天", "inform", [], "inform"),
    # 「详细」 alone opens what the last answer held back
    ("详细", "nlu_fallback", [], "ask_details"),
    ("利息详细算一下", "ask_interest", [], "ask_interest"),
    # 「我刚说了」 alone is about a fact given; a question that mentions it stays a question
    ("我刚说了", "nlu_fallback", [], "inform"),
    ("你别老说上面说过 我问的是投诉电话是多少", "ask_complaint_channel", [], "ask_complaint_channel"),
    ("我2023年有一笔3000块的逾期，去年已经还清了，现在还显示吗", "nlu_fallback", [], "nlu_fallback"),
])
def test_request_guard_sets_the_intent_of_a_request(text, classified, entities, expected) -> None:
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY

    from bot.nlu.components import RequestGuard

    message = Message.build(text=text)
    message.set(INTENT, {"name": classified, "confidence": 0.6})
    message.set(INTENT_RANKING_KEY, [{"name": classified, "confidence": 0.6}])
    message.set(ENTITIES, entities)
    RequestGuard.create({}, None, None, None).process([message])
    assert message.get(INTENT)["name"] == expected
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == expected
