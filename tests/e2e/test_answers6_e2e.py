"""Persona trials s6 (answers6), over REST against a real `rasa run` + action server: the money answers say the grace
rule once and compute from it (I3), a monthly amount is priced with interest running (I1), paying only the minimum
is no overdue (J5), and a default on a signed 个性化分期 has its own answer (J2). Figures per DOMAIN §1–§2 at the
default 0.05 %/day."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-answers6-{uuid.uuid4().hex[:10]}"


def test_i3_partial_minimum_within_grace_is_answered_consistently(live_bot):
    """交行 12,000, minimum 1,200, 500 paid on the due date, day 3 of 3 grace days."""
    s = sender()
    first = live_bot.texts(s, "交行信用卡 账单12000 最低还款1200 我到期那天只还了500 现在还要还多少")
    assert first.startswith("先补足 700.00 元") and "逾期多少天" not in first, first  # #1: no day count needed
    live_bot.texts(s, "逾期3天 今天是还款日后第三天")
    either = live_bot.texts(s, "我问的是我现在到底要还多少钱 最低1200我已经还了500 剩下的是还700就行还是要全还11500")
    assert either.startswith("今天补足 700.00 元就行") and "我不太确定您问的是哪一个" not in either, either  # #3
    assert "不收违约金" in either and "违约金约" not in either, either
    fee = live_bot.texts(s, "你刚才说3天内还清不算逾期 现在又说有违约金35 到底哪个对")  # #5: one rule
    assert "今天补足未还的最低还款 700.00 元，通常不收违约金" in fee and "这次到期违约金约35.00元" not in fee, fee
    grace = live_bot.texts(s, "我是说今天还在3天宽限期里 我今天把700补上 还收不收违约金 上不上征信")  # #6: one block
    assert "通常视同按时还款：不收违约金、征信不记逾期" in grace, grace
    assert "违约金约" not in grace and "记入征信" not in grace, grace
    interest = live_bot.texts(s, "算了 我今天就先补700 那以后利息怎么算 大概多少")  # #7: never 0.00
    assert "下期账单利息约 180.45 元" in interest and "约 0.00 元" not in interest, interest
    five = live_bot.texts(s, "要是我先还五千呢 利息能少多少")  # #8: 5,000 × 0.05 % × 30
    assert "利息约少 75.00 元" in five and "129.90" not in five and "违约金约少" not in five, five


def test_i1_monthly_amount_with_interest_running(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠18000 建行欠9000 招行逾期40天了 建行逾期20天")
    reply = live_bot.texts(s, "我是问 如果利息照算 每个月还1000 要还多久才能还完")
    # what the cards have charged stays owed with interest running (ui-s7 A8): 28,053.63 → 37期
    assert "利息照算" in reply and "约37期" in reply and "共付利息约 8,619.63 元" in reply, reply
    assert "如果银行同意停息、并减免已产生的利息和违约金约 1,053.63 元：27期" in reply, reply
    refused = live_bot.texts(s, "要是银行不同意停息 那我每个月1000够不够")
    assert "约37期" in refused, refused


def test_j5_paying_only_the_minimum_is_no_overdue(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我是退休的 退休金每月2600 中行信用卡欠了一万二 最低还款是多少")
    enough = live_bot.texts(s, "那我每个月只还最低行不行 够不够")  # #2: no days asked
    assert "逾期多少天" not in enough and "按时还上最低还款额，通常不算逾期" in enough, enough
    live_bot.texts(s, "我没逾期 就是想问每月只还最低还款 以后会不会有事")
    month = live_bot.texts(s, "利息是怎么算的 一万二一个月利息多少钱")  # #8: 12,000×20 + 10,800×11 at 0.05 %
    assert "下期账单利息约 179.40 元" in month and "约 0.00 元" not in month, month
    minimum = live_bot.texts(s, "我是说如果只还最低 一个月利息多少")  # #9: 「一个月」 is no overdue
    assert "第一个月利息约 179.40 元" in minimum, minimum
    assert "如果逾期" not in minimum and "已经逾期" not in minimum and "违约金约" not in minimum, minimum
    live_bot.texts(s, "转人工")
    waiting = live_bot.texts(s, "好 那我等人工 只还最低的话征信会不会不好看")  # #11: answered beside the wait
    assert "征信一般显示正常（N）" in waiting, waiting


def test_j2_default_on_a_signed_plan(live_bot):
    s = sender()
    live_bot.texts(s, "我老公失業了 家裡就靠我一個人 建行卡欠了八萬多 已經逾期三個月")
    once = live_bot.texts(s, "如果簽了協議 中間有一個月還不上怎麼辦")
    assert once.startswith("一般算您违约") and "还款日之前就打卡背面的客服电话" in once, once
    again = live_bot.texts(s, "簽了個性化分期協議後 違約了會怎樣")
    assert "一般算您违约" in again and "征信还款状态" not in again, again
