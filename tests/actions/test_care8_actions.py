"""care8: despair inside the plan form, indirect signals in context, the letter taken up again after a crisis answer,
「那我该怎么办」 after distress (persona trial H3 of 2026-12-07, trials-s5)."""
from __future__ import annotations

import pytest

from actions import texts as x
from actions.answers import ActionOutOfScope
from actions.distress import ActionCrisis, ActionDeny, ActionDone, ActionGoodbye, ActionPauseForm, ActionStopped
from actions.facts import ActionAcknowledgeFacts
from actions.fallback import (
    ActionCannotHandle,
    ActionDefaultAskAffirmation,
    ActionFallbackAgain,
    ActionTopicMenu,
)
from actions.forms import ActionAskAgain, ValidatePlanForm
from actions.plan import ActionDraftRepaymentPlan
from tests.actions.conftest import opened

SIGNAL = "我也不知道该问什么 就是觉得撑不下去了 家里人要是没有我这个拖累可能还好过点"
DESPAIR = "做生意赔了 老婆也要跟我离婚 孩子都不让见 我真的是一点路都没有了"
H3_SLOTS = {"bank": "招商银行", "debt_amount": 30000.0, "overdue_days": 180.0, "monthly_income": 3500.0,
            "monthly_expenses": 2700.0, "monthly_budget": 800.0}


def user(text: str, intent: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def bot(text: str) -> dict:
    return {"event": "bot", "text": text}


def before(tracker, *events: dict):
    """The tracker with these events before its own latest user message."""
    tracker.events[:0] = list(events)
    return tracker


def all_text(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in opened(dispatcher))


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
    lines_said(all_text(dispatcher))


# ---- item 2: indirect signals in context, never a menu or a goodbye after a signal ---------------------------


def fallback_tracker(make_tracker, said: str, intent: str = "nlu_fallback"):
    return before(make_tracker(text=said, intent=intent,
                               intent_ranking=[{"name": intent, "confidence": 0.3},
                                               {"name": "ask_complaint_channel", "confidence": 0.05}]),
                  user(SIGNAL, "express_distress"), action("action_crisis"), bot("crisis"))


@pytest.mark.asyncio
@pytest.mark.parametrize("cls", [ActionDefaultAskAffirmation, ActionTopicMenu, ActionFallbackAgain, ActionCannotHandle])
@pytest.mark.parametrize("said", ["无所谓了 随便吧", "随便吧 怎样都行", "不想管了 没意思"])
async def test_giving_up_after_a_signal_gets_the_crisis_follow_up(make_tracker, dispatcher, domain, cls, said):
    await cls().run(dispatcher, fallback_tracker(make_tracker, said), domain)
    [message] = dispatcher.messages
    assert not message.get("buttons") and message.get("response") is None
    lines_said(message["text"])
    assert "陪着您" in message["text"]


@pytest.mark.asyncio
@pytest.mark.parametrize("cls", [ActionTopicMenu, ActionFallbackAgain, ActionCannotHandle])
async def test_an_unclear_message_after_a_signal_gets_no_menu(make_tracker, dispatcher, domain, cls):
    await cls().run(dispatcher, fallback_tracker(make_tracker, "就那个"), domain)
    [message] = dispatcher.messages
    assert not message.get("buttons") and message.get("response") not in ("utter_fallback_menu", "utter_cannot_handle")
    lines_said(message["text"])
    assert "我在这儿" in message["text"] and "转人工" in message["text"]


@pytest.mark.asyncio
async def test_feeling_better_in_an_unread_message_after_a_signal_is_acknowledged(make_tracker, dispatcher, domain):
    # trial G2 #9: 「好吧我会打的 现在好点了 还是想弄清楚 每个月还一千五的话要多久」 got the topic menu
    await ActionTopicMenu().run(dispatcher, fallback_tracker(make_tracker, "好吧我会打的 现在好点了 还是想弄清楚 每个月还一千五的话要多久"),
                                domain)
    [message] = dispatcher.messages
    assert message["text"].startswith("听到您好一点了") and not message.get("buttons")
    lines_said(message["text"])


@pytest.mark.asyncio
async def test_without_a_signal_the_menu_and_cannot_handle_stay(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="就那个", intent="nlu_fallback")
    await ActionCannotHandle().run(dispatcher, tracker, domain)
    await ActionTopicMenu().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_cannot_handle", "utter_fallback_menu"]


@pytest.mark.asyncio
@pytest.mark.parametrize("cls, said, plain", [(ActionDeny, "不是", "utter_anything_else"),
                                              (ActionStopped, "不想管了", "utter_stopped_kept")])
async def test_a_bare_no_or_stop_right_after_a_signal_gets_care(make_tracker, dispatcher, domain, cls, said, plain):
    await cls().run(dispatcher, fallback_tracker(make_tracker, said, intent="deny"), domain)
    [message] = dispatcher.messages
    assert message.get("response") != plain
    lines_said(message["text"])
    dispatcher.messages.clear()
    await cls().run(dispatcher, make_tracker(text=said, intent="deny"), domain)
    assert [m.get("response") for m in dispatcher.messages] == [plain]


@pytest.mark.asyncio
async def test_giving_up_with_a_goodbye_after_a_signal_is_no_goodbye(make_tracker, dispatcher, domain):
    tracker = before(make_tracker(text="随便吧 拜拜", intent="goodbye"),
                     *[user(f"第{i}句", "inform") for i in range(8)])
    tracker.events[:0] = [user(SIGNAL, "express_distress")]
    await ActionGoodbye().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_crisis_goodbye"]


@pytest.mark.asyncio
async def test_whatever_said_after_a_signal_does_not_confirm_the_summary(make_tracker, dispatcher, domain):
    first = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(dict(H3_SLOTS, hardship_reason="做生意赔了")),
                                                 domain)
    digest = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    tracker = before(make_tracker(dict(H3_SLOTS, hardship_reason="做生意赔了", plan_summary=digest), text="无所谓了 随便吧",
                                  intent="affirm"),
                     user(SIGNAL, "express_distress"), action("action_crisis"), action("action_draft_repayment_plan"))
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert not any(e.get("name") == "plan_case_id" for e in events)
    text = all_text(dispatcher)
    lines_said(text)
    assert "还款计划（" not in text


# ---- item 3: the letter taken up again after a crisis answer ---------------------------------------------------


@pytest.mark.asyncio
async def test_a_crisis_under_a_waiting_summary_voids_its_confirmation(make_tracker, dispatcher, domain):
    tracker = make_tracker(dict(H3_SLOTS, plan_summary="abc"), text=DESPAIR, intent="express_distress")
    events = await ActionPauseForm().run(dispatcher, tracker, domain)
    assert {"paused_form": "plan_form", "plan_summary": None} == {e["name"]: e["value"] for e in events}
    assert [m.get("response") for m in dispatcher.messages] == ["utter_form_paused"]


@pytest.mark.asyncio
async def test_the_letter_asked_again_after_a_crisis_shows_the_summary_after_a_check_in(make_tracker, dispatcher, domain):
    slots = dict(H3_SLOTS, hardship_reason="做生意赔了")
    first = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(slots), domain)
    digest = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    # the summary, a crisis answer, then 「那个申请书还能写吗」 with the very same facts (the old code drafted the letter)
    tracker = before(make_tracker(dict(slots, plan_summary=digest), text="我没事了 刚才情绪不好 那个申请书还能写吗",
                                  intent="request_plan_draft"),
                     user("帮我做个还款计划吧", "request_plan_draft"), action("plan_form"),
                     action("action_draft_repayment_plan"),
                     user("我真的是一点路都没有了", "express_distress"), action("action_crisis"),
                     action("action_pause_form"))
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert not any(e.get("name") == "plan_case_id" for e in events)
    check_in, summary = dispatcher.messages
    assert check_in["text"] in x.RESUME_CHECK_IN and check_in["text"].count("。") == 1
    lines_said(check_in["text"])
    assert summary["response"] == "utter_plan_summary"
    # once the summary was shown again, 「确认」 drafts it
    dispatcher.messages.clear()
    confirmed = before(make_tracker(dict(slots, plan_summary=digest), text="确认", intent="affirm"),
                       user("我真的是一点路都没有了", "express_distress"), action("action_crisis"),
                       user("那个申请书还能写吗", "request_plan_draft"), action("action_draft_repayment_plan"))
    events = await ActionDraftRepaymentPlan().run(dispatcher, confirmed, domain)
    assert any(e.get("name") == "plan_case_id" for e in events)


@pytest.mark.asyncio
async def test_the_form_question_after_a_crisis_comes_after_a_check_in_and_a_second_time_in_other_words(
        make_tracker, dispatcher, domain):
    ask = next(c for c in __import__("actions.forms", fromlist=["ASK_AGAIN_ACTIONS"]).ASK_AGAIN_ACTIONS
               if c.form == "plan_form" and c.slot == "hardship_reason")
    assert issubclass(ask, ActionAskAgain)
    tracker = before(make_tracker(H3_SLOTS, text="那个申请书还能写吗", intent="request_plan_draft",
                                  active_loop="plan_form", requested_slot="hardship_reason"),
                     action("plan_form"), action("action_ask_plan_form_hardship_reason"),
                     user(DESPAIR, "express_distress"), action("action_crisis"), bot(x.RESUME_CHECK_IN[0]))
    await ask().run(dispatcher, tracker, domain)
    check_in, question = dispatcher.messages
    assert check_in["text"] == x.RESUME_CHECK_IN[1]  # the first wording was already said
    assert question.get("response") == "utter_ask_plan_form_hardship_reason"
    dispatcher.messages.clear()
    # no crisis since the question: no check-in
    await ask().run(dispatcher, make_tracker(H3_SLOTS, text="嗯", active_loop="plan_form",
                                             requested_slot="hardship_reason"), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_ask_plan_form_hardship_reason"]


def test_the_letter_never_opens_with_a_despair_sentence():
    from bot.finance.hardship import clean_reason

    sentence = clean_reason(DESPAIR).sentence
    assert "路都没有" not in sentence and sentence.startswith("本人做生意亏损") and "孩子都不让见" in sentence
    assert clean_reason("我真的是一点路都没有了").sentence == ""


# ---- item 4: 「那我该怎么办」 after distress -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_what_to_do_after_distress_gets_the_first_step_not_out_of_scope(make_tracker, dispatcher, domain):
    tracker = before(make_tracker(dict(H3_SLOTS, distress_expressed=True), text="那我该怎么办", intent="out_of_scope"),
                     user(SIGNAL, "express_distress"))
    await ActionOutOfScope().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message.get("response") != "utter_out_of_scope"
    text = message["text"]
    assert "打招商银行信用卡背面的客服电话" in text and "800元" in text and "个性化分期" in text
    lines_said(text)


@pytest.mark.asyncio
async def test_the_first_step_offers_no_more_than_income_minus_expenses(make_tracker, dispatcher, domain):
    slots = dict(H3_SLOTS, monthly_budget=2000.0, distress_expressed=True)
    await ActionOutOfScope().run(dispatcher, make_tracker(slots, text="现在咋办", intent="out_of_scope"), domain)
    assert "800元" in dispatcher.messages[0]["text"] and "2,000" not in dispatcher.messages[0]["text"]


@pytest.mark.asyncio
@pytest.mark.parametrize("cls, intent", [(ActionDefaultAskAffirmation, "nlu_fallback"), (ActionTopicMenu, "nlu_fallback"),
                                         (ActionAcknowledgeFacts, "inform")])
async def test_what_to_do_after_distress_in_other_readings(make_tracker, dispatcher, domain, cls, intent):
    tracker = make_tracker(dict(H3_SLOTS, distress_expressed=True), text="那我该怎么办 每个月最多能还800", intent=intent)
    await cls().run(dispatcher, tracker, domain)
    text = all_text(dispatcher)
    assert "客服电话" in text and "个性化分期" in text and "不在我能回答的范围" not in text
    assert not any(m.get("buttons") for m in dispatcher.messages)


@pytest.mark.asyncio
async def test_without_distress_out_of_scope_stays(make_tracker, dispatcher, domain):
    await ActionOutOfScope().run(dispatcher, make_tracker(text="那我该怎么办", intent="out_of_scope"), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


@pytest.mark.asyncio
async def test_a_line_that_did_not_answer_read_as_done_gets_the_other_line(make_tracker, dispatcher, domain):
    # persona trial J3 #10: 「打了 没人接」 after 「不想再撑了」 was read as done and got 「好的。有需要随时回来问我」
    await ActionDone().run(dispatcher, fallback_tracker(make_tracker, "打了 没人接", intent="done"), domain)
    [message] = dispatcher.messages
    assert message.get("response") != "utter_completion"
    assert "400-161-9995" in message["text"] and "110" in message["text"] and "120" in message["text"]
    dispatcher.messages.clear()
    await ActionDone().run(dispatcher, make_tracker(text="没有了", intent="done"), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_completion"]
