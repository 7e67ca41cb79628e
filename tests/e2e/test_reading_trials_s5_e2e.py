"""Facts read from messages of the persona trials s5 of 2026-12-07 (bench/records/2026-12-07/trials-s5, personas G and
H), over REST against a real `rasa run` and action server (issue 19 item 2): each conversation below changed a fact
wrongly, or kept a correction out, on main 4afc33a/b30a5b2."""
from __future__ import annotations

import uuid
from tests.e2e.talk import cards, case, situation


def sender() -> str:
    return f"e2e-trials-s5-{uuid.uuid4().hex[:10]}"


OUT_OF_SCOPE = "不在我能回答的范围"


# H3#5: what is left each month is the budget, and 「怎么办」 is answered

def test_what_is_left_each_month_is_no_days_and_what_to_do_is_answered(live_bot):
    s = sender()
    live_bot.texts(s, "嗯 我知道 我欠招行3万多 快半年没还了 天天打电话 我一个月就挣3500")
    reply = live_bot.texts(s, "那我该怎么办 房租吃饭扣完一个月最多剩800")
    assert cards(live_bot, s) == [("招商银行", "30000", 180)], reply
    assert situation(live_bot, s).get("monthly_budget") == "800", reply
    assert "逾期天数" not in reply and OUT_OF_SCOPE not in reply, reply
    assert "个性化分期" in reply, reply


# H5#2–3: the bot's own 违约金 asked about is no debt; 「不对 我欠的是X」 corrects the debt

def test_the_bots_own_figure_asked_about_is_no_debt(live_bot):
    s = sender()
    reply = live_bot.texts(s, "工行信用卡逾期两个月了 欠12000 利息多少啊")
    assert "合计应还约 12,675.59 元" in reply, reply
    reply = live_bot.texts(s, "等等 合计12675是不是算错了")  # the bot's total of the last reply, questioned
    assert cards(live_bot, s) == [("工商银行", "12000", 60)], reply
    reply = live_bot.texts(s, "违约金怎么这么多 不是说工行封顶500吗 怎么算出来189的")
    assert cards(live_bot, s) == [("工商银行", "12000", 60)], reply
    assert "已改" not in reply and "按欠款189" not in reply, reply


def test_a_plain_correction_of_the_debt_replaces_it(live_bot):
    s = sender()
    live_bot.texts(s, "工行信用卡逾期两个月了 欠189")
    reply = live_bot.texts(s, "不对不对 我欠的是12000 189是你刚算的违约金啊")
    assert cards(live_bot, s) == [("工商银行", "12000", 60)], reply
    assert "已改：欠款 189 → 12,000" in reply, reply


# H1#11: the expenses corrected within the range said

def test_the_expenses_chosen_within_the_range_said_are_stored_and_said(live_bot):
    s = sender()
    live_bot.texts(s, "招行5万 建行3万 中信两万 都快4个月没还了")
    live_bot.texts(s, "我现在月收入大概一万五 开销七八千 每个月能拿出6000")
    reply = live_bot.texts(s, "网贷那4万要不要写上 还有开销我说七八千 按八千算吧")
    assert situation(live_bot, s).get("monthly_expenses") == "8000", reply
    assert "已改：月必要支出 7,000 → 8,000" in reply, reply


# G3#4, #6, #8: the principal said apart, a payment's what-if, a payment not made

def test_the_principal_a_payments_what_if_and_a_payment_not_made(live_bot):
    s = sender()
    live_bot.texts(s, "我有張廣發信用卡逾期四個月了 欠款大概六萬")
    reply = live_bot.texts(s, "我會不會坐牢 六萬裡面本金大概五萬二 其他是利息 銀行打過很多次電話 我都有接")
    assert "按您说的本金52,000元" in reply and "本金60,000" not in reply, reply
    reply = live_bot.texts(s, "我問的是 還了三千本金變成四萬九 是不是就不夠五萬的坐牢標準了")
    assert cards(live_bot, s) == [("广发银行", "60000", 120)], reply
    assert "已改" not in reply and "目前不符合" not in reply, reply
    assert "如果真的先还了3,000.00元：本金约49,000.00元" in reply, reply
    reply = live_bot.texts(s, "你現在記的我欠多少 我說了我還沒還那三千")
    assert cards(live_bot, s) == [("广发银行", "60000", 120)], reply
    assert "已改" not in reply, reply


# G2#12: 顶多 X is the budget, the amount she cannot pay is not; her expenses stay

def test_at_most_is_the_budget_and_the_expenses_stay(live_bot):
    s = sender()
    live_bot.texts(s, "在吗 招行卡逾期了 欠三万八千二 逾期一个月了")
    live_bot.texts(s, "工资到手四千五 房租就要两千")
    live_bot.texts(s, "每月还1500 要还几期")
    reply = live_bot.texts(s, "一个月三千多我还不起 顶多两千 我给招行打电话该怎么说 有没有话术 我一紧张就说不出话")
    assert situation(live_bot, s).get("monthly_budget") == "2000", reply
    assert situation(live_bot, s).get("monthly_expenses") == "2000", reply
    assert "每月能还 1,500 → 2,000" in reply and "→ 3,000" not in reply, reply


# G1#14: a commitment from what is left is no replacement of the expenses

def test_money_for_a_spouses_medicine_from_what_is_left_keeps_the_expenses(live_bot):
    s = sender()
    live_bot.texts(s, "农行8300 建行12000 都两个多月没还了")
    live_bot.texts(s, "我退休金一个月两千八 每个月最多拿得出五百块 吃饭吃药水电 大概一千八")
    reply = live_bot.texts(s, "我刚才说了嘛 剩下的要给老伴看病买药 每个月要五百多")
    assert situation(live_bot, s).get("monthly_expenses") == "1800", reply
    assert "月必要支出 1,800 → 500" not in reply, reply
    assert "500元" in reply and "没能理解" not in reply, reply  # how it was read is said; no menu after it


# G5: the minimum less what was paid; 「重新生成申请书」 keeps the facts

def test_the_minimum_answer_uses_what_is_left_of_it_and_regenerating_keeps_the_facts(live_bot):
    s = sender()
    live_bot.texts(s, "交行信用卡 账单15600 最低还款1560 我11月25号到期那天只还了800 逾期12天了")
    reply = live_bot.texts(s, "只还最低还款 利息还算不算")
    assert "最低还款额约 760.00 元" in reply and "最低还款额约 1,560.00 元才" not in reply, reply
    live_bot.texts(s, "我月收入六千 房租加吃饭四千 每个月最多还一千二")
    before = case(live_bot, s)
    reply = live_bot.texts(s, "重新生成申请书")
    assert "已经清空" not in reply, reply
    assert case(live_bot, s)["cards"] == before["cards"], reply
    assert situation(live_bot, s).get("monthly_budget") == "1200", reply
