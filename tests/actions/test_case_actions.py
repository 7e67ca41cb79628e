"""The case-model actions: the per-turn hook, the forms' validators, the facts and the plan read the case."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from actions.case_slots import ActionValidateSlotMappings, case_events, case_of
from actions.facts import ActionAcknowledgeFacts, money
from actions.forms import ActionAskOverdueDays, ValidateOverdueForm, ValidatePlanForm
from actions.plan import ActionDraftRepaymentPlan, debts_from
from bot import finance
from bot.case import UNKNOWN_BANK, Card, Case, Situation

pytestmark = pytest.mark.asyncio
D = Decimal


def as_slots(events) -> dict:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


# --- the hook ----------------------------------------------------------------------------------


async def test_hook_sets_the_case_and_every_contract_slot(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="招行五万二，广发三万，哦不对，广发是两万八")
    slots = as_slots(await ActionValidateSlotMappings().run(dispatcher, tracker, domain))
    assert slots["debt_amount"] == 80000.0 and slots["bank"] == "招商银行、广发银行"
    assert slots["debts"] == [{"bank": "招商银行", "amount": 52000.0}, {"bank": "广发银行", "amount": 28000.0}]
    assert Case.from_slot(slots["case"]).total_debt() == D(80000)
    assert "hypothetical" not in slots and not dispatcher.messages


async def test_hook_sets_only_what_changed(make_tracker, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(20000)),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="会上征信吗",
                           intent="ask_credit_report", active_loop="overdue_form", requested_slot="overdue_days")
    # no fact in a question: no form slot event (only this turn's empty reading), so the form rejects and the
    # rules answer the question
    assert [e for e in case_events(tracker, domain) if e["name"] != "reading"] == []


async def test_hook_hypothetical_is_set_then_reset(make_tracker, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(20000), overdue_days=30),))
    base = {"case": case.to_slot(), **case.contract_slots()}
    slots = as_slots(case_events(make_tracker(base, text="如果逾期40天呢", intent="ask_interest"), domain))
    assert slots.pop("reading")["facts"][0]["hypothetical"] is True
    assert slots == {"hypothetical": {"overdue_days": 40.0}}
    slots = as_slots(case_events(make_tracker({**base, "hypothetical": {"overdue_days": 40.0}}, text="利息多少",
                                              intent="ask_interest"), domain))
    slots.pop("reading", None)
    assert slots == {"hypothetical": None}


async def test_hook_answers_the_form_question_unless_the_message_is_a_question(make_tracker, domain):
    asked = dict(active_loop="plan_form", requested_slot="hardship_reason")
    slots = as_slots(case_events(make_tracker(text="去年失业了", intent="inform", **asked), domain))
    assert slots["hardship_reason"] == "去年失业了"
    slots = as_slots(case_events(make_tracker(text="会坐牢吗", intent="ask_criminal_risk", **asked), domain))
    assert "hardship_reason" not in slots
    # the same words without a form: no reason
    assert "hardship_reason" not in as_slots(case_events(make_tracker(text="去年失业了"), domain))


async def test_hook_unknown_bank_and_more_than_days_in_a_form(make_tracker, domain):
    slots = as_slots(case_events(make_tracker(text="不知道", active_loop="overdue_form", requested_slot="bank"),
                                 domain))
    assert slots["bank"] == UNKNOWN_BANK and slots["case_notes"] == ["bank_unknown"]
    case = Case(cards=(Card(bank="招商银行", amount=D(5000)),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="超过3天了",
                           active_loop="overdue_form", requested_slot="overdue_days")
    events = case_events(tracker, domain)
    assert {"event": "slot", "name": "overdue_days", "value": None, "timestamp": None} in events
    assert as_slots(events)["case_notes"] == ["overdue_days_more_than:3"]


async def test_hook_clears_pending_correction_when_the_domain_has_it(make_tracker, domain):
    with_slot = copy.deepcopy(domain)
    with_slot["slots"]["pending_correction"] = {"type": "text", "mappings": [{"type": "custom"}]}
    case = Case(cards=(Card(bank="招商银行", amount=D(20000)),), situation=Situation(monthly_income=D(5000)))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots(), "pending_correction": "monthly_income"},
                           text="6000")
    slots = as_slots(case_events(tracker, with_slot))
    assert slots["monthly_income"] == 6000.0 and slots["pending_correction"] is None
    # a domain without the slot: the value is no correction, nothing to clear
    without_slot = copy.deepcopy(domain)
    without_slot["slots"].pop("pending_correction", None)
    assert "pending_correction" not in as_slots(case_events(tracker, without_slot))


async def test_hook_never_loses_the_turn(make_tracker, dispatcher, domain, monkeypatch):
    import actions.case_slots as hook

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(hook, "read_turn", broken)
    assert await hook.ActionValidateSlotMappings().run(dispatcher, make_tracker(text="招行欠两万"), domain) == []


async def test_case_of_reads_old_conversations_from_the_contract_slots(make_tracker):
    case = case_of(make_tracker({"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0,
                                 "monthly_income": 3800.0}))
    assert case.cards == (Card(bank="招商银行", amount=D(25000), overdue_days=45),)
    assert case.situation.monthly_income == D(3800)


# --- the forms' validators ----------------------------------------------------------------------


async def test_form_asks_for_exact_days_after_more_than(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(5000), overdue_more_than=3),))
    tracker = make_tracker({"case": case.to_slot(), "case_notes": ["overdue_days_more_than:3"]})
    assert ValidateOverdueForm().validate_overdue_days(None, dispatcher, tracker, domain) == {"overdue_days": None}
    assert dispatcher.messages == []
    await ActionAskOverdueDays().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_overdue_days_more_than" and dispatcher.messages[0]["days"] == 3
    plain = type(dispatcher)()
    await ActionAskOverdueDays().run(plain, make_tracker({"case": Case().to_slot()}), domain)
    assert plain.messages[0]["response"] == "utter_ask_overdue_form_overdue_days"


async def test_validator_says_why_a_value_was_refused(make_tracker, dispatcher, domain):
    tracker = make_tracker({"case_notes": ["invalid:monthly_budget"]})
    assert ValidatePlanForm().validate_monthly_budget(None, dispatcher, tracker, domain) == {"monthly_budget": None}
    assert dispatcher.messages[0]["response"] == "utter_invalid_monthly_budget"
    # no note: nothing to say, the form asks again
    other = type(dispatcher)()
    ValidatePlanForm().validate_monthly_budget(None, other, make_tracker(), domain)
    assert other.messages == []


async def test_validator_confirms_several_cards_from_the_case(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(52000)), Card(bank="广发银行", amount=D(28000))))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots()})
    assert ValidatePlanForm().validate_debt_amount(80000.0, dispatcher, tracker, domain) == {"debt_amount": 80000.0}
    message = dispatcher.messages[0]
    assert message["response"] == "utter_debts_noted" and message["count"] == 2
    assert message["items"] == "招商银行52,000元、广发银行28,000元" and message["total"] == "80,000"


async def test_validator_bank_follows_the_case(make_tracker, dispatcher, domain):
    unknown = Case(cards=(Card(bank=UNKNOWN_BANK),))
    tracker = make_tracker({"case": unknown.to_slot()})
    assert ValidatePlanForm().validate_bank(UNKNOWN_BANK, dispatcher, tracker, domain) == {"bank": UNKNOWN_BANK}
    assert dispatcher.messages[0]["response"] == "utter_unknown_bank"
    known = Case(cards=(Card(bank="建设银行"),))
    assert ValidatePlanForm().validate_bank("建行", dispatcher, make_tracker({"case": known.to_slot()}), domain) == {
        "bank": "建设银行"}
    assert ValidatePlanForm().validate_bank(None, dispatcher, make_tracker({"case": Case().to_slot()}), domain) == {
        "bank": None}


@pytest.mark.parametrize(("slot", "value", "ok"), [
    ("debt_amount", 10_000_000.0, True), ("debt_amount", 10_000_000.01, False), ("debt_amount", 0, False),
    ("overdue_days", 3650.0, True), ("overdue_days", 3651.0, False), ("overdue_days", 0, True),
    ("monthly_income", 0, True), ("monthly_income", 1_000_000.01, False), ("monthly_expenses", 0, True),
    ("monthly_budget", 0, True), ("monthly_budget", -1, False), ("monthly_budget", 1_000_000.0, True),  # 0: nothing to spare (truth3)
])
async def test_validator_bounds_come_from_bot_limits(make_tracker, dispatcher, domain, slot, value, ok):
    result = getattr(ValidatePlanForm(), f"validate_{slot}")(value, dispatcher, make_tracker(), domain)
    assert (result[slot] is not None) is ok


async def test_validator_hardship_reason_from_the_case(make_tracker, dispatcher, domain):
    case = Case(situation=Situation(hardship_reason="去年失业了"))
    result = ValidatePlanForm().validate_hardship_reason("去年失业了", dispatcher, make_tracker({"case": case.to_slot()}),
                                                         domain)
    assert result == {"hardship_reason": "去年失业了"}
    assert ValidatePlanForm().validate_hardship_reason("a", dispatcher, make_tracker(), domain) == {
        "hardship_reason": None}


# --- the facts ------------------------------------------------------------------------------------


async def test_facts_are_acknowledged_from_the_case(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(52000)), Card(bank="广发银行", amount=D(28000))))
    await ActionAcknowledgeFacts().run(dispatcher, make_tracker({"case": case.to_slot()}), domain)
    assert dispatcher.messages[0]["facts"] == "招商银行 52,000元，广发银行 28,000元，合计80,000元"


async def test_facts_name_every_figure_of_the_case(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="建设银行", amount=D("11300.5"), overdue_more_than=3),),
                situation=Situation(D(4500), D(1500), D(900), 36, "失业"))
    await ActionAcknowledgeFacts().run(dispatcher, make_tracker({"case": case.to_slot()}), domain)
    assert dispatcher.messages[0]["facts"] == (
        "建设银行 11,300.50元 逾期超过3天（具体天数未知），月收入4,500元，每月必要支出1,500元，每月能还900元，希望分36期")


async def test_too_many_cards_is_said(make_tracker, dispatcher, domain):
    case = Case(cards=tuple(Card(bank=f"银行{i}", amount=D(1000)) for i in range(10)))
    await ActionAcknowledgeFacts().run(dispatcher, make_tracker({"case": case.to_slot(), "case_notes": ["too_many_cards"]}),
                                       domain)
    assert dispatcher.messages[1]["response"] == "utter_too_many_cards" and dispatcher.messages[1]["count"] == 10
    other = type(dispatcher)()
    await ActionAcknowledgeFacts().run(other, make_tracker({"case": case.to_slot()}), domain)
    assert len(other.messages) == 1


async def test_no_facts(make_tracker, dispatcher, domain):
    await ActionAcknowledgeFacts().run(dispatcher, make_tracker({"case": Case().to_slot()}), domain)
    assert dispatcher.messages[0]["response"] == "utter_facts_none"


def test_money_format():
    assert (money(D(52000)), money(D("11300.505")), money(None)) == ("52,000", "11,300.51", "0")


# --- the plan reads every figure from the case ---------------------------------------------------

PLAN_CASE = Case(
    cards=(Card(bank="招商银行", amount=D(30000), overdue_days=40), Card(bank="广发银行", amount=D(18000))),
    situation=Situation(monthly_income=D(4000), monthly_expenses=D(2500), monthly_budget=D(950),
                        installments=48, hardship_reason="去年公司裁员，现在打零工"),
)


def engine_plan(case: Case, **override):
    s = case.situation
    values = dict(monthly_income=s.monthly_income, monthly_expenses=s.monthly_expenses,
                  monthly_budget=s.monthly_budget, periods=s.installments, hardship_reason=s.hardship_reason)
    values.update(override)
    from actions.common import today

    return finance.plan(debts_from(case), today=today(), **values)


async def drafted(make_tracker, dispatcher, domain, slots):
    """The summary card, then the letter once the same facts are confirmed (issue 13)."""
    first = await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(slots), domain)
    digest = next(e["value"] for e in first if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker(dict(slots, plan_summary=digest), intent="affirm"),
                                         domain)


async def test_plan_uses_every_fact_of_the_case(make_tracker, dispatcher, domain):
    # the float slots say something else: the plan must follow the case
    tracker = make_tracker({"case": PLAN_CASE.to_slot(), "debt_amount": 1.0, "monthly_income": 99999.0,
                            "monthly_expenses": 0.0, "monthly_budget": 99999.0, "installments": 12.0,
                            "hardship_reason": "别的原因", "bank": "民生银行"})
    await drafted(make_tracker, dispatcher, domain, tracker.slots)
    summary, letter = dispatcher.messages[0], next(m["custom"]["letter"] for m in dispatcher.messages if "custom" in m)
    custom = summary["custom"]
    expected = engine_plan(PLAN_CASE)
    # 48 periods would need 1,000 a month, above the budget of 950: the plan takes the 51 that fit
    assert custom["periods"] == expected.periods == 51 and custom["feasible"] is expected.feasible is True
    assert D(str(custom["monthly_payment"])) == expected.monthly_payment
    assert letter == expected.letter and "必要生活支出约2,500.00元" in letter and "4,000.00元" in letter
    assert "招商银行、广发银行" in summary["verdict"] and "合计48,000.00元" in summary["verdict"]
    assert "招商银行" in letter and "广发银行" in letter and "民生银行" not in letter
    assert "本人去年因裁员失业，现在打零工。" in letter and "别的原因" not in letter
    # each fact changes the engine's answer, so a plan that ignored one would fail above
    for name, other in (("monthly_income", None), ("monthly_expenses", None), ("monthly_budget", None),
                        ("periods", None), ("hardship_reason", None)):
        changed = engine_plan(PLAN_CASE, **{name: other})
        assert (changed.periods, changed.monthly_payment, changed.feasible, changed.letter, changed.notes) != (
            expected.periods, expected.monthly_payment, expected.feasible, expected.letter, expected.notes), name


async def test_plan_expenses_decide_feasibility(make_tracker, dispatcher, domain):
    tight = Case(cards=PLAN_CASE.cards, situation=Situation(monthly_income=D(4000), monthly_expenses=D(3900),
                                                            monthly_budget=D(1200)))
    await drafted(make_tracker, dispatcher, domain, {"case": tight.to_slot()})
    assert dispatcher.messages[0]["custom"]["feasible"] is engine_plan(tight).feasible is False
    assert dispatcher.messages[0]["custom"]["offered_payment"] == 100.0


async def test_plan_with_a_declared_total(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(52000)), Card(bank="广发银行", amount=D(30000))),
                situation=Situation(monthly_budget=D(1000)), declared_total=D(80000))
    await drafted(make_tracker, dispatcher, domain, {"case": case.to_slot()})
    assert "合计80,000.00元" in dispatcher.messages[0]["verdict"] and dispatcher.messages[0]["custom"]["periods"] == 60


async def test_plan_needs_a_debt(make_tracker, dispatcher, domain):
    await ActionDraftRepaymentPlan().run(dispatcher, make_tracker({"case": Case(cards=(Card(bank="招商银行"),)).to_slot()}),
                                         domain)
    assert dispatcher.messages[0]["response"] == "utter_plan_needs_debt"


def test_debts_from_keeps_each_cards_bank():
    case = Case(cards=(Card(bank="招商银行", amount=D(1)), Card(bank=UNKNOWN_BANK, amount=D(2)), Card(bank="建设银行")))
    assert debts_from(case) == [{"bank": "招商银行", "amount": D(1)}, {"bank": None, "amount": D(2)}]


async def test_a_what_if_stated_as_a_fact_is_answered_as_a_what_if(make_tracker, dispatcher, domain):
    # 「如果逾期90天呢」 is classified inform: it must get the figures for 90 days, said as 「如果…」,
    # while the recorded 45 days stay the person's fact
    case = Case(cards=(Card(bank="招商银行", amount=D(30000), overdue_days=45),))
    tracker = make_tracker({"case": case.to_slot(), **case.contract_slots(), "hypothetical": {"overdue_days": 90.0}},
                           text="如果逾期90天呢")
    await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]
    assert first.get("response") != "utter_facts_noted"
    shown = " ".join(str(v) for v in first.values())
    assert "如果逾期90天" in shown and "您逾期90天" not in shown


# --- issue 19: changes said in one line, undo, stopped questions, the reading stored -------------------


def bot_texts(events) -> list[str]:
    return [e["text"] for e in events if e["event"] == "bot"]


async def test_hook_says_a_change_in_one_line_and_undo_puts_it_back(make_tracker, domain):
    case = Case(situation=Situation(monthly_income=D(9000)))
    base = {"case": case.to_slot(), **case.contract_slots()}
    events = case_events(make_tracker(base, text="不对，收入是6500"), domain)
    assert bot_texts(events) == ["已改：月收入 9,000 → 6,500（说“撤销”恢复）"]
    slots = as_slots(events)
    assert slots["case_undo"] == case.to_slot() and slots["monthly_income"] == 6500.0
    changed = Case.from_slot(slots["case"])
    events = case_events(make_tracker({"case": changed.to_slot(), **changed.contract_slots(),
                                       "case_undo": case.to_slot()}, text="撤销"), domain)
    assert bot_texts(events) == ["已撤销：月收入 6,500 → 9,000"]
    assert as_slots(events)["monthly_income"] == 9000.0 and as_slots(events)["case_undo"] is None


async def test_hook_is_silent_when_nothing_changed(make_tracker, domain):
    case = Case(situation=Situation(monthly_income=D(9000)))
    events = case_events(make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="收入9000"), domain)
    assert bot_texts(events) == [] and "case_undo" not in as_slots(events)


async def test_hook_asks_an_unsure_reading_instead_of_storing_it(make_tracker, domain):
    events = case_events(make_tracker(text="工资降了一半"), domain)
    assert bot_texts(events) == [domain["responses"]["utter_ask_unsure_monthly_income"][0]["text"]]
    assert "monthly_income" not in as_slots(events)


async def test_a_stopped_question_is_left_out_until_the_person_brings_it_up(make_tracker, dispatcher, domain):
    events = case_events(make_tracker(text="别问我收入了", intent="skip_question", active_loop="plan_form",
                                      requested_slot="monthly_income"), domain)
    assert as_slots(events)["stopped_questions"] == ["monthly_income"]
    form = ValidatePlanForm()
    tracker = make_tracker({"stopped_questions": ["monthly_income"]}, active_loop="plan_form")
    required = await form.required_slots(["debt_amount", "monthly_income", "monthly_budget"], dispatcher, tracker,
                                         domain)
    assert required == ["debt_amount", "monthly_budget"]
    events = case_events(make_tracker({"stopped_questions": ["monthly_income"]}, text="其实月收入5000"), domain)
    assert as_slots(events)["stopped_questions"] is None


async def test_the_reading_is_stored_for_the_actions(make_tracker, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(20000), overdue_days=20),))
    slots = as_slots(case_events(make_tracker({"case": case.to_slot(), **case.contract_slots()}, text="先还5000"),
                                 domain))
    assert slots["reading"]["scenario"] == {"kind": "pay_now", "amount": "5000.00"}
    assert "case" not in slots  # no debt of 5,000


async def test_a_past_figure_does_not_bring_a_stopped_question_back(make_tracker, domain):
    """「以前工资8000」 is history: the income question the person stopped stays stopped (care4)."""
    events = case_events(make_tracker({"stopped_questions": ["monthly_income"]}, text="以前工资8000"), domain)
    assert "stopped_questions" not in as_slots(events)
    events = case_events(make_tracker({"stopped_questions": ["monthly_income"]}, text="老婆月薪5000"), domain)
    assert "stopped_questions" not in as_slots(events)
