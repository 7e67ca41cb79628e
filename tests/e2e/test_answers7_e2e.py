"""UI session 7 (answers7), over REST against a real `rasa run` + action server: the widget's two cardholders replayed
(A: 招行 28,000, 60 days, 1,500 a month; B: 建行 15,000 + 广发 8,000). Figures per DOMAIN §1–§4 at the default
0.05 %/day: A owes 28,000 + 1,134.68 interest + 441.70 违约金 = 29,576.38 today."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-answers7-{uuid.uuid4().hex[:10]}"


def a_with_budget(live_bot) -> str:
    s = sender()
    live_bot.texts(s, "招行的卡 欠了两万三 逾期快俩月了 利息咋算的")
    live_bot.texts(s, "不对不对 是两万八 我记错了")
    live_bot.texts(s, "我工资4500 房租1200 吃饭啥的1500 每个月最多能拿1500还")
    return s


def test_a5_criminal_risk_verdict_on_her_figures_first(live_bot):
    """A5: the fear heard in one line, then the verdict with 28,000 < 5万 and 60 days; no myth she did not voice."""
    s = a_with_budget(live_bot)
    bubbles = [m.get("text") or "" for m in live_bot.say(s, "会不会坐牢啊 催收说要起诉我 我好怕")]
    assert bubbles[0] == "听得出您很担心，我们按您的情况一条条看：", bubbles
    assert bubbles[1].startswith("会不会坐牢（恶意透支）：") and "目前不符合恶意透支的全部条件" in bubbles[1], bubbles
    assert "按您说的本金28,000元，不足5万元" in bubbles[1] and "逾期60天" in bubbles[1], bubbles
    assert not any("是谣言" in b for b in bubbles), bubbles
    assert any(b.startswith("起诉：银行可以提起民事诉讼") for b in bubbles), bubbles  # the lawsuit she named


def test_a8_a18_monthly_amount_with_its_assumption_and_with_interest(live_bot):
    s = a_with_budget(live_bot)
    periods = live_bot.texts(s, "要是每个月就还1500 得还多久啊")  # A8
    assert "19期（约1.6年）还清" in periods, periods
    assert "前提是银行同意停息、并减免已产生的利息和违约金约 1,576.38 元" in periods, periods
    assert "按今天应还约 29,576.38 元" in periods and "约24期（约2.0年）还清" in periods, periods
    refused = live_bot.texts(s, "要是银行不给停息 每月还1500 要还多久")  # A18
    assert "利息照算" in refused and "约24期" in refused, refused
    assert "如果银行同意停息、并减免已产生的利息和违约金约 1,576.38 元：19期" in refused, refused


def test_a10_a17_reason_kept_beside_stress_words_and_the_plan_date_confirmed(live_bot):
    """A10: the reason said with 「压力好大天天睡不着」 is not asked again after 继续; A17: 「1月1号开始还 对吧」 → yes, with
    the plan's first date and amount (28,000 / 19 = 1,473.68)."""
    s = a_with_budget(live_bot)
    live_bot.texts(s, "帮我弄个还款计划 写给银行那个")
    # since care10 the stress remark is no crisis: one kind line, and the summary comes in the same turn
    summary = live_bot.texts(s, "厂里效益不好工资降了 还要养娃 压力好大天天睡不着")
    assert "困难原因：厂里效益不好工资降了，还要养娃。" in summary and "天天睡不着" not in summary, summary
    assert "110" not in summary, summary
    resumed = live_bot.texts(s, "没那么严重 就是烦 继续吧")
    assert "请简单说一下还不上的原因" not in resumed, resumed
    live_bot.texts(s, "确认")
    confirmed = live_bot.texts(s, "那我就1月1号开始还 对吧")
    assert confirmed.startswith("对：计划第一期是") and "还 1,473.68 元" in confirmed, confirmed
    assert "要银行同意才算数" in confirmed and "您还想了解什么" not in confirmed, confirmed


def test_a14_letter_question_beside_the_handoff_is_answered(live_bot):
    s = a_with_budget(live_bot)
    reply = live_bot.texts(s, "能转人工吗 想找个真人问问 这个申请书银行真的会认吗")
    assert "H0" in reply and "不一定：个性化分期是银行“可以”同意" in reply, reply


def test_b2_b5_two_cards_penalty_so_far_and_no_unasked_block(live_bot):
    s = sender()
    live_bot.texts(s, "建行欠1万5 还有个广法的8千 都逾期三个月了")
    fee = live_bot.texts(s, "违约金一个月收多少")  # B2: each miss and the total so far
    assert fee.startswith("2张卡的违约金到现在合计约743.17元。"), fee
    assert "依次约75.00、161.63、248.05元" in fee and "依次约40.00、86.20、132.29元" in fee, fee
    live_bot.texts(s, "哦不对 不是三个月 四个月了 上上个月开始就没还")
    bubbles = [m.get("text") or "" for m in live_bot.say(s, "我要是下个月先还5000 能少多少利息")]  # B5
    assert len(bubbles) == 1 and "先还 5,000.00 元" in bubbles[0], bubbles
    assert not any("按各卡所属银行的规则分别估算" in b for b in bubbles), bubbles


def test_a2_annualised_cost_says_what_it_holds(live_bot):
    s = sender()
    live_bot.texts(s, "招行的卡 欠了两万三 逾期快俩月了 利息咋算的")
    details = live_bot.texts(s, "详细")
    assert "利息和违约金合计折合年化成本约25.69%（按记账日到今天约80天折算）" in details, details
