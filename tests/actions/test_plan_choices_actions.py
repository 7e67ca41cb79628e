"""A typed payment day / method and a statement balance while the plan summary is showing: the case hook
(actions/case_slots.py) reads them, the summary (actions/plan.py) is shown again with them, the letter
uses them. Each turn runs as Rasa runs it: the hook's events on the tracker, then the action."""
from __future__ import annotations

from decimal import Decimal

import pytest

from actions import texts as x
from actions.case_slots import case_events
from actions.plan import ActionDraftRepaymentPlan
from bot.case import Card, Case, Situation

pytestmark = pytest.mark.asyncio

CASE = Case(cards=(Card(bank="民生银行", amount=Decimal(52000)),), situation=Situation(
    monthly_income=Decimal(3800), monthly_expenses=Decimal(1500), monthly_budget=Decimal(900), installments=60,
    hardship_reason="去年失业，现在打零工"))


def as_slots(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


class Conversation:
    """The slots of one conversation, turn after turn: hook, then the plan action."""

    def __init__(self, make_tracker, dispatcher, domain, **slots):
        self.make_tracker, self.dispatcher, self.domain = make_tracker, dispatcher, domain
        self.slots = {"case": CASE.to_slot(), **slots}

    async def turn(self, text: str, intent: str = "inform", run_action: bool = True) -> list[dict]:
        self.slots.update(as_slots(case_events(self.make_tracker(self.slots, text=text, intent=intent), self.domain)))
        self.dispatcher.messages.clear()
        if run_action:
            events = await ActionDraftRepaymentPlan().run(
                self.dispatcher, self.make_tracker(self.slots, text=text, intent=intent), self.domain)
            self.slots.update(as_slots(events))
        return list(self.dispatcher.messages)


async def test_a_typed_day_and_method_update_the_summary_then_the_letter(make_tracker, dispatcher, domain):
    talk = Conversation(make_tracker, dispatcher, domain)
    first = await talk.turn("帮我写申请书", intent="request_plan_draft")
    assert "还款日：每月15日" not in first[0]["summary"] and "还款方式：未选" in first[0]["summary"]
    again = await talk.turn("每月15号还款")
    assert talk.slots["plan_options"] == {"payment_day": 15}
    assert again[0]["response"] == "utter_plan_summary" and again[0]["summary"].startswith("已更新")
    assert "还款日：每月15日" in again[0]["summary"]
    again = await talk.turn("自动扣款")
    assert talk.slots["plan_options"] == {"payment_day": 15, "payment_method": "auto_debit"}
    assert "还款方式：自动扣款" in again[0]["summary"] and "还款日：每月15日" in again[0]["summary"]
    letter = next(m["custom"]["letter"] for m in await talk.turn("确认", intent="affirm") if "custom" in m)
    assert "每月15日前还款" in letter and "自动扣款" in letter


async def test_a_typed_day_with_a_confirmation_is_a_change_not_a_confirmation(make_tracker, dispatcher, domain):
    talk = Conversation(make_tracker, dispatcher, domain)
    await talk.turn("帮我写申请书", intent="request_plan_draft")
    again = await talk.turn("好的，还款日改成20号", intent="affirm")
    assert [m["response"] for m in again] == ["utter_plan_summary"] and "还款日：每月20日" in again[0]["summary"]
    assert not talk.slots.get("plan_case_id")  # no letter yet


async def test_day_29_to_31_is_refused_with_its_reason_and_nothing_is_lost(make_tracker, dispatcher, domain):
    talk = Conversation(make_tracker, dispatcher, domain)
    await talk.turn("帮我写申请书", intent="request_plan_draft")
    await talk.turn("每月12号还款")
    shown = talk.slots["plan_summary"]
    said = await talk.turn("每月30号还款")
    assert [m.get("text") for m in said] == [x.OPTION_DAY_INVALID + x.OPTION_DAY_INVALID_KEPT]
    assert "1日到28日" in said[0]["text"]
    assert talk.slots["plan_options"] == {"payment_day": 12} and talk.slots["plan_summary"] == shown
    assert "invalid:payment_day" in talk.slots["case_notes"]
    # the summary shown is still the one to confirm
    letter = next(m["custom"]["letter"] for m in await talk.turn("确认", intent="affirm") if "custom" in m)
    assert "每月12日前还款" in letter


async def test_a_day_outside_the_plan_flow_is_no_choice(make_tracker, domain):
    slots = as_slots(case_events(make_tracker({"case": CASE.to_slot()}, text="每月15号还款"), domain))
    assert "plan_options" not in slots and "plan_option:payment_day" not in (slots.get("case_notes") or [])
    # while the plan form asks its questions it is one
    slots = as_slots(case_events(make_tracker({"case": CASE.to_slot()}, text="每月15号还款", active_loop="plan_form",
                                              requested_slot="monthly_budget"), domain))
    assert slots["plan_options"] == {"payment_day": 15} and "case" not in slots  # 15 is no budget


async def test_a_statement_balance_updates_the_summary_and_the_letter(make_tracker, dispatcher, domain):
    talk = Conversation(make_tracker, dispatcher, domain)
    first = await talk.turn("帮我写申请书", intent="request_plan_draft")
    assert "民生银行：欠款52,000.00元（您说的数" in first[0]["summary"]
    again = await talk.turn("账单应还五万四")
    assert "民生银行：欠款54,000.00元（账单应还）" in again[0]["summary"] and again[0]["summary"].startswith("已更新")
    assert Case.from_slot(talk.slots["case"]).cards[0] == Card(
        bank="民生银行", amount=Decimal(52000), statement_balance=Decimal(54000))
    messages = await talk.turn("确认", intent="affirm")
    letter = next(m["custom"]["letter"] for m in messages if "custom" in m)
    # 「欠5万2」 is no 本金: the statement is not split into a principal and fees nobody said (trial s6 I3 #15)
    assert "欠款为人民币54,000.00元" in letter and "账单应还总额（含本金、利息、违约金等）" in letter
    assert "透支本金" not in letter and "2,000.00元" not in letter
    assert messages[0]["custom"]["total"] == 54000.0 and messages[0]["custom"]["periods"] == 60


async def test_a_method_the_nlu_missed_and_a_balance_read_as_a_what_if_still_update_the_summary(
        make_tracker, dispatcher, domain):
    from actions.fallback import ActionDefaultAskAffirmation
    from actions.whatif import ActionAnswerWhatIf

    talk = Conversation(make_tracker, dispatcher, domain)
    await talk.turn("帮我写申请书", intent="request_plan_draft")
    await talk.turn("自己还", intent="nlu_fallback", run_action=False)
    dispatcher.messages.clear()
    events = await ActionDefaultAskAffirmation().run(dispatcher, make_tracker(talk.slots, text="自己还",
                                                                             intent="nlu_fallback"), domain)
    # the plan action itself shows it next (a 「确认」 after it follows the plan's rules)
    assert events == [{"event": "followup", "name": "action_draft_repayment_plan", "timestamp": None}]
    assert not dispatcher.messages
    events = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(talk.slots, text="自己还",
                                                                           intent="nlu_fallback"), domain)
    talk.slots.update(as_slots(events))
    assert "还款方式：自己按月还" in dispatcher.messages[0]["summary"]
    await talk.turn("账单上写的应还款54000", intent="ask_what_if", run_action=False)
    dispatcher.messages.clear()
    tracker = make_tracker(talk.slots, text="账单上写的应还款54000", intent="ask_what_if")
    assert (await ActionAnswerWhatIf().run(dispatcher, tracker, domain))[0]["event"] == "followup"
    talk.slots.update(as_slots(await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)))
    assert "民生银行：欠款54,000.00元（账单应还）" in dispatcher.messages[0]["summary"]
    # nothing changed: the fallback is the fallback
    await talk.turn("嗯嗯啊", intent="nlu_fallback", run_action=False)
    dispatcher.messages.clear()
    await ActionDefaultAskAffirmation().run(dispatcher, make_tracker(talk.slots, text="嗯嗯啊", intent="nlu_fallback"),
                                            domain)
    assert not any(m.get("response") == "utter_plan_summary" for m in dispatcher.messages)
