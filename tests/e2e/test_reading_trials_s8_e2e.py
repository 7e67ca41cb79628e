"""Facts read from messages of the persona trials s8 of 2026-12-08 (personas M1, M3 and M4), over REST against a real
`rasa run` and action server, in the persons' own words: on main b87a84e 「欠了一屁股债」 made the total 1 元 and a letter
「欠款约人民币1.00元」 to a bank suing for 62,000; 「二等座」 became expenses of 2 元 (「已改：月必要支出 2 → 4,000」); 「本金4万8
加利息违约金一共6万2」 left 「欠5万多」's 50,000 in the recap; the 35 days said of 浦发 went to 交行 too; 「只还本金那三万二」
changed the debt 38,000 → 32,000 and 只还本金 was answered twice with the interest figure."""
from __future__ import annotations

import uuid

from bot import facts as F
from tests.e2e.talk import cards, case


def sender() -> str:
    return f"e2e-trials-s8-{uuid.uuid4().hex[:10]}"


# M4: sued by 广发 (本金4万8, claim 6万2), 招行 1万5; 「欠了一屁股债」 as the hardship reason

def test_a_heap_of_debt_is_no_total_of_one_yuan(live_bot):
    s = sender()
    live_bot.texts(s, "我收到法院传票了 广发银行起诉我 欠5万多 下个月开庭 我该怎么办")
    reply = live_bot.texts(s, "开庭我要准备啥 能不能在开庭前跟银行和解 他们起诉的金额是本金4万8加利息违约金一共6万2")
    got = case(live_bot, s)["cards"]
    assert [(c["bank"], c["amount"], c.get("principal")) for c in got] == [("广发银行", "62000", "48000")], reply
    assert "欠款 50,000 → 62,000" in reply, reply
    live_bot.texts(s, "快一年了 去年十二月开始还不上的")
    reply = live_bot.texts(s, "要是判了我还是还不上 会不会被限高 我每周要坐高铁回老家看孩子 二等座也不行吗")
    assert case(live_bot, s)["situation"].get("monthly_expenses") is None, reply
    live_bot.texts(s, "我还有张招行欠1万5 也半年没还了 两张加起来超过5万了 这样会不会坐牢 催收电话我一直都接")
    reply = live_bot.texts(s, "那帮我写个给广发的和解还款申请吧 我月收入6500 开销4000 每月最多还2000 招行那张也要还")
    assert "已改" not in reply and "广发银行 62,000元（本金48,000元）" in reply, reply
    situation = case(live_bot, s)["situation"]
    assert (situation.get("monthly_income"), situation.get("monthly_expenses"), situation.get("monthly_budget")) \
        == ("6500", "4000", "2000"), reply
    reply = live_bot.texts(s, "帮我做还款计划")
    if "原因" in reply:
        reply = live_bot.texts(s, "前年做生意赔了 欠了一屁股债 现在在工地上干活")
    assert case(live_bot, s).get("declared_total") is None, reply
    assert "合计1元" not in reply and "1.00元" not in reply and "77,000" in reply, reply
    reply = live_bot.texts(s, "确认")
    assert "1.00" not in reply and "77,000.00元" in reply, reply


# M1 #4: 「交行是8600 … 浦发是上个月才开始逾期的 大概35天」: the days are 浦发's only

def test_days_said_beside_one_bank_stay_that_banks(live_bot):
    s = sender()
    live_bot.texts(s, "我跑外卖的 三张卡 工行 交行 浦发 都还不上了 交行那张天天打电话")
    live_bot.texts(s, "工行欠1万2 交行8千多 浦发2万5吧 逾期差不多两个月了")
    assert cards(live_bot, s) == [("工商银行", "12000", 60), ("交通银行", "8000", 60), ("浦发银行", "25000", 60)]
    reply = live_bot.texts(s, "不对 交行是8600 我看错了 浦发是上个月才开始逾期的 大概35天")
    assert cards(live_bot, s) == [("工商银行", "12000", 60), ("交通银行", "8600", 60), ("浦发银行", "25000", 35)], reply
    assert "浦发银行逾期天数 60天 → 35天" in reply and "交通银行逾期天数" not in reply, reply


# M3 #7/#8: 「能不能只还本金」 keeps the debt of 38,000 and gets its answer

def test_only_the_principal_is_answered_and_changes_nothing(live_bot):
    s = sender()
    live_bot.texts(s, "喂你好我想问一下我平安信用卡逾期三个月了今天收到一个短信说是律师函说要起诉我我好害怕")
    live_bot.texts(s, "欠了三万八左右本金大概三万二吧这三个月打了好多电话我都接了的就是没钱还")
    assert cards(live_bot, s) == [("平安银行", "38000", 90)]
    answer = F.first_bubble(F.by_id("principal_only"))
    reply = live_bot.texts(s, "我能不能跟平安说只还本金那三万二利息违约金都不还了有人说可以只还本金")
    assert cards(live_bot, s) == [("平安银行", "38000", 90)], reply
    assert "已改" not in reply and answer in reply, reply
    reply = live_bot.texts(s, "我问的是能不能只还本金不还利息")
    assert "不一定同意" in reply and "和上面算的一样" not in reply, reply
