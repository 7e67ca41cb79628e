"""care4 (issues 19 and 23, persona trials of 2026-12-07): answers for a phone (the verdict first, the rest
behind 「详细」), a form's question never twice in a row, no 「上面已经说过」 loop, the 12378 script without a
raw value."""
from __future__ import annotations

import pytest

from actions.answers import HELD_SLOT, ActionAnswerDetails, ActionAnswerTopic
from actions.consequences import ActionExplainConsequences
from actions.forms import ASK_AGAIN_ACTIONS
from actions.scripts import Action12378Script
from bot.case import Card, Case

pytestmark = pytest.mark.asyncio


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_consequences_give_the_verdict_and_hold_the_stages_behind_details(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=52000, overdue_days=60),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="逾期了会怎么样",
                           intent="ask_consequences")
    events = await ActionExplainConsequences().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_consequences_result"]
    button = dispatcher.messages[-1]["buttons"][-1]
    assert button["title"] == "详细"
    slots = slots_of(events)
    key = button["payload"].split('"answer_id": "')[1].rstrip('"}')
    assert slots["last_answer"] == key and slots[HELD_SLOT][key][0]["response"] == "utter_consequences_details"
    # the button (or a typed 「详细」, last_answer) opens the stages
    opened = type(dispatcher)()
    pressed = make_tracker({HELD_SLOT: slots[HELD_SLOT], "last_answer": key}, text="详细", intent="ask_details")
    await ActionAnswerDetails().run(opened, pressed, domain)
    assert [m["response"] for m in opened.messages] == ["utter_consequences_details"]


async def test_the_stages_come_at_once_when_asked_for(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=52000, overdue_days=60),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots(),
                            "reading": {"details": True}}, text="详细说说逾期了会怎么样", intent="ask_consequences")
    await ActionExplainConsequences().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_consequences_result", "utter_consequences_details"]


@pytest.mark.parametrize("slot", ["monthly_income", "monthly_expenses", "hardship_reason"])
async def test_a_forms_question_is_never_asked_twice_in_a_row(make_tracker, dispatcher, domain, slot):
    action = next(a for a in ASK_AGAIN_ACTIONS if a.form == "plan_form" and a.slot == slot)()
    assert action.name() in domain["actions"]
    response = f"utter_ask_plan_form_{slot}"
    tracker = make_tracker(text="我刚说了", active_loop="plan_form", requested_slot=slot)
    await action.run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == response  # the first time: the question as written
    again = type(dispatcher)()
    tracker.events[:0] = [{"event": "user", "text": "帮我做计划"},
                          {"event": "bot", "text": "?", "metadata": {"utter_action": response}}]
    tracker.slots["reading"] = {"already_said": True}
    await action.run(again, tracker, domain)
    text = again.messages[0]["text"]
    assert again.messages[0]["response"] is None and text != domain["responses"][response][0]["text"]
    assert text.startswith("您说过的话里我没找到") and ("别问" in text or "不想说" in text)


async def test_a_said_above_reference_is_not_sent_twice_in_a_row(make_tracker, dispatcher, domain):
    from bot import facts as F

    answer = F.match("收到传票怎么辨别真假", "ask_lawsuit")
    assert answer is not None
    tracker = make_tracker({"answers_given": [answer.id]}, text="收到传票怎么辨别真假", intent="ask_lawsuit")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reference = dispatcher.messages[0]["text"]
    assert reference.startswith(F.labels()["said_above"])
    again = type(dispatcher)()
    tracker.events.append({"event": "bot", "text": reference})
    await ActionAnswerTopic().run(again, tracker, domain)
    assert not (again.messages[0].get("text") or "").startswith(F.labels()["said_above"])


async def test_a_new_question_after_a_given_rule_gets_its_answer_not_the_reference(make_tracker, dispatcher, domain):
    from bot import facts as F

    text = "他们打到我单位来 我能投诉吗 怎么投诉"
    answer = F.match(text, "ask_collection_harassment")
    tracker = make_tracker({"answers_given": [answer.id]}, text=text, intent="ask_collection_harassment")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    sent = [m.get("response") or m.get("text") for m in dispatcher.messages]
    assert not any(str(s).startswith(F.labels()["said_above"]) for s in sent)
    assert any("complaint" in str(s) for s in sent), sent


async def test_the_12378_script_never_says_none_for_an_unknown_bank(make_tracker, dispatcher, domain):
    await Action12378Script().run(dispatcher, make_tracker(text="打12378怎么说", intent="ask_12378_script"), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_script_12378" and message["bank"] == "＿＿银行"
    case = Case(cards=(Card(bank="中信银行", amount=15000),))
    other = type(dispatcher)()
    await Action12378Script().run(other, make_tracker({"case": case.to_slot()}, text="打12378怎么说",
                                                      intent="ask_12378_script"), domain)
    assert other.messages[0]["bank"] == "中信银行" and other.messages[-1]["buttons"][-1]["title"] == "详细"


async def test_a_minimum_already_paid_is_said_to_be_paid(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionAnswerMinPayment

    case = Case(cards=(Card(bank="招商银行", amount=8600, statement_balance=8600, min_payment=860, paid=1000),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()},
                           text="账单应还8600 最低还款860 我已经还了1000", intent="ask_min_payment")
    await ActionAnswerMinPayment().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_stop_loss_covered" and dispatcher.messages[0]["rest"] == "7,600.00"


@pytest.mark.parametrize("intent", ["ask_collection_harassment", "ask_complaint_channel"])
async def test_how_to_complain_after_the_contact_rule_gets_the_complaint_channels(make_tracker, dispatcher, domain,
                                                                                 intent):
    from bot import facts as F

    text = "他们打到我单位来 我能投诉吗 怎么投诉"
    answer = F.match(text, intent)
    tracker = make_tracker({"answers_given": [answer.id]}, text=text, intent=intent)
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert not any((m.get("text") or "").startswith(F.labels()["said_above"]) for m in dispatcher.messages)
    assert any("complaint" in (m.get("response") or "") for m in dispatcher.messages), dispatcher.messages


async def test_after_an_answer_inside_the_form_the_question_resumes_as_written(make_tracker, dispatcher, domain):
    action = next(a for a in ASK_AGAIN_ACTIONS if a.form == "plan_form" and a.slot == "monthly_income")()
    response = "utter_ask_plan_form_monthly_income"
    tracker = make_tracker(text="会坐牢吗", active_loop="plan_form", requested_slot="monthly_income")
    tracker.events[:0] = [{"event": "bot", "text": "?", "metadata": {"utter_action": response}}]
    tracker.events.append({"event": "bot", "text": "单纯还不上不会坐牢。"})
    await action.run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == response
