"""Facts change only visibly in the plan (issue 19, helper plan8): persona trial s7 K1 (a bare amount is no hardship
reason; the income said as now is not halved again by the reason's 「收入少了一半」), L1 #10–#11 (a budget correction is
a budget, a card's debt said again restores it), W06 (money a spouse gives is no expense), each message through
`read_turn` as the case hook reads it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.case import Case
from bot.nlu.reading import TurnContext, read_turn

TODAY = date(2026, 12, 7)
ZS, JS, GF, NY = "招商银行", "建设银行", "广发银行", "农业银行"

K1 = (
    ("招行的欠了3万8左右 建行那张1万5吧 还有个广发的 8千 都是上个月开始没还的 差不多40天了", None),
    ("帮我做个还款计划吧 店里现在一个月也就挣6千 家里开销要4千左右 一个月最多拿2千出来", None),
)


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def talk(*turns: tuple[str, str | None]) -> Case:
    case = Case()
    for text, asked in turns:
        case = read(text, case, requested_slot=asked).case
    return case


# ---- 1. K1: a bare amount is never the hardship reason; the reason's drop is how the income came to be ----------


@pytest.mark.parametrize("text", ["2千", "两千", "就两千吧", "2000块", "嗯 2千", "每个月最多能拿两千出来"])
def test_a_bare_amount_asked_for_the_reason_is_no_reason(text):
    r = read(text, talk(*K1), requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason is None
    assert "invalid:hardship_reason" in r.notes  # the form says why and asks again
    assert r.case.situation.monthly_budget == D(2000) and not r.changes


@pytest.mark.parametrize("text", ["收入少了两千", "店里一个月亏两千", "失业3个月", "欠了3万多 还不上"])
def test_a_reason_with_a_figure_is_still_the_reason(text):
    r = read(text, Case(), requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason == text


def test_k1_the_drop_told_as_the_reason_leaves_the_income_said_as_now():
    case = talk(*K1, ("2千", "hardship_reason"))
    assert case.situation.income_now and case.situation.monthly_income == D(6000)
    r = read("生意不好 旁边开了个大超市 收入少了一半", case, requested_slot="hardship_reason")
    assert r.case.situation.monthly_income == D(6000) and not r.changes
    assert r.case.situation.hardship_reason == "生意不好 旁边开了个大超市 收入少了一半"


def test_k1_the_drop_told_after_the_summary_leaves_the_income_said_as_now():
    # the reason not asked (the summary shown): the income said as 现在 is already the income after the drop
    r = read("生意不好 旁边开了个大超市 收入少了一半", talk(*K1))
    assert r.case.situation.monthly_income == D(6000) and not r.changes


def test_a_new_drop_after_the_income_said_as_now_changes_it_visibly():
    r = read("这个月收入又少了一半", talk(*K1))
    assert r.case.situation.monthly_income == D(3000)
    assert [(c.fact, c.before, c.after) for c in r.changes] == [("monthly_income", "6000", "3000")]
    assert not r.case.situation.income_now


def test_an_income_not_said_as_now_is_halved_by_the_drop():
    case = talk(("工资9000", None))
    assert not case.situation.income_now
    assert read("工资降了一半", case).case.situation.monthly_income == D(4500)


def test_the_mark_survives_the_slot():
    case = talk(*K1)
    assert Case.from_slot(case.to_slot()).situation.income_now
    assert "income_now" not in Case().to_slot()["situation"]


# ---- 2. L1 #10–#11: a budget correction is a budget; a card's debt said again restores it ----------------------

L1 = (
    ("俺判决是建行那张 三万二 还有一张农行的一万八 逾期四个来月了 还没告 俺现在一个月就挣三千多 在工地干活 你给俺整个计划呗", None),
    ("房租五百 吃饭八百 给俺妈三百 俺儿子那边还得给点 一共得两千来块吧", "monthly_expenses"),
)
L1_T10 = "等会儿 建行那张都判了 还能跟建行谈分期不 还是得找法院 还有俺说一千 一千二是最多 别给俺写多了"
L1_T11 = "整错了 建行是三万二 不是一千二 一千二是俺每月最多能拿的钱 你别瞎改 还有判了的那张到底找谁谈"


def amounts(case: Case) -> dict[str | None, D]:
    return {c.bank: c.amount for c in case.cards}


def test_l1_the_budget_offered_is_the_budget_and_the_most_its_bound():
    r = read("一个月能拿出一千吧 最多一千二", talk(*L1), requested_slot="monthly_budget")
    assert r.case.situation.monthly_budget == D(1000) and "budget_most:1200" in r.notes


def test_l1_the_budget_said_again_with_its_ceiling_never_touches_the_judged_card():
    case = talk(*L1, ("一个月最多一千二", "monthly_budget"))
    assert case.situation.monthly_budget == D(1200)
    r = read(L1_T10, case)
    assert amounts(r.case) == {JS: D(32000), NY: D(18000)}
    assert r.case.situation.monthly_budget == D(1000)
    assert [(c.fact, c.before, c.after) for c in r.changes] == [("monthly_budget", "1200", "1000")]


def test_l1_the_ceiling_said_alone_keeps_the_lower_budget():
    case = talk(*L1, ("一个月能拿出一千吧 最多一千二", "monthly_budget"))
    r = read(L1_T11, case)
    assert amounts(r.case) == {JS: D(32000), NY: D(18000)} and not r.changes
    assert r.case.situation.monthly_budget == D(1000)
    assert read("一千二是最多", case).case.situation.monthly_budget == D(1000)


def test_l1_the_debt_said_again_restores_the_card_with_a_change():
    case = talk(*L1, ("一个月能拿出一千吧 最多一千二", "monthly_budget"), ("建行一千二", None))
    assert amounts(case)[JS] == D(1200)  # the slip of the finger the person then corrects
    r = read(L1_T11, case)
    assert amounts(r.case) == {JS: D(32000), NY: D(18000)}
    assert [(c.fact, c.bank, c.before, c.after) for c in r.changes] == [("debt_amount", JS, "1200", "32000")]


def test_a_bare_figure_clauses_away_from_the_bank_is_asked_never_the_debt():
    case = talk(*L1)
    r = read("还能跟建行谈分期不 还是得找法院 还有俺说一千", case)
    assert amounts(r.case)[JS] == D(32000) and "card_amount" in r.unsure
    assert f"unsure_card:{JS}:1000:32000" in r.notes
    # the bank's own clause or the one right before it: the card's figure, visibly
    assert amounts(read("建行那张 三万五", case).case)[JS] == D(35000)


# ---- 3. W06: money a spouse or the family gives the person is support toward income, never an expense -------------


@pytest.mark.parametrize("text, income", [
    ("我现在没工作了 老公一个月给我一千五生活费", D(1500)),
    ("老公一个月给我一千五", D(1500)),
    ("家里每个月给我5000生活费", D(5000)),
    ("我妈每个月给我寄一千", D(1000)),
    ("老公每月给我1000 我妈每月给我500", D(1500)),
    ("工资3000 老公每月给我1500", D(4500)),
])
def test_support_from_the_family_is_income(text, income):
    r = read(text, talk(("浦发的 欠了五万二 逾期八十天", None)))
    assert r.case.situation.monthly_income == income
    assert r.case.situation.monthly_expenses is None
    assert r.case.cards[0].amount == D(52000) and r.case.cards[0].overdue_days == 80  # never 30 days, never a debt
    assert all(f["role"] == "income" and f["whose"] == "user" for f in r.facts if f["role"] != "bank")


def test_support_beside_the_expenses_keeps_both_apart():
    r = read("家裡每月給我5000 房租1800 吃飯1500")
    assert r.case.situation.monthly_income == D(5000) and r.case.situation.monthly_expenses == D(3300)


def test_money_sent_to_a_parent_stays_an_expense():
    r = read("每月给我妈寄一千")
    assert r.case.situation.monthly_expenses == D(1000) and r.case.situation.monthly_income is None


def test_support_said_when_another_income_is_stored_is_asked():
    case = talk(("工资3000", None))
    r = read("老公每月给我1500", case)
    assert r.case.situation.monthly_income == D(3000) and "monthly_income" in r.unsure and not r.changes
    # as the answer to the income question it is the income
    r = read("老公每月给我1500", case, requested_slot="monthly_income")
    assert r.case.situation.monthly_income == D(1500)
