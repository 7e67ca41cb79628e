"""Facts read from messages of the persona trials of 2026-12-07 (bench/records/2026-12-07/trials-s3, personas C and
D), over REST against a real `rasa run` and action server (issue 19): each conversation below stored a wrong fact
there."""
from __future__ import annotations

import uuid
from decimal import Decimal

from bot import finance
from tests.e2e.talk import case, situation


def sender() -> str:
    return f"e2e-trials-s3-{uuid.uuid4().hex[:10]}"


def amounts(bot, s: str) -> list[tuple[str, str]]:
    return [(c.get("bank"), c.get("amount")) for c in case(bot, s)["cards"]]


# C1: the courier with two cards, from the total to the letter

def test_courier_total_income_correction_days_and_the_interest_of_one_day(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行和建行两张卡 一共欠了大概5万")
    assert amounts(live_bot, s) == [("招商银行", None), ("建设银行", None)], reply
    assert case(live_bot, s)["declared_total"] == "50000" and "建设银行 50,000" not in reply, reply
    reply = live_bot.texts(s, "不对 招行是3万2 建行1万6")
    assert amounts(live_bot, s) == [("招商银行", "32000"), ("建设银行", "16000")], reply
    assert "合计欠款 50,000 → 48,000" in reply, reply
    live_bot.texts(s, "逾期40天 两张都是")
    live_bot.texts(s, "帮我做个还款计划吧")
    live_bot.texts(s, "房租1200 吃饭1000 还要给家里寄500")
    live_bot.texts(s, "现在跑单一个月也就三千五左右")
    assert situation(live_bot, s).get("monthly_income") == "3500", situation(live_bot, s)
    assert situation(live_bot, s).get("monthly_budget") != "3500", situation(live_bot, s)
    live_bot.texts(s, "每个月最多还800")
    reply = live_bot.texts(s, "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月")
    c = case(live_bot, s)
    assert [card.get("overdue_days") for card in c["cards"]] == [40, 40], reply  # no 15 days from the rest
    assert "摔了一次车" in (c["situation"].get("hardship_reason") or ""), reply
    assert "我记下的情况" in reply and "逾期15天" not in reply, reply
    reply = live_bot.texts(s, "那我这样每天要多出来多少利息啊")
    daily = Decimal(48000) * finance.get_schedule("招商银行").rate
    assert f"{daily:,.2f}" in reply and "违约金约" not in reply, reply  # 24.00 a day, not 40-day totals
    reply = live_bot.texts(s, "确认")
    assert "申请书" in reply and "您还想了解什么" not in reply, reply  # the summary waiting is still confirmed


def test_courier_corrections_of_budget_days_and_debt(live_bot):
    s = sender()
    live_bot.texts(s, "招行32000 建行16000 逾期15天 两张都是")
    live_bot.texts(s, "每月能还3500")
    reply = live_bot.texts(s, "不对 三千五是我收入 不是能还的 每个月最多还800")
    st = situation(live_bot, s)
    assert (st.get("monthly_income"), st.get("monthly_budget")) == ("3500", "800"), reply
    assert amounts(live_bot, s) == [("招商银行", "32000"), ("建设银行", "16000")], reply
    assert case(live_bot, s).get("declared_total") is None and "3,500元（您说的合计）" not in reply, reply
    reply = live_bot.texts(s, "还有我没说逾期15天啊 是逾期40多天了")
    assert [c.get("overdue_days") for c in case(live_bot, s)["cards"]] == [40, 40], reply


# C3: the shopkeeper's one-off 10,000

def test_a_sum_scraped_together_once_is_no_monthly_budget(live_bot):
    s = sender()
    live_bot.texts(s, "我开小店的 疫情后生意一直不好 广发卡欠了8万 逾期110天了")
    reply = live_bot.texts(s, "我现在手里能凑一万 先还一万有用吗")
    assert situation(live_bot, s).get("monthly_budget") is None, reply
    assert "每月能还10,000" not in reply and amounts(live_bot, s) == [("广发银行", "80000")], reply
    live_bot.texts(s, "每月能还10000")
    reply = live_bot.texts(s, "不是每个月能还一万 就这一次凑一万 每个月最多两千")
    assert situation(live_bot, s).get("monthly_budget") == "2000", reply
    assert "每月能还 10,000 → 2,000" in reply, reply


# C4: what-if incomes never become the income

def test_what_if_incomes_keep_the_income_of_6500(live_bot):
    s = sender()
    live_bot.texts(s, "我有三张卡 招行2万 平安1.5万 中信3万 都逾期了")
    live_bot.texts(s, "工资6500 每月开销4500左右")
    for text in ("要是下个月工资降到5000呢 还能按这个还吗", "如果收入只有5000 计划会变成怎样",
                 "那就按收入5000算一下 开销还是4500", "要是工资降了一半呢"):
        reply = live_bot.texts(s, text)
        assert situation(live_bot, s).get("monthly_income") == "6500", (text, reply)
        assert "已改" not in reply, (text, reply)


# C5: already paid

def test_paid_last_month_and_the_correction_of_paid_0(live_bot):
    s = sender()
    live_bot.texts(s, "我在厂里上班 工行信用卡欠了3万 已经逾期60天了")
    live_bot.texts(s, "账单日是每月5号 还款日25号 最低还款3000 我上个月还了500")
    c = case(live_bot, s)["cards"][0]
    assert (c.get("min_payment"), c.get("paid")) == ("3000", "500"), c
    reply = live_bot.texts(s, "我现在要还多少才能不让它越来越严重")
    assert "已还0.00" not in reply and "3,000.00 元，已还 500.00 元" in reply, reply  # the stop-loss text (actions/texts.py)


# D3: a vague total, then the cards

def test_ten_and_some_wan_is_asked_then_the_cards_are_stored(live_bot):
    s = sender()
    reply = live_bot.texts(s, "欠了十几万信用卡 每天都被催 好烦")
    assert case(live_bot, s)["cards"] == [] and "100,000" not in reply, reply
    assert "大概多少" in reply, reply
    reply = live_bot.texts(s, "招行8万 建行5万 能不能分期")
    assert amounts(live_bot, s) == [("招商银行", "80000"), ("建设银行", "50000")], reply
    assert "→ 80,000" not in reply, reply
    reply = live_bot.texts(s, "每月1000的话 招行建行能给我分几年 一共要多久还完")
    assert amounts(live_bot, s) == [("招商银行", "80000"), ("建设银行", "50000")], reply
    assert "欠款1,000.00元" not in reply, reply


def test_after_distress_a_vague_amount_is_not_asked(live_bot):
    s = sender()
    reply = live_bot.texts(s, "欠了十几万信用卡 每天都被催 真的撑不下去了 感觉活着也没啥意思")
    assert "12356" in reply and "大概多少" not in reply, reply
    assert case(live_bot, s)["cards"] == [], reply


# D4: 「一个月要还多少」

def test_how_much_a_month_keeps_20_days(live_bot):
    s = sender()
    live_bot.texts(s, "交通银行信用卡欠1.2万 逾期20天了 会上征信吗")
    reply = live_bot.texts(s, "那如果我做账单分期分12期 手续费每期0.6% 一个月要还多少")
    assert [c.get("overdue_days") for c in case(live_bot, s)["cards"]] == [20], reply
    assert "已改" not in reply and "1,072.00" in reply, reply
