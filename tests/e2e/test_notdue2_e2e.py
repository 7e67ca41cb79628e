"""notdue2 (issues 19 and 23): persona trial s10 P4 over REST against a real `rasa run` and a real action server, in
her own words. A first-card user, NOT overdue (due in 5 days, statement 6,000, minimum 600, she has 400): 个性化分期
(停息挂账) is never offered to her as the cheaper way; her questions about a figure and her plan to pay the minimum in
two parts change no stored fact and are answered as asked; her instalment follow-ups get the instalment's rule, not
the minimum-payment bubble again."""
from __future__ import annotations

import uuid

from tests.e2e.talk import case, situation

FIRST = "hi 我第一次用信用卡 账单6000 最低还600 但是我手上只有400 还有5天到还款日"


def sender() -> str:
    return f"e2e-notdue2-{uuid.uuid4().hex[:10]}"


def start(bot) -> str:
    s = sender()
    bot.texts(s, FIRST)
    return s


def her_card(bot, s: str) -> tuple:
    card = case(bot, s)["cards"][0]
    return card.get("amount"), card.get("min_payment"), card.get("statement_balance")


def test_no_personal_instalment_offered_to_her(live_bot):
    """P4 #3 (harmful): 「① 个性化分期（停息挂账，假设停息）每月约500，不多付利息」 listed first as the cheaper of two ways."""
    s = start(live_bot)
    reply = live_bot.texts(s, "账单分期和最低还款哪个划算啊 6000分12期大概多少手续费")
    assert "536.00" in reply and "432.00" in reply, reply  # 6,000 × 12 at 0.6 %: the 账单分期 figures
    assert "停息" not in reply and "两种办法" not in reply and "不多付利息" not in reply, reply
    assert "每月约 500.00 元" not in reply, reply
    # she said she is not overdue: still no 停息挂账 as an option for the same question
    live_bot.texts(s, "停息挂账是啥 我没逾期也能申请吗")
    again = live_bot.texts(s, "那分12期每月多少")
    assert "536.00" in again and "假设停息" not in again and "两种办法" not in again, again


def test_her_questions_are_no_new_facts(live_bot):
    """P4 #12, #15–#17: 「已改：每月能还 600→536」「已改：每月能还 536→200」「已改：欠款 6,000→600」."""
    s = start(live_bot)
    before = her_card(live_bot, s)
    assert before[0] is not None and float(before[1]) == 600.0, before
    for question in ("分期的话 每个月536 这536是不是就是我每个月要还的全部了",
                     "好的谢谢 那我先还400 再想办法凑200 在还款日前还上 这样可以吧",
                     "我问的是 在还款日之前分两次还 400和200 可以吗 不是每月能还200",
                     "你还是没回答我 还款日前先还400 过两天再还200 总共600 这样算不算按时还了最低"):
        reply = live_bot.texts(s, question)
        assert "已改" not in reply, (question, reply)
        assert her_card(live_bot, s) == before, (question, her_card(live_bot, s))
        assert situation(live_bot, s).get("monthly_budget") is None, (question, situation(live_bot, s))


def test_two_payments_before_the_due_date_answered_yes(live_bot):
    """P4 #15: she should simply hear yes (600 by the due date is the minimum met; interest still runs)."""
    s = start(live_bot)
    reply = live_bot.texts(s, "好的谢谢 那我先还400 再想办法凑200 在还款日前还上 这样可以吧")
    assert reply.startswith("可以：到期还款日前一共还够最低还款额600.00元（400.00+200.00）"), reply
    assert "利息" in reply and "以领用合约为准" in reply, reply
    assert "30期" not in reply and "停息" not in reply, reply  # no debt plan for someone not overdue (P4 #16)


def test_part_now_or_wait_is_not_which_card_first(live_bot):
    """P4 #7, #8: 「您只告诉了我一张卡…就先还它」 twice."""
    s = start(live_bot)
    for question in ("我现在有400 是先还400还是等凑够600再还",
                     "不是问哪张卡 我就一张卡 我是问手上400块 是现在先还进去 还是等凑够600一起还 有区别吗"):
        reply = live_bot.texts(s, question)
        assert "就先还它" not in reply and "只告诉了我一张卡" not in reply, reply
        assert reply.startswith("没区别：只要到期还款日前一共还够最低还款额600.00元"), reply


def test_what_is_due_after_the_instalment(live_bot):
    """P4 #9–#11, #13: the same 236-character minimum-payment bubble four times."""
    s = start(live_bot)
    live_bot.texts(s, "账单分期和最低还款哪个划算啊 6000分12期大概多少手续费")
    seen = []
    for question in ("分期以后还要还最低还款吗",
                     "我问的是分期以后 那分期的部分还有没有最低还款 你一直回一样的"):
        reply = live_bot.texts(s, question)
        assert reply.startswith("分期的部分没有最低还款：每月按期还分期款"), reply
        assert "536.00" in reply, reply
        assert "通用（默认）的最低还款额" not in reply, reply
        seen.append(reply)
