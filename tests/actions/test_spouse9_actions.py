"""spouse9 (persona trial s10 P2, issues 19 and 23 #14): a wife whose husband's 建行 card is overdue; the collectors call her
workplace and threaten to come to her home and tell her mother-in-law. Each new question is answered in her position, never
「上面已经说过：您不是持卡人…」; a request to add the threat edits the complaint; money spent on the family gets the
joint-debt answer with the husband as 他."""
from __future__ import annotations

import pytest

from actions.answers import ActionAnswerTopic, give, specific_answer
from actions.fallback import catalogue_answer
from bot import facts as F
from bot.nlu.reading import requests

FIRST = "你好 我老公的建行信用卡逾期了 现在催收天天打我电话"
SAID_ABOVE = F.labels()["said_above"]


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def wife(make_tracker, text, intent, first=FIRST, **kwargs):
    tracker = make_tracker({"answers_given": ["relative_collection"]}, text=text, intent=intent, **kwargs)
    tracker.events[:0] = [{"event": "user", "text": first, "parse_data": {"intent": {"name": "ask_for_relative"}}},
                          {"event": "slot", "name": "answers_given", "value": ["relative_collection"]}]
    return tracker


@pytest.mark.parametrize("text", [
    "他们还打到我单位去了 同事都听到了 我很丢脸 这个合法吗",  # #4
    "我是问打到我单位这个事合不合法啊",  # #6
])
async def test_the_workplace_call_is_answered_not_referred_to(make_tracker, dispatcher, domain, text):
    tracker = wife(make_tracker, text, "ask_collection_harassment")
    assert specific_answer(tracker).id == "relative_told_others"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "不合规" in reply and "不得向同事、单位等其他人透露欠款" in reply, reply
    assert SAID_ABOVE not in reply, reply


async def test_the_threat_to_tell_her_mother_in_law_is_answered(make_tracker, dispatcher, domain):
    # #13: 「上面已经说过：您不是持卡人…」
    tracker = wife(make_tracker, "他们说如果我不帮他还就要去我家里找我 还要告诉我婆婆 这算威胁吗", "ask_collection_harassment")
    assert specific_answer(tracker).id == "relative_threatened"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert reply.startswith("算违规"), reply
    assert "不得向家人" in reply and "12378" in reply and "110" in reply, reply
    assert SAID_ABOVE not in reply, reply


def test_the_same_question_again_is_still_a_repeat(make_tracker):
    # 「上面已经说过」 stays for a true repeat: the first message itself said again is no workplace or threat question
    tracker = wife(make_tracker, FIRST, "ask_for_relative")
    answer = specific_answer(tracker)
    assert answer is None or answer.id == "relative_collection"


def test_a_cardholder_threatened_keeps_the_cardholders_answer(make_tracker):
    own = make_tracker({}, text="他们说要去我家里找我 还要告诉我婆婆 这算威胁吗", intent="ask_collection_harassment")
    assert specific_answer(own).id != "relative_threatened"  # 「您不是持卡人」 is never said to the holder


@pytest.mark.parametrize("text", [
    "他们说要去我家找我 还要告诉我婆婆他欠钱 这个能投诉吗 能不能加到我的投诉里",  # #14
    "这个也加到我的投诉里",
])
def test_adding_the_threat_to_her_complaint_is_an_edit(text):
    assert requests(text).complaint_edit, text


def test_a_complaint_question_is_no_edit():
    assert not requests("打到我单位去 这个合法吗 我能投诉吗").complaint_edit


SPENT_ON_FAMILY = "我老公说那钱有一部分是给家里买东西了 那我是不是也得还"  # #17


def test_money_spent_on_the_family_gets_the_joint_debt_answer(make_tracker, dispatcher):
    ranking = [{"name": "nlu_fallback", "confidence": 0.25}, {"name": "ask_grace_period", "confidence": 0.19},
               {"name": "out_of_scope", "confidence": 0.12}]
    tracker = wife(make_tracker, SPENT_ON_FAMILY, "nlu_fallback", intent_ranking=ranking)
    answer = catalogue_answer(tracker)
    assert answer is not None and answer.id == "family_spending"
    give(dispatcher, tracker, answer)
    reply = said(dispatcher)
    assert "他自己花的" in reply and "她自己花的" not in reply and "{ta}" not in reply, reply


def test_his_own_spending_is_still_not_hers():
    assert not F.matches("family_spending", "我们是夫妻 我是不是也要帮他还 钱他都拿去自己花了 我不知道")
    assert not F.matches("family_spending", "钱不是给家里买东西的 是他自己花的")


@pytest.mark.parametrize("first, pronoun", [
    ("我老婆的信用卡逾期了 催收打我电话", "她自己花的"),
    ("我老公的建行信用卡逾期了", "他自己花的"),
    ("信用卡逾期了 催收打我电话", "对方自己花的"),
])
def test_the_holder_is_named_by_the_relation_said(make_tracker, dispatcher, first, pronoun):
    tracker = wife(make_tracker, "钱用在家里了 算不算夫妻共同债务", "ask_for_relative", first=first)
    give(dispatcher, tracker, F.by_id("family_spending"))
    assert pronoun in said(dispatcher), said(dispatcher)


async def test_her_workplace_question_said_again_gets_its_answer_again(make_tracker, dispatcher, domain):
    # #7 after the told-others answer was given at #4: 「你一直说一样的话 我问的是…」, never the general 「您不是持卡人…」
    text = "你一直说一样的话 我问的是催收打电话到我上班的地方 告诉我同事我老公欠钱 这合法吗"
    tracker = make_tracker({"answers_given": ["relative_collection", "relative_told_others"]}, text=text,
                           intent="ask_collection_harassment")
    tracker.events[:0] = [{"event": "user", "text": FIRST, "parse_data": {"intent": {"name": "ask_for_relative"}}}]
    assert specific_answer(tracker).id == "relative_told_others"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "不得向同事、单位等其他人透露欠款" in reply and SAID_ABOVE not in reply, reply
