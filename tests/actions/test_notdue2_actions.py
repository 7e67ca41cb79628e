"""Persona trial s10 P4 (issue 19/23): a first-card user who is NOT overdue (due in 5 days, statement 6,000, minimum
600, has 400). 个性化分期 is never offered to her as the cheaper way; her instalment follow-ups and her 「先还400 再凑200」
are answered as asked."""
from __future__ import annotations

from decimal import Decimal

import pytest

from actions.finance_answers import ActionAnswerInstallment
from actions.whatif import ActionAnswerWhatIf
from bot import finance
from tests.actions.conftest import opened
from tests.actions.test_whatif_actions import all_text

pytestmark = pytest.mark.asyncio
D = Decimal
NOT_OVERDUE = {"case": {"cards": [{"amount": "6000", "statement_balance": "6000", "min_payment": "600",
                                   "overdue_days": 0}]},
               "debt_amount": 6000.0, "overdue_days": 0.0}
DAYS_UNKNOWN = {"case": {"cards": [{"amount": "6000", "statement_balance": "6000", "min_payment": "600"}]},
                "debt_amount": 6000.0}
OVERDUE = {"case": {"cards": [{"amount": "6000", "statement_balance": "6000", "min_payment": "600",
                               "overdue_days": 20}]},
           "debt_amount": 6000.0, "overdue_days": 20.0}
P4_T3 = "账单分期和最低还款哪个划算啊 6000分12期大概多少手续费"


async def answer(action, make_tracker, dispatcher, domain, slots, text, intent):
    await action.run(dispatcher, make_tracker(slots, text=text, intent=intent), domain)
    return all_text(domain, dispatcher)


@pytest.mark.parametrize("slots", [NOT_OVERDUE, DAYS_UNKNOWN], ids=["not-overdue", "days-unknown"])
@pytest.mark.parametrize("action, intent", [(ActionAnswerWhatIf(), "ask_what_if"),
                                            (ActionAnswerInstallment(), "ask_installment")])
async def test_no_personal_instalment_offered_to_someone_not_overdue(make_tracker, dispatcher, domain, slots, action,
                                                                     intent):
    text = await answer(action, make_tracker, dispatcher, domain, slots, P4_T3, intent)
    bill = finance.installment(D(6000), 12, D("0.006"))
    assert f"{bill.per_period:,.2f}" in text and f"{bill.total_fee:,.2f}" in text  # 536.00, 432.00
    assert "两种办法" not in text and "假设停息" not in text and "不多付利息" not in text, text
    assert "每月约 500.00 元" not in text, text


async def test_not_overdue_gets_no_talk_of_personal_instalments_at_all(make_tracker, dispatcher, domain):
    text = await answer(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, NOT_OVERDUE, P4_T3, "ask_what_if")
    # (the 账单分期 rules may say 「分期后不能再分期（个性化分期除外）」: a rule, no offer)
    assert "停息" not in text and "个性化分期（" not in text and "个性化分期要" not in text, text


async def test_overdue_still_gets_both_ways_with_which_applies(make_tracker, dispatcher, domain):
    text = await answer(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, OVERDUE, "分12期每月多少",
                        "ask_what_if")
    assert "个性化分期" in text and "已经逾期的卡一般办不了账单分期" in text, text
