"""bot.nlu.topics: every question topic of one message, figures first, each once."""
from __future__ import annotations

import pytest

from bot.nlu.topics import ANSWER_ORDER, TOPIC_OF_INTENT, topics_in


@pytest.mark.parametrize("text, topics", [
    ("利息和违约金一共多少 会不会上征信", ["interest", "penalty", "credit_report"]),
    ("利息要多少啊 还有那个违约金", ["interest", "penalty"]),
    ("会不会上征信 利息多少", ["interest", "credit_report"]),  # the figure first, whatever the word order
    ("会不会上争信", ["credit_report"]),  # a homophone typo
    ("會不會上徵信 違約金多少", ["penalty", "credit_report"]),  # traditional characters: the project's normaliser
    ("宽线期是几天", ["grace"]),  # a typo only the project's normaliser knows
    ("违约斤怎么算", ["penalty"]),
    ("会不会坐牢 银行会起诉我吗", ["criminal", "lawsuit"]),
    ("催收打电话给我家人 去哪投诉", ["collection", "complaint"]),
    ("怎么申请停息挂账 中介靠谱吗", ["negotiate", "agency"]),
    ("个性化分期怎么谈", ["negotiate"]),  # not 账单分期
    ("分12期手续费多少", ["installment"]),
    ("只还最低会怎样", ["min_payment", "consequences"]),
    ("晚还两天有宽限期吗", ["grace"]),
    ("ＡＰＲ是多少", ["interest"]),  # full-width English
    ("你好", []),
    ("", []),
])
def test_topics(text, topics):
    assert topics_in(text) == topics


def test_every_question_intent_has_a_topic_in_the_order():
    assert set(TOPIC_OF_INTENT.values()) == set(ANSWER_ORDER)


def test_each_topic_once():
    assert topics_in("征信 征信 上报征信") == ["credit_report"]


def test_the_intent_map_names_every_question_intent_of_the_domain():
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parents[3] / "domain.yml").read_text(encoding="utf-8"))
    questions = {i for i in domain["intents"] if i.startswith("ask_") and i not in ("ask_what_if", "ask_repeat", "ask_details")}
    assert set(TOPIC_OF_INTENT) == questions
