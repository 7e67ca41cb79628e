"""Persona trial s9 (answers9; bench/records/2026-12-07/trials-s9/personas-N.md), over REST against a real `rasa run` +
action server, in the persons' own words. N3: 建行, a year overdue, 6万多 — on the engine's path 79,630.07 owed, of it
6,996.38 违约金 (no interest on it, DOMAIN §1–§2), so 5,000 paid now lowers the debt to 74,630.07 and the interest not at
once; every repayment counts as principal (DOMAIN §4: 60,000 → 55,000). N5: no income, rent 2,000, 浦发 28,000 and
广发 10,000 (its minimum ≈ 10 % = 1,000)."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-answers9-{uuid.uuid4().hex[:10]}"


N3 = [
    "我建行信用卡逾期一年了欠了6万多今天收到法院的短信说要起诉我我好害怕会不会坐牢啊",
    "催收打过好多次电话了我也一直接的就是没钱还我没跑路啊那我能不能跟银行说只还本金利息不还了",
]
N3_PLAN = [
    "那我自己打电话给建行要怎么说 我一个月只能还1500 你帮我写个申请吧",
    "送外卖的一个月六千左右",
    "房租1200吃饭1500还要给老家寄1000",
    "去年出车祸腿断了半年没法跑单",
    "对的 确认 生成吧",
]


def test_n3_13_14_five_thousand_now_and_then_not_paying(live_bot):
    s = sender()
    for text in N3:
        live_bot.texts(s, text)
    saved = live_bot.texts(s, "先还5000利息能少多少")  # N3 #13: 「作用有限：…利息约少 0.00 元」
    assert "有用：先还 5,000.00 元，欠款从约 79,630.07 元降到约 74,630.07 元。" in saved, saved
    assert "还款通常先抵已产生的违约金（约 6,996.38 元" in saved and "以领用合约为准" in saved
    assert "还后 55,000.00 元" in saved and "作用有限" not in saved and "约少 0.00 元" not in saved
    stop = live_bot.texts(s, "利息少0块？？还5000一分利息都不少吗 那我还不还了")  # N3 #14: the total again
    assert stop.startswith("还是能还就还，不会白还") and "合计应还" not in stop, stop


def test_n3_9_12_the_suit_and_paying_before_the_deal(live_bot):
    s = sender()
    for text in N3 + N3_PLAN:
        live_bot.texts(s, text)
    script = live_bot.say(s, "那我打电话给建行客服具体怎么说啊 他们会不会说已经起诉了不给分期 被起诉了还能协商吗")  # N3 #9
    texts = [m.get("text") or "" for m in script]
    assert "可以照着说" in texts[0] and any(t.startswith("可以谈，但银行不一定同意") for t in texts[1:]), texts
    again = live_bot.texts(s, "你还没回答我 被起诉了银行还肯协商吗 还是只能等开庭")  # N3 #10: 「没有可靠的依据」
    assert again.startswith("可以谈，但银行不一定同意") and "调解书" in again and "没有可靠的依据" not in again, again
    wait = live_bot.texts(s, "好吧 那我现在还款的话 是先还一点好还是等协商好了再还 我手上有5000")  # N3 #11: 「就先还它」
    assert wait.startswith("不会白还，能先还就先还一点") and "就先还它" not in wait, wait
    lost = live_bot.texts(s, "就这一张卡 我是问现在手上5000 是先打给建行表个态 还是等谈好分期再还 先还了会不会白还")  # #12
    assert lost.startswith("不会白还") and "可以这样问我" not in lost, lost


def test_n3_10_the_suit_question_alone(live_bot):
    s = sender()
    live_bot.texts(s, N3[0])
    answer = live_bot.texts(s, "被起诉了银行还肯协商吗 起诉了会不会不给分期")
    assert answer.startswith("可以谈，但银行不一定同意") and "承办法官" in answer, answer


def test_n5_4_no_income_keeps_the_rent_first(live_bot):
    s = sender()
    live_bot.texts(s, "工作丢了 信用卡也还不上 我真的撑不下去了")
    live_bot.texts(s, "嗯 谢谢 我没事 就是心里堵 信用卡逾期了会上门吗 我怕家里人知道")
    first = live_bot.texts(s, "我现在一个月房租2000 存款就剩5000 欠了浦发2万8 广发1万 先还哪个")  # N5 #4: 「先还广发」
    assert "先留够房租、吃饭的钱，再说还卡" in first and "先保住广发银行" in first, first
    assert "约1,000.00元" in first and "浦发银行打卡背面的客服电话" in first and "欠得最少" not in first
