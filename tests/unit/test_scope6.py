"""Persona trials s6 (bench/records/2026-12-07/trials-s6): the pure rules of which question gets which answer."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import facts as F
from bot.case import Case
from bot.nlu.reading import TurnContext, read_turn
from bot.nlu.topics import guarded_intent, third_party_contact

CARDS = Case.from_slot({"cards": [{"bank": "招商银行", "amount": "52000", "overdue_days": 60},
                                  {"bank": "交通银行", "amount": "28000", "overdue_days": 30}],
                        "situation": {"monthly_income": "9000", "monthly_expenses": "3500", "monthly_budget": "4000"}})


# ---- the catalogue: 「我问的是X 不是Y」 answers X; new answers for the rider's and J1's questions -------------------

@pytest.mark.parametrize("text, intent, expected", [
    ("我问的是怎么才不会被抓 不是娃娃上学", "ask_criminal_risk", "avoid_criminal"),  # I4 #6
    ("那我要咋个做才不会被抓嘛 我跑外卖一个月挣六七千 房租一千二 娃娃上学要钱", "ask_criminal_risk", "avoid_criminal"),  # I4 #5
    ("要是我每个月先还两千 还会不会被抓", "ask_criminal_risk", "repay_part_criminal"),  # I4 #7
    ("那其他三张不管了吗 4000怎么分", "ask_installment", "split_budget_cards"),  # J1 #10
    ("不是 我是说每月4000 四张卡怎么分着还", "inform", "split_budget_cards"),  # J1 #11
    ("三张卡都得谈吗", "ask_negotiate_plan", "split_budget_cards"),
    ("我问的是会不会影响娃娃上学", "ask_criminal_risk", "children_school"),  # insisting on the school: the school
])
def test_catalogue_answer(text, intent, expected):
    answer = F.match(text, intent)
    assert answer is not None and answer.id == expected


def test_a_topic_named_after_bu_shi_in_an_insisting_message_is_not_asked():
    assert F.match("我问的是征信 不是娃娃上学", "ask_credit_report") is None
    assert F.insists("我问的是怎么才不会被抓") and not F.insists("会不会影响娃娃上学")


def test_instalment_periods_are_no_split_question():
    assert F.match("4000分12期手续费多少", "ask_installment") is None


# ---- the topic guard -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, intent", [
    ("一共四张卡 大概16万 还有花呗欠了1万2", "out_of_scope"),  # J1 #5
    ("我是说四张信用卡加起来16万左右 花呗是另外的", "nlu_fallback"),  # J1 #6
])
def test_card_figures_beside_another_debt_are_facts(text, intent):
    assert guarded_intent(text, intent, 0.9 if intent == "out_of_scope" else 0.0) == "inform"


@pytest.mark.parametrize("text", ["花呗欠了1万2 怎么办", "网贷还不上了怎么办", "花呗逾期了怎么办"])
def test_another_debt_alone_stays_out_of_scope(text):
    assert guarded_intent(text, "out_of_scope", 0.9) is None


def test_a_workplace_threat_told_with_the_facts_asks_about_collection():
    text = "是招商的 欠了两万三 逾期快三个月了 他还说要打我单位电话"  # I5 #2
    assert third_party_contact(text)
    assert guarded_intent(text, "inform", 0.51) == "ask_collection_harassment"
    assert guarded_intent("招行欠了两万三 逾期三个月", "inform", 0.9) is None


# ---- the reading: a monthly 花呗 payment is another debt's monthly payment, never a card -------------------------

def test_a_monthly_huabei_payment_is_kept_off_the_budget():
    r = read_turn("还有花呗每月要还1000多 剩下的留着应急", CARDS, date(2026, 12, 7), TurnContext())  # J1 #16
    assert r.case.situation.other_debt_payment == D(1000)
    assert "other_debt_payment:1000" in r.notes
    assert [c.bank for c in r.case.cards] == ["招商银行", "交通银行"]


def test_another_debt_not_said_monthly_is_no_payment():
    r = read_turn("借呗那边还有一万", CARDS, date(2026, 12, 7), TurnContext())
    assert r.case.situation.other_debt_payment is None and "other_debt" in r.notes


# ---- J5 #11: a question asked while waiting for a person: the queue in one line, then the answer ----------------

def test_the_queue_notice_beside_a_question_is_one_line():
    from datetime import datetime, timedelta, timezone

    from bot import handoff

    hours = handoff.working_hours("09:00-18:00", "1-5", "Asia/Shanghai")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)  # 20:00 in Beijing, closed
    full = handoff.already_waiting_message("H000001", created_at=now - timedelta(minutes=1), now=now, hours=hours,
                                           channel="rest")
    brief = handoff.already_waiting_message("H000001", created_at=now - timedelta(minutes=1), now=now, hours=hours,
                                            channel="rest", brief=True)
    assert brief == "您已经在排队了（编号 H000001，已等1分钟），不用重复登记。" and len(full) > len(brief)
