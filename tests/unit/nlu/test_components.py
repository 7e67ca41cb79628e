"""The Rasa NLU graph component over bot.nlu.extract."""
from __future__ import annotations

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import ChineseSlotExtractor


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
        ("debt_amount", 25000.0),
        ("overdue_days", 45.0),
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
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)[1:]] == [("monthly_income", 5000.0)]


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
        ("amount", 35000.0, "三万五")
    ]
