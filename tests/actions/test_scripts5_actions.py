"""Phone scripts after persona trial s7 (K1, K5): a bank's share of a plan over several banks, the follow-up question
asked with the script, the call before the due date, 账单分期 on the person's own amount."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from actions.finance_answers import ActionAnswerInstallment
from actions.scripts import ActionBankCallScript, bank_call_ask, bank_call_facts, bank_call_plan, not_due
from bot.case import Card, Case, Situation
from bot.finance.plan import plan_bank_shares
from bot.nlu.case_update import update_case
from bot.nlu.extract import extract_entities

K1 = Case(cards=(Card(bank="招商银行", amount=D(38000), overdue_days=40),
                 Card(bank="建设银行", amount=D(15000), overdue_days=40),
                 Card(bank="广发银行", amount=D(8000), overdue_days=40)),
          situation=Situation(monthly_income=D(6000), monthly_expenses=D(4000), monthly_budget=D(2000),
                              hardship_reason="生意不好，旁边开了个大超市，收入少了一半"))
K5 = Case(cards=(Card(bank="农业银行", amount=D(12000), overdue_days=0, statement_balance=D(12000)),),
          situation=Situation(monthly_income=D(0), monthly_expenses=D(4000), monthly_budget=D(1000),
                              hardship_reason="被裁员了，公司业务调整"))


def rendered(dispatcher, domain) -> str:
    out = []
    for m in dispatcher.messages:
        if m.get("response"):
            template = domain["responses"][m["response"]][0]["text"]
            out.append(template.format(**{k: v for k, v in m.items() if isinstance(v, (str, int))}))
        else:
            out.append(m.get("text") or "")
    return "\n".join(out)


# ---- 1. K1 #12: the called bank's share, as in its letter -------------------------------------------------------


def test_the_called_banks_share_is_its_letters_figure():
    result = bank_call_plan(K1)
    shares = {s.bank: s for s in plan_bank_shares(result)}
    assert shares["招商银行"].monthly == D("1225.81") and shares["招商银行"].last == D("1225.70")
    letter = next(item.letter for item in result.letters if item.bank == "招商银行")
    assert "每期还款1,225.81元" in letter  # one split: the letter and the script read the same share
    ask = bank_call_ask(K1, result, "招商银行")
    assert "1,225.81" in ask and "最后一期1,225.70" in ask and "分31期" in ask
    assert "1,967.74" not in ask  # never the three banks' monthly total offered to one
    facts = bank_call_facts(K1, result, "招商银行")
    assert "合计欠款约61,000元" in facts and "其中在贵行欠约38,000元" in facts
    assert "建设银行" in facts and "广发银行" in facts and "分给3家银行" in facts


def test_several_banks_none_named_give_each_banks_share():
    result = bank_call_plan(K1)
    ask = bank_call_ask(K1, result)
    assert "招商银行1,225.81元" in ask and "建设银行483.87元" in ask and "广发银行258.06元" in ask
    assert "1,967.74" not in ask


def test_one_bank_keeps_the_whole_plan():
    case = Case(cards=(Card(bank="中信银行", amount=D(20000), overdue_days=240),),
                situation=Situation(monthly_income=D(4500), monthly_expenses=D(1200), monthly_budget=D(1500)))
    result = bank_call_plan(case)
    assert "分14期、每月还1,428.57元" in bank_call_ask(case, result, "中信银行")
    assert "贵行" not in bank_call_facts(case, result, "中信银行")


def test_a_partial_plan_over_several_banks_offers_the_banks_share():
    case = Case(cards=(Card(bank="招商银行", amount=D(60000), overdue_days=90),
                       Card(bank="建设银行", amount=D(30000), overdue_days=90)),
                situation=Situation(monthly_income=D(5000), monthly_expenses=D(4100), monthly_budget=D(900)))
    result = bank_call_plan(case)
    assert result.mode == "partial"
    ask = bank_call_ask(case, result, "招商银行")
    assert "每月还贵行600元" in ask and "还差约24,000元" in ask and "900元" not in ask


@pytest.mark.asyncio
async def test_k1_script_for_zhaohang_with_what_if_they_refuse(make_tracker, dispatcher, domain):
    text = "那我打电话给招行 具体怎么说啊 他们要是说不行怎么办"
    tracker = make_tracker({"case": K1.to_slot()}, text=text, intent="ask_bank_call_script",
                           entities=extract_entities(text))
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    said = rendered(dispatcher, domain)
    assert "我的招商银行信用卡" in said and "每月还贵行1,225.81元" in said
    assert "1,967.74" not in said
    # the second question gets its answer after the words: the bank may refuse; the reason, material, 12378
    assert "可以同意也可以拒绝" in said and "问清不同意的原因" in said and "12378" in said


@pytest.mark.asyncio
async def test_what_if_the_bank_says_no_alone_gets_the_refusal_answer(make_tracker, dispatcher, domain):
    from actions.answers import specific_answer

    text = "要是招行说不行 不同意分期怎么办"
    tracker = make_tracker({"case": K1.to_slot()}, text=text, intent="ask_negotiate_plan")
    assert specific_answer(tracker).id == "bank_refuses"
    # asked again right after the script gave it (K1 #13): still the answer, never the general negotiate text
    tracker = make_tracker({"case": K1.to_slot(), "answers_given": ["bank_refuses"]}, text=text,
                           intent="ask_negotiate_plan")
    assert specific_answer(tracker).id == "bank_refuses"


# ---- 2. K5: not overdue yet ----------------------------------------------------------------------------------


def test_a_future_due_date_and_the_last_months_wage_set_no_days_overdue():
    case = update_case(Case(), "农行的卡 账单1万2 下个月15号还款日 我这个月工资是最后一个月了 下个月还不上会怎么样",
                       today=date(2026, 12, 8)).case
    assert [c.overdue_days for c in case.cards] == [0]
    case = update_case(Case(), "农行的卡 账单1万2 我这个月工资是最后一个月了", today=date(2026, 12, 8)).case
    assert [c.overdue_days for c in case.cards] == [None]
    # a past due date still counts
    case = update_case(Case(), "招行欠2万 15号还款日 没还", today=date(2026, 12, 8)).case
    assert [c.overdue_days for c in case.cards] == [23]


def test_not_due_reads_the_case_or_the_message():
    assert not_due(K5)
    assert not not_due(K1)
    assert not_due(Case(), "我还没逾期 想提前跟银行说")
    assert not not_due(Case(), "打电话怎么说")


@pytest.mark.asyncio
async def test_k5_script_before_the_due_date(make_tracker, dispatcher, domain):
    tracker = make_tracker({"case": K5.to_slot()}, text="我不要申请书 我就想要个打电话的话术 我还没逾期 提前跟农行说",
                           intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    said = rendered(dispatcher, domain)
    assert "信用卡已经逾期" not in said and "逾期约0天" not in said and "暂缓" not in said and "第七十条" not in said
    assert "还没有逾期" in said and "账单分期" in said
    assert "12,000元" in said and "1,200元" in said and "被裁员了" in said
    assert "收入约0元" in said and "必要开支约4,000元" in said
    # what missing it costs, from the computations: 农行 2 days' grace, 违约金 60, code 1, hedged
    assert "农业银行一般有2天容时期" in said and "违约金约60元" in said and "“1”" in said
    assert "以领用合约" in said
    assert "1,000" not in said  # no amount offered that she did not agree to put to the bank


@pytest.mark.asyncio
async def test_k5_before_the_form_blanks_what_she_has_not_said(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="农业银行", amount=D(12000), overdue_days=0),))
    tracker = make_tracker({"case": case.to_slot()}, text="我想提前跟银行说一下 怎么说 需要准备什么",
                           intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    said = rendered(dispatcher, domain)
    assert "因为＿＿" in said and "已经逾期" not in said and "提前准备" in said
    assert "每月最多能拿出多少" not in said  # no budget asked: the call before the due date offers no amount


@pytest.mark.asyncio
async def test_the_recap_never_says_overdue_zero_days(make_tracker, dispatcher, domain):
    from actions.consequences import situation
    from actions.whatif import facts

    tracker = make_tracker({"case": K5.to_slot()}, text="下个月还不上会怎么样", intent="ask_consequences")
    line = situation(facts(tracker), 0, D(12000))
    assert "逾期0天" not in line and "还没逾期" in line


# ---- 3. K5 #17: 账单分期 on her amount ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_installment_uses_the_persons_amount(make_tracker, dispatcher, domain):
    tracker = make_tracker({"case": K5.to_slot()}, text="15号还款日之前我自己能先做点什么 能申请账单分期吗",
                           intent="ask_installment")
    await ActionAnswerInstallment().run(dispatcher, tracker, domain)
    said = rendered(dispatcher, domain)
    assert "账单分期12,000.00元、12期" in said and "30,000" not in said
    assert "每期还 1,072.00 元" in said  # 12,000/12 + 12,000×0.6%


@pytest.mark.asyncio
async def test_not_overdue_consequences_say_what_missing_the_due_date_costs(make_tracker, dispatcher, domain):
    from actions.consequences import ActionExplainConsequences

    tracker = make_tracker({"case": K5.to_slot()}, text="下个月还不上会怎么样", intent="ask_consequences")
    await ActionExplainConsequences().run(dispatcher, tracker, domain)
    said = rendered(dispatcher, domain)
    assert "逾期0天" not in said and "还没逾期" in said
    assert "农业银行一般有2天容时期" in said and "违约金约60元" in said and "约多付361.77元" in said


def test_zero_days_read_as_not_overdue_in_the_summary_and_the_card_list():
    from actions.facts import card_items
    from actions.plan import summary_text

    assert card_items(K5) == ["农业银行 12,000元 未逾期"]
    result = bank_call_plan(K5)
    summary = summary_text(K5, {}, result, changed=False)
    assert "逾期0天" not in summary and "未逾期" in summary
