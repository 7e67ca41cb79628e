"""quote(): DOMAIN §8 examples, grace, tolerance, cash, minimum, 违约金, and properties."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import FinanceInputError, quote
from bot.finance.statement import Payment, StatementCase, Transaction

D = Decimal


# ── published examples ──────────────────────────────────────────────────────────────────────────
def test_cmb_full_interest_17_85(cmb_case):
    result = quote(cmb_case)
    assert result.interest == D("17.85")
    assert result.penalty == D("0.00")
    assert result.total_due == D("917.85")
    assert result.method == "full"
    assert [(s.days, s.balance) for s in result.segments] == [(24, D(1000)), (13, D(900))]
    assert result.alternative_interest == D("16.65")


def test_cmb_unpaid_part_16_65(cmb_case):
    cmb_case["method"] = "unpaid_only"
    result = quote(cmb_case)
    assert result.interest == D("16.65")
    assert [(s.days, s.balance) for s in result.segments] == [(37, D(900))]


def test_ccb_122(ccb_case):
    result = quote(ccb_case)
    assert result.interest == D("122.00")
    assert result.method == "full"
    assert result.min_payment == D("1000.00") and result.min_payment_estimated
    assert result.penalty == 0
    assert result.total_due == D("2122.00")


def test_icbc_defaults_to_unpaid_part(cmb_case):
    cmb_case.update(bank="工商银行", method=None)
    assert quote(cmb_case).interest == D("16.65")


def test_contract_fields_in_json(cmb_case):
    data = quote(cmb_case).to_dict()
    assert data["interest"] == 17.85 and data["penalty"] == 0.0 and data["method"] == "full"
    assert data["total_due"] == 917.85 and data["daily_rate"] == 0.0005
    assert isinstance(data["assumptions"], list) and all(isinstance(a, str) for a in data["assumptions"])
    assert any("记账日" in a for a in data["assumptions"])
    assert data["sources"]


def test_typed_case_equals_dict_case(cmb_case):
    case = StatementCase(
        statement_date=date(2024, 4, 5), due_date=date(2024, 4, 23), next_statement_date=date(2024, 5, 5),
        transactions=(Transaction(date(2024, 3, 30), D(1000)),), payments=(Payment(date(2024, 4, 23), D(100)),),
        bank="招商银行", min_payment=D(100),
    )
    assert quote(case).interest == quote(cmb_case).interest


# ── tolerance and grace ─────────────────────────────────────────────────────────────────────────
def test_tolerance_boundary_10_00_vs_10_01(cmb_case):
    cmb_case["payments"] = [{"date": "2024-04-23", "amount": "990.00"}]
    inside = quote(cmb_case)
    assert inside.paid_in_full and inside.tolerance_applied
    assert inside.interest == 0 and inside.penalty == 0
    assert inside.total_due == D("10.00")

    cmb_case["payments"] = [{"date": "2024-04-23", "amount": "989.99"}]
    outside = quote(cmb_case)
    assert not outside.paid_in_full
    assert outside.interest == D("12.07")  # 1000×24 + 10.01×13 days at 0.05%


def test_grace_days_count_as_on_time(cmb_case):
    cmb_case["payments"] = [{"date": "2024-04-26", "amount": 1000}]  # due + 3 (招商: 3 days' grace)
    assert quote(cmb_case).interest == 0
    cmb_case["payments"] = [{"date": "2024-04-27", "amount": 1000}]
    late = quote(cmb_case)
    assert not late.paid_in_full and late.interest == D("14.00")  # 1000 × 28 days


def test_icbc_has_no_grace(cmb_case):
    cmb_case.update(bank="工商银行", payments=[{"date": "2024-04-24", "amount": 1000}])
    assert not quote(cmb_case).paid_in_full


def test_minimum_paid_within_grace_means_no_penalty(cmb_case):
    cmb_case["payments"] = [{"date": "2024-04-25", "amount": 100}]
    assert quote(cmb_case).penalty == 0


# ── cash, minimum, 违约金 ────────────────────────────────────────────────────────────────────────
def test_cash_advance_bears_interest_even_when_paid_in_full(cmb_case):
    cmb_case["transactions"] = [{"posted": "2024-03-30", "amount": 1000, "kind": "cash"}]
    cmb_case["payments"] = [{"date": "2024-04-23", "amount": 1000}]
    cmb_case["min_payment"] = None
    result = quote(cmb_case)
    assert result.paid_in_full
    assert result.interest == D("12.00")  # Mar 30 .. Apr 22
    assert result.total_due == D("12.00")
    assert any("取现" in a for a in result.assumptions)


def test_minimum_computed_from_schedule(cmb_case):
    cmb_case["min_payment"] = None
    cmb_case["transactions"] = [
        {"posted": "2024-03-30", "amount": 1000},
        {"posted": "2024-04-01", "amount": 500, "kind": "cash"},
    ]
    result = quote(cmb_case)
    assert result.min_payment == D("600.00") and result.min_payment_estimated
    assert result.unpaid_min == D("500.00")
    assert result.penalty == D("25.00")


def test_penalty_when_minimum_not_paid(cmb_case):
    cmb_case["payments"] = [{"date": "2024-04-23", "amount": 50}]
    result = quote(cmb_case)
    assert result.unpaid_min == D("50.00")
    assert result.penalty == D("10.00")  # 2.50 raised to the 招商 floor
    assert result.interest == D("18.18")  # 1000×24 + 950×13 = 18.175
    assert result.total_due == D("950") + D("18.18") + D("10.00")


def test_nothing_paid(cmb_case):
    cmb_case["payments"] = []
    result = quote(cmb_case)
    assert result.interest == D("18.50")  # 1000 × 37 days
    assert result.penalty == D("10.00")


def test_unknown_bank_is_flagged_and_method_other_figure_offered(cmb_case):
    cmb_case.update(bank="某某银行", method=None)
    result = quote(cmb_case)
    assert result.schedule_is_default
    assert any("默认规则" in a for a in result.assumptions)
    assert any("16.65" in a for a in result.assumptions)


def test_default_rate_is_said_to_be_a_default(cmb_case):
    del cmb_case["daily_rate"]
    assert "按日利率万分之五计息（默认值，以您的领用合约为准）" in quote(cmb_case).assumptions


# ── bad input ───────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("change", "field"), [
    ({"due_date": "2024-04-01"}, "due_date"),
    ({"due_date": "2024-04-05"}, "due_date"),
    ({"next_statement_date": "2024-04-20"}, "next_statement_date"),
    ({"statement_date": "2024-02-30"}, "statement_date"),
    ({"transactions": []}, "transactions"),
    ({"transactions": [{"posted": "2024-04-06", "amount": 1}]}, "transactions[0].posted"),
    ({"transactions": [{"posted": "2024-03-30", "amount": -1}]}, "transactions[0].amount"),
    ({"transactions": [{"posted": "2024-03-30", "amount": "abc"}]}, "transactions[0].amount"),
    ({"transactions": [{"posted": "2024-03-30", "amount": 1, "kind": "fee"}]}, "transactions[0].kind"),
    ({"payments": [{"date": "2024-04-01", "amount": 1}]}, "payments[0].date"),
    ({"payments": [{"date": "2024-04-10", "amount": 0}]}, "payments[0].amount"),
    ({"min_payment": -5}, "min_payment"),
    ({"min_payment": 5000}, "min_payment"),
    ({"method": "simple"}, "method"),
    ({"daily_rate": 0.05}, "daily_rate"),
    ({"bank": 3}, "bank"),
    ({"statment_date": "2024-04-05"}, "statment_date"),
])
def test_bad_input_names_the_field(cmb_case, change, field):
    cmb_case.update(change)
    with pytest.raises(FinanceInputError) as info:
        quote(cmb_case)
    assert info.value.field == field


# ── properties ──────────────────────────────────────────────────────────────────────────────────
amounts = st.decimals(min_value=D("0.01"), max_value=D("200000"), places=2)


@st.composite
def cases(draw, purchases_only: bool = False):
    statement = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
    due = statement + timedelta(days=draw(st.integers(15, 25)))
    next_statement = statement + timedelta(days=draw(st.integers(28, 31)))
    kinds = st.just("purchase") if purchases_only else st.sampled_from(["purchase", "cash"])
    transactions = draw(st.lists(
        st.builds(lambda back, amount, kind: Transaction(statement - timedelta(days=back), amount, kind),
                  st.integers(0, 30), amounts, kinds),
        min_size=1, max_size=4,
    ))
    cycle = (next_statement - statement).days
    payments = draw(st.lists(
        st.builds(lambda day, amount: Payment(statement + timedelta(days=day), amount),
                  st.integers(1, cycle), amounts),
        max_size=3,
    ))
    bank = draw(st.sampled_from([None, "招商银行", "工商银行", "中信银行", "华夏银行"]))
    return StatementCase(statement, due, next_statement, tuple(transactions), tuple(payments), bank=bank)


def _with(case: StatementCase, **changes) -> StatementCase:
    return StatementCase(**{**case.__dict__, **changes})


@given(cases())
def test_money_never_negative_and_total_adds_up(case):
    result = quote(case)
    assert result.interest >= 0 and result.penalty >= 0 and result.total_due >= 0
    assert result.total_due == result.principal_outstanding + result.interest + result.penalty
    assert result.interest.as_tuple().exponent == -2


@given(cases())
def test_unpaid_part_never_exceeds_full(case):
    full = quote(_with(case, method="full")).interest
    unpaid_only = quote(_with(case, method="unpaid_only")).interest
    assert unpaid_only <= full


@given(cases(), st.integers(1, 40))
def test_monotone_in_days_to_next_statement(case, extra):
    later = _with(case, next_statement_date=case.next_statement_date + timedelta(days=extra))
    assert quote(later).interest >= quote(case).interest


@given(cases(), amounts, st.integers(1, 31), st.integers(1, 31), st.sampled_from(["full", "unpaid_only"]))
def test_monotone_in_repayment_day(case, amount, day_a, day_b, method):
    cycle = (case.next_statement_date - case.statement_date).days
    early, late = sorted((min(day_a, cycle), min(day_b, cycle)))

    def paid_on(offset: int) -> StatementCase:
        payment = Payment(case.statement_date + timedelta(days=offset), amount)
        return _with(case, payments=(payment,), method=method)

    assert quote(paid_on(late)).interest >= quote(paid_on(early)).interest


@given(cases(purchases_only=True), amounts, st.sampled_from(["full", "unpaid_only"]))
def test_monotone_in_amount(case, extra, method):
    first = case.transactions[0]
    bigger = (Transaction(first.posted, first.amount + extra, first.kind), *case.transactions[1:])
    base = _with(case, method=method)
    assert quote(_with(base, transactions=bigger)).interest >= quote(base).interest


@given(st.decimals(min_value=D("10.02"), max_value=D("500000"), places=2), st.sampled_from([None, "招商银行", "工商银行"]))
def test_tolerance_boundary_property(balance, bank):
    statement = date(2024, 4, 5)
    case = StatementCase(
        statement, date(2024, 4, 23), date(2024, 5, 5), (Transaction(date(2024, 3, 30), balance),), bank=bank,
    )
    inside = quote(_with(case, payments=(Payment(date(2024, 4, 23), balance - D("10.00")),)))
    outside = quote(_with(case, payments=(Payment(date(2024, 4, 23), balance - D("10.01")),)))
    assert inside.paid_in_full and inside.interest == 0 and inside.penalty == 0
    assert not outside.paid_in_full and outside.interest > 0
