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


# ---- mut7 (mutation check of session 6): the plan asked about again inside its form (probe s4 E01) -------------------
# actions/forms.py KayouFormValidation._asked_again_inside and validate_hardship_reason had no unit test: every mutant of
# the lines session 6 added survived or had no test.

E01_ASK = "申请书里说的是啥 我要签字的吧"


def _letter_holds_sent(dispatcher) -> bool:
    from actions import texts as x

    return [m.get("text") for m in dispatcher.messages] == [x.PLAN_LETTER_HOLDS]


def test_the_letter_asked_about_inside_the_plan_form_gets_what_it_holds_and_the_question_again(make_tracker, dispatcher):
    from rasa_sdk.events import SlotSet

    from actions.forms import ValidatePlanForm

    tracker = make_tracker(text=E01_ASK, intent="request_plan_draft", active_loop="plan_form",
                           requested_slot="hardship_reason")
    assert ValidatePlanForm()._asked_again_inside(dispatcher, tracker, []) == [SlotSet("hardship_reason", None)]
    assert _letter_holds_sent(dispatcher)
    # the form's own bookkeeping (requested_slot) is no answer: the form still goes on with its question
    dispatcher.messages.clear()
    events = [SlotSet("requested_slot", "hardship_reason")]
    assert ValidatePlanForm()._asked_again_inside(dispatcher, tracker, events) == [SlotSet("hardship_reason", None)]
    assert _letter_holds_sent(dispatcher)


def test_the_plan_asked_for_again_without_a_question_gets_no_letter_line(make_tracker, dispatcher):
    from rasa_sdk.events import SlotSet

    from actions.forms import ValidateOverdueForm, ValidatePlanForm

    tracker = make_tracker(text="帮我写申请书", intent="request_plan_draft", active_loop="plan_form",
                           requested_slot="monthly_income")
    assert ValidatePlanForm()._asked_again_inside(dispatcher, tracker, []) == [SlotSet("monthly_income", None)]
    assert dispatcher.messages == []
    # the overdue form holds no letter: its question again, never the letter's line
    tracker = make_tracker(text=E01_ASK, intent="request_plan_draft", active_loop="overdue_form",
                           requested_slot="overdue_days")
    assert ValidateOverdueForm()._asked_again_inside(dispatcher, tracker, []) == [SlotSet("overdue_days", None)]
    assert dispatcher.messages == []


@pytest.mark.parametrize("case", ["other intent", "no question waiting", "slot already filled", "an answer validated"])
def test_the_form_goes_on_as_rasa_runs_it_when_the_plan_was_not_asked_again(case, make_tracker, dispatcher):
    from rasa_sdk.events import SlotSet

    from actions.forms import ValidatePlanForm

    intent = "inform" if case == "other intent" else "request_plan_draft"
    requested = None if case == "no question waiting" else "hardship_reason"
    slots = {"hardship_reason": "生意不好"} if case == "slot already filled" else {}
    events = [SlotSet("monthly_income", 5500)] if case == "an answer validated" else []
    tracker = make_tracker(slots, text=E01_ASK, intent=intent, active_loop="plan_form", requested_slot=requested)
    assert ValidatePlanForm()._asked_again_inside(dispatcher, tracker, events) == []
    assert dispatcher.messages == []


def test_a_question_about_the_letter_as_the_reason_gets_what_it_holds_never_the_invalid_line(make_tracker, dispatcher,
                                                                                              domain):
    from actions.forms import ValidatePlanForm

    # the case update refused the question as a reason (tests/unit/nlu/test_reading_probes_s4.py): no candidate
    tracker = make_tracker(text=E01_ASK, intent="inform", active_loop="plan_form", requested_slot="hardship_reason")
    assert ValidatePlanForm().validate_hardship_reason(None, dispatcher, tracker, domain) == {"hardship_reason": None}
    assert _letter_holds_sent(dispatcher)
    # the letter named without a question, or a question without the letter: the reason is asked for again
    for text in ("申请书我看过了", "这是啥"):
        dispatcher.messages.clear()
        tracker = make_tracker(text=text, intent="inform", active_loop="plan_form", requested_slot="hardship_reason")
        assert ValidatePlanForm().validate_hardship_reason(None, dispatcher, tracker, domain) == {"hardship_reason": None}
        assert [m.get("response") for m in dispatcher.messages] == ["utter_invalid_hardship_reason"], text
    # a reason given is kept, two characters are enough (「失业」)
    dispatcher.messages.clear()
    assert ValidatePlanForm().validate_hardship_reason("失业", dispatcher, tracker, domain) == {
        "hardship_reason": "失业"}
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_the_plan_form_run_goes_on_with_its_question_after_the_letter_asked_about(make_tracker, dispatcher, domain):
    # through the validator's run as Rasa calls it: the line on what the letter holds, the slot asked again, no rejection
    from rasa_sdk.events import SlotSet

    from actions.forms import ValidatePlanForm

    tracker = make_tracker(text=E01_ASK, intent="request_plan_draft", active_loop="plan_form",
                           requested_slot="hardship_reason")
    events = await ValidatePlanForm().run(dispatcher, tracker, domain)
    assert SlotSet("hardship_reason", None) in events
    assert not any(e.get("event") == "action_execution_rejected" for e in events)
    assert _letter_holds_sent(dispatcher)


@pytest.mark.asyncio
async def test_the_plan_form_run_validates_a_reason_refused_with_the_letters_line(make_tracker, dispatcher, domain):
    # the case update refused the question as the reason (the slot candidate is None): the validator says what the
    # letter holds through the dispatcher Rasa gives it
    from actions.forms import ValidatePlanForm

    tracker = make_tracker(text=E01_ASK, intent="inform", active_loop="plan_form", requested_slot="hardship_reason")
    tracker.events.append({"event": "slot", "name": "hardship_reason", "value": None})
    events = await ValidatePlanForm().run(dispatcher, tracker, domain)
    assert {"event": "slot", "name": "hardship_reason", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert _letter_holds_sent(dispatcher)
