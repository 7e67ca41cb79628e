"""Persona trial s7 L2 (issues 19 and 23), reading level: edits of the letter's reason typed in words (#15–#17), the
reason's spending words (#13–#14), a family allowance read as the income and named as such (#5, #14), 「付得起嗎」 alone
(#10). The student types traditional characters: every message here is hers as she typed it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.case import Card, Case, Situation
from bot.nlu import letter_edit as le
from bot.nlu.reading import TurnContext, read_turn, requests

REASON = "我是学生 没有工作 之前打工的店倒了 家里给的钱只够生活 之前乱刷买了手机跟课程"
KEPT = "我是学生，没有工作，之前打工的店倒了，家里给的钱只够生活"
TODAY = date(2026, 12, 8)


def l2_case(reason: str | None = REASON) -> Case:
    return Case(cards=(Card(bank="招商银行", amount=D(12000), overdue_days=20),),
                situation=Situation(monthly_income=D(5000), monthly_expenses=D(3900), monthly_budget=D(1100),
                                    installments=12, hardship_reason=reason, income_source="family"))


# ---- the edit, parsed and applied -----------------------------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("把亂刷那句拿掉", "乱刷"),
    ("那封信可以把亂刷那句拿掉嗎 寫起來好丟臉", "乱刷"),
    ("刪掉買手機那句", "买手机"),
    ("亂刷那句不要了", "乱刷"),
    ("不要寫亂刷了", "乱刷"),
    ("“之前亂刷買了手機跟課程”這句刪掉", "之前乱刷买了手机跟课程"),
])
def test_the_sentence_named_is_taken_out_and_the_rest_kept(text, words):
    request = le.parse(text)
    assert request is not None and request.words == words and request.new is None, request
    result = le.apply(request, REASON)
    assert result.found and result.changed and result.reason == KEPT, result


def test_a_sentence_taken_out_with_other_words_gets_them_in_its_place():
    request = le.parse("那封信可以把亂刷那句拿掉嗎 寫起來好丟臉 改成 打工的店倒閉了沒收入 就好")
    assert request == le.EditRequest(words="乱刷", new="打工的店倒闭了没收入")
    assert le.apply(request, REASON).reason == KEPT + "，打工的店倒闭了没收入"


@pytest.mark.parametrize("text", [
    "不是投訴啦 是剛剛那封給招商的分期申請書 困難原因那句 改成 打工的店倒閉了沒收入",
    "原因改成打工的店倒閉了沒收入",
    "困難原因改為 打工的店倒閉了沒收入",
])
def test_the_whole_reason_said_again_replaces_it(text):
    request = le.parse(text)
    assert request == le.EditRequest(words=None, new="打工的店倒闭了没收入"), request
    assert le.apply(request, REASON).reason == "打工的店倒闭了没收入"


def test_words_no_sentence_holds_change_nothing():
    result = le.apply(le.parse("把賭博那句刪了"), REASON)
    assert not result.found and not result.changed and result.reason is None


@pytest.mark.parametrize("text", ["把那句删掉", "把第一条删掉", "好的谢谢", "我欠招商12000", "改原因"])
def test_no_sentence_named_is_no_edit(text):
    assert le.parse(text) is None


def test_which_document_the_message_names():
    assert le.names_letter("是剛剛那封給招商的分期申請書 困難原因那句 改成…")
    assert not le.names_complaint("不是投訴啦 是剛剛那封分期申請書")
    assert le.names_complaint("投诉书里那句删了") and not le.names_letter("把亂刷那句拿掉")


@pytest.mark.parametrize("text, asks", [
    ("改原因", True), ("改一下原因", True), ("原因写错了", True), ("我要修改困難原因", True),
    ("原因改成店倒了", False), ("原因是什么", False), ("改欠款", False),
])
def test_a_bare_request_to_change_the_reason(text, asks):
    assert le.asks_to_correct(text) is asks


def test_spending_words_of_the_reason_are_found_by_sentence():
    assert le.spending_sentences(REASON) == [("之前乱刷买了手机跟课程", "乱刷")]
    assert le.spending_sentences("去年网赌输了 今年失业") == [("去年网赌输了", "网赌")]
    assert le.spending_sentences("我是学生 没有工作 店倒了") == []
    assert le.spending_sentences(None) == []


# ---- the reading: which document, and nothing else read from the edit's words ----------------------------


def test_an_edit_with_a_letter_open_changes_only_the_reason_visibly():
    case = l2_case()
    r = read_turn("把亂刷那句拿掉", case, TODAY, TurnContext(letter_open=True))
    assert r.case.situation.hardship_reason == KEPT and r.letter_edit == "changed"
    assert [c.fact for c in r.changes] == ["hardship_reason"]
    assert r.case.situation.monthly_income == D(5000) and r.case.cards == case.cards
    # 「改成 …沒收入」 is the reason's new words, never an income of 0
    r = read_turn("那封信可以把亂刷那句拿掉嗎 改成 打工的店倒閉了沒收入 就好", case, TODAY, TurnContext(letter_open=True))
    assert r.case.situation.monthly_income == D(5000) and r.to_slot()["letter_edit"] == "changed"


def test_without_a_letter_or_with_the_complaint_named_it_is_no_letter_edit():
    case = l2_case()
    assert read_turn("把亂刷那句拿掉", case, TODAY, TurnContext()).letter_edit is None
    assert read_turn("投訴書把亂刷那句刪了", case, TODAY, TurnContext(letter_open=True)).letter_edit is None
    # the letter named: an edit even before any summary (the reason is the form's answer)
    named = read_turn("困難原因那句 改成 打工的店倒閉了沒收入", case, TODAY, TurnContext())
    assert named.case.situation.hardship_reason == "打工的店倒闭了没收入"


def test_words_the_reason_lacks_are_the_complaints_when_one_was_written():
    case = l2_case()
    open_both = TurnContext(letter_open=True, complaint_open=True)
    assert read_turn("把說要上門那句刪了", case, TODAY, open_both).letter_edit is None
    assert read_turn("把亂刷那句拿掉", case, TODAY, open_both).letter_edit == "changed"
    lone = read_turn("把賭博那句刪了", case, TODAY, TurnContext(letter_open=True))
    assert lone.letter_edit == "not_found" and lone.to_slot()["letter_edit_words"] == "赌博" and not lone.changes


def test_the_requests_route_the_letter_edit_and_the_bare_correction():
    r = requests("不是投訴啦 是剛剛那封給招商的分期申請書 困難原因那句 改成 打工的店倒閉了沒收入")
    assert r.letter_edit and r.complaint_edit  # letter_edit comes first (bot/nlu/components.py _REQUEST_INTENTS)
    assert requests("改原因").correct_reason and not requests("原因改成店倒了").correct_reason
    assert not requests("投訴書把那句刪了").letter_edit


def test_the_request_order_puts_the_letter_before_the_complaint():
    from bot.nlu.components import _REQUEST_INTENTS

    names = [name for name, _ in _REQUEST_INTENTS]
    assert names.index("letter_edit") < names.index("complaint_edit")
    assert dict(_REQUEST_INTENTS)["letter_edit"] == "correct_fact" == dict(_REQUEST_INTENTS)["correct_reason"]
    assert dict(_REQUEST_INTENTS)["afford"] == "ask_what_if"


@pytest.mark.parametrize("text, afford", [
    ("付得起嗎", True), ("那我還得起嗎", True), ("這樣我負擔得起嗎", True), ("我付不起吧", True),
    ("那APP那個分12期 每期0.6% 我每個月要還多少 付得起嗎", False), ("够吗", False), ("利息多少", False),
])
def test_afford_alone(text, afford):
    assert requests(text).afford is afford


# ---- the family allowance ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "我是學生 家裡每月給我5000 房租1800 吃飯1200 交通300 手機費100 其他雜的500左右",
    "爸媽每個月給我生活費5000",
    "5000是家裡給我的 是收入",
])
def test_what_the_family_gives_is_the_income_and_said_so(text):
    r = read_turn(text, Case(cards=(Card(bank="招商银行", amount=D(12000)),)), TODAY)
    assert r.case.situation.monthly_income == D(5000) and r.case.situation.income_source == "family", r.case
    assert r.case.situation.monthly_expenses in (None, D(3900))


def test_the_allowance_said_again_as_income_stays_the_familys_and_a_wage_is_not():
    case = l2_case()
    same = read_turn("收入5000 支出3900 每個月剩1100", case, TODAY)
    assert same.case.situation.income_source == "family"
    wage = read_turn("我現在找到兼職了 工資6000", case, TODAY)
    assert wage.case.situation.monthly_income == D(6000) and wage.case.situation.income_source is None
    sent_home = read_turn("每月還要給家裡寄500", Case(), TODAY)
    assert sent_home.case.situation.monthly_income is None


def test_the_income_source_survives_the_slot():
    case = l2_case()
    assert Case.from_slot(case.to_slot()).situation.income_source == "family"
    assert Case.from_slot({"situation": {"income_source": "lottery"}}).situation.income_source is None


def test_a_reason_saying_no_income_leaves_the_familys_allowance():
    case = l2_case()
    r = read_turn("我是學生 打工的店倒閉了 現在沒有收入", case, TODAY,
                  TurnContext(pending_correction="hardship_reason", letter_open=True))
    assert r.case.situation.monthly_income == D(5000), r.changes
    assert r.case.situation.hardship_reason == "我是学生 打工的店倒闭了 现在没有收入"
    stopped = read_turn("家裡也不給了 現在沒有收入", case, TODAY)
    assert stopped.case.situation.monthly_income == D(0)
    earned = read_turn("公司裁員了 現在沒有收入", Case(situation=Situation(monthly_income=D(5000))), TODAY)
    assert earned.case.situation.monthly_income == D(0)  # a wage that stopped is 0, said with 「已改」
