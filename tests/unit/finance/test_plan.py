from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import Debt, FinanceInputError, plan, plan_from_dict
from bot.finance.plan import add_months, default_start_date, mask_numbers

D = Decimal
TODAY = date(2024, 5, 10)


def test_contract_example_minsheng():
    result = plan([{"bank": "民生银行", "amount": 52000}], monthly_income=3800, monthly_expenses=1500,
                  monthly_budget=900, periods=60, today=TODAY)
    assert result.periods == 60
    assert result.monthly_payment == D("866.67")
    assert result.feasible
    assert result.last_payment == D("866.47")
    assert sum(p.payment for p in result.schedule) == D(52000)
    data = result.to_dict()
    assert data["monthly_payment"] == 866.67 and data["feasible"] is True and "民生银行" in data["letter"]


def test_domain_example_60000_over_60():
    result = plan([Debt(D(60000))], periods=60, today=TODAY)
    assert result.monthly_payment == D("1000.00") and result.last_payment == D("1000.00")


def test_periods_from_budget_is_ceiling_capped_at_60():
    assert plan([{"amount": 10000}], monthly_budget=3000, today=TODAY).periods == 4
    result = plan([{"amount": 10000}], monthly_budget=100, today=TODAY)
    assert result.periods == 60 and not result.feasible
    assert result.monthly_payment == D("166.67")  # the least that fits 60 periods
    assert result.budget_increase_needed == D("66.67")
    assert result.reduction_needed == D("4000.00")


def test_periods_from_income_minus_expenses():
    result = plan([{"amount": 12000}], monthly_income=5000, monthly_expenses=4000, today=TODAY)
    assert result.periods == 12 and result.feasible and result.capacity == D(1000)


def test_income_cannot_carry_even_60_periods():
    result = plan([{"amount": 60000}], monthly_income=3000, monthly_expenses=2500, today=TODAY)
    assert not result.feasible and result.within_capacity is False
    assert result.monthly_payment == D("1000.00")
    assert result.reduction_needed == D("30000.00")
    assert any("减免" in note for note in result.notes)


def test_no_capacity_at_all():
    result = plan([{"amount": 6000}], monthly_income=0, monthly_expenses=1500, today=TODAY)
    assert not result.feasible and result.reduction_needed == D(6000)


def test_requested_periods_too_short_become_the_periods_that_fit():
    # never more than the person can pay: 12 periods would need 1,000 a month, the budget is 500
    result = plan([{"amount": 12000}], monthly_budget=500, periods=12, today=TODAY)
    assert result.feasible and result.suggested_periods == 24 and result.periods == 24
    assert result.monthly_payment == D("500.00") and "12期" in result.notes[0]


def test_several_cards_pro_rata():
    debts = [{"bank": "招行", "amount": 30000}, {"bank": "工商银行", "amount": "12345.67", "card_last4": "1234"}]
    result = plan(debts, monthly_budget=1000, today=TODAY)
    assert result.periods == 43
    assert [c.bank for c in result.cards] == ["招商银行", "工商银行"]
    for index, card in enumerate(result.cards):
        assert sum(p.by_card[index] for p in result.schedule) == card.amount
    assert all(p.payment == sum(p.by_card) for p in result.schedule)
    assert len(result.letters) == 2 and "1234" in result.letters[1].letter
    assert any("比例" in a for a in result.assumptions)


def test_letter_carries_article_70_and_documents_and_no_numbers():
    result = plan(
        [{"bank": "民生银行", "amount": 52000}], monthly_income=3800, monthly_expenses=1500, monthly_budget=900,
        periods=60, hardship_reason="2024年3月失业，卡号6225880112345678，手机13800138000，身份证11010119900101123X",
        name="张三", today=TODAY,
    )
    letter = result.letter
    for item in ("第七十条", "超出了本人的实际还款能力", "愿意继续偿还", "不超过5年", "不再向任何银行申请新的信用卡",
                 "2024年3月失业", "866.67", "60期", "2024年6月1日", "身份证复印件", "困难情况说明",
                 "3至6个月的工资流水", "失业证明", "卡号末四位：____", "张三"):
        assert item in letter, item
    assert not re.search(r"\d{7,}", letter.replace(",", ""))
    assert "6225880112345678" not in letter and "13800138000" not in letter


def test_letter_placeholders_without_reason_or_name():
    letter = plan([{"amount": 1000}], today=TODAY).letter
    assert "____（请填写" in letter and "申请人：________" in letter and "____银行" in letter


def test_dates():
    assert default_start_date(date(2024, 5, 10)) == date(2024, 6, 1)
    assert default_start_date(date(2024, 5, 20)) == date(2024, 7, 1)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    result = plan([{"amount": 1200}], periods=12, today=TODAY, start_date="2024-12-15")
    assert result.schedule[1].due_date == date(2025, 1, 15) and result.end_date == date(2025, 11, 15)


def test_mask_numbers():
    assert mask_numbers("电话 138-0013-8000 收入3800") == "电话 **** 收入3800"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"debts": []}, "debts"),
    ({"debts": "52000"}, "debts"),
    ({"debts": [{"amount": -1}]}, "debts[0].amount"),
    ({"debts": [{"amount": "abc"}]}, "debts[0].amount"),
    ({"debts": [{"bank": "民生银行"}]}, "debts[0].amount"),
    ({"debts": [{"amount": 1, "card_last4": "6225880112345678"}]}, "debts[0].card_last4"),
    ({"debts": [{"amount": 1, "card": "x"}]}, "debts[0].card"),
    ({"debts": [{"amount": 1}], "periods": 0}, "periods"),
    ({"debts": [{"amount": 1}], "periods": 61}, "periods"),
    ({"debts": [{"amount": 1}], "monthly_budget": -1}, "monthly_budget"),
    ({"debts": [{"amount": 1}], "monthly_income": -1}, "monthly_income"),
    ({"debts": [{"amount": 1}], "monthly_expenses": "x"}, "monthly_expenses"),
    ({"debts": [{"amount": 1}], "start_date": "2024-01-01"}, "start_date"),
    ({"debts": [{"amount": 1}], "hardship_reason": 5}, "hardship_reason"),
])
def test_bad_input(kwargs, field):
    with pytest.raises(FinanceInputError) as info:
        plan(**kwargs, today=TODAY)
    assert info.value.field == field


def test_from_dict_rejects_unknown_keys_and_needs_debts():
    with pytest.raises(FinanceInputError, match="unknown field"):
        plan_from_dict({"debts": [{"amount": 1}], "budget": 5}, today=TODAY)
    with pytest.raises(FinanceInputError) as info:
        plan_from_dict({}, today=TODAY)
    assert info.value.field == "debts"


@given(st.lists(st.decimals(min_value=D("0.01"), max_value=D("2000000"), places=2), min_size=1, max_size=5),
       st.integers(1, 60))
def test_schedule_sums_exactly_to_the_total(amounts, periods):
    result = plan([{"amount": a} for a in amounts], periods=periods, today=TODAY)
    assert len(result.schedule) == periods
    assert sum(p.payment for p in result.schedule) == result.total == sum(amounts)
    assert all(p.payment >= 0 and all(x >= 0 for x in p.by_card) for p in result.schedule)
    for index, amount in enumerate(amounts):
        assert sum(p.by_card[index] for p in result.schedule) == amount


@given(st.decimals(min_value=D(100), max_value=D(1000000), places=2), st.decimals(min_value=D(50), max_value=D(50000), places=2))
def test_budget_feasibility(total, budget):
    result = plan([{"amount": total}], monthly_budget=budget, today=TODAY)
    assert result.periods <= 60
    if result.feasible:
        assert total / result.periods <= budget and result.monthly_payment <= budget
        assert result.last_payment <= budget + D("0.30")
    else:
        assert result.periods == 60 and result.budget_increase_needed > 0


def test_a_budget_of_zero_is_a_hardship_request_not_an_error():
    # probe E06: 「一分都拿不出来 0」 was refused; nothing to spare is a hardship and deferment request (DOMAIN §5)
    result = plan([{"bank": "民生银行", "amount": 60000}], monthly_expenses=2000, monthly_budget=0, today=TODAY)
    assert result.mode == "hardship" and not result.feasible and result.offered_payment == 0
    assert "暂缓" in result.letter and "每期还款" not in result.letter


@pytest.mark.parametrize(("income", "expenses"), [(3000, 3500), (2000, 2000)])
def test_the_letter_never_prints_a_negative_or_zero_surplus(income, expenses):
    # probe: 「每月结余约-500.00元」; expenses above income are said as such
    result = plan([{"amount": 20000}], monthly_income=income, monthly_expenses=expenses, today=TODAY)
    assert "结余约-" not in result.letter and "结余约0.00元" not in result.letter
    if expenses > income:
        assert f"必要生活支出超过收入约{expenses - income:,.2f}元" in result.letter
    else:
        assert "没有结余" in result.letter


def test_a_deferment_has_no_negative_surplus_and_no_first_instalment_in_its_notes():
    # probe E06 re-run: 「每月预算0.00元高于…结余-2,000.00元」 and 「第一期定于…」 for a request with no schedule
    result = plan([{"amount": 60000}], monthly_income=0, monthly_expenses=2000, monthly_budget=0, today=TODAY)
    said = "\n".join(result.notes + result.assumptions)
    assert "-2,000.00" not in said and "第一期" not in said and result.mode == "hardship"
