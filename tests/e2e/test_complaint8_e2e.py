"""complaint8 over REST against a real `rasa run` + action server, the complaint read back from its PDF (pdftotext):
persona trial s7 L4 (the threat to go to his parents is no contact; his remark about the document is never the evidence;
the insults of the other number stay when the daily caller is said not to insult; 「上周三次」 is no weekday; 「投诉书里已经是
这样写的」 never when the counts he gives are not in it), probe s5 W05 t8 (the mother's 「一天打了二十多个电话」 is added;
「里面没写…帮我加上」 adds it without 「里面」) and W03 (the disclosure to his wife quoted whole)."""
from __future__ import annotations

import re
import uuid

from tests.e2e.test_docs_e2e import page_pdf
from tests.e2e.talk import flat

EDITED = "投诉书已改："
ALREADY = "投诉书里已经是这样写的"
LINK = re.compile(r"(https?://\S+/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)")
L4 = ["催收的天天打电话骂我 说我是老赖 还说要去我老家找我爹妈 还要把我欠钱的事发朋友圈 这合法吗",
      "那他骂我呢 骂的可难听了 还说要去我老家 找我爸妈要钱 我爸妈七十多了 他们能去吗"]
W05 = ["我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问", "是交通银行的 欠了一万二左右 逾期半年了",
       "催收天天打她电话 还打到我这里来了 我要替她还吗", "催收还说要是不还就让她坐牢 她吓得睡不着觉"]


def sender() -> str:
    return f"e2e-complaint8-{uuid.uuid4().hex[:10]}"


def pdf_of(live_bot, reply: str) -> str:
    found = LINK.findall(reply)
    assert len(found) == 1, reply
    return flat(page_pdf(live_bot, found[0], "complaint"))


def test_l4_threat_to_the_parents_the_remark_about_the_document_and_the_other_callers_insults(live_bot):
    s = sender()
    for line in L4:
        live_bot.texts(s, line)
    pdf = pdf_of(live_bot, live_bot.texts(s, "行 那你帮我写投诉吧 是平安银行的卡 催收的人自称是什么什么律所的"))
    assert "催收人员扬言要联系持卡人以外的人（“还说要去我老家找我爹妈”）" in pdf, pdf  # a threat, as said
    assert "被联系的其他人" not in pdf and "向持卡人以外的人催收或透露欠款" not in pdf, pdf  # nobody contacted yet
    # the insulting number is not the daily one: the edit says what it added, never 「已经是这样写的」
    reply = live_bot.texts(s, "还有 骂我那个也不是天天 是上礼拜打了三回电话骂我 天天打电话的是另外一个号 没骂人 你再改改")
    assert reply.startswith(EDITED) and ALREADY not in reply and "是上礼拜打了三回电话骂我" in reply, reply
    reply = live_bot.texts(s, "你说已经改了 可是全文里第一条还是写的天天打电话骂我 不对 骂我的是上周三次 天天打的那个没骂人")
    assert "全文里" not in reply, reply
    text = flat(live_bot.texts(s, '/request_collection_complaint{"plan_option":"letter"}'))
    assert "催收人员辱骂、侮辱我（“说我是老赖”）" in text, text  # the real insult is the evidence
    assert "全文" not in text and "第一条" not in text, text  # his remark about the document is nowhere
    assert "“说我是老赖”" in text and "“骂的可难听了”" in text and "“骂我的是上周三次”" in text, text
    assert "时间：上周三" not in text and "时间：上周" in text, text  # 上周三次: three times, no Wednesday
    # all of it again with the counts: the daily calls now say 七八次 (never 「已经是这样写的」)
    reply = live_bot.texts(s, "那你重新给我写一份投诉吧 就写这几件事 上周有个号码打了三次电话骂我 说我是老赖 还说要去我老家找我爸妈要钱 "
                              "还说要发朋友圈 另一个号码天天打 一天打七八次 对方说自己是什么律师事务所的")
    assert reply.startswith(EDITED) and ALREADY not in reply, reply
    pdf = pdf_of(live_bot, reply)
    assert "催收人员频繁来电（“一天打七八次”）" in pdf and "全文" not in pdf, pdf
    assert "被联系的其他人" not in pdf and "上周三；" not in pdf, pdf


def test_w05_the_mothers_count_of_calls_is_added_not_called_written(live_bot):
    s = sender()
    for line in W05:
        live_bot.texts(s, line)
    first = pdf_of(live_bot, live_bot.texts(s, "帮我写个投诉 用我自己的名义 投诉他们打我电话"))
    assert "二十多个" not in first, first
    reply = live_bot.texts(s, "她说那个人一天打了二十多个电话")
    assert reply.startswith(EDITED) and ALREADY not in reply, reply
    pdf = pdf_of(live_bot, reply)
    assert "催收人员频繁来电（“她说那个人一天打了二十多个电话”）" in pdf, pdf
    # asked again once it is in: now it is true
    assert ALREADY in live_bot.texts(s, "里面没写一天打二十多个电话 帮我加上")


def test_w05_an_added_line_loses_the_words_of_the_instruction(live_bot):
    s = sender()
    for line in W05:
        live_bot.texts(s, line)
    live_bot.texts(s, "帮我写个投诉 用我自己的名义 投诉他们打我电话")
    reply = live_bot.texts(s, "里面没写一天打二十多个电话 帮我加上")
    assert reply.startswith(EDITED) and ALREADY not in reply and "里面一天" not in reply, reply
    pdf = pdf_of(live_bot, reply)
    assert "催收人员频繁来电（“一天打二十多个电话”）" in pdf and "里面" not in pdf, pdf


def test_w03_the_disclosure_to_his_wife_is_quoted_whole(live_bot):
    s = sender()
    for line in ["老铁 俺信用卡逾期了 咋整", "农行的 欠了一万八 不对 是两万八", "逾期仨月了",
                 "俺会不会进去啊 催收说要告俺诈骗", "催收还给俺媳妇打电话 把欠钱的事都说了"]:
        live_bot.texts(s, line)
    pdf = pdf_of(live_bot, live_bot.texts(s, "帮俺写个投诉 投诉那个催收"))
    assert "向持卡人以外的人催收或透露欠款（“催收还给俺媳妇打电话把欠钱的事都说了”）" in pdf, pdf
    assert "催收人员威胁、恐吓我（“催收说要告俺诈骗”）" in pdf, pdf
