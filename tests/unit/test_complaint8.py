"""complaint8 (persona trial s7 L4; probes s5 W05 t8, W03): a threat to go to his parents is a threat, never a contact;
a sentence about the complaint (「可是全文里第一条还是写的…」) is never evidence; 「投诉书里已经是这样写的」 only when the
complaint's text has what he said (its counts and times), never on the kind of act alone; 「上周三次」 is a count, not a
weekday; 「天天打的那个没骂人」 denies the insults of the daily caller only; an added line loses the words of the
instruction (「里面没写…」); a disclosure said in the next breath (「…打电话 把欠钱的事都说了」) is quoted with the call."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import complaint_document, edit_line, incident
from bot.nlu.normalize import normalize

L4 = ["催收的天天打电话骂我 说我是老赖 还说要去我老家找我爹妈 还要把我欠钱的事发朋友圈 这合法吗",
      "那他骂我呢 骂的可难听了 还说要去我老家 找我爸妈要钱 我爸妈七十多了 他们能去吗",
      "行 那你帮我写投诉吧 是平安银行的卡 催收的人自称是什么什么律所的"]
L4_5 = "还有 骂我那个也不是天天 是上礼拜打了三回电话骂我 天天打电话的是另外一个号 没骂人 你再改改"
L4_7 = "你说已经改了 可是全文里第一条还是写的天天打电话骂我 不对 骂我的是上周三次 天天打的那个没骂人"
L4_9 = ("那你重新给我写一份投诉吧 就写这几件事 上周有个号码打了三次电话骂我 说我是老赖 还说要去我老家找我爸妈要钱 "
        "还说要发朋友圈 另一个号码天天打 一天打七八次 对方说自己是什么律师事务所的")
W05 = ["我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问", "是交通银行的 欠了一万二左右 逾期半年了",
       "催收天天打她电话 还打到我这里来了 我要替她还吗", "催收还说要是不还就让她坐牢 她吓得睡不着觉",
       "帮我写个投诉 用我自己的名义 投诉他们打我电话"]
ALREADY = "投诉书里已经是这样写的，请再核对一遍下面的全文。"


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _found(messages: list[str], shown: int | None = None):
    return incident(_norm(messages), shown=shown)


def _kinds(messages: list[str], shown: int | None = None) -> dict[str, str]:
    return {a.kind: a.quote for a in _found(messages, shown).acts}


def _text(messages: list[str]) -> str:
    return complaint_document(_found(messages), "平安银行", date(2026, 12, 8)).as_text()


def _line(messages: list[str], written: int) -> str | None:
    return edit_line(_norm(messages), written)


# ---- L4 #3: the threat to go to his parents ---------------------------------------------------------------------------

def test_l4_the_threat_to_go_to_his_parents_is_a_threat_and_nobody_is_listed_as_contacted():
    found = _found(L4)
    kinds = {a.kind: a.quote for a in found.acts}
    assert "third_party" not in kinds and kinds["contact_threat"] == "还说要去我老家找我爹妈", kinds
    assert found.contacted == (), found.contacted
    assert "被联系的其他人" not in _text(L4)


@pytest.mark.parametrize("said", ["还说要去我老家 找我爸妈要钱", "说再不还就去我老家 找我爹妈"])
def test_words_that_finish_a_threat_in_the_next_breath_stay_the_threat(said):
    found = _found([said])
    assert [a.kind for a in found.acts] == ["contact_threat"] and found.contacted == (), found
    assert found.acts[0].quote == said  # quoted whole, not the bare 「找我爸妈要钱」


def test_a_contact_said_alone_is_still_a_contact():
    found = _found(["催收找我爸妈要钱"])
    assert [a.kind for a in found.acts] == ["third_party"] and found.contacted == ("父母",), found


@pytest.mark.parametrize("said, person", [("催收打电话给我爹", "父亲"), ("催收联系了我爹妈", "父母")])
def test_dialect_parents_are_parents(said, person):
    assert _found([said]).contacted == (person,)


# ---- L4 #5, #7, #9: the remark about the document, the real insults, 上周三次, 「已经是这样写的」 ------------------------

def test_l4_a_sentence_about_the_document_is_never_the_evidence():
    said = L4 + [L4_5, L4_7]
    found = _found(said, shown=4)
    assert not any("全文" in a.quote or "第一条" in a.quote or "写的" in a.quote for a in found.acts), found.acts
    assert not any("全文" in e or "第一条" in e for e in found.account), found.account


def test_l4_the_daily_caller_did_not_insult_him_the_other_number_did_the_insults_stay():
    said = L4 + [L4_5, L4_7]
    found = _found(said, shown=4)
    kinds = {a.kind: a.quote for a in found.acts}
    assert kinds["insult"] == "说我是老赖", kinds  # no longer the daily calls, never his remark
    assert "说我是老赖" in found.account and "骂的可难听了" in found.account, found.account
    assert "frequent_calls" in kinds, kinds  # the daily calls stay (he did not take them back)
    assert "是上礼拜打了三回电话骂我" in found.account, found.account


def test_a_denial_with_no_caller_named_still_takes_the_act_back():
    found = _found(["催收天天打电话骂我", "帮我写投诉", "不对 他们没骂我"])
    assert "insult" not in [a.kind for a in found.acts], found.acts


def test_a_negation_of_how_often_is_no_denial_of_the_insult():
    # 「骂我那个也不是天天」: the insult stands, only its frequency is put right
    found = _found(["催收天天打电话骂我", "帮我写投诉", "骂我那个也不是天天 是上礼拜打了三回电话骂我 改一下"])
    assert {a.kind: a.quote for a in found.acts}.get("insult") == "催收天天打电话骂我", found.acts


@pytest.mark.parametrize("said, time", [("骂我的是上周三次", "上周"), ("上礼拜三回骂我", "上礼拜"),
                                         ("上周三打电话骂我", "上周三"), ("上星期五个电话都在骂我", "上星期")])
def test_last_week_three_times_is_a_count_not_a_weekday(said, time):
    assert _found([said]).when == (time,)


def test_l4_said_again_with_counts_the_complaint_lacks_is_never_already_written():
    said = L4 + [L4_5, L4_7, L4_9]
    line = _line(said, 5)
    assert line != ALREADY and line.startswith("投诉书已改："), line
    assert _kinds(said, 5)["frequent_calls"] == "一天打七八次"


def test_l4_edit_with_a_time_and_count_says_what_it_added():
    line = _line(L4 + [L4_5], 3)
    assert line != ALREADY and "是上礼拜打了三回电话骂我" in line, line


def test_said_again_exactly_is_already_written():
    said = ["催收一天打七八个电话 都没接", "帮我写投诉", "催收一天打七八个电话"]
    assert _line(said, 2) == ALREADY


# ---- W05 t8: 「她说那个人一天打了二十多个电话」; 「里面没写…帮我加上」 ------------------------------------------------------

def test_w05_the_mothers_report_of_the_calls_is_added_not_called_already_written():
    said = W05 + ["她说那个人一天打了二十多个电话"]
    line = _line(said, len(W05))
    assert line != ALREADY and "二十多个" in line, line
    assert "二十多个" in _kinds(said)["frequent_calls"]


def test_w05_the_holder_calling_herself_is_still_her_own_act():
    # 「她上个月给我打电话」 by a daughter: the holder, never the collector (persona trial I2 #10 stays)
    assert _found(["我妈的信用卡逾期了", "她上个月给我打电话 说还不上了"]).acts == ()
    assert [a.kind for a in _found(["我妈的信用卡逾期了", "她说那个人天天打她电话"]).acts] == ["frequent_calls"]


@pytest.mark.parametrize("ask", ["里面没写一天打二十多个电话 帮我加上", "投诉书里面没写一天打二十多个电话 帮我加上"])
def test_w05_an_added_line_loses_the_words_of_the_instruction(ask):
    said = W05 + [ask]
    found = _found(said)
    quote = {a.kind: a.quote for a in found.acts}["frequent_calls"]
    assert quote == "一天打二十多个电话", quote
    assert not any("里面" in e for e in found.account), found.account
    line = _line(said, len(W05))
    assert line != ALREADY and "里面" not in line, line


def test_w05_asked_again_once_it_is_in_is_already_written_and_true():
    said = W05 + ["她说那个人一天打了二十多个电话", "里面没写一天打二十多个电话 帮我加上"]
    assert _line(said, len(W05) + 1) == ALREADY
    assert "二十多个" in _text(said)


def test_a_count_the_text_lacks_is_unchanged_not_already_when_it_could_not_be_added():
    # an edit whose count is not written, and that changes nothing: never 「已经是这样写的」
    said = ["催收一天打七八个电话 都没接", "帮我写投诉", "投诉书不对 是上周三次"]
    assert _line(said, 2) != ALREADY


# ---- W03: the disclosure quoted with the call -------------------------------------------------------------------------

def test_w03_the_disclosure_to_his_wife_is_quoted_whole():
    said = ["俺会不会进去啊 催收说要告俺诈骗", "催收还给俺媳妇打电话 把欠钱的事都说了", "帮俺写个投诉 投诉那个催收"]
    found = _found(said)
    assert {a.kind: a.quote for a in found.acts}["third_party"] == "催收还给俺媳妇打电话 把欠钱的事都说了"
    assert found.contacted == ("妻子",)
    assert "“催收还给俺媳妇打电话 把欠钱的事都说了”" in _text(said)


@pytest.mark.parametrize("said", ["催收打电话给我媳妇 跟她说我欠钱不还", "催收昨天给我老婆打了电话 把我欠钱的事说了"])
def test_a_disclosure_said_after_the_call_is_quoted_with_it(said):
    found = _found([said])
    assert [a.quote for a in found.acts if a.kind == "third_party"] == [said] and found.contacted == ("妻子",), found


def test_sentences_that_do_not_go_on_from_each_other_stay_apart():
    found = _found(["催收骂我 说我是老赖"])
    assert [(a.kind, a.quote) for a in found.acts] == [("insult", "催收骂我")], found.acts


@pytest.mark.parametrize("said, kind", [("催收短信上写着再不还就上门", "visit_threat"), ("他们写了大字报贴在我家门口", "public")])
def test_a_report_of_something_written_is_still_a_report(said, kind):
    assert kind in [a.kind for a in _found([said]).acts]
