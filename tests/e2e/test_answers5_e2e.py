"""Independent probes s4 (7 December 2026), findings 3 and 13–17, over REST against a real `rasa run` + action
server: rule questions get the rule (never 「是哪家银行的信用卡？」 first), many unanswered calls get the guideline's
6 calls, the debt posted to 朋友圈 is not allowed, a paid repair application is a scam, 拖5年 keeps the record, and a
daughter's questions about a jail threat and negotiating for her mother are answered."""
from __future__ import annotations

import uuid

import pytest


def sender() -> str:
    return f"e2e-answers5-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("message", ["催收一天给我打了10个电话我都没接 合规吗", "催收一天打了十几个电话 我都没接 这正常吗"])
def test_many_unanswered_calls_get_the_six_calls_and_no_evasion_scare(live_bot, message):
    reply = live_bot.texts(sender(), message)
    assert "不宜超过6次" in reply and "先向银行投诉，再打12378" in reply, reply
    assert "没接电话本身不算逃避催收" in reply and "一直不接可能被看作逃避催收" not in reply, reply


@pytest.mark.parametrize("message, words", [
    ("我还了一部分 银行只对没还的部分算利息吧", "工行通常只对没还的部分计息"),
    ("我还了一部分 剩下的部分怎么算利息 是全额罚息吗", "工行通常只对没还的部分计息"),
    ("账单分期手续费每期0.6% 那年化就是7.2%吧", "年化约13.03%，不是7.2%"),
    ("信用卡取现的利息怎么算 有免息期吗", "取现没有免息期"),
])
def test_rule_questions_get_the_rule_first_not_the_bank_question(live_bot, message, words):
    reply = live_bot.texts(sender(), message)
    assert words in reply, reply
    assert not reply.startswith("是哪家银行") and "我还需要知道欠款金额" not in reply, reply


@pytest.mark.parametrize("message", ["催收说要把我欠钱的事发到我朋友圈 还要群发给我通讯录", "催收说要把我欠钱的事发朋友圈 这违法吗"])
def test_the_debt_posted_to_friends_is_not_allowed(live_bot, message):
    reply = live_bot.texts(sender(), message)
    assert "不得向无关的人透露您的欠款" in reply and "民法典" in reply and "12378" in reply, reply


def test_a_paid_application_for_the_one_off_repair_is_a_scam(live_bot):
    reply = live_bot.texts(sender(), "有个公司说可以帮我申请一次性信用修复 收费500 靠谱吗")
    assert reply.startswith("不靠谱，是骗局") and "免费" in reply, reply


def test_five_years_run_from_settlement(live_bot):
    reply = live_bot.texts(sender(), "听说征信记录5年自动消除 那我拖5年不还是不是就没事了")
    assert "5年是从欠款还清那天起算的" in reply and "随时可以起诉" in reply, reply
    assert "花钱找人删除" not in reply, reply


def test_when_the_bank_sues(live_bot):
    reply = live_bot.texts(sender(), "欠信用卡多久银行会起诉 诉讼时效是几年")
    assert reply.startswith("没有固定的天数：逾期后银行随时可以提起民事诉讼") and "诉讼时效3年" in reply, reply


def test_a_daughter_for_her_mother(live_bot):
    """Probe W05 t1–t6: the jail threat answered (not the night-call rules), negotiating for her mother."""
    s = sender()
    live_bot.texts(s, "我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问")
    live_bot.texts(s, "是交通银行的 欠了一万二左右 逾期半年了")
    threat = live_bot.texts(s, "催收还说要是不还就让她坐牢 她吓得睡不着觉")
    assert "逾期本身不是犯罪" in threat and "夸大法律后果" in threat, threat
    assert "22:00" not in threat, threat
    negotiate = live_bot.texts(s, "我能不能替她跟银行协商 还是要她本人")
    assert "以银行的要求为准" in negotiate and "没有替她还款的义务" in negotiate, negotiate
