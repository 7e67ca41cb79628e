"""Persona trials s5 (2026-12-07, bench/records/2026-12-07/trials-s5, raw logs /tmp/trials-s5): card questions thrown out
as out of scope, questions with no answer, a question with a correction — over REST against a real `rasa run` and action
server, with the trial's own words."""
from __future__ import annotations

import uuid
from tests.e2e.talk import case

OUT_OF_SCOPE = "不在我能回答的范围"
NOT_UNDERSTOOD = "没能理解"


def sender() -> str:
    return f"e2e-scope5-{uuid.uuid4().hex[:10]}"


# item 1 — H1#2: three card banks with amounts and a 网贷, no word 信用卡

def test_card_banks_with_amounts_and_a_net_loan_get_the_prison_answer_on_the_cards(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我想问下 我有三张信用卡还有个网贷都还不上了 做生意亏了")
    reply = live_bot.texts(s, "招行5万 建行3万 中信两万 还有个网贷4万 都快4个月没还了 会不会坐牢啊 我听人说欠多了是诈骗罪")
    assert OUT_OF_SCOPE not in reply, reply
    assert "3张卡的本金合计100,000.00元" in reply and "不是信用卡欠款" in reply, reply
    assert "冒充" not in reply, reply  # hearsay (「我听人说」), not a collector's threat
    cards = [(c.get("bank"), c.get("amount")) for c in case(live_bot, s)["cards"]]
    assert cards == [("招商银行", "50000"), ("建设银行", "30000"), ("中信银行", "20000")], cards


def test_a_net_loan_alone_stays_out_of_scope(live_bot):
    s = sender()
    assert OUT_OF_SCOPE in live_bot.texts(s, "网贷还不上了怎么办")


# item 2 — H2#1, H2#4, H2#11: the collectors and the school

def test_collectors_telling_the_school_is_answered_as_collection_conduct(live_bot):
    s = sender()
    reply = live_bot.texts(s, "救命 我收到一条短信说要上门还要通知我学校 我是学生 怎么办啊啊啊")
    assert OUT_OF_SCOPE not in reply and "不得透露欠款" in reply, reply
    live_bot.texts(s, "是信用卡啊 交通银行的 我第一张卡 额度8000刷满了 逾期一个多月了")
    reply = live_bot.texts(s, "那通知学校呢 他们能打给我辅导员吗")
    assert OUT_OF_SCOPE not in reply and "学校" in reply, reply
    reply = live_bot.texts(s, "他们真的会去学校吗 我要不要先自己跟辅导员说啊")
    assert NOT_UNDERSTOOD not in reply and "学校" in reply, reply


# item 3 — questions that had no answer (G1, G3, G4, G5, H4, H5)

def test_political_review_is_answered_honestly_every_time(live_bot):
    s = sender()
    live_bot.texts(s, "我有张广发信用卡逾期四个月了 欠款大概六万")
    reply = live_bot.texts(s, "政审呢？？信用卡逾期会不会政审不过")
    assert "没法确定" in reply and "招录单位" in reply, reply
    reply = live_bot.texts(s, "最后一个问题 考公务员政审会查征信吗 逾期会不会被刷掉 你直接告诉我会还是不会")
    assert "没法确定" in reply, reply


def test_a_fathers_overdue_and_his_adult_sons_credit_report(live_bot):
    s = sender()
    live_bot.texts(s, "一张是农行的欠了8300 另一张建行的一万二 都两个多月没还了")
    reply = live_bot.texts(s, "不是上学 我儿子三十多了 是问我逾期会不会连累他征信 他买房贷款会不会受影响")
    assert "持卡人本人的信用报告" in reply and "上学" not in reply, reply


def test_will_the_bank_agree_interest_after_paying_and_from_which_day(live_bot):
    s = sender()
    live_bot.texts(s, "交行信用卡 账单15600 逾期12天")
    reply = live_bot.texts(s, "每月还1000 要多少期 银行会同意吗")
    assert "不是“必须”同意" in reply, reply
    reply = live_bot.texts(s, "我把差的760补上以后 利息是不是还在按一万多算")
    assert "会继续算" in reply and "全部还清" in reply, reply
    reply = live_bot.texts(s, "那利息是咋算的 从哪天开始算的")
    assert "记账日起算" in reply, reply


def test_telling_the_bank_about_the_agency_and_waiving_the_fee(live_bot):
    s = sender()
    live_bot.texts(s, "建行的 欠了4万5 三个月没还了")
    reply = live_bot.texts(s, "那我要跟银行说之前找过中介吗 他们知道了会不会不跟我谈了")
    assert "没法替银行保证" in reply and "如实" in reply, reply
    reply = live_bot.texts(s, "违约金那189能让银行免了吗")
    assert "申请减免违约金" in reply, reply
    reply = live_bot.texts(s, "我是问能不能免 不是问多少")
    assert "减免" in reply and "您还想了解什么" not in reply, reply


# item 4 — a question with a correction under the plan summary (H1#11), a letter asked with its facts (H4#9),
# the call script instead of the letter (G2#20)

def test_a_question_with_a_correction_is_answered_and_the_correction_applied(live_bot):
    s = sender()
    live_bot.texts(s, "招行5万 建行3万 中信两万 快4个月没还了")
    live_bot.texts(s, "我现在月收入大概一万五 开销七八千 每个月能拿出6000")
    live_bot.texts(s, "帮我做还款计划")
    reply = live_bot.texts(s, "疫情后生意一直不好 今年店关了 还欠着供应商的货款")
    reply = live_bot.texts(s, "网贷那4万要不要写上 还有开销我说七八千 按八千算吧")
    assert NOT_UNDERSTOOD not in reply, reply
    assert "全部欠款" in reply, reply  # the question answered
    assert case(live_bot, s)["situation"].get("monthly_expenses") == "8000", reply  # the correction applied
    reply = live_bot.texts(s, "网贷那4万要写进申请书里吗")
    assert NOT_UNDERSTOOD not in reply and OUT_OF_SCOPE not in reply, reply


def test_a_letter_asked_with_its_facts_starts_the_plan(live_bot):
    s = sender()
    live_bot.texts(s, "建行的 欠了4万5 三个月没还了")
    reply = live_bot.texts(s, "行吧 那你帮我写个给建行的申请 我工资6500 房租吃饭加起来4000 每个月能还2000")
    assert NOT_UNDERSTOOD not in reply, reply
    assert "原因" in reply, reply  # the plan form asks the one thing still missing
    situation = case(live_bot, s)["situation"]
    assert (situation.get("monthly_income"), situation.get("monthly_expenses"), situation.get("monthly_budget")) == (
        "6500", "4000", "2000"), situation


def test_the_call_script_asked_for_instead_of_the_letter(live_bot):
    s = sender()
    live_bot.texts(s, "招行卡逾期了 欠三万八千二 逾期一个月了")
    reply = live_bot.texts(s, "确认 但我要的是打电话的话术 不是申请书")
    assert NOT_UNDERSTOOD not in reply and "开头" in reply, reply
