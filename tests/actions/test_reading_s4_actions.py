"""Probe s4 E01 (bench/records/2026-12-07/probes-s4): 「原因改一下 就是收入低…」 was answered with 「每月收入应该是多少？」."""
from __future__ import annotations

from actions.whatif import ActionAskCorrection
from tests.actions.conftest import opened

BASE = {"bank": "工商银行", "debt_amount": 32000.0, "overdue_days": 40.0, "hardship_reason": "工资低"}


async def test_a_typed_reason_with_its_new_words_is_not_asked_again(make_tracker, dispatcher, domain):
    tracker = make_tracker({**BASE, "reading": {"named_fact": "hardship_reason", "changes": [
        {"fact": "hardship_reason", "bank": None, "before": "工资低", "after": "收入低 房租贵 攒不下钱"}]}},
        text="原因改一下 就是收入低 房租贵 攒不下钱", intent="correct_fact")
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert events[0]["name"] == "pending_correction" and events[0]["value"] is None
    assert opened(dispatcher) == []


async def test_a_typed_reason_change_without_the_words_asks_for_the_reason(make_tracker, dispatcher, domain):
    tracker = make_tracker({**BASE, "reading": {"named_fact": "hardship_reason"}}, text="原因改一下",
                           intent="correct_fact")
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert events[0]["value"] == "hardship_reason"
    assert opened(dispatcher)[0]["response"] == "utter_ask_correct_hardship_reason"


async def test_a_typed_reason_after_the_summary_shows_the_summary_again(make_tracker, dispatcher, domain):
    tracker = make_tracker({**BASE, "plan_summary": "0123456789abcdef", "reading": {
        "named_fact": "hardship_reason", "changes": [{"fact": "hardship_reason", "bank": None, "before": "工资低",
                                                      "after": "收入低"}]}},
        text="原因改成收入低", intent="correct_fact")
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_draft_repayment_plan"}


# ---- W08 / X13: the bank-call script with no budget said leaves the amount blank and asks for it ----------------

async def test_the_call_script_with_no_budget_asks_for_it(make_tracker, dispatcher, domain):
    from actions import texts as x
    from actions.scripts import ActionBankCallScript

    slots = {"case": {"cards": [{"bank": "工商银行", "amount": "6000"}],
                      "situation": {"monthly_income": "4000", "monthly_expenses": "2500"}}}
    await ActionBankCallScript().run(dispatcher, make_tracker(slots, text="打电话给银行怎么说",
                                                              intent="ask_bank_call_script"), domain)
    said = [m.get("text") for m in dispatcher.messages]
    assert said[-1] == x.SCRIPT_BUDGET_ASK
    dispatcher.messages.clear()
    slots["stopped_questions"] = ["monthly_budget"]  # 「别问我能还多少」: not asked again
    await ActionBankCallScript().run(dispatcher, make_tracker(slots, text="打电话给银行怎么说",
                                                              intent="ask_bank_call_script"), domain)
    assert x.SCRIPT_BUDGET_ASK not in [m.get("text") for m in dispatcher.messages]
