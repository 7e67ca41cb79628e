"""relative8: a mother paying her daughter's card (persona trial s7 L5): who the card is said to belong to, the
daughter's pay kept off the mother's figures, the letter in the cardholder's name, and the relative-only answers."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import facts as F
from bot import finance
from bot.case import Case
from bot.complaint import holder_of
from bot.finance import templates as t
from bot.nlu.case_update import update_case
from bot.nlu.normalize import normalize

TODAY = date(2026, 12, 8)


@pytest.mark.parametrize("said, holder", [
    ("你好 我是退休职工 我闺女的信用卡欠了钱 卡是她的名字 我在帮她还 会不会影响我自己的征信啊", "女儿"),
    ("不是 我是问我自己的征信 卡是我闺女的 我就是拿我的钱帮她还 跟我有关系吗", "女儿"),
    ("你是不是没明白 卡是我闺女名下的 不是我的", "女儿"),
    ("我换个问法 我闺女那张卡是中信的 欠了两万三", "女儿"),
    ("那你帮我写个信给中信吧 说我是她妈 帮她还", "女儿"),
    ("我是他老婆 他欠了招行的钱", "丈夫"),
    ("卡在我儿子名下", "儿子"),
])
def test_the_card_said_to_be_a_relatives(said, holder):
    assert holder_of([normalize(said)]) == holder


@pytest.mark.parametrize("said", ["我信用卡欠了两万 会不会影响我妈", "卡是我的 我妈帮我还", "我的卡逾期了 我闺女要上学"])
def test_the_persons_own_card_is_no_relatives(said):
    assert holder_of([normalize(said)]) is None


def _l5_case() -> Case:
    case = Case()
    for text, slot in [("我闺女那张卡是中信的 欠了两万三 逾期两个多月了", None),
                       ("一个月最多能拿两千 我退休金一个月四千二", None)]:
        case = update_case(case, text, requested_slot=slot, today=TODAY).case
    return case


def test_the_daughters_pay_is_not_the_mothers_income():
    # L5 #11: 「已改：月收入 4,200 → 3,000」
    case = _l5_case()
    r = update_case(case, "闺女在外地打工 一个月挣三千来块 自己都不够花 我是她妈 替她还",
                    requested_slot="hardship_reason", today=TODAY)
    assert r.case.situation.monthly_income == D(4200)
    assert "monthly_income" not in r.changed


def test_the_daughters_pay_is_no_item_of_the_mothers_expenses():
    # L5 #12: 「月必要支出 4,200 → 5,200」 (2,200 + the daughter's 3,000)
    r = update_case(_l5_case(), "不对 四千二是我的退休金 是收入 开销是两千二 三千是闺女挣的 不是我的 每月能还两千",
                    today=TODAY)
    s = r.case.situation
    assert (s.monthly_income, s.monthly_expenses, s.monthly_budget) == (D(4200), D(2200), D(2000))


def test_a_childs_pay_said_first_is_no_income():
    r = update_case(Case(), "我女儿工资三千 我自己一个月收入五千", today=TODAY)
    assert r.case.situation.monthly_income == D(5000)


def test_about_two_thousand_settled_at_2200_is_2200():
    # L5 #10: 「两千出头吧 就算两千二」 stored 4,200 (2,000 + 2,200)
    r = update_case(_l5_case(), "吃饭水电加上买药 一个月两千出头吧 就算两千二", requested_slot="monthly_expenses",
                    today=TODAY)
    assert r.case.situation.monthly_expenses == D(2200)


def _plan(for_relative: bool):
    return finance.plan([{"bank": "中信银行", "amount": "23000"}], monthly_income="4200", monthly_expenses="2200",
                        monthly_budget="2000", hardship_reason="闺女在外地打工，一个月挣三千来块，我是她妈，替她还",
                        today=TODAY, for_relative=for_relative)


def test_the_letter_for_a_relatives_card_is_the_cardholders():
    # L5 #15: her pension as 本人收入 and her words as the cardholder's reason
    letter = _plan(True).letter
    assert "4,200" not in letter and "2,200" not in letter and "本人目前每月收入" not in letter, letter
    assert "我是她妈" not in letter and "闺女" not in letter, letter
    assert t.HARDSHIP_PLACEHOLDER in letter
    assert t.L_FAMILY_HELP.format(budget="2,000.00") in letter
    assert t.L_OPENING_CLAIM not in letter
    # the plan itself is the same: what the family can give decides it
    mine = _plan(False)
    assert _plan(True).monthly_payment == mine.monthly_payment == D("1916.67")
    assert "本人目前每月收入约4,200.00元" in mine.letter


def test_relative_answers_are_never_matched_for_a_cardholder():
    for intent in ("ask_credit_report", "ask_for_relative", "ask_negotiate_plan", "inform", "ask_interest"):
        for text in ("我的征信会不会受影响", "谁签字", "我得还多少才能不让利息再涨了"):
            found = F.match(text, intent)
            assert found is None or found.id not in ("relative_own_credit", "relative_signs", "whole_repaid_stops")


@pytest.mark.parametrize("text", ["我得还多少才能不让利息再涨了", "就是说我一次还两万四千多 利息就不涨了",
                                  "还清了利息就停了吗"])
def test_paying_it_all_is_what_stops_the_interest(text):
    assert F.matches("whole_repaid_stops", text)
    assert "全部还清" in F.by_id("whole_repaid_stops").short


@pytest.mark.parametrize("text", ["这信上写的本人 是写我还是写我闺女 谁签字 我签行不行",
                                  "这个申请是我闺女自己去办 还是我能替她办 信上写我的名字还是她的"])
def test_who_signs_is_asked(text):
    assert F.matches("relative_signs", text)
