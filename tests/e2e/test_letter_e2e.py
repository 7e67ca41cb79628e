"""The summary card, a correction before the letter, and the letter's figures, over REST against a real
`rasa run` + action server (issue 13); the PDF it links to, read back with pdftotext."""
from __future__ import annotations

import uuid

import requests
from tests.e2e.talk import pdf_text


def sender() -> str:
    return f"e2e-letter-{uuid.uuid4().hex[:10]}"


def fill_form(bot, s: str) -> str:
    bot.texts(s, "帮我写个协商还款的申请")
    bot.texts(s, "建行欠了三万六")
    bot.texts(s, "月薪4000")
    bot.texts(s, "房租加吃饭一个月2800")
    bot.texts(s, "每月最多能还1000")
    return bot.texts(s, "去年做生意亏了")


def test_a_typed_correction_before_the_letter_changes_its_figures(live_bot):
    s = sender()
    summary = fill_form(live_bot, s)
    for item in ("我记下的情况", "建设银行：欠款36,000.00元（您说的数", "每月收入：4,000.00元", "每月必要支出：2,800.00元",
                 "每月能拿出来还款：1,000.00元", "本人去年做生意亏损。", "这句话会以您的名义写进申请书，请核对"):
        assert item in summary, (item, summary)
    assert live_bot.tracker(s)["slots"]["plan_case_id"] is None  # no letter yet

    # the expenses were 3,200, not 2,800: the limit drops from 1,000 to 800
    again = live_bot.texts(s, "每月必要支出是3200")
    assert "每月必要支出：3,200.00元" in again and "已更新" in again

    messages = live_bot.say(s, "/affirm")
    custom = next(m["custom"] for m in messages if "custom" in m)
    letter = custom["letter"]
    assert custom["periods"] == 45 and custom["monthly_payment"] == 800.0 and custom["mode"] == "plan"
    assert "必要生活支出约3,200.00元" in letter and "2,800.00" not in letter
    assert "每期还款800.00元" in letter and "分45期按月偿还" in letter
    assert "本人去年做生意亏损。" in letter and "严重" not in letter
    assert "以短信或书面函件向本人确认" in letter and "不再向任何银行申请新的信用卡" in letter

    # the PDF behind the signed link is the same letter
    pdf = next(d for d in custom["documents"] if d["format"] == "pdf" and "letter-0" in d["url"])
    assert pdf["url"].startswith(f"{live_bot.url}/webhooks/widget/documents/")  # absolute (issue 23 item 21)
    reply = requests.get(pdf["url"], timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/pdf"
    text = pdf_text(reply.content)
    assert "每期还款800.00元" in text and "3,200.00元" in text and "申请人（签字）" in text
    tampered = pdf["url"].replace("letter-0.pdf?e=", "letter-0.pdf?e=1")
    assert requests.get(tampered, timeout=30).status_code == 403


def test_a_confirmation_never_makes_a_letter_the_person_cannot_pay(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行欠了十万")
    live_bot.texts(s, "月收入4000")
    live_bot.texts(s, "每月必要开支3500")
    live_bot.texts(s, "每月最多能还500")
    summary = live_bot.texts(s, "去年失业了")
    assert "60期还差70,000.00元" in summary
    messages = live_bot.say(s, "确认")
    letter = next(m["custom"] for m in messages if "custom" in m)["letter"]
    assert "每期还款500.00元" in letter and "1,666.67" not in letter and "相差70,000.00元" in letter


def test_buttons_change_a_figure_the_reason_and_the_due_day_before_the_letter(live_bot):
    s = sender()
    fill_form(live_bot, s)
    assert "收入应该是多少" in live_bot.texts(s, '/correct_fact{"fact":"monthly_income"}')
    again = live_bot.texts(s, "4500")
    assert "每月收入：4,500.00元" in again and "已更新" in again
    assert "原因" in live_bot.texts(s, '/correct_fact{"fact":"hardship_reason"}')
    again = live_bot.texts(s, "去年被公司裁员了")
    assert "本人去年因裁员失业。" in again, again
    again = live_bot.texts(s, '/request_plan_draft{"plan_option":"day:15"}')
    assert "还款日：每月15日" in again
    messages = live_bot.say(s, "/affirm")
    letter = next(m["custom"] for m in messages if "custom" in m)["letter"]
    assert "每月收入约4,500.00元" in letter and "本人去年因裁员失业。" in letter and "生意" not in letter
    assert "每月15日前还款" in letter and "每月1日前" not in letter


def test_a_typed_due_day_and_a_statement_balance_are_the_letters_figures(live_bot):
    """WeChat gets no option buttons: the day is typed; the statement balance replaces the principal."""
    s = sender()
    fill_form(live_bot, s)  # 建行 36,000 principal; income 4,000, expenses 2,800, at most 1,000 a month
    again = live_bot.texts(s, "每月20号还款")
    assert "已更新" in again and "还款日：每月20日" in again, again
    refused = live_bot.texts(s, "还款日改成30号")
    assert "1日到28日" in refused and "我记下的情况" not in refused, refused
    assert live_bot.tracker(s)["slots"]["plan_options"] == {"payment_day": 20}
    again = live_bot.texts(s, "自动扣款")  # read by the NLU as nothing: the case hook still understands it
    assert "还款方式：自动扣款" in again and "还款日：每月20日" in again, again
    again = live_bot.texts(s, "账单上写的应还款38000")  # read by the NLU as a what-if
    assert "建设银行：欠款38,000.00元（账单应还）" in again and "还款日：每月20日" in again, again

    messages = live_bot.say(s, "确认")
    custom = next(m["custom"] for m in messages if "custom" in m)
    letter = custom["letter"]
    assert custom["total"] == 38000.0 and custom["periods"] == 38 and custom["monthly_payment"] == 1000.0
    # 「欠了三万六」 is no 本金: the statement is not split into a principal and fees nobody said (trial s6 I3 #15)
    assert "欠款为人民币38,000.00元" in letter and "透支本金" not in letter and "每期还款1,000.00元" in letter
    assert "每月20日前还款" in letter and "每月1日前" not in letter and "自动扣款" in letter
