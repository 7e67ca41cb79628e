"""whatif2 (issue 19 「answer what was asked」): the persona trials of 2026-12-07 (trials-s3, C3 C4 C5 D3 D4 D5)
whose what-ifs and second questions got a menu, a repeat or a question, over REST against a real `rasa run`
and a real action server. Every figure is the engine's."""
from __future__ import annotations

import uuid
from decimal import Decimal

from bot import whatif
from bot.whatif import CardFacts

D = Decimal


def sender() -> str:
    return f"e2e-whatif2-{uuid.uuid4().hex[:10]}"


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def test_income_what_if_recomputes_the_plan_and_stores_nothing(live_bot):
    """C4 #5–6: 「要是下个月工资降到5000呢」 got the list of example questions, 「如果收入只有5000」 the summary again."""
    s = sender()
    live_bot.texts(s, "我有三张卡 招行2万 平安1.5万 中信3万 都逾期了")
    live_bot.texts(s, "工资6500 每月开销4500左右 帮我做个还款计划")
    live_bot.texts(s, "两千吧")
    summary = live_bot.texts(s, "前段时间家里老人住院花了很多钱")
    assert "1,969.70" in summary, summary
    for question in ("要是下个月工资降到5000呢 还能按这个还吗", "如果收入只有5000 计划会变成怎样"):
        messages = live_bot.say(s, question)
        first = messages[0]["text"]
        assert "如果月收入5,000.00元（只是假设" in first, first
        assert "每月最多能还 500.00 元" in first and "30,000.00" in first and "还差 35,000.00 元" in first, first
        assert "可以这样问我" not in first and "生成申请书前请核对" not in first, first
    slots = live_bot.tracker(s)["slots"]
    assert slots["monthly_income"] == 6500.0, slots["monthly_income"]  # the hypothetical is not stored
    assert "减免利息和违约金" in live_bot.texts(s, "详细")


def test_three_more_months_says_what_they_bring(live_bot):
    """C3 #16: 「再拖三个月会怎么样」 (8万, 110 days) got only 「征信约为'4'」."""
    s = sender()
    live_bot.texts(s, "广发卡欠了8万 逾期110天了")
    messages = live_bot.say(s, "如果我就这样拖着不管 再拖三个月会怎么样")
    first = messages[0]["text"]
    r = whatif.delay_report([CardFacts("广发银行", D(80000), 110)], 90)
    assert "到逾期约200天" in first and "从“4”变成“7”" in first, first
    assert f"多付约 {yuan(r.later.extra_total)} 元" in first and "起诉" in first, first
    assert "最早约在逾期122天" in first, first
    details = live_bot.texts(s, "详细")
    assert "非法占有" in details and "不是保证" in details, details
    assert live_bot.tracker(s)["slots"]["overdue_days"] == 110.0  # today's days stay


def test_a_monthly_amount_is_enough_or_not(live_bot):
    """D3 #11–12: 「每月1000 分几年」 was priced as a debt of 1,000; 「13万 每月1000 60期 够不够」 got 账单分期."""
    s = sender()
    live_bot.texts(s, "我欠的是招行8万 建行5万 一共13万 我一个月工资4500 房租1500")
    for question in ("每月1000的话 招行建行能给我分几年 一共要多久还完", "我是说一共13万 每个月还1000 最多分60期 够不够"):
        first = live_bot.say(s, question)[0]["text"]
        assert "不够" in first and "130期" in first and "2,166.67" in first and "1,166.67" in first, first
        assert "欠款1,000.00元" not in first and "账单分期（每期" not in first, first


def test_stop_loss_and_the_penalty_avoided_on_the_unpaid_minimum(live_bot):
    """C5 #3, #5: the stop-loss without interest; 「违约金约少496.10」 beside a minimum of 3,000."""
    s = sender()
    live_bot.texts(s, "我在厂里上班 工行信用卡欠了3万 已经逾期60天了")
    live_bot.texts(s, "最低还款3000")
    reply = live_bot.texts(s, "我现在要还多少才能不让它越来越严重")
    interest = whatif.projection(CardFacts("工商银行", D(30000), 60)).total_interest
    assert f"现在至少要还约 {yuan(D(3000) + D(150) + interest)} 元" in reply, reply
    reply = live_bot.texts(s, "要是这个月还5000 是不是就不算逾期了")
    assert "违约金约少 150.00 元" in reply and "496.10" not in reply, reply
    assert "每月能还" not in reply, reply


def test_minimum_only_verdict_first_and_one_projection(live_bot):
    """D4 #12–13: 「只还最低的话征信会显示逾期吗」 got figures then 「逾期会记入征信」; two projections disagreed."""
    s = sender()
    live_bot.texts(s, "交通银行信用卡欠1.2万 逾期20天了")
    messages = live_bot.say(s, "只还最低的话征信会显示逾期吗")
    first = messages[0]["text"]
    assert first.splitlines()[1].startswith("按时还上最低还款额，通常不算逾期") and "N" in first, first
    assert not any((m.get("text") or "").startswith("征信：逾期会在") for m in messages), messages
    r = whatif.minimum_only(CardFacts("交通银行", D(12000), 20))
    assert f"利息共约 {yuan(r.total_interest)} 元" in first, first
    other = live_bot.texts(s, "最低还款按时还了 征信上显示正常还是逾期")
    assert f"共付利息约{yuan(r.total_interest)}元" in other and "（N）" in other, other


def test_two_questions_in_one_message_and_days_as_a_lower_bound(live_bot):
    """C3 #10: 「先还一万有用吗 还有利息现在多少了」 after 「逾期一百多天」 got a question for the days."""
    s = sender()
    live_bot.texts(s, "我开小店的 广发卡欠了8万 逾期一百多天了")
    reply = live_bot.texts(s, "我现在手里能凑一万 先还一万有用吗 还有利息现在多少了")
    card = CardFacts("广发银行", D(80000), 100)
    assert "逾期多少天" not in reply, reply
    assert "先还 10,000.00 元" in reply, reply
    assert f"利息约 {yuan(whatif.projection(card).total_interest)} 元" in reply, reply


def test_what_is_owed_after_three_years(live_bot):
    """D5 #1: 「逾期3年 本金8000 现在大概欠多少」 got the facts echoed and a menu."""
    s = sender()
    reply = live_bot.texts(s, "我信用卡逾期3年了 本金8000块 现在大概欠多少钱了")
    p = whatif.projection(CardFacts(None, D(8000), 1095))
    assert f"合计应还约 {yuan(p.total_owed)} 元" in reply, reply
    assert "24%" in reply and "调减" in reply, reply
    assert "您想了解什么" not in reply, reply


def test_i_dont_know_but_a_bank_named_is_one_bank(live_bot):
    """D5 #4: 「不知道 好像是广發」 got 「没认出是哪家银行」 and 「按广发银行的规则」 in one reply."""
    s = sender()
    live_bot.texts(s, "我信用卡逾期了 利息怎么算")
    reply = live_bot.texts(s, "不知道 好像是广發 記不清了")
    assert "没认出是哪家银行" not in reply, reply
    assert live_bot.tracker(s)["slots"]["bank"] == "广发银行"
