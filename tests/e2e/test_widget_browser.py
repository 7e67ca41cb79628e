"""The cardholder widget in Debian's chromium (driven by Playwright, never a downloaded browser),
against the live bot: a figure, a complete plan with table, chart and letter download, the transcript
kept across a reload, the phone width, and the polite error when the server cannot be reached.

The screenshot goes to results/screenshots/widget.png (git-ignored).
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import threading
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot import finance
from tests.e2e import settings as e2e_settings

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.65.2 (dev extra)")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "results" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
REPLY_TIMEOUT_MS = 60_000

# What a cardholder answers to the plan form, by what the bot asks (the order is the dialogue's business).
HARDSHIP = "去年公司裁员失业了，现在打零工收入不稳定"
# first match wins: the hardship question's examples name 「收入下降」, so it is recognised first
PLAN_ANSWERS = [
    (re.compile(r"原因|困难|为什么"), HARDSHIP),
    (re.compile(r"哪家银行|哪个银行|欠多少|欠款金额|一共欠"), "民生银行欠了五万二"),
    (re.compile(r"收入|工资|月薪"), "月薪3800"),
    (re.compile(r"支出|开销|生活费|房租"), "房租加吃饭一个月1500"),
    (re.compile(r"最多能还|每月能还|预算|拿出"), "每月最多能还900"),
    (re.compile(r"几期|期数|分多少期"), "60期"),
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed (make browser-deps); no skips under CI")
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_bot):
    context = browser.new_context(viewport=PHONE, accept_downloads=True, locale="zh-CN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(REPLY_TIMEOUT_MS)
    page.goto(f"{live_bot.url}/webhooks/widget/")
    page.wait_for_selector("#messages .msg-bot")
    try:
        yield page
    finally:
        context.close()


def bot_count(page) -> int:
    return page.locator("#messages .msg-bot").count()


def say(page, text: str) -> str:
    """Types `text`, presses Enter, waits for the answer; returns the text of the new bot messages."""
    before = bot_count(page)
    page.fill("#input", text)
    page.press("#input", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#messages .msg-bot').length > n"
        " && document.getElementById('typing').hidden", arg=before,
    )
    new = page.locator("#messages .msg-bot")
    return "\n".join(new.nth(i).inner_text() for i in range(before, new.count()))


def stored_plan(page) -> dict:
    """The repayment_plan payload the page received, from the transcript it keeps in localStorage."""
    transcript = page.evaluate("JSON.parse(localStorage.getItem('kayou.widget.transcript.v2')).entries")
    plans = [e["custom"] for e in transcript if (e.get("custom") or {}).get("type") == "repayment_plan"]
    assert plans, "no repayment_plan custom message arrived"
    return plans[-1]


def test_question_plan_letter_and_reload(page, live_bot, tmp_path):
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行")

    # 1. a question with every fact at once gets the figure
    reply = say(page, "招行欠了两万五，逾期45天，利息多少？")
    assert f"{expected.total_interest:,.2f}" in reply, reply
    assert page.locator("#messages .msg-user", has_text="招行欠了两万五").count() == 1
    assert page.input_value("#input") == ""

    # 2. a plan through the form, answering whatever the bot asks, up to the summary card
    say(page, "帮我写个协商还款的申请")
    answers: list[str] = []
    for _ in range(10):
        if "我记下的情况" in page.locator("#messages .msg-bot").last.inner_text():
            break
        # answer the question the bot asked last
        question = page.locator("#messages .msg-bot").last.inner_text()
        answer = next((a for pattern, a in PLAN_ANSWERS if pattern.search(question)), None)
        assert answer, f"the plan form asked something this test cannot answer:\n{question}"
        answers.append(answer)
        say(page, answer)
    assert page.locator(".plan-card").count() == 0  # no letter before the facts are confirmed
    # a correction before the letter: the summary again, with the new figure
    again = say(page, "收入是4200")
    assert "每月收入：4,200.00元" in again, again
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-summary.png"))
    before = bot_count(page)
    page.locator("#messages .msg-bot").last.get_by_role("button", name="确认，生成申请书").click()
    page.wait_for_function("n => document.querySelectorAll('#messages .msg-bot').length > n"
                           " && document.getElementById('typing').hidden", arg=before)
    card = page.locator(".plan-card").last
    card.wait_for()
    # the reply opens at its start: the plan card's first line is on screen, not 「此致 敬礼」
    reply_top = page.locator("#messages .msg-bot").nth(before).evaluate(
        "el => el.getBoundingClientRect().top - document.getElementById('chat').getBoundingClientRect().top")
    assert -2 <= reply_top <= 40, reply_top
    plan = stored_plan(page)
    # the debt is whatever the conversation established (the first question's 两万五 may be reused)
    total = Decimal(str(plan["total"]))
    assert 0 < plan["periods"] <= 60 and plan["periods"] == math.ceil(total / 900)  # CONTRACT §2
    assert "个性化分期" in card.inner_text()
    assert f"{plan['monthly_payment']:,.2f}" in card.inner_text()
    # issue 23 item 20: the total says what it is, never a bare 「合计」 beside a 「今天一次还清」 figure
    assert "计划金额（您说的欠款，未含已产生的利息、违约金）" in card.locator("dl.plan-summary").inner_text()

    # the schedule table (collapsed when long) and the two charts
    details = card.locator("details.schedule-details")
    if details.count():
        details.locator("summary").click()
    rows = card.locator("table.schedule tbody tr")
    assert rows.count() == len(plan["schedule"]) == plan["periods"]
    assert "第 1 期" in rows.first.inner_text()
    assert card.locator("svg.chart-balance polyline").count() == 1
    assert card.locator("svg.chart-cost rect").count() == 3
    assert "最低还款" in card.locator("svg.chart-cost").get_attribute("aria-label")

    # readable at 375 px: nothing wider than the phone, and only the chat scrolls (the header and
    # the input stay on screen)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollHeight") <= PHONE["height"]
    assert page.locator("#input").is_visible() and page.locator(".app-header").is_visible()

    # 3. the letter is one collapsed document in the card, with copy and a PDF that prints
    letter_doc = card.locator("section.letter-doc")
    assert not letter_doc.locator("details.letter-details").evaluate("d => d.open")
    letter_doc.locator("summary").click()
    letter = letter_doc.locator("pre.letter-text").inner_text()
    assert letter.startswith("个性化分期还款申请书") and "每月收入约4,200.00元" in letter
    assert "本人去年因裁员失业，现在打零工收入不稳定。" in letter and HARDSHIP not in letter
    with page.expect_download() as info:
        letter_doc.locator("a.doc-button", has_text="下载申请书 PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "letter.pdf"
    download.save_as(saved)
    assert shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is needed: make browser-deps"
    text = "".join(subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True,
                                  text=True).stdout.split())
    assert "个性化分期还款申请书" in text and "4,200.00元" in text and f"{total:,.2f}" in text
    assert "第七十条" in text and "申请人（签字）" in text
    pdf_shot = tmp_path / "letter"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(saved), str(pdf_shot)], check=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(next(tmp_path.glob("letter*.png")), SCREENSHOTS / "letter-page1.png")
    assert letter_doc.locator("a.doc-button", has_text="下载还款计划表 PDF").count() == 1
    assert letter_doc.get_by_role("button", name="复制全文").count() == 1
    letter_doc.locator("summary").click()  # collapse again: the actions under the summary line
    letter_doc.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(SCREENSHOTS / "widget-letter.png"))

    # the summary and the balance chart at the top of the screen
    card.evaluate("el => el.scrollIntoView({block: 'start'})")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget.png"))

    # 4. a reload keeps the conversation: same sender, same transcript, the plan drawn again
    sender = page.evaluate("localStorage.getItem('kayou.widget.sender')")
    users_before = page.locator("#messages .msg-user").count()
    page.reload()
    page.wait_for_selector("#messages .msg-bot")
    assert page.evaluate("localStorage.getItem('kayou.widget.sender')") == sender
    assert page.locator("#messages .msg-user").count() == users_before
    assert page.locator("#messages .msg-user", has_text="招行欠了两万五").count() == 1
    assert page.locator(".plan-card svg.chart-balance").count() >= 1
    # and the bot still knows who this is
    assert live_bot.tracker(sender, channel="widget")["slots"]["monthly_budget"] == 900.0


def test_the_complaint_is_the_letter_card_with_a_pdf_download(page, tmp_path):
    """Issue 12: the complaint about abusive collection is drawn as the letter's document card (collapsed
    text, copy, PDF/Word); the PDF downloaded through the signed link names the act and its rule."""
    say(page, "平安银行的催收昨晚11点打电话骂我，还打给我妈说我欠钱不还，号码13812345678")
    say(page, "帮我写投诉")
    doc = page.locator("section.letter-doc").last
    assert "查看投诉书全文：关于平安银行信用卡违规催收的投诉" in doc.locator("summary").inner_text()
    assert doc.get_by_role("button", name="复制全文").count() == 1
    assert doc.locator("a.doc-button", has_text="下载投诉书 Word").count() == 1
    with page.expect_download() as info:
        doc.locator("a.doc-button", has_text="下载投诉书 PDF").click()
    saved = tmp_path / "complaint.pdf"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".pdf")
    text = "".join(subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True,
                                  text=True).stdout.split())
    assert "催收人员辱骂、侮辱我" in text and "第六十八条" in text and "13812345678" not in text


def test_keyboard_and_quick_replies(page):
    # the welcome offers quick replies; they are buttons in the tab order
    first = page.locator(".quick-reply").first
    assert first.is_enabled()
    page.focus("#input")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "send-button"
    # Shift+Enter is a new line, not a send
    page.fill("#input", "第一行")
    page.press("#input", "Shift+Enter")
    assert page.locator("#messages .msg-user").count() == 0
    # a click on a quick reply shows its title as the user's message and gets an answer
    before = bot_count(page)
    title = first.inner_text()
    first.click()
    page.wait_for_function("n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)
    assert page.locator("#messages .msg-user .bubble").last.inner_text().strip() == title
    assert page.get_attribute("#messages", "aria-live") == "polite"


def test_unreachable_server_keeps_the_message_and_says_so_politely(page):
    page.route("**/webhooks/widget/webhook", lambda route: route.abort("connectionrefused"))
    users = page.locator("#messages .msg-user").count()
    page.fill("#input", "逾期会上征信吗")
    page.press("#input", "Enter")
    notice = page.locator("#status")
    notice.wait_for(state="visible")
    assert "暂时无法连接到服务器" in notice.inner_text()
    assert page.input_value("#input") == "逾期会上征信吗"
    assert page.locator("#messages .msg-user").count() == users
    # back online: the same message goes through
    page.unroute("**/webhooks/widget/webhook")
    before = bot_count(page)
    page.click("#send-button")
    page.wait_for_function("n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)
    assert notice.is_hidden()
    assert page.locator("#messages .msg-user .bubble").last.inner_text().strip() == "逾期会上征信吗"


@contextmanager
def bank_site(bot_url: str, port: int = e2e_settings.BANK_SITE_PORT):
    """A bank's page with the one-line embed, on another origin (another port of 127.0.0.1); the live
    bot lets the origin on BANK_SITE_PORT frame the widget (KAYOU_WIDGET_FRAME_ANCESTORS)."""
    html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某银行</title></head>'
            f'<body><h1>某银行信用卡</h1>'
            f'<script src="{bot_url}/webhooks/widget/embed.js" defer></script></body></html>').encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_embed_snippet_opens_the_chat_in_an_iframe(browser, live_bot):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(REPLY_TIMEOUT_MS)
        with bank_site(live_bot.url) as url:
            page.goto(url)
            button = page.locator("#kayou-widget-button")
            button.wait_for()
            assert button.get_attribute("aria-expanded") == "false"
            button.click()
            assert button.get_attribute("aria-expanded") == "true"
            frame = page.frame_locator("#kayou-widget-frame")
            frame.locator("#messages .msg-bot").first.wait_for()
            assert "卡友助手" in frame.locator("h1").inner_text()
            page.keyboard.press("Escape")
            # With focus inside the iframe, Escape reaches the host page as a postMessage, which is
            # delivered asynchronously: wait for the state instead of reading it at once.
            sync_api.expect(button).to_have_attribute("aria-expanded", "false", timeout=5_000)
            assert not page.locator("#kayou-widget-frame").is_visible()
    finally:
        context.close()


def test_a_site_not_on_the_allow_list_cannot_frame_the_widget(browser, live_bot):
    from tests.e2e.servers import free_port

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda msg: blocked.append(msg.text) if "frame-ancestors" in msg.text else None)
        with bank_site(live_bot.url, port=free_port()) as url:
            page.goto(url)
            page.locator("#kayou-widget-button").click()
            page.wait_for_function("document.getElementById('kayou-widget-frame') !== null")
            # chromium refuses to render the framed page: its document never gets the chat
            page.wait_for_timeout(2_000)
            frame = page.frame(url=re.compile(r"/webhooks/widget/"))
            assert frame is None or frame.evaluate("document.getElementById('messages')") is None
            assert any("frame-ancestors" in text for text in blocked), blocked
    finally:
        context.close()


def test_what_the_page_keeps_expires_after_a_day_and_on_new_conversation(page):
    say(page, "逾期会上征信吗")
    sender = page.evaluate("localStorage.getItem('kayou.widget.sender')")
    stored = page.evaluate("JSON.parse(localStorage.getItem('kayou.widget.transcript.v2'))")
    assert any(e.get("text") == "逾期会上征信吗" for e in stored["entries"])
    assert abs(stored["savedAt"] - page.evaluate("Date.now()")) < 60_000

    # a reload within the day keeps it
    page.reload()
    page.wait_for_selector("#messages .msg-bot")
    assert page.locator("#messages .msg-user", has_text="逾期会上征信吗").count() == 1

    # 25 hours later: the transcript and the sender id are gone, a new conversation starts
    page.evaluate("""() => {
        const stored = JSON.parse(localStorage.getItem('kayou.widget.transcript.v2'));
        stored.savedAt = Date.now() - 25 * 3600 * 1000;
        localStorage.setItem('kayou.widget.transcript.v2', JSON.stringify(stored));
        localStorage.setItem('kayou.widget.transcript.v1', JSON.stringify([{role: 'user', text: 'old'}]));
    }""")
    page.reload()
    page.wait_for_selector("#messages .msg-bot")
    assert page.locator("#messages .msg-user").count() == 0
    assert page.evaluate("localStorage.getItem('kayou.widget.transcript.v1')") is None
    new_sender = page.evaluate("localStorage.getItem('kayou.widget.sender')")
    assert new_sender and new_sender != sender
    assert "逾期会上征信吗" not in page.evaluate("localStorage.getItem('kayou.widget.transcript.v2')")

    # 「新对话」 clears what was typed at once
    say(page, "民生银行欠了五万二")
    assert "五万二" in page.evaluate("localStorage.getItem('kayou.widget.transcript.v2')")
    page.click("#reset-button")
    # 「新对话」 asks first: cancel keeps everything
    assert page.locator("#reset-confirm").is_visible()
    page.click("#reset-no")
    assert page.locator("#messages .msg-user", has_text="五万二").count() == 1
    page.click("#reset-button")
    page.click("#reset-yes")
    assert page.locator("#messages .msg-user").count() == 0
    assert "五万二" not in page.evaluate("localStorage.getItem('kayou.widget.transcript.v2')")
    assert page.evaluate("localStorage.getItem('kayou.widget.sender')") not in (None, new_sender)


# ---- UI session 7 (375 px): the plan card's values, two banks' downloads, the placeholder, the keyboard ----

TWO_BANK_PLAN = {
    "type": "repayment_plan", "mode": "plan", "feasible": True, "monthly_payment": 1473.68, "periods": 19,
    "total": 28000, "total_label": "计划金额（您说的欠款，未含已产生的利息、违约金）",
    "schedule": [{"period": i + 1, "date": f"{2027 + (i // 12)}-{i % 12 + 1:02d}-01", "payment": 1473.68,
                  "remaining": round(28000 - 1473.68 * (i + 1), 2)} for i in range(19)],
    "letter": "个性化分期还款申请书\n……", "letter_title": "个性化分期还款申请书",
    "documents": [
        {"title": f"个性化分期还款申请书（{bank}）", "format": ext,
         "url": f"documents/case-1/letter-{i}.{ext}?e=9999999999&s=abc"}
        for i, bank in enumerate(("建设银行", "广发银行")) for ext in ("pdf", "docx")
    ] + [{"title": "还款计划表", "format": ext, "url": f"documents/case-1/schedule.{ext}?e=9999999999&s=abc"}
         for ext in ("pdf", "docx")],
}


def test_the_plan_card_the_composer_and_the_keyboard_at_375_px(page):
    """UI session 7: the plan card's values broke inside a date (「2027-01- / 01」), two banks' letters gave two
    identical 「下载申请书 PDF/Word」 pairs, the placeholder was cut in half, and with the keyboard up (375×420)
    the header and the disclaimer kept ~135 px, leaving ~190 px of conversation."""
    # the empty composer shows its whole placeholder
    fits = page.evaluate("""() => {
        const input = document.getElementById('input');
        const shown = input.clientHeight;
        input.value = input.placeholder;
        const needed = input.scrollHeight;
        input.value = '';
        return [shown, needed];
    }""")
    assert fits[0] >= fits[1], fits

    page.evaluate("""plan => localStorage.setItem('kayou.widget.transcript.v2', JSON.stringify(
        {savedAt: Date.now(), entries: [{role: 'bot', text: '计划如下', custom: plan}]}))""", TWO_BANK_PLAN)
    page.reload()
    card = page.locator(".plan-card").last
    card.wait_for()
    # no date or amount broken across lines in the summary
    broken = page.evaluate(r"""() => {
        const out = [];
        for (const dd of document.querySelectorAll('.plan-summary dd')) {
            const text = dd.textContent;
            for (const m of text.matchAll(/\d{4}-\d{2}-\d{2}|[\d,]+\.\d{2} 元/g)) {
                // the rects of this token's characters: one line means one distinct top
                const tops = new Set();
                const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
                let offset = 0, node;
                while ((node = walker.nextNode())) {
                    const len = node.textContent.length;
                    for (let i = Math.max(m.index, offset); i < Math.min(m.index + m[0].length, offset + len); i++) {
                        const r = document.createRange();
                        r.setStart(node, i - offset); r.setEnd(node, i - offset + 1);
                        const rect = r.getClientRects()[0];
                        if (rect) tops.add(Math.round(rect.top));
                    }
                    offset += len;
                }
                if (tops.size > 1) out.push(m[0]);
            }
        }
        return out;
    }""")
    assert broken == [], broken
    assert "2027-01-01" in card.locator("dl.plan-summary").inner_text()
    # each bank's letter is named on its buttons
    buttons = card.locator("section.letter-doc a.doc-button").all_inner_texts()
    assert len(buttons) == len(set(buttons)) == 6, buttons
    assert {"下载建设银行申请书 PDF", "下载广发银行申请书 Word"} <= set(buttons)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # the keyboard up: the header and the disclaimer give their room to the conversation
    page.set_viewport_size({"width": 375, "height": 420})
    page.focus("#input")
    page.wait_for_function("() => document.getElementById('app').classList.contains('compact')")
    header = page.locator(".app-header").bounding_box()["height"]
    disclaimer = page.locator(".disclaimer").bounding_box()["height"]
    chat = page.locator("#chat").bounding_box()["height"]
    assert header <= 52 and disclaimer <= 20 and chat >= 250, (header, disclaimer, chat)
    assert page.locator("#input").is_visible() and page.locator("#reset-button").bounding_box()["height"] >= 40
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => !document.getElementById('app').classList.contains('compact')")
    assert page.locator(".app-subtitle").is_visible()
