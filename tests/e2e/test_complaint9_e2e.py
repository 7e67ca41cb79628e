"""complaint9 over REST against a real `rasa run` + action server, the complaint read back from its PDF (pdftotext):
persona trial s8 M2, in his words (a husband; the collectors phoned his company's reception and told his colleagues).
His what-if (「他们要是真跑到我单位来闹」) and his reasoning question (「那照这么说 他们打给我…是不是也就合法了」) never
enter the complaint; the SMS threat to send letters to the property management is added with its date; 上门 is one item;
「删掉“…”这一句」 deletes exactly that sentence (or says it is not there), never his real threat nor 单位 among the
people contacted; 「…那是我假设的 删掉」 is understood; 「上周三是12月2号」 puts the day right."""
from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.test_docs_e2e import page_pdf
from tests.e2e.talk import flat

EDITED = "投诉书已改："
LINK = re.compile(r"(https?://\S+/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)")
THREAT = "催收人员说不还钱就要上门（“还说再不还就去单位找我”）"
M2 = ["你好 问一下 我老婆信用卡逾期了 催收的打到我单位来了 这合法吗",
      "他们打到我们公司前台 说我老婆欠钱不还 让同事转告 同事都知道了 丢死人了",
      "他们跟我同事说我老婆欠钱 这个泄露隐私不算违规吗 我能投诉哪",
      "那我自己的征信会不会受影响 我下半年还想办房贷",
      "怎么才能让他们别再打我单位 我老婆其实每个月都在还一点的 她招行欠了3万多",
      "要是让我老婆跟招行谈个分期 签了协议是不是就不会再打了",
      "/ask_negotiate_plan"]
WRITE = "能帮我写个投诉吗 他们上周三上午打了我们前台三次 还说再不还就去单位找我"
REDATE = "投诉书里那个上周三是12月2号 打了三次你没写上 还有要是他们真跑单位来闹我能直接报警不"
MIDDLE = ["催收12月2号上午往我们公司前台打了三次电话",
          "他们要是真跑到我单位来闹 我能直接报警吗",
          "说实话她刷的大部分是家里日常开销 孩子补课啥的 那这算不算夫妻共同债务 我是不是也得还",
          "那照这么说 他们打给我 跟我同事说 是不是也就合法了",
          "/ask_collection_harassment",
          "还有个事 催收昨天给我发短信说要把她列入黑名单 还要发函到我们小区物业 真的假的",
          "发函到物业这个呢 这个也加到投诉书里 催收12月7号发短信说要发函到我们小区物业"]
DISOWN = "不对 跑单位来闹那是我假设的 他们没来过 删掉 还有物业那个你没加"
DELETE = "删掉“他们要是真跑到我单位来闹”这一句"


def sender() -> str:
    return f"e2e-complaint9-{uuid.uuid4().hex[:10]}"


def pdf_of(live_bot, reply: str) -> str:
    found = LINK.findall(reply)
    assert len(found) == 1, reply
    return flat(page_pdf(live_bot, found[0], "complaint"))


def test_m2_his_what_if_and_question_never_enter_and_a_sentence_not_there_deletes_nothing(live_bot):
    s = sender()
    for line in M2:
        live_bot.texts(s, line)
    pdf = pdf_of(live_bot, live_bot.texts(s, WRITE))
    assert "他们上周三上午打了我们前台三次" in pdf and THREAT in pdf, pdf  # the reception's three calls, the threat
    reply = live_bot.texts(s, REDATE)
    assert reply.startswith(EDITED + "“上周三”改为“12月2号”"), reply  # #9: the edit was refused
    for line in MIDDLE:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, DISOWN)  # #17: the fallback menu
    assert "没能理解" not in reply and "投诉书里没有“跑单位来闹”这一句" in reply and not LINK.search(reply), reply
    reply = live_bot.texts(s, DELETE)  # #18: his real threat and 单位 went
    assert reply.startswith("投诉书里没有“他们要是真跑到我单位来闹”这一句，没有改动") and not LINK.search(reply), reply
    pdf = pdf_of(live_bot, live_bot.texts(s, "帮我写投诉"))
    assert "跑到我单位来闹" not in pdf and "跑单位来闹" not in pdf and "那照这么说" not in pdf, pdf  # #16
    assert "我本人（持卡人是我的妻子）" not in pdf, pdf  # 「他们打给我」 was his question
    assert pdf.count(THREAT) == 1 and "催收人员说要上门" not in pdf and "上门或到我的单位催收" not in pdf, pdf  # once
    assert "催收人员扬言要联系持卡人以外的人（“" in pdf and "催收12月7号发短信说要发函到我们小区物业" in pdf, pdf
    assert "时间：12月7号；" in pdf and "时间：12月2号；" in pdf and "上周三" not in pdf, pdf
    assert "被联系的其他人：单位" in pdf and "同事" in pdf.split("被联系的其他人：")[1].split("。")[0], pdf
    assert "小区物业" not in pdf.split("被联系的其他人：")[1].split("。")[0], pdf  # a letter threatened, none sent


BEFORE = ["我老婆信用卡逾期了 催收的打到我单位来了", "他们跟我同事说我老婆欠钱", "上周五他们派了两个人到我单位来闹"]
BLOCKED = "上周五他们派了两个人到我单位来闹"
BLOCK_ITEM = "催收人员上门堵门、闹事或未经同意进入住所或单位"


@pytest.mark.parametrize("edit", [f"删掉“{BLOCKED}”这一句", f"删掉{BLOCKED}这一句"])
def test_a_sentence_named_by_its_words_goes_alone(live_bot, edit):
    s = sender()
    for line in BEFORE:
        live_bot.texts(s, line)
    pdf = pdf_of(live_bot, live_bot.texts(s, "能帮我写个投诉吗 还说再不还就去单位找我"))
    assert BLOCK_ITEM in pdf and THREAT in pdf, pdf
    reply = live_bot.texts(s, edit)
    assert reply.startswith(EDITED + f"删去“{BLOCK_ITEM}”一条（“{BLOCKED}”）。"), reply
    pdf = pdf_of(live_bot, reply)
    assert BLOCKED not in pdf and BLOCK_ITEM not in pdf, pdf
    assert THREAT in pdf and "被联系的其他人：单位、同事" in pdf, pdf  # the real threat and 单位 stay


def test_m2_the_husband_is_answered_in_his_own_position(live_bot):
    s = sender()
    live_bot.texts(s, M2[0])
    reply = live_bot.texts(s, M2[1])
    assert "不得向同事、单位等其他人透露欠款" in reply and "替他还" not in reply, reply  # #2: the disclosure
    reply = live_bot.texts(s, M2[3])
    assert "担保人或共同借款人" in reply and "也不是担保人" not in reply, reply  # #4: his own 征信
    reply = live_bot.texts(s, M2[4])
    assert "请不要再打到我单位" in reply and "个性化分期协议" in reply, reply  # #5: stop the calls to his work
    live_bot.texts(s, "那照这么说 他们打给我 跟我同事说 是不是也就合法了")
    reply = live_bot.texts(s, "/ask_collection_harassment")  # #14: the button after 「您问的是哪一个」
    assert "不得向同事、单位等其他人透露欠款" in reply, reply
