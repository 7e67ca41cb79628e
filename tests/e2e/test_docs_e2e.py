"""Issue 23 over REST against a real `rasa run` + action server: nothing in a letter, a script or a complaint that
the person did not say. The PDFs behind the (absolute) links are read back with pdftotext."""
from __future__ import annotations

import re
import uuid

import requests
from tests.e2e.talk import pdf_text


def sender() -> str:
    return f"e2e-docs-{uuid.uuid4().hex[:10]}"


def page_pdf(bot, url: str, name: str) -> str:
    """The text of the PDF named ``name`` (letter-0, complaint) on the download page at the absolute ``url``."""
    assert url.startswith(f"{bot.url}/webhooks/widget/documents/"), url
    page = requests.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    href = re.search(rf'href="([^"]+{name}\.pdf[^"]+)"', page.text).group(1).replace("&amp;", "&")
    pdf = requests.get(f"{bot.url}/webhooks/widget/documents/{href}", timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    return pdf_text(pdf.content)


def link_in(text: str) -> str:
    match = re.search(r"(https?://\S+/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)", text)
    assert match, text
    return match.group(1)


def test_the_letter_and_the_script_say_what_the_person_said_and_can_pay(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个协商还款的申请")
    live_bot.texts(s, "招行欠了十万")
    live_bot.texts(s, "月收入3000")
    live_bot.texts(s, "每月必要开支2500")
    live_bot.texts(s, "每月最多能还2000")
    summary = live_bot.texts(s, "老婆失业了")
    assert "困难原因：本人配偶失业。" in summary and "这句话会以您的名义写进申请书，请核对" in summary, summary
    assert "本人失业" not in summary

    messages = live_bot.say(s, "确认")
    texts = "\n".join(m.get("text", "") for m in messages)
    # item 19: a short summary, the link and 「查看全文」 — not the letter itself
    assert "个性化分期还款申请书" not in texts and "第七十条" not in texts and len(texts) < 2000, len(texts)
    full = next(m for m in messages if any(b.get("title") == "查看全文" for b in m.get("buttons") or []))
    # item 20: the plan total says what it is
    # (letter5: the notes behind 「详细」, for a phone; the verdict names the total's basis)
    assert "按您说的欠款合计100,000.00元" in texts
    details = next(b["payload"] for m in messages for b in m.get("buttons") or []
                   if b.get("payload", "").startswith("/ask_details"))
    assert "未含银行已经计收的利息、违约金" in live_bot.texts(s, details)
    # item 21: absolute links, over REST too
    custom = next(m["custom"] for m in messages if "custom" in m)
    assert all(d["url"].startswith(f"{live_bot.url}/webhooks/") for d in custom["documents"])
    letter_pdf = page_pdf(live_bot, link_in(texts), "letter-0")

    shown = live_bot.say(s, full["buttons"][0]["payload"])
    letter = "\n".join(m.get("text", "") for m in shown)
    assert letter.startswith("个性化分期还款申请书") and letter == custom["letter"].strip()

    flat = "".join(letter.split())
    for text in (flat, letter_pdf):
        # item 2: the person's subject and words; the amount as said; no promise nobody made
        assert "本人配偶失业。" in text and "本人失业" not in text
        assert "约人民币100,000.00元（以贵行账务为准）" in text and "透支本金" not in text
        assert "提前还款" not in text and "严重" not in text
        # item 1: the limit, not the budget; item 4: a principal gap is not closed by waiving interest
        assert "每期还款500.00元" in text and "2,000.00元" not in text
        assert "这部分差额无法靠减免利息、违约金弥补" in text and "使剩余欠款能在60期内还清" not in text

    script = live_bot.texts(s, "打客服协商怎么说")
    assert "我申请最长分60期、每月还500元；按这个数60期还差约70,000元" in script, script
    assert "每月最多能还500元" in script and "2,000" not in script and "分50期" not in script
    assert "老婆失业了，现在无力全额还款" in script


def test_with_nothing_to_spare_the_script_asks_for_a_deferment_as_the_letter_does(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "中信欠了三万")
    live_bot.texts(s, "0")
    live_bot.texts(s, "每月必要开支1500")
    live_bot.texts(s, "每月最多能还800")
    summary = live_bot.texts(s, "生意不太好做")
    assert "困难原因：生意不太好做。" in summary and "严重亏损" not in summary, summary
    messages = live_bot.say(s, "确认")
    letter = next(m["custom"] for m in messages if "custom" in m)["letter"]
    assert letter.startswith("困难情况说明及延期还款申请书") and "每期还款" not in letter
    assert "生意不太好做。" in letter and "经营的生意" not in letter
    script = live_bot.texts(s, "打客服协商怎么说")
    assert "我申请暂缓（延期）还款" in script and "扣除必要开支后没有余钱" in script, script
    assert not re.search(r"每月还\d", script) and "800" not in script


def test_the_complaint_quotes_the_threat_and_leaves_out_the_questions(live_bot):
    s = sender()
    live_bot.texts(s, "催收会不会打给我同事？")
    live_bot.texts(s, "招商银行的催收说不还就上门，还天天打我电话，昨天一天打了30个电话")
    summary = live_bot.texts(s, "帮我写投诉")
    # REST: a link, a short summary and 「查看全文」 (probe D05); the text on request (truth3)
    assert "投诉书写好了" in summary and "查看全文" in summary, summary
    reply = summary + "\n" + live_bot.texts(s, '/request_collection_complaint{"plan_option":"letter"}')
    # every point is one the bank is asked to check (a threatened visit; 30 calls not said to go unanswered): the
    # title calls nothing 违规 (complaint3)
    assert "关于招商银行信用卡催收行为的投诉" in reply, reply
    # a threatened visit is quoted and checked, not called a breach (DOMAIN §6; probe D05)
    assert "说不还钱就要上门（“招商银行的催收说不还就上门”）。请贵行核实" in reply
    assert "上门或到我的单位催收" not in reply and "对我动手" not in reply and "监管规定" not in reply
    assert "会不会" not in reply and "同事" not in reply and "我愿意还款" not in reply
    text = page_pdf(live_bot, link_in(reply), "complaint")
    # 30 calls, none said to go unanswered: checked as frequent calls, not the unanswered-calls breach (complaint3)
    assert "说不还钱就要上门" in text and "催收人员频繁来电" in text and "一天之内反复呼叫" not in text
    assert "同事" not in text and "对我动手" not in text


def test_a_parent_complains_in_their_own_voice(live_bot):
    s = sender()
    live_bot.texts(s, "我儿子的招行信用卡逾期了，催收天天打电话给我，还骂我")
    summary = live_bot.texts(s, "帮我写投诉")
    assert "投诉书写好了" in summary and "查看全文" in summary, summary  # REST: the text on request (truth3)
    reply = live_bot.texts(s, '/request_collection_complaint{"plan_option":"letter"}')
    assert "贵行信用卡的持卡人是我的儿子，我本人不是这张卡的持卡人" in reply, reply
    assert "我是贵行信用卡持卡人" not in reply and "我愿意还款" not in reply
    assert "我不是持卡人，请不要再为这笔欠款联系我" in reply
