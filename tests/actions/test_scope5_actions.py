"""Persona trials s5 (bench/records/2026-12-07/trials-s5): the prison question beside three cards and a 网贷 (H1#2),
the collectors and the school (H2#4), and a question with a correction while the plan summary waits (H1#11)."""
from __future__ import annotations

import asyncio
from decimal import Decimal as D

from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic
from actions.consequences import ActionAnswerCriminalRisk
from actions.fallback import ActionDefaultAskAffirmation
from bot.case import Card, Case
from bot.nlu.case_update import update_case
from tests.actions.conftest import opened
from tests.actions.test_fallback_repair import tracker_with, user

H1_2 = "招行5万 建行3万 中信两万 还有个网贷4万 都快4个月没还了 会不会坐牢啊 我听人说欠多了是诈骗罪"


def test_the_prison_question_counts_the_cards_and_says_the_net_loan_is_not_one(domain):
    case = update_case(Case(), H1_2).case
    tracker = tracker_with([user(H1_2, "ask_criminal_risk")], {"case": case.to_slot()}, domain=domain)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerCriminalRisk().run(dispatcher, tracker, domain))
    first = opened(dispatcher)[0]
    assert first["response"] == "utter_criminal_result"
    assert "3张卡的本金合计100,000.00元" in first["summary"]
    assert "网贷" in first["summary"] and "不是信用卡欠款" in first["summary"]
    assert "✔" in first["conditions"]  # 本金 10万 ≥ 5万; the rest 「无法判断」, never 「不满足」


def test_the_net_loan_line_only_when_another_debt_is_named(domain):
    case = Case(cards=(Card("招商银行", D(50000), 120), Card("建设银行", D(30000), 120)))
    text = "招行5万 建行3万 会坐牢吗"
    tracker = tracker_with([user(text, "ask_criminal_risk")], {"case": case.to_slot()}, domain=domain)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerCriminalRisk().run(dispatcher, tracker, domain))
    assert "网贷" not in opened(dispatcher)[0]["summary"]


def test_the_school_question_gets_the_third_party_rule(domain):
    text = "那通知学校呢 他们能打给我辅导员吗"
    tracker = tracker_with([user(text, "ask_collection_harassment")], {}, domain=domain)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerTopic().run(dispatcher, tracker, domain))
    first = dispatcher.messages[0]["text"]
    assert "学校" in first and "不得透露欠款" in first and "12378" in first


def test_a_question_with_a_correction_under_the_waiting_summary_is_answered(domain, monkeypatch):
    # the plan summary waits (slot plan_summary) and the message changes the expenses: the question is answered,
    # then the summary is shown again (a FollowupAction), never only the summary
    import actions.plan as plan

    monkeypatch.setattr(plan, "summary_changed", lambda tracker: True)
    text = "网贷那4万要不要写上 还有开销我说七八千 按八千算吧"
    ranking = [{"name": "nlu_fallback", "confidence": 0.2}, {"name": "out_of_scope", "confidence": 0.25},
               {"name": "inform", "confidence": 0.23}]
    tracker = tracker_with([user(text, "nlu_fallback", 0.2, ranking=ranking)], {"plan_summary": "x"}, domain=domain)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker, domain))
    assert "全部欠款" in dispatcher.messages[0]["text"] and "网贷" in dispatcher.messages[0]["text"]
    assert events[-1].get("event") == "followup" and events[-1].get("name") == "action_draft_repayment_plan"


def test_will_the_bank_agree_is_answered_after_the_periods(domain):
    # 「每月还1000 要多少期 银行会同意吗」 (persona trial G4#13): the periods, then 「不一定…可以同意也可以拒绝」
    from actions.whatif import ActionAnswerWhatIf

    case = Case(cards=(Card("交通银行", D(15600), 12),))
    text = "每月还1000 要多少期 银行会同意吗"
    tracker = tracker_with([user(text, "ask_what_if")], {"case": case.to_slot()}, domain=domain)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerWhatIf().run(dispatcher, tracker, domain))
    said = "\n".join(m.get("text") or " ".join(str(v) for v in m.values()) for m in dispatcher.messages)
    assert "16期" in said and "不是“必须”同意" in said, said
    assert said.count("不是“必须”同意") == 1 and said.index("16期") < said.index("不是“必须”同意"), said
