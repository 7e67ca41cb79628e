"""Persona trials s6 (2026-12-07, bench/records/2026-12-07/trials-s6): which question gets which answer — card facts with
花呗 named beside them, a monthly budget over several cards, a jail question dropped for the school answer, a workplace
threat told with the facts, a follow-up to the 坐牢 checklist, a question asked while waiting for a person — over REST
against a real `rasa run` and action server, with the trials' own words."""
from __future__ import annotations

import uuid
from tests.e2e.talk import case

OUT_OF_SCOPE = "不在我能回答的范围"
NOT_UNDERSTOOD = "没能理解"
SAID_ABOVE = "上面已经说过"
SCHOOL = "逾期本身不会让孩子不能上学"
CHECKLIST = "会不会坐牢（恶意透支）"


def sender() -> str:
    return f"e2e-scope6-{uuid.uuid4().hex[:10]}"


def j1_cards(bot, s: str) -> None:
    bot.texts(s, "招行欠了5万2 逾期快两个月了")
    bot.texts(s, "还有交行 两万八 逾期一个月左右")
    bot.texts(s, "广发 一万五 平安2万3 都是逾期一个多月")


# J1 #5/#6: the cards' figures with 花呗 named beside them are card facts; 花呗 is no card

def test_card_facts_with_huabei_beside_them_are_no_out_of_scope(live_bot):
    s = sender()
    j1_cards(live_bot, s)
    reply = live_bot.texts(s, "一共四张卡 大概16万 还有花呗欠了1万2")
    assert OUT_OF_SCOPE not in reply and NOT_UNDERSTOOD not in reply, reply
    assert "不是信用卡欠款" in reply and "12,000元" in reply, reply
    reply = live_bot.texts(s, "我是说四张信用卡加起来16万左右 花呗是另外的")
    assert OUT_OF_SCOPE not in reply and NOT_UNDERSTOOD not in reply, reply
    banks = [c.get("bank") for c in case(live_bot, s)["cards"]]
    assert banks == ["招商银行", "交通银行", "广发银行", "平安银行"], banks  # 花呗 is never a card


def test_huabei_alone_stays_out_of_scope(live_bot):
    s = sender()
    assert OUT_OF_SCOPE in live_bot.texts(s, "花呗逾期了怎么办")


# J1 #16: the monthly 花呗 payment, the answer to the plan's own question, is kept off the budget

def test_a_monthly_huabei_payment_in_the_plan_is_a_fact_not_out_of_scope(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了5万2 逾期快两个月了")
    live_bot.texts(s, "帮我做还款计划 每月能还4000")
    live_bot.texts(s, "月薪9千")
    live_bot.texts(s, "房租1500 吃饭交通2000")
    live_bot.texts(s, "之前做生意亏了 现在上班工资不够还")
    reply = live_bot.texts(s, "还有花呗每月要还1000多 剩下的留着应急")
    assert OUT_OF_SCOPE not in reply, reply
    assert "1,000元" in reply and "另一笔债的月供" in reply, reply
    assert case(live_bot, s)["situation"].get("other_debt_payment") == "1000"
    assert [c.get("bank") for c in case(live_bot, s)["cards"]] == ["招商银行"]


# J1 #10/#11: a monthly budget over several cards

def test_how_to_split_a_budget_over_several_cards_is_answered(live_bot):
    s = sender()
    j1_cards(live_bot, s)
    for message in ("那其他三张不管了吗 4000怎么分", "不是 我是说每月4000 四张卡怎么分着还", "三张卡都得谈吗"):
        reply = live_bot.texts(s, message)
        assert "分别跟各家银行谈" in reply or SAID_ABOVE in reply, (message, reply)
        assert "账单分期" not in reply and NOT_UNDERSTOOD not in reply, (message, reply)


# I4 #3/#5/#6/#7 (the 四川 rider): the jail question asked three times

def test_the_jail_question_is_answered_beside_the_school_question(live_bot):
    s = sender()
    live_bot.texts(s, "老乡问一哈 我欠了信用卡六万多块钱 两张卡 好几个月没还了 会不会坐牢哦")
    live_bot.texts(s, "一张是农行的欠了三万五 另一张是邮储的两万八 都是本金 已经五个月没还了 催收打过好多次电话")
    reply = live_bot.texts(s, "那我到底会不会坐牢嘛 我娃娃明年上小学 我征信不好会不会影响娃娃读书")
    assert CHECKLIST in reply and SCHOOL in reply, reply
    assert reply.index(CHECKLIST) < reply.index(SCHOOL), reply  # asked first, answered first
    reply = live_bot.texts(s, "那我要咋个做才不会被抓嘛 我跑外卖一个月挣六七千 房租一千二 娃娃上学要钱")
    assert "不换号" in reply and "不是保证" in reply, reply
    assert SCHOOL not in reply and SAID_ABOVE not in reply, reply
    reply = live_bot.texts(s, "我问的是怎么才不会被抓 不是娃娃上学")
    assert "不换号" in reply and SCHOOL not in reply and SAID_ABOVE not in reply, reply
    reply = live_bot.texts(s, "要是我每个月先还两千 还会不会被抓")
    assert "按月还一部分" in reply and "不能保证" in reply, reply


# I5 #2/#3: a workplace threat told with the facts, then asked beside the 朋友圈 threat

def test_a_workplace_threat_told_with_the_facts_is_answered(live_bot):
    s = sender()
    live_bot.texts(s, "催收说我再不还就把我欠钱的事发到我朋友圈 发给我所有好友 他们能这样吗")
    reply = live_bot.texts(s, "是招商的 欠了两万三 逾期快三个月了 他还说要打我单位电话")
    assert "只有联系不上您时才可以联系第三人" in reply, reply
    assert [c.get("bank") for c in case(live_bot, s)["cards"]] == ["招商银行"]


def test_two_threats_in_one_question_get_the_new_answer(live_bot):
    s = sender()
    live_bot.texts(s, "催收说我再不还就把我欠钱的事发到我朋友圈 发给我所有好友 他们能这样吗")
    reply = live_bot.texts(s, "他说要打我单位电话 还说要发朋友圈 这两个都不合法吧")
    assert "只有联系不上您时才可以联系第三人" in reply, reply


# J3 #7: facts right after the 坐牢 checklist answer it

def test_facts_after_the_jail_checklist_are_answered_with_the_checklist(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我现在一个月就挣3000 欠了广发4万多 会不会被抓")
    assert "本金5万元以上" in reply, reply
    reply = live_bot.texts(s, "逾期5个月了 催收打了好多次电话")
    assert "本金5万元以上" in reply, reply


# J5 #11: a question asked while waiting for a person

def test_a_question_asked_with_the_wait_for_a_person_is_answered(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我是退休的 退休金每月2600 中行信用卡欠了一万二 最低还款是多少")
    live_bot.texts(s, "我看不懂 你们有没有人工 转人工")
    reply = live_bot.texts(s, "好 那我等人工 只还最低的话征信会不会不好看")
    assert "排队" in reply, reply
    assert "N" in reply or "征信" in reply.split("排队", 1)[1], reply
