"""Issue 19 item 3 / item 6 and issue 23 items 11–18: the topics answered from the registry, only when asked,
and the crisis texts (every one says 「打不通请拨110或120」; a signal is never answered with a goodbye)."""
from __future__ import annotations

import pytest

from actions import texts as x

from actions.answers import ActionAnswerDetails, ActionAnswerTopic
from actions.distress import ActionCrisis, ActionGoodbye, ActionThanks
from actions.finance_answers import ActionAnswerInstallment, ActionAnswerMinPayment
from actions.topics import ActionAnswerBankPhone, ActionAnswerStopLoss
from bot.case import Card, Case

CRISIS_RESPONSES = ("utter_distress", "utter_distress_short", "utter_crisis_lines", "utter_crisis_goodbye")


def case_slot(*cards: Card) -> dict:
    return {"case": Case(cards=tuple(cards)).to_slot()}


def with_events(tracker, *user_turns: tuple[str, str]):
    earlier = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}} for text, intent in user_turns]
    tracker.events[:0] = earlier
    return tracker


# ---- issue 23 item 11: crisis lines that answer at night ----------------------------------------------


@pytest.mark.parametrize("response", CRISIS_RESPONSES)
def test_every_crisis_text_says_call_110_or_120_when_a_line_does_not_answer(domain, response):
    text = domain["responses"][response][0]["text"]
    assert "打不通请拨110或120" in text, response
    assert "12356" in text and "400-161-9995" in text, response  # the short form keeps both numbers


@pytest.mark.asyncio
async def test_the_crisis_answer_says_when_a_person_answers(make_tracker, dispatcher, domain, monkeypatch):
    from bot import config

    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-00:01")
    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1")
    config.settings.cache_clear() if hasattr(config.settings, "cache_clear") else None
    await ActionCrisis().run(dispatcher, make_tracker(text="不想活了", intent="express_distress"), domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_distress"
    rendered = domain["responses"]["utter_distress"][0]["text"].format(handoff_when=message["handoff_when"])
    assert "周一 0:00–0:01" in rendered and "现在不在" in rendered and "打不通请拨110或120" in rendered


@pytest.mark.asyncio
async def test_a_goodbye_after_a_signal_gets_the_crisis_lines_not_a_farewell(make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text="算了 拜拜", intent="goodbye"), ("我要是不在了 卡债怎么办", "express_distress"))
    await ActionGoodbye().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis_goodbye"]


@pytest.mark.asyncio
async def test_a_goodbye_without_a_signal_is_a_goodbye(make_tracker, dispatcher, domain):
    await ActionGoodbye().run(dispatcher, make_tracker(text="再见", intent="goodbye"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_goodbye"]


@pytest.mark.asyncio
async def test_a_goodbye_that_is_itself_a_signal_gets_the_crisis_lines(make_tracker, dispatcher, domain):
    await ActionGoodbye().run(dispatcher, make_tracker(text="再见了这个世界", intent="goodbye"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis_goodbye"]


@pytest.mark.asyncio
async def test_thanks_after_a_signal_gets_the_lines_again(make_tracker, dispatcher, domain):
    # persona trial D3 (merged main): 「谢谢你 我会打那个电话 周六不去桥那了」 got a plain 不客气
    tracker = with_events(make_tracker(text="谢谢你 我会打那个电话 周六不去桥那了", intent="thanks"),
                          ("周六晚上我去滨江那个大桥上吹吹风 到时候就都不用还了", "express_distress"),
                          ("招行8万 建行5万", "inform"))
    await ActionThanks().run(dispatcher, tracker, domain)
    # the call to the line acknowledged (he said he would call), then the safety check-in, once (persona trial s7 L3)
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis_thanks", None]
    assert dispatcher.messages[1]["text"] == x.SAFETY_CHECK_IN
    assert "打不通请拨110或120" in domain["responses"]["utter_crisis_thanks"][0]["text"]


@pytest.mark.asyncio
async def test_thanks_without_a_signal_is_welcome(make_tracker, dispatcher, domain):
    await ActionThanks().run(dispatcher, make_tracker(text="谢谢", intent="thanks"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_thanks"]


# ---- issue 23 items 12, 14–16: the topics answered by action_answer_topic ---------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("intent, response, words", [
    ("ask_exit_ban", "utter_exit_ban", ("限制出境", "被执行人", "不会")),
    ("ask_for_relative", "utter_for_relative", ("担保人", "共同债务", "12378")),
    ("ask_agency_victim", "utter_agency_victim", ("110", "12315", "12378")),
    ("ask_privacy", "utter_privacy", ("后四位", "forget", "删除")),
])
async def test_the_new_topics_are_answered_with_their_own_text(make_tracker, dispatcher, domain, intent, response, words):
    await ActionAnswerTopic().run(dispatcher, make_tracker(text="问一下", intent=intent), domain)
    # (ask_privacy: the stored facts come first, care4)
    message = dispatcher.messages[1 if intent == "ask_privacy" else 0]
    assert message["response"] == response
    text = domain["responses"][response][0]["text"]
    assert all(w in text for w in words), (response, words)
    assert "{cite}" in text and message["cite"].startswith("依据")
    # 「详细说明」 shows the registry's facts of the topic
    button = message["buttons"][0]["payload"]
    details = make_tracker(text="详细说明", intent="ask_details",
                           entities=[{"entity": "answer_id", "value": button.split('"answer_id": "')[1].rstrip('"}')}])
    later = type(dispatcher)()
    await ActionAnswerDetails().run(later, details, domain)
    assert later.messages[0]["text"].startswith("详细说明")


def test_exit_ban_and_relative_texts_follow_domain_md(domain):
    exit_ban = domain["responses"]["utter_exit_ban"][0]["text"]
    assert "不会因为上了失信名单或被限制消费就自动发生" in exit_ban  # DOMAIN §3: neither 失信 nor 限消 automatically


# ---- issue 23 item 17: the bank's number from banks.yml, 「以卡背面为准」 -----------------------------------


@pytest.mark.asyncio
async def test_the_bank_phone_comes_from_banks_yml_with_the_card_back_caveat(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="招行客服电话多少", intent="ask_bank_phone")
    await ActionAnswerBankPhone().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_bank_phone" and message["bank"] == "招商银行" and message["phone"] == "95555"
    assert "以卡背面为准" in domain["responses"]["utter_bank_phone"][0]["text"]


@pytest.mark.asyncio
async def test_the_bank_phone_of_the_recorded_card(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="建设银行", amount=20000)), text="客服电话", intent="ask_bank_phone")
    await ActionAnswerBankPhone().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["phone"] == "95533"


@pytest.mark.asyncio
async def test_no_bank_known_no_number_invented(make_tracker, dispatcher, domain):
    await ActionAnswerBankPhone().run(dispatcher, make_tracker(text="客服电话", intent="ask_bank_phone"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_bank_phone_unknown"]
    assert "卡背面" in domain["responses"]["utter_bank_phone_unknown"][0]["text"]


# ---- issue 23 item 13: how much now to stop the loss ----------------------------------------------------


@pytest.mark.asyncio
async def test_stop_loss_with_the_statement_minimum(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=8000, min_payment=800)), text="现在还多少才不算逾期",
                           intent="ask_stop_loss")
    await ActionAnswerStopLoss().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    # days not told (answers6, trial I3 #1): the unpaid minimum first; within grace no fee, after it 5 % of 800
    assert text.startswith("先补足 800.00 元") and "违约金约 40.00 元" in text, text  # 招商 floor 10
    assert "逾期记录会保留" in text and "通常有3天容时期" in text, text


@pytest.mark.asyncio
async def test_stop_loss_without_figures_says_what_stays_and_what_is_needed(make_tracker, dispatcher, domain):
    await ActionAnswerStopLoss().run(dispatcher, make_tracker(text="怎么止损", intent="ask_stop_loss"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_stop_loss"]
    text = domain["responses"]["utter_stop_loss"][0]["text"]
    assert "不会因为补还而消失" in text and "最低还款" in text and "违约金" in text and "利息" in text


# ---- care4: the stop-loss answer from the case model (never the slot's raw dict), per card ---------------


def test_the_statement_minimum_and_a_payment_made_today_are_read_into_the_case():
    from datetime import date

    from bot.nlu.reading import read_turn

    card = read_turn("招行账单8600 最低还款860 我今天还了1000", Case(), date(2026, 12, 7)).case.cards[0]
    assert (card.statement_balance, card.min_payment, card.paid) == (8600, 860, 1000)


@pytest.mark.asyncio
async def test_a_minimum_paid_is_not_overdue_and_the_rest_is_said(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=8600, statement_balance=8600, min_payment=860,
                                          paid=1000, overdue_days=0)), text="现在还多少能止损", intent="ask_stop_loss")
    await ActionAnswerStopLoss().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_stop_loss_covered" and message["rest"] == "7,600.00"
    text = domain["responses"]["utter_stop_loss_covered"][0]["text"].format(**{k: message[k] for k in (
        "card", "paid", "minimum", "rest")})
    assert "不算逾期" in text and "{" not in text and "'cards'" not in text and "不会因为补还而消失" not in text


@pytest.mark.asyncio
async def test_stop_loss_of_several_cards_gives_each_card_with_a_minimum(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=8000, min_payment=800),
                                     Card(bank="建设银行", amount=20000, min_payment=2000, paid=500)),
                           text="现在还多少才不算逾期", intent="ask_stop_loss")
    await ActionAnswerStopLoss().run(dispatcher, tracker, domain)
    texts = [m["text"] for m in dispatcher.messages]
    assert [t.split("（")[0] for t in texts] == ["招商银行：先补足 800.00 元", "建设银行：先补足 1,500.00 元"], texts


@pytest.mark.asyncio
async def test_not_overdue_without_figures_is_not_told_a_record_was_made(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=8600, overdue_days=0)), text="止损",
                           intent="ask_stop_loss")
    await ActionAnswerStopLoss().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_stop_loss_not_overdue"]


# ---- issue 19: 「只还最低可以吗」 answered; issue 23 item 18: 账单分期 on an overdue card -----------------------


@pytest.mark.asyncio
async def test_minimum_only_without_a_debt_is_answered_not_asked_back(make_tracker, dispatcher, domain):
    await ActionAnswerMinPayment().run(dispatcher, make_tracker(text="只还最低可以吗", intent="ask_min_payment"), domain)
    assert dispatcher.messages[0]["response"] == "utter_min_payment_general"
    assert domain["responses"]["utter_min_payment_general"][0]["text"].startswith("可以")


@pytest.mark.asyncio
async def test_an_overdue_card_gets_personalised_instalments_not_the_bill_instalment_example(make_tracker, dispatcher,
                                                                                            domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=30000, overdue_days=40)), text="能分期吗",
                           intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_installment_overdue"]
    assert "个性化分期" in domain["responses"]["utter_installment_overdue"][0]["text"]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/request_plan_draft"


@pytest.mark.asyncio
async def test_a_card_not_overdue_still_gets_the_bill_instalment(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="账单分期手续费怎么算", intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_installment_result"


# ---- issue 19: a second topic only when asked -----------------------------------------------------------


@pytest.mark.asyncio
async def test_no_criminal_block_after_i_did_not_ask_about_prison(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="我没问坐牢 我问征信多久能恢复", intent="ask_credit_report")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert not any(r and "criminal" in r for r in responses), responses
    assert not any("坐牢" in (m.get("text") or "") for m in dispatcher.messages)


@pytest.mark.asyncio
async def test_several_cards_get_a_plan_offer_not_the_bill_instalment_example(make_tracker, dispatcher, domain):
    tracker = make_tracker(case_slot(Card(bank="招商银行", amount=30000), Card(bank="建设银行", amount=20000)),
                           text="两张卡帮我安排一下分期", intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_installment_several_cards"]
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/request_plan_draft"


# ---- care4: 「你存了我哪些信息」 lists what is kept, how long, and how to erase it (persona trial P5) ----------


@pytest.mark.asyncio
async def test_what_is_kept_is_listed_masked_with_how_long_and_how_to_erase(make_tracker, dispatcher, domain):
    from bot.case import Situation

    case = Case(cards=(Card(bank="招商银行", amount=7600, overdue_days=0, paid=1000),),
                situation=Situation(monthly_income=4500, hardship_reason="卡号6222021234567890128丢了 收入降了"))
    tracker = make_tracker({"case": case.to_slot()}, text="你存了我哪些信息", intent="ask_privacy")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    listing = dispatcher.messages[0]["text"]
    assert "招商银行：欠款7,600.00元，已还1,000.00元，逾期0天" in listing and "月收入：4,500.00元" in listing
    assert "6222021234567890128" not in listing and "****0128" in listing
    privacy = domain["responses"][dispatcher.messages[1]["response"]][0]["text"]
    assert "保存到您要求删除为止" in privacy and "forget" in privacy


@pytest.mark.asyncio
async def test_nothing_kept_is_said_so(make_tracker, dispatcher, domain):
    await ActionAnswerTopic().run(dispatcher, make_tracker(text="你存了我哪些信息", intent="ask_privacy"), domain)
    assert "没有记下" in dispatcher.messages[0]["text"]


@pytest.mark.asyncio
async def test_the_crisis_answer_and_the_handoff_say_the_same_about_who_is_there(make_tracker, dispatcher, domain,
                                                                                 monkeypatch):
    """UI session 7 B6/B7: with an agent at the desk outside working hours the crisis text said 「真人客服…现在不在，
    最早今天 9:00」 and the 转人工 one turn later 「现在有客服在线」. Both now ask actions.handoff.desk_availability."""
    from datetime import timedelta

    from rasa_sdk.executor import CollectingDispatcher

    from actions.handoff import ActionRequestHuman
    from actions.store import case_store
    from bot.config import settings

    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-00:01")
    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1")
    staff = case_store().staff
    staff.add_user("crisis-night-agent", "Night-Owl-2026!kayou")
    staff.create_session("crisis-night-agent", ttl=timedelta(minutes=settings().session_idle_minutes))
    await ActionCrisis().run(dispatcher, make_tracker(text="不想活了", intent="express_distress"), domain)
    rendered = domain["responses"]["utter_distress"][0]["text"].format(handoff_when=dispatcher.messages[0]["handoff_when"])
    assert "现在不在" not in rendered and "现在有客服在线" in rendered
    handoff = CollectingDispatcher()
    await ActionRequestHuman().run(handoff, make_tracker(text="转人工", channel="widget", sender_id="widget:web-cn1"),
                                   domain)
    assert any("现在有客服在线" in (m.get("text") or "") for m in handoff.messages)
    # nobody at the desk: both say when the desk opens
    staff.disable("crisis-night-agent")
    later = CollectingDispatcher()
    await ActionCrisis().run(later, make_tracker(text="不想活了", intent="express_distress"), domain)
    assert "现在不在" in domain["responses"]["utter_distress"][0]["text"].format(
        handoff_when=later.messages[0]["handoff_when"])
