"""scripts5 over REST against a real `rasa run` and action server: persona trial s7 K1 and K5 in their own words — the
招行 script of a three-bank plan offers 招行's share (its letter's figure) and answers 「他们要是说不行怎么办」; a cardholder
not overdue yet gets the call before the due date, never 「已经逾期约0天」; 账单分期 on her own 12,000."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-scripts5-{uuid.uuid4().hex[:12]}"


K1_PLAN = (
    "招行的欠了3万8左右 建行那张1万5吧 还有个广发的 8千 都是上个月开始没还的 差不多40天了",
    "帮我做个还款计划吧 店里现在一个月也就挣6千 家里开销要4千左右 一个月最多拿2千出来",
    "2千",
    "生意不好 旁边开了个大超市 收入少了一半",
)


def test_trial_k1_the_zhaohang_script_offers_zhaohangs_share(live_bot):
    s = sender()
    for text in K1_PLAN:
        live_bot.texts(s, text)
    # the summary may still ask for a figure the form missed: the plan is confirmed once it reads 31 × 1,967.74
    reply = live_bot.texts(s, "每月必要支出4000")
    assert "1,967.74" in reply, reply
    reply = live_bot.texts(s, "确认")
    assert "1,967.74" in reply, reply
    reply = live_bot.texts(s, "那我打电话给招行 具体怎么说啊 他们要是说不行怎么办")
    assert "我的招商银行信用卡" in reply and "每月还贵行1,225.81元" in reply, reply
    assert "1,967.74" not in reply, reply  # never the three banks' total offered to 招行 alone
    assert "合计欠款约61,000元" in reply and "建设银行" in reply and "广发银行" in reply, reply
    # the second question: answered after the words
    assert "可以同意也可以拒绝" in reply and "问清不同意的原因" in reply and "12378" in reply, reply
    reply = live_bot.texts(s, "要是招行说不行 不同意分期怎么办")
    assert "问清不同意的原因" in reply or "上面已经说过" in reply, reply
    assert "可以自己免费协商" not in reply, reply  # not the general negotiate text (K1 #13)


def test_trial_k5_not_overdue_gets_the_call_before_the_due_date(live_bot):
    s = sender()
    live_bot.texts(s, "我信用卡还没逾期 但是下个月肯定还不上了 刚被裁员")
    reply = live_bot.texts(s, "农行的卡 账单1万2 下个月15号还款日 我这个月工资是最后一个月了 下个月还不上会怎么样")
    # no days she did not say (K5 #2: 「已改：逾期天数 0天 → 30天」「您逾期30天」), and what missing the due date costs
    assert "您逾期30天" not in reply and "→ 30天" not in reply and "逾期0天" not in reply, reply
    assert "您还没逾期" in reply and "违约金约60元" in reply, reply
    reply = live_bot.texts(s, "我想提前跟银行说一下 怎么说 需要准备什么")
    assert "还没有逾期" in reply and "账单分期" in reply, reply
    assert "信用卡已经逾期" not in reply and "逾期约0天" not in reply and "暂缓" not in reply, reply
    assert "12,000元" in reply and "1,200元" in reply, reply
    assert "农业银行一般有2天容时期" in reply and "违约金约60元" in reply and "以领用合约" in reply, reply
    reply = live_bot.texts(s, "我不要申请书 我就想要个打电话的话术 我还没逾期 提前跟农行说")
    assert "还没有逾期" in reply and "信用卡已经逾期" not in reply and "第七十条" not in reply, reply
    reply = live_bot.texts(s, "15号还款日之前我自己能先做点什么 能申请账单分期吗")
    assert "12,000.00元" in reply and "30,000" not in reply, reply
