"""complaint5 over REST against a real `rasa run` + action server: probes s4 W05 (a daughter's complaint in her own
name) and W03 (a story in 俺 and 媳妇 that the complaint form asked for three times), the complaint downloaded and
read back from its PDF (pdftotext)."""
from __future__ import annotations

import uuid

from tests.e2e.test_docs_e2e import link_in, page_pdf
from tests.e2e.talk import flat

ASK = "请把经过告诉我"
W05 = ["我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问",
       "是交通银行的 欠了一万二左右 逾期半年了",
       "催收天天打她电话 还打到我这里来了 我要替她还吗",
       "催收还说要是不还就让她坐牢 她吓得睡不着觉"]


def sender() -> str:
    return f"e2e-complaint5-{uuid.uuid4().hex[:10]}"


def test_w05_the_threat_names_her_mother_and_the_calls_to_her_are_an_item(live_bot):
    s = sender()
    for line in W05:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "帮我写个投诉 用我自己的名义 投诉他们打我电话")
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "催收人员威胁、恐吓我的母亲（“催收还说要是不还就让她坐牢”）" in pdf, pdf
    assert "威胁、恐吓我（" not in pdf, pdf
    assert "向持卡人以外的人催收或透露欠款（“还打到我这里来了”）" in pdf, pdf
    assert "持卡人是我的母亲" in pdf, pdf


def test_w03_the_story_is_an_answer_and_the_form_writes(live_bot):
    s = sender()
    first = live_bot.texts(s, "帮俺写个投诉 投诉那个催收")
    reply = live_bot.texts(s, "催收打电话说要告俺诈骗 还给俺媳妇打电话把欠钱的事都说了")
    assert ASK not in reply, (first, reply)
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "“催收打电话说要告俺诈骗”" in pdf and "还给俺媳妇打电话" in pdf, pdf
    assert "债务相关第三人" in pdf, pdf  # his wife contacted: checked against the exception (DOMAIN §6)
