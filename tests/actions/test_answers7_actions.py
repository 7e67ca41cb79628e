"""answers7 (ui-s7, widget as two cardholders: A 招行 28,000 / 60 days; B 建行 15,000 + 广发 8,000): the verdict with the
person's own figures first, assumptions said, a confirmation answered, nothing unasked. Trackers carry what the case
hook sets for the turn (bot.nlu.reading.read_turn), as in test_answers6_actions."""
from __future__ import annotations

import pytest

from actions.consequences import ActionAnswerCriminalRisk
from actions.whatif import ActionAnswerWhatIf
from tests.actions.test_answers6_actions import ask, case_after

pytestmark = pytest.mark.asyncio

A = case_after("招行的卡 欠了两万三 逾期快俩月了 利息咋算的", "不对不对 是两万八 我记错了",
               "我工资4500 房租1200 吃饭啥的1500 每个月最多能拿1500还")


# ---- A5/A6: 「会不会坐牢啊 催收说要起诉我 我好怕」 ---------------------------------------------------------------

async def test_a5_criminal_verdict_on_her_figures_first_after_one_line_for_the_fear(make_tracker, dispatcher, domain):
    reply = await ask(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "会不会坐牢啊 催收说要起诉我 我好怕",
                      A, "ask_criminal_risk")
    lines = reply.split("\n")
    assert lines[0] == "听得出您很担心，我们按您的情况一条条看：", reply
    assert lines[1].startswith("会不会坐牢（恶意透支）：") and "目前不符合恶意透支的全部条件" in lines[1], reply
    assert "按您说的本金28,000元，不足5万元" in reply and "逾期60天" in reply, reply  # DOMAIN §4: 5万, >3 months
    assert "是谣言" not in reply, reply  # the myth she did not voice


async def test_no_fear_no_acknowledgement(make_tracker, dispatcher, domain):
    reply = await ask(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, "会不会坐牢啊", A, "ask_criminal_risk")
    assert reply.startswith("会不会坐牢（恶意透支）："), reply


# ---- A8/A18: a monthly amount, with the assumption and the figure with interest running --------------------------

async def test_a8_periods_say_their_assumption_and_the_with_interest_figure(make_tracker, dispatcher, domain):
    """29,576.38 owed today (1,134.68 interest + 441.70 违约金 charged); 1,500 a month, interest 0.05 %/day × 30 billed
    monthly, the 违约金 bucket bearing none → 24 months (ui-s7 A8: 19期 with no word of the assumption)."""
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "要是每个月就还1500 得还多久啊", A,
                      "ask_what_if")
    assert "19期（约1.6年）还清" in reply, reply
    assert "前提是银行同意停息、并减免已产生的利息和违约金约 1,576.38 元" in reply, reply
    assert "按今天应还约 29,576.38 元" in reply and "约24期（约2.0年）还清" in reply, reply


async def test_a18_bank_refusing_to_stop_interest_gets_the_figure_first(make_tracker, dispatcher, domain):
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "要是银行不给停息 每月还1500 要还多久", A,
                      "ask_what_if")
    figure = reply.split("\n")[1]
    assert figure.startswith("利息照算") and "约24期" in figure, reply
    assert "如果银行同意停息、并减免已产生的利息和违约金约 1,576.38 元：19期" in figure, reply


# ---- A17: 「那我就1月1号开始还 对吧」 after the plan ------------------------------------------------------------------

A_PLANNED = case_after("招行欠28000 逾期60天", "我工资4500 房租1200 吃饭啥的1500 每个月最多能拿1500还",
                       "原因是厂里效益不好工资降了 还要养娃")


async def confirm(make_tracker, dispatcher, domain, text, plan_made=True) -> str:
    from actions.plan import ActionDraftRepaymentPlan
    from tests.actions.conftest import opened
    from tests.actions.test_whatif2_actions import hooked, render

    slots = hooked(text, A_PLANNED)
    if plan_made:
        slots["plan_case_id"] = "case-a17"
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(slots, text=text, intent="affirm"), domain)
    return "\n".join(render(domain, m) for m in opened(dispatcher))


def first_date() -> str:
    from actions.common import today
    from actions.plan import plan_for

    start = plan_for(A_PLANNED, {}).start_date
    return f"{start.year}年{start.month}月{start.day}日"


async def test_a17_confirming_the_plans_first_date_gets_yes_with_date_and_amount(make_tracker, dispatcher, domain):
    reply = await confirm(make_tracker, dispatcher, domain, "那我就1月1号开始还 对吧")
    assert reply.startswith(f"对：计划第一期是{first_date()}，还 1,473.68 元"), reply  # 28,000 / 19
    assert "要银行同意才算数" in reply and "您还想了解什么" not in reply, reply


async def test_a17_another_day_gets_no_with_the_plans_date(make_tracker, dispatcher, domain):
    reply = await confirm(make_tracker, dispatcher, domain, "那我15号开始还 对吧")
    assert reply.startswith(f"不是15日：计划第一期是{first_date()}"), reply


async def test_a_tag_question_with_no_plan_made_is_no_plan_confirmation(make_tracker, dispatcher, domain):
    reply = await confirm(make_tracker, dispatcher, domain, "那我就1月1号开始还 对吧", plan_made=False)
    assert "计划第一期" not in reply, reply


# ---- B2: 「违约金一个月收多少」 three months late, two cards; A2: what the annualised cost counts ---------------------

B = case_after("建行欠1万5 还有个广法的8千 都逾期三个月了")


async def test_b2_penalty_says_each_miss_and_the_total_so_far(make_tracker, dispatcher, domain):
    """建设 15,000: 5 % of 1,500, then of the minimums carrying the unpaid ones (3,232.50, 4,960.99) → 75.00, 161.63,
    248.05 = 484.68; 广发 8,000 → 40.00, 86.20, 132.29 = 258.49 (the projection's, as the interest answer's total)."""
    from actions.finance_answers import ActionAnswerPenaltyFee

    reply = await ask(ActionAnswerPenaltyFee(), make_tracker, dispatcher, domain, "违约金一个月收多少", B, "ask_penalty_fee")
    assert reply.startswith("2张卡的违约金到现在合计约743.17元。"), reply
    assert "建设银行：到现在违约金合计约484.68元——逾期90天错过3次还款日，依次约75.00、161.63、248.05元" in reply, reply
    assert "广发银行：到现在违约金合计约258.49元" in reply, reply


async def test_one_missed_due_date_keeps_the_single_figure(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionAnswerPenaltyFee

    case = case_after("招行欠28000 逾期10天")
    reply = await ask(ActionAnswerPenaltyFee(), make_tracker, dispatcher, domain, "违约金多少", case, "ask_penalty_fee")
    assert "每错过一次到期还款日，违约金约140.00元" in reply and "到现在违约金合计" not in reply, reply


async def test_a2_annualised_cost_says_it_holds_the_penalty_and_its_days(make_tracker, dispatcher, domain):
    """(932.07 + 362.83) / 23,000 × 365 / 80 = 25.69 %: the 违约金 is in it, over the 80 days from the posting date."""
    from actions.finance_answers import ActionComputeOverdueInterest

    case = case_after("招行的卡 欠了两万三 逾期快俩月了")
    reply = await ask(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, "利息咋算的", case, "ask_interest")
    assert "利息和违约金合计折合年化成本约25.69%（按记账日到今天约80天折算）" in reply, reply


# ---- B5: 「我要是下个月先还5000 能少多少利息」 with two cards: the what-if alone, no unasked interest block -------------

@pytest.mark.parametrize("intent", ["ask_what_if", "ask_interest"])
async def test_b5_saving_asked_is_the_what_ifs_own_figure(make_tracker, dispatcher, domain, intent):
    from actions.finance_answers import ActionComputeOverdueInterest

    case = case_after("建行欠1万5 还有个广法的8千 都逾期三个月了", "哦不对 不是三个月 四个月了 上上个月开始就没还")
    action = ActionAnswerWhatIf() if intent == "ask_what_if" else ActionComputeOverdueInterest()
    reply = await ask(action, make_tracker, dispatcher, domain, "我要是下个月先还5000 能少多少利息", case, intent)
    assert "先还 5,000.00 元" in reply and reply.count("我记下的情况") == 1, reply
    assert "按各卡所属银行的规则分别估算" not in reply, reply


# ---- A10: the hardship reason said beside a stress remark, in the crisis turn ---------------------------------------

@pytest.mark.parametrize("intent", ["express_distress", "inform"])
async def test_a10_reason_beside_stress_words_is_stored(make_tracker, domain, intent):
    """「厂里效益不好工资降了 还要养娃 压力好大天天睡不着」 answering the reason question: stored (the stress clause left out)
    even when the care answer takes the turn, so that 「继续」 does not ask it again."""
    from actions.case_slots import case_events

    case = case_after("招行欠28000 逾期60天", "我工资4500 房租1200 吃饭啥的1500 每个月最多能拿1500还")
    text = "厂里效益不好工资降了 还要养娃 压力好大天天睡不着"
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()}, text=text, intent=intent,
                           active_loop="plan_form", requested_slot="hardship_reason")
    events = case_events(tracker, domain)
    reason = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "hardship_reason"]
    assert reason == ["厂里效益不好工资降了 还要养娃"], events


async def test_despair_alone_gives_no_reason(make_tracker, domain):
    from actions.case_slots import case_events

    case = case_after("招行欠28000 逾期60天")
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="不想活了", intent="express_distress",
                           active_loop="plan_form", requested_slot="hardship_reason")
    events = case_events(tracker, domain)
    assert not [e for e in events if e.get("event") == "slot" and e.get("name") == "hardship_reason" and e["value"]]


# ---- A14: 「能转人工吗 想找个真人问问 这个申请书银行真的会认吗」 ----------------------------------------------------------

A14 = "能转人工吗 想找个真人问问 这个申请书银行真的会认吗"


@pytest.mark.parametrize("after_distress", [False, True])
async def test_a14_the_question_beside_the_handoff_is_answered(make_tracker, dispatcher, domain, after_distress):
    from actions.handoff import ActionRequestHuman
    from tests.actions.conftest import opened
    from tests.actions.test_care_actions import with_events

    tracker = make_tracker(text=A14, intent="request_human")
    if after_distress:  # A10's care answer came earlier in her conversation
        tracker = with_events(tracker, ("厂里效益不好工资降了 还要养娃 压力好大天天睡不着", "express_distress"))
    await ActionRequestHuman().run(dispatcher, tracker, domain)
    texts = [m.get("text") or "" for m in opened(dispatcher)]
    assert any(t.startswith("不一定：个性化分期是银行“可以”同意") for t in texts), texts
    assert any("H0" in t or "转人工" in t for t in texts), texts
