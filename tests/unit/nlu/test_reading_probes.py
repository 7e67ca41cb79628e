"""Facts misread in the independent probes of 2026-12-07 (/work/probes: E02, D11, D04, X06, E08) and the
leftovers of the persona trials s3, each message through `read_turn` as the case hook reads it (issue 19)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from bot.case import Card, Case, Situation
from bot.nlu.reading import Change, TurnContext, read_turn

TODAY = date(2026, 12, 7)
ZS, PF, JS, GD, NY = "招商银行", "浦发银行", "建设银行", "光大银行", "农业银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def talk(*lines: str) -> Case:
    case = Case()
    for line in lines:
        case = read(line, case).case
    return case


# ---- 1. a correction of the expenses changes the expenses only (E02, X08: the total became 4,500) -------------

E02 = ("招行欠四万 浦发欠两万五", "都逾期两个月了", "支出大概四千五")


def test_expenses_said_again_in_a_correction_leave_the_debt_and_change_nothing():
    before = talk(*E02)
    r = read("不对支出是4500不是6500 我打错了吗 反正是4500", before)
    assert r.case == before and r.changes == ()
    assert r.case.total_debt() == D(65000) and r.case.declared_total is None
    assert {f["role"] for f in r.facts} == {"essential_expenses"}  # no figure read as owed


def test_expenses_corrected_from_a_stored_6500_say_so():
    before = talk("招行欠四万 浦发欠两万五", "支出六千五")
    r = read("不对支出是4500不是6500 我打错了吗 反正是4500", before)
    assert r.case.situation.monthly_expenses == D(4500) and r.case.total_debt() == D(65000)
    assert r.changes == (Change("monthly_expenses", None, "6500", "4500"),)


# ---- 2. already paid with the day it was paid (D11: 已还0.00) --------------------------------------------------

def test_paid_on_the_due_day_is_stored_with_the_days_from_the_dates():
    r = read("3月5号账单日 账单应还8000 最低还款800 23号还款日 我23号只还了300 今天4月10号 现在要还多少才能不算逾期")
    card = r.case.cards[0]
    assert (card.statement_balance, card.min_payment, card.paid, card.overdue_days) == (D(8000), D(800), D(300), 18)


def test_only_paid_and_paid_on_a_day_are_paid():
    case = Case(cards=(Card(ZS, D(20000)),))
    assert read("我只还了500", case).case.cards[0].paid == D(500)
    assert read("我15号还了2000", case).case.cards[0].paid == D(2000)
    assert read("我还500行吗", case).case.cards[0].paid is None  # an offer, not a payment


# ---- 3. time off work in the reason is no days overdue (D04: 40天 → 60天) -------------------------------------

def test_two_months_off_work_in_the_reason_keep_the_days():
    before = talk("农业银行 欠3万 逾期40天", "月收入5000 支出3000 每月能还1000")
    for slot in ("hardship_reason", None):
        r = read("今年3月出了车祸 休息了两个月没上班", before, requested_slot=slot)
        assert r.case.cards[0].overdue_days == 40 and r.changes[:1] != (Change("overdue_days", None, "40", "60"),)


# ---- 4. income now after a change (E02 t4, X06: no income stored) ----------------------------------------------

def test_income_after_a_drop_is_the_income_now_and_the_old_one_is_history():
    r = read("工资原来九千多 现在降到六千五了", talk("招行欠四万"))
    assert r.case.situation.monthly_income == D(6500)
    assert r.case.cards == (Card(ZS, D(40000)),)
    assert [(f["role"], f["value"], bool(f.get("past"))) for f in r.facts if f["role"] == "income"] == [
        ("income", "9000", True), ("income", "6500", False)]


def test_income_said_as_now_after_one_of_before():
    assert read("工资以前八千 现在五千五").case.situation.monthly_income == D(5500)


def test_a_drop_in_a_what_if_stays_a_what_if():
    r = read("要是工资降到五千呢", Case(situation=Situation(monthly_income=D(6500))))
    assert r.case.situation.monthly_income == D(6500)


# ---- 5. a stop plus an answer (E08 t3) ---------------------------------------------------------------------------

def test_stop_asking_income_and_the_budget_of_the_same_message():
    r = read("别问我收入了 反正每个月只能还八百", talk("光大 欠款2万8 逾期五十天"))
    assert r.requests.stop_asking == ("monthly_income",) and not r.requests.stop
    assert r.case.situation.monthly_budget == D(800) and r.case.situation.monthly_income is None


# ---- 6. a relative change told in the reason keeps a stored income (s3 leftover: 3,500 → 1,400) ----------------

def test_a_drop_told_in_the_reason_keeps_the_stored_income():
    case = Case(cards=(Card(ZS, D(32000), 40),), situation=Situation(monthly_income=D(3500)))
    text = "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月"
    r = read(text, case, requested_slot="hardship_reason")
    assert r.case.situation.monthly_income == D(3500) and r.case.situation.hardship_reason == text
    assert all(c.fact != "monthly_income" for c in r.changes) and r.unsure == ()
    r = read("因为工资降了一半 所以还不上了", case)
    assert r.case.situation.monthly_income == D(3500)


def test_a_drop_said_on_its_own_still_recomputes_the_income():
    r = read("工资降了一半", Case(situation=Situation(monthly_income=D(9000))))
    assert r.case.situation.monthly_income == D(4500)


# ---- 7. days after a card list are every card's (s3 leftover) --------------------------------------------------

def test_days_after_a_card_list_belong_to_every_card():
    r = read("招行32000 建行16000 逾期40天")
    assert [(c.bank, c.amount, c.overdue_days) for c in r.case.cards] == [(ZS, D(32000), 40), (JS, D(16000), 40)]


def test_days_said_card_by_card_stay_each_cards():
    r = read("招行32000 逾期20天 建行16000 逾期40天")
    assert [c.overdue_days for c in r.case.cards] == [20, 40]
    r = read("招行32000 建行16000逾期40天")  # said with 建行 in one clause: 建行's
    assert [c.overdue_days for c in r.case.cards] == [None, 40]
