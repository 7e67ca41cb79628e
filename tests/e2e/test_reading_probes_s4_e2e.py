"""Facts misread in the independent probes s4 (bench/records/2026-12-07/probes-s4: W01, W03, W04, W06, W08, N08,
E01, E02 and the isolating re-runs X01, X02, X05, X06, X13, X14), with the testers' words, over REST against a real
`rasa run` and action server (issue 19 item 2)."""
from __future__ import annotations

import uuid
from tests.e2e.talk import case, situation


def sender() -> str:
    return f"e2e-probes-s4-{uuid.uuid4().hex[:10]}"


def test_w08_a_money_list_is_no_days_and_the_script_names_no_budget_nobody_gave(live_bot):
    """W08 (harmful): 「其它1000」 answered the days question (逾期1000天) and the bank-call script said
    「每月最多能还2,500元…申请分3期、每月还2,000元」 with no budget ever said."""
    s = sender()
    for line in ("我工行的卡昨天是还款日 忘记还了 今天还来得及吗", "账单是6000 最低600", "那我现在马上还6000 是不是就没事了",
                 "我还取了2000现金 那个利息也一样吗", "算了我这个月只能还最低 下个月再还剩下的", "要是以后每个月都只还最低 多久能还完"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "我一个月工资4000 房租1500 其它1000")
    c = case(live_bot, s)
    assert c["cards"][0].get("overdue_days") is None and "1000天" not in reply, reply
    assert (c["situation"]["monthly_income"], c["situation"]["monthly_expenses"]) == ("4000", "2500"), reply
    script = live_bot.texts(s, "能不能跟银行说少还点 打电话怎么说")
    assert "必要开支约2,500元" in script and "每月最多能还＿＿元" in script, script
    assert "2,000" not in script and "分3期" not in script and "1000天" not in script, script
    assert "您每月最多能拿出多少还款" in script, script  # the blank is asked for
    live_bot.texts(s, "每月能还800")
    script = live_bot.texts(s, "打电话给银行怎么说")
    assert "每月最多能还800元" in script and "分8期、每月还750元" in script, script


def test_x14_a_second_child_is_no_income_of_two_yuan(live_bot):
    """W06 / X14 (harmful): 「生了二胎 辞职在家带孩子」 as the answer to the income question → 「我每月收入约2元」."""
    s = sender()
    for line in ("浦发欠52000 逾期80天", "每个月能还300", "帮我写申请书"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "生了二胎 辞职在家带孩子")
    assert situation(live_bot, s).get("monthly_income") is None, reply
    assert "收入" in reply and "2元" not in reply and "2.00" not in reply, reply  # the income is asked again
    script = live_bot.texts(s, "打电话怎么说")
    assert "收入约2元" not in script and "每月收入约＿＿元" in script, script


def test_x01_money_for_the_mother_is_in_the_expenses(live_bot):
    """W01 / X01: 「…还有给我妈八百」 was dropped (支出约2,700 instead of 3,500)."""
    s = sender()
    live_bot.texts(s, "建行欠43000 逾期60天")
    reply = live_bot.texts(s, "我一个月工资五千二房租一千二吃饭一千五还有给我妈八百")
    assert situation(live_bot, s)["monthly_expenses"] == "3500", reply
    assert "每月必要支出3,500元" in reply, reply


def test_x05_x06_san_months_and_the_bosss_arrears(live_bot):
    """W03: 「逾期仨月了」 not stored; 「老板拖欠工资半年了」 became 逾期180天."""
    s = sender()
    live_bot.texts(s, "农行欠28000")
    reply = live_bot.texts(s, "逾期仨月了")
    assert case(live_bot, s)["cards"][0]["overdue_days"] == 90 and "逾期90天" in reply, reply
    reply = live_bot.texts(s, "俺在工地干活 老板拖欠工资半年了")
    assert case(live_bot, s)["cards"][0]["overdue_days"] == 90, reply
    assert "180天" not in reply and "已改" not in reply, reply


def test_w04_a_mortgage_is_an_expense_and_calling_guangfa_gets_the_script(live_bot):
    """W04 / X02: 「房贷2500 生活费2000」 became 「网贷/花呗月供4,500」; 「打电话给广发我该说什么」 was out of scope."""
    s = sender()
    live_bot.texts(s, "广发欠35000 逾期45天")
    reply = live_bot.texts(s, "我工资7000 房贷2500 生活费2000")
    assert situation(live_bot, s)["monthly_expenses"] == "4500" and "网贷" not in reply, reply
    live_bot.texts(s, "每个月能还2000吧")
    script = live_bot.texts(s, "打电话给广发我该说什么")
    assert "不在我能回答的范围" not in script and "广发银行信用卡" in script, script
    assert "必要开支约4,500元" in script and "分18期" in script, script


def test_n08_a_settled_past_debt_is_history_and_the_repair_rule_is_applied(live_bot):
    """N08: 「2023年有一笔逾期1.5万 去年还清了」 was stored as a current card of 15,000 (「记下了：未说银行的卡」)."""
    s = sender()
    reply = live_bot.texts(s, "2023年有一笔逾期1.5万 去年还清了 能用那个一次性信用修复吗")
    assert case(live_bot, s)["cards"] == [] and "记下了" not in reply, reply
    assert "15,000" in reply and "不在一次性信用修复的范围内" in reply and "2030年" in reply, reply


def test_e02_correcting_the_expenses_keeps_the_income(live_bot):
    """E02 t6: 「不对支出是4500不是6500…」 said 「已改：月收入 6,500 → 无」."""
    s = sender()
    for line in ("招行欠四万 浦发欠两万五", "都逾期两个月了", "工资原来九千多 现在降到六千五了", "支出大概四千五"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "不对支出是4500不是6500 我打错了吗 反正是4500")
    assert situation(live_bot, s)["monthly_income"] == "6500" and situation(live_bot, s)["monthly_expenses"] == "4500"
    assert "已改" not in reply and "月收入6,500元" in reply, reply


def test_e01_a_question_is_no_reason_and_a_typed_reason_replaces_it(live_bot):
    """E01: 「申请书里说的是啥 我要签字的吧」 became the reason; 「原因改一下 就是收入低…」 asked for the income."""
    s = sender()
    for line in ("你好", "工行信用卡欠了三万二 逾期40天左右", "我工资5500 房租1500 吃饭什么的1500", "每个月最多能还1500",
                 "帮我写个申请书"):
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "申请书里说的是啥 我要签字的吧")
    assert situation(live_bot, s).get("hardship_reason") is None and "原因" in reply, reply
    assert "签字" in reply and "没太明白" not in reply, reply  # what the letter holds, then the reason question
    reply = live_bot.texts(s, "去年工资降了")
    assert "困难原因" in reply, reply  # the summary before the letter
    reply = live_bot.texts(s, "原因改一下 就是收入低 房租贵 攒不下钱")
    assert situation(live_bot, s)["hardship_reason"] == "收入低 房租贵 攒不下钱", reply
    assert "已改：困难原因" in reply and "每月收入应该是多少" not in reply, reply
    assert "困难原因：收入低，房租贵，攒不下钱" in reply, reply  # the summary again, with the new reason
