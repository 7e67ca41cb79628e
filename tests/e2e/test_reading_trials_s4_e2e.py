"""Facts read from messages of the persona trials of 2026-12-07 on integ (/tmp/trials-s4, personas E and F), over
REST against a real `rasa run` and action server (issue 19): each conversation below stored a wrong fact there."""
from __future__ import annotations

import uuid
from tests.e2e.talk import cards, case, situation


def sender() -> str:
    return f"e2e-trials-s4-{uuid.uuid4().hex[:10]}"


# E4: 600 paid after the statement figures

def test_a_payment_said_after_the_statement_is_stored_and_the_fee_is_on_the_unpaid_part(live_bot):
    s = sender()
    live_bot.texts(s, "招商的卡 账单一万 最低还款1000 逾期14天了")
    reply = live_bot.texts(s, "不对啊 我还了600的 你怎么写已还0")
    assert case(live_bot, s)["cards"][0].get("paid") == "600", reply
    assert "已还 0 → 600" in reply and "没能理解" not in reply, reply
    reply = live_bot.texts(s, "违约金多少")
    assert "20.00" in reply and "50.00" not in reply, reply
    reply = live_bot.texts(s, "利息多少 违约金多少")
    assert "50.00" not in reply, reply


# E1: a time until recovery, a card not yet due, the bank script

def test_recovery_time_is_no_days_and_the_card_not_yet_due_stays_out_of_the_overdue_list(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠2万3 建行欠1万1 招行逾期快40天了 建行还没到还款日")
    assert cards(live_bot, s) == [("招商银行", "23000", 40), ("建设银行", "11000", 0)]
    reply = live_bot.texts(s, "我现在没收入 等腿好了大概三个月后能跑单 一个月能挣六千左右 房租吃饭要三千五")
    assert cards(live_bot, s) == [("招商银行", "23000", 40), ("建设银行", "11000", 0)], reply
    assert "90天" not in reply, reply
    reply = live_bot.texts(s, "逾期是40天")
    assert cards(live_bot, s) == [("招商银行", "23000", 40), ("建设银行", "11000", 0)], reply
    reply = live_bot.texts(s, "给银行打电话的话术 有没有")
    assert "逾期0天" not in reply, reply


# F1: when the person will pay

def test_a_payment_date_is_a_what_if_not_the_days(live_bot):
    s = sender()
    live_bot.texts(s, "招行的 欠3万 逾期20天了")
    for text in ("不是今天 是下周 大概7天后", "一周后一次还清"):
        reply = live_bot.texts(s, text)
        assert cards(live_bot, s) == [("招商银行", "30000", 20)], (text, reply)
        assert "→ 7天" not in reply, (text, reply)


# F5: a settled card of before, and 撤销

def test_a_settled_card_of_before_is_history_and_undo_undoes(live_bot):
    s = sender()
    live_bot.texts(s, "我2022年有张卡跟银行协商结清了 现在另一张卡又逾期了 欠3千")
    reply = live_bot.texts(s, "2022那张当时欠了1万2 协商还了8千就结清了 是2021年开始逾期的")
    assert [c[1] for c in cards(live_bot, s)] == ["3000"], reply
    assert "12,000" not in reply, reply
    reply = live_bot.texts(s, "欠款是12000")  # the change the trial's misreading made, now said by the person
    assert [c[1] for c in cards(live_bot, s)] == ["12000"], reply
    reply = live_bot.texts(s, "撤销 现在逾期这张是3千多 1万2是以前那张")
    assert [c[1] for c in cards(live_bot, s)] == ["3000"], reply
    assert "12,000 → 3,000" in reply, reply


# F2: money kept for a parent, two cards listed, a total equal to the sum

def test_money_for_a_parents_medicine_is_not_the_budget_and_two_cards_stay_two(live_bot):
    s = sender()
    reply = live_bot.texts(s, "一张建行欠4万多 准确说是42000 一张广发18000 都逾期一个多月了")
    assert [(c[0], c[1]) for c in cards(live_bot, s)] == [("建设银行", "42000"), ("广发银行", "18000")], reply
    live_bot.texts(s, "我一个月工资6千5 房租2千 吃饭孩子上学要2千5左右 每月能还1500")
    reply = live_bot.texts(s, "每月还要留500给我妈看病买药")
    assert situation(live_bot, s).get("monthly_budget") == "1500", reply
    assert "1,500 → 500" not in reply, reply
    reply = live_bot.texts(s, "两张加起来6万 听说超过5万会坐牢是真的吗")
    assert "告诉我每张卡各欠多少" not in reply, reply


# E3: another debt's monthly payment, and a correction that keeps the income

def test_a_loan_payment_is_no_card_budget_and_a_correction_keeps_the_income(live_bot):
    s = sender()
    live_bot.texts(s, "工行8万 农行6万 中信4万 都逾期一百多天了")
    live_bot.texts(s, "我现在一个月收入4500 房租吃饭2500 网贷每个月还得还800")
    st = situation(live_bot, s)
    assert st.get("monthly_budget") is None and st.get("monthly_income") == "4500", st
    live_bot.texts(s, "支出4500")
    reply = live_bot.texts(s, "支出是2500不是4500 800是每个月还网贷的 不是还信用卡的 信用卡每个月能拿1200")
    st = situation(live_bot, s)
    assert (st.get("monthly_income"), st.get("monthly_expenses"), st.get("monthly_budget")) == \
        ("4500", "2500", "1200"), reply
    assert "月收入 4,500 → 无" not in reply, reply


# F4: the agency's 60 periods

def test_the_agencys_periods_are_not_the_persons_wish(live_bot):
    s = sender()
    live_bot.texts(s, "他们说已经帮我跟银行谈好了 停息分60期 我咋知道是不是真的")
    reply = live_bot.texts(s, "我是交通银行的 欠5万8 逾期4个月了")
    assert situation(live_bot, s).get("installments") is None, reply
    assert "希望分60期" not in reply, reply
