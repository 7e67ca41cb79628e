"""complaint4 over REST against a real `rasa run` + action server: the persona trials H2 and G4 (7 December,
trials-s5) replayed, the complaint downloaded and read back from its PDF (pdftotext)."""
from __future__ import annotations

import re
import uuid

from tests.e2e.test_docs_e2e import link_in, page_pdf
from tests.e2e.talk import flat

CHECK = "这些内容会以您的名义写进投诉书，请核对"
NEXT = "投诉书已写好（可整段复制或下载"  # utter_complaint_next: said with the first complaint, not after an edit
H2 = ["救命 我收到一条短信说要上门还要通知我学校 我是学生 怎么办啊啊啊",
      "是信用卡啊 交通银行的 我第一张卡 额度8000刷满了 逾期一个多月了 短信说今天下午就上门 还说通知我们学校辅导员",
      "我是问他说上门 通知学校 这个合法吗 我好怕被同学知道",
      "那通知学校呢 他们能打给我辅导员吗",
      "信用卡催收能不能打电话给我辅导员 他短信里说的"]
G4 = ["我老公的浦发信用卡逾期了 催收天天打我单位电话 同事都知道了 我又不是持卡人 他们凭什么找我",
      "可是那钱是家里装修花的 催收说夫妻共同债务我也得还 是真的吗 他们能打我电话吗",
      "是我老公 不是她 那就算能找我 能打到我单位让同事都知道吗 一天打七八次",
      "他欠浦发四万七 逾期五个月 现在违约金会不会越滚越多 听说有新规定利息加罚息不能超过本金",
      "那他现在连本带息大概要还多少"]


def sender() -> str:
    return f"e2e-complaint4-{uuid.uuid4().hex[:10]}"


def without_links(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


def test_h2_the_school_threat_is_a_point_the_sms_is_an_sms_and_her_question_is_not_the_account(live_bot):
    s = sender()
    for line in H2:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "你能帮我写个投诉吗 我要投诉这个催收 短信我截图了")
    assert "共2项：催收人员扬言要把欠款的事告诉他人；催收人员说要上门" in reply and CHECK in reply, reply
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "一、催收人员扬言要把欠款的事告诉他人" in pdf and "还说通知我们学校辅导员" in pdf, pdf  # item 1
    assert "；短信：" in pdf and "来电/来人" not in pdf and "时间：今天" not in pdf, pdf  # item 1: the SMS
    assert "时间：＿＿＿＿（日期、几点）；" in pdf, pdf  # 「今天下午就上门」 is no time of the SMS (its date neither)
    assert "我是问" not in pdf and "“通知学校”" not in pdf and "那通知学校呢" not in pdf, pdf  # item 2
    # her three edits: each answered in a few words, none with the whole reply again (item 4)
    for edit in ("通知学校那个也要写进去啊 他说要告诉我辅导员 这个才是我最怕的 还有是短信不是打电话",
                 "催收发短信说要通知我学校辅导员", "怎么还是只有上门那条 辅导员那条呢 帮我加上去"):
        again = live_bot.texts(s, edit)
        assert again.startswith("投诉书里已经是这样写的"), again[:120]
        assert "现在共2项" in again and NEXT not in again and len(without_links(again)) <= 160, again


def test_g4_the_boss_told_and_the_slur_in_her_own_voice_and_never_her_question(live_bot):
    s = sender()
    for line in G4:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "今天又有人打我单位座机 跟我们主任说我老公欠钱不还是老赖 还说明天上门到单位来 我要投诉 能帮我写个投诉信吗")
    assert "催收人员辱骂、侮辱我的丈夫" in reply and "向持卡人以外的人催收或透露欠款" in reply, reply
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "那就算能找我" not in pdf, pdf  # item 2: her own question to the bot
    assert "催收人员辱骂、侮辱我的丈夫，是对主任说的（“跟我们主任说我老公欠钱不还是老赖”）" in pdf, pdf  # item 3
    assert "向持卡人以外的人催收或透露欠款（“跟我们主任说我老公欠钱不还是老赖”）" in pdf
    assert "今天又有人打我单位座机" in pdf and "主任" in pdf
    assert "我是贵行信用卡持卡人" not in pdf and "持卡人是我的丈夫" in pdf  # her own voice
    again = live_bot.texts(s, "投诉信不对 “那就算能找我”是我问你的话 不是催收说的 最要紧的是他们跟我们主任说我老公是老赖 这个没写上")
    assert again.startswith("投诉书里已经是这样写的") and NEXT not in again, again[:200]


def test_an_item_added_in_plain_words_is_added_and_the_answer_is_short(live_bot):
    s = sender()
    live_bot.texts(s, "我收到催收短信说要上门")
    first = live_bot.texts(s, "帮我写个投诉")
    assert "共1项：催收人员说要上门" in first, first
    reply = live_bot.texts(s, "催收发短信说要通知我学校辅导员")
    assert reply.startswith("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条"), reply[:160]
    assert "现在共2项" in reply and NEXT not in reply and len(without_links(reply)) <= 200, reply
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "二、催收人员说要上门" in pdf and "催收发短信说要通知我学校辅导员" in pdf, pdf


def test_a_spouse_adds_the_slur_and_it_reaches_the_document(live_bot):
    s = sender()
    live_bot.texts(s, "我老公的浦发信用卡逾期了 催收天天打我单位电话")
    live_bot.texts(s, "帮我写个投诉信")
    reply = live_bot.texts(s, "投诉书加上这件事：催收给我单位主任打电话 透露我老公欠钱 说他是老赖")
    assert reply.startswith("投诉书已改：加上“催收人员辱骂、侮辱我的丈夫”一条"), reply[:160]
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "老赖" in pdf and "主任" in pdf, pdf
