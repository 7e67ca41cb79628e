"""complaint9 (persona trial s8 M2): a husband whose wife's card is overdue, the collectors phoning his company's reception
and telling his colleagues. He is answered in his own position: telling colleagues is never allowed (even if he may be
contacted), how to make them stop calling his workplace (and that a signed 个性化分期 stops the collection), his own 征信
unless he is a guarantor or co-borrower; 夫妻共同债务 cites the 民法典; the wife is never 「他」."""
from __future__ import annotations

import re

import pytest

from actions.answers import ActionAnswerTopic, specific_answer
from bot import facts as F

WIFE = "你好 问一下 我老婆信用卡逾期了 催收的打到我单位来了 这合法吗"


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def husband(make_tracker, text, intent):
    tracker = make_tracker({}, text=text, intent=intent)
    tracker.events[:0] = [{"event": "user", "text": WIFE, "parse_data": {"intent": {"name": "ask_for_relative"}}}]
    return tracker


@pytest.mark.parametrize("text, intent", [
    ("他们打到我们公司前台 说我老婆欠钱不还 让同事转告 同事都知道了 丢死人了", "ask_collection_harassment"),  # #2
    ("他们跟我同事说我老婆欠钱 这个泄露隐私不算违规吗 我能投诉哪", "ask_complaint_channel"),  # #3
])
async def test_colleagues_told_is_the_breach_he_is_told_of(make_tracker, dispatcher, domain, text, intent):
    tracker = husband(make_tracker, text, intent)
    assert specific_answer(tracker).id == "relative_told_others"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "不得向同事、单位等其他人透露欠款" in reply and "不合规" in reply, reply
    assert "替他还" not in reply and "他本人" not in reply, reply


async def test_how_to_stop_the_calls_to_his_workplace(make_tracker, dispatcher, domain):
    tracker = husband(make_tracker, "怎么才能让他们别再打我单位 我老婆其实每个月都在还一点的 她招行欠了3万多", "ask_collection_harassment")
    assert specific_answer(tracker).id == "relative_stop_calls"
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "请不要再打到我单位" in reply and "个性化分期协议" in reply and "停止催收" in reply, reply
    assert "是您本人欠的" not in reply, reply  # not the debtor's two-branch text


def test_a_cardholder_keeps_the_cardholders_answers(make_tracker):
    own = make_tracker({}, text="催收打电话给我同事 跟我同事说我欠钱", intent="ask_collection_harassment")
    assert specific_answer(own).id == "contacts_family"
    own = make_tracker({}, text="怎么让他们别再打我电话", intent="ask_collection_harassment")
    assert specific_answer(own).id == "stop_calls_how"


def test_a_threat_to_tell_is_not_answered_as_colleagues_told():
    for text in ["他们说要上门 还说要告诉我单位领导 这合法吗", "说要让同事都知道"]:
        assert not F.matches("relative_told_others", text), text


def test_his_own_credit_record_is_safe_only_unless_he_is_a_guarantor_or_co_borrower():
    short = F.by_id("relative_own_credit").short
    assert "担保人或共同借款人" in short and "也不是担保人" not in short, short


def test_joint_marital_debt_cites_the_civil_code():
    bubble = F.first_bubble(F.by_id("family_spending"))
    assert "依据：《民法典》第一千零六十四条" in bubble and "第六十八条" not in bubble, bubble


def test_the_relatives_answers_never_call_the_cardholder_he(domain):
    texts = [F.by_id(i).short for i in ("relative_collection", "spouse_own_debt", "relative_told_others",
                                        "relative_stop_calls")]
    texts += [v.get("text", "") for v in domain["responses"]["utter_for_relative"]]
    for text in texts:
        assert not re.search(r"(?:联系|替)他(?:本人)?", text), text


def test_a_relative_who_named_no_workplace_keeps_the_general_answer(make_tracker):
    tracker = make_tracker({}, text="怎么让他们别再打我电话", intent="ask_collection_harassment")
    tracker.events[:0] = [{"event": "user", "text": "我儿子欠了招行的钱 催收天天打我电话",
                           "parse_data": {"intent": {"name": "ask_for_relative"}}}]
    assert specific_answer(tracker).id == "stop_calls_how"  # never 「请不要再打到我单位」 to a mother (truth4 e2e)


def test_the_button_after_which_one_answers_the_words_he_asked(make_tracker):
    # M2 #13–#14: 「那照这么说 他们打给我 跟我同事说 是不是也就合法了」, then the button 「催收合不合法」
    tracker = make_tracker({}, text="/ask_collection_harassment", intent="ask_collection_harassment")
    tracker.events[:0] = [{"event": "user", "text": WIFE, "parse_data": {"intent": {"name": "ask_for_relative"}}},
                          {"event": "user", "text": "那照这么说 他们打给我 跟我同事说 是不是也就合法了",
                           "parse_data": {"intent": {"name": "ask_collection_harassment"}}}]
    assert specific_answer(tracker).id == "relative_told_others"
