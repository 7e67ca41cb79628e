"""The answers that read "overdue" from the case as the turn left it (persona trials s9 N4, N5): 账单分期 for a card not
yet due is never 「已经逾期的卡…」 (N4 #9–#12, four times, once right after 「已改 5天 → 0天」); the yes/no about keeping a
card not yet due current comes first, for that card (N5 #12–#13: 503 characters and 「您已经逾期60天」 about 广发); a second
unclear message that states facts gets them said back, not the menu (N4 #4)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from actions import texts as x
from actions.fallback import ActionFallbackAgain
from actions.finance_answers import ActionAnswerInstallment, ActionAnswerMinPayment
from bot.case import Card, Case

ZS, PF, GF = "招商银行", "浦发银行", "广发银行"


def slots(*cards: Card, reading: dict | None = None) -> dict:
    return {"case": Case(cards=tuple(cards)).to_slot(), "reading": reading or {}}


def texts(dispatcher) -> str:
    return "\n".join(m.get("text") or m.get("figure") or m.get("response") or "" for m in dispatcher.messages)


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["我说了我没逾期！！！晚5天是假如 假如懂吗 现在还没到还款日 能不能办账单分期",
                                  "我还款日12月11号 今天12月8号 没逾期 账单分期能办吗",
                                  "好 那等人工的时候再问一个 我要是这个月申请账单分期 还会算逾期吗 分期手续费招行是多少"])
async def test_n4_a_card_not_yet_due_can_take_the_bill_instalment(make_tracker, dispatcher, domain, text):
    tracker = make_tracker(slots(Card(ZS, D(4800), 0, statement_balance=D(4800), min_payment=D(480))), text=text,
                           intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_installment_overdue" not in responses, responses
    assert dispatcher.messages[0]["figure"] == x.INSTALLMENT_NOT_DUE.format(bank=ZS)
    assert "utter_installment_result" in responses


@pytest.mark.asyncio
async def test_an_overdue_card_still_gets_personalised_instalments(make_tracker, dispatcher, domain):
    tracker = make_tracker(slots(Card(ZS, D(4800), 40)), text="我没逾期几天 能办账单分期吗", intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_installment_overdue"]


N5_READING = {"facts": [{"role": "bank", "value": PF}, {"role": "overdue_days", "value": "60", "bank": PF},
                        {"role": "bank", "value": GF}, {"role": "bank", "value": GF}, {"role": "bank", "value": GF}]}
N5_TEXT = "那换个问题 浦发那张逾期2个月了 广发的下周才到期 我先还广发最低还款可以吗 这样广发就不逾期了吧"


@pytest.mark.asyncio
async def test_n5_the_yes_no_comes_first_for_the_card_asked_about(make_tracker, dispatcher, domain):
    tracker = make_tracker(slots(Card(PF, D(28000), 60), Card(GF, D(10000), 0), reading=N5_READING), text=N5_TEXT,
                           intent="ask_min_payment")
    await ActionAnswerMinPayment().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]
    assert first["figure"].startswith(x.MIN_YES_NOT_DUE.format(bank=GF)), first
    assert x.MIN_OTHER_OVERDUE.format(bank=PF, days=60) in first["figure"]
    assert "utter_min_payment_result" not in [m.get("response") for m in dispatcher.messages]  # behind 「详细」
    held = dispatcher.kayou_opened
    assert held and "您已经逾期" not in held[0]["status"] and held[0]["status"].startswith(
        x.MIN_STATUS_NOT_DUE_CARDS.format(banks=GF)), held


@pytest.mark.asyncio
async def test_one_overdue_card_still_hears_it_is_overdue(make_tracker, dispatcher, domain):
    tracker = make_tracker(slots(Card(PF, D(28000), 60), reading={"facts": [{"role": "bank", "value": PF}]}),
                           text="浦发先还最低可以吗", intent="ask_min_payment")
    await ActionAnswerMinPayment().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_min_payment_result"
    assert dispatcher.messages[0]["status"].startswith(x.MIN_STATUS_OVERDUE_HEAD.format(days=60))


@pytest.mark.asyncio
async def test_n4_facts_after_the_prompt_are_said_back_not_the_menu(make_tracker, dispatcher, domain):
    reading = {"facts": [{"role": "overdue_days", "value": "0", "bank": None, "whose": "user"}]}
    tracker = make_tracker(slots(Card(ZS, D(4800), 0), reading=reading), text="我没逾期啊 是还有3天才到期 你记错了",
                           intent="nlu_fallback")
    await ActionFallbackAgain().run(dispatcher, tracker, domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_fallback_menu" not in responses, responses
