"""Issue 12b (care): the distress protocol after the crisis answer, the scripts to say, the complaint."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.consequences import ActionExplainConsequences
from actions.distress import crisis_lines_for, distressed, resumed_events, utter_crisis_lines
from actions.facts import money
from actions.forms import ValidateOverdueForm, ValidatePlanForm
from actions.handoff import ActionRequestHuman
from actions import texts as x
from actions.scripts import ActionBankCallScript, ActionCollectionComplaint, bank_call_ask, bank_call_facts
from actions.whatif import _which_first, facts
from bot.case import Card, Case, Situation
from tests.actions.conftest import opened


def with_events(tracker: Tracker, *user_turns: tuple[str, str]) -> Tracker:
    """The tracker with earlier user turns (text, intent) before its own."""
    earlier = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}} for text, intent in user_turns]
    tracker.events[:0] = earlier
    return tracker


# ---- distress in this conversation -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_distress_is_known_from_the_slot_or_from_an_earlier_turn(make_tracker):
    assert not distressed(make_tracker(text="利息多少", intent="ask_interest"))
    assert distressed(make_tracker({"distress_expressed": True}, text="利息多少", intent="ask_interest"))
    assert distressed(with_events(make_tracker(text="转人工", intent="request_human"), ("不想活了", "express_distress")))
    assert not distressed(with_events(make_tracker(text="转人工", intent="request_human"), ("利息多少", "ask_interest")))


@pytest.mark.asyncio
async def test_crisis_lines_only_after_distress(make_tracker, dispatcher, domain):
    assert crisis_lines_for(make_tracker(intent="request_human")) == []
    tracker = make_tracker({"distress_expressed": True}, intent="request_human")
    assert crisis_lines_for(tracker) == [{"response": "utter_crisis_lines"}]
    utter_crisis_lines(dispatcher, tracker)
    assert [m["response"] for m in opened(dispatcher)] == ["utter_crisis_lines"]
    line = domain["responses"]["utter_crisis_lines"][0]["text"]
    assert "12356" in line and "400-161-9995" in line and "110" in line and "120" in line


@pytest.mark.asyncio
async def test_handoff_after_distress_repeats_the_crisis_lines_first(make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text="转人工", intent="request_human"), ("活腻了", "express_distress"))
    await ActionRequestHuman().run(dispatcher, tracker, domain)
    # the crisis lines first, then the ticket (bot/handoff.py's text with its number)
    assert opened(dispatcher)[0]["response"] == "utter_crisis_lines"
    assert re.search(r"H\d{6}", opened(dispatcher)[1]["text"])


@pytest.mark.asyncio
async def test_handoff_without_distress_has_no_crisis_lines(make_tracker, dispatcher, domain):
    await ActionRequestHuman().run(dispatcher, make_tracker(text="转人工", intent="request_human"), domain)
    assert "utter_crisis_lines" not in [m["response"] for m in opened(dispatcher)]
    assert re.search(r"H\d{6}", opened(dispatcher)[0]["text"])


@pytest.mark.asyncio
async def test_the_pause_ends_only_for_the_form_that_was_paused(make_tracker):
    assert resumed_events(make_tracker({"paused_form": "plan_form"}), "plan_form") == [
        {"event": "slot", "timestamp": None, "name": "paused_form", "value": None}]
    assert resumed_events(make_tracker({"paused_form": "plan_form"}), "overdue_form") == []
    assert resumed_events(make_tracker(), "overdue_form") == []


@pytest.mark.asyncio
@pytest.mark.parametrize("validator, form", [(ValidateOverdueForm, "overdue_form"), (ValidatePlanForm, "plan_form")])
async def test_a_form_running_again_clears_its_pause(make_tracker, dispatcher, domain, validator, form):
    tracker = make_tracker({"paused_form": form, "bank": "招商银行"}, text="招行", intent="inform",
                           active_loop=form, requested_slot="bank")
    tracker.events.insert(0, {"event": "action", "name": form})
    events = await validator().run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "paused_form", "value": None} in events


@pytest.mark.asyncio
async def test_consequences_after_distress_leave_out_the_criminal_checklist(make_tracker, dispatcher, domain):
    slots = {"bank": "招商银行", "debt_amount": 60000.0, "overdue_days": 120.0, "distress_expressed": True}
    await ActionExplainConsequences().run(dispatcher, make_tracker(slots, text="接下来会怎样", intent="ask_consequences"),
                                          domain)
    assert [m["response"] for m in opened(dispatcher)] == ["utter_consequences_result",
                                                            "utter_consequences_after_distress"]
    assert not any("刑事" in str(m) for m in opened(dispatcher))


@pytest.mark.asyncio
async def test_consequences_after_distress_give_the_details_when_asked(make_tracker, dispatcher, domain):
    slots = {"bank": "招商银行", "debt_amount": 60000.0, "overdue_days": 120.0, "distress_expressed": True}
    tracker = make_tracker(slots, text="接下来会怎样 详细说说", intent="ask_consequences")
    await ActionExplainConsequences().run(dispatcher, tracker, domain)
    assert [m["response"] for m in opened(dispatcher)][:2] == ["utter_consequences_result", "utter_consequences_details"]


@pytest.mark.asyncio
async def test_consequences_without_distress_keep_the_criminal_line(make_tracker, dispatcher, domain):
    slots = {"bank": "招商银行", "debt_amount": 60000.0, "overdue_days": 120.0}
    await ActionExplainConsequences().run(dispatcher, make_tracker(slots, text="接下来会怎样", intent="ask_consequences"),
                                          domain)
    assert "刑事" in opened(dispatcher)[1]["criminal"]


@pytest.mark.asyncio
async def test_which_card_first_after_distress_has_no_threshold_note(make_tracker):
    debts = [{"bank": "招商银行", "amount": 40000.0, "overdue_days": 60}, {"bank": "广发银行", "amount": 30000.0,
                                                                           "overdue_days": 30}]
    f = facts(make_tracker({"debts": debts}))
    assert any("恶意透支" in d for d in _which_first(f).details)
    assert not any("恶意透支" in d for d in _which_first(f, distressed=True).details)


# ---- the bank-call script ------------------------------------------------------------------------------


def test_bank_call_facts_and_ask_from_the_case():
    case = Case(cards=(Card(bank="招商银行", amount=D(50000), overdue_days=60),), situation=Situation(
        monthly_income=D(4000), monthly_expenses=D(2500), monthly_budget=D(1000), hardship_reason="去年失业了。"))
    said = bank_call_facts(case)
    assert said == ("我目前欠款约50,000元，已经逾期约60天。去年失业了，现在无力全额还款。"
                    "我每月收入约4,000元，必要开支约2,500元，每月最多能还1,000元。")
    assert bank_call_ask(case) == "分50期、每月还1,000元，并请考虑停收利息、减免违约金。"


def test_bank_call_ask_never_exceeds_sixty_periods_or_the_budget():
    case = Case(cards=(Card(bank="招商银行", amount=D(61000)),), situation=Situation(monthly_budget=D(1000)))
    assert bank_call_ask(case).startswith("最长分60期、每月还1,000元")
    case = Case(cards=(Card(bank="招商银行", amount=D(60000)),), situation=Situation(monthly_budget=D(1000)))
    assert bank_call_ask(case).startswith("分60期")
    case = Case(cards=(Card(bank="招商银行", amount=D(500)),), situation=Situation(monthly_budget=D(1000)))
    assert bank_call_ask(case).startswith("分1期")


# issue 23 item 1: the script and the letter come from the same plan outcome


def _script_and_plan(case):
    from actions.plan import plan_for

    return bank_call_facts(case), bank_call_ask(case), plan_for(case, {})


def test_bank_call_script_offers_what_the_letter_offers_not_the_budget():
    # income 3,000, expenses 2,500, budget 2,000, debt 100,000: the letter offers 500 a month
    case = Case(cards=(Card(bank="招商银行", amount=D(100000)),), situation=Situation(
        monthly_income=D(3000), monthly_expenses=D(2500), monthly_budget=D(2000)))
    facts_said, ask, result = _script_and_plan(case)
    assert result.mode == "partial" and result.offered_payment == D(500)
    assert ask.startswith("最长分60期、每月还500元；按这个数60期还差约70,000元")
    assert "2,000" not in ask and "分50期" not in ask
    assert "每月最多能还500元" in facts_said and "每月最多能还2,000元" not in facts_said
    assert "每期还款500.00元" in result.letter


def test_bank_call_script_with_nothing_to_spare_asks_for_a_deferment_with_no_amount():
    case = Case(cards=(Card(bank="招商银行", amount=D(30000)),), situation=Situation(
        monthly_income=D(0), monthly_expenses=D(1500), monthly_budget=D(800)))
    facts_said, ask, result = _script_and_plan(case)
    assert result.mode == "hardship" and "暂缓（延期）还款" in result.letter
    assert ask.startswith("暂缓（延期）还款") and not re.search(r"\d", ask) and "期、" not in ask
    assert "扣除必要开支后没有余钱" in facts_said and "800" not in facts_said


def test_bank_call_script_rounds_the_periods_up_as_the_letter_does():
    # 10,000 at 3,000 a month: 3 periods repay 9,000 only; the plan is 4 periods of 2,500
    case = Case(cards=(Card(bank="招商银行", amount=D(10000)),), situation=Situation(monthly_budget=D(3000)))
    _, ask, result = _script_and_plan(case)
    assert result.periods == 4 and ask.startswith("分4期、每月还2,500元")
    assert "分3期" not in ask
    case = Case(cards=(Card(bank="招商银行", amount=D(10001)),), situation=Situation(monthly_budget=D(2500)))
    assert bank_call_ask(case).startswith("分5期")


def test_bank_call_script_names_the_last_period_when_it_differs():
    case = Case(cards=(Card(bank="招商银行", amount=D(10000)),), situation=Situation(monthly_budget=D(3400)))
    _, ask, result = _script_and_plan(case)
    assert ask.startswith(f"分{result.periods}期、每月还{money(result.monthly_payment)}元（最后一期{money(result.last_payment)}元）")


def test_bank_call_script_leaves_blanks_for_what_is_unknown():
    said = bank_call_facts(Case())
    assert said.startswith("我目前欠款约＿＿元。因为＿＿") and "每月最多能还＿＿元" in said
    assert "分＿＿期" in bank_call_ask(Case())


def test_bank_call_facts_name_every_card_and_the_total():
    case = Case(cards=(Card(bank="招商银行", amount=D(20000)), Card(bank="广发银行", amount=D(30000))))
    assert bank_call_facts(case).startswith("我一共有2张信用卡逾期（招商银行 20,000元、广发银行 30,000元），合计欠款约50,000元")


@pytest.mark.asyncio
async def test_bank_call_script_action_sends_the_script_then_what_to_confirm(make_tracker, dispatcher, domain):
    tracker = make_tracker({"bank": "招商银行", "debt_amount": 20000.0}, text="打客服协商怎么说",
                           intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    # no budget said: the amount is left blank and asked for (read9, probes W08/X13), then what to confirm
    first, ask, second = opened(dispatcher)
    assert ask["text"] == x.SCRIPT_BUDGET_ASK
    assert first["response"] == "utter_script_bank_call" and first["bank"] == "招商银行"
    assert "20,000元" in first["facts"]
    assert second["response"] == "utter_script_bank_call_confirm"
    confirm = domain["responses"]["utter_script_bank_call_confirm"][0]["text"]
    assert "短信或书面" in confirm and "录音" in confirm


# ---- the complaint -------------------------------------------------------------------------------------

ABUSE = "12月1日晚上11点，自称平安银行委外的人打电话骂我是老赖，说不还就让我坐牢，还打给我妈说我欠钱不还。号码13812345678"


@pytest.mark.asyncio
async def test_complaint_asks_for_the_details_when_none_were_given(make_tracker, dispatcher, domain):
    events = await ActionCollectionComplaint().run(
        dispatcher, make_tracker(text="帮我写投诉", intent="request_collection_complaint"), domain)
    assert [m["response"] for m in opened(dispatcher)] == ["utter_complaint_ask_details"]
    assert events == []


@pytest.mark.asyncio
async def test_complaint_from_the_earlier_description(make_tracker, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("KAYOU_PUBLIC_URL", "https://bot.example")
    tracker = with_events(make_tracker({"bank": "平安银行"}, text="帮我写投诉", intent="request_collection_complaint"),
                          (ABUSE, "request_human"), ("利息多少", "ask_interest"))  # any intent: the words count
    events = await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    link, summary, after = opened(dispatcher)
    # issue 23 item 21: REST gets the absolute link too (a relative one 404s from the REST address)
    assert "https://bot.example/webhooks/widget/documents/" in link["text"]
    # probe D05 (truth3): a short summary and 「查看全文」, not the whole complaint as 14–20 bubbles
    assert summary["text"].startswith("投诉书写好了") and summary["buttons"][0]["title"] == "查看全文"
    assert after["response"] == "utter_complaint_next"
    full = CollectingDispatcher()
    pressed = with_events(make_tracker({"bank": "平安银行"}, text=summary["buttons"][0]["payload"],
                                       intent="request_collection_complaint",
                                       entities=[{"entity": "plan_option", "value": "letter"}]),
                          (ABUSE, "request_human"), ("利息多少", "ask_interest"))
    await ActionCollectionComplaint().run(full, pressed, domain)
    (document,) = full.messages
    assert "利息多少" not in document["document"]
    assert document["response"] == "utter_complaint_text" and "平安银行" in document["document"]
    assert "13812345678" not in document["document"]
    assert after["response"] == "utter_complaint_next"
    assert events == []


@pytest.mark.asyncio
async def test_complaint_in_the_widget_is_the_document_card_with_signed_downloads(make_tracker, dispatcher, domain):
    from actions.store import case_store
    from bot.documents import links

    tracker = with_events(make_tracker({"bank": "平安银行"}, text="帮我写投诉", intent="request_collection_complaint",
                                       channel="widget", sender_id="widget:c1"), (ABUSE, "request_human"))
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    card, after = opened(dispatcher)
    custom = card["custom"]
    assert card.get("response") is None and after["response"] == "utter_complaint_next"
    assert custom["type"] == "document" and custom["noun"] == "投诉书"
    assert custom["letter_title"] == "关于平安银行信用卡违规催收的投诉" and "第六十八条" in custom["letter"]
    assert "13812345678" not in str(custom)
    assert [d["format"] for d in custom["documents"]] == ["pdf", "docx"]
    url = custom["documents"][0]["url"]
    complaint_id = url.split("/")[1]
    assert url.startswith(f"documents/{complaint_id}/complaint.pdf?e=")  # relative: the widget's own origin
    query = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    assert links.verify(complaint_id, query["e"], query["s"]) is None
    stored = case_store().complaints.get_complaint(complaint_id)
    assert stored.sender_id == "widget:c1" and stored.document["title"] == custom["letter_title"]
    assert "13812345678" not in str(stored.document) and "****5678" in str(stored.document)


@pytest.mark.asyncio
async def test_complaint_in_wechat_gets_the_absolute_link_first(make_tracker, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("KAYOU_PUBLIC_URL", "https://bot.example")
    tracker = with_events(make_tracker(text="帮我写投诉", intent="request_collection_complaint", channel="wechat",
                                       sender_id="wechat:o-c"), (ABUSE, "request_human"))
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    link, document, after = opened(dispatcher)
    assert link["text"].startswith("下载投诉书") and "https://bot.example/webhooks/widget/documents/" in link["text"]
    assert "complaint" not in link["text"]  # the download page, which lists PDF and Word
    assert document["response"] == "utter_complaint_text" and after["response"] == "utter_complaint_next"


@pytest.mark.asyncio
async def test_complaint_without_the_store_is_still_the_text(make_tracker, dispatcher, domain, monkeypatch):
    import actions.store

    def broken():
        raise RuntimeError("store down")

    monkeypatch.setattr(actions.store, "case_store", broken)
    tracker = with_events(make_tracker(text="帮我写投诉", intent="request_collection_complaint", channel="widget"),
                          (ABUSE, "request_human"))
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    assert [m["response"] for m in opened(dispatcher)] == ["utter_complaint_text", "utter_complaint_next"]


@pytest.mark.asyncio
@pytest.mark.parametrize("form", ["overdue_form", "plan_form"])
async def test_distress_inside_a_form_pauses_it_and_says_how_to_resume(make_tracker, dispatcher, domain, form):
    from actions.distress import ActionPauseForm

    tracker = make_tracker({"debt_amount": 20000.0}, text="不想活了", intent="express_distress", active_loop=form,
                           requested_slot="bank")
    events = await ActionPauseForm().run(dispatcher, tracker, domain)
    assert events == [{"event": "slot", "timestamp": None, "name": "paused_form", "value": form}]
    assert [m["response"] for m in opened(dispatcher)] == ["utter_form_paused"]
    paused = domain["responses"]["utter_form_paused"][0]["text"]
    assert "继续" in paused and "？" not in paused  # no question in the crisis turn (DOMAIN §7)


def guarded(make_tracker, runner_up: str, confidence: float, signal: str | None = "不想活", slots=None) -> Tracker:
    """A message the distress guard classified, the classifier's own pick kept below it in the ranking."""
    tracker = make_tracker(slots, text="不想活了 利息多少", intent="express_distress", intent_ranking=[
        {"name": "express_distress", "confidence": 1.0}, {"name": runner_up, "confidence": confidence}])
    if signal:
        tracker.latest_message["distress_signal"] = signal
    return tracker


@pytest.mark.asyncio
@pytest.mark.parametrize("runner_up, form", [("ask_interest", "overdue_form"), ("request_plan_draft", "plan_form")])
async def test_a_debt_question_set_aside_by_the_guard_is_kept_for_later(make_tracker, dispatcher, domain, runner_up,
                                                                       form):
    from actions.distress import ActionPauseForm

    events = await ActionPauseForm().run(dispatcher, guarded(make_tracker, runner_up, 0.9), domain)
    assert events == [{"event": "slot", "timestamp": None, "name": "paused_form", "value": form}]
    assert [m["response"] for m in opened(dispatcher)] == ["utter_form_paused"]


@pytest.mark.asyncio
@pytest.mark.parametrize("runner_up, confidence, signal", [
    ("ask_interest", 0.49, "不想活"),  # the classifier was not sure it was a question
    ("ask_interest", 0.9, None),  # the classifier itself said distress: nothing was set aside
    ("ask_lawsuit", 0.9, "不想活"),  # no form answers it
])
async def test_nothing_new_to_keep_leaves_the_pause_as_it_was(make_tracker, dispatcher, domain, runner_up, confidence,
                                                              signal):
    from actions.distress import ActionPauseForm

    for before in (None, "plan_form"):
        tracker = guarded(make_tracker, runner_up, confidence, signal, slots={"paused_form": before})
        events = await ActionPauseForm().run(dispatcher, tracker, domain)
        assert events == [{"event": "slot", "timestamp": None, "name": "paused_form", "value": before}]
    assert opened(dispatcher) == []


@pytest.mark.asyncio
async def test_a_specific_question_read_as_a_script_request_gets_its_answer(make_tracker, dispatcher, domain):
    from bot import facts as F

    text = "签了分期协议银行还在催收怎么办"
    tracker = make_tracker(text=text, intent="ask_bank_call_script")
    events = await ActionBankCallScript().run(dispatcher, tracker, domain)
    assert [m["text"] for m in opened(dispatcher)] == [F.first_bubble(F.by_id("still_collecting"))]
    assert {"event": "slot", "timestamp": None, "name": "last_answer", "value": "still_collecting"} in events


@pytest.mark.asyncio
async def test_a_script_request_that_names_a_topic_still_gets_the_script(make_tracker, dispatcher, domain):
    # 「停止催收」 matches a specific answer, but the person asks for the words to say
    tracker = make_tracker(text="协商停止催收的时候怎么说", intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    assert [m["response"] for m in opened(dispatcher)] == ["utter_script_bank_call", "utter_script_bank_call_confirm"]


# ---- the collector-call script: the cardholder's words, or a relative's (persona trial P3) -------------------


@pytest.mark.asyncio
async def test_the_cardholder_gets_the_debtors_collector_script(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectorScript

    tracker = with_events(make_tracker(text="催收再打来我该怎么说", intent="ask_collector_script"),
                          ("我欠了中信五万，逾期两个月", "inform"))
    await ActionCollectorScript().run(dispatcher, tracker, domain)
    # the script first; what to note and when to hang up behind 「详细」 (care4)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_script_collector"]
    assert [m.get("response") for m in opened(dispatcher)] == ["utter_script_collector", "utter_script_collector_checks"]
    assert dispatcher.messages[0]["buttons"][-1]["title"] == "详细"
    assert "这笔欠款我知道" in domain["responses"]["utter_script_collector"][0]["text"]


@pytest.mark.asyncio
@pytest.mark.parametrize(("said", "spouse"), [
    ("我老公中信信用卡逾期了 催收天天打我电话", True),
    ("不是我欠的 是我老公欠的", True),
    ("我儿子的信用卡逾期了", False),
    ("我妈的卡逾期了", False),
])
async def test_a_relative_gets_a_relatives_collector_script(make_tracker, dispatcher, domain, said, spouse):
    from actions.scripts import ActionCollectorScript

    tracker = with_events(make_tracker(text="催收再打来我该怎么说", intent="ask_collector_script"), (said, "inform"))
    await ActionCollectorScript().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 1 and opened(dispatcher)[0].get("response") is None
    text = opened(dispatcher)[0]["text"]
    assert "我不是持卡人，也不是担保人（如果确实不是）" in text and "请直接找持卡人本人" in text
    assert "请不要再打给我" in text and "透露" in text
    # never the debtor's words
    assert "这笔欠款我知道" not in text and "愿意还" not in text and "协商分期" not in text
    assert ("债务相关第三人" in text) is spouse


def test_the_collector_script_is_an_action_in_the_rules_and_the_domain(domain):
    from pathlib import Path

    import yaml

    rules = yaml.safe_load(Path("data/rules.yml").read_text(encoding="utf-8"))["rules"]
    steps = [s for r in rules if r["steps"][0].get("intent") == "ask_collector_script" for s in r["steps"]]
    assert {"action": "action_collector_script"} in steps and {"action": "utter_script_collector"} not in steps
    assert "action_collector_script" in domain["actions"]


# ---- a handoff can be cancelled (persona trial A3) ----------------------------------------------------


@pytest.mark.asyncio
async def test_a_cancel_closes_the_waiting_ticket_as_the_customers_and_files_none(make_tracker, domain):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.store import case_store

    await ActionRequestHuman().run(CollectingDispatcher(), make_tracker(text="转人工", intent="request_human"), domain)
    ticket = case_store().handoffs.open_for("unit-test")
    cancel = CollectingDispatcher()
    await ActionRequestHuman().run(
        cancel, make_tracker({"reading": {"handoff_cancel": True}}, text="取消人工", intent="request_human"), domain)
    assert cancel.messages[0]["text"].startswith(f"好的，已取消转人工（编号 {ticket.ticket}）")
    closed = case_store().handoffs.get(ticket.id)
    assert closed.status == "closed" and closed.outcome == "customer_cancelled" and closed.closed_by == "customer"
    assert case_store().handoffs.list_open() == []
    audit = case_store().audit.list_recent(sender_id="unit-test")
    assert [(a.staff_username, a.action) for a in audit] == [("customer", "handoff_cancelled_by_customer")]
    # a cancel with nothing waiting (a new conversation: 「取消转人工」) files nothing
    nothing = CollectingDispatcher()
    await ActionRequestHuman().run(
        nothing, make_tracker({"reading": {"handoff_cancel": True}}, text="取消转人工", intent="request_human",
                              sender_id="new-one"), domain)
    assert "没有在排队" in nothing.messages[0]["text"]
    assert case_store().handoffs.list_for("new-one") == []


@pytest.mark.asyncio
async def test_a_handoff_after_distress_goes_first_in_the_queue(make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.store import case_store

    await ActionRequestHuman().run(CollectingDispatcher(), make_tracker(text="转人工", sender_id="earlier"), domain)
    tracker = with_events(make_tracker(text="转人工吧", intent="request_human", sender_id="a4"),
                          ("我要是人没了 这些钱是不是就不用还了", "express_distress"))
    await ActionRequestHuman().run(dispatcher, tracker, domain)
    mine = case_store().handoffs.open_for("a4")
    assert mine.priority == 1 and case_store().handoffs.waiting_ahead(mine.id) == 0
    assert "您前面还有" not in " ".join(m.get("text") or "" for m in dispatcher.messages)


# ---- crisis signals in context (persona trial A4) -----------------------------------------------------


@pytest.mark.asyncio
async def test_the_debt_after_death_after_a_signal_gets_the_lines_first_then_the_fact_with_care(
        make_tracker, dispatcher, domain):
    from actions.distress import ActionCrisis

    tracker = with_events(
        make_tracker(text="真没事 就是想问问 人死了信用卡欠款家里人要还吗", intent="express_distress"),
        ("欠了六七万 三张卡 我要是人没了 这些钱是不是就不用还了", "express_distress"), ("说说而已 没事", "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_distress" and len(dispatcher.messages) == 2
    fact = dispatcher.messages[1]["text"]
    assert "不会因为人不在了就一笔勾销" in fact and "遗产范围内" in fact and "通常" in fact
    assert "不用还" not in fact  # never 「家人…一般不用还」 to a person who just said they might not be here


@pytest.mark.asyncio
async def test_a_plan_with_a_time_and_a_place_is_escalated_with_a_person_first_in_the_queue(
        make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.distress import ActionCrisis
    from actions.store import case_store

    await ActionRequestHuman().run(CollectingDispatcher(), make_tracker(text="转人工", sender_id="a3"), domain)
    tracker = with_events(
        make_tracker(text="唉 反正活着也是拖累家里 这周末就去江边走走 想清楚了就不麻烦大家了",
                     intent="express_distress", sender_id="a4"),
        ("我要是人没了 这些钱是不是就不用还了", "express_distress"), ("说说而已 没事", "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    urgent = dispatcher.messages[0]["text"]
    assert "现在就拨打110或120" in urgent and urgent != domain["responses"]["utter_distress"][0]["text"]
    ticket = case_store().handoffs.open_for("a4")
    assert ticket.priority == 1 and case_store().handoffs.waiting_ahead(ticket.id) == 0
    assert ticket.ticket in dispatcher.messages[1]["text"]
    assert [t.sender_id for t in case_store().handoffs.list_open()] == ["a4", "a3"]


@pytest.mark.asyncio
async def test_an_outing_by_the_river_is_no_plan_and_a_first_signal_is_not_escalated(make_tracker, dispatcher, domain):
    from actions.distress import ActionCrisis
    from bot.nlu.distress import matches, plan

    assert matches("周末去江边烧烤 信用卡能刷吗") is None and plan("明天去海边玩") is None
    await ActionCrisis().run(dispatcher, make_tracker(text="这周末去江边", intent="express_distress"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_distress"]


# ---- a relative is answered in their own position (persona trials A2, B2) -----------------------------


@pytest.mark.asyncio
async def test_a_husband_asking_about_the_collection_is_answered_as_a_relative_not_as_the_debtor(
        make_tracker, dispatcher, domain):
    from actions.answers import ActionAnswerTopic

    tracker = with_events(make_tracker(text="他们说要上门 还说要告诉我单位领导 这合法吗", intent="ask_collection_harassment"),
                          ("我老婆信用卡逾期了 催收打电话给我 我要不要替她还啊", "ask_for_relative"))
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]["text"]
    assert first.startswith("您不是持卡人") and "不能找您要钱" in first and "请不要再联系我" in first
    assert "只能向您本人" not in " ".join(m.get("text") or "" for m in dispatcher.messages)
    # the cardholder's own question keeps the cardholder's answer
    own = CollectingDispatcher()
    await ActionAnswerTopic().run(own, make_tracker(text="他们说要上门 还说要告诉我单位领导 这合法吗",
                                                     intent="ask_collection_harassment"), domain)
    assert not (own.messages[0].get("text") or "").startswith("您不是持卡人")


@pytest.mark.asyncio
async def test_a_mother_gets_no_second_bubble_saying_only_she_may_be_collected_from(make_tracker, dispatcher, domain):
    from actions.answers import ActionAnswerTopic

    await ActionAnswerTopic().run(dispatcher, make_tracker(
        text="你好 我儿子信用卡逾期了 催收天天打我电话 我不是持卡人啊 怎么让他们别打了", intent="ask_for_relative"), domain)
    said = [m.get("response") or m.get("text") for m in dispatcher.messages]
    assert "utter_collection_rights_brief" not in said, said
