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
from tests.actions.test_whatif_actions import render

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
    return "\n".join(m["text"] if m.get("text") else render(domain, m) for m in opened(dispatcher))


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


# ---- P4 #7–#17: what she asked, answered ---------------------------------------------------------------------------

@pytest.mark.parametrize("action, intent", [(ActionAnswerWhatIf(), "ask_what_if"),
                                            (ActionAnswerInstallment(), "ask_min_payment")])
async def test_two_payments_before_the_due_date_are_the_minimum_on_time(make_tracker, dispatcher, domain, action,
                                                                         intent):
    text = await answer(action, make_tracker, dispatcher, domain, NOT_OVERDUE,
                        "好的谢谢 那我先还400 再想办法凑200 在还款日前还上 这样可以吧", intent)
    assert text.startswith("可以：到期还款日前一共还够最低还款额600.00元（400.00+200.00）"), text
    assert "全额计息" in text and "6,000.00" in text  # interest still runs on the whole statement at a full-interest bank
    assert "还差" not in text and "已改" not in text


async def test_part_now_or_wait_is_answered_not_which_card(make_tracker, dispatcher, domain):
    text = await answer(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, NOT_OVERDUE,
                        "不是问哪张卡 我就一张卡 我是问手上400块 是现在先还进去 还是等凑够600一起还 有区别吗",
                        "ask_what_if")
    assert text.startswith("没区别：只要到期还款日前一共还够最低还款额600.00元，先还400.00元、再补上200.00元"), text
    assert "就先还它" not in text and "一张卡" not in text


async def test_the_last_part_two_days_later_depends_on_the_day(make_tracker, dispatcher, domain):
    text = await answer(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, NOT_OVERDUE,
                        "你还是没回答我 还款日前先还400 过两天再还200 总共600 这样算不算按时还了最低", "ask_what_if")
    assert text.startswith("看最后那200.00元哪天到账"), text
    assert "违约金约10.00元" in text, text  # 5 % of the 200 unpaid (no floor for an unknown bank)


@pytest.mark.parametrize("said", ["分期以后还要还最低还款吗",
                                  "我问的是分期以后 那分期的部分还有没有最低还款 你一直回一样的"])
async def test_what_is_due_after_the_instalment(make_tracker, dispatcher, domain, said):
    text = await answer(ActionAnswerInstallment(), make_tracker, dispatcher, domain,
                        {**NOT_OVERDUE, "installments": 12.0}, said, "ask_min_payment")
    assert text.startswith("分期的部分没有最低还款：每月按期还分期款（6,000.00元分12期，约536.00元/期"), text
    assert "通用（默认）的最低还款额" not in text  # not the minimum-payment bubble again


def _turns(*texts_and_undo):
    events = []
    for item in texts_and_undo:
        if isinstance(item, dict):
            events.append({"event": "slot", "name": "case_undo", "value": item})
        else:
            events.append({"event": "user", "text": item})
    return events


async def test_undo_takes_back_only_a_recent_change(make_tracker):
    """P4 #13: 「撤销 我没说每月能还536」, nothing stored that turn, undid 0 days said seven messages before (→ 2 days)."""
    from actions.case_slots import undo_still_meant

    before = {"cards": [{"amount": "6000", "overdue_days": 2}]}
    tracker = make_tracker({"case_undo": before}, text="撤销")
    tracker.events = _turns("不是 我还没逾期", before, "我现在有400", "分期以后还要还最低还款吗", "分期的部分还有没有最低还款",
                            "撤销 我没说每月能还536")
    assert not undo_still_meant(tracker)
    tracker.events = _turns("收入改成5000", before, "撤销")
    assert undo_still_meant(tracker)
    tracker.events = _turns("收入改成5000", before, "利息多少", "撤销")
    assert undo_still_meant(tracker)
