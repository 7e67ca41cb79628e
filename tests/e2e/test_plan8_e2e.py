"""plan8 over REST against a real `rasa run` and action server (issue 19, facts change only visibly): persona trial s7
L1 #8–#11 (a budget said with its ceiling is a budget, never 建行's judged debt; the debt said again restores it with
「已改」), probe W06 (money the husband gives is income, never an expense), and 「继续吧」 after the plan summary (the
summary again, then 「确认」 drafts the letter; never 「现在没有进行到一半的计算」)."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-plan8-{uuid.uuid4().hex[:12]}"


L1_PLAN = (
    "俺判决是建行那张 三万二 还有一张农行的一万八 逾期四个来月了 还没告 俺现在一个月就挣三千多 在工地干活 你给俺整个计划呗",
    "帮我做还款计划",
    "房租五百 吃饭八百 给俺妈三百 俺儿子那边还得给点 一共得两千来块吧",
)
L1_T10 = "等会儿 建行那张都判了 还能跟建行谈分期不 还是得找法院 还有俺说一千 一千二是最多 别给俺写多了"
L1_T11 = "整错了 建行是三万二 不是一千二 一千二是俺每月最多能拿的钱 你别瞎改 还有判了的那张到底找谁谈"


def test_l1_the_budget_with_its_ceiling_never_becomes_the_judged_debt(live_bot):
    s = sender()
    for text in L1_PLAN:
        live_bot.texts(s, text)
    live_bot.texts(s, "一个月最多一千二")
    summary = live_bot.texts(s, "前年俺干活把腰摔了 躺了半年没收入 后来就还不上了")
    assert "每月能拿出来还款：1,200.00元" in summary, summary
    reply = live_bot.texts(s, L1_T10)
    # L1 #10: 「已改：建设银行欠款 32,000 → 1,200」, a plan of 960 × 20 on 19,200
    assert "→ 1,200" not in reply and "建设银行：欠款32,000.00元" in reply and "合计：50,000.00元" in reply, reply
    assert "已改：每月能还 1,200 → 1,000" in reply and "每月能拿出来还款：1,000.00元" in reply, reply
    reply = live_bot.texts(s, L1_T11)
    assert "建设银行：欠款32,000.00元" in reply and "每月能拿出来还款：1,000.00元" in reply, reply
    assert "已改" not in reply and "每月还1,000.00元，分50期" in reply, reply


def test_l1_the_debt_said_again_restores_the_card_visibly(live_bot):
    s = sender()
    for text in L1_PLAN:
        live_bot.texts(s, text)
    live_bot.texts(s, "一个月能拿出一千吧 最多一千二")
    summary = live_bot.texts(s, "前年俺干活把腰摔了 躺了半年没收入 后来就还不上了")
    assert "每月能拿出来还款：1,000.00元" in summary, summary  # the offer, not the ceiling
    reply = live_bot.texts(s, "建行一千二")  # a slip the person then corrects
    assert "已改：建设银行欠款 32,000 → 1,200" in reply, reply
    reply = live_bot.texts(s, L1_T11)
    assert "已改：建设银行欠款 1,200 → 32,000" in reply and "建设银行：欠款32,000.00元" in reply, reply
    assert "每月能拿出来还款：1,000.00元" in reply and "合计：50,000.00元" in reply, reply


def test_l1_a_bare_figure_far_from_the_bank_is_asked(live_bot):
    s = sender()
    live_bot.texts(s, L1_PLAN[0])
    reply = live_bot.texts(s, "还能跟建行谈分期不 还是得找法院 还有俺说一千")
    assert "您说的1,000元，是建设银行的欠款" in reply and "还是32,000元" in reply and "→ 1,000" not in reply, reply


def test_w06_the_husbands_money_is_income_never_an_expense(live_bot):
    s = sender()
    live_bot.texts(s, "浦发的 欠了五万二 逾期八十天")
    reply = live_bot.texts(s, "我现在没工作了 老公一个月给我一千五生活费")
    assert "月收入1,500元" in reply and "必要支出" not in reply and "逾期30天" not in reply, reply
    live_bot.texts(s, "每个月能还三百")
    reply = live_bot.texts(s, "帮我写申请书")
    assert "每月必要支出大约多少" in reply, reply  # the income is known: the expenses are asked next
    live_bot.texts(s, "支出一千二")
    reply = live_bot.texts(s, "生了二胎 辞职在家带孩子")
    assert "每月收入：1,500.00元" in reply and "每月必要支出：1,200.00元" in reply, reply
    assert "每月能拿出来还款：300.00元" in reply, reply


K1_PLAN = (
    "招行的欠了3万8左右 建行那张1万5吧 还有个广发的 8千 都是上个月开始没还的 差不多40天了",
    "帮我做个还款计划吧 店里现在一个月也就挣6千 家里开销要4千左右 一个月最多拿2千出来",
    "生意不好 旁边开了个大超市 收入少了一半",
)


def test_continue_after_the_summary_shows_it_again_and_confirm_drafts(live_bot):
    s = sender()
    for text in K1_PLAN:
        summary = live_bot.texts(s, text)
    assert "每月还1,967.74元，分31期" in summary and "每月收入：6,000.00元" in summary, summary
    live_bot.texts(s, "会不会上征信")
    reply = live_bot.texts(s, "继续吧")
    assert "现在没有进行到一半的计算" not in reply, reply
    assert "我记下的情况" in reply and "每月还1,967.74元，分31期" in reply, reply
    reply = live_bot.texts(s, "确认")
    assert "还款计划" in reply and "1,967.74" in reply and "申请书" in reply, reply


def test_continue_with_nothing_half_done_says_so(live_bot):
    reply = live_bot.texts(sender(), "继续")
    assert "现在没有进行到一半的计算" in reply, reply
