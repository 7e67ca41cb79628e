"""Persona trial s6 I3 over REST against a real `rasa run` + action server: a 交行 bill of 12,000 with 500 paid,
3 days late, 2,000 a month to spare, a 违约金 waiver asked. The waiver gets the phone script (no 个性化分期 letter
declaring the debt beyond his means); asked for the letter anyway, the summary and the PDF count 11,500 and state
each figure in the role he said it, and every figure of the PDF is one he said or the plan's arithmetic of them.
Also: a deferment letter promises no call the person did not offer (truth4 audit #23); the plan turn is short."""
from __future__ import annotations

import re
import uuid

import requests

from actions import texts as x
from tests.e2e.talk import pdf_text


def sender() -> str:
    return f"e2e-letter5-{uuid.uuid4().hex[:10]}"


def letter_pdf(bot, messages: list[dict]) -> str:
    custom = next(m["custom"] for m in messages if "custom" in m)
    pdf = next(d for d in custom["documents"] if d["format"] == "pdf" and "letter-0" in d["url"])
    reply = requests.get(pdf["url"], timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/pdf"
    return pdf_text(reply.content)


MONEY = re.compile(r"\d{1,3}(?:,\d{3})*\.\d{2}元")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；]", text) if s]


def test_i3_waiver_then_the_letter_says_each_figure_as_he_said_it(live_bot):
    s = sender()
    live_bot.texts(s, "交行信用卡 账单12000 最低还款1200 我到期那天只还了500 现在还要还多少")
    live_bot.texts(s, "逾期3天 今天是还款日后第三天")
    live_bot.texts(s, "帮我写个申请 给交行的 说明情况 申请减免违约金")
    live_bot.texts(s, "月薪六千 房租加吃饭三千五")
    live_bot.texts(s, "每个月最多能拿两千")
    messages = live_bot.say(s, "上个月我爸住院花了钱 所以只还了500")
    script = "\n".join(m.get("text") or "" for m in messages)
    # the phone script for a waiver, not a hardship letter's summary (I3 #15)
    assert "我记下的情况" not in script and "减免这次的违约金" in script and "还差700元" in script, script
    assert "不用写个性化分期申请书" in script
    assert live_bot.tracker(s)["slots"]["plan_case_id"] is None
    button = messages[-1]["buttons"][0]
    assert button["title"] == x.PLAN_WAIVER_LETTER_BUTTON["title"]

    # he wants the letter all the same: the summary counts what he owes after the 500
    summary = live_bot.texts(s, button["payload"])
    assert "交通银行：欠款11,500.00元（账单应还12,000.00元，已还500.00元" in summary, summary
    assert summary.split("\n")[1].startswith("按这些数字：每月还1,916.67元，分6期"), summary  # the figure first
    # I3 #14: the correction said 「已改」 and the summary kept 12,000
    again = live_bot.texts(s, "不对 我已经还了500 现在欠11500")
    assert "欠款11,500.00元（账单应还12,000.00元，已还500.00元" in again and "欠款12,000.00元" not in again, again

    messages = live_bot.say(s, "确认")
    bubbles = [m.get("text") or "" for m in messages]
    assert sum(len(b) for b in bubbles) < 420, bubbles  # 694 字 in the trial: the notes are behind 「详细」
    assert any(b.get("payload", "").startswith("/ask_details") for m in messages for b in m.get("buttons") or [])
    custom = next(m["custom"] for m in messages if "custom" in m)
    assert custom["total"] == 11500.0 and custom["periods"] == 6 and custom["mode"] == "plan"

    text = letter_pdf(live_bot, messages)
    # I3 #15: no balance of 12,000 owed, no fee split out of his repayment, no hardship he never claimed
    assert "欠款约人民币11,500.00元（以贵行账务为准）" in text
    assert "账单应还金额约12,000.00元，本人已还500.00元" in text
    assert "透支本金" not in text and "利息、违约金及其他费用约" not in text
    assert "实际还款能力" not in text and "无法按原约定偿还" not in text
    # every figure of every sentence: one he said (12,000 bill, 500 paid, 11,500 owed, 6,000 income, 3,500 needs) or
    # the plan's arithmetic of them (2,500 left, 1,916.67 × 5 + 1,916.65)
    allowed = {"12,000.00元", "500.00元", "11,500.00元", "6,000.00元", "3,500.00元", "2,500.00元", "1,916.67元",
               "1,916.65元"}
    for sentence in sentences(text):
        for figure in MONEY.findall(sentence):
            assert figure in allowed, (figure, sentence)
        if "500.00元" in sentence and "11,500.00元" not in sentence and "2,500.00元" not in sentence:
            assert "已还500.00元" in sentence, sentence  # 500 only ever as what he repaid


def test_a_letter_without_a_waiver_for_a_person_who_can_pay_claims_no_hardship(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个分期申请书")
    live_bot.texts(s, "建行欠了两万")
    live_bot.texts(s, "月薪8000")
    live_bot.texts(s, "房租加吃饭一个月4000")
    live_bot.texts(s, "每月最多能还2000")
    summary = live_bot.texts(s, "孩子上学开销大")
    assert "按这些数字：每月还2,000.00元，分10期还清" in summary, summary
    text = letter_pdf(live_bot, live_bot.say(s, "确认"))
    assert "实际还款能力" not in text and "无法按原约定偿还" not in text
    assert "本人没有逃避债务的意图，愿意继续偿还全部欠款" in text and "每期还款2,000.00元" in text


def test_a_deferment_letter_promises_no_call(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个申请书")
    live_bot.texts(s, "招行欠了三万")
    live_bot.texts(s, "月收入2000")
    live_bot.texts(s, "每月必要开支2500")
    live_bot.texts(s, "0")
    summary = live_bot.texts(s, "去年失业了")
    assert "申请暂缓还款" in summary, summary
    text = letter_pdf(live_bot, live_bot.say(s, "确认"))
    assert "暂缓" in text and "实际还款能力" in text  # income below needs: the claim is his figures'
    assert "本人将立即与贵行联系" not in text and "本人将主动联系贵行" not in text and "保持联系方式畅通" not in text
    assert "恳请贵行在暂缓期满前与本人联系" in text


def test_g4_a_quoted_sentence_is_deleted_from_the_complaint(live_bot):
    """Persona trial s5 G4 #8: 「删掉"那就算能找我"这句」 got 「没能理解」; a quoted sentence is an edit of the complaint."""
    s = sender()
    live_bot.texts(s, "我老公的浦发信用卡逾期了 催收天天打我单位电话 我又不是持卡人 他们凭什么找我")
    written = live_bot.texts(s, "今天又有人打我单位座机 一天打七八次 跟我们主任说我老公欠钱不还是老赖 帮我写个投诉信")
    assert "投诉书写好了" in written and "频繁来电" in written, written
    gone = live_bot.texts(s, "删掉“一天打七八次”这句")
    assert "没能理解" not in gone and "投诉书已改" in gone, gone
    full = live_bot.texts(s, '/request_collection_complaint{"plan_option":"letter"}')
    assert "一天打七八次" not in full and "老赖" in full, full
    absent = live_bot.texts(s, '删掉"那就算能找我"这句')
    assert "没能理解" not in absent and "投诉书" in absent, absent
