"""Facts misread in the independent probes of 2026-12-07 (/work/probes: E02, X08, D11, D04, X06, E08) and the
leftovers of the persona trials s3, over REST against a real `rasa run` and action server (issue 19)."""
from __future__ import annotations

import uuid
from tests.e2e.talk import case, situation


def sender() -> str:
    return f"e2e-probes-r5-{uuid.uuid4().hex[:10]}"


def test_a_correction_of_the_expenses_never_touches_the_total(live_bot):
    """X08 / E02: 「不对支出是4500不是6500…」 made the total 4,500 (and the letter said 欠款约4,500元)."""
    s = sender()
    for line in ("招行欠四万 浦发欠两万五", "都逾期两个月了", "支出大概四千五"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "不对支出是4500不是6500 我打错了吗 反正是4500")
    c = case(live_bot, s)
    assert [(card["bank"], card["amount"]) for card in c["cards"]] == [("招商银行", "40000"), ("浦发银行", "25000")]
    assert c.get("declared_total") is None and c["situation"]["monthly_expenses"] == "4500", reply
    assert "合计65,000元" in reply and "4,500元，每月" not in reply and "已改" not in reply, reply


def test_paid_on_the_due_day_counts_in_what_is_left_to_pay(live_bot):
    """D11: 已还0.00 although 「我23号只还了300」 was said."""
    s = sender()
    reply = live_bot.texts(s, "3月5号账单日 账单应还8000 最低还款800 23号还款日 我23号只还了300 今天4月10号 "
                              "现在要还多少才能不算逾期")
    card = case(live_bot, s)["cards"][0]
    assert (card.get("paid"), card.get("min_payment"), card.get("overdue_days")) == ("300", "800", 18), reply
    assert "已还 300.00 元" in reply and "上期最低还差 500.00 元" in reply and "已还0.00" not in reply, reply


def test_time_off_work_in_the_reason_is_no_days_overdue(live_bot):
    """D04: 「休息了两个月没上班」 as the reason became 「已改：逾期天数 40天 → 60天」."""
    s = sender()
    for line in ("帮我写个停息挂账申请书", "农业银行 欠3万 逾期40天", "月收入5000 支出3000 每月能还1000"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "今年3月出了车祸 休息了两个月没上班")
    c = case(live_bot, s)
    assert c["cards"][0]["overdue_days"] == 40 and "已改" not in reply, reply
    assert "车祸" in (c["situation"].get("hardship_reason") or "") and "逾期40天" in reply, reply


def test_the_income_now_after_a_drop_is_stored_and_shown(live_bot):
    """X06 / E02 t4: 「工资原来九千多 现在降到六千五了」 stored no income and still said 「记下了」."""
    s = sender()
    live_bot.texts(s, "招行欠四万")
    reply = live_bot.texts(s, "工资原来九千多 现在降到六千五了")
    assert situation(live_bot, s).get("monthly_income") == "6500", reply
    assert "月收入6,500元" in reply and "9,000" not in reply, reply


def test_a_stop_with_an_answer_stores_the_answer_and_stops_the_question(live_bot):
    """E08 t3: 「别问我收入了 反正每个月只能还八百」 got 「好的。您还想了解什么？」 and the 800 was not said back."""
    s = sender()
    live_bot.texts(s, "光大 欠款2万8 逾期五十天")
    reply = live_bot.texts(s, "别问我收入了 反正每个月只能还八百")
    assert situation(live_bot, s).get("monthly_budget") == "800", reply
    assert "不再问" in reply and "每月能还800元" in reply, reply
    assert live_bot.tracker(s)["slots"]["stopped_questions"] == ["monthly_income"]
    reply = live_bot.texts(s, "写个申请书吧")
    assert "收入" not in reply, reply  # the form goes on without the income question


def test_a_stop_with_an_answer_inside_the_form_goes_on(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "光大 欠款2万8 逾期五十天")
    reply = live_bot.texts(s, "别问我收入了 反正每个月只能还八百")
    assert situation(live_bot, s).get("monthly_budget") == "800", reply
    assert "不再问" in reply and "每月收入" not in reply, reply


def test_a_drop_told_in_the_reason_keeps_the_stored_income(live_bot):
    """s3 leftover: 「收入降了一大半」 in the reason turned a stored 3,500 into 1,400."""
    s = sender()
    for line in ("帮我做个还款计划", "招行32000 建行16000 逾期40天", "现在一个月收入三千五", "房租1200 吃饭1000",
                 "每个月最多还800"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月")
    st = situation(live_bot, s)
    assert st.get("monthly_income") == "3500" and "1,400" not in reply and "月收入 3,500" not in reply, reply


def test_days_after_a_card_list_are_every_cards(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行32000 建行16000 逾期40天")
    assert [card.get("overdue_days") for card in case(live_bot, s)["cards"]] == [40, 40], reply
    assert "招商银行 32,000元 逾期40天" in reply, reply


def test_an_interest_question_after_a_vague_count_of_days_is_answered_at_the_bound(live_bot):
    s = sender()
    live_bot.texts(s, "广发卡欠了8万 逾期一百多天了")
    reply = live_bot.texts(s, "利息现在多少了")
    assert "逾期超过100天（按100天算）" in reply and "利息约" in reply, reply
    assert "具体逾期多少天" not in reply, reply
