"""complaint10 over REST against a real `rasa run` + action server, in the persons' own words (persona trial s9).
N2: a daughter, 李娟, complains in her own voice about collectors calling her about her father's card. The complaint,
read back from its PDF (pdftotext): her name as the complainant, exactly one 时间 line (the date it meant, then the
time she put right), none of her instructions in 经过 nor quoted as evidence, the threat aimed at her. Then her
questions about a suit over her father's card: answered for the holder, never 「您」 as the defendant nor 「没能理解」.
N1: at the plan summary after the letter, 「申请书那句原因能改下不 改成：…」 applies the new words (已改), and the
new letter (PDF) carries them."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import facts as F
from tests.e2e.test_docs_e2e import page_pdf

LINK = re.compile(r"(https?://\S+/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)")
EDITED = "投诉书已改："
N2 = ["您好 我想问下我爸的信用卡的事 他70了 农行的卡逾期4个月了 现在催收天天打我电话",
      "可是我是他女儿啊 他年纪大了不会弄手机 我能不能帮他还 会不会影响我自己的征信",
      "是我爸 。。。 他退休金2800 一个月最多能还800 欠了大概两万三",
      "催收的昨天晚上11点还打我电话 说再不还就去我单位找我 还说要让我爸坐牢 这合法吗"]
WRITE = "他们说的让我爸坐牢这种话是不是吓唬人 我想投诉他们 你帮我写个投诉 用我自己的名义 我叫李娟"
FIX_7 = "投诉书里投诉人没写我名字啊 我叫李娟 还有那个昨天晚上11点 应该是12月7号晚上11点"
FIX_8 = "不对 你改错了 时间那里变成两个了 我要的是投诉人写李娟 时间写12月7日23点左右 那个昨天删掉"
SUED = "算了 最后问下 我爸这个两万三会被起诉吗 我需要去法院吗"
WHO_GOES = "我是说我爸 他是持卡人 我不是 是他要去法院还是我去 他腿脚不方便"
STAND_IN = "传票是寄给我爸的 他70岁腿不好 能不能我替他去 要带啥"
PROXY = "我是问 我爸的官司 我能不能代他出庭"
INSTRUCTIONS = ("应该是", "时间写", "还有那个", "我叫", "改错了", "变成两个", "删掉", "投诉人写", "没写我名字")


def sender(name: str) -> str:
    return f"e2e-complaint10-{name}-{uuid.uuid4().hex[:8]}"


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_of(live_bot, reply: str) -> str:
    found = LINK.findall(reply)
    assert len(found) == 1, reply
    return flat(page_pdf(live_bot, found[0], "complaint"))


def body(pdf: str) -> str:
    """The complaint below its header line (投诉人：…) and above the signature."""
    return pdf.split("信用卡：农业银行。", 1)[1].split("投诉人（签名）")[0]


def test_n2_the_complaint_names_her_has_one_time_and_none_of_her_instructions(live_bot):
    s = sender("n2")
    for line in N2:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, WRITE)
    pdf = pdf_of(live_bot, reply)
    yesterday = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)
    assert "投诉人：李娟（持卡人的家属）" in pdf, pdf  # #6: the name she gave with the request
    assert pdf.count("时间：") == 1 and f"时间：{yesterday.month}月{yesterday.day}日晚上11点；" in pdf, pdf  # a dated letter
    assert "催收人员拿我的父亲威胁、恐吓我（“还说要让我爸坐牢”）" in pdf and "威胁、恐吓我的父亲" not in pdf, pdf
    assert "拿我的父亲威胁、恐吓我" in reply, reply  # the summary names the act as the PDF does

    reply = live_bot.texts(s, FIX_7)
    assert reply.startswith(EDITED + "“昨天晚上11点”改为“12月7号晚上11点”"), reply
    pdf = pdf_of(live_bot, reply)
    assert "投诉人：李娟（持卡人的家属）" in pdf and pdf.count("时间：") == 1 and "时间：12月7号晚上11点；" in pdf, pdf
    assert not [w for w in INSTRUCTIONS if w in body(pdf)], pdf

    reply = live_bot.texts(s, FIX_8)
    assert reply.startswith(EDITED + "“12月7号晚上11点”改为“12月7日23点左右”"), reply
    pdf = pdf_of(live_bot, reply)
    assert "投诉人：李娟（持卡人的家属）" in pdf, pdf
    assert pdf.count("时间：") == 1 and "时间：12月7日23点左右；" in pdf and "昨天" not in pdf, pdf
    account = pdf.split("经过（我的记录）：")[1].split("一、")[0]
    assert account == "“现在催收天天打我电话”“催收的12月7日23点左右还打我电话”“说再不还就去我单位找我”“还说要让我爸坐牢”", pdf
    assert not [w for w in INSTRUCTIONS if w in body(pdf)], pdf
    assert "三、在晚上10点至早上8点之间催收（“催收的12月7日23点左右还打我电话”）" in pdf, pdf


def test_n2_a_suit_over_her_fathers_card_is_his(live_bot):
    s = sender("n2-suit")
    for line in [*N2, WRITE]:
        live_bot.texts(s, line)
    lawsuit = F.by_id("relative_lawsuit").short
    proxy = F.by_id("relative_court_proxy").short
    reply = live_bot.texts(s, SUED)  # #9: 「真传票要按时应诉：应诉时您可以…」, 「会被起诉吗」 unanswered
    assert lawsuit[:20] in reply and "应诉时您可以" not in reply and "没能理解" not in reply, reply
    key = proxy.split("。")[0]  # who decides whether a relative may stand in for him: the court, 12348
    for said in (WHO_GOES, STAND_IN, PROXY):  # #10–#12: the generic text, then 「没能理解」 twice
        reply = live_bot.texts(s, said)
        # asked again in other words, it may say 「上面已经说过」, but with the answer itself
        assert key in reply and "没能理解" not in reply and "应诉时您可以" not in reply, (said, reply)


N1 = ["你好 我有两张卡逾期了 招行和中信的 咋办啊",
      "不是 我想问怎么还 招行欠了三万多 中信那张一万二左右",
      "等下 招行不是三万 我看了下账单是35800 中信12000对的 我开个小店 一个月能拿出来大概2500",
      "招行欠35800啊 你写错了 不是三万",
      "帮我做还款计划 两张卡一起的",
      "店里好的时候一万出头 差的时候七八千 就算9000吧",
      "房租3000 孩子上学一千五 吃饭啥的两千 差不多6500",
      "疫情后生意一直不好 今年旁边开了个大超市 营业额掉了一半"]
N1_EDIT = "申请书里那句原因能改下不 改成：我在小区开小卖部，今年旁边开了大超市，营业额掉了一半，收入不稳定"
N1_NEW = "我在小区开小卖部，今年旁边开了大超市，营业额掉了一半，收入不稳定"


def test_n1_the_reason_edit_with_its_new_words_is_applied(live_bot):
    s = sender("n1")
    for line in N1:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "确认")
    assert LINK.search(reply), reply
    reply = live_bot.texts(s, N1_EDIT)  # #10: the old reason shown again
    assert "已改" in reply and f"困难原因：{N1_NEW}" in reply, reply
    assert "困难原因：疫情后生意一直不好" not in reply, reply
    reply = live_bot.texts(s, "确认")
    letter = flat(page_pdf(live_bot, LINK.search(reply).group(1), "letter-0"))
    assert flat(N1_NEW) in letter and "疫情后生意一直不好" not in letter, letter
