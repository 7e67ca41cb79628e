"""complaint3 over REST (and the widget) against a real `rasa run` + action server: the persona trials F3 and E2
(7 December, trials-s4) replayed, the complaint read back from its PDF (pdftotext) and from 「查看全文」."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import requests

from tests.e2e.test_docs_e2e import link_in, page_pdf

FULL = '/request_collection_complaint{"plan_option":"letter"}'
CHECK = "这些内容会以您的名义写进投诉书，请核对"
VISIT = "上门或到我的单位催收"
F3 = ["催收天天打电话 打到我单位去了 还打给我爸妈和我姐",
      "还说要把我欠钱的事发到朋友圈 让所有人都知道 这合法吗",
      "我问的是发朋友圈曝光 这个能告他们吗",
      "昨天晚上11点还打过来 一天打七八个"]
E2 = ["我儿子信用卡欠钱了 催收的天天半夜给我打电话 我又不是欠钱的人 他们凭什么打给我",
      "昨天晚上十一点半打了三个 前天凌晨一点也打 还说要是不还就上门找我 让邻居都知道"]


def sender() -> str:
    return f"e2e-complaint3-{uuid.uuid4().hex[:10]}"


def full_text(bot, s: str) -> str:
    text = bot.texts(s, FULL)
    start = text.find("关于")
    assert start >= 0, text
    return text[start:]


def written(bot, s: str, request: str = "帮我写个投诉") -> tuple[list[dict], str]:
    messages = bot.say(s, request)
    return messages, "\n".join(m.get("text", "") for m in messages)


def test_f3_the_first_complaint_says_only_what_he_said_in_a_few_bubbles(live_bot):
    s = sender()
    for line in F3:
        live_bot.texts(s, line)
    messages, reply = written(live_bot, s)
    # item 6: a link, a short summary with 「查看全文」, the next step — not 14–20 bubbles
    assert len(messages) <= 4 and "投诉书写好了" in reply and CHECK in reply, messages
    assert "关于" not in reply and "第六十八条" not in reply
    pdf = page_pdf(live_bot, link_in(reply), "complaint")
    for text in (pdf, "".join(full_text(live_bot, s).split())):
        assert VISIT not in text and "所属机构" in text and "上门人员" not in text  # item 1: no invented visit
        assert "姐姐" in text  # the sister is contacted too
        assert "威胁将欠款信息发到朋友圈公开" in text and "张贴、群发或公开我的欠款信息" not in text  # item 3
        assert "一天之内反复呼叫" not in text and "催收人员频繁来电" in text  # no 未接通 said: checked, not a breach


def test_f3_edits_a_range_and_a_numbered_line_and_each_says_what_changed(live_bot):
    s = sender()
    for line in F3:
        live_bot.texts(s, line)
    written(live_bot, s)
    reply = live_bot.texts(s, "等下 我数了一下通话记录 其实一天是4到5个 不是七八个 改一下")
    assert reply.startswith("投诉书已改：“一天打七八个”改为“一天打4到5个”"), reply[:120]  # item 4
    text = full_text(live_bot, s)
    assert "一天打4到5个" in text and "一天打5个" not in text and "七八个" not in text
    item3 = next(line for line in text.split("\n") if line.startswith("三、"))
    title = item3[2:item3.index("（")]
    reply = live_bot.texts(s, "第三条删掉 没人上门")  # item 2: by number
    assert "不在我能回答的范围" not in reply
    assert reply.startswith(f"投诉书已改：删去“{title}”一条"), (title, reply[:120])
    assert title not in full_text(live_bot, s)


def test_a_visit_he_takes_back_goes_and_the_line_says_so(live_bot):
    s = sender()
    live_bot.texts(s, "催收到我单位找我了 还打给我爸妈")
    written(live_bot, s)
    assert VISIT in full_text(live_bot, s)
    reply = live_bot.texts(s, "修改投诉书：他们没上门 只是打电话到我单位 把上门那条删了")
    assert reply.startswith("投诉书已改：删去“催收人员上门或到我的单位催收”一条"), reply[:120]  # item 2
    text = full_text(live_bot, s)
    assert VISIT not in text and "只是打电话到我单位" not in text and "向持卡人以外的人催收" in text


def test_e2_a_time_corrected_and_the_neighbours_threat(live_bot):
    s = sender()
    for line in E2:
        live_bot.texts(s, line)
    messages, reply = written(live_bot, s, "我要投诉他们 帮我写个投诉 是平安银行的卡 我儿子叫他们打给他本人他们不听")
    assert len(messages) <= 4 and CHECK in reply, messages
    first = full_text(live_bot, s)
    assert "昨天晚上十一点半" in first and "扬言要把欠款的事告诉他人（“让邻居都知道”）" in first
    reply = live_bot.texts(s, "不对 我说错了 昨天那个是十二点半 不是十一点半")
    assert reply.startswith("投诉书已改：“十一点半”改为“十二点半”"), reply[:120]  # item 5
    text = full_text(live_bot, s)
    # 「昨天」 in the 时间 line as the date it meant: the letter is dated (complaint10, persona trial s9 N2)
    yesterday = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)
    assert f"时间：{yesterday.month}月{yesterday.day}日晚上十二点半" in text, text
    assert "十一点半" not in text and "“昨天晚上十二点半打了三个”" in text
    pdf = page_pdf(live_bot, link_in(reply), "complaint")
    assert "十二点半" in pdf and "十一点半" not in pdf
    again = live_bot.texts(s, "那投诉书里的时间帮我改成十二点半 还有他们说要让邻居都知道 这个也要写上")
    assert again.startswith("投诉书里已经是这样写的"), again[:120]


def test_e2_the_neighbours_threat_added_after_the_complaint(live_bot):
    s = sender()
    live_bot.texts(s, E2[0])
    written(live_bot, s, "帮我写个投诉 是平安银行的卡")
    assert "邻居" not in full_text(live_bot, s)
    reply = live_bot.texts(s, "投诉书里加一条 催收打电话说要让邻居都知道我儿子欠钱")
    assert reply.startswith("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条"), reply[:120]
    assert "扬言要把欠款的事告诉他人（“催收打电话说要让邻居都知道我儿子欠钱”）" in full_text(live_bot, s)


def test_the_widget_gets_the_document_card_with_the_check_line(live_bot):
    s = sender()

    def widget(text: str) -> list[dict]:
        r = requests.post(f"{live_bot.url}/webhooks/widget/webhook", json={"sender": s, "message": text}, timeout=60)
        assert r.status_code == 200
        return r.json()

    for line in F3:
        widget(line)
    messages = widget("帮我写个投诉")
    assert len(messages) <= 4, messages
    card = next(m["custom"] for m in messages if "custom" in m)
    assert CHECK in card["hint"] and card["documents"]
    assert VISIT not in card["letter"] and "威胁将欠款信息发到朋友圈公开" in card["letter"]
    assert "第六十八条" not in "\n".join(m.get("text", "") for m in messages)  # the text is in the card only
