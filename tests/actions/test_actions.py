"""Action unit tests: the real domain, a tracker factory, the real finance engine and a temp case store."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from actions.consequences import ActionAnswerCriminalRisk, ActionExplainConsequences
from actions.fallback import ActionDefaultAskAffirmation
from actions.finance_answers import (
    ActionAnswerGracePeriod,
    ActionAnswerInstallment,
    ActionAnswerMinPayment,
    ActionAnswerPenaltyFee,
    ActionComputeOverdueInterest,
)
from actions.forms import ValidatePlanForm
from actions.handoff import ActionRequestHuman
from actions.plan import ActionDraftRepaymentPlan
from bot import finance
from tests.actions.conftest import opened

pytestmark = pytest.mark.asyncio


def only(dispatcher):
    assert len(opened(dispatcher)) >= 1
    return opened(dispatcher)[0]


async def test_interest_with_all_figures_uses_the_projection(make_tracker, dispatcher, domain):
    tracker = make_tracker({"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0})
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    assert message["response"] == "utter_interest_result"
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行")
    assert message["interest"] == f"{expected.total_interest:,.2f}"
    assert message["penalty"] == f"{expected.total_penalty:,.2f}"
    assert Decimal(message["interest"].replace(",", "")) > 0
    details = opened(dispatcher)[1]  # the figure first, the assumptions in the next bubble
    assert details["response"] == "utter_interest_details" and "万分之五" in details["assumptions"]


async def test_a_long_projection_shows_its_annualised_cost_beside_the_total(make_tracker, dispatcher, domain):
    # issue 23 item 9: 8,000 over six years, the cost per year beside the total, and where 违约金 stops
    tracker = make_tracker({"debt_amount": 8000.0, "overdue_days": 2190.0})
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    expected = finance.project_overdue(Decimal(8000), 2190)
    assert message["penalty"] == "932.85" and expected.total_penalty == Decimal("932.85")
    # one line on how the figures were computed comes first (probe E01, truth3), then the annualised cost
    assert message["cost_note"].startswith("\n怎么算的：按日息万分之五")
    assert message["cost_note"].endswith(f"利息和违约金合计折合年化约{expected.annualised_cost * 100:.1f}%，"
                                         "高于司法实践常用的24%参考线：被起诉时，您可以请求法院调减过高的部分。")
    assert "违约金只估算到逾期约180天" in opened(dispatcher)[1]["grace_note"]
    short = make_tracker({"debt_amount": 8000.0, "overdue_days": 45.0})
    dispatcher.messages.clear()
    dispatcher.kayou_opened = []
    await ActionComputeOverdueInterest().run(dispatcher, short, domain)
    # a short projection: the line on how it was computed and no annualised cost beside the total
    assert only(dispatcher)["cost_note"].startswith("\n怎么算的") and "折合年化" not in only(dispatcher)["cost_note"]
    assert "折合年化成本约" in opened(dispatcher)[1]["grace_note"]


async def test_interest_without_days_gives_the_daily_cost(make_tracker, dispatcher, domain):
    await ActionComputeOverdueInterest().run(dispatcher, make_tracker({"debt_amount": 25000.0}), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_interest_daily"
    assert message["daily"] == "12.50"  # 25000 × 0.05%


async def test_interest_without_figures_explains_the_rule(make_tracker, dispatcher, domain):
    await ActionComputeOverdueInterest().run(dispatcher, make_tracker(), domain)
    assert only(dispatcher)["response"] == "utter_interest_general"


async def test_within_grace_says_so(make_tracker, dispatcher, domain):
    tracker = make_tracker({"bank": "招商银行", "debt_amount": 5000.0, "overdue_days": 2.0})
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    figure = only(dispatcher)["figure"]
    # answers6 (trial I3 #7): paid in full within grace no interest; only the minimum, never 「利息约0.00元」:
    # the minimum topped up today (day 2): 5,000 × 20 + 5,000 × 2 + 4,500 × 9 = 150,500 × 0.05 % = 75.25
    assert "容时期内" in figure and "全部还清，通常不收利息" in figure, figure
    assert "下期账单利息约 75.25 元" in figure and "约 0.00 元" not in figure, figure


async def test_consequences_at_45_days(make_tracker, dispatcher, domain):
    tracker = make_tracker({"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0})
    await ActionExplainConsequences().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    assert message["response"] == "utter_consequences_result"
    assert message["code"] == "2"  # ceil(45 / 30)
    details = opened(dispatcher)[1]
    assert "不满足" in details["criminal"] or "至少有一项" in details["criminal"]


async def test_consequences_without_days_is_general(make_tracker, dispatcher, domain):
    await ActionExplainConsequences().run(dispatcher, make_tracker({"debt_amount": 25000.0}), domain)
    assert only(dispatcher)["response"] == "utter_consequences_general"


async def test_criminal_risk_below_threshold(make_tracker, dispatcher, domain):
    tracker = make_tracker({"debt_amount": 20000.0, "overdue_days": 200.0})
    await ActionAnswerCriminalRisk().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    assert message["response"] == "utter_criminal_result"
    assert "本金" in message["conditions"] and "✘ 不满足" in message["conditions"]


async def test_criminal_risk_without_amount_lists_the_conditions(make_tracker, dispatcher, domain):
    await ActionAnswerCriminalRisk().run(dispatcher, make_tracker(), domain)
    assert only(dispatcher)["response"] == "utter_criminal_general"


async def test_penalty_floor_at_cmb(make_tracker, dispatcher, domain):
    # minimum 10% of 1,500 = 150 unpaid → 5% = 7.50, raised to 招商银行's floor of 10 (DOMAIN §8)
    await ActionAnswerPenaltyFee().run(dispatcher, make_tracker({"bank": "招商银行", "debt_amount": 1500.0}), domain)
    message = only(dispatcher)
    assert "违约金约10.00元" in message["estimate"]
    assert "招商银行" in message["rule"]


async def test_min_payment_follow_up_reuses_the_debt(make_tracker, dispatcher, domain):
    await ActionAnswerMinPayment().run(dispatcher, make_tracker({"bank": "招商银行", "debt_amount": 25000.0}), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_min_payment_result"
    assert "25,000.00" in message["estimate"] and "共付利息约" in message["estimate"]


async def test_grace_for_icbc_is_zero_days(make_tracker, dispatcher, domain):
    await ActionAnswerGracePeriod().run(dispatcher, make_tracker({"bank": "工商银行"}), domain)
    message = only(dispatcher)
    assert message["bank"] == "工商银行"
    # a bank without grace says it has none (issue 23 item 8), never 「到期还款日后0天内…视同按时还款」
    assert "没有容时期" in message["grace_rule"] and "晚一天就算逾期" in message["grace_rule"]
    assert "0天" not in message["grace_rule"] and "视同按时还款" not in message["grace_rule"]


async def test_grace_for_a_bank_with_grace_names_its_days(make_tracker, dispatcher, domain):
    await ActionAnswerGracePeriod().run(dispatcher, make_tracker({"bank": "农业银行"}), domain)
    rule = only(dispatcher)["grace_rule"]
    assert "到期还款日后2天内全额还款，通常视同按时还款" in rule


async def test_installment_published_example(make_tracker, dispatcher, domain):
    tracker = make_tracker({"debt_amount": 30000.0, "installments": 12.0})
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    assert (message["per_period"], message["total_fee"], message["apr"]) == ("2,680.00", "2,160.00", "13.03%")


async def _summary_then_confirm(tracker_factory, dispatcher, domain, slots, **kwargs):
    """First run: the summary card; a confirmation with the same facts: the letter."""
    first = await ActionDraftRepaymentPlan().run(dispatcher, tracker_factory(slots, **kwargs), domain)
    summary_digest = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    confirmed = dict(slots, plan_summary=summary_digest)
    events = await ActionDraftRepaymentPlan().run(
        dispatcher, tracker_factory(confirmed, intent="affirm", text="/affirm", **kwargs), domain)
    return first, events


MINSHENG_SLOTS = {
    "bank": "民生银行", "debt_amount": 52000.0, "monthly_income": 3800.0, "monthly_expenses": 1500.0,
    "monthly_budget": 900.0, "installments": 60.0, "hardship_reason": "去年失业，现在打零工",
}


async def test_plan_summary_comes_first_with_confirm_and_change_buttons(make_tracker, dispatcher, domain):
    events = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(MINSHENG_SLOTS), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_plan_summary"
    for item in ("民生银行：欠款52,000.00元（您说的数，以银行账务为准）", "每月收入：3,800.00元", "每月必要支出：1,500.00元",
                 "每月能拿出来还款：900.00元", "本人去年失业，现在打零工。", "这句话会以您的名义写进申请书，请核对", "还款日：每月",
                 "每月结余2,300.00元，比您说的能还900.00元多"):
        assert item in message["summary"], item
    titles = [b["title"] for b in message["buttons"]]
    assert titles[0] == "确认，生成申请书" and {"改收入", "改支出", "改原因", "改每月能还"} <= set(titles)
    assert any(e["name"] == "plan_summary" and e["value"] for e in events)


async def test_plan_from_the_contract_example(make_tracker, dispatcher, domain):
    _, events = await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS)
    result, link, notes = opened(dispatcher)
    custom_msg = result["custom"]
    letter = {"letter": custom_msg["letter"]}
    # issue 23 item 19/21: the letter is not pasted into a REST chat; an absolute link and 「查看全文」 instead
    assert link["text"].startswith("下载申请书和还款计划表（PDF/Word）：http")
    assert link["buttons"][0]["title"] == "查看全文" and "utter_plan_letter" not in [m.get("response") for m in
                                                                                    opened(dispatcher)]
    # the notes behind 「详细」 on the link's bubble, not a 300-字 bubble more (trials s6: 694–821 字 plan turns)
    assert len(dispatcher.messages) == 2 and notes["text"].startswith("说明：")
    assert link["buttons"][-1]["payload"].startswith("/ask_details")
    assert result["response"] == "utter_plan_result" and "866.67" in result["verdict"]
    assert custom_msg["type"] == "repayment_plan" and custom_msg["feasible"] is True
    assert sum(Decimal(str(p["payment"])) for p in custom_msg["schedule"]) == Decimal("52000.00")
    assert custom_msg["schedule"][-1]["remaining"] == 0
    assert "第七十条" in letter["letter"] and "本人去年失业" in letter["letter"]
    assert {d["format"] for d in custom_msg["documents"]} == {"pdf", "docx"}
    assert any(e["name"] == "plan_summary" and e["value"] is None for e in events)
    case_id = next(e["value"] for e in events if e["name"] == "plan_case_id")
    from actions.store import case_store

    stored = case_store().cases.get_case(case_id, sender_id="unit-test")
    assert stored is not None and stored.periods == 60


async def test_a_changed_fact_shows_the_summary_again_not_the_letter(make_tracker, dispatcher, domain):
    first = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(MINSHENG_SLOTS), domain)
    stale = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    changed = dict(MINSHENG_SLOTS, monthly_income=4200.0, plan_summary=stale)
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(changed, intent="affirm"), domain)
    message = only(dispatcher)
    assert message["response"] == "utter_plan_summary" and "每月收入：4,200.00元" in message["summary"]
    assert message["summary"].startswith("已更新")


async def test_affirm_without_a_pending_summary_drafts_nothing(make_tracker, dispatcher, domain):
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(MINSHENG_SLOTS, intent="affirm"), domain)
    assert only(dispatcher)["response"] == "utter_anything_else"


async def test_payment_day_button_is_a_choice_in_the_letter(make_tracker, dispatcher, domain):
    entities = [{"entity": "plan_option", "value": "day:15"}]
    first = await ActionDraftRepaymentPlan().run(
        dispatcher, make_tracker(MINSHENG_SLOTS, intent="request_plan_draft", entities=entities), domain)
    options = next(e["value"] for e in first if e["name"] == "plan_options")
    assert options == {"payment_day": 15} and "还款日：每月15日" in opened(dispatcher)[0]["summary"]
    summary_digest = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    slots = dict(MINSHENG_SLOTS, plan_summary=summary_digest, plan_options=options)
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(slots, intent="affirm"), domain)
    assert "每月15日前还款" in next(m["custom"]["letter"] for m in opened(dispatcher) if "custom" in m)


async def test_option_menu_offers_days_and_methods(make_tracker, dispatcher, domain):
    entities = [{"entity": "plan_option", "value": "menu"}]
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(MINSHENG_SLOTS, entities=entities), domain)
    titles = [b["title"] for b in only(dispatcher)["buttons"]]
    assert "每月15日" in titles and "自动扣款" in titles


async def test_plan_with_two_cards(make_tracker, dispatcher, domain):
    slots = {
        "debts": [{"bank": "招商银行", "amount": 20000.0}, {"bank": "广发银行", "amount": 30000.0}],
        "debt_amount": 50000.0, "bank": "招商银行、广发银行", "monthly_budget": 1000.0,
    }
    await _summary_then_confirm(make_tracker, dispatcher, domain, slots)
    result = opened(dispatcher)[0]
    assert "招商银行、广发银行" in result["verdict"] and "共 50 期" in result["verdict"]


async def test_plan_in_wechat_sends_a_signed_link_not_the_letter(make_tracker, dispatcher, domain):
    await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS, channel="wechat")
    texts = [m.get("text") or "" for m in opened(dispatcher)]
    assert not any(m.get("response") == "utter_plan_letter" for m in opened(dispatcher))
    link = next(t for t in texts if "下载申请书" in t)
    assert "/webhooks/widget/documents/" in link and "e=" in link and "s=" in link


async def test_plan_in_widget_keeps_the_letter_in_the_card(make_tracker, dispatcher, domain):
    await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS, channel="widget")
    assert not any(m.get("response") == "utter_plan_letter" for m in opened(dispatcher))
    card = opened(dispatcher)[0]["custom"]
    assert card["letter"].startswith("个性化分期还款申请书") and card["documents"][0]["url"].startswith("documents/")


async def test_form_rejects_negative_income_in_chinese(make_tracker, dispatcher, domain):
    result = ValidatePlanForm().validate_monthly_income(-5000, dispatcher, make_tracker(), domain)
    assert result == {"monthly_income": None}
    assert opened(dispatcher)[0]["response"] == "utter_invalid_monthly_income"
    assert "月收入应为正数" in domain["responses"]["utter_invalid_monthly_income"][0]["text"]


async def test_form_accepts_zero_income(make_tracker, dispatcher, domain):
    assert ValidatePlanForm().validate_monthly_income(0, dispatcher, make_tracker(), domain) == {
        "monthly_income": 0.0}


async def test_form_rejects_absurd_debt(make_tracker, dispatcher, domain):
    result = ValidatePlanForm().validate_debt_amount(9e12, dispatcher, make_tracker(text="欠9万亿"), domain)
    assert result == {"debt_amount": None}


async def test_affirmation_names_the_second_intent(make_tracker, dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback", intent_ranking=[
        {"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_lawsuit", "confidence": 0.3}])
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    message = only(dispatcher)
    assert message["intent"] == "ask_lawsuit" and "起诉" in message["description"]


async def test_handoff_is_recorded_once_and_says_when_a_person_answers(make_tracker, domain, monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.store import case_store

    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1-7")
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-24:00")  # always open: the queue sentence
    first = CollectingDispatcher()
    await ActionRequestHuman().run(first, make_tracker(text="转人工", channel="widget"), domain)
    text, payload = first.messages
    ticket = case_store().handoffs.list_for("unit-test")[0].ticket
    assert text["text"].startswith(f"已为您转人工（编号 {ticket}）。现在是客服工作时间（每天 0:00–")
    assert "继续帮您" in text["text"] and "不需要留手机号" in text["text"]
    assert payload["custom"] == {"type": "handoff", "ticket": ticket, "status": "open"}
    again = CollectingDispatcher()
    await ActionRequestHuman().run(again, make_tracker(text="人工客服", channel="rest"), domain)
    assert only(again)["text"].startswith(f"您已经在排队了（编号 {ticket}，已等")
    assert len(case_store().handoffs.list_for("unit-test")) == 1


async def test_handoff_outside_working_hours_names_the_next_opening(make_tracker, domain, monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1-7")
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-00:01")  # closed almost all day
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, make_tracker(text="转人工", channel="wechat",
                                                            sender_id="wechat:o-late"), domain)
    text = only(dispatcher)["text"]
    assert "现在不是客服工作时间（每天 0:00–0:01），客服最早在明天" in text
    assert "48小时" in text


async def test_outside_hours_an_agent_at_the_desk_means_no_promise_of_tomorrow(make_tracker, domain, monkeypatch):
    """Issue 21 trial: 「客服最早在明天9:00后回复」 while an agent sat at the desk and answered in a minute.
    A console session whose idle timeout was restarted just now (the watched desk restarts it every
    ~20 s) is an agent present: the cardholder is told someone is online, not tomorrow."""
    from datetime import datetime, timedelta, timezone

    from rasa_sdk.executor import CollectingDispatcher

    from actions.store import case_store
    from bot.config import settings

    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1-7")
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-00:01")  # closed almost all day
    staff = case_store().staff
    staff.add_user("night-agent", "Night-Owl-2026!kayou")
    idle = timedelta(minutes=settings().session_idle_minutes)
    # a session left alone for 10 minutes is signed in but not at the desk: the honest hours sentence
    staff.create_session("night-agent", ttl=idle, now=datetime.now(timezone.utc) - timedelta(minutes=10))
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, make_tracker(text="转人工", channel="widget",
                                                            sender_id="widget:web-night1"), domain)
    assert "客服最早在明天" in dispatcher.messages[0]["text"]
    staff.create_session("night-agent", ttl=idle)  # the desk in view now
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, make_tracker(text="转人工", channel="widget",
                                                            sender_id="widget:web-night2"), domain)
    text = dispatcher.messages[0]["text"]
    assert "明天" not in text and "现在有客服在线" in text and "工作时间（" not in text
    again = CollectingDispatcher()
    await ActionRequestHuman().run(again, make_tracker(text="人工", channel="widget",
                                                       sender_id="widget:web-night2"), domain)
    assert "您已经在排队了" in again.messages[0]["text"] and "明天" not in again.messages[0]["text"]
    staff.disable("night-agent")  # a disabled account is nobody at the desk
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, make_tracker(text="转人工", channel="widget",
                                                            sender_id="widget:web-night3"), domain)
    assert "客服最早在明天" in dispatcher.messages[0]["text"]


# ---- issue 23 items 19–21: the letter's delivery -------------------------------------------------------------


async def test_rest_gets_absolute_links_and_the_full_text_only_on_request(make_tracker, dispatcher, domain,
                                                                          monkeypatch):
    monkeypatch.setenv("KAYOU_PUBLIC_URL", "https://bot.example/")
    _, events = await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS)
    result = opened(dispatcher)[0]
    assert all(d["url"].startswith("https://bot.example/webhooks/widget/documents/")
               for d in result["custom"]["documents"])
    link = next(m["text"] for m in opened(dispatcher) if (m.get("text") or "").startswith("下载申请书"))
    assert "https://bot.example/webhooks/widget/documents/" in link
    assert not any(m.get("response") == "utter_plan_letter" for m in opened(dispatcher))
    assert sum(len(m.get("text") or "") for m in opened(dispatcher)) < 2000  # no 4,707 characters of letter
    # 「计划金额」 says what it is beside any 「今天一次还清」 figure
    assert "按您说的欠款合计52,000.00元" in result["verdict"]
    notes = next(m["text"] for m in opened(dispatcher) if (m.get("text") or "").startswith("说明"))
    assert "计划金额52,000.00元是您说的欠款，未含银行已经计收的利息、违约金" in notes
    assert result["custom"]["total_label"].startswith("计划金额（您说的欠款")

    case_id = next(e["value"] for e in events if e["name"] == "plan_case_id")
    dispatcher.messages.clear()
    button = {"entity": "plan_option", "value": "letter"}
    slots = dict(MINSHENG_SLOTS, plan_case_id=case_id)
    await ActionDraftRepaymentPlan().run(
        dispatcher, make_tracker(slots, intent="request_plan_draft", entities=[button]), domain)
    shown = only(dispatcher)
    assert shown["response"] == "utter_plan_letter" and shown["letter"].startswith("个性化分期还款申请书")
    assert "本人去年失业，现在打零工。" in shown["letter"]
    # another sender's case is never shown
    dispatcher.messages.clear()
    await ActionDraftRepaymentPlan().run(
        dispatcher, make_tracker(slots, intent="request_plan_draft", entities=[button], sender_id="other"), domain)
    assert "个性化分期还款申请书" not in (only(dispatcher).get("text") or "")


async def test_the_widget_keeps_its_own_relative_links(make_tracker, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("KAYOU_PUBLIC_URL", "https://bot.example")
    await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS, channel="widget")
    card = opened(dispatcher)[0]["custom"]
    assert all(d["url"].startswith("documents/") for d in card["documents"])
    assert not any(m.get("response") == "utter_plan_letter" for m in opened(dispatcher))


async def test_handoff_past_the_flood_limit_says_so_and_files_nothing(make_tracker, domain, monkeypatch):
    """Issue 22: a client's tickets past KAYOU_HANDOFF_PER_ADDRESS_HOUR are refused in plain words (no ticket
    filed, when to ask again, the bot keeps helping); the client key comes from the channel's metadata."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.store import case_store

    monkeypatch.setenv("KAYOU_HANDOFF_PER_ADDRESS_HOUR", "2")

    def tracker(sender: str, key: str):
        t = make_tracker(text="转人工", channel="rest", sender_id=sender)
        t.latest_message["metadata"] = {"client": key}
        return t

    for i in range(2):
        filed = CollectingDispatcher()
        await ActionRequestHuman().run(filed, tracker(f"rest:flood-{i}", "k-flood"), domain)
        assert "编号 H" in filed.messages[0]["text"]
    refused = CollectingDispatcher()
    await ActionRequestHuman().run(refused, tracker("rest:flood-2", "k-flood"), domain)
    limited, meanwhile = refused.messages
    assert limited["response"] == "utter_handoff_limited_address"
    assert re.search(r"\d{1,2}:\d{2}$", limited["retry"]), limited["retry"]
    assert "继续帮您" in meanwhile["text"]
    assert case_store().handoffs.open_for("rest:flood-2") is None
    other = CollectingDispatcher()
    await ActionRequestHuman().run(other, tracker("rest:someone-else", "k-other"), domain)
    assert "编号 H" in other.messages[0]["text"]


async def test_typed_full_text_shows_the_letter_like_the_button(make_tracker, dispatcher, domain):
    # issue 23 (truth2): 「查看全文」 typed (read by bot.nlu.reading as `full_letter`) shows the letter drafted last
    _, events = await _summary_then_confirm(make_tracker, dispatcher, domain, MINSHENG_SLOTS)
    case_id = next(e["value"] for e in events if e["name"] == "plan_case_id")
    for typed in ("查看全文", "看全文", "全文", "信的全文"):
        dispatcher.messages.clear()
        slots = dict(MINSHENG_SLOTS, plan_case_id=case_id, reading={"full_letter": True})
        await ActionDraftRepaymentPlan().run(
            dispatcher, make_tracker(slots, intent="request_plan_draft", text=typed), domain)
        shown = only(dispatcher)
        assert shown.get("response") == "utter_plan_letter", typed
        assert shown["letter"].startswith("个性化分期还款申请书") and "本人去年失业，现在打零工。" in shown["letter"]
    # before any letter was drafted, 「全文」 is no request for a letter that does not exist
    dispatcher.messages.clear()
    await ActionDraftRepaymentPlan().run(
        dispatcher, make_tracker(dict(MINSHENG_SLOTS, reading={"full_letter": True}), intent="request_plan_draft",
                                 text="全文"), domain)
    assert only(dispatcher).get("response") == "utter_plan_summary"


async def test_grace_is_answered_for_the_bank_the_message_names_without_changing_the_case(
        make_tracker, dispatcher, domain):
    """Persona trial B4: 「平安有没有宽限期」 with 招商 stored first was answered for 招商."""
    case = {"cards": [{"bank": "招商银行", "amount": "20000"}, {"bank": "平安银行", "amount": "15000"}]}
    reading = {"facts": [{"role": "bank", "value": "平安银行", "bank": "平安银行", "whose": "user"}]}
    tracker = make_tracker({"bank": "招商银行", "case": case, "reading": reading},
                           text="平安那张晚了几天 平安有没有宽限期", intent="ask_grace_period")
    events = await ActionAnswerGracePeriod().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["bank"] == "平安银行"
    assert not any(e.get("name") in ("bank", "case") for e in events)
