"""care10 over REST against a real `rasa run` and action server: the widget trial UI s7 (2026-12-07) finding 8 in its own
words — 「压力好大天天睡不着」 (A10) and 「丢人死了」 (B6) got 「请马上拨打…110或120」 and a ticket queued as 情绪危机 — and
persona trial I2 #10 (the 110 call acknowledged before the complaint)."""
from __future__ import annotations

import uuid

import pytest

from actions import texts as x


def sender() -> str:
    return f"e2e-care10-{uuid.uuid4().hex[:12]}"


def no_crisis(reply: str) -> None:
    assert "110或120" not in reply and "12356" not in reply and "请马上拨打" not in reply and "很担心您" not in reply, reply


def lines(reply: str) -> None:
    assert "12356" in reply and "400-161-9995" in reply and "110" in reply and "120" in reply, reply


def ticket_priority(live_bot, s: str) -> int:
    from bot.store.repository import open_store

    handoffs = open_store(f"sqlite:///{live_bot.var_dir}/cases.db").handoffs
    record = handoffs.open_for(f"rest:{s}") or handoffs.open_for(s)
    assert record is not None, s
    return record.priority


def flagged(live_bot, s: str) -> bool:
    return bool(live_bot.tracker(s)["slots"].get("distress_expressed"))


def test_trial_ui_s7_a_stress_inside_the_plan_form_is_the_reason(live_bot):
    from bot.store.models import PRIORITY_NORMAL

    s = sender()
    live_bot.texts(s, "招行的卡 欠了两万三 逾期快俩月了 利息咋算的")
    live_bot.texts(s, "不对不对 是两万八 我记错了")
    live_bot.texts(s, "我工资4500 房租1200 吃饭啥的1500 每个月最多能拿1500还")
    assert "原因" in live_bot.texts(s, "帮我弄个还款计划 写给银行那个")
    # A10: one kind line, then the form goes on with her reason — no crisis text, no paused letter
    messages = live_bot.say(s, "厂里效益不好工资降了 还要养娃 压力好大天天睡不着")
    assert messages[0]["text"] == x.STRAIN_ACK["stress"], messages
    reply = "\n".join(m.get("text", "") for m in messages)
    no_crisis(reply)
    assert "110" not in reply and "120" not in reply, reply
    assert "困难原因：厂里效益不好工资降了" in reply and "先放一放" not in reply, reply
    assert not flagged(live_bot, s)
    assert "1,473.68" in live_bot.texts(s, "确认")
    # the ticket is an ordinary one: no crisis lines on the handoff, not 情绪危机
    reply = live_bot.texts(s, "能转人工吗 想找个真人问问 这个申请书银行真的会认吗")
    assert "伤害自己" not in reply and "12356" not in reply, reply
    assert ticket_priority(live_bot, s) == PRIORITY_NORMAL


def test_trial_ui_s7_b_a_shame_idiom_gets_a_kind_line_and_the_way_on(live_bot):
    from bot.store.models import PRIORITY_NORMAL

    s = sender()
    live_bot.texts(s, "建行欠1万5 还有个广法的8千 都逾期三个月了")
    live_bot.texts(s, "我要是下个月先还5000 能少多少利息")
    messages = live_bot.say(s, "唉 丢人死了 老婆天天跟我吵")
    assert [m.get("text") for m in messages] == [x.STRAIN_ACK["shame"], x.STRAIN_GO_ON], messages
    reply = live_bot.texts(s, "算了 我要找真人 机器人说不清楚")
    assert "伤害自己" not in reply and "12356" not in reply, reply
    assert ticket_priority(live_bot, s) == PRIORITY_NORMAL and not flagged(live_bot, s)


@pytest.mark.parametrize("text, expect", [
    ("烦死了 天天打电话", None), ("急死了 逾期两个月利息怎么算", "银行"), ("吓死了 催收说要起诉我", "起诉"),
    ("愁死了", None), ("最近压力很大 老失眠", None),
])
def test_near_misses_get_no_crisis_text(live_bot, text, expect):
    reply = live_bot.texts(sender(), text)
    no_crisis(reply)
    assert expect is None or expect in reply, reply


@pytest.mark.parametrize("text", ["不想活了", "活不下去了", "一了百了", "我想死", "死了算了", "想跳楼",
                                  "压力好大 真不想活了", "丢人死了 死了算了"])
def test_real_signals_keep_the_crisis_text(live_bot, text):
    lines(live_bot.texts(sender(), text))


def test_a_mild_remark_taken_back_lowers_the_ticket_a_real_signal_does_not(live_bot):
    from bot.store.models import PRIORITY_DISTRESS, PRIORITY_NORMAL

    s = sender()
    lines(live_bot.texts(s, "我快疯了"))  # the classifier's crisis answer, no phrase of DOMAIN §7
    assert flagged(live_bot, s)
    live_bot.texts(s, "转人工")
    assert ticket_priority(live_bot, s) == PRIORITY_DISTRESS
    live_bot.texts(s, "没那么严重 就是烦")  # UI s7 A11
    assert not flagged(live_bot, s)
    reply = live_bot.texts(s, "转人工")
    assert "伤害自己" not in reply, reply
    assert ticket_priority(live_bot, s) == PRIORITY_NORMAL
    # a real signal: 「我没事」 keeps it first in the queue, the lines on the handoff
    r = sender()
    lines(live_bot.texts(r, "我真的不想活了"))
    live_bot.texts(r, "我没事 没那么严重")
    assert flagged(live_bot, r)
    lines(live_bot.texts(r, "转人工"))
    assert ticket_priority(live_bot, r) == PRIORITY_DISTRESS


def test_trial_i2_10_the_call_to_110_is_acknowledged_before_the_complaint(live_bot):
    s = sender()
    live_bot.texts(s, "请问一下 我女儿信用卡逾期了 催收天天打我电话 这个合法吗")
    live_bot.texts(s, "她上个月给我打电话说不想活了 说什么一了百了 我很担心她")
    messages = live_bot.say(s, "我刚给杭州110打了 他们说去看看 那催收一直打我电话 说我是紧急联系人要我还 帮我写个投诉")
    assert messages[0]["text"] == x.CRISIS_OTHER_CALLED_SHORT.format(ta="她"), messages
    reply = "\n".join(m.get("text", "") for m in messages[1:])
    assert "投诉书" in reply and "阳台" not in reply, reply
