"""Persona trials s6: every asked topic gets its answer (the classified topic beside a specific answer of another
topic, a second catalogue question, 「我问的是X」 never answered with 「上面已经说过」), facts after the 坐牢 checklist."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from actions.answers import ActionAnswerTopic, follows_up_criminal
from actions.consequences import ActionAnswerCriminalRisk
from bot.case import Card, Case

RIDER = {"case": Case(cards=(Card(bank="农业银行", amount=D(35000), overdue_days=150),
                             Card(bank="邮储银行", amount=D(28000), overdue_days=150))).to_slot()}


def texts(dispatcher) -> list[str]:
    return [m.get("text") or m.get("response") or "" for m in dispatcher.messages]


@pytest.mark.asyncio
async def test_the_jail_question_beside_the_school_question_gets_the_checklist_first(make_tracker, dispatcher, domain):
    text = "那我到底会不会坐牢嘛 我娃娃明年上小学 我征信不好会不会影响娃娃读书"  # I4 #3
    tracker = make_tracker(slots=RIDER, text=text, intent="ask_criminal_risk")
    events = await ActionAnswerCriminalRisk().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert shown[0] == "utter_criminal_result", shown
    assert any("逾期本身不会让孩子不能上学" in t for t in shown[1:]), shown
    given = [e["value"] for e in events if e.get("name") == "answers_given"]
    assert given and "children_school" in given[-1]


@pytest.mark.asyncio
async def test_a_specific_answer_of_the_same_topic_is_not_doubled(make_tracker, dispatcher, domain):
    text = "我欠了信用卡六万多块钱 两张卡 好几个月没还了 会不会坐牢哦"  # I4 #1: the several-cards answer is the 坐牢 answer
    tracker = make_tracker(text=text, intent="ask_criminal_risk")
    await ActionAnswerCriminalRisk().run(dispatcher, tracker, domain)
    assert "utter_criminal_result" not in texts(dispatcher)


@pytest.mark.asyncio
async def test_insisting_gets_the_answer_again_not_a_reference(make_tracker, dispatcher, domain):
    slots = {**RIDER, "answers_given": ["avoid_criminal"]}
    tracker = make_tracker(slots=slots, text="我问的是怎么才不会被抓 不是娃娃上学", intent="ask_criminal_risk")
    await ActionAnswerCriminalRisk().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert "不换号" in shown[0] and "上面已经说过" not in shown[0], shown
    assert not any("孩子" in t for t in shown), shown


@pytest.mark.asyncio
async def test_a_new_question_beside_one_answered_before_gets_its_answer(make_tracker, dispatcher, domain):
    from bot import facts as F

    text = "他说要打我单位电话 还说要发朋友圈 这两个都不合法吧"  # I5 #3
    first = F.match(text, "ask_collection_harassment")
    assert first is not None and first.id != "contacts_family"
    tracker = make_tracker(text=text, intent="ask_collection_harassment", slots={"answers_given": [first.id]})
    events = await ActionAnswerTopic().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert any("只有联系不上您时才可以联系第三人" in t for t in shown), shown
    assert not any("上面已经说过" in t for t in shown), shown
    given = [e["value"] for e in events if e.get("name") == "answers_given"]
    assert given[-1] == [first.id, "contacts_family"]


@pytest.mark.asyncio
async def test_a_fact_said_as_context_is_no_second_question(make_tracker, dispatcher, domain):
    text = "那我要咋个做才不会被抓嘛 我跑外卖一个月挣六七千 房租一千二 娃娃上学要钱"  # I4 #5
    tracker = make_tracker(slots={**RIDER, "answers_given": ["children_school"]}, text=text, intent="ask_criminal_risk")
    await ActionAnswerCriminalRisk().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert len(shown) == 1 and "不换号" in shown[0], shown


def _after_checklist(make_tracker, text: str, intent: str = "ask_collection_harassment"):
    tracker = make_tracker(slots=RIDER, text=text, intent=intent)
    earlier = [{"event": "user", "text": "欠了广发4万多 会不会被抓", "parse_data": {"intent": {"name": "ask_criminal_risk"}}},
               {"event": "bot", "text": "会不会坐牢（恶意透支）：…", "metadata": {"utter_action": "utter_criminal_result"}}]
    tracker.events[:0] = earlier
    return tracker


def test_facts_right_after_the_checklist_follow_it_up(make_tracker):
    assert follows_up_criminal(_after_checklist(make_tracker, "逾期5个月了 催收打了好多次电话"))  # J3 #7
    assert not follows_up_criminal(_after_checklist(make_tracker, "催收打电话骂我 合法吗"))  # a question of its own
    assert not follows_up_criminal(make_tracker(text="逾期5个月了 催收打了好多次电话", intent="ask_collection_harassment"))


@pytest.mark.asyncio
async def test_facts_after_the_checklist_get_the_checklist(make_tracker, dispatcher, domain):
    await ActionAnswerTopic().run(dispatcher, _after_checklist(make_tracker, "逾期5个月了 催收打了好多次电话"), domain)
    assert texts(dispatcher)[0] == "utter_criminal_result"


@pytest.mark.asyncio
async def test_a_catalogue_question_after_a_miss_is_answered_not_the_menu(make_tracker, dispatcher, domain):
    from actions.fallback import ActionFallbackAgain

    text = "不是 我是说每月4000 四张卡怎么分着还"  # J1 #11, right after the fallback prompt
    ranking = [{"name": "nlu_fallback", "confidence": 0.25}, {"name": "inform", "confidence": 0.24},
               {"name": "ask_installment", "confidence": 0.16}]
    tracker = make_tracker(text=text, intent="nlu_fallback", intent_ranking=ranking)
    await ActionFallbackAgain().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert len(shown) == 1 and "分别跟各家银行谈" in shown[0], shown


@pytest.mark.asyncio
async def test_a_topic_named_as_the_subject_of_a_statement_is_not_asked(make_tracker, dispatcher, domain):
    text = "催收说我再不还就把我欠钱的事发到我朋友圈 发给我所有好友 他们能这样吗"  # I5 #1: 催收 is who said it
    await ActionAnswerTopic().run(dispatcher, make_tracker(text=text, intent="ask_collection_harassment"), domain)
    shown = texts(dispatcher)
    assert len(shown) == 1 and "朋友圈" in shown[0], shown


@pytest.mark.asyncio
async def test_facts_after_the_checklist_bring_no_other_topic(make_tracker, dispatcher, domain):
    await ActionAnswerTopic().run(dispatcher, _after_checklist(make_tracker, "逾期5个月了 催收打了好多次电话"), domain)
    assert texts(dispatcher) == ["utter_criminal_result"]


def test_an_answer_given_before_whose_words_are_a_fact_is_not_the_question(make_tracker):
    from actions.answers import specific_answer

    # I4 #5 with no answer of its own for the question: the school words are a fact, the 坐牢 question is asked
    text = "那我该怎么办才好嘛 我跑外卖一个月挣六七千 娃娃上学要钱"
    tracker = make_tracker(slots={"answers_given": ["children_school"]}, text=text, intent="ask_criminal_risk")
    assert specific_answer(tracker) is None
    fresh = make_tracker(text="会不会影响娃娃上学", intent="ask_criminal_risk", slots={"answers_given": ["children_school"]})
    assert specific_answer(fresh).id == "children_school"  # asked again: the reference stays


@pytest.mark.asyncio
async def test_the_parents_question_after_the_menu_is_answered(make_tracker, dispatcher, domain):
    from actions.fallback import ActionCannotHandle

    # issue 23 / probe D06 on the path through the topic menu: 「处理不了」 before, now the catalogue's answer
    ranking = [{"name": "nlu_fallback", "confidence": 0.25}, {"name": "out_of_scope", "confidence": 0.2}]
    tracker = make_tracker(text="我又不欠钱 怎么让他们别再打我电话", intent="nlu_fallback", intent_ranking=ranking)
    await ActionCannotHandle().run(dispatcher, tracker, domain)
    shown = texts(dispatcher)
    assert len(shown) == 1 and "我不是债务人" in shown[0], shown
