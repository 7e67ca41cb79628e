"""Facts misread in the persona trials of 2026-12-07 on integ (/tmp/trials-s4, personas E and F), each message through
`read_turn` as the case hook reads it (issue 19): a payment said after the statement, a time from now that is no
days overdue, a card not yet due, a payment date, a settled card of before, money kept for a parent, two cards
listed, another debt's monthly payment, a correction of one fact that keeps the others, an agency's figure."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.reading import Change, TurnContext, read_turn

TODAY = date(2026, 12, 7)
ZS, JS, GF, GS, NY, ZX, JT = "招商银行", "建设银行", "广发银行", "工商银行", "农业银行", "中信银行", "交通银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def days(case: Case) -> list:
    return [(c.bank, c.overdue_days) for c in case.cards]


# ---- 1. E4: a payment said after the statement figures is already paid, and said -----------------------------

E4 = Case(cards=(Card(ZS, D(10000), 14, statement_balance=D(10000), min_payment=D(1000)),))


@pytest.mark.parametrize("text", ["不对啊 我还了600的 你怎么写已还0", "已还600", "我已经还了600",
                                  "600是11月23号已经还掉的 不是现在要还的 600哪够1000啊"])
def test_a_payment_after_the_statement_is_paid_and_said(text):
    r = read(text, E4)
    card = r.case.cards[0]
    assert card.paid == D(600) and card.amount == D(10000) and card.min_payment == D(1000)
    assert r.changes == (Change("paid", None, "0", "600"),)
    assert "invalid:paid" not in r.notes


# ---- 2. E1: a time from now is no days overdue; a card not yet due stays so ----------------------------------

E1 = Case(cards=(Card(ZS, D(23000), 40), Card(JS, D(11000))))


def test_a_card_not_yet_due_is_not_overdue():
    r = read("招行欠2万3 建行欠1万1 招行逾期快40天了 建行还没到还款日")
    assert days(r.case) == [(ZS, 40), (JS, 0)]


@pytest.mark.parametrize("text", ["算了 帮我做个还款计划吧 我现在没收入 等腿好了大概三个月后能跑单 一个月能挣六千左右 房租吃饭要三千五",
                                  "腿好了两个月以后就能上班", "大概半个月后能找到活干"])
def test_a_time_until_recovery_is_no_days_overdue(text):
    r = read(text, E1)
    assert days(r.case) == [(ZS, 40), (JS, None)] and not any(c.fact == "overdue_days" for c in r.changes)


def test_days_corrected_with_no_card_named_skip_the_card_not_yet_due():
    case = Case(cards=(Card(ZS, D(23000), 90), Card(JS, D(11000), 0)))
    r = read("不对 逾期是40天 不是90天 三个月是说我腿好的时间", case)
    assert days(r.case) == [(ZS, 40), (JS, 0)]
    r = read("逾期40天", Case(cards=(Card(ZS, D(23000)), Card(JS, D(11000), 0))))
    assert days(r.case) == [(ZS, 40), (JS, 0)]


def test_income_of_the_future_and_months_of_a_plan_are_no_facts():
    case = Case(cards=(Card(ZS, D(23000), 40), Card(JS, D(11000), 0)), situation=Situation(monthly_income=D(6000)))
    r = read("收入现在是0啊 6000是三个月以后的 能不能写前三个月先缓一缓 第四个月开始每月还2000", case)
    assert days(r.case) == [(ZS, 40), (JS, 0)]
    assert [c.amount for c in r.case.cards] == [D(23000), D(11000)]
    assert r.case.situation.monthly_income == D(0) and r.case.situation.monthly_budget == D(2000)


# ---- 3. F1: when the person will pay is a payment date, not the days overdue ---------------------------------

F1 = Case(cards=(Card(ZS, D(30000), 20),))


@pytest.mark.parametrize("text", ["不是今天 是下周 大概7天后", "一周后一次还清", "7天以后还清要多少", "十天后全部还上"])
def test_a_payment_date_is_a_what_if_not_the_days(text):
    r = read(text, F1)
    assert days(r.case) == [(ZS, 20)] and r.changes == ()
    assert r.scenario is not None and r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days in (7, 10)


def test_undo_followed_by_words_undoes_then_reads_the_rest():
    changed = Case(cards=(Card(ZS, D(30000), 7),))
    r = read("撤销 我是说逾期20天没变 7天以后还清要多少", changed, undo_case=F1)
    assert days(r.case) == [(ZS, 20)] and r.requests.undo
    assert r.scenario is not None and r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 7


# ---- 4. F5: a settled card of before is history; 撤销 undoes ---------------------------------------------

F5 = Case(cards=(Card(None, D(3000)),))


@pytest.mark.parametrize("text", ["2022那张当时欠了1万2 协商还了8千就结清了 是2021年开始逾期的",
                                  "以前那张当时欠了一万二 后来还清了", "2021年那张欠了8000 早就结清了"])
def test_a_settled_card_of_before_never_becomes_the_current_debt(text):
    r = read(text, F5)
    assert [c.amount for c in r.case.cards] == [D(3000)] and r.changes == ()


def test_undo_with_the_rest_of_the_message():
    wrong = Case(cards=(Card(None, D(12000)),))
    r = read("撤销 现在逾期这张是3千多 1万2是以前那张", wrong, undo_case=F5)
    assert [c.amount for c in r.case.cards] == [D(3000)]
    assert r.changes == (Change("debt_amount", None, "12000", "3000"),)


# ---- 5. F2: money kept for a parent's medicine is no budget; a correction back restores it --------------------

F2 = Case(cards=(Card(JS, D(42000), 30), Card(GF, D(18000), 30)),
          situation=Situation(monthly_income=D(6500), monthly_expenses=D(4500), monthly_budget=D(1500)))


@pytest.mark.parametrize("text", ["我爱人今年9月失业了 家里收入从9千多降到6千5 每月还要留500给我妈看病买药",
                                  "每个月还得留800给我爸买药", "每月要留出500给老人看病"])
def test_money_kept_for_a_parent_is_not_the_budget(text):
    r = read(text, F2, requested_slot="hardship_reason")
    assert r.case.situation.monthly_budget == D(1500)
    assert not any(c.fact == "monthly_budget" for c in r.changes)
    assert any(f["role"] == "set_aside" for f in r.facts)


def test_a_correction_back_restores_the_budget():
    wrong = Case(cards=F2.cards, situation=Situation(monthly_income=D(6500), monthly_expenses=D(4500),
                                                     monthly_budget=D(500)))
    r = read("不对 每月能还的还是1500 500是给我妈的", wrong)
    assert r.case.situation.monthly_budget == D(1500)
    assert r.changes == (Change("monthly_budget", None, "500", "1500"),)


# ---- 6. F2: 「一张X…金额 一张Y…金额」 keeps both cards; a total equal to the sum changes nothing ----------------

@pytest.mark.parametrize("text", ["一张建行欠4万多 准确说是42000 一张广发18000 都逾期一个多月了",
                                  "一张建行42000 另一张广发18000", "一张建行欠四万二 还有一张广发一万八"])
def test_two_cards_listed_keep_both(text):
    r = read(text)
    assert [(c.bank, c.amount) for c in r.case.cards] == [(JS, D(42000)), (GF, D(18000))]


def test_a_total_equal_to_the_sum_is_consistent():
    r = read("两张加起来6万 听说超过5万会坐牢是真的吗", F2)
    assert r.case == F2 and r.changes == () and r.unsure == ()


# ---- 7. E3: another debt's monthly payment is no card budget; a correction keeps the income ------------------

E3 = Case(cards=(Card(GS, D(80000), 100), Card(NY, D(60000), 100), Card(ZX, D(40000), 100)))


@pytest.mark.parametrize("text", ["房租吃饭2500 网贷每个月还得还800", "网贷每月要还800", "花呗一个月还600"])
def test_a_loan_repayment_is_no_card_budget(text):
    r = read(text, E3)
    assert r.case.situation.monthly_budget is None
    assert any(f["role"] in ("other_debt_payment", "other_debt") for f in r.facts)


def test_a_correction_of_expenses_keeps_the_income():
    wrong = Case(cards=E3.cards, situation=Situation(monthly_income=D(4500), monthly_expenses=D(4500),
                                                     monthly_budget=D(800)))
    r = read("支出是2500不是4500 800是每个月还网贷的 不是还信用卡的 信用卡每个月能拿1200", wrong)
    s = r.case.situation
    assert (s.monthly_income, s.monthly_expenses, s.monthly_budget) == (D(4500), D(2500), D(1200))
    assert not any(c.fact == "monthly_income" for c in r.changes)


# ---- 8. F4: a figure the agency said is not the person's request -----------------------------------------

@pytest.mark.parametrize("text", ["他们说已经帮我跟银行谈好了 停息分60期 我咋知道是不是真的",
                                  "中介说谈好了 分60期 停息", "那个公司说 银行同意分48期了"])
def test_an_agencys_figure_is_no_request(text):
    r = read(text)
    assert r.case.situation.installments is None


def test_the_persons_own_periods_stay_a_request():
    assert read("我想分60期").case.situation.installments == 60


@pytest.mark.parametrize("text", ["那帮我做还款计划 我现在给人看店 一个月4500 房租吃饭2500 网贷每个月还得还800",
                                  "我在超市上班 一个月4500 房租吃饭2500"])
def test_what_a_job_pays_then_the_expenses(text):
    s = read(text, E3).case.situation
    assert (s.monthly_income, s.monthly_expenses, s.monthly_budget) == (D(4500), D(2500), None)


def test_a_stated_total_before_the_expense_items_stays_their_total():
    assert read("三千吧 房租一千五 吃饭啥的", E3, requested_slot="monthly_expenses").case.situation.monthly_expenses == D(3000)


@pytest.mark.parametrize("text", ["等腿好了大概三个月后能跑单",
                                  "算了 帮我做个还款计划吧 我现在没收入 等腿好了大概三个月后能跑单 一个月能挣六千左右 房租吃饭要三千五"])
def test_a_time_until_work_is_no_what_if(text):
    r = read(text, E1)
    assert r.scenario is None or r.scenario.kind != whatif.PAY_LATER


def test_money_kept_to_repay_is_not_set_aside():
    assert not any(f["role"] == "set_aside" for f in read("每个月能留2000还卡", E1).facts)


def test_a_budget_beside_not_enough_stays_the_budget():
    s = read("每月能还1500 工资5000不够花", E1).case.situation
    assert (s.monthly_budget, s.monthly_income) == (D(1500), D(5000))


def test_the_persons_facts_after_a_collectors_words_stay_facts():
    r = read("催收说要起诉 欠5万8 逾期4个月了")
    assert [(c.amount, c.overdue_days) for c in r.case.cards] == [(D(58000), 120)]


def test_days_then_later_words_stay_days():
    assert days(read("逾期两个月 后来银行打电话了", Case(cards=(Card(ZS, D(30000)),))).case) == [(ZS, 60)]
