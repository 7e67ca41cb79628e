"""Persona trials s7 (legal6), action level: 付得起吗 gets 够/不够 from the person's figures (L2 #10), a catalogue
question beside the wait is answered (K3 #13), an `in_context` question reads the person's earlier messages (K3 #10)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.case import Card, Case, Situation
from tests.actions.conftest import texts


def case_slots(case: Case) -> dict:
    return {"case": case.to_slot(), **case.contract_slots()}


def with_events(tracker, *earlier: str):
    tracker.events[:0] = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "inform"}}} for t in earlier]
    return tracker


def afford_tracker(make_tracker, text: str, **situation):
    case = Case(cards=(Card(bank="招商银行", amount=D(12000)),), situation=Situation(**situation))
    return make_tracker(slots=case_slots(case), text=text, intent="ask_what_if")


def test_afford_verdict_first_from_income_less_expenses(make_tracker):
    from actions.whatif import Reply, _afford
    from bot import whatif

    tracker = afford_tracker(make_tracker, "分12期 每期0.6% 每月多少 付得起吗", monthly_income=D(5000),
                             monthly_expenses=D(3900))
    scenario = whatif.Scenario(kind=whatif.INSTALMENTS, periods=12, rate=D("0.006"))
    card = whatif.CardFacts("招商银行", D(12000))
    reply = _afford(tracker, Reply("FIG"), card, scenario)
    assert reply.figure.startswith("付得起：账单分期每月约 1,072.00 元") and "付完每月还剩约 28.00 元" in reply.figure
    assert reply.figure.endswith("\nFIG")


def test_afford_says_short_with_the_lower_budget_and_nothing_unasked(make_tracker):
    from actions.whatif import Reply, _afford
    from bot import whatif

    scenario = whatif.Scenario(kind=whatif.INSTALMENTS, periods=12, rate=D("0.006"))
    card = whatif.CardFacts("招商银行", D(12000))
    short = afford_tracker(make_tracker, "分12期每月多少 还得起吗", monthly_income=D(5000), monthly_expenses=D(3900),
                           monthly_budget=D(1000))
    reply = _afford(short, Reply("FIG"), card, scenario)
    assert reply.figure.startswith("按您的情况付不起") and "您说每月最多能还 1,000.00 元" in reply.figure
    assert "还差约 72.00 元" in reply.figure
    unasked = afford_tracker(make_tracker, "分12期每月多少", monthly_income=D(5000), monthly_expenses=D(3900))
    assert _afford(unasked, Reply("FIG"), card, scenario).figure == "FIG"
    unknown = afford_tracker(make_tracker, "分12期每月多少 付得起吗")
    assert _afford(unknown, Reply("FIG"), card, scenario).figure == "FIG"  # no figures of hers: no verdict


@pytest.mark.asyncio
async def test_a_catalogue_question_beside_the_wait_is_answered(make_tracker, dispatcher, domain):
    from actions.handoff import answer_while_waiting

    tracker = with_events(make_tracker(text="那我等人工吧那个短信的电话我到底打不打啊", intent="request_human"),
                          "今天收到一个短信说法院已经受理了")
    await answer_while_waiting(dispatcher, tracker, domain)
    assert any(t.startswith("先别打短信、来电里给的号码") for t in texts(dispatcher)), texts(dispatcher)


@pytest.mark.asyncio
async def test_a_vague_number_question_reads_the_earlier_court_sms(make_tracker, dispatcher, domain):
    from actions.answers import ActionAnswerTopic, recent_user_text

    tracker = with_events(make_tracker(text="你能不能直接说要不要打那个电话我很怕", intent="ask_lawsuit"),
                          "今天收到一个短信说是法院的传票")
    assert recent_user_text(tracker) == "今天收到一个短信说是法院的传票"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[0].startswith("先别打短信、来电里给的号码"), texts(dispatcher)


@pytest.mark.asyncio
async def test_a_miss_gives_the_catalogue_answer_and_the_second_question(make_tracker, dispatcher, domain):
    from actions.fallback import ActionDefaultAskAffirmation

    tracker = make_tracker(text="那我要不要打那个短信上的电话啊我不敢打怕是骗子让我转钱我老公知道了会跟我吵架孩子学校会不会知道",
                           intent="nlu_fallback",
                           intent_ranking=[{"name": "nlu_fallback", "confidence": 0.5},
                                           {"name": "ask_lawsuit", "confidence": 0.3}])
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert said[0].startswith("先别打短信、来电里给的号码") and said[1].startswith("孩子的学校不会因此知道"), said
