"""care8: indirect despair by rule (persona trial H3 of 2026-12-07: 「一点路都没有了」 inside the plan form), a reason
without despair."""
from __future__ import annotations

import pytest

from bot.nlu.distress import matches, signal_in, without_signals

# a way left, a life that will not last, a burden to the family: signals whatever the classifier says
INDIRECT = [
    "做生意赔了 老婆也要跟我离婚 孩子都不让见 我真的是一点路都没有了",  # H3 #9
    "真的没有路了", "我已经走投无路了", "没路可走了", "无路可走", "看不到任何希望", "被逼上绝路了",
    "活着没意思", "不想拖累家人了",
]
# money or a plan B running out, a question about the options, resolve: no signal
NOT_A_SIGNAL = [
    "除了分期没有出路了吗", "没有出路了吗", "没路可走了吗", "我已经没有退路了 只能跟银行谈", "这条路走不通",
    "没有别的路了吗 只能分期吗",
]


@pytest.mark.parametrize("text", INDIRECT)
def test_indirect_despair_is_a_signal(text):
    assert matches(text) is not None


@pytest.mark.parametrize("text", NOT_A_SIGNAL)
def test_money_running_out_and_a_question_about_options_are_no_signal(text):
    assert matches(text) is None


def test_the_distress_guard_overrides_the_plan_forms_reason():
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import DistressGuard

    message = Message(data={"text": INDIRECT[0], "intent": {"name": "inform", "confidence": 0.6},
                            "intent_ranking": [{"name": "inform", "confidence": 0.6}]})
    DistressGuard().process([message])
    assert message.get("intent")["name"] == "express_distress"
    assert message.get("distress_signal") == "一点路都没有了"


@pytest.mark.parametrize("raw, kept", [
    (INDIRECT[0], "做生意赔了 老婆也要跟我离婚 孩子都不让见"),
    ("公司倒闭了，活着没意思，工资也没了", "公司倒闭了，工资也没了"),
    ("我真的是一点路都没有了", ""),
    ("失业了", "失业了"),
])
def test_a_reason_keeps_no_despair(raw, kept):
    assert without_signals(raw) == kept
    assert not signal_in(without_signals(raw))
