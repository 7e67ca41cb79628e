"""Specific answers, 「详细说明」 and never the same block twice (actions/answers.py), and the issue-12
corrections as the chat says them: the real domain, the real catalogue and finance engine."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from actions.answers import ActionAnswerDetails, ActionAnswerTopic
from actions.consequences import ActionAnswerCriminalRisk, ActionExplainConsequences
from actions.finance_answers import ActionComputeOverdueInterest
from bot import facts as F
from bot import whatif
from tests.actions.conftest import opened

pytestmark = pytest.mark.asyncio
BASE = {"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0}


def render(domain: dict, message: dict) -> str:
    if message.get("text"):
        return message["text"]
    template = next(v for v in domain["responses"][message["response"]] if "channel" not in v)["text"]
    params = {k: v for k, v in message.items() if isinstance(v, (str, int, float))}
    return template.format(**params)


async def run(action, make_tracker, dispatcher, domain, text, intent, slots=None, **kw):
    events = await action.run(dispatcher, make_tracker(slots or {}, text=text, intent=intent, **kw), domain)
    return [render(domain, m) for m in opened(dispatcher)], events


def slot(events, name):
    return next((e["value"] for e in events if e.get("name") == name), None)


async def test_a_summons_question_gets_its_own_short_sourced_answer_with_details(make_tracker, dispatcher, domain):
    texts, events = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain,
                              "收到法院传票怎么知道是不是真的", "ask_lawsuit")
    first = texts[0]
    assert "12368" in first and "官方网站" in first and "依据：" in first and len(first) <= 200
    assert "诉讼时效" not in first  # not the topic's block
    button = opened(dispatcher)[0]["buttons"][0]
    assert button["title"] == "详细说明" and button["payload"] == '/ask_details{"answer_id": "summons_check"}'
    assert slot(events, "last_answer") == "summons_check" and slot(events, "answers_given") == ["summons_check"]


async def test_an_answer_given_before_is_referred_to_not_repeated(make_tracker, dispatcher, domain):
    texts, events = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "收到传票怎么辨别真假",
                              "ask_lawsuit", slots={"answers_given": ["summons_check"]})
    assert texts[0].startswith("上面已经说过：") and len(texts[0]) < 80
    assert slot(events, "answers_given") is None  # nothing new to record


async def test_a_general_question_gets_the_topics_short_answer_and_a_second_topic_follows(
        make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "会上征信吗 银行会起诉我吗",
                         "ask_credit_report")
    assert [m.get("response") for m in opened(dispatcher)] == ["utter_credit_report", "utter_lawsuit_brief"]
    assert texts[0].startswith("会上征信") and "依据：《征信业管理条例》第十五条（法律规定）" in texts[0]
    assert len(texts[0]) <= 200


async def test_credit_repair_is_not_only_the_scam_warning(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "征信修复是真的吗",
                         "ask_third_party_agency")
    assert "一次性信用修复" in texts[0] and "骗局" in texts[0]


async def test_details_show_the_facts_with_sources(make_tracker, dispatcher, domain):
    entities = [{"entity": "answer_id", "value": "summons_check"}]
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, '/ask_details{"answer_id": "summons_check"}',
                         "ask_details", entities=entities)
    assert texts[0].startswith("详细说明：") and F.text("summons_check") in texts[0]
    assert "最高法2021年银行卡民事纠纷规定第二条" in texts[0]


async def test_typed_details_refer_to_the_last_answer(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, "详细说明", "ask_details",
                         slots={"last_answer": "topic_credit_report"})
    assert F.text("credit_repair_policy") in texts[0] and F.text("credit_objection") in texts[0]


async def test_details_without_an_answer_say_so(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, "详细说明", "ask_details")
    assert texts == [F.labels()["details_none"]]


async def test_interest_shows_two_assumptions_and_the_rest_behind_the_basis_button(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, "利息多少", "ask_interest",
                         slots=BASE)
    details = texts[1]
    projection = whatif.projection(whatif.CardFacts("招商银行", Decimal(25000), 45))
    shown = [a for a in projection.assumptions if a in details]
    assert 1 <= len(shown) <= 2 and projection.assumptions[0] in shown
    assert opened(dispatcher)[1]["buttons"][0]["title"] == "计算依据"


async def test_interest_basis_lists_every_assumption(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, "计算依据", "ask_details",
                         slots=BASE, entities=[{"entity": "answer_id", "value": "figure_basis"}])
    projection = whatif.projection(whatif.CardFacts("招商银行", Decimal(25000), 45))
    assert texts[0].startswith("计算依据：") and all(a in texts[0] for a in projection.assumptions)


# ---- criminal risk: 无法判断, leniency by tier, the law's words -----------------------------------------

async def test_unknown_days_are_cannot_be_judged_never_not_met(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "欠6万会坐牢吗",
                         "ask_criminal_risk", slots={"debt_amount": 60000.0})
    text = "\n".join(texts)
    assert "按您说的情况无法判断" in text and "？ 无法判断——不知道逾期多久" in text
    assert "至少有一项法定条件" not in text and "✘" not in text
    assert "就不符合" not in text and "有助于表明" in text and "不是保证" in text


@pytest.mark.parametrize(("amount", "promised"), [(100000.0, True), (600000.0, False)])
async def test_leniency_only_for_a_large_amount(make_tracker, dispatcher, domain, amount, promised):
    texts, _ = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "会坐牢吗",
                         "ask_criminal_risk", slots={"debt_amount": amount, "overdue_days": 300.0})
    text = "\n".join(texts)
    assert ("在提起公诉前全部归还的，可以不起诉" in text) is promised
    assert ("法律没有“全部归还可以不起诉或免予处罚”的规定" in text) is not promised


async def test_criminal_without_facts_is_short_with_details(make_tracker, dispatcher, domain):
    texts, events = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "信用卡逾期会坐牢吗",
                              "ask_criminal_risk")
    assert texts[0].startswith("单纯还不上不会坐牢") and len(texts[0]) <= 200
    assert slot(events, "last_answer") == "topic_criminal"


async def test_leniency_question_gets_the_tiered_answer(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "如果我全部还清了还会被起诉吗",
                         "ask_criminal_risk")
    assert "5万至不满50万元" in texts[0] and "50万元以上法律没有这样的规定" in texts[0]


async def test_children_school_question_under_consequences(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionExplainConsequences(), make_tracker, dispatcher, domain, "信用卡逾期会影响孩子上学吗",
                         "ask_consequences")
    assert "高收费私立学校" in texts[0] and "不会让孩子不能上学" in texts[0]


async def test_consequences_stage_texts_use_the_corrected_enforcement_fact(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionExplainConsequences(), make_tracker, dispatcher, domain, "逾期会怎样",
                         "ask_consequences", slots=BASE)
    text = "\n".join(texts)
    assert "不是判决（或调解书、支付令）后自动列入" in text and "[" not in text


async def test_a_specific_question_below_the_threshold_is_answered_not_asked_back(make_tracker, dispatcher, domain):
    from actions.fallback import ActionDefaultAskAffirmation

    ranking = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "ask_negotiate_plan", "confidence": 0.25},
               {"name": "ask_complaint_channel", "confidence": 0.22}]
    texts, events = await run(ActionDefaultAskAffirmation(), make_tracker, dispatcher, domain, "12363是干什么的",
                              "nlu_fallback", intent_ranking=ranking)
    assert texts == [F.first_bubble(F.by_id("channel_12363"))]
    assert slot(events, "last_answer") == "channel_12363"


async def test_an_unclear_message_without_a_specific_question_still_gets_the_guess(make_tracker, dispatcher, domain):
    from actions.fallback import ActionDefaultAskAffirmation

    ranking = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "ask_negotiate_plan", "confidence": 0.25}]
    await run(ActionDefaultAskAffirmation(), make_tracker, dispatcher, domain, "那个怎么弄", "nlu_fallback",
              intent_ranking=ranking)
    assert opened(dispatcher)[0]["response"] == "utter_ask_affirmation"


async def test_the_criminal_details_are_not_sent_twice(make_tracker, dispatcher, domain):
    slots = {"debt_amount": 60000.0}
    await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "会坐牢吗", "ask_criminal_risk", slots=slots)
    first = opened(dispatcher)[1]
    shown = render(domain, first)
    tracker = make_tracker(slots, text="会坐牢吗", intent="ask_criminal_risk")
    tracker.events.append({"event": "bot", "text": shown, "metadata": {"utter_action": "utter_criminal_details"}})
    again = dispatcher.__class__()
    await ActionAnswerCriminalRisk().run(again, tracker, domain)
    assert [m["response"] for m in again.messages] == ["utter_criminal_result"]


@pytest.mark.parametrize(("text", "intent"), [("反催收呢", "ask_third_party_agency"),
                                              ("找代理办停息挂账靠谱吗", "ask_third_party_agency"),
                                              ("征信修复是真的吗", "ask_third_party_agency")])
async def test_a_specific_answer_is_not_followed_by_its_own_topic_again(make_tracker, dispatcher, domain, text, intent):
    await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, text, intent)
    assert len(opened(dispatcher)) == 1


async def test_a_second_question_after_a_specific_one_is_still_answered(make_tracker, dispatcher, domain):
    await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "反催收靠谱吗 会不会被起诉", "ask_third_party_agency")
    assert [m.get("response") for m in opened(dispatcher)][1:] == ["utter_lawsuit_brief"]


async def test_a_legal_what_if_without_a_debt_gets_its_answer(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    texts, _ = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "如果我全部还清了还会被起诉吗",
                         "ask_what_if")
    assert texts == [F.first_bubble(F.by_id("leniency_repay"))]


async def test_a_what_if_with_a_debt_is_still_the_figure(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    texts, _ = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "如果我现在全部还清要多少钱",
                         "ask_what_if", slots=BASE)
    assert "今天一次还清" in texts[0]


async def test_a_question_read_as_inform_without_facts_gets_its_answer(make_tracker, dispatcher, domain):
    from actions.facts import ActionAcknowledgeFacts

    texts, _ = await run(ActionAcknowledgeFacts(), make_tracker, dispatcher, domain, "12363是干什么的", "inform")
    assert texts == [F.first_bubble(F.by_id("channel_12363"))]


async def test_repeat_of_a_specific_answer_is_its_first_sentence(make_tracker, dispatcher, domain):
    from actions.repair import ActionRepeatShort

    answer = F.by_id("credit_when_reported")
    tracker = make_tracker({"last_answer": answer.id}, text="没看懂", intent="ask_repeat")
    tracker.events.append({"event": "bot", "text": F.first_bubble(answer), "metadata": {}})
    await ActionRepeatShort().run(dispatcher, tracker, domain)
    [message] = opened(dispatcher)
    assert message["response"] == "utter_repeat_gist" and message["gist"] == "没有统一的法定天数：逾期会在银行下一次报送时记入征信，银行报送负面信息前应当告知您。"


async def test_a_legal_what_if_read_as_interest_without_a_debt_gets_its_answer(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain,
                         "如果我全部还清了还会被起诉吗", "ask_interest")
    assert texts[0] == F.first_bubble(F.by_id("leniency_repay"))


async def test_which_card_first_without_cards_is_the_rule_and_with_cards_the_order(make_tracker, dispatcher, domain):
    from actions.whatif import ActionAnswerWhatIf

    texts, _ = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "几张信用卡先还哪张", "ask_what_if")
    assert texts == [F.first_bubble(F.by_id("which_card_first"))]
    two = {"case": {"cards": [{"bank": "招商银行", "amount": "25000", "overdue_days": 45},
                              {"bank": "广发银行", "amount": "30000", "overdue_days": 100}]}}
    again = dispatcher.__class__()
    await ActionAnswerWhatIf().run(again, make_tracker(two, text="先还哪张", intent="ask_what_if"), domain)
    assert "先还广发银行" in render(domain, again.messages[0])


@pytest.mark.parametrize(("intent", "response"), [
    ("ask_credit_report", "utter_credit_report"), ("ask_collection_harassment", "utter_collection_rights"),
    ("ask_complaint_channel", "utter_complaint_channel"), ("ask_lawsuit", "utter_lawsuit"),
    ("ask_negotiate_plan", "utter_negotiate_plan"), ("ask_third_party_agency", "utter_third_party_warning"),
])
async def test_each_plain_topic_gets_its_short_response_with_its_details_button(
        make_tracker, dispatcher, domain, intent, response):
    _, events = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "嗯那个", intent)
    message = opened(dispatcher)[0]
    assert message["response"] == response and message["cite"].startswith("依据：")
    answer_id = slot(events, "last_answer")
    assert message["buttons"][0]["payload"] == "/ask_details" + json.dumps({"answer_id": answer_id})
    assert F.by_id(answer_id).topic is not None


async def test_negotiation_offers_the_plan_button_after_details(make_tracker, dispatcher, domain):
    await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "怎么协商", "ask_negotiate_plan")
    assert [(b["title"], b["payload"]) for b in opened(dispatcher)[0]["buttons"]] == [
        ("详细说明", '/ask_details{"answer_id": "topic_negotiate"}'), ("帮我做还款计划", "/request_plan_draft")]


async def test_a_topic_given_before_is_referred_to_by_its_first_sentence(make_tracker, dispatcher, domain):
    first = render(domain, {"response": "utter_credit_report", "cite": F.cite(["credit_reporting"])})
    tracker = make_tracker({"answers_given": ["topic_credit_report"]}, text="会上征信吗", intent="ask_credit_report")
    tracker.events.append({"event": "bot", "text": first, "metadata": {"utter_action": "utter_credit_report"}})
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert opened(dispatcher)[0]["text"] == "上面已经说过：" + first.split("。", 1)[0] + "。"


async def test_answers_given_accumulate(make_tracker, dispatcher, domain):
    _, events = await run(ActionAnswerTopic(), make_tracker, dispatcher, domain, "收到传票怎么辨别真假", "ask_lawsuit",
                          slots={"answers_given": ["calls_per_day"]})
    assert slot(events, "answers_given") == ["calls_per_day", "summons_check"]


async def test_details_text_is_the_head_then_the_facts(make_tracker, dispatcher, domain):
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, "详细说明", "ask_details",
                         slots={"last_answer": "oral_agreement"})
    assert texts == ["详细说明：\n" + F.details(F.by_id("oral_agreement").facts)]


async def test_interest_basis_of_two_cards_names_each_card(make_tracker, dispatcher, domain):
    two = {"case": {"cards": [{"bank": "招商银行", "amount": "25000", "overdue_days": 45},
                              {"bank": "广发银行", "amount": "30000", "overdue_days": 100}]}}
    texts, _ = await run(ActionAnswerDetails(), make_tracker, dispatcher, domain, "计算依据", "ask_details", slots=two,
                         entities=[{"entity": "answer_id", "value": "figure_basis"}])
    assert texts[0].startswith("计算依据：\n招商银行 25,000.00元 逾期45天：\n· ")
    assert "\n广发银行 30,000.00元 逾期100天：\n· " in texts[0]


def test_first_sentence():
    from actions.answers import first_sentence

    assert first_sentence("甲乙。丙丁。戊") == "甲乙。"
    assert first_sentence("甲乙；丙丁") == "甲乙。"
    assert first_sentence("甲乙") == "甲乙"


async def test_which_card_first_below_the_threshold_is_answered(make_tracker, dispatcher, domain):
    from actions.fallback import ActionDefaultAskAffirmation

    ranking = [{"name": "nlu_fallback", "confidence": 0.44}, {"name": "inform", "confidence": 0.3},
               {"name": "goodbye", "confidence": 0.25}, {"name": "request_plan_draft", "confidence": 0.4}]
    texts, _ = await run(ActionDefaultAskAffirmation(), make_tracker, dispatcher, domain, "我就想知道先还哪张",
                         "nlu_fallback", intent_ranking=ranking)
    assert texts == [F.first_bubble(F.by_id("which_card_first"))]
