"""care8: indirect despair by rule (persona trial H3 of 2026-12-07: 「一点路都没有了」 inside the plan form, 「反正我也撑不了
多久了」 after two signals), giving up in context, 「那我该怎么办」, a reason without despair."""
from __future__ import annotations

import pytest

from bot.nlu.distress import asks_what_to_do, matches, resigned, signal_in, without_signals

# a way left, a life that will not last, a burden to the family: signals whatever the classifier says
INDIRECT = [
    "做生意赔了 老婆也要跟我离婚 孩子都不让见 我真的是一点路都没有了",  # H3 #9
    "无所谓了 随便吧 反正我也撑不了多久了",  # H3 #10
    "我也不知道该问什么 就是觉得撑不下去了 家里人要是没有我这个拖累可能还好过点",  # H3 #2 (the classifier caught it)
    "真的没有路了", "我已经走投无路了", "没路可走了", "无路可走", "看不到任何希望", "被逼上绝路了",
    "我活不了多久了", "我这个人估计也熬不了几天了", "反正也撑不了多久了",
    "活着没意思", "不想拖累家人了", "我就是个累赘", "没有我他们会过得更好",
]
# money or a plan B running out, a question about the options, resolve: no signal
NOT_A_SIGNAL = [
    "积蓄撑不了多久了", "公司撑不了多久了", "我的积蓄撑不了多久", "钱反正撑不了多久", "工资撑不了几天",
    "除了分期没有出路了吗", "没有出路了吗", "没路可走了吗", "我已经没有退路了 只能跟银行谈", "这条路走不通",
    "我撑不过这个月了 工资还没发", "没有别的路了吗 只能分期吗",
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


@pytest.mark.parametrize("text", ["无所谓了 随便吧", "随便吧", "怎样都行", "不想管了", "撑不下去了", "没意思"])
def test_giving_up_is_read(text):
    assert resigned(text)


@pytest.mark.parametrize("text", ["好的", "确认", "行 那就这样", "招行欠3万"])
def test_an_answer_is_not_giving_up(text):
    assert not resigned(text)


@pytest.mark.parametrize("text, asks", [
    ("那我该怎么办 房租吃饭扣完一个月最多剩800", True), ("现在咋整", True), ("我该从哪开始", True),
    ("不想活了 怎么办", False),  # a signal: the crisis answer, not a first step
    ("利息多少", False),
])
def test_what_to_do_is_read(text, asks):
    assert asks_what_to_do(text) is asks


@pytest.mark.parametrize("raw, kept", [
    (INDIRECT[0], "做生意赔了 老婆也要跟我离婚 孩子都不让见"),
    ("公司倒闭了，活着没意思，工资也没了", "公司倒闭了，工资也没了"),
    ("我真的是一点路都没有了", ""),
    ("家里人要是没有我 可能还好过点", ""),  # a signal across two clauses: nothing kept, the reason is asked
    ("失业了", "失业了"),
    ("父亲去世 处理后事花光了积蓄", "父亲去世 处理后事花光了积蓄"),  # farewell words are no despair in a reason
    ("上个月是最后一次发工资 公司倒闭了", "上个月是最后一次发工资 公司倒闭了"),
])
def test_a_reason_keeps_no_despair(raw, kept):
    assert without_signals(raw) == kept
    assert not signal_in(without_signals(raw))


@pytest.mark.parametrize("text, said", [("打了 没人接", True), ("我打了 一直没人接", True), ("打过了 打不通", True),
                                        ("打了个电话 好点了", False), ("我打了欠款电话", False)])
def test_a_bare_call_that_did_not_answer_is_a_line_unanswered(text, said):
    # persona trial J3 #10: after 「不想再撑了」 and the lines, 「打了 没人接」 names no line: it is the one just given
    from bot.nlu.distress import line_unanswered

    assert line_unanswered(text) is said
