"""complaint4 (issue 23 item 3; persona trials H2 and G4 of 7 December, /tmp/trials-s5): the complaint states only
acts that happened, as the person said them — a threat to tell a student's 辅导员 is a point of its own and an SMS is
labelled as an SMS; the person's questions to the bot never enter 经过; a spouse's complaint has the boss told and
the 老赖 slur; an item added in plain words is added and the summary after an edit is short."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import complaint_document, edit_line, incident
from bot.nlu.normalize import normalize

H2 = ["救命 我收到一条短信说要上门还要通知我学校 我是学生 怎么办啊啊啊",
      "是信用卡啊 交通银行的 我第一张卡 额度8000刷满了 逾期一个多月了 短信说今天下午就上门 还说通知我们学校辅导员",
      "我是问他说上门 通知学校 这个合法吗 我好怕被同学知道",
      "那通知学校呢 他们能打给我辅导员吗",
      "信用卡催收能不能打电话给我辅导员 他短信里说的",
      "你能帮我写个投诉吗 我要投诉这个催收 短信我截图了"]
G4 = ["我老公的浦发信用卡逾期了 催收天天打我单位电话 同事都知道了 我又不是持卡人 他们凭什么找我",
      "可是那钱是家里装修花的 催收说夫妻共同债务我也得还 是真的吗 他们能打我电话吗",
      "是我老公 不是她 那就算能找我 能打到我单位让同事都知道吗 一天打七八次",
      "他欠浦发四万七 逾期五个月 现在违约金会不会越滚越多 听说有新规定利息加罚息不能超过本金",
      "那他现在连本带息大概要还多少",
      "今天又有人打我单位座机 跟我们主任说我老公欠钱不还是老赖 还说明天上门到单位来 我要投诉 能帮我写个投诉信吗"]


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _text(messages: list[str], bank: str = "交通银行") -> str:
    return complaint_document(incident(_norm(messages)), bank, date(2026, 12, 7)).as_text()


def _account(messages: list[str]) -> str:
    return next(line for line in _text(messages).split("\n\n") if line.startswith("经过"))


# ---- item 2: only the person's statements of what happened; questions to the bot never ----------------------

def test_h2_the_question_she_asked_the_bot_is_not_in_the_account():
    account = _account(H2)
    assert "我是问" not in account and "他说上门" not in account, account
    assert "“通知学校”" not in account and "那通知学校呢" not in account, account  # the question's words
    assert "短信说今天下午就上门" in account  # what she reported stays


def test_g4_her_own_question_is_never_quoted_as_the_collectors_act():
    text = _text(G4, "浦发银行")
    assert "那就算能找我" not in text, text


@pytest.mark.parametrize("said", ["那就算能找我", "即使打给我妈", "哪怕通知我单位", "那通知学校呢"])
def test_a_supposition_or_a_what_about_question_states_no_act(said):
    assert incident([normalize(said)]).empty, said


def test_a_question_opened_by_wo_shi_wen_runs_to_its_end_and_no_further():
    found = incident(["我是问他说上门 通知学校 这个合法吗 他们还骂我"])
    assert [a.kind for a in found.acts] == ["insult"] and found.account == ("他们还骂我",), found
    # with no end in the message only the opening sentence's clauses are read (and it asks)
    assert incident(["我问的是上门 他们骂我"]).account == ("他们骂我",)


def test_words_she_says_are_her_own_question_leave_the_account_and_their_act():
    said = ["催收天天打我电话", "他们说要上门来我家", "投诉信不对 “他们说要上门来我家”是我问你的话 不是催收说的"]
    found = incident(_norm(said))
    assert "visit_announced" not in [a.kind for a in found.acts], found.acts
    assert not any("上门" in entry for entry in found.account), found.account
    assert edit_line(_norm(said), 2).startswith("投诉书已改：删去“催收人员说要上门”一条")


# ---- item 1: the threat to tell her 辅导员 is a point; an SMS is labelled as an SMS -------------------------------

def test_h2_the_threat_to_tell_her_school_is_a_point_of_its_own():
    found = incident(_norm(H2))
    assert [a.kind for a in found.acts] == ["disclose_threat", "visit_announced"], found.acts
    text = _text(H2)
    assert "一、催收人员扬言要把欠款的事告诉他人" in text and "二、催收人员说要上门" in text
    assert "还说通知我们学校辅导员" in text
    assert "上门或到我的单位催收" not in text  # the visit stays a threat


def test_h2_an_sms_is_labelled_as_an_sms_and_the_time_it_names_is_not_when_it_came():
    text = _text(H2)
    assert "来电/来人" not in text and "；短信：＿＿＿＿（哪家机构、发送号码、对方自称什么）" in text, text
    # 「短信说今天下午就上门」: today is when the visit was threatened for — the time stays blank (a relative day said is now
    # written as its date: complaint10, so 「时间：今天」 alone could no longer fail)
    assert "时间：今天" not in text and "时间：＿＿＿＿（日期、几点）；" in text, text


def test_calls_keep_their_label_and_a_call_beside_an_sms_is_named_too():
    assert "；来电/来人：" in _text(["他们打电话骂我"])
    assert "；短信/来电：" in _text(["催收发短信骂我", "昨天又打电话骂我"])
    assert "；微信：" in _text(["催收发微信说要上门"])


def test_a_channel_put_right_replaces_the_old_one_and_the_line_says_so():
    said = ["催收打电话说要上门 还说要通知我辅导员", "还有是短信不是打电话"]
    assert "；短信：" in _text(said) and "来电" not in _text(said)
    assert _norm_line(said, 1) == "投诉书已改：“来电/来人”改为“短信”。"


@pytest.mark.parametrize("said, people", [
    ("催收打电话给我辅导员了", ("辅导员",)),
    ("他们联系了我们学校的老师", ("学校", "老师")),
    ("催收给我室友打电话", ("室友",)),
    ("今天又有人打我单位座机", ("单位",)),
])
def test_a_school_a_teacher_a_roommate_or_the_work_landline_is_a_third_party(said, people):
    found = incident([normalize(said)])
    assert [a.kind for a in found.acts] == ["third_party"], found.acts
    assert found.contacted == people, found.contacted


@pytest.mark.parametrize("said", ["我要不要先自己跟辅导员说啊", "我跟我妈说了这件事", "我先给辅导员打个电话"])
def test_the_person_telling_someone_herself_is_no_act(said):
    assert incident([normalize(said)]).empty, said


def _norm_line(messages: list[str], written: int) -> str | None:
    return edit_line(_norm(messages), written)


# ---- item 3: the boss told, the 老赖 slur and the work landline, in the spouse's own voice -----------------------

def test_g4_the_boss_told_and_the_slur_are_points_and_the_landline_is_in_the_account():
    found = incident(_norm(G4))
    kinds = [a.kind for a in found.acts]
    assert kinds[:2] == ["insult", "third_party"] and "visit_announced" in kinds, found.acts
    quotes = {a.kind: a.quote for a in found.acts}
    assert quotes["third_party"] == "跟我们主任说我老公欠钱不还是老赖"  # telling the boss says more than a call
    assert "今天又有人打我单位座机" in found.account
    assert "主任" in found.contacted and found.writer_contacted, found.contacted


def test_g4_the_spouse_writes_in_her_own_voice_and_the_slur_names_her_husband():
    text = _text(G4, "浦发银行")
    # said to her director: the item says so (complaint7, persona trial J4's rule)
    assert "一、催收人员辱骂、侮辱我的丈夫，是对主任说的（“跟我们主任说我老公欠钱不还是老赖”）" in text, text
    assert "我是贵行信用卡持卡人" not in text and "持卡人是我的丈夫" in text
    assert "据我所知，我本人" not in text  # she is never declared no debtor: she did not say so


@pytest.mark.parametrize("messages, title", [
    (["我老公的招行信用卡逾期了", "催收给我打电话 说他是老赖"], "催收人员辱骂、侮辱我的丈夫"),
    (["催收打给我同事 说他是老赖"], "催收人员辱骂、侮辱他人"),
    (["催收骂我是老赖"], "催收人员辱骂、侮辱我"),
    (["催收跟我妈说我是老赖"], "催收人员辱骂、侮辱我，是对母亲说的"),
    (["催收打电话给我爸 骂我妈是骗子"], "催收人员辱骂、侮辱我的母亲"),
])
def test_an_insult_names_whom_it_was_said_of(messages, title):
    assert title + "（" in _text(messages)


@pytest.mark.parametrize("said", ["我又不是老赖", "我会不会变成老赖", "逾期了就是老赖吗"])
def test_the_word_laolai_alone_is_no_insult(said):
    assert "insult" not in [a.kind for a in incident([normalize(said)]).acts], said


def test_a_request_for_the_complaint_is_read_as_a_report_not_as_an_edit():
    # 「我要投诉 能帮我写个投诉信吗」 names the complaint: its other sentences are still what happened
    found = incident(_norm(["催收天天打我单位电话", "跟我们主任说我欠钱不还 我要投诉 能帮我写个投诉信吗"]))
    assert "跟我们主任说我欠钱不还" in found.account, found.account


# ---- item 4: an item added in plain words is added ----------------------------------------------------------------

def test_h2_the_school_threat_typed_in_the_suggested_form_is_added():
    said = ["催收发短信说要上门", "帮我写个投诉", "催收发短信说要通知我学校辅导员"]
    assert _norm_line(said, 2) == ("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条"
                                   "（“催收发短信说要通知我学校辅导员”）。")


def test_h2_the_line_another_clause_names_is_what_jia_shang_qu_adds():
    # 「辅导员那条呢 帮我加上去」: it is in already, and the bot says so rather than 「没找到您要改的那句」
    said = H2 + ["催收发短信说要通知我学校辅导员", "怎么还是只有上门那条 辅导员那条呢 帮我加上去"]
    assert _norm_line(said, len(said) - 1) == "投诉书里已经是这样写的，请再核对一遍下面的全文。"


def test_g4_the_slur_and_the_boss_added_in_plain_words_are_added():
    said = ["我老公的浦发信用卡逾期了 催收天天打我单位电话", "帮我写个投诉信",
            "投诉书加上这件事：催收给我单位主任打电话 透露我老公欠钱 说他是老赖"]
    line = _norm_line(said, 2)
    assert line.startswith("投诉书已改：加上“催收人员辱骂、侮辱我的丈夫”一条（“说他是老赖”）"), line
    found = incident(_norm(said))
    assert "主任" in found.contacted and "催收给我单位主任打电话" in found.account, found
    assert "老赖" in _text(said, "浦发银行")


@pytest.mark.parametrize("added, kind", [
    ("还有 他们给我室友打电话了", "third_party"),
    ("他们还给我们辅导员打了电话 也写上", "third_party"),
    ("投诉书里加一条：催收跟我同事说我是老赖", "insult"),
])
def test_an_item_said_in_plain_words_after_the_complaint_is_added(added, kind):
    said = ["催收天天打我电话", "帮我写个投诉", added]
    assert kind in [a.kind for a in incident(_norm(said)).acts]
    assert _norm_line(said, 2).startswith("投诉书已改：加上“"), _norm_line(said, 2)


def test_h2_an_act_said_again_after_the_complaint_gets_the_one_line_not_the_whole_reply():
    # 「催收发短信说要通知我学校辅导员」 once it is in: 「已经是这样写的」 (the action then gives the short list only)
    said = H2 + ["催收发短信说要通知我学校辅导员"]
    assert _norm_line(said, len(H2)) == "投诉书里已经是这样写的，请再核对一遍下面的全文。"
    assert _norm_line(H2 + ["谢谢"], len(H2)) is None  # nothing said of the complaint: no line


def test_a_correction_that_deletes_adds_no_line_for_the_third_party_it_names():
    # complaint3 e2e: 「他们没上门 只是打电话到我单位 把上门那条删了」 says what stays; it is no new account entry
    said = ["催收到我单位找我了 还打给我爸妈", "帮我写个投诉", "修改投诉书：他们没上门 只是打电话到我单位 把上门那条删了"]
    found = incident(_norm(said))
    assert "visit" not in [a.kind for a in found.acts] and not any("只是打电话" in e for e in found.account), found
