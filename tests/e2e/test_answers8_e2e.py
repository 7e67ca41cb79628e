"""Persona trial s8 (answers8; bench/records/2026-12-07/trials-s8/personas-M.md), over REST against a real `rasa run` +
action server, in the persons' own words. Figures per DOMAIN §1–§3: 中信, minimum 1,800, 900 paid → 900 unpaid × 5 % =
45.00 (中信's floor 20 not reached), 3 grace days (13 → 16); 账单分期 18,000 × 12 at 0.75 % a period → 1,635.00 a
period, 1,620.00 of fee, APR 16.22 % (DOMAIN §5)."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-answers8-{uuid.uuid4().hex[:10]}"


M5_OPEN = "请问 我中信的卡还没逾期 但是5天后就到还款日了 最低还款1800 我只凑得出900 怎么办"
M5_BILL = "账单是1万8 还款日是12月13号"


def test_m5_1_4_5_half_the_minimum_one_penalty_figure(live_bot):
    s = sender()
    first = live_bot.texts(s, M5_OPEN)  # M5 #1: 「可以。按时还上最低还款额…不收违约金」
    assert first.startswith("只还900.00元不够最低还款额1,800.00元，还差900.00元。"), first
    assert "违约金约45.00元（没还上的900.00元×5%）" in first and "会记入征信" in first and "可以。" not in first
    again = live_bot.texts(s, "我是说最低的我都还不够 只能还一半900 那会怎样")  # M5 #2
    assert "违约金约45.00元" in again and "按时还上最低还款额，通常不算逾期" not in again, again
    live_bot.texts(s, M5_BILL)
    fee = live_bot.texts(s, "13号我只还900的话 违约金要多少 会上征信吗")  # M5 #4: 90
    assert "违约金约45.00元" in fee and "90.00" not in fee and "按整笔账单18,000.00元从记账日起算" in fee, fee
    both = live_bot.texts(s, "我会先还900 剩下900还不上 违约金不是应该按900算吗")  # M5 #5: 45 and 90 in one reply
    assert both.startswith("对，按没还上的900.00元算。") and "45.00" in both and "90.00" not in both, both


def test_m5_6_7_the_fee_rate_said_and_said_again(live_bot):
    s = sender()
    live_bot.texts(s, M5_OPEN)
    live_bot.texts(s, M5_BILL)
    compared = live_bot.texts(s, "那我要是办账单分期呢 分12期 跟只还最低比哪个划算 中信分期手续费好像是0.75")
    assert "每期手续费率0.75%：每期还 1,635.00 元，手续费合计 1,620.00 元，真实年化利率约 16.22%" in compared, compared
    assert "0.60%" not in compared and "分期少付约 272.59 元" in compared
    again = live_bot.texts(s, "我说的是0.75不是0.6 按0.75算一下")  # M5 #7: 「没能理解」
    assert "每期手续费率0.75%：每期还 1,635.00 元" in again and "没能理解" not in again, again


def test_m5_10_14_topped_up_seven_days_late(live_bot):
    s = sender()
    live_bot.texts(s, M5_OPEN)
    live_bot.texts(s, M5_BILL)
    waiting = live_bot.texts(s, "好 那等人工的时候再问下 13号还900 剩下900我20号发工资能补上 这样算逾期吗")  # M5 #10
    assert waiting.startswith("20号才补上算逾期：那是到期还款日后第7天，过了中信银行一般的3天容时期"), waiting
    assert "违约金约45.00元" in waiting and "（最晚16号）补上这900.00元" in waiting and "真人客服" not in waiting
    plain = live_bot.texts(s, "13号还900 20号再补900 算不算逾期")  # M5 #12: 「记下了…希望分12期」
    assert plain.startswith("20号才补上算逾期") and "记下了" not in plain, plain
    late = live_bot.texts(s, "晚7天补上最低还款 会不会上征信")  # M5 #13: the minimum-payment explainer
    assert late.startswith("晚7天才补上算逾期") and "会记入征信" in late and "连续12个月只还最低" not in late, late
    grace = live_bot.texts(s, "中信有几天容时 过了还款日几天内还上不算逾期")  # M5 #14: no day count
    assert "中信银行一般有到期还款日后3天的容时期" in grace and "今天补足" not in grace, grace


def test_m3_5_9_far_from_the_court_and_the_paid_agent(live_bot):
    s = sender()
    live_bot.texts(s, "不是公安是律师函短信上说平安银行委托什么律师事务所七日内不还款就向法院起诉这个是真的吗会不会坐牢啊")
    far = live_bot.texts(s, "那要是真起诉了怎么办我要去法院吗我在外地打工回不去老家那边法院")  # M3 #5
    assert far.startswith("真传票要按时应诉") and "12348" in far and "上面已经说过" not in far, far
    agent = live_bot.say(s, "网上有人说找他们帮忙可以停息挂账只还本金收百分之十的服务费靠谱吗")  # M3 #9
    assert agent[0]["text"].startswith("不靠谱，别交钱") and "本人也可能担责" in agent[0]["text"], agent
    assert len(agent) == 1


def test_m4_new_questions_about_the_suit(live_bot):
    s = sender()
    live_bot.texts(s, "我收到法院传票了 广发银行起诉我 欠5万多 下个月开庭 我该怎么办")
    settle = live_bot.say(s, "开庭前能和银行和解吗 开庭要准备什么材料")  # M4 #4
    assert settle[0]["text"].startswith("可以接着和银行谈") and "承办法官" in settle[0]["text"], settle
    assert not any("上面已" in (m.get("text") or "") for m in settle), settle
    mediation = live_bot.texts(s, "法院打电话说可以先调解 调解是啥意思 调解了是不是就不用判了")  # M4 #5
    assert mediation.startswith("调解是在法院主持下") and "和判决一样是生效法律文书" in mediation, mediation
    train = live_bot.say(s, "要是判了我还是还不上 会不会被限高 我每周要坐高铁回老家看孩子 二等座也不行吗")
    assert not any((m.get("text") or "").startswith(("上面已经说过", "您问的这一点")) for m in train), train
    settlement = live_bot.texts(s, "听说判了以后还能执行和解 分期给 这个咋弄 和解了限高能撤吗")  # M4 #9
    assert settlement.startswith("执行和解怎么办、和解后限制消费能不能解除，我没有可靠依据") and "执行法官" in settlement
    deduct = live_bot.texts(s, "判了以后法院会不会直接扣我工资卡里的钱 微信支付宝里的呢")  # M4 #12
    assert "工资卡、微信、支付宝" in deduct and "执行法官" in deduct and "上面已经说过" not in deduct, deduct


def test_m2_11_14_workplace_and_colleagues(live_bot):
    s = sender()
    live_bot.texts(s, "你好 问一下 我老婆信用卡逾期了 催收的打到我单位来了 这合法吗")
    live_bot.texts(s, "他们跟我同事说我老婆欠钱 这个泄露隐私不算违规吗 我能投诉哪")
    police = live_bot.texts(s, "他们要是真跑到我单位来闹 我能直接报警吗")  # M2 #11
    assert police.startswith("能：到单位来闹") and "110" in police and "上面已经说过" not in police, police
    live_bot.texts(s, "说实话她刷的大部分是家里日常开销 孩子补课啥的 那这算不算夫妻共同债务 我是不是也得还")
    colleagues = live_bot.texts(s, "那照这么说 他们打给我 跟我同事说 是不是也就合法了")  # M2 #13/#14
    assert colleagues.startswith("不是：就算钱用在家里") and "透露欠款" in colleagues, colleagues


M1 = [
    "我跑外卖的 三张卡 工行 交行 浦发 都还不上了 交行那张天天打电话",
    "工行欠1万2 交行8600 浦发2万5吧 逾期差不多两个月了",
    "帮我做个还款计划吧 我一个月跑单能挣7000左右 房租吃饭电动车加起来要4500",
    "两千吧 剩下的要寄给老家我妈看病",
]


def test_m1_11_12_an_addition_at_the_summary_and_no_letter_before_confirm(live_bot):
    s = sender()
    for text in M1:
        live_bot.texts(s, text)
    summary = live_bot.texts(s, "去年冬天骑车摔了腿 歇了三个月没收入 卡都是那时候刷的")
    assert "我记下的情况" in summary and "申请书留空白写原因" in summary, summary
    added = live_bot.say(s, "那500我刚说了 是寄回老家给我妈看病的 写上")  # M1 #11: three letters
    text = "\n".join(m.get("text") or "" for m in added)
    assert "已改：困难原因" in text and "另外每月500元寄回老家给我妈看病" in text, text
    assert "申请书已按您确认的情况写好" not in text and not any(m.get("custom") for m in added), added
    assert "另外每月500元寄回老家给我妈看病。" in text and "申请书留空白写原因" not in text  # the gap's reason is said
    heard = live_bot.texts(s, "我还没说确认呢 怎么就生成了 那个原因那里还是空的")  # M1 #12: 「没能理解」
    assert "还没生成：您说“确认”之前不会生成" in heard and "我记下的情况" in heard and "没能理解" not in heard, heard
    letter = live_bot.say(s, "确认")
    assert any(m.get("custom") for m in letter), letter
