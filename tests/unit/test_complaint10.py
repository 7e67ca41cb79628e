"""complaint10 (persona trial s9 N2 #6–#12, N1 #10; issues 19 and 23). A daughter, 李娟, complains in her own voice about
collectors calling her about her father's card: the name she gives fills the complainant (blank in all three versions);
a time put right replaces the time — one 时间 line, never a second and a third — and her instruction is never quoted as
the collectors' words; a relative day is written as the date it meant (the letter is dated); words said to her about
her father are a threat aimed at her. Asked for her father, a suit is his: 「会被起诉吗」 gets its answer and 「能不能代他
出庭」 is said to be the court's or 12348's to answer. N1: 「申请书那句原因能改下不 改成：…」 applies the new words."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import facts as F
from bot.case import Card, Case, Situation
from bot.complaint import complaint_document, edit_line, incident
from bot.nlu import letter_edit as le
from bot.nlu.normalize import normalize
from bot.nlu.reading import TurnContext, read_turn

TODAY = date(2026, 12, 8)
N2 = ["您好 我想问下我爸的信用卡的事 他70了 农行的卡逾期4个月了 现在催收天天打我电话",
      "可是我是他女儿啊 他年纪大了不会弄手机 我能不能帮他还 会不会影响我自己的征信",
      "好的 那我能不能用我的手机号跟银行协商 帮我爸申请分期 他一个月退休金就2800",
      "是我爸 不是她 。。。 他退休金2800 一个月最多能还800 欠了大概两万三",
      "催收的昨天晚上11点还打我电话 说再不还就去我单位找我 还说要让我爸坐牢 这合法吗",
      "他们说的让我爸坐牢这种话是不是吓唬人 我想投诉他们 你帮我写个投诉 用我自己的名义 我叫李娟"]
N2_7 = "投诉书里投诉人没写我名字啊 我叫李娟 还有那个昨天晚上11点 应该是12月7号晚上11点"
N2_8 = "不对 你改错了 时间那里变成两个了 我要的是投诉人写李娟 时间写12月7日23点左右 那个昨天删掉"
WITHOUT_NAME = [*N2[:5], "他们说的让我爸坐牢这种话是不是吓唬人 我想投诉他们 你帮我写个投诉 用我自己的名义"]


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _text(messages: list[str], shown: int | None = None) -> str:
    return complaint_document(incident(_norm(messages), shown=shown), "农业银行", TODAY).as_text()


def _account(text: str) -> str:
    return text.split("经过（我的记录）：")[1].split("\n")[0]


# ---- #6: the name she gave, the date the time meant, the threat aimed at her --------------------------------------

def test_n2_6_the_name_given_with_the_request_fills_the_complainant():
    text = _text(N2)
    assert "投诉人：李娟（持卡人的家属）" in text and "投诉人：＿＿＿＿" not in text, text
    assert "投诉人：＿＿＿＿（姓名，持卡人的家属）" in _text(WITHOUT_NAME)  # no name said: the blank stays


def test_n2_6_yesterday_in_a_dated_letter_is_the_date_it_meant():
    text = _text(N2)
    assert text.count("时间：") == 1 and "时间：12月7日晚上11点；" in text, text
    # said on 12月8日 in the conversation (the tracker's time), written on 12月9日: still 12月7日
    days = [TODAY] * len(N2)
    later = complaint_document(incident(_norm(N2), dates=days), "农业银行", date(2026, 12, 9)).as_text()
    assert "时间：12月7日晚上11点；" in later, later
    assert "时间：12月8日晚上11点" in _text_on(N2, date(2026, 12, 9))  # no day known: from the letter's own date


def _text_on(messages: list[str], today: date) -> str:
    return complaint_document(incident(_norm(messages)), "农业银行", today).as_text()


def test_n2_6_words_about_her_father_said_to_her_are_a_threat_aimed_at_her():
    text = _text(N2)
    assert "一、催收人员拿我的父亲威胁、恐吓我（“还说要让我爸坐牢”）" in text, text
    assert "威胁、恐吓我的父亲" not in text, text


# ---- #7–#8: the name, one time line, no instruction in the account --------------------------------------------------

@pytest.mark.parametrize("edits", [[N2_7], [N2_7, N2_8], [N2_8]])
def test_n2_7_8_the_time_put_right_replaces_it_and_her_words_are_no_evidence(edits):
    messages = [*WITHOUT_NAME, *edits]
    text = _text(messages, shown=len(messages) - 1)
    assert "投诉人：李娟（持卡人的家属）" in text, text
    assert text.count("时间：") == 1, text
    account = _account(text)
    body = text.split("投诉人：")[1].split("\n", 1)[1].split("投诉人（签名）")[0]  # below the header, above the signature
    for instruction in ("应该是", "时间写", "还有那个", "投诉人", "我叫", "改错了", "变成两个", "删掉"):
        assert instruction not in body, (instruction, text)
    assert "昨天" not in account and "昨天" not in text, text
    new = "12月7日23点左右" if N2_8 in edits else "12月7号晚上11点"
    assert f"时间：{new}；" in text and f"“催收的{new}还打我电话”" in account, text
    assert f"三、在晚上10点至早上8点之间催收（“催收的{new}还打我电话”）" in text, text


def test_n2_7_the_change_line_names_the_name_and_the_time():
    messages = [*WITHOUT_NAME, N2_7]
    line = edit_line(_norm(messages), len(WITHOUT_NAME))
    assert line == "投诉书已改：“昨天晚上11点”改为“12月7号晚上11点”；投诉人写为“李娟”。", line
    line = edit_line(_norm([*messages, N2_8]), len(messages))
    assert line == "投诉书已改：“12月7号晚上11点”改为“12月7日23点左右”。", line


@pytest.mark.parametrize("said, name", [("我叫李娟", "李娟"), ("投诉人写李娟", "李娟"), ("名字写欧阳娜娜吧", "欧阳娜娜"),
                                        ("我叫他别打了", None), ("催收说他名字是王强", None), ("投诉人是我", None)])
def test_only_a_name_given_for_the_complaint_is_the_complainant(said, name):
    assert incident(_norm([*N2[:5], said])).name == name


# ---- #9–#12: a suit over her father's card is his --------------------------------------------------------------

@pytest.mark.parametrize("said, answer", [
    ("算了 时间那越改越乱 三个时间了 投诉人名字也还是空的 我自己用word改吧 最后问下 我爸这个两万三会被起诉吗 我需要去法院吗",
     "relative_lawsuit"),
    ("我是说我爸 他是持卡人 我不是 是他要去法院还是我去 他腿脚不方便", "relative_court_proxy"),
    ("传票是寄给我爸的 他70岁腿不好 能不能我替他去 要带啥", "relative_court_proxy"),
    ("我是问 我爸的官司 我能不能代他出庭", "relative_court_proxy"),
])
def test_n2_9_12_a_suit_over_a_relatives_card_is_answered_for_the_holder(said, answer):
    from actions.answers import RELATIVE_COURT

    assert next(i for i in RELATIVE_COURT if F.matches(i, said)) == answer
    short = F.by_id(answer).short
    assert "持卡人" in short and "您可以请求" not in short  # never told she is the defendant
    if answer == "relative_lawsuit":
        assert short.startswith("被告是持卡人本人，不是您") and "银行随时可以起诉" in short  # 「会被起诉吗」 answered
    else:
        assert "12348" in short and "没有可靠依据" in short  # who decides a relative acting for him: said, not invented


# ---- N1 #10: the letter's reason edited with its new words -------------------------------------------------------

N1_REASON = "疫情后生意一直不好 今年旁边开了个大超市 营业额掉了一半"
N1_NEW = "我在小区开小卖部，今年旁边开了大超市，营业额掉了一半，收入不稳定"


@pytest.mark.parametrize("said", [
    "申请书里那句原因能改下不 改成：我在小区开小卖部，今年旁边开了大超市，营业额掉了一半，收入不稳定",
    "申請書裡那句原因能改下不 改成：我在小區開小賣部，今年旁邊開了大超市，營業額掉了一半，收入不穩定",
])
def test_n1_10_an_edit_request_with_its_new_words_applies_them(said):
    assert le.parse(said) == le.EditRequest(words=None, new=N1_NEW)
    case = Case(cards=(Card(bank="招商银行", amount=D(35800)), Card(bank="中信银行", amount=D(12000))),
                situation=Situation(monthly_income=D(9000), monthly_expenses=D(6500), monthly_budget=D(2500),
                                    hardship_reason=N1_REASON))
    read = read_turn(said, case, TODAY, TurnContext(letter_open=True))
    assert read.letter_edit == "changed" and read.case.situation.hardship_reason == N1_NEW, read
    assert read.case.situation.monthly_income == D(9000) and read.case.cards == case.cards


def test_a_date_said_beside_a_new_report_puts_no_time_right():
    # 「催收又打电话骂我 是12月6号」 reports another call: the first time stays, the new one is its own line
    text = _text([*N2, "催收又打电话骂我 是12月6号"])
    assert "时间：12月7日晚上11点；" in text and "12月6号" in text, text
