"""care11: crisis signals in context (persona trial s7 L3; issue 19 item 6, issue 23 item 11) — what the person's words say
after a signal: the answer to the safety check-in 「你现在安全吗」, 「你别老给我电话号码了」, a call to the bank as a step of
the plan (「我明天先给招行打电话试试」), a call to the crisis line said (「我会打那个电话」)."""
from __future__ import annotations

import pytest

from bot.nlu.distress import (
    UNSAFE_SIGNAL,
    asks_no_numbers,
    bank_call,
    check_in_reply,
    says_will_call_line,
    unsafe_now,
)

L3_13 = "我没事 真的 前面那个就是说说而已 你别老给我电话号码了 我就想知道我一直还一点电话都接 能不能说明我不是故意不还"
L3_15 = "行 谢谢你 我明天先给招行打电话试试"


@pytest.mark.parametrize("text", ["安全", "安全的", "我很安全", "嗯 安全的", "放心吧 安全", "还好", "还行吧", "挺好的",
                                  "我没事", "嗯", "嗯嗯", "是的", "对", "恩 还好", "我没事 真的", "好多了"])
def test_a_safe_reply_to_the_check_in(text):
    assert check_in_reply(text) == "safe", text


@pytest.mark.parametrize("text", ["不安全", "不太安全", "我现在不安全", "不是很安全", "有点不安全", "不是", "我不知道",
                                  "我也不知道", "说不好", "不好", "不太好"])
def test_an_unsafe_reply_to_the_check_in(text):
    assert check_in_reply(text) == "unsafe", text


@pytest.mark.parametrize("text", [
    "那我问问实际的 我欠了三张卡 加起来八万多 一个月工资才四千五 这还能还得上吗",  # L3 #3: no answer (silence)
    "还好吧 就是有点累", "没有", "说说而已", L3_13, "不想活了", "安全吗", "这个中介安全吗",
])
def test_anything_else_is_no_reply_to_the_check_in(text):
    assert check_in_reply(text) is None, text


@pytest.mark.parametrize("text, unsafe", [
    ("不安全", True), ("我现在不安全", True), ("我现在不太安全 好怕", True), ("嗯 不太安全", True),
    ("安全", False), ("我没有安全感", False), ("这个中介安全吗", False), ("网上说这个app不安全", False), ("不是", False),
])
def test_saying_one_is_not_safe_is_a_crisis_turn_whatever_came_before(text, unsafe):
    assert unsafe_now(text) is unsafe, text


@pytest.mark.parametrize("text, asks", [
    (L3_13, True), ("别再发号码了", True), ("号码就别发了", True), ("不用给我热线", True), ("别老给我电话", True),
    ("不用给我打电话", False), ("把号码再发我一遍", False), ("说说而已", False),
])
def test_asking_not_to_be_given_the_numbers(text, asks):
    assert asks_no_numbers(text) is asks, text


@pytest.mark.parametrize("text, who", [
    (L3_15, "招行"), ("我去跟银行谈谈", "银行"), ("明天打招行客服电话", "招行"), ("我打给中信试试", "中信"),
    ("那我打电话给银行该怎么说 招行催得最凶", None),  # L3 #14: a question for the script, not a step taken
    ("谢谢你 我会打那个电话", None), ("我会打12356的", None), ("给我妈打个电话", None),
    ("我给招行打电话了 他们说不行", None),  # news of a call made
])
def test_a_call_to_the_bank_is_read_as_a_step_of_the_plan(text, who):
    assert bank_call(text) == who, text


@pytest.mark.parametrize("text, will", [
    ("谢谢你 我会打那个电话 周六不去桥那了", True),  # persona trial D3
    ("谢谢 我打了那个电话 好多了", True),
    ("谢谢 我没事 就是刚才那一下子挺难受的 现在好点了", False),  # L3 #2: nobody said they would call
    (L3_15, False),  # L3 #15: a call to the bank
])
def test_a_call_to_the_line_is_acknowledged_only_when_said(text, will):
    assert says_will_call_line(text) is will, text


def _guarded(text: str, ranking: list[tuple[str, float]]):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import DistressGuard

    message = Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    DistressGuard().process([message])
    return message


@pytest.mark.parametrize("text", ["不安全", "不太安全", "我现在不安全"])
def test_the_guard_takes_not_safe_as_a_crisis_turn(text):
    # the classifier reads it as 「不是」 (deny 0.43 on the trained model)
    message = _guarded(text, [("deny", 0.43), ("affirm", 0.2)])
    assert message.get("intent")["name"] == "express_distress"
    assert message.get("distress_signal") == UNSAFE_SIGNAL


@pytest.mark.parametrize("text", ["安全", "还好", "我没有安全感"])
def test_the_guard_leaves_a_safe_reply_to_the_context(text):
    message = _guarded(text, [("nlu_fallback", 0.25), ("affirm", 0.2)])
    assert message.get("intent")["name"] == "nlu_fallback" and not message.get("distress_signal")
