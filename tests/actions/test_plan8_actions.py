"""The plan confirmation goes on after 「继续吧」 (helper plan8, issue 19): with a summary waiting, action_resume_form shows
it again and 「确认」 then drafts the letter; with nothing waiting, 「现在没有进行到一半的计算」. A bare figure far from its
bank is asked in one line naming the card and the debt kept."""
from __future__ import annotations

from decimal import Decimal

import pytest

from actions.case_slots import case_events, unsure_events
from actions.plan import ActionDraftRepaymentPlan, ActionResumeForm
from bot.case import Card, Case, Situation

CASE = Case(cards=(Card(bank="招商银行", amount=Decimal(38000)), Card(bank="建设银行", amount=Decimal(15000))),
            situation=Situation(monthly_income=Decimal(6000), monthly_expenses=Decimal(4000),
                                monthly_budget=Decimal(2000), hardship_reason="生意不好 收入少了一半"))


def as_slots(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def turn(action, slots, make_tracker, dispatcher, domain, text, intent):
    slots.update(as_slots(case_events(make_tracker(slots, text=text, intent=intent), domain)))
    dispatcher.messages.clear()
    slots.update(as_slots(await action.run(dispatcher, make_tracker(slots, text=text, intent=intent), domain)))
    return list(dispatcher.messages)


@pytest.mark.asyncio
async def test_continue_after_the_summary_shows_it_again_and_the_confirmation_goes_on(make_tracker, dispatcher, domain):
    slots = {"case": CASE.to_slot()}
    shown = await turn(ActionDraftRepaymentPlan(), slots, make_tracker, dispatcher, domain, "帮我写申请书",
                       "request_plan_draft")
    assert [m["response"] for m in shown] == ["utter_plan_summary"] and slots["plan_summary"]
    again = await turn(ActionResumeForm(), slots, make_tracker, dispatcher, domain, "继续吧", "resume_form")
    assert [m["response"] for m in again] == ["utter_plan_summary"]
    assert again[0]["summary"] == shown[0]["summary"]  # nothing changed: no 「已更新」
    assert "每月还1,962.97元，分27期" in again[0]["summary"] and not slots.get("plan_case_id")
    letter = await turn(ActionDraftRepaymentPlan(), slots, make_tracker, dispatcher, domain, "确认", "affirm")
    assert any("custom" in m for m in letter) and slots.get("plan_case_id")


@pytest.mark.asyncio
async def test_continue_with_nothing_waiting_says_so(make_tracker, dispatcher, domain):
    said = await turn(ActionResumeForm(), {"case": CASE.to_slot()}, make_tracker, dispatcher, domain, "继续",
                      "resume_form")
    assert [m["response"] for m in said] == ["utter_nothing_to_resume"]


def test_a_bare_figure_far_from_its_bank_is_asked_with_the_debt_kept():
    [event] = unsure_events("card_amount", ("unsure_card:建设银行:1000:32000",))
    assert event["text"].startswith("您说的1,000元，是建设银行的欠款，还是每月能拿出来还款的钱？")
    assert "还是32,000元" in event["text"] and "每月能还1,000" in event["text"]
    assert unsure_events("card_amount", ()) == []
