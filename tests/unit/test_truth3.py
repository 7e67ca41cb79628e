"""Independent probes of 7 December 2026 (truth3): each failure fixed at its home, tested with the tester's own
input and paraphrases of it, so that the fix is for the category and not one sentence."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot import facts as F
from bot.case import Card, Case, Situation
from tests.actions import conftest as action_fixtures

TODAY = date(2026, 12, 7)
ROOT = action_fixtures.ROOT


@pytest.fixture(scope="module")
def domain() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


# the tracker factory and the per-test case store of tests/actions/conftest.py
make_tracker = action_fixtures.make_tracker
temp_case_store = action_fixtures.temp_case_store


def texts(d: CollectingDispatcher) -> list[str]:
    return [m.get("text") or "" for m in d.messages]


# ---- item 6: rule questions are answered without asking the bank -------------------------------------------

RULE_QUESTIONS = [
    ("法律规定信用卡利息最高年化24%对吧 超过的不用还", "rate_cap_24"),
    ("24%是法律上限吗", "rate_cap_24"),
    ("信用卡利率是不是国家规定最高24%", "rate_cap_24"),
    ("违约金也会算利息吗 会不会利滚利", "penalty_not_compounded"),
    ("违约金要算利息吗", "penalty_not_compounded"),
    ("滞纳金会不会产生利息", "penalty_not_compounded"),
    ("信用卡利息现在还是国家规定的日息万分之五吗", "rate_agreed"),
    ("日息万分之五是国家规定的吗", "rate_agreed"),
    ("信用卡利率是谁定的", "rate_agreed"),
]


@pytest.mark.parametrize(("text", "answer_id"), RULE_QUESTIONS)
@pytest.mark.parametrize("intent", ["ask_interest", "ask_penalty_fee"])
def test_a_rule_question_has_its_own_answer(text, answer_id, intent):
    found = F.match(text, intent)
    assert found is not None and found.id == answer_id


def test_the_rule_answers_say_what_domain_says():
    cap = F.by_id("rate_cap_24").short
    assert "不是法律上限" in cap and "法院" in cap and "不会自动" in cap
    fee = F.by_id("penalty_not_compounded").short
    assert fee.startswith("不会") and "不计利息" in fee and "复利" in fee and "通常" in fee
    assert F.fact("penalty_no_interest").source.endswith("银发〔2016〕111号")
    rate = F.by_id("rate_agreed").short
    assert "2021年起" in rate and "协商约定" in rate and "年化" in rate and "18.25%" in rate and "领用合约" in rate
    assert "银发〔2020〕327号" in F.fact("rate_agreed").source


@pytest.mark.parametrize("text", ["我欠了2万 利息多少", "招行逾期30天利息怎么算", "利息多少"])
def test_a_figure_question_is_no_rule_question(text):
    assert F.match(text, "ask_interest") is None


@pytest.mark.asyncio
@pytest.mark.parametrize(("text", "asked"), [(RULE_QUESTIONS[0][0], False), (RULE_QUESTIONS[3][0], False),
                                             (RULE_QUESTIONS[6][0], False), ("我欠了2万 利息多少", True)])
async def test_the_interest_form_asks_nothing_for_a_rule_question(make_tracker, dispatcher, domain, text, asked):
    from actions.forms import ValidateOverdueForm

    tracker = make_tracker(text=text, intent="ask_interest", active_loop="overdue_form")
    slots = await ValidateOverdueForm().required_slots(["bank", "debt_amount", "overdue_days"], dispatcher,
                                                      tracker, domain)
    assert (slots == ["bank", "debt_amount", "overdue_days"]) is asked and (slots == []) is not asked


@pytest.mark.asyncio
async def test_the_interest_action_gives_the_rule_answer_with_no_debt(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionComputeOverdueInterest

    tracker = make_tracker(text="违约金也会算利息吗 会不会利滚利", intent="ask_interest")
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[0].startswith("不会：违约金")
    assert not any("哪家银行" in t for t in texts(dispatcher))


# ---- item 5: no automatic transfer; a bank may report; 「报警抓你」 as a scare ---------------------------------

@pytest.mark.parametrize("text", ["听说逾期6个月银行就自动把案子转到公安 变成刑事案件了 是真的吗",
                                  "逾期半年会自动移交公安吗", "逾期满三个月就直接转成刑事案件吗",
                                  "是不是超过90天就交给派出所"])
@pytest.mark.parametrize("intent", ["ask_criminal_risk", "ask_consequences", "ask_lawsuit"])
def test_automatic_transfer_is_answered_as_the_myth_with_the_banks_right_to_report(text, intent):
    found = F.match(text, intent)
    assert found is not None and found.id == "auto_transfer_myth"
    assert "没有“逾期满几个月就自动移交公安”的规定" in found.short and "可以向公安报案" in found.short
    assert found.facts[:2] == ("criminal_myths", "bank_may_report")


@pytest.mark.parametrize("text", ["报警抓我这个是真的吗 他们能报警吗", "催收说要报警抓我", "银行会报警抓人吗",
                                  "催收的说要报案 让警察来抓我"])
@pytest.mark.parametrize("intent", ["ask_criminal_risk", "ask_collection_harassment"])
def test_a_collectors_police_scare_overstates_and_the_bank_may_report(text, intent):
    found = F.match(text, intent)
    assert found is not None and found.id == "police_scare"
    assert "可以向公安报案" in found.short and "夸大法律后果" in found.short and "12378" in found.short


@pytest.mark.parametrize("text", ["催收威胁我 我可以报警吗", "催收骂我 能不能报警"])
def test_the_person_reporting_a_collector_is_not_the_police_scare(text):
    found = F.match(text, "ask_collection_harassment")
    assert found is not None and found.id != "police_scare"


# ---- item 4: the cardholder asks about the family -----------------------------------------------------------

@pytest.mark.parametrize("text", ["我欠的信用卡 我爸妈和老婆必须替我还吗", "我的卡债家里人要不要帮我还",
                                  "我还不上的话我老婆要替我还吗", "爸妈会不会要替我还信用卡"])
@pytest.mark.parametrize("intent", ["ask_for_relative", "ask_collection_harassment", "ask_consequences"])
def test_the_cardholder_is_told_the_family_need_not_pay_and_the_debt_is_still_theirs(text, intent):
    found = F.match(text, intent)
    assert found is not None and found.id == "family_of_holder"
    assert "由您本人还" in found.short and "担保" in found.short and "夫妻共同债务" in found.short
    assert "您没有还款义务" not in found.short and "我不是债务人" not in found.short


@pytest.mark.parametrize("text", ["我老公欠的信用卡 我要还吗", "我妈欠的卡 催收打给我 我要替她还吗"])
def test_a_relative_asking_is_not_the_cardholders_answer(text):
    found = F.match(text, "ask_for_relative")
    assert found is None or found.id != "family_of_holder"


# ---- item 2: nothing to spare ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "slot"), [("一分都拿不出来 0", "monthly_budget"), ("0", "monthly_budget"),
                                            ("一分都拿不出来", "monthly_budget"),
                                            ("能还多少 现在真的一分都拿不出来", None), ("现在一分钱都还不起", None),
                                            ("真的拿不出一分钱", None)])
def test_a_budget_of_zero_is_stored(text, slot):
    from bot.nlu.case_update import update_case

    result = update_case(Case(), text, requested_slot=slot)
    assert result.case.situation.monthly_budget == D(0) and "invalid:monthly_budget" not in result.notes


@pytest.mark.parametrize("text", ["如果一分都拿不出来会怎样", "利息一分都不能少吗", "每月能还800"])
def test_no_budget_of_zero_from_a_supposition_or_another_figure(text):
    from bot.nlu.case_update import update_case

    assert update_case(Case(), text).case.situation.monthly_budget != D(0)


def test_the_plan_form_accepts_zero_and_says_how_to_answer_nothing(domain):
    from actions.forms import ValidatePlanForm

    d = CollectingDispatcher()
    assert ValidatePlanForm()._monthly("monthly_budget", 0.0, d, None, allow_zero=True) == {"monthly_budget": 0.0}
    assert "“0”" in domain["responses"]["utter_ask_plan_form_monthly_budget"][0]["text"]
    assert "大于0" not in domain["responses"]["utter_invalid_monthly_budget"][0]["text"]


@pytest.mark.asyncio
async def test_validate_budget_zero_is_kept(make_tracker, dispatcher, domain):
    from actions.forms import ValidatePlanForm

    tracker = make_tracker(text="一分都拿不出来 0", requested_slot="monthly_budget", active_loop="plan_form")
    assert ValidatePlanForm().validate_monthly_budget(0.0, dispatcher, tracker, domain) == {"monthly_budget": 0.0}
    assert not dispatcher.messages


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["能还多少 现在真的一分都拿不出来", "还多少才能止损 我现在一分钱都还不起"])
async def test_nothing_to_spare_is_acknowledged_not_told_to_pay_the_minimum(make_tracker, dispatcher, domain, text):
    from actions.topics import ActionAnswerStopLoss

    tracker = make_tracker(text=text, intent="ask_stop_loss")
    await ActionAnswerStopLoss().run(dispatcher, tracker, domain)
    said = "\n".join(texts(dispatcher))
    assert said.startswith("明白，您现在一分都拿不出来") and "暂缓" in said and "0元" in said
    assert "utter_stop_loss" not in [m.get("response") for m in dispatcher.messages]


def test_the_bank_call_script_with_budget_zero_asks_a_deferment_without_an_amount():
    from actions.scripts import bank_call_ask, bank_call_facts

    case = Case(cards=(Card(bank="民生银行", amount=D(60000), overdue_days=120),),
                situation=Situation(monthly_expenses=D(2000), monthly_budget=D(0)))
    ask = bank_call_ask(case)
    assert "暂缓" in ask or "延期" in ask
    assert not re.search(r"每月还[0-9,]+", ask + bank_call_facts(case))


# ---- item 3: fillers never in a script, a letter or a complaint ------------------------------------------

@pytest.mark.parametrize("reason", ["好的", "好", "嗯嗯", "好的。", "行吧", "OK", "可以的"])
def test_an_acknowledgement_is_no_reason_in_the_script(reason):
    from actions.scripts import bank_call_facts

    case = Case(cards=(Card(bank="招商银行", amount=D(100000), overdue_days=60),),
                situation=Situation(hardship_reason=reason))
    said = bank_call_facts(case)
    assert "逾期约60天。因为＿＿" in said and reason.rstrip("。") not in said.split("逾期约60天。")[1][:6]


@pytest.mark.parametrize(("reason", "kept"), [("好的 我老婆失业了", "本人配偶失业。"), ("嗯 那个 收入低 房租贵", "收入低，房租贵。"),
                                              ("好的，工资降了一半", "工资降了一半。")])
def test_fillers_leave_the_reason_and_the_letter(reason, kept):
    from bot.finance.hardship import clean_reason
    from bot.finance.plan import plan

    assert clean_reason(reason).sentence == kept
    letter = plan([{"amount": 20000}], monthly_budget=500, hardship_reason=reason, today=TODAY).letter
    assert kept.rstrip("。") in letter and "好的" not in letter and "那个" not in letter


def test_a_reason_said_with_spaces_keeps_its_clauses_apart():
    from bot.finance.hardship import clean_reason

    assert clean_reason("老婆失业了 家里就靠我一个人的工资").sentence == "本人配偶失业，家里就靠我一个人的工资。"
    assert clean_reason("收入低 房租贵 攒不下钱").sentence == "收入低，房租贵，攒不下钱。"
    assert clean_reason("去年 被裁了").sentence == "本人去年因裁员失业。"


def test_a_complaint_quote_has_no_acknowledgement():
    from bot.complaint import complaint_document, incident

    doc = complaint_document(incident(["好的，他们天天打我电话骂我是老赖"]), "招商银行", TODAY).as_text()
    assert "好的" not in doc


# ---- item 7: the 违约金 figure from the statement's minimum ------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.parametrize(("text", "figure"), [("上个月最低还款700我一分没还 违约金要交多少", "35.00"),
                                              ("最低还款额是1000 没还上 违约金多少钱", "50.00")])
async def test_the_penalty_is_computed_from_the_unpaid_minimum_and_nothing_else_is_answered(
        make_tracker, dispatcher, domain, text, figure):
    from actions.finance_answers import ActionAnswerPenaltyFee
    from bot.nlu.case_update import update_case

    case = update_case(Case(), text).case
    tracker = make_tracker({"case": case.to_slot()}, text=text, intent="ask_penalty_fee")
    await ActionAnswerPenaltyFee().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]
    assert first["response"] == "utter_penalty_result" and f"约{figure}元" in first["estimate"]
    assert "最低" in first["rule"] and "另有最低或最高金额" in first["rule"]
    assert len(dispatcher.messages) == 1  # not the minimum-payment answer too


def test_a_stated_minimum_is_not_a_question_about_the_minimum():
    from actions.finance_answers import others_text
    from bot.nlu.topics import topics_in

    assert "min_payment" not in topics_in(others_text("上个月最低还款700我一分没还 违约金要交多少"))
    assert "min_payment" in topics_in(others_text("违约金多少 只还最低还款可以吗"))


# ---- item 8: the one-off repair applied to the person's record -------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("我2025年逾期了8000块 今年6月份才还清的 能享受那个一次性信用修复吗", "2026年6月才还清的，晚于政策要求的2026年3月31日"),
    ("2024年逾期3000元 2026年5月还完的 修复政策有我吗", "2026年5月才还清的"),
    ("去年逾期3000块 还没还 能不能享受修复政策", "还没有还清"),
    ("2019年逾期5000块 早就还清了 信用修复有用吗", "产生于2019年"),
    ("2022年逾期了两万 2023年还清的 修复政策有我吗", "超过单笔1万元"),
])
def test_a_record_that_does_not_qualify_says_which_condition_fails(text, expected):
    from actions.answers import repair_policy_lead

    lead = repair_policy_lead(text, TODAY)
    assert lead and expected in lead and "不在一次性信用修复的范围内" in lead
    assert "仍然适用的：不良记录自还清之日起保存5年" in lead and "骗局" in lead


def test_the_5_years_run_from_the_repayment():
    from actions.answers import repair_policy_lead

    assert "到2031年6月前后不再展示" in repair_policy_lead("2025年逾期8000块 今年6月才还清 能享受信用修复吗", TODAY)


@pytest.mark.parametrize("text", ["2025年逾期5000元 今年3月还清的 能修复吗", "我2023年有一笔3000块的逾期，去年已经还清了"])
def test_a_qualifying_record_is_told_so(text):
    from actions.answers import repair_policy_lead

    lead = repair_policy_lead(text, TODAY)
    assert lead and "符合条件" in lead and "400客服热线" in lead


@pytest.mark.parametrize("text", ["一次性信用修复政策是什么", "听说1万以下的逾期记录不再展示了"])
def test_a_general_question_gets_the_general_text(text):
    from actions.answers import repair_policy_lead

    assert repair_policy_lead(text, TODAY) is None


@pytest.mark.asyncio
async def test_the_repair_answer_opens_with_the_persons_case(make_tracker, dispatcher, domain):
    from actions.answers import give

    text = "我2025年逾期了8000块 今年6月份才还清的 能享受那个一次性信用修复吗"
    give(dispatcher, make_tracker(text=text, intent="ask_credit_report"), F.by_id("credit_repair_policy"))
    first = texts(dispatcher)[0]
    assert first.startswith("按您说的") and "政策是真的" not in first


# ---- item 9: the letter's surplus, the interest line, the complaint in the chat --------------------------

def test_interest_figures_come_with_how_they_were_computed():
    from actions.finance_answers import interest_how
    from bot import finance

    line = interest_how(finance.get_schedule("招商银行"))
    assert "日息万分之五" in line and "全额罚息" in line and "复利" in line and "不计利息" in line
    assert "按未还部分计息" in interest_how(finance.get_schedule("工商银行"))


@pytest.mark.asyncio
async def test_the_complaint_is_a_summary_and_a_link_on_rest_and_the_text_on_request(
        make_tracker, dispatcher, domain, monkeypatch):
    import actions.scripts as scripts

    monkeypatch.setattr(scripts, "complaint_links", lambda *a, **k: {"page": "http://x/doc", "files": []})
    words = "他们天天晚上十一点打电话 还打给我同事 说不还就要上门"
    tracker = make_tracker(text=words, intent="request_collection_complaint")
    await scripts.ActionCollectionComplaint().run(dispatcher, tracker, domain)
    assert len(dispatcher.messages) == 3
    link, summary, after = dispatcher.messages
    assert "http://x/doc" in link["text"] and summary["text"].startswith("投诉书写好了，共")
    assert summary["buttons"][0]["title"] == "查看全文" and after["response"] == "utter_complaint_next"
    full = CollectingDispatcher()
    pressed = make_tracker(text=words, intent="request_collection_complaint",
                           entities=[{"entity": "plan_option", "value": "letter"}])
    await scripts.ActionCollectionComplaint().run(full, pressed, domain)
    assert [m.get("response") for m in full.messages] == ["utter_complaint_text"]
    assert "说不还就要上门" in full.messages[0]["document"]
