"""What-if, recap, compound and correction actions: the real domain, real finance engine; every slot the
actions read gets a distinct value and its effect is checked."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rasa_sdk import Tracker

from actions import texts as x
from actions.consequences import ActionAnswerCriminalRisk, ActionExplainConsequences
from actions.finance_answers import (
    ActionAnswerInstallment,
    ActionAnswerMinPayment,
    ActionAnswerPenaltyFee,
    ActionComputeOverdueInterest,
)
from actions.whatif import ActionAnswerWhatIf, ActionAskCorrection
from bot import finance, whatif
from bot.whatif import CardFacts
from tests.actions.conftest import opened

pytestmark = pytest.mark.asyncio
D = Decimal
BASE = {"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0}
TWO_CARDS = {
    "case": {"cards": [{"bank": "招商银行", "amount": "25000", "overdue_days": 45},
                       {"bank": "广发银行", "amount": "30000", "overdue_days": 100}]},
    "bank": "招商银行、广发银行", "debt_amount": 55000.0, "overdue_days": 100.0,
}


def render(domain: dict, message: dict) -> str:
    """The first (non-channel) text of the message's response, filled with its parameters."""
    template = next(v for v in domain["responses"][message["response"]] if "channel" not in v)["text"]
    params = {k: v for k, v in message.items() if isinstance(v, (str, int, float))}
    return template.format(**params)


def all_text(domain: dict, dispatcher) -> str:
    return "\n".join(render(domain, m) for m in opened(dispatcher))


async def run(action, make_tracker, dispatcher, domain, slots, text, intent="ask_what_if", **kw):
    await action.run(dispatcher, make_tracker(slots, text=text, intent=intent, **kw), domain)
    return all_text(domain, dispatcher)


def yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


# ---- each what-if of issue 11, checked against the engine ----------------------------------------------

async def test_pay_later_next_month(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "拖到下个月会多多少")
    expected = whatif.pay_later(CardFacts("招商银行", D(25000), 45), 30)
    first = render(domain, opened(dispatcher)[0])
    assert first.startswith("我记下的情况：招商银行 25,000.00元 逾期45天。")
    assert f"多付约 {yuan(expected.extra_total)} 元" in first and "“2”变成“3”" in first
    # the assumptions behind 「详细」 (care4): one bubble sent, the button opens the rest
    assert [b["title"] for b in opened(dispatcher)[0]["buttons"]] == ["改银行", "改欠款", "改天数", "详细"]
    assert len(dispatcher.messages) == 1
    assert "计算假设" in text and "万分之五" in text


@pytest.mark.parametrize("slot, value, changed", [
    ("overdue_days", 60.0, ("招商银行", D(25000), 60)),
    ("debt_amount", 12000.0, ("招商银行", D(12000), 45)),
])
async def test_every_fact_changes_the_pay_later_figure(make_tracker, dispatcher, domain, slot, value, changed):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, {**BASE, slot: value}, "下周再还呢")
    expected = whatif.pay_later(CardFacts(*changed), 7)
    base = whatif.pay_later(CardFacts("招商银行", D(25000), 45), 7)
    assert f"多付约 {yuan(expected.extra_total)} 元" in text
    assert expected.owed_later != base.owed_later and yuan(base.owed_later) not in text


async def test_the_cards_bank_decides_grace(make_tracker, dispatcher, domain):
    slots = {**BASE, "overdue_days": 2.0}
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, slots, "明天再还会多多少")
    assert "仍在容时期内（逾期3天，容时3天）" in text  # 招商银行: 3 days' grace
    dispatcher.messages.clear()
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, {**slots, "bank": "工商银行"}, "明天再还会多多少")
    expected = whatif.pay_later(CardFacts("工商银行", D(25000), 2), 1)
    assert "容时期内" not in text and f"多付约 {yuan(expected.extra_total)} 元" in text  # 工商银行: none


async def test_pay_now(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "先还5000利息能少多少")
    r = whatif.pay_now(CardFacts("招商银行", D(25000), 45), D(5000))
    assert f"利息约少 {yuan(r.interest_saved)} 元" in text and f"违约金约少 {yuan(r.penalty_saved)} 元" in text
    assert "有用，但还不够最低还款额" in text and "先抵违约金" in text


async def test_pay_off_today(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "现在一次还清要多少")
    p = finance.project_overdue(D(25000), 45, bank="招商银行")
    assert f"今天一次还清约需 {yuan(p.total_owed)} 元" in text and f"利息 {yuan(p.total_interest)} 元" in text


async def test_instalments_from_the_message(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "分36期每月多少")
    r = whatif.instalments(CardFacts("招商银行", D(25000), 45), 36, whatif.date.today())
    assert f"每月约 {yuan(r.personal_monthly)} 元" in text and f"每月约 {yuan(r.bill.per_period)} 元" in text
    assert "个性化分期" in text and "账单分期" in text and "常见示例费率" in text


@pytest.mark.parametrize("periods", [24.0, 48.0])
async def test_instalments_from_the_installments_slot(make_tracker, dispatcher, domain, periods):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, {**BASE, "installments": periods},
                     "分期每月还多少")
    bill = finance.installment(D(25000), int(periods), D("0.006"))
    assert f"分{int(periods)}期" in text and f"每月约 {yuan(bill.per_period)} 元" in text


async def test_installment_answer_follows_the_installments_slot(make_tracker, dispatcher, domain):
    await ActionAnswerInstallment().run(dispatcher, make_tracker(
        {"debt_amount": 30000.0, "installments": 24.0}, text="分期手续费多少", intent="ask_installment"), domain)
    assert opened(dispatcher)[0]["per_period"] == yuan(finance.installment(D(30000), 24, D("0.006")).per_period)


async def test_minimum_only(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerMinPayment(), make_tracker, dispatcher, domain, BASE, "只还最低会怎样",
                     intent="ask_min_payment")
    r = whatif.minimum_only(CardFacts("招商银行", D(25000), 45))
    assert f"利息共约 {yuan(r.total_interest)} 元" in text and "补上目前到期的最低还款额约" in text
    assert "utter_min_payment_result" not in [m["response"] for m in opened(dispatcher)]  # not twice


async def test_covers_minimum_estimated(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain,
                     {"bank": "招商银行", "debt_amount": 20000.0}, "月底还3000够最低吗")
    assert "够：3,000.00 元不少于最低还款额约 2,000.00 元" in text and "估算" in text


async def test_covers_minimum_with_the_statements_minimum(make_tracker, dispatcher, domain):
    slots = {"case": {"cards": [{"bank": "招商银行", "amount": "20000", "min_payment": "3500"}]}}
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, slots, "月底还3000够最低吗")
    assert "不够：最低还款额约 3,500.00 元（按您说的账单最低还款额）" in text and "还差 500.00 元" in text


async def test_which_first_with_two_cards(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, TWO_CARDS, "先还哪张")
    assert render(domain, opened(dispatcher)[0]).split("\n")[1].startswith("先还广发银行：它逾期最久（100天）")
    r = whatif.which_first([CardFacts("招商银行", D(25000), 45), CardFacts("广发银行", D(30000), 100)])
    assert f"共约 {yuan(r.total_minimum)} 元" in text
    for p in r.order:
        assert f"最低约{yuan(p.minimum)}元" in text
    assert "合计 55,000.00 元" in text and "再还 5,000.01 元" in text


async def test_which_first_from_the_debts_slot(make_tracker, dispatcher, domain):
    slots = {"debts": [{"bank": "招商银行", "amount": 20000.0}, {"bank": "广发银行", "amount": 8000.0}],
             "debt_amount": 28000.0, "overdue_days": 45.0}
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, slots, "先还哪张")
    assert "先还广发银行：它欠得最少" in text and "5万元以下" not in text


async def test_which_first_with_one_card_says_so(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "先还哪张")
    assert "只告诉了我一张卡" in text


async def test_what_if_without_facts_asks_for_them(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, {"debt_amount": 25000.0}, "下周再还呢")
    assert "逾期多少天" in text and "多付" not in text
    dispatcher.messages.clear()
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, {}, "现在一次还清要多少")
    assert "欠款金额" in text


async def test_unreadable_what_if_gets_the_menu(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "如果那样会怎样")
    assert "可以这样问我" in text


async def test_first_bubble_is_short_for_every_example(make_tracker, domain):
    from rasa_sdk.executor import CollectingDispatcher

    for text in ["先还5000利息能少多少", "拖到下个月会多多少", "下周再还呢", "现在一次还清要多少", "分36期每月多少",
                 "只还最低会怎样", "月底还3000够最低吗", "先还哪张"]:
        dispatcher = CollectingDispatcher()
        await ActionAnswerWhatIf().run(dispatcher, make_tracker(TWO_CARDS if "哪张" in text else BASE, text=text),
                                       domain)
        assert len(render(domain, opened(dispatcher)[0])) <= 200, text


# ---- hypotheticals: answered as 如果…, never as the person's fact ---------------------------------------

async def test_hypothetical_days_are_used_and_said_as_such(make_tracker, dispatcher, domain):
    slots = {**BASE, "hypothetical": {"overdue_days": 40}}
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, slots, "如果逾期40天 拖到下个月会多多少")
    expected = whatif.pay_later(CardFacts("招商银行", D(25000), 40), 30)
    assert f"多付约 {yuan(expected.extra_total)} 元" in text
    assert "如果逾期40天" in text and "您逾期40天" not in text and "逾期45天" in text  # the fact is kept


async def test_hypothetical_in_the_interest_answer(make_tracker, dispatcher, domain):
    slots = {**BASE, "hypothetical": {"overdue_days": 40}}
    text = await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, slots, "如果逾期40天利息多少",
                     intent="ask_interest")
    p = finance.project_overdue(D(25000), 40, bank="招商银行")
    assert f"利息约 {yuan(p.total_interest)} 元" in text and "如果逾期40天" in text and "您逾期40天" not in text


async def test_hypothetical_in_the_consequences(make_tracker, dispatcher, domain):
    slots = {**BASE, "hypothetical": {"overdue_days": 100}}
    text = await run(ActionExplainConsequences(), make_tracker, dispatcher, domain, slots, "如果逾期100天会怎样",
                     intent="ask_consequences")
    assert "如果逾期100天" in text and "您逾期" not in text and "“4”" in text  # ceil(100/30)
    dispatcher.messages.clear()
    text = await run(ActionExplainConsequences(), make_tracker, dispatcher, domain, BASE, "会怎样",
                     intent="ask_consequences")
    assert "您逾期45天" in text and "“2”" in text


async def test_hypothetical_debt_amount(make_tracker, dispatcher, domain):
    slots = {**BASE, "hypothetical": {"debt_amount": 60000}}
    text = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, slots, "要是欠6万会坐牢吗",
                     intent="ask_criminal_risk")
    assert "如果逾期45天" in text and "欠款60,000.00元" in text and "✔ 满足" in text


# ---- several cards: each card priced by its own bank -----------------------------------------------------

async def test_interest_prices_each_card_with_its_own_bank(make_tracker, dispatcher, domain):
    text = await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, TWO_CARDS, "利息多少",
                     intent="ask_interest")
    cmb = finance.project_overdue(D(25000), 45, bank="招商银行")
    cgb = finance.project_overdue(D(30000), 100, bank="广发银行")
    assert f"按招商银行的规则，利息约{yuan(cmb.total_interest)}元" in text
    assert f"按广发银行的规则，利息约{yuan(cgb.total_interest)}元" in text
    assert f"应还约 {yuan(cmb.total_owed + cgb.total_owed)} 元" in text


async def test_min_payment_on_each_card(make_tracker, dispatcher, domain):
    slots = {"case": {"cards": [{"bank": "招商银行", "amount": "25000"}, {"bank": "工商银行", "amount": "30000"}]}}
    text = await run(ActionAnswerMinPayment(), make_tracker, dispatcher, domain, slots, "最低还款额是多少",
                     intent="ask_min_payment")
    for amount, bank in ((25000, "招商银行"), (30000, "工商银行")):
        result = finance.project_minimum_only(D(amount), 12, bank=bank)
        assert f"{bank}：按欠款{yuan(D(amount))}元估算：第一期最低还款约{yuan(result.first_min_payment)}元" in text
        assert f"共付利息约{yuan(result.total_interest)}元" in text  # 工商银行 charges only the unpaid part
    assert "5,500.00" not in text  # not 10% of the total


async def test_penalty_rule_of_each_bank(make_tracker, dispatcher, domain):
    slots = {"case": {"cards": [{"bank": "招商银行", "amount": "1500"}, {"bank": "中信银行", "amount": "1500"}]}}
    text = await run(ActionAnswerPenaltyFee(), make_tracker, dispatcher, domain, slots, "违约金多少",
                     intent="ask_penalty_fee")
    assert "招商银行按欠款1,500.00元" in text and "违约金约10.00元" in text  # 招商 floor 10
    assert "中信银行按欠款1,500.00元" in text and "违约金约20.00元" in text  # 中信 floor 20


async def test_criminal_risk_compares_the_total_and_unknown_days_cannot_be_judged(make_tracker, dispatcher, domain):
    slots = {"case": {"cards": [{"bank": "招商银行", "amount": "30000"}, {"bank": "广发银行", "amount": "25000"}]}}
    text = await run(ActionAnswerCriminalRisk(), make_tracker, dispatcher, domain, slots, "会坐牢吗",
                     intent="ask_criminal_risk")
    assert "2张卡的本金合计55,000.00元" in text and "✔ 满足" in text  # the 5万 principal condition
    assert "按您说的情况无法判断" in text and "？ 无法判断——不知道逾期多久" in text
    assert "至少有一项法定条件" not in text and "✘" not in text  # unknown days are not 0 days


# ---- compound questions and never the same block twice -------------------------------------------------

async def test_interest_and_penalty_and_credit_report_in_one_reply(make_tracker, dispatcher, domain):
    text = await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, BASE,
                     "利息和违约金一共多少 会不会上征信", intent="ask_interest")
    responses = [m["response"] for m in opened(dispatcher)]
    assert [m["response"] for m in dispatcher.messages] == ["utter_interest_result", "utter_credit_report_brief"]
    assert responses == ["utter_interest_result", "utter_credit_report_brief", "utter_interest_details"]
    p = finance.project_overdue(D(25000), 45, bank="招商银行")
    assert text.index(yuan(p.total_interest)) < text.index("征信")  # the figure first
    assert "上面已详细说过" not in text


async def test_interest_and_penalty_asked_together_is_one_answer(make_tracker, dispatcher, domain):
    await run(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, BASE, "利息要多少啊 还有那个违约金",
              intent="ask_interest")
    assert [m["response"] for m in opened(dispatcher)] == ["utter_interest_result", "utter_interest_details"]
    assert opened(dispatcher)[0]["penalty"] == yuan(finance.project_overdue(D(25000), 45, bank="招商银行").total_penalty)


async def test_penalty_question_also_gets_the_interest(make_tracker, dispatcher, domain):
    await run(ActionAnswerPenaltyFee(), make_tracker, dispatcher, domain, BASE, "违约金多少 利息呢",
              intent="ask_penalty_fee")
    assert [m["response"] for m in opened(dispatcher)][:2] == ["utter_penalty_result", "utter_interest_result"]


def tracker_after(domain, slots, text, intent, bot_events):
    all_slots = {name: None for name in domain["slots"]} | slots
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events = [*bot_events, {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("unit", all_slots, latest, events, False, None, {}, "action_listen")


async def test_asked_again_refers_instead_of_repeating(make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    question = "利息和违约金一共多少 会不会上征信"
    await ActionComputeOverdueInterest().run(dispatcher, make_tracker(BASE, text=question, intent="ask_interest"), domain)
    shown = [{"event": "bot", "text": render(domain, m), "metadata": {"utter_action": m["response"]}}
             for m in opened(dispatcher)]
    again = CollectingDispatcher()
    await ActionComputeOverdueInterest().run(again, tracker_after(domain, BASE, question, "ask_interest", shown), domain)
    assert [m["response"] for m in again.messages] == ["utter_figure", "utter_credit_report_brief"]
    assert again.messages[0]["figure"].startswith(x.REPEAT_FIGURE) and again.messages[1]["lead"] == x.BRIEF_LEAD_REPEAT
    # a changed fact is a new figure, shown in full
    changed = CollectingDispatcher()
    await ActionComputeOverdueInterest().run(
        changed, tracker_after(domain, {**BASE, "overdue_days": 50.0}, question, "ask_interest", shown), domain)
    assert changed.messages[0]["response"] == "utter_interest_result"


async def test_the_same_what_if_twice(make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    await ActionAnswerWhatIf().run(dispatcher, make_tracker(BASE, text="下周再还呢"), domain)
    shown = [{"event": "bot", "text": render(domain, m), "metadata": {"utter_action": m["response"]}}
             for m in opened(dispatcher)]
    again = CollectingDispatcher()
    await ActionAnswerWhatIf().run(again, tracker_after(domain, BASE, "下周再还呢", "ask_what_if", shown), domain)
    assert len(again.messages) == 1 and again.messages[0]["figure"].startswith(x.REPEAT_FIGURE)


async def test_what_if_then_another_topic(make_tracker, dispatcher, domain):
    await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "拖到下个月会多多少 会上征信吗")
    responses = [m["response"] for m in dispatcher.messages]
    assert responses[0] == "utter_figure" and responses[-1] == "utter_credit_report_brief"
    assert "utter_interest_result" not in responses  # the what-if's own words are not a second question
    dispatcher.messages.clear()
    await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, BASE, "先还5000利息能少多少")
    assert "utter_interest_result" not in [m["response"] for m in opened(dispatcher)]


# ---- correcting a fact --------------------------------------------------------------------------------------

@pytest.mark.parametrize("fact", ["bank", "debt_amount", "overdue_days", "monthly_income", "installments"])
async def test_button_asks_for_the_named_fact(make_tracker, dispatcher, domain, fact):
    tracker = make_tracker(BASE, text=f'/correct_fact{{"fact":"{fact}"}}', intent="correct_fact",
                           entities=[{"entity": "fact", "value": fact}])
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_correction", "value": fact}]
    assert opened(dispatcher)[0]["response"] == f"utter_ask_correct_{fact}"
    assert f"utter_ask_correct_{fact}" in domain["responses"]


@pytest.mark.parametrize("text, fact", [("改一下欠款", "debt_amount"), ("逾期天数记错了", "overdue_days"),
                                        ("银行记错了", "bank"), ("修改一下收入", "monthly_income")])
async def test_typed_correction_names_the_fact(make_tracker, dispatcher, domain, text, fact):
    events = await ActionAskCorrection().run(dispatcher, make_tracker(BASE, text=text, intent="correct_fact"), domain)
    assert events[0]["value"] == fact


async def test_correction_of_an_unknown_fact_asks_which(make_tracker, dispatcher, domain):
    tracker = make_tracker(BASE, text="记的不对", intent="correct_fact", entities=[{"entity": "fact", "value": "x"}])
    events = await ActionAskCorrection().run(dispatcher, tracker, domain)
    assert events[0]["value"] is None and opened(dispatcher)[0]["response"] == "utter_ask_correct_which"


async def test_recap_buttons_carry_the_fact_payloads(make_tracker, dispatcher, domain):
    await ActionComputeOverdueInterest().run(dispatcher, make_tracker(BASE, text="利息多少", intent="ask_interest"),
                                             domain)
    buttons = opened(dispatcher)[0]["buttons"]
    assert {b["title"]: b["payload"] for b in buttons} == {
        "改银行": '/correct_fact{"fact":"bank"}', "改欠款": '/correct_fact{"fact":"debt_amount"}',
        "改天数": '/correct_fact{"fact":"overdue_days"}', "详细": '/ask_details{"answer_id": "more_1"}'}
    assert "pending_correction" in domain["slots"] and "fact" in domain["entities"]


async def test_no_buttons_on_wechat(make_tracker, dispatcher, domain):
    tracker = make_tracker(BASE, text="利息多少", intent="ask_interest", channel="wechat")
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    # no fact buttons; the one 「详细」 becomes a numbered line a reply of its number opens (wechat_protocol)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["详细"]


def test_no_response_template_carries_a_json_payload(domain):
    # Rasa fills {…} in responses from slots: a JSON payload there logs an interpolation error per reply
    for name, variants in domain["responses"].items():
        for variant in variants:
            for button in variant.get("buttons", []):
                assert ":" not in button["payload"], name


async def test_pay_later_prices_each_card_with_its_bank(make_tracker, dispatcher, domain):
    text = await run(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, TWO_CARDS, "拖到下个月会多多少")
    expected = whatif.pay_later_all([CardFacts("招商银行", D(25000), 45), CardFacts("广发银行", D(30000), 100)], 30)
    assert f"多付约 {yuan(expected.extra_total)} 元" in text


# ---- care4: a what-if said card by card, with the stored cards (persona trial A2) -------------------------


def _reading_slots(text: str, case) -> dict:
    from bot.nlu.reading import read_turn

    reading = read_turn(text, case)
    return {"case": case.to_slot(), "reading": reading.to_slot(), **case.contract_slots()}


async def test_each_card_gets_its_own_what_if(make_tracker, dispatcher, domain):
    from bot.case import Card, Case

    case = Case(cards=(Card(bank="工商银行", amount=D(10000), overdue_days=20),
                       Card(bank="建设银行", amount=D(28000), overdue_days=20),
                       Card(bank="浦发银行", amount=D(8000), overdue_days=20)))
    text = "不是全部下个月 我是说浦发今天还清 工行和建行下个月还 这样比全部下个月还能省多少"
    await ActionAnswerWhatIf().run(dispatcher, make_tracker(_reading_slots(text, case), text=text,
                                                            intent="ask_what_if"), domain)
    first = render(domain, dispatcher.messages[0])
    pufa = whatif.pay_off(CardFacts("浦发银行", D(8000), 20))
    icbc = whatif.pay_later(CardFacts("工商银行", D(10000), 20), 30)
    ccb = whatif.pay_later(CardFacts("建设银行", D(28000), 20), 30)
    saved = whatif.pay_later(CardFacts("浦发银行", D(8000), 20), 30).extra_total
    assert f"浦发银行 8,000.00元：今天还清约 {yuan(pufa.owed)} 元" in first
    assert f"工商银行 10,000.00元：下个月再还约 {yuan(icbc.owed_later)} 元（比今天多 {yuan(icbc.extra_total)} 元）" in first
    assert f"建设银行 28,000.00元：下个月再还约 {yuan(ccb.owed_later)} 元" in first
    assert f"比全部下个月再还少付约 {yuan(saved)} 元" in first
    all_later = whatif.pay_later_all([CardFacts("工商银行", D(10000), 20), CardFacts("建设银行", D(28000), 20),
                                      CardFacts("浦发银行", D(8000), 20)], 30)
    assert yuan(all_later.extra_total) not in first  # never the 「all three next month」 figure of the trial


async def test_the_cards_left_out_stay_as_they_are_and_a_card_not_stored_is_asked(make_tracker, dispatcher, domain):
    from bot.case import Card, Case

    case = Case(cards=(Card(bank="招商银行", amount=D(20000), overdue_days=40),
                       Card(bank="建设银行", amount=D(30000), overdue_days=40)))
    text = "招行那张先还5000 建行的拖3个月呢"
    await ActionAnswerWhatIf().run(dispatcher, make_tracker(_reading_slots(text, case), text=text,
                                                            intent="ask_what_if"), domain)
    first = render(domain, dispatcher.messages[0])
    paid = whatif.pay_now(CardFacts("招商银行", D(20000), 40), D(5000))
    later = whatif.pay_later(CardFacts("建设银行", D(30000), 40), 90)
    assert f"招商银行 20,000.00元：今天还 5,000.00 元，还剩约 {yuan(paid.remaining)} 元" in first
    assert f"建设银行 30,000.00元：3个月后再还约 {yuan(later.owed_later)} 元" in first
    other = type(dispatcher)()
    text = "先还浦发8000 工行下个月再还"
    await ActionAnswerWhatIf().run(other, make_tracker(_reading_slots(text, case), text=text, intent="ask_what_if"),
                                   domain)
    assert "还没有记下浦发银行、工商银行的欠款" in render(domain, other.messages[0])


def test_a_card_plan_is_read_from_the_words():
    from bot.whatif import PAY_LATER, PAY_NOW, parse_card_plan

    steps = parse_card_plan("先还浦发的8千 其他两张慢慢还 会怎样")
    assert [(s.banks, s.rest, s.scenario and s.scenario.kind) for s in steps] == [
        (("浦发银行",), False, PAY_NOW), ((), True, None)]
    steps = parse_card_plan("先还浦发8000 工行建行下个月再还 利息差多少")
    assert steps[1].banks == ("工商银行", "建设银行") and steps[1].scenario.kind == PAY_LATER
    assert parse_card_plan("招行和建行都拖3个月") is None  # one group: the ordinary what-if of every card
    assert parse_card_plan("招行欠2万 建行欠3万 逾期40天") is None  # facts, no what-if
