"""care6 (persona trials 2026-12-07 C2, C5): the complaint's change line over the tracker, 花呗 beside the card."""
from __future__ import annotations

import pytest


# ---- the actions: the complaint's change line over the tracker, 花呗 beside the card case --------------------


@pytest.mark.asyncio
async def test_the_complaint_written_again_says_what_changed_first(make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    from actions import texts as x
    from actions.scripts import ActionCollectionComplaint
    from tests.actions.conftest import opened

    tracker = make_tracker(text="不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉",
                           intent="request_collection_complaint")
    earlier = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "ask_collection_harassment"}}}
               for t in ("你好我儿子信用卡逾期了 催收天天打我电话 晚上十一点多还在打", "晚上十一点打电话 一天打七八个",
                         "帮我写个投诉")]
    earlier.append({"event": "action", "name": "action_collection_complaint"})
    tracker.events[:0] = earlier
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    messages = opened(dispatcher)
    assert messages[0]["text"].startswith("投诉书已改：“一天打七八个”改为“一天打四五个”"), messages[0]
    # REST: the summary and 「查看全文」 (truth3), the text when the button is pressed
    summary = next(m for m in messages if (m.get("text") or "").startswith("现在共"))  # complaint4: the short list
    assert "一天之内反复呼叫" not in summary["text"] and summary.get("buttons")
    events = list(tracker.events) + [{"event": "action", "name": "action_collection_complaint"}]
    full = make_tracker(text='/request_collection_complaint{"plan_option":"letter"}',
                        intent="request_collection_complaint",
                        entities=[{"entity": "plan_option", "value": x.LETTER_OPTION}])
    full.events[:0] = events
    pressed = CollectingDispatcher()
    await ActionCollectionComplaint().run(pressed, full, domain)
    document = next(m for m in opened(pressed) if m.get("response") == "utter_complaint_text")["document"]
    assert "七八个" not in document and "一天之内反复呼叫" not in document
    assert "催收人员频繁来电（“一天打四五个”）" in document


@pytest.mark.asyncio
async def test_the_first_complaint_has_no_change_line(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint
    from tests.actions.conftest import opened

    tracker = make_tracker(text="帮我写个投诉", intent="request_collection_complaint")
    tracker.events[:0] = [{"event": "user", "text": "催收一天打七八个电话", "parse_data": {"intent": {"name": "inform"}}}]
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    sent = [m.get("text") or "" for m in opened(dispatcher)]
    # no change line (「投诉书已改」「投诉书没有改动」「投诉书里已经…」); the summary 「投诉书写好了」 is the complaint itself
    assert not any(t.startswith(("投诉书已改", "投诉书没有改动", "投诉书里已经")) for t in sent), sent
    assert any(t.startswith("投诉书写好了") for t in sent), sent


@pytest.mark.asyncio
async def test_another_debt_beside_the_card_is_out_of_scope_and_the_card_case_goes_on(make_tracker, dispatcher,
                                                                                       domain):
    from actions.fallback import ActionDefaultAskAffirmation
    from tests.actions.conftest import opened

    ranking = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "ask_min_payment", "confidence": 0.15},
               {"name": "ask_installment", "confidence": 0.1}, {"name": "ask_grace_period", "confidence": 0.05}]
    tracker = make_tracker({"bank": "工商银行", "debt_amount": 30000.0}, text="对了 我花呗也欠了两千 这个一起能算吗",
                           intent="nlu_fallback", intent_ranking=ranking)
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    text = opened(dispatcher)[0]["text"]
    assert "不是银行信用卡" in text and "信用卡这边" in text and "没能理解" not in text


# ---- a confirmation typed while the plan summary waits (persona trials C1 #18–19, C4 #10) -----------------------
_PLAN = {"bank": "民生银行", "debt_amount": 52000.0, "monthly_income": 3800.0, "monthly_expenses": 1500.0,
         "monthly_budget": 900.0, "installments": 60.0, "hardship_reason": "去年失业，现在打零工"}


async def _pending(make_tracker, dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan

    first = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(_PLAN), domain)
    dispatcher.messages.clear()
    return dict(_PLAN, plan_summary=next(e["value"] for e in first if e["name"] == "plan_summary"))


@pytest.mark.asyncio
@pytest.mark.parametrize("typed", ["确认", "行 那就确认 生成申请书"])
async def test_a_typed_confirmation_after_a_question_in_between_drafts_the_letter(make_tracker, dispatcher, domain,
                                                                                   typed):
    from actions.plan import ActionDraftRepaymentPlan
    from tests.actions.conftest import opened

    slots = await _pending(make_tracker, dispatcher, domain)
    tracker = make_tracker(slots, intent="affirm", text=typed)
    tracker.events[:0] = [{"event": "action", "name": "action_draft_repayment_plan"},
                          {"event": "user", "text": "那我这样每天要多出来多少利息啊"},
                          {"event": "action", "name": "action_compute_overdue_interest"}]
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert opened(dispatcher)[0].get("response") == "utter_plan_result", opened(dispatcher)[0]
    assert any(e["name"] == "plan_summary" and e["value"] is None for e in events)


@pytest.mark.asyncio
async def test_a_plain_ok_after_a_question_in_between_drafts_nothing(make_tracker, dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan
    from tests.actions.conftest import opened

    slots = await _pending(make_tracker, dispatcher, domain)
    tracker = make_tracker(slots, intent="affirm", text="好的")
    tracker.events[:0] = [{"event": "action", "name": "action_draft_repayment_plan"},
                          {"event": "user", "text": "一天多少利息"},
                          {"event": "action", "name": "action_compute_overdue_interest"}]
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in opened(dispatcher)] == ["utter_anything_else"]
