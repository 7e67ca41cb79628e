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


# ---- item 1: a typed confirmation of the pending letter, after an interest question opened the days form -------

CARE6 = Case.from_slot({"cards": [{"bank": "招商银行", "amount": "32000"}], "situation": {
    "monthly_income": "3500", "monthly_expenses": "2700", "monthly_budget": "800",
    "hardship_reason": "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月"}})


def test_the_summary_digest_survives_the_tracker_stores_masking():
    from actions.plan import digest
    from bot.privacy import mask_text
    from bot.store.tracker import mask_event_data

    pending = digest(CARE6, {})
    # care6's facts hashed to …15682264109…, a mobile number to the store: masked, it never matched again
    assert mask_text(pending) == pending and not any(ch.isdigit() for ch in pending)
    event = {"event": "slot", "name": "plan_summary", "value": pending}
    assert mask_event_data(event) == event


@pytest.mark.asyncio
async def test_a_typed_confirmation_inside_the_days_form_drafts_the_letter_and_ends_the_form(
        make_tracker, dispatcher, domain):
    from rasa_sdk.events import ActiveLoop

    from actions.plan import ActionDraftRepaymentPlan, digest

    tracker = make_tracker(slots={**case_slots(CARE6), "plan_summary": digest(CARE6, {})},
                           text="行 那就确认 生成申请书", intent="affirm", active_loop="overdue_form",
                           requested_slot="overdue_days")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert "utter_plan_result" in [m.get("response") for m in dispatcher.messages]
    assert ActiveLoop(None) in events and {"event": "slot", "name": "requested_slot", "value": None,
                                           "timestamp": None} in events


@pytest.mark.asyncio
async def test_outside_a_form_the_confirmation_ends_nothing(make_tracker, dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan, digest

    tracker = make_tracker(slots={**case_slots(CARE6), "plan_summary": digest(CARE6, {})}, text="确认", intent="affirm")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert "utter_plan_result" in [m.get("response") for m in dispatcher.messages]
    assert not [e for e in events if e.get("event") == "active_loop"]


# ---- item 3: 「先还一万有用吗」 begins with a verdict and the figure ---------------------------------------------------


async def _pay_now_bubbles(make_tracker, dispatcher, domain, case: Case, text: str) -> tuple[list[str], list[str]]:
    from actions.whatif import ActionAnswerWhatIf
    from tests.actions.conftest import opened
    from tests.actions.test_whatif2_actions import hooked, render

    await ActionAnswerWhatIf().run(dispatcher, make_tracker(hooked(text, case), text=text, intent="ask_what_if"),
                                   domain)
    return [render(domain, m) for m in dispatcher.messages], [render(domain, m) for m in opened(dispatcher)]


@pytest.mark.asyncio
async def test_part_below_the_minimum_is_of_limited_use_with_what_it_saves(make_tracker, dispatcher, domain):
    from bot import whatif

    case = Case(cards=(Card(bank="招商银行", amount=D(30000), overdue_days=45),))
    sent, _ = await _pay_now_bubbles(make_tracker, dispatcher, domain, case, "先还一万有用吗")
    r = whatif.pay_now(whatif.CardFacts("招商银行", D(30000), 45), D(10000))
    assert not r.covers_minimum and r.minimum_shortfall > 0
    verdict = sent[0].split("\n", 1)[1]  # under the recap
    assert verdict.startswith(f"有用，但还不够最低还款额：先还 10,000.00 元，接下来30天利息约少 {r.interest_saved:,.2f} 元"), verdict
    assert f"还差 {r.minimum_shortfall:,.2f} 元" in verdict and "下个还款日仍算逾期" in verdict
    assert "先抵违约金" not in "\n".join(sent)  # the details on request


@pytest.mark.asyncio
async def test_part_that_covers_the_minimum_is_useful_and_says_what_it_stops(make_tracker, dispatcher, domain):
    from bot import whatif

    case = Case(cards=(Card(bank="招商银行", amount=D(30000), overdue_days=45, min_payment=D(3000)),))
    sent, opened_all = await _pay_now_bubbles(make_tracker, dispatcher, domain, case, "先还一万有用吗")
    r = whatif.pay_now(whatif.CardFacts("招商银行", D(30000), 45, D(3000)), D(10000))
    verdict = sent[0].split("\n", 1)[1]
    assert verdict.startswith("有用：先还 10,000.00 元够补上目前到期的最低还款额（账单约 3,000.00 元），"
                              "下个还款日就不会再收新的违约金"), verdict
    assert f"利息约少 {r.interest_saved:,.2f} 元" in verdict
    assert any("计算假设" in b for b in opened_all)  # the details, when asked


# ---- item 4: the plan's summary and letter with a monthly commitment --------------------------------------------


@pytest.mark.asyncio
async def test_the_summary_shows_the_commitment_and_offers_what_is_left(make_tracker, dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan
    from bot.case import Situation

    case = Case(cards=(Card(bank="建设银行", amount=D(42000), overdue_days=30),), situation=Situation(
        monthly_income=D(6500), monthly_expenses=D(4500), monthly_budget=D(2000), set_aside=D(500),
        hardship_reason="我爸住院了"))
    tracker = make_tracker(slots=case_slots(case), text="帮我做个还款计划", intent="request_plan_draft")
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    summary = dispatcher.messages[0]["summary"]
    assert "· 每月另外固定要付：留给家人500.00元" in summary
    assert "每月还1,500.00元，分28期还清" in summary, summary


def test_an_identifier_slot_made_by_the_bot_is_stored_unmasked_and_a_number_in_it_is_not():
    from bot.store.tracker import mask_event_data

    # a document case id whose hex happens to hold a mobile-number-like run (1 + 10 digits)
    case_id = "ab15682264109cd0e1f2a3b4c5d6e7f8"
    event = {"event": "slot", "name": "plan_case_id", "value": case_id, "timestamp": 1.0}
    assert mask_event_data(event) == event
    # the same value in any other slot is masked, and a bare number in an identifier slot is masked too
    other = mask_event_data({"event": "slot", "name": "hardship_reason", "value": case_id})
    assert "15682264109" not in other["value"]
    typed = mask_event_data({"event": "slot", "name": "plan_case_id", "value": "15682264109"})
    assert "15682264109" not in typed["value"]
