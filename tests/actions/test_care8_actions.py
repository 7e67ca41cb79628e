"""care8: despair inside the plan form (persona trial H3 of 2026-12-07, trials-s5)."""
from __future__ import annotations

import pytest

from actions.distress import ActionCrisis
from actions.forms import ValidatePlanForm

SIGNAL = "我也不知道该问什么 就是觉得撑不下去了 家里人要是没有我这个拖累可能还好过点"
DESPAIR = "做生意赔了 老婆也要跟我离婚 孩子都不让见 我真的是一点路都没有了"
H3_SLOTS = {"bank": "招商银行", "debt_amount": 30000.0, "overdue_days": 180.0, "monthly_income": 3500.0,
            "monthly_expenses": 2700.0, "monthly_budget": 800.0}


def user(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def before(tracker, *events: dict):
    """The tracker with these events before its own latest user message."""
    tracker.events[:0] = list(events)
    return tracker


def lines_said(text: str) -> None:
    assert "12356" in text and "400-161-9995" in text and "110" in text and "120" in text, text


# ---- item 1: a despair sentence inside the plan form -------------------------------------------------------


def test_a_despair_sentence_is_never_the_hardship_reason_of_the_case():
    from bot.case import Case
    from bot.nlu.case_update import update_case

    said = update_case(Case(), DESPAIR, requested_slot="hardship_reason")
    assert said.case.situation.hardship_reason == "做生意赔了 老婆也要跟我离婚 孩子都不让见"
    only_despair = update_case(Case(), "我真的是一点路都没有了", requested_slot="hardship_reason")
    assert only_despair.case.situation.hardship_reason is None and "invalid:hardship_reason" in only_despair.notes


@pytest.mark.asyncio
async def test_the_form_validator_refuses_a_reason_that_is_only_despair(make_tracker, dispatcher, domain):
    tracker = make_tracker(H3_SLOTS, text="我真的是一点路都没有了", active_loop="plan_form",
                           requested_slot="hardship_reason")
    result = ValidatePlanForm().validate_hardship_reason("我真的是一点路都没有了", dispatcher, tracker, domain)
    assert result == {"hardship_reason": None}


@pytest.mark.asyncio
async def test_the_despair_sentence_in_the_form_gets_the_crisis_answer(make_tracker, dispatcher, domain):
    # what DistressGuard makes of H3 #9 (tests/unit/test_care8.py): the crisis answer, never the form's next step
    tracker = before(make_tracker(H3_SLOTS, text=DESPAIR, intent="express_distress", active_loop="plan_form",
                                  requested_slot="hardship_reason"), user(SIGNAL, "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    lines_said("\n".join(m.get("text") or "" for m in dispatcher.messages))
