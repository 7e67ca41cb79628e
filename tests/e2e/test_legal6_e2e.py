"""Persona trials s7 (legal6), over REST against a real `rasa run` + action server: questions the bot refused or left
unanswered get an answer — the number in a 「法院已受理」 SMS (K3), a parent's child's school (K3), 高铁 and the
执行法官 for a judged debt, how to check 失信 said honestly, the checklist with the days said (L1), 能报警吗 (L4,
K2), a spouse's own business debt (K2), 付得起吗 after an instalment quote (L2). Facts per DOMAIN §3, §4, §6."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-legal6-{uuid.uuid4().hex[:10]}"


def test_k3_the_court_sms_number_is_answered_every_time(live_bot):
    s = sender()
    live_bot.texts(s, "喂你好我想问一下我今天收到一个短信说是法院的传票说我信用卡欠钱要起诉我我好害怕我会不会坐牢啊我欠的是浦发的")
    first = live_bot.texts(s, "我欠了三万六吧逾期五个月了短信上面说什么案件已受理让我联系一个号码我没敢打我老公还不知道这个事"
                              "我孩子明年要考初中的会不会被查到啊")
    assert first.startswith("先别打短信、来电里给的号码，也别给任何人转账"), first
    assert "12368" in first and "12348" in first and "按时应诉" in first, first
    assert "孩子的学校不会因此知道" in first and "辅导员" not in first, first  # #2: her child's school, a second answer
    assert "不可以随便找您家人" not in first, first  # 「老公还不知道」 is no contact of the family
    out_of_scope = live_bot.texts(s, "短信上的电话要不要打")  # #8: was 「不在我能回答的范围」
    assert "先别打短信、来电里给的号码" in out_of_scope and "12368" in out_of_scope, out_of_scope
    assert "不在我能回答的范围" not in out_of_scope, out_of_scope
    vague = live_bot.texts(s, "你能不能直接说要不要打那个电话我很怕")  # #10: was the menu
    assert "先别打短信、来电里给的号码" in vague and "没能理解" not in vague, vague
    live_bot.texts(s, "转人工")
    waiting = live_bot.texts(s, "那我等人工吧那个短信的电话我到底打不打啊")  # #13: the queue notice alone
    assert "先别打短信、来电里给的号码" in waiting, waiting


def test_k3_a_parent_asking_about_her_childs_school_gets_no_students_advice(live_bot):
    s = sender()
    reply = live_bot.texts(s, "那我要不要打那个短信上的电话啊我不敢打怕是骗子让我转钱我老公知道了会跟我吵架孩子学校会不会知道")
    assert "先别打短信、来电里给的号码" in reply, reply
    assert "孩子的学校不会因此知道" in reply and "公立学校" in reply, reply
    assert "辅导员" not in reply, reply  # #6: advice for a student debtor


def test_l1_a_judged_debtor_gets_trains_the_enforcement_judge_and_the_checklist_with_his_days(live_bot):
    s = sender()
    live_bot.texts(s, "整啥呢 俺这信用卡的事儿闹大了 建行那张给俺告了 法院判完了 啥叫失信被执行人啊 俺是不是成那玩意儿了")
    live_bot.texts(s, "判决书是去年十月份下来的 后来法院又来个执行通知 俺没钱还就没搭理")
    train = live_bot.texts(s, "那俺还能坐火车不 俺下个月得回老家 哈尔滨到齐齐哈尔 坐高铁能行不 还是得坐绿皮车")  # #3
    assert "不在我能回答的范围" not in train and "G字头高铁任何座位都不能坐" in train, train
    assert "二等座" in train and "逾期本身不会被限制消费" not in train, train
    again = live_bot.texts(s, "啥玩意儿 俺法院都执行了 俺是问被执行了还能不能坐高铁")  # #4: said again, answered again
    assert "G字头高铁任何座位都不能坐" in again, again
    live_bot.texts(s, "俺判决是建行那张 三万二 还有一张农行的一万八 逾期四个来月了 还没告")
    judge = live_bot.texts(s, "俺再问一遍 建行那张法院都判了还下了执行通知 这申请书给建行有用吗 还是得去法院找执行法官")  # #14
    assert judge.startswith("判决生效、又下了执行通知") and "执行法官" in judge, judge
    assert "收到传票先核实" not in judge, judge
    check = live_bot.texts(s, "俺咋查俺上没上那个失信名单啊 还有俺俩卡加一块正好五万 会不会给俺抓起来")  # #16
    assert "没有核实过的官方渠道" in check and "执行法院" in check, check
    assert "不知道逾期多久" not in check and "本金合计50,000.00元" in check, check


def test_l4_can_i_call_the_police_is_not_can_i_record(live_bot):
    s = sender()
    live_bot.texts(s, "催收的天天打电话骂我 说我是老赖 还说要去我老家找我爹妈")
    police = live_bot.texts(s, "那我现在能报警吗 他骂我那几回我都录音了")  # #13: was 「可以，也建议这样做：保留录音」
    assert police.startswith("可以报警：") and "110" in police and "带上录音" in police, police
    assert "可以，也建议这样做" not in police, police
    again = live_bot.texts(s, "到底能不能报110")  # #15: the rule said again in one line, with what counts
    assert "可以报警" in again and "辱骂" in again, again


def test_k2_a_threat_to_come_to_the_hospital_can_i_call_the_police(live_bot):
    s = sender()
    live_bot.texts(s, "他欠了交通银行四万多 现在催收天天打电话到我单位 我要帮他还吗")
    reply = live_bot.texts(s, "他们还说要是再不还就来医院找我 这个我能报警吗")  # #7: a yes/no button, then the menu
    assert reply.startswith("可以报警：") and "没能理解" not in reply, reply


def test_k2_a_spouses_own_business_debt_is_answered_yes_no_first(live_bot):
    s = sender()
    live_bot.texts(s, "他欠了交通银行四万多 现在催收天天打电话到我单位 我是在医院上班的 同事都知道了 我要帮他还吗")
    for text in ("他不是担保人 我也不是 但是这钱是他做生意亏的 不是家里用的 那我不用管？",
                 "我是问 他做生意欠的 跟我没关系吧 不是家里用的 我不用还对吧"):
        reply = live_bot.texts(s, text)  # #3, #4: 「好的。您还想了解什么？」 twice
        assert reply.startswith("一般不用您还") and "夫妻共同债务" in reply, reply


def test_l2_can_i_afford_the_instalment_is_answered_from_her_figures(live_bot):
    s = sender()
    live_bot.texts(s, "我欠招商12000 家裡每月給我5000是收入 支出3900")
    reply = live_bot.texts(s, "那APP那個分12期 每期0.6% 我每個月要還多少 付得起嗎 年利率到底多少")  # #10
    assert "付得起：账单分期每月约 1,072.00 元" in reply, reply
    assert "剩 1,100.00 元，付完每月还剩约 28.00 元" in reply and "13.03%" in reply, reply
