"""Persona trial s9 (answers9; bench/records/2026-12-07/trials-s9/personas-N.md) through the actions: N3 (建行 a year
overdue, 60,000) — 「先还5000利息能少多少」 (「作用有限：利息约少0.00元」), 「那我还不还了」 (the total again), 「先还一点好还是等
协商好」 (「就先还它」), the suit question beside the call script; N5 (no income) — 「先还哪个」 (「先还广发：欠得最少」)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot.case import Card, Case, Situation
from tests.actions.conftest import opened
from tests.actions.test_whatif2_actions import hooked, render

N3 = Case(cards=(Card(bank="建设银行", amount=D(60000), overdue_days=365),),
          situation=Situation(monthly_income=D(6000), monthly_expenses=D(3700), monthly_budget=D(1500)))


def with_history(tracker, *earlier: str):
    """``tracker`` with the person's ``earlier`` messages before the latest one (the context answers look back on)."""
    tracker.events[:0] = [{"event": "user", "text": t, "parse_data": {"text": t}} for t in earlier]
    return tracker


async def what_if(make_tracker, dispatcher, domain, case: Case, text: str, *earlier: str):
    from actions.whatif import ActionAnswerWhatIf

    tracker = with_history(make_tracker(hooked(text, case), text=text, intent="ask_what_if"), *earlier)
    await ActionAnswerWhatIf().run(dispatcher, tracker, domain)
    return [render(domain, m) for m in dispatcher.messages], [render(domain, m) for m in opened(dispatcher)]


@pytest.mark.asyncio
async def test_n3_13_five_thousand_on_the_fees_says_what_it_lowers_and_why(make_tracker, dispatcher, domain):
    from bot import whatif
    from bot.finance.projection import project_overdue

    sent, all_opened = await what_if(make_tracker, dispatcher, domain, N3, "先还5000利息能少多少")
    now = project_overdue(D(60000), 365, bank="建设银行")  # 79,630.07 owed, 6,996.38 of it 违约金
    verdict = sent[0].split("\n", 1)[1]
    assert verdict.startswith(f"有用：先还 5,000.00 元，欠款从约 {now.total_owed:,.2f} 元降到约 "
                              f"{now.total_owed - 5000:,.2f} 元。"), verdict
    assert f"还款通常先抵已产生的违约金（约 {now.total_penalty:,.2f} 元" in verdict and "以领用合约为准" in verdict
    assert "按您说的 60,000.00 元，还后 55,000.00 元" in verdict  # every repayment counts as principal (DOMAIN §4)
    assert "作用有限" not in "\n".join(all_opened) and "约少 0.00 元" not in "\n".join(all_opened)
    alt = whatif.pay_now(whatif.CardFacts("建设银行", D(60000), 365), D(5000)).interest_saved_bearing_first
    assert any(f"如果银行先抵计息的欠款，接下来30天利息约少 {alt:,.2f} 元" in b for b in all_opened)


@pytest.mark.asyncio
async def test_below_the_minimum_is_still_said_to_help(make_tracker, dispatcher, domain):
    case = Case(cards=(Card(bank="招商银行", amount=D(30000), overdue_days=45),))
    sent, _ = await what_if(make_tracker, dispatcher, domain, case, "先还一万有用吗")
    verdict = sent[0].split("\n", 1)[1]
    assert verdict.startswith("有用，但还不够最低还款额：先还 10,000.00 元") and "作用有限" not in verdict, verdict


@pytest.mark.asyncio
@pytest.mark.parametrize("text", ["好吧 那我现在还款的话 是先还一点好还是等协商好了再还 我手上有5000",
                                  "就这一张卡 我是问现在手上5000 是先打给建行表个态 还是等谈好分期再还 先还了会不会白还"])
async def test_n3_11_12_pay_now_or_wait_is_answered(make_tracker, dispatcher, domain, text):
    sent, _ = await what_if(make_tracker, dispatcher, domain, N3, text)
    assert sent[0].startswith("不会白还，能先还就先还一点"), sent
    assert not any("就先还它" in b or "可以这样问我" in b for b in sent), sent


@pytest.mark.asyncio
async def test_n3_14_not_paying_after_the_what_if_is_answered_not_the_total(make_tracker, dispatcher, domain):
    from actions.finance_answers import ActionComputeOverdueInterest

    text = "利息少0块？？还5000一分利息都不少吗 那我还不还了"
    tracker = with_history(make_tracker(hooked(text, N3), text=text, intent="ask_interest"), "先还5000利息能少多少")
    await ActionComputeOverdueInterest().run(dispatcher, tracker, domain)
    sent = [render(domain, m) for m in dispatcher.messages]
    assert sent[0].startswith("还是能还就还，不会白还：利息一时不少，是因为还款通常先抵违约金"), sent
    assert not any("合计应还" in b for b in sent), sent


@pytest.mark.asyncio
async def test_n3_9_the_suit_question_follows_the_call_script(make_tracker, dispatcher, domain):
    from actions.scripts import ActionBankCallScript

    text = "那我打电话给建行客服具体怎么说啊 他们会不会说已经起诉了不给分期 被起诉了还能协商吗"
    await ActionBankCallScript().run(dispatcher, make_tracker(hooked(text, N3), text=text,
                                                              intent="ask_bank_call_script"), domain)
    sent = [render(domain, m) for m in dispatcher.messages]
    assert "可以照着说" in sent[0], sent
    assert any(b.startswith("可以谈，但银行不一定同意") for b in sent[1:]), sent


N5 = Case(cards=(Card(bank="浦发银行", amount=D(28000)), Card(bank="广发银行", amount=D(10000))),
          situation=Situation(monthly_expenses=D(2000)))
N5_4 = "我现在一个月房租2000 存款就剩5000 欠了浦发2万8 广发1万 先还哪个"


@pytest.mark.asyncio
async def test_n5_4_no_income_keeps_living_money_first(make_tracker, dispatcher, domain):
    sent, _ = await what_if(make_tracker, dispatcher, domain, N5, N5_4, "工作丢了 信用卡也还不上 我真的撑不下去了")
    verdict = sent[0].split("\n", 1)[1]
    assert verdict.startswith("先留够房租、吃饭的钱，再说还卡"), verdict
    assert "先保住广发银行：还上它的最低还款（约1,000.00元" in verdict and "浦发银行打卡背面的客服电话" in verdict
    assert "欠得最少" not in "\n".join(sent)


@pytest.mark.asyncio
async def test_with_money_to_spare_the_order_rule_stays(make_tracker, dispatcher, domain):
    case = Case(cards=N5.cards, situation=Situation(monthly_income=D(8000), monthly_expenses=D(3000)))
    sent, _ = await what_if(make_tracker, dispatcher, domain, case, "浦发2万8 广发1万 先还哪个", "我失业了半年 现在找到工作了")
    assert sent[0].split("\n", 1)[1].startswith("先还广发银行：它欠得最少"), sent
