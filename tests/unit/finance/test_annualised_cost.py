"""The annualised cost of an overdue debt (bot/finance/projection.py; issue 23 Tests: a survivor showed 42.2 %
instead of 28.1 % — the cost spread over the days overdue instead of the days since the posting date).

The cost is per year of the money actually used: interest + 违约金, over the principal, over the days from the
posting date (the missed statement's date, 20 days before the due date) to today."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.finance import project_overdue
from bot.finance.projection import DUE_GAP_DAYS


@pytest.mark.parametrize(("principal", "days"), [(10000, 40), (30000, 95), (8000, 365), (52000, 4)])
def test_the_cost_is_spread_over_the_days_since_posting(principal, days):
    p = project_overdue(principal, days, "招商银行")
    expected = (p.total_interest + p.total_penalty) / D(principal) * 365 / (days + DUE_GAP_DAYS)
    assert p.annualised_cost == expected
    wrong = (p.total_interest + p.total_penalty) / D(principal) * 365 / days
    assert p.annualised_cost < wrong  # the survivor's figure is always higher


def test_interest_alone_at_the_default_rate_is_about_18_percent_a_year():
    # 10,000 at 0.05 %/day from the posting date, 40 days overdue: 60 days of interest, one compounding
    p = project_overdue(10000, 40, "招商银行")
    assert p.total_interest == D("302.25")
    interest_cost = p.total_interest / D(10000) * 365 / (40 + DUE_GAP_DAYS)
    assert D("0.18") < interest_cost < D("0.19")
    fee_cost = p.total_penalty / D(10000) * 365 / 60
    assert abs(p.annualised_cost - interest_cost - fee_cost) < D("1e-20")
    # the figures for this case today: 28.1 %, where the survivor said 42.2 % (= 28.1 % × 60 / 40)
    wrong = p.annualised_cost * 60 / 40
    assert round(wrong, 3) != round(p.annualised_cost, 3)


def test_within_grace_there_is_no_cost():
    assert project_overdue(10000, 2, "招商银行").annualised_cost == 0
