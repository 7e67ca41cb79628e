"""「您是想问…吗？」 answered by typing, the topic menu, and conversation repair (actions/fallback.py, repair.py)."""
from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions import fallback
from actions.fallback import (
    ActionConfirmGuess,
    ActionDefaultAskAffirmation,
    ActionFallbackAgain,
    ActionTopicMenu,
    guesses,
    typed_answer,
)
from actions.repair import ActionRepeatShort, ActionResetCase, ActionSkipQuestion
from bot.case import Case
from bot.topics import catalog, menu_entries


def tracker_with(events: list[dict[str, Any]], slots: dict[str, Any] | None = None,
                 active_loop: str | None = None, domain: dict | None = None) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    all_slots = {name: None for name in (domain or {}).get("slots", {})}
    all_slots.update(slots or {})
    return Tracker(sender_id="unit", slots=all_slots, latest_message=latest, events=events, paused=False,
                   followup_action=None, active_loop={"name": active_loop} if active_loop else {},
                   latest_action_name="action_listen")


def user(text: str, intent: str, confidence: float = 1.0, ranking: list[dict] | None = None,
         entities: list[dict] | None = None) -> dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": confidence},
             "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
             "entities": entities or []}
    return {"event": "user", "text": text, "parse_data": parse, "input_channel": "rest"}


def bot(text: str, utter_action: str, **metadata: Any) -> dict[str, Any]:
    return {"event": "bot", "text": text, "metadata": {"utter_action": utter_action, **metadata}}


def only(dispatcher) -> dict[str, Any]:
    assert len(dispatcher.messages) == 1, dispatcher.messages
    return dispatcher.messages[0]


@pytest.mark.parametrize("text", ["是", "是的", "对", "嗯", "没错", "对的", "yes", "YES", "嗯嗯。", " 是的！"])
def test_typed_yes(text):
    assert typed_answer(text) == "yes"


@pytest.mark.parametrize("text", ["不是", "都不是", "no", "不对"])
def test_typed_no(text):
    assert typed_answer(text) == "no"


@pytest.mark.parametrize("text", ["是不是要坐牢", "对了我想问利息", "", None, "嗯我欠了两万"])
def test_a_question_is_not_a_typed_answer(text):
    assert typed_answer(text) is None


def test_guesses_skip_intents_without_a_description_and_weak_ones():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "inform", "confidence": 0.4},
               {"name": "goodbye", "confidence": 0.3}, {"name": "request_plan_draft", "confidence": 0.2},
               {"name": "ask_lawsuit", "confidence": fallback.MIN_GUESS_CONFIDENCE - 0.01}]
    assert guesses(ranking) == [("request_plan_draft", 0.2)]


async def test_the_prompt_describes_the_guess_as_a_person_would_and_stores_it(dispatcher, domain):
    # inform and goodbye ranked first must never be offered (「告诉我您的欠款情况」「结束对话」); (「我就想知道先还哪张」,
    # this test's message before issue 12, now gets the catalogue's which-card-first answer: tests/actions/test_answers.py)
    ranking = [{"name": "nlu_fallback", "confidence": 0.44}, {"name": "inform", "confidence": 0.3},
               {"name": "goodbye", "confidence": 0.25}, {"name": "request_plan_draft", "confidence": 0.4},
               {"name": "ask_lawsuit", "confidence": 0.1}]
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_with([user("我就想知道那个怎么弄", "nlu_fallback", 0.44, ranking)]), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_ask_affirmation"
    assert message["intent"] == "request_plan_draft"
    assert message["description"] == catalog()["request_plan_draft"].description
    assert message["example"] == catalog()["request_plan_draft"].example
    assert events == [{"event": "slot", "timestamp": None, "name": "fallback_guess", "value": "request_plan_draft"}]


async def test_two_close_readings_are_both_offered(dispatcher, domain):
    ranking = [{"name": "ask_installment", "confidence": 0.40}, {"name": "ask_negotiate_plan", "confidence": 0.36}]
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_with([user("分期", "nlu_fallback", 0.4, ranking)]), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_ask_two_readings"
    assert message["first"] == catalog()["ask_installment"].description
    assert message["second"] == catalog()["ask_negotiate_plan"].description
    assert [b["payload"] for b in message["buttons"]] == ["/ask_installment", "/ask_negotiate_plan", "/deny"]
    assert events[0]["value"] == "ask_installment"


async def test_three_close_readings_are_offered_in_one_question_with_ways_out(dispatcher, domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_credit_report", "confidence": 0.28},
               {"name": "ask_consequences", "confidence": 0.24}, {"name": "ask_lawsuit", "confidence": 0.2},
               {"name": "ask_interest", "confidence": 0.19}]
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_with([user("这个记录挂到什么时候", "nlu_fallback", 0.28, ranking)]), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_ask_three_readings"
    assert [message["first"], message["second"], message["third"]] == [
        catalog()[name].description for name in ("ask_credit_report", "ask_consequences", "ask_lawsuit")]
    # at most three topics, then 都不是; the text itself offers free text as the other way out
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_credit_report", "/ask_consequences", "/ask_lawsuit", "/deny"]
    assert "换个说法" in domain["responses"]["utter_ask_three_readings"][0]["text"]
    assert events[0]["value"] == "ask_credit_report"


async def test_readings_further_apart_than_the_margin_get_one_guess(dispatcher, domain):
    assert fallback.CLARIFY_MARGIN < 0.2
    ranking = [{"name": "ask_installment", "confidence": 0.42}, {"name": "ask_negotiate_plan", "confidence": 0.22}]
    await ActionDefaultAskAffirmation().run(dispatcher, tracker_with([user("分期", "nlu_fallback", 0.42, ranking)]),
                                            domain)
    assert only(dispatcher)["response"] == "utter_ask_affirmation"


async def test_no_plausible_guess_gives_the_topic_menu_at_once(dispatcher, domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "greet", "confidence": 0.3}]
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_with([user("呃呃呃", "nlu_fallback", 0.45, ranking)]), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_fallback_menu"
    assert [b["payload"] for b in message["buttons"]] == [f"/{e.name}" for e in menu_entries()]
    assert "/request_human" in [b["payload"] for b in message["buttons"]]
    assert events[0]["value"] is None


def prompt_then(reply: dict[str, Any]) -> list[dict[str, Any]]:
    entities = [{"entity": "bank", "value": "招商银行", "start": 0, "end": 2}]
    return [user("招行那个卡我就想知道会不会告我", "nlu_fallback", 0.4, entities=entities),
            {"event": "action", "name": "action_default_ask_affirmation"},
            bot("您是想问…吗？", "utter_ask_affirmation"),
            {"event": "action", "name": "action_listen"},
            reply]


async def test_typed_yes_replays_the_first_message_as_the_guess(dispatcher, domain):
    tracker = tracker_with(prompt_then(user("是的", "affirm")), {"fallback_guess": "ask_lawsuit"})
    events = await ActionConfirmGuess().run(dispatcher, tracker, domain)
    assert not dispatcher.messages
    assert [e["event"] for e in events] == ["rewind", "action", "user"]
    assert events[1]["name"] == "action_listen"
    replayed = events[2]
    assert replayed["text"] == "招行那个卡我就想知道会不会告我"
    assert replayed["parse_data"]["intent"] == {"name": "ask_lawsuit", "confidence": 1.0}
    assert replayed["parse_data"]["entities"][0]["value"] == "招商银行"
    assert replayed["input_channel"] == "rest"


async def test_confirming_without_a_stored_guess_gives_the_menu(dispatcher, domain):
    tracker = tracker_with(prompt_then(user("是的", "affirm")), {"fallback_guess": None})
    events = await ActionConfirmGuess().run(dispatcher, tracker, domain)
    assert only(dispatcher)["response"] == "utter_fallback_menu"
    assert events[0]["name"] == "fallback_guess"


async def test_a_typed_yes_the_classifier_missed_still_confirms(dispatcher, domain):
    tracker = tracker_with(prompt_then(user("嗯嗯", "nlu_fallback", 0.3)), {"fallback_guess": "ask_lawsuit"})
    events = await ActionFallbackAgain().run(dispatcher, tracker, domain)
    assert events[2]["parse_data"]["intent"]["name"] == "ask_lawsuit"
    assert not dispatcher.messages


async def test_a_second_miss_gives_the_menu_not_another_rephrase(dispatcher, domain):
    tracker = tracker_with(prompt_then(user("就那个啊你懂的", "nlu_fallback", 0.3)), {"fallback_guess": "ask_lawsuit"})
    events = await ActionFallbackAgain().run(dispatcher, tracker, domain)
    assert only(dispatcher)["response"] == "utter_fallback_menu"
    assert events == [{"event": "slot", "timestamp": None, "name": "fallback_guess", "value": None}]


async def test_lone_card_word_gets_the_topic_menu_and_a_denial_the_fallback_menu(dispatcher, domain):
    await ActionTopicMenu().run(dispatcher, tracker_with([user("信用卡", "vague_card_question")]), domain)
    await ActionTopicMenu().run(dispatcher, tracker_with([user("都不是", "deny")]), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_topic_menu", "utter_fallback_menu"]
    assert all(m["buttons"] for m in dispatcher.messages)


async def test_reset_clears_the_case_and_every_fact_slot(dispatcher, domain):
    facts = {"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0, "monthly_income": 5000.0,
             "monthly_expenses": 2000.0, "monthly_budget": 900.0, "installments": 12.0,
             "hardship_reason": "失业", "debts": [{"bank": "招商银行", "amount": 25000.0}]}
    events = await ActionResetCase().run(dispatcher, tracker_with([user("重新开始", "reset_case")], facts), domain)
    assert only(dispatcher)["response"] == "utter_case_cleared"
    set_to = {e["name"]: e["value"] for e in events}
    assert set_to["case"] == Case().to_slot()
    for name in facts:
        assert name in set_to and set_to[name] is None, name
    assert set_to["requested_slot"] is None
    assert set_to["plan_summary"] is None and set_to["plan_options"] is None  # issue 13


@pytest.mark.parametrize("slot, value, response", [
    ("bank", "其他银行", "utter_unknown_bank"),
    ("hardship_reason", "暂时无力按原计划全额还款", "utter_skip_hardship_reason"),
])
async def test_an_optional_question_is_skipped(dispatcher, domain, slot, value, response):
    tracker = tracker_with([user("不知道", "skip_question")], {"requested_slot": slot}, active_loop="plan_form")
    events = await ActionSkipQuestion().run(dispatcher, tracker, domain)
    assert only(dispatcher)["response"] == response
    assert events == [{"event": "slot", "timestamp": None, "name": slot, "value": value}]


@pytest.mark.parametrize("slot", ["debt_amount", "overdue_days", "monthly_income", "monthly_expenses",
                                  "monthly_budget"])
async def test_a_needed_question_is_explained_not_skipped(dispatcher, domain, slot):
    tracker = tracker_with([user("不想说", "skip_question")], {"requested_slot": slot}, active_loop="plan_form")
    events = await ActionSkipQuestion().run(dispatcher, tracker, domain)
    assert only(dispatcher)["response"] == f"utter_why_{slot}"
    assert f"utter_why_{slot}" in domain["responses"]
    assert events == []


async def test_skip_outside_a_form(dispatcher, domain):
    assert await ActionSkipQuestion().run(dispatcher, tracker_with([user("不知道", "skip_question")]), domain) == []
    assert only(dispatcher)["response"] == "utter_anything_else"


async def test_repeat_sends_the_short_version_of_a_long_answer(dispatcher, domain):
    long_text = domain["responses"]["utter_credit_report"][0]["text"]
    events = [user("会上征信吗", "ask_credit_report"), bot(long_text, "utter_credit_report"),
              user("没看懂", "ask_repeat")]
    await ActionRepeatShort().run(dispatcher, tracker_with(events), domain)
    assert only(dispatcher)["response"] == "utter_credit_report_short"


async def test_repeat_of_a_computed_answer_keeps_its_figures(dispatcher, domain):
    figures = {"bank": "招商银行", "principal": "25,000.00", "days": 45, "interest": "562.50",
               "penalty": "62.50", "total": "25,625.00", "grace_note": "…", "assumptions": "…"}
    events = [user("利息多少", "ask_interest"), bot("按招商银行的规则估算……" * 10, "utter_interest_result", **figures),
              user("说简单点", "ask_repeat")]
    await ActionRepeatShort().run(dispatcher, tracker_with(events), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_interest_result_short"
    for key in ("bank", "principal", "days", "interest", "penalty", "total"):
        assert message[key] == figures[key], key


async def test_repeat_of_a_long_answer_without_a_short_version_gives_its_gist(dispatcher, domain):
    text = "第一行是要点。\n" + "细节" * 80
    events = [bot(text, "utter_something_new"), user("再说一遍", "ask_repeat")]
    await ActionRepeatShort().run(dispatcher, tracker_with(events), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_repeat_gist" and message["gist"] == "第一行是要点。"


async def test_repeat_of_a_short_message_says_it_again(dispatcher, domain):
    events = [bot("不客气。还有什么想了解的，随时问我。", "utter_thanks"), user("再说一遍", "ask_repeat")]
    await ActionRepeatShort().run(dispatcher, tracker_with(events), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_repeat_same" and message["text_again"] == "不客气。还有什么想了解的，随时问我。"


async def test_repeat_inside_a_form_skips_the_forms_question(dispatcher, domain):
    long_text = domain["responses"]["utter_lawsuit"][0]["text"]
    events = [bot(long_text, "utter_lawsuit"), bot("是哪家银行的卡？", "utter_ask_plan_form_bank"),
              user("没看懂", "ask_repeat")]
    await ActionRepeatShort().run(dispatcher, tracker_with(events, active_loop="plan_form"), domain)
    assert only(dispatcher)["response"] == "utter_lawsuit_short"


async def test_repeat_with_nothing_said_yet(dispatcher, domain):
    await ActionRepeatShort().run(dispatcher, tracker_with([user("再说一遍", "ask_repeat")]), domain)
    assert only(dispatcher)["response"] == "utter_repeat_nothing"
    dispatcher.messages.clear()
    inside = tracker_with([bot("是哪家银行的卡？", "utter_ask_plan_form_bank"), user("再说一遍", "ask_repeat")],
                          active_loop="plan_form")
    await ActionRepeatShort().run(dispatcher, inside, domain)
    assert dispatcher.messages == []  # the form asks its question again itself


def test_each_short_version_belongs_to_a_response_and_uses_only_its_fields(domain):
    import re

    responses = domain["responses"]
    shorts = [name for name in responses if name.endswith("_short")]
    assert len(shorts) >= 10
    for name in shorts:
        base = name[: -len("_short")]
        assert base in responses, name
        fields = set(re.findall(r"{(\w+)}", responses[base][0]["text"]))
        assert set(re.findall(r"{(\w+)}", responses[name][0]["text"])) <= fields, name
        assert len(responses[name][0]["text"]) < len(responses[base][0]["text"]), name


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def myth_in_form(question_intent: str = "ask_criminal_risk") -> list[dict[str, Any]]:
    return [user("欠了五万二", "inform"), slot("debt_amount", 52000.0),
            bot("是哪家银行的卡？", "utter_ask_plan_form_bank"),
            user("听说欠五万以上还要上班就坐牢是真的吗 我月薪五千", question_intent),
            slot("debt_amount", 50000.0), slot("monthly_income", 5000.0)]


async def test_a_question_inside_a_form_is_rejected_as_an_answer_and_keeps_the_given_fact(dispatcher, domain):
    from actions.forms import ValidatePlanForm

    slots = {"debt_amount": 50000.0, "monthly_income": 5000.0, "requested_slot": "bank"}
    events = myth_in_form() + [{"event": "action", "name": "plan_form"}]  # as Rasa sends it to the validation
    tracker = tracker_with(events, slots, active_loop="plan_form", domain=domain)
    events = await ValidatePlanForm().run(dispatcher, tracker, domain)
    # the number inside the question does not replace the debt already given; the new income stays
    assert events[0] == slot("debt_amount", 52000.0)
    assert len(events) == 2 and events[1]["event"] == "action_execution_rejected"
    assert events[1]["name"] == "plan_form"
    assert not dispatcher.messages


@pytest.mark.parametrize("intent", ["inform", "ask_interest", "request_plan_draft", "affirm", "greet"])
async def test_facts_and_the_forms_own_questions_are_validated_as_usual(dispatcher, domain, intent):
    from actions.repair import interruption_events

    slots = {"debt_amount": 50000.0, "requested_slot": "bank"}
    tracker = tracker_with(myth_in_form(intent), slots, active_loop="plan_form", domain=domain)
    assert interruption_events(tracker, "plan_form") is None


async def test_after_the_answer_the_form_resumes_instead_of_rejecting_again(dispatcher, domain):
    from actions.repair import interruption_events

    events = myth_in_form() + [{"event": "action", "name": "action_answer_criminal_risk"},
                               {"event": "action", "name": "plan_form"}]
    tracker = tracker_with(events, {"debt_amount": 52000.0, "requested_slot": "bank"},
                           active_loop="plan_form", domain=domain)
    assert interruption_events(tracker, "plan_form") is None


async def test_a_catalog_example_at_low_confidence_is_that_intent_without_a_prompt(dispatcher, domain):
    # 「算了」 split between stop and affirm is still 算了 (keep the facts), not 「您是想问…吗？」
    ranking = [{"name": "stop", "confidence": 0.33}, {"name": "affirm", "confidence": 0.30}]
    events = await ActionDefaultAskAffirmation().run(
        dispatcher, tracker_with([user("算了。", "nlu_fallback", 0.33, ranking)]), domain)
    assert not dispatcher.messages
    assert [e["event"] for e in events] == ["rewind", "action", "user"]
    assert events[2]["parse_data"]["intent"]["name"] == "stop" and events[2]["text"] == "算了。"


def test_exact_examples():
    from actions.fallback import exact_example

    assert exact_example(" 重新开始！") == "reset_case"
    assert exact_example("没看懂") == "ask_repeat"
    assert exact_example("算了吧我再想想") is None and exact_example("") is None


def _case(debt: int, income: int | None = None) -> dict[str, Any]:
    from decimal import Decimal

    from bot.case import Card, Situation

    situation = Situation(monthly_income=Decimal(income)) if income is not None else Situation()
    return Case(cards=(Card(amount=Decimal(debt)),), situation=situation).to_slot()


async def test_an_overwritten_fact_puts_the_whole_case_back_with_its_slots(domain):
    from actions.repair import interruption_events

    events = [user("欠了五万二", "inform"), slot("case", _case(52000)), slot("debt_amount", 52000.0),
              bot("是哪家银行的卡？", "utter_ask_plan_form_bank"),
              user("听说欠五万以上就坐牢是真的吗 我月薪五千", "ask_criminal_risk"),
              slot("case", _case(50000, 5000)), slot("debt_amount", 50000.0), slot("monthly_income", 5000.0)]
    tracker = tracker_with(events, {"case": _case(50000, 5000), "debt_amount": 50000.0, "monthly_income": 5000.0,
                                    "requested_slot": "bank"}, active_loop="plan_form", domain=domain)
    result = interruption_events(tracker, "plan_form")
    # case and contract slots agree again: the case as before the question, every derived slot with it
    assert slot("case", _case(52000)) in result and slot("debt_amount", 52000.0) in result
    assert slot("monthly_income", None) in result
    assert result[-1]["event"] == "action_execution_rejected"


async def test_a_question_with_only_new_facts_keeps_them(domain):
    from actions.repair import interruption_events

    events = [user("工行欠八万", "inform"), slot("case", _case(80000)), slot("debt_amount", 80000.0),
              bot("每月必要支出大约多少？", "utter_ask_plan_form_monthly_expenses"),
              user("房租加吃饭三千五", "out_of_scope"), slot("case", _case(80000, 3500))]
    tracker = tracker_with(events, {"case": _case(80000, 3500), "debt_amount": 80000.0,
                                    "requested_slot": "monthly_expenses"}, active_loop="plan_form", domain=domain)
    result = interruption_events(tracker, "plan_form")
    assert len(result) == 1 and result[0]["event"] == "action_execution_rejected"


async def test_an_answer_misread_as_out_of_scope_still_answers_the_form(domain):
    from actions.repair import interruption_events

    events = [user("工行欠八万", "inform"), slot("case", _case(80000)), slot("debt_amount", 80000.0),
              bot("每月必要支出大约多少？", "utter_ask_plan_form_monthly_expenses"),
              user("房租加吃饭一个月1500", "out_of_scope"), slot("case", _case(80000, 1500)),
              slot("monthly_expenses", 1500.0)]
    slots = {"case": _case(80000, 1500), "debt_amount": 80000.0, "monthly_expenses": 1500.0,
             "requested_slot": "monthly_expenses"}
    assert interruption_events(tracker_with(events, slots, active_loop="plan_form", domain=domain), "plan_form") is None
    # the same intent without the asked value is an interruption
    events[-1] = slot("monthly_income", 1500.0)
    slots = {**slots, "monthly_expenses": None, "monthly_income": 1500.0}
    assert interruption_events(tracker_with(events, slots, active_loop="plan_form", domain=domain), "plan_form")
