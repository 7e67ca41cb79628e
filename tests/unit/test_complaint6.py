"""complaint6 (persona trials s6 of 7 December: I2 #10–#14, I5 #5–#6, J4 #9–#10; issue 23: W05, ask when unsure): nothing
goes into a complaint that the person did not say — 打 beside a call is a call, an act said not to have happened is none,
a threat stays a threat, words of despair are private, the holder's own call is no collector's act, calls to a
mother that told her of the debt are a contact of a third party; an edit is read against the complaint the person saw."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import (asks_complainant, complainant_line, complaint_document, edit_line, incident,
                           unsure_question)
from bot.nlu.normalize import normalize
from bot.nlu.reading import requests

I2 = ["请问一下 我女儿信用卡逾期了 催收天天打我电话 这个合法吗",
      "她打不通 关机了 所以一直打我 说我是紧急联系人 要我帮她还 不然就上门",
      "她欠的是广发的 三万左右 四个月了 我是她爸 不是担保人 那我女儿会被起诉吗",
      "她上个月给我打电话说不想活了 说什么一了百了 我很担心她",
      "我刚给杭州110打了 他们说去看看 那催收一直打我电话 说我是紧急联系人要我还 帮我写个投诉"]
I5 = ["催收说我再不还就把我欠钱的事发到我朋友圈 发给我所有好友 他们能这样吗",
      "是招商的 欠了两万三 逾期快三个月了 他还说要打我单位电话",
      "他说要打我单位电话 还说要发朋友圈 这两个都不合法吧",
      "打单位电话呢 他说要告诉我们领导",
      "帮我写投诉"]
J4 = ["催收现在天天打我妈电话 说要上门 还说我再不还就要坐牢 这样合法吗",
      "3800是给中介的钱 我欠的是浦发 3万6 逾期4个月了 催收打我妈电话说我欠钱不还要坐牢",
      "他们天天打我妈 我妈70多了 吓得睡不着 能帮我写个投诉吗"]


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _text(messages: list[str], bank: str = "广发银行") -> str:
    return complaint_document(incident(_norm(messages)), bank, date(2026, 12, 7)).as_text()


def _kinds(messages: list[str], shown: int | None = None) -> dict[str, str]:
    return {a.kind: a.quote for a in incident(_norm(messages), shown=shown).acts}


# ---- I2 #10: 打 is a call, the daughter's words are private, 不然就上门 is a threat, 要我帮她还 is the point --------------

def test_i2_calling_is_never_violence():
    kinds = _kinds(I2)
    assert "violence" not in kinds, kinds
    assert "动手" not in _text(I2)
    assert kinds["frequent_calls"] == "所以一直打我"


@pytest.mark.parametrize("said", ["所以一直打我", "催收一直打我电话", "他们天天打我", "打我电话打了很多次"])
def test_da_wo_as_a_call_is_no_violence(said):
    assert "violence" not in _kinds([said]), said


@pytest.mark.parametrize("said", ["催收动手了", "他们把我打伤了", "催收打了我一拳", "催收上来就推搡我", "他们扇我耳光"])
def test_an_unambiguous_blow_is_violence(said):
    assert "violence" in _kinds([said]), said


@pytest.mark.parametrize("said", ["他们没打我", "没有人动手", "他们没有动手", "我没被人打", "他们从来没动手"])
def test_a_negated_act_is_none(said):
    assert "violence" not in _kinds([said]), said


def test_a_negated_insult_is_none_and_a_said_one_is():
    assert "insult" not in _kinds(["他们没骂我"]) and "insult" in _kinds(["他们骂我"])


def test_i2_the_daughters_words_of_despair_are_never_quoted_nor_her_call_an_act():
    text = _text(I2)
    assert "不想活" not in text and "一了百了" not in text, text
    assert "上个月" not in text, text  # the time of her call is no time of the collectors'
    assert "她上个月给我打电话" not in text


def test_i2_bu_ran_jiu_shang_men_is_a_threat_never_a_visit():
    kinds = _kinds(I2)
    assert "visit" not in kinds and kinds.get("visit_threat") == "不然就上门", kinds
    assert "催收人员上门或到我的单位催收" not in _text(I2)


def test_i2_the_demand_that_the_father_pay_is_an_item_and_a_breach_when_he_is_no_guarantor():
    kinds = _kinds(I2)
    assert kinds["demand_pay"] == "要我帮她还", kinds
    text = _text(I2)
    assert "催收人员要求我（不是持卡人）替持卡人还款（“要我帮她还”）。这违反了" in text, text
    # said without 不是担保人: the bank is asked to check
    other = ["我女儿欠了广发的钱 催收一直打我电话 要我帮她还", "帮我写个投诉"]
    assert "替持卡人还款（“要我帮她还”）。请贵行核实" in _text(other), _text(other)


def test_yao_wo_huan_is_a_demand_to_pay_only_when_the_writer_is_not_the_holder():
    assert "demand_pay" in _kinds(["我女儿的信用卡逾期了", "催收说我是紧急联系人要我还"])
    assert "demand_pay" not in _kinds(["催收天天打电话要我还"])


def test_i2_the_writer_contacted_is_listed_from_the_flag():
    found = incident(_norm(I2))
    assert found.writer_contacted and found.contacted == ()
    assert "被联系的其他人：我本人（持卡人是我的女儿）。" in _text(I2)


# ---- I2 #12–#14: the numbers of the complaint shown; a negated act never comes back; 还有上门那条 -------------------

def test_i2_a_numbered_line_is_the_line_of_the_complaint_the_person_saw():
    shown = ["催收骂我是老赖", "还说不还就上门", "帮我写个投诉"]
    # an edit read but never shown (its reply was something else), then 「删掉第一条」: the first line shown goes, only it
    said = shown + ["我没说他们骂我", "投诉书第一条错了 请删掉第一条"]
    assert list(_kinds(shown)) == ["insult", "visit_threat"]
    assert list(_kinds(said, shown=len(shown))) == ["visit_threat"]
    assert list(_kinds(said)) == [], "without the complaint shown, the numbers are today's"


def test_i2_a_negated_sentence_is_never_what_an_addition_means():
    said = I2 + ["你写错了 他们没打我 是一直打我电话",
                 "第一条也不对 他们没来过 只是说不然就上门 还有他们要我替女儿还钱 这个要写上"]
    kinds = _kinds(said)
    assert "violence" not in kinds and "visit" not in kinds, kinds
    assert kinds.get("visit_threat") and kinds.get("demand_pay"), kinds


def test_i2_a_line_named_after_a_delete_goes_too():
    said = ["催收骂我 还说不还就上门 天天打我电话", "帮我写个投诉", "删掉骂我那条 还有上门那条"]
    assert list(_kinds(said)) == ["frequent_calls"], _kinds(said)
    line = edit_line(_norm(said), 2)
    assert "删去“催收人员辱骂、侮辱我”一条" in line and "删去“催收人员说不还钱就要上门”一条" in line, line


def test_deleting_the_visit_said_not_to_have_happened_keeps_the_threat():
    said = ["催收说不还就上门", "昨天他们上门了", "帮我写个投诉", "删掉上门那条 他们没来过"]
    kinds = _kinds(said)
    assert "visit" not in kinds and "visit_threat" in kinds, kinds
    # said again when only the threat is written: it is so already
    assert edit_line(_norm(said + ["删掉上门那条 他们没来过"]), 4) == "投诉书里已经是这样写的，请再核对一遍下面的全文。"


# ---- I5 #5–#6: a threat to call the workplace is a threat; said twice is one entry ------------------------------

def test_i5_a_threat_to_call_the_workplace_is_a_contact_threatened():
    found = incident(_norm(I5))
    kinds = {a.kind: a.quote for a in found.acts}
    assert "third_party" not in kinds and found.contacted == (), kinds
    assert kinds["contact_threat"] == "他还说要打我单位电话"
    text = _text(I5, "招商银行")
    assert "被联系的其他人" not in text and "催收人员扬言要联系持卡人以外的人（“他还说要打我单位电话”）" in text, text
    assert "打单位电话呢" not in text  # a question, not a report


def test_i5_an_entry_said_again_is_written_once():
    account = incident(_norm(I5)).account
    assert "他还说要打我单位电话" in account and "他说要打我单位电话" not in account, account


def test_i5_the_objection_to_a_contact_never_listed_is_already_so():
    line = edit_line(_norm(I5 + ["投诉书里写单位被联系了 但其实他还没打 只是说要打 这样写不对吧"]), len(I5))
    assert line == "投诉书里已经是这样写的，请再核对一遍下面的全文。", line


# ---- J4 #9–#10: calls to his mother that told her of the debt -------------------------------------------------

def test_j4_the_debt_told_to_his_mother_is_an_item_and_her_calls_are_not_his_unanswered_calls():
    found = incident(_norm(J4))
    kinds = {a.kind: a.quote for a in found.acts}
    assert kinds["third_party"] == "催收打我妈电话说我欠钱不还要坐牢", kinds
    assert "frequent_calls" not in kinds and "many_calls" not in kinds, kinds
    assert found.contacted == ("母亲",)
    text = _text(J4, "浦发银行")
    assert "向持卡人以外的人催收或透露欠款（“催收打我妈电话说我欠钱不还要坐牢”）。这违反了" in text, text


def test_j4_what_the_complaint_misses_is_added():
    said = ["催收说我再不还就要坐牢", "帮我写个投诉", "投诉书里没写他们跟我妈说我欠钱的事 这个能加上吗"]
    assert _kinds(said).get("third_party") == "他们跟我妈说我欠钱", _kinds(said)
    line = edit_line(_norm(said), 2)
    assert line.startswith("投诉书已改：加上“向持卡人以外的人催收或透露欠款”一条"), line


@pytest.mark.parametrize("said", ["投诉书里写单位被联系了 但其实他还没打 只是说要打 这样写不对吧",
                                  "投诉书里没写他们跟我妈说我欠钱的事 这个能加上吗",
                                  "那个投诉信里漏了他们发短信的事",
                                  "这个能加到投诉书里吗"])
def test_a_message_naming_the_complaint_and_what_is_wrong_or_missing_is_an_edit(said):
    assert requests(normalize(said)).complaint_edit, said


@pytest.mark.parametrize("said", ["投诉书交到哪里", "我明天先打招行客服投诉", "投诉有用吗"])
def test_a_question_about_complaining_is_no_edit(said):
    assert not requests(normalize(said)).complaint_edit, said


# ---- issue 23: W05 whose name the complaint is in; ask when unsure --------------------------------------------

def test_w05_the_complainant_is_read_from_the_stored_lines():
    w05 = ["我妈妈欠了信用卡 她六十多岁了 我帮她问问", "催收还说要是不还就让她坐牢", "帮我写个投诉"]
    document = complaint_document(incident(_norm(w05)), "交通银行", date(2026, 12, 7)).to_document()
    texts = [document.title] + [b.text for b in document.blocks]
    assert complainant_line(texts) == "投诉书是以您本人的名义写的：投诉人是您，您不是持卡人；持卡人写的是您的母亲。"
    own = complaint_document(incident(["催收说要让我坐牢"]), "交通银行", date(2026, 12, 7)).to_document()
    assert "也就是这张卡的持卡人" in complainant_line([b.text for b in own.blocks])
    assert complainant_line(None).startswith("还没有写投诉书")


@pytest.mark.parametrize("said", ["投诉书里写的是我还是我妈", "投诉人是谁", "投诉书是以谁的名义写的"])
def test_w05_the_question_is_recognised(said):
    assert asks_complainant(normalize(said)) and requests(normalize(said)).complaint_write, said


def test_an_unsure_blow_is_asked_never_written():
    found = incident(_norm(["催收骂我 还打我了", "帮我写个投诉"]))
    assert [a.kind for a in found.acts] == ["insult"], found.acts
    assert found.unsure == ("还打我了",)
    assert unsure_question(found).startswith("您说的“还打我了”，是催收动手打了您，还是打电话？")
    answered = incident(_norm(["催收骂我 还打我了", "帮我写个投诉", "加上：催收动手打了我"]))
    assert "violence" in [a.kind for a in answered.acts] and answered.unsure == ()
    called = incident(_norm(["催收骂我 还打我了", "帮我写个投诉", "是打电话"]))
    assert "violence" not in [a.kind for a in called.acts] and called.unsure == ()


def test_nothing_unsure_asks_nothing_and_a_question_is_no_unsure_act():
    assert unsure_question(incident(["催收骂我"])) is None  # mutmut: the question only when an act is unsure
    assert incident([normalize("我问的是他们打我")]).unsure == ()  # a question to the bot reports nothing
