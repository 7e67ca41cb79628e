"""Persona trial s10 P1 #3 (issue 23): 「申请书里原因那里空着 帮我填上 …」 is a reason edit, never an expenses edit."""
from decimal import Decimal

from bot.case import Case
from bot.nlu.case_update import filled_reason, update_case


def _case() -> Case:
    return update_case(Case(), "欠招行2万 月收入8500 月必要支出3000").case


def test_fill_request_sets_the_reason_in_the_persons_words():
    result = update_case(_case(), "申请书里原因那里空着 帮我填上 要养老家爸妈 每月寄五百")
    assert result.case.situation.hardship_reason == "要养老家爸妈，每月寄五百"
    assert result.changed == ("hardship_reason",)


def test_fill_request_leaves_the_expenses_total():
    result = update_case(_case(), "申请书里原因那里空着 帮我填上 要养老家爸妈 每月寄五百")
    assert result.case.situation.monthly_expenses == Decimal("3000")


def test_no_fill_request_is_no_reason():
    assert filled_reason("每月寄五百") is None
    assert filled_reason("原因那里写什么好") is None
