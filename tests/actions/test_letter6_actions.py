"""Persona trial s7 L2 (issues 19 and 23), action level: the letter's reason edited in words shows 「已改」 and the summary
again, never a complaint (#15–#17, #19); the reason's spending words are pointed out once on the summary (#13); the
family allowance is 生活费（家里给）, not 收入 (#14); 「付得起嗎」 alone after a monthly figure gets yes/no (#10)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from actions import texts as x
from actions.plan import ActionDraftRepaymentPlan, letter_changed, spending_line, summary_text
from bot.case import Card, Case, Situation
from tests.actions.conftest import texts

pytestmark = pytest.mark.asyncio

REASON = "我是学生 没有工作 之前打工的店倒了 家里给的钱只够生活 之前乱刷买了手机跟课程"
KEPT = "我是学生，没有工作，之前打工的店倒了，家里给的钱只够生活"


def l2_case(reason: str | None = REASON, source: str | None = "family") -> Case:
    return Case(cards=(Card(bank="招商银行", amount=D(12000), overdue_days=20),),
                situation=Situation(monthly_income=D(5000), monthly_expenses=D(3900), monthly_budget=D(1100),
                                    installments=12, hardship_reason=reason, income_source=source))


def slots_of(case: Case, **extra) -> dict:
    return {"case": case.to_slot(), **case.contract_slots(), **extra}


def summary_of(dispatcher) -> str:
    return next(m["summary"] for m in dispatcher.messages if m.get("response") == "utter_plan_summary")


# ---- the summary card ----------------------------------------------------------------------------------


async def test_the_summary_names_the_allowance_and_points_out_the_spending_words_once(make_tracker, dispatcher,
                                                                                     domain):
    tracker = make_tracker(slots_of(l2_case()), text="我是學生 沒有工作 …之前亂刷買了手機跟課程", intent="inform")
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    summary = summary_of(dispatcher)
    assert "· 每月生活费（家里给）：5,000.00元" in summary and "每月收入" not in summary
    warning = [line for line in summary.split("\n") if line.startswith("· 请注意")]
    assert warning == [x.SUMMARY_REASON_SPENDING.format(sentences="之前乱刷买了手机跟课程", first="乱刷")], summary
    assert "是否保留" in warning[0]
    # the reason itself is not rewritten: the words stay in the summary and the letter unless she takes them out
    assert "之前乱刷买了手机跟课程" in summary.split("· 困难原因：")[1]

    # shown again later (another change): no second warning for the same sentence
    dispatcher.messages.clear()
    tracker.events.append({"event": "bot", "text": summary, "metadata": {"utter_action": "utter_plan_summary"}})
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert "· 请注意" not in summary_of(dispatcher)


def test_the_spending_line_and_the_earned_income_line():
    assert spending_line(KEPT) is None
    assert spending_line(REASON, warned=("之前乱刷买了手机跟课程",)) is None
    line = spending_line("去年网赌输了 今年失业")
    assert line is not None and "“去年网赌输了”" in line and "把网赌那句删掉" in line
    from bot import finance

    case = l2_case(source=None)
    result = finance.plan([{"bank": "招商银行", "amount": 12000}], monthly_income=5000, monthly_expenses=3900,
                          monthly_budget=1100, periods=12, today=__import__("datetime").date(2026, 12, 8))
    text = summary_text(case, {}, result, changed=False)
    assert "· 每月收入：5,000.00元" in text and "（家里给）" not in text


async def test_the_acknowledgement_says_what_the_family_gives(make_tracker, dispatcher, domain):
    from actions.facts import ActionAcknowledgeFacts

    tracker = make_tracker(slots_of(l2_case(reason=None)), text="家裡每月給我5000", intent="inform")
    await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
    said = texts(dispatcher) + [str(m.get("facts")) for m in dispatcher.messages]
    assert any("家里每月给5,000元" in t for t in said) and not any("月收入5,000" in t for t in said), said


# ---- edits of the letter's reason ------------------------------------------------------------------------


def edited(make_tracker, case: Case, text: str, intent: str, reading: dict, **slots):
    return make_tracker(slots_of(case, reading=reading, **slots), text=text, intent=intent)


async def test_an_edit_after_the_letter_shows_the_summary_again(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAskCorrection

    reading = {"letter_edit": "changed", "letter_edit_words": "乱刷",
               "changes": [{"fact": "hardship_reason", "bank": None, "before": REASON, "after": KEPT}]}
    tracker = edited(make_tracker, l2_case(KEPT), "把亂刷那句拿掉", "correct_fact", reading, plan_case_id="c1")
    assert letter_changed(tracker)
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert {"event": "followup", "name": "action_draft_repayment_plan"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events], events
    assert not dispatcher.messages  # no 「还不上的原因应该怎么写？」: the edit was made
    # the plan action then: the summary again, marked as changed, never the letter
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    summary = summary_of(dispatcher)
    assert summary.startswith(x.SUMMARY_TITLE_CHANGED) and "困难原因：" + KEPT + "。" in summary
    assert "乱刷" not in summary


async def test_the_complaint_action_hands_a_letter_edit_on(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint

    reading = {"letter_edit": "changed", "changes": [{"fact": "hardship_reason"}]}
    tracker = edited(make_tracker, l2_case(KEPT), "把亂刷那句拿掉", "request_collection_complaint", reading,
                     plan_case_id="c1")
    events = await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    # the correction's work, done here: the summary again (never 「好的，我帮您写投诉。请把经过告诉我…」)
    assert [e.get("name") for e in events if e.get("event") == "followup"] == ["action_draft_repayment_plan"]
    assert not dispatcher.messages
    missing = edited(make_tracker, l2_case(), "把賭博那句刪了", "request_collection_complaint",
                     {"letter_edit": "not_found", "letter_edit_words": "赌博"}, plan_summary="abc")
    await ActionCollectionComplaint().run(dispatcher, missing, domain)
    assert texts(dispatcher)[0].startswith("申请书的困难原因里没有找到“赌博”这句") and len(dispatcher.messages) == 1


def test_a_complaint_counts_as_written_only_from_its_own_replies(make_tracker):
    from actions.case_slots import complaint_written

    tracker = make_tracker({}, text="把亂刷那句拿掉")
    tracker.events[:0] = [{"event": "action", "name": "action_collection_complaint"},
                          {"event": "bot", "text": "已更新。", "metadata": {"utter_action": "utter_plan_summary"}}]
    assert not complaint_written(tracker)
    tracker.events.insert(0, {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_complaint_next"}})
    assert complaint_written(tracker)


async def test_words_the_reason_lacks_show_the_reason_and_how_to_say_which(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAskCorrection

    reading = {"letter_edit": "not_found", "letter_edit_words": "赌博"}
    tracker = edited(make_tracker, l2_case(), "把賭博那句刪了", "correct_fact", reading, plan_summary="abc")
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert len(said) == 1 and said[0].startswith("申请书的困难原因里没有找到“赌博”这句") and "之前乱刷买了手机跟课程" in said[0]
    assert dispatcher.messages[0]["buttons"] == [x.REASON_BUTTON]
    assert {"event": "slot", "name": "pending_correction", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


async def test_a_new_reason_typed_after_the_letter_brings_the_summary_back(make_tracker, dispatcher, domain):
    from actions.facts import ActionAcknowledgeFacts

    reading = {"changes": [{"fact": "hardship_reason", "before": REASON, "after": "打工的店倒闭了没收入"}]}
    tracker = edited(make_tracker, l2_case("打工的店倒闭了没收入"), "打工的店倒閉了沒收入", "inform", reading,
                     plan_case_id="c1")
    await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
    summary = summary_of(dispatcher)
    assert summary.startswith(x.SUMMARY_TITLE_CHANGED) and "困难原因：打工的店倒闭了没收入。" in summary
    # without a change this turn the letter's conversation gets the usual acknowledgement
    dispatcher.messages.clear()
    quiet = edited(make_tracker, l2_case("打工的店倒闭了没收入"), "好的", "inform", {}, plan_case_id="c1")
    assert not letter_changed(quiet)


# ---- 「付得起嗎」 alone ---------------------------------------------------------------------------------------


def afford_tracker(make_tracker, earlier: list[dict], case: Case | None = None):
    tracker = make_tracker(slots_of(case or l2_case(), reading={"afford": True}), text="付得起嗎", intent="ask_what_if")
    tracker.events[:0] = earlier
    return tracker


INSTALMENT_TURN = [
    {"event": "user", "text": "那APP那個分12期 每期0.6% 我每個月要還多少"},
    {"event": "slot", "name": "reading", "value": {"scenario": {"kind": "instalments", "periods": 12, "rate": "0.006"}}},
    {"event": "bot", "text": "分12期，两种办法：…每月约 1,072.00 元…", "metadata": {"utter_action": "utter_figure"}},
]
PLAN_TURN = [
    {"event": "user", "text": "/affirm"},
    {"event": "bot", "text": "还款计划…每月还 1,000.00 元", "metadata": {"utter_action": "utter_plan_result"}},
    {"event": "slot", "name": "reading", "value": {}},
]


async def test_afford_after_the_instalment_figure(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, INSTALMENT_TURN), domain)
    said = texts(dispatcher)
    assert said == ["付得起：账单分期每月约 1,072.00 元，家里每月给您 5,000.00 元、必要支出 3,900.00 元，剩 1,100.00 元，"
                    "付完每月还剩约 28.00 元。"], said


async def test_afford_after_the_plan_and_when_short(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, INSTALMENT_TURN + PLAN_TURN), domain)
    assert texts(dispatcher) == [x.AFFORD_PLAN_YES.format(
        pay="1,000.00", left="100.00",
        basis=x.WHATIF_AFFORD_SURPLUS_FAMILY.format(income="5,000.00", expenses="3,900.00", room="1,100.00"))]
    dispatcher.messages.clear()
    tight = Case(cards=l2_case().cards, situation=Situation(monthly_income=D(5000), monthly_expenses=D(3950)))
    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, INSTALMENT_TURN, tight), domain)
    assert texts(dispatcher)[0].startswith("按您的情况付不起：账单分期每月约 1,072.00 元") and "还差约 22.00 元" in texts(
        dispatcher)[0]


async def test_afford_with_nothing_to_spare_says_so_without_a_negative_remainder(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    none = Case(cards=l2_case().cards, situation=Situation(monthly_income=D(0), monthly_expenses=D(3900),
                                                           income_source="family"))
    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, PLAN_TURN, none), domain)
    said = texts(dispatcher)[0]
    assert said.startswith("按您的情况现在每月没有余钱还款") and "支出比家里给的多 3,900.00 元" in said and "-" not in said


async def test_afford_with_nothing_shown_or_nothing_known_asks(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, []), domain)
    assert texts(dispatcher) == [x.AFFORD_WHICH]
    dispatcher.messages.clear()
    bare = Case(cards=l2_case().cards)
    await ActionAnswerWhatIf().run(dispatcher, afford_tracker(make_tracker, INSTALMENT_TURN, bare), domain)
    assert texts(dispatcher) == [x.AFFORD_NEEDS]
