"""The s4 probes' rule questions through the real actions (findings 3, 13–17): the rule first, never
「是哪家银行的信用卡？」 or 「我还需要知道欠款金额」 before it; the real domain and catalogue."""
from __future__ import annotations

import pytest

from actions.answers import ActionAnswerTopic
from actions.consequences import ActionAnswerCriminalRisk
from actions.finance_answers import ActionAnswerInstallment, ActionComputeOverdueInterest
from actions.forms import ValidateOverdueForm
from tests.actions.conftest import opened

pytestmark = pytest.mark.asyncio


def render(domain: dict, message: dict) -> str:
    if message.get("text"):
        return message["text"]
    template = next(v for v in domain["responses"][message["response"]] if "channel" not in v)["text"]
    params = {k: v for k, v in message.items() if isinstance(v, (str, int, float))}
    return template.format(**params)


async def say(action, make_tracker, dispatcher, domain, text, intent, **kw) -> list[str]:
    await action.run(dispatcher, make_tracker(text=text, intent=intent, **kw), domain)
    return [render(domain, m) for m in opened(dispatcher)]


@pytest.mark.parametrize("text", ["催收一天给我打了10个电话我都没接 合规吗", "催收一天打了十几个电话 我都没接 这正常吗"])
async def test_many_unanswered_calls_get_the_six_calls_not_evasion(make_tracker, dispatcher, domain, text):
    first = (await say(ActionAnswerTopic(), make_tracker, dispatcher, domain, text, "ask_collection_harassment"))[0]
    assert "不宜超过6次" in first and "没接电话本身不算逃避催收" in first
    assert "一直不接可能被看作逃避催收" not in first


@pytest.mark.parametrize("text, words", [
    ("我还了一部分 银行只对没还的部分算利息吧", "工行通常只对没还的部分计息"),
    ("我还了一部分 剩下的部分怎么算利息 是全额罚息吗", "工行通常只对没还的部分计息"),
    ("信用卡取现的利息怎么算 有免息期吗", "取现没有免息期"),
    ("账单分期手续费每期0.6% 那年化就是7.2%吧", "年化约13.03%，不是7.2%"),
])
async def test_an_interest_rule_question_opens_no_form_question_and_gets_the_rule(make_tracker, dispatcher, domain,
                                                                                 text, words):
    tracker = make_tracker(text=text, intent="ask_interest", active_loop="overdue_form")
    slots = await ValidateOverdueForm().required_slots(["bank", "debt_amount", "overdue_days"], dispatcher, tracker,
                                                       domain)
    assert slots == []  # no 「是哪家银行的信用卡？」 first
    replies = await say(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, text, "ask_interest")
    assert words in replies[0], replies
    assert not any("我还需要知道欠款金额" in r or r.startswith("是哪家银行") for r in replies), replies


async def test_the_instalment_myth_under_the_instalment_intent(make_tracker, dispatcher, domain):
    replies = await say(ActionAnswerInstallment(), make_tracker, dispatcher, domain,
                        "账单分期手续费每期0.6% 那年化就是7.2%吧", "ask_installment")
    assert "年化约13.03%，不是7.2%" in replies[0]


@pytest.mark.parametrize("text, intent, words", [
    ("催收说要把我欠钱的事发到我朋友圈 还要群发给我通讯录", "ask_collection_harassment", "不得向无关的人透露您的欠款"),
    ("催收说要把我欠钱的事发朋友圈 这违法吗", "ask_collection_harassment", "公开曝光"),
    ("有个公司说可以帮我申请一次性信用修复 收费500 靠谱吗", "ask_credit_report", "不靠谱，是骗局"),
    ("有个公司说可以帮我申请一次性信用修复 收费500 靠谱吗", "ask_third_party_agency", "不靠谱，是骗局"),
    ("听说征信记录5年自动消除 那我拖5年不还是不是就没事了", "ask_credit_report", "5年是从欠款还清那天起算的"),
    ("欠信用卡多久银行会起诉 诉讼时效是几年", "ask_lawsuit", "逾期后银行随时可以提起民事诉讼"),
])
async def test_topic_questions_get_their_rule(make_tracker, dispatcher, domain, text, intent, words):
    first = (await say(ActionAnswerTopic(), make_tracker, dispatcher, domain, text, intent))[0]
    assert words in first, first


async def test_a_daughter_gets_the_jail_threat_answered_not_the_night_call_rules(make_tracker, dispatcher, domain):
    replies = await say(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain,
                        "催收还说要是不还就让她坐牢 她吓得睡不着觉", "ask_criminal_risk")
    assert "逾期本身不是犯罪" in replies[0] and "夸大法律后果" in replies[0]
    assert not any("22:00" in r for r in replies), replies


async def test_a_daughter_asking_to_negotiate_for_her_mother(make_tracker, dispatcher, domain):
    first = (await say(ActionAnswerTopic(), make_tracker, dispatcher, domain, "我能不能替她跟银行协商 还是要她本人",
                       "ask_negotiate_plan"))[0]
    assert "以银行的要求为准" in first and "没有替她还款的义务" in first
    assert not first.startswith("可以自己免费协商")  # the generic negotiation text
