"""relative8: a person who speaks for a relative's card (persona trial s7 L5): her own 征信, who signs, the summary
and the letter in the cardholder's name; the cardholder's own answers unchanged."""
from __future__ import annotations

from actions.answers import ActionAnswerTopic, relative_answer, specific_answer
from actions.fallback import ActionDefaultAskAffirmation
from actions.topics import answer_other_topics

DAUGHTER = "你好 我是退休职工 我闺女的信用卡欠了钱 卡是她的名字 我在帮她还"


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def for_relative(make_tracker, text, intent, slots=None, **kw):
    tracker = make_tracker(slots or {}, text=text, intent=intent, **kw)
    tracker.events[:0] = [{"event": "user", "text": DAUGHTER, "parse_data": {"intent": {"name": "inform"}}}]
    return tracker


async def test_her_own_credit_is_answered_in_her_position(make_tracker, dispatcher, domain):
    # L5 #1–#3: 「会上征信」, then 「上面已经说过：会上征信」
    tracker = for_relative(make_tracker, "我的征信会不会受影响", "ask_credit_report",
                           slots={"answers_given": ["topic_credit_report"]})
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "不会记到您的征信上" in reply and "会上征信" not in reply and "上面已经说过：会上" not in reply, reply


async def test_the_credit_topic_beside_another_question_is_hers_too(make_tracker, dispatcher, domain):
    # L5 #5: 「（上面已详细说过）征信：逾期会…记入征信」 after the figure
    tracker = for_relative(make_tracker, "利息多少 我自己的征信受不受影响", "ask_interest")
    await answer_other_topics(dispatcher, tracker, domain, main="interest")
    reply = said(dispatcher)
    assert "不会记到您的征信上" in reply and "记入征信" not in reply.split("依据")[0].replace("逾期记在", ""), reply


async def test_who_signs_after_the_fallback(make_tracker, dispatcher, domain):
    # L5 #17: the menu
    text = "我问的是 这个申请是我闺女自己去办 还是我能替她办 信上写我的名字还是她的"
    tracker = for_relative(make_tracker, text, "nlu_fallback",
                           intent_ranking=[{"name": "nlu_fallback", "confidence": 0.3}])
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "由持卡人本人签字" in reply and "没能理解" not in reply, reply


def test_no_new_card_becomes_the_cardholders_promise(make_tracker):
    # L5 #16: 「您要承诺在还清前不再…申请信用卡」 to the mother
    tracker = for_relative(make_tracker, "我签行不行 我可不想以后办不了卡", "ask_negotiate_plan")
    assert specific_answer(tracker).id == "relative_signs"


def test_a_cardholder_keeps_the_cardholders_answers(make_tracker):
    tracker = make_tracker({}, text="办了个性化分期还能办新的信用卡吗", intent="ask_negotiate_plan")
    assert specific_answer(tracker).id == "new_card"
    assert relative_answer(make_tracker({}, text="我的征信会不会受影响", intent="ask_credit_report")) is None


async def test_the_summary_and_the_draft_say_the_cardholder_signs(make_tracker, dispatcher, domain, temp_case_store):
    from actions.plan import ActionDraftRepaymentPlan
    from bot.case import Card, Case, Situation

    case = Case(cards=(Card(bank="中信银行", amount=23000, overdue_days=60),),
                situation=Situation(monthly_income=4200, monthly_expenses=2200, monthly_budget=2000,
                                    hardship_reason="闺女在外地打工 我是她妈 替她还"))
    tracker = for_relative(make_tracker, "帮我写申请书", "request_plan_draft", slots={"case": case.to_slot()})
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    summary = "\n".join(str(m.get("summary") or m.get("text") or "") for m in dispatcher.messages)
    assert "持卡人（您女儿）的名义写" in summary and "以您的名义写进申请书" not in summary, summary
    assert "您的每月收入：4,200.00元" in summary, summary
