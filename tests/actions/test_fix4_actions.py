"""fix4: the interest answer after a partial payment, 「先还一万有用吗」's verdict, a monthly commitment in the plan."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.case import Card, Case


def case_slots(case: Case) -> dict:
    return {"case": case.to_slot(), **case.contract_slots()}


@pytest.mark.asyncio
async def test_interest_after_a_partial_payment_is_on_what_is_left(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionComputeOverdueInterest
    from bot.finance.projection import project_overdue

    case = Case(cards=(Card(bank="招商银行", amount=D(30000), overdue_days=60, paid=D(5000)),))
    tracker = make_tracker(slots=case_slots(case), text="那现在利息多少", intent="ask_interest")
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    message = next(m for m in dispatcher.messages if m.get("response") == "utter_interest_result")
    expected = project_overdue(D(30000), 60, bank="招商银行", paid=D(5000))
    assert message["total"] == f"{expected.total_owed:,.2f}" and message["interest"] == f"{expected.total_interest:,.2f}"
    assert message["principal"] == "30,000.00元，已还5,000.00元，剩余25,000.00"
    assert "已还的5,000.00元按在到期还款日当天还入估算" in message["cost_note"]


@pytest.mark.asyncio
async def test_interest_per_day_after_a_partial_payment(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionComputeOverdueInterest

    case = Case(cards=(Card(bank="招商银行", amount=D(30000), paid=D(5000)),))
    tracker = make_tracker(slots=case_slots(case), text="一天多少利息", intent="ask_interest")
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    message = next(m for m in dispatcher.messages if m.get("response") == "utter_interest_daily")
    assert message["daily"] == "12.50" and "剩余25,000.00" in message["principal"]
