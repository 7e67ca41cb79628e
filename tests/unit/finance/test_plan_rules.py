"""DOMAIN §5 plan rules (issue 13): never more than the person can pay. Each figure is distinct so that a
one-line mutation (ignoring expenses, the budget, the wished periods, the other banks) changes a result."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bot.finance import plan

D = Decimal
TODAY = date(2026, 12, 1)


def test_limit_is_income_minus_expenses_when_below_the_budget():
    # budget 1,200 but only 4,100 − 3,300 = 800 to spare: 800 is the limit
    result = plan([{"bank": "招行", "amount": 20000}], monthly_income=4100, monthly_expenses=3300,
                  monthly_budget=1200, today=TODAY)
    assert result.limit == D(800) and result.mode == "plan"
    assert result.periods == 25 and result.monthly_payment == D("800.00")
    assert all(p.payment <= D(800) for p in result.schedule)


def test_limit_is_the_budget_when_below_income_minus_expenses():
    result = plan([{"amount": 21000}], monthly_income=6000, monthly_expenses=2000, monthly_budget=700, today=TODAY)
    assert result.limit == D(700) and result.periods == 30 and result.monthly_payment == D("700.00")


def test_infeasible_offers_what_fits_and_states_the_shortfall():
    # the case: 10万, budget 500, income 4,000, expenses 3,500 — never 1,666.67 a month
    result = plan([{"bank": "建行", "amount": 100000}], monthly_income=4000, monthly_expenses=3500,
                  monthly_budget=600, today=TODAY)
    assert result.mode == "partial" and not result.feasible
    assert result.offered_payment == D("500.00")
    assert result.shortfall == D(70000)
    assert result.monthly_payment == D("1666.67")  # CONTRACT §2: the least that fits 60 periods
    assert len(result.schedule) == 60 and {p.payment for p in result.schedule} == {D("500.00")}
    letter = result.letter
    assert "每期还款500.00元" in letter and "相差70,000.00元" in letter and "1,666.67" not in letter
    assert "减免利息、违约金" in letter
    assert "愿意继续偿还全部欠款" not in letter


def test_infeasible_by_budget_alone_says_how_much_it_must_rise():
    result = plan([{"amount": 30000}], monthly_budget=400, today=TODAY)
    assert result.mode == "partial" and result.offered_payment == D("400.00")
    assert result.shortfall == D(6000) and result.budget_increase_needed == D("100.00")
    assert "每期还款400.00元" in result.letter


def test_zero_capacity_is_a_hardship_and_deferment_request():
    result = plan([{"bank": "中信", "amount": 15000}], monthly_income=2600, monthly_expenses=2600,
                  monthly_budget=300, today=TODAY)
    assert result.mode == "hardship" and not result.feasible
    assert result.offered_payment == D(0) and result.schedule == [] and result.end_date is None
    assert result.schedule_document is None
    letter = result.letter
    assert "本人申请暂缓（延期）还款" in letter and "停止计收利息" in letter and "每期还款" not in letter
    assert letter.startswith("困难情况说明及延期还款申请书")
    assert "按时还款；" not in letter  # no promise to pay what cannot be paid


def test_negative_capacity_is_hardship_too():
    assert plan([{"amount": 5000}], monthly_income=1800, monthly_expenses=2100, today=TODAY).mode == "hardship"


def test_several_banks_each_letter_names_the_others_total_and_allocation():
    debts = [{"bank": "招行", "amount": 60000}, {"bank": "广发", "amount": 30000}]
    result = plan(debts, monthly_income=7000, monthly_expenses=4000, monthly_budget=3000, today=TODAY)
    assert result.mode == "plan" and result.periods == 30 and result.monthly_payment == D("3000.00")
    cmb, gdb = result.letters
    for letter in (cmb.letter, gdb.letter):
        assert "招商银行60,000.00元" in letter and "广发银行30,000.00元" in letter
        assert "合计人民币90,000.00元" in letter and "按各银行欠款余额的比例分配" in letter
    assert "每期还款2,000.00元" in cmb.letter and "每月向贵行还款2,000.00元" in cmb.letter
    assert "每期还款1,000.00元" in gdb.letter and "占全部欠款的33.3%" in gdb.letter


def test_several_banks_partial_shares_the_limit():
    debts = [{"bank": "招行", "amount": 52000}, {"bank": "广发", "amount": 28000}]
    result = plan(debts, monthly_income=4000, monthly_expenses=3500, today=TODAY)
    assert result.mode == "partial" and [c.monthly_payment for c in result.cards] == [D("325.00"), D("175.00")]
    assert all(sum(p.by_card) == D(500) for p in result.schedule)
    assert "每月向贵行还款325.00元" in result.letters[0].letter
    assert "与全部欠款80,000.00元相差50,000.00元" in result.letters[1].letter


def test_offered_below_capacity_gives_the_reason():
    result = plan([{"amount": 18000}], monthly_income=6000, monthly_expenses=3000, monthly_budget=1000,
                  budget_reason="每月还要还房贷800元", today=TODAY)
    assert result.offered_payment == D("1000.00") and result.capacity == D(3000)
    assert "每月结余约3,000.00元，每月还款定为1,000.00元，原因是：每月还要还房贷800元" in result.letter


def test_offered_below_capacity_without_reason_leaves_a_blank_to_fill():
    result = plan([{"amount": 18000}], monthly_income=6000, monthly_expenses=3000, monthly_budget=1000, today=TODAY)
    assert "原因是：____（请填写" in result.letter


def test_offered_below_capacity_because_the_debt_is_cleared():
    result = plan([{"amount": 9000}], monthly_income=6000, monthly_expenses=2500, today=TODAY)
    assert result.periods == 3 and result.monthly_payment == D("3000.00")
    assert "3期即可还清" in result.letter


def test_no_reason_when_offering_all_the_capacity():
    result = plan([{"amount": 90000}], monthly_income=5000, monthly_expenses=3500, today=TODAY)
    assert result.offered_payment == D("1500.00") and "原因是" not in result.letter and "即可还清" not in result.letter


def test_wished_periods_that_fit_are_kept():
    result = plan([{"amount": 12000}], monthly_budget=900, periods=24, today=TODAY)
    assert result.periods == 24 and result.monthly_payment == D("500.00") and result.suggested_periods is None


def test_statement_balance_is_what_is_owed():
    result = plan([{"bank": "工行", "amount": 180000, "statement_balance": "208796.40"}], today=TODAY)
    assert result.total == D("208796.40") and result.amount_basis == "statement_balance"
    assert "人民币208,796.40元" in result.letter
    assert "其中透支本金约180,000.00元，利息、违约金及其他费用约28,796.40元" in result.letter


def test_an_amount_said_is_about_what_the_bank_books_say_and_never_called_principal():
    # issue 23 item 2: 「欠十八万」 is what the person believes they owe, not known to be the 透支本金
    result = plan([{"bank": "工行", "amount": 180000}], today=TODAY)
    assert result.amount_basis == "principal"
    assert "本人在贵行的信用卡欠款约人民币180,000.00元（以贵行账务为准）" in result.letter
    assert "透支本金" not in result.letter and "不含利息" not in result.letter
    assert "恳请贵行提供截至目前的欠款明细" in result.letter
    assert any("账单应还" in n for n in result.notes)
    assert not any("本金" in n for n in result.notes)


def test_principal_said_as_principal_says_so():
    result = plan([{"bank": "工行", "amount": 180000, "principal": True}], today=TODAY)
    assert "欠款为人民币180,000.00元。该金额为本人所知的透支本金，不含利息、违约金和其他费用" in result.letter
    assert "约人民币" not in result.letter


@given(st.decimals(min_value=D(100), max_value=D(500000), places=2),
       st.decimals(min_value=D(0), max_value=D(20000), places=2),
       st.decimals(min_value=D(0), max_value=D(20000), places=2),
       st.one_of(st.none(), st.decimals(min_value=D(1), max_value=D(20000), places=2)),
       st.one_of(st.none(), st.integers(1, 60)))
def test_never_more_than_the_person_can_pay(total, income, expenses, budget, periods):
    result = plan([{"amount": total}], monthly_income=income, monthly_expenses=expenses, monthly_budget=budget,
                  periods=periods, today=TODAY)
    limit = min(x for x in (budget, income - expenses) if x is not None)
    assert all(p.payment <= limit for p in result.schedule)
    assert result.offered_payment <= max(limit, D(0))
    if result.mode == "plan":
        assert sum(p.payment for p in result.schedule) == total
    elif result.mode == "partial":
        assert result.shortfall == total - result.offered_payment * 60 > 0
    else:
        assert limit <= 0 and result.schedule == []


def test_a_budget_above_income_minus_expenses_is_noted_and_not_used():
    result = plan([{"amount": 12000}], monthly_income=3000, monthly_expenses=2400, monthly_budget=900, today=TODAY)
    assert result.limit == D(600) and result.periods == 20
    assert any("高于收入减必要支出后的结余600.00元" in n for n in result.notes)
    assert not any("高于收入减必要支出" in n for n in plan([{"amount": 12000}], monthly_income=3000,
                                                          monthly_expenses=2400, monthly_budget=500,
                                                          today=TODAY).notes)


def test_partial_letter_asks_to_waive_interest_and_fees_already_charged():
    partial = plan([{"amount": 50000}], monthly_budget=500, today=TODAY).letter
    assert "同时减免已产生的利息和违约金" in partial
    assert "同时减免已产生的利息和违约金" not in plan([{"amount": 5000}], monthly_budget=500, today=TODAY).letter


def test_a_last_period_above_the_limit_is_avoided_by_rounding_up():
    # 6,000.24 / 60 = 100.004: half-up 100.00 would leave 100.24 for the last period, above the 100.01
    result = plan([{"amount": "6000.24"}], monthly_budget="100.01", today=TODAY)
    assert result.periods == 60 and result.monthly_payment == D("100.01") and result.last_payment == D("99.65")
    # without a limit the contract's half-up stays (52,000 / 60 → 866.67, last 866.47)
    assert plan([{"amount": 52000}], periods=60, today=TODAY).last_payment == D("866.47")


# ---- issue 23 item 4: what a partial letter asks for its gap, and a plan's end date on a principal basis ----------


def test_a_gap_on_the_amount_said_is_not_closed_by_waiving_interest():
    # 100,000 said, 900 a month: 60 × 900 = 54,000, a 46,000 gap that holds no interest to waive
    result = plan([{"bank": "招行", "amount": 100000}], monthly_budget=900, today=TODAY)
    assert result.mode == "partial" and result.shortfall == D(46000) and result.gap_kind == "principal"
    letter = result.letter
    assert "这部分差额无法靠减免利息、违约金弥补" in letter and "就这46,000.00元差额与本人另行协商" in letter
    assert "使剩余欠款能在60期内还清" not in letter
    assert any("减免利息、违约金补不上" in n for n in result.notes)


def test_a_gap_within_the_known_interest_and_fees_asks_to_waive_them():
    result = plan([{"bank": "招行", "amount": 50000, "statement_balance": 60000}], monthly_budget=900, today=TODAY)
    assert result.shortfall == D(6000) and result.gap_kind == "fees"
    assert "恳请贵行减免利息、违约金及相关费用（约10,000.00元），使剩余欠款能在60期内还清" in result.letter


def test_a_gap_beyond_the_known_interest_and_fees_names_the_principal_left():
    result = plan([{"bank": "招行", "amount": 90000, "statement_balance": 100000}], monthly_budget=900, today=TODAY)
    assert result.shortfall == D(46000) and result.gap_kind == "fees_and_principal"
    assert "（约10,000.00元），仍相差本金约36,000.00元" in result.letter


def test_a_statement_balance_of_unknown_structure_asks_to_negotiate_what_remains():
    result = plan([{"bank": "招行", "amount": 100000, "statement_balance": 100000}], monthly_budget=900,
                  today=TODAY)
    assert result.gap_kind == "unknown" and "如减免后仍不能在60期内还清，恳请就剩余差额与本人另行协商" in result.letter


def test_a_plan_on_the_amount_said_holds_its_end_date_only_if_charges_are_waived():
    result = plan([{"bank": "招行", "amount": 24000}], monthly_budget=2000, today=TODAY)
    assert result.mode == "plan" and result.gap_kind is None
    assert "需贵行一并减免，才能按上述安排于2027年12月1日还清" in result.letter
    statement = plan([{"bank": "招行", "amount": 20000, "statement_balance": 24000}], monthly_budget=2000,
                     today=TODAY)
    assert "一并减免，才能" not in statement.letter
