"""The agent's loop from a new ticket to the first reply (issue 21): clicks, scrolls and key presses, and
the time it takes, in Debian's chromium against a live bot.

Run from the repository root (it starts a real bot with tests/e2e/servers.py, as the e2e tests do):

    .venv/bin/python -m bench.desk_clicks [--runs 3] [--json bench/results/desk_clicks.json]

The same file runs unchanged on an older checkout (copy it into that checkout's bench/ and run it there):
it drives only what every version of the console has (the queue's 「打开工单 H…」 button, #claim-button,
#ticket-reply, #ticket-send) and uses a keyboard shortcut only where the page declares one
(`aria-keyshortcuts`). That gives the "before" figures of bench/RESULTS.md.

An agent (1366×768, the team lead's screen) is logged in and watches the queue; a cardholder asks for a
person in the widget. Two ways to the first reply are driven:

- mouse: click 打开; scroll to 接手 if it is below the fold (a scroll counted); click 接手; click the reply box
  unless the focus is already there; type the reply; scroll to 发送给客户 if needed; click it.
- keyboard: the waiting ticket by the queue's declared shortcut, else Tab to 打开 and Enter; 接手 by its declared shortcut, else Tab to it and Enter; Tab to the reply
  box unless the focus is there; type; send by the declared shortcut (Ctrl+Enter), else Tab to 发送 and Enter.

Counted: clicks, scrolls, key presses (a chord such as Alt+J is two), not the characters of the reply
itself (the same on both sides). Timed: from the widget's answer that names the ticket to the reply
showing in the widget, with the automation's instant reactions (system time), and a human estimate with
the keystroke-level model (Card, Moran & Newell): a mouse click 1.2 s (point 1.1 + press 0.1), a key press
0.28 s, a scroll 1.5 s, a hand moving between mouse and keyboard 0.4 s, and 1.35 s of mental preparation
per step; the reply's characters are typed in both and left out.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

SCREEN = {"width": 1366, "height": 768}
REPLY = "您好，我是客服，我来帮您看看怎么安排还款。"
KLM = {"click": 1.2, "key": 0.28, "scroll": 1.5, "home": 0.4, "mental": 1.35}


@dataclass
class Run:
    mode: str
    clicks: int = 0
    scrolls: int = 0
    keys: int = 0
    homes: int = 0
    steps: int = 0
    system_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def human_seconds(self) -> float:
        return round(self.clicks * KLM["click"] + self.keys * KLM["key"] + self.scrolls * KLM["scroll"]
                     + self.homes * KLM["home"] + self.steps * KLM["mental"], 1)


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement === document.querySelector(s)", selector)


def shortcut(page, selector: str) -> str | None:
    return page.evaluate("s => document.querySelector(s).getAttribute('aria-keyshortcuts')", selector)


def tab_to(page, run: Run, test: str, arg=None, limit: int = 150) -> None:
    """Tab until the focused element passes `test` (a JS function of the element and `arg`)."""
    for _ in range(limit):
        if page.evaluate(f"a => ({test})(document.activeElement, a)", arg):
            return
        page.keyboard.press("Tab")
        run.keys += 1
    raise AssertionError(f"{test} not reached by {limit} Tab presses")


def mouse_click(page, run: Run, selector: str) -> None:
    if not in_view(page, selector):
        page.locator(selector).scroll_into_view_if_needed()
        run.scrolls += 1
        run.steps += 1
    page.click(selector)
    run.clicks += 1
    run.steps += 1


def new_ticket(widget) -> str:
    widget.fill("#input", "转人工")
    before = widget.locator("#messages .msg-bot").count()
    widget.click("#send-button")
    widget.wait_for_function("n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)
    return re.search(r"编号 (H\d{6})", widget.locator("#messages .msg-bot .bubble").last.inner_text()).group(1)


def one_run(browser, url: str, user: str, password: str, mode: str) -> Run:
    run = Run(mode)
    agent_context = browser.new_context(viewport=SCREEN, locale="zh-CN")
    widget_context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True,
                                         has_touch=True)
    try:
        agent = agent_context.new_page()
        agent.set_default_timeout(30_000)
        agent.goto(f"{url}/webhooks/console/")
        agent.fill("#username", user)
        agent.fill("#password", password)
        agent.click("#login-button")
        agent.wait_for_function("() => { const e = document.getElementById('queue-status'); return e && e.textContent; }")
        agent.wait_for_timeout(500)
        agent.evaluate("document.activeElement && document.activeElement.blur()")
        widget = widget_context.new_page()
        widget.set_default_timeout(60_000)
        widget.goto(f"{url}/webhooks/widget/")
        widget.wait_for_selector("#messages .msg-bot")
        ticket = new_ticket(widget)
        started = time.monotonic()
        open_button = f"#queue-body button[aria-label='打开工单 {ticket}']"
        agent.wait_for_selector(open_button)  # the queue shows it (live or by its polling)
        if mode == "mouse":
            mouse_click(agent, run, open_button)
            agent.wait_for_selector("#ticket-panel:not([hidden])")
            agent.wait_for_selector("#claim-button:not([hidden])")
            mouse_click(agent, run, "#claim-button")
            agent.wait_for_selector("#ticket-reply-form:not([hidden])")
            agent.wait_for_timeout(300)
            if not focused(agent, "#ticket-reply"):
                mouse_click(agent, run, "#ticket-reply")
            run.homes += 1  # to the keyboard for the reply
            agent.keyboard.type(REPLY)
            run.steps += 1
            run.homes += 1  # back to the mouse
            mouse_click(agent, run, "#ticket-send")
        else:
            agent.evaluate("window.scrollTo(0, 0)")
            keys = shortcut(agent, "#queue-table")
            if keys:  # the waiting ticket by its declared shortcut (it is the only one waiting)
                agent.keyboard.press(keys.replace("Alt+", "Alt+Key"))
                run.keys += keys.count("+") + 1
            else:
                tab_to(agent, run, "(e, label) => e && e.getAttribute('aria-label') === label", f"打开工单 {ticket}")
                agent.keyboard.press("Enter")
                run.keys += 1
            run.steps += 1
            agent.wait_for_selector("#ticket-panel:not([hidden])")
            agent.wait_for_selector("#claim-button:not([hidden])")
            agent.wait_for_timeout(300)
            keys = shortcut(agent, "#claim-button")
            if keys:
                agent.keyboard.press(keys.replace("Alt+", "Alt+Key"))
                run.keys += keys.count("+") + 1
            else:
                tab_to(agent, run, "e => e && e.id === 'claim-button'")
                agent.keyboard.press("Enter")
                run.keys += 1
            run.steps += 1
            agent.wait_for_selector("#ticket-reply-form:not([hidden])")
            agent.wait_for_timeout(300)
            if not focused(agent, "#ticket-reply"):
                tab_to(agent, run, "e => e && e.id === 'ticket-reply'")
                run.steps += 1
            agent.keyboard.type(REPLY)
            run.steps += 1
            keys = shortcut(agent, "#ticket-reply")
            if keys and "Enter" in keys:
                agent.keyboard.press("Control+Enter")
                run.keys += 2
            else:
                tab_to(agent, run, "e => e && e.id === 'ticket-send'")
                agent.keyboard.press("Enter")
                run.keys += 1
            run.steps += 1
        widget.locator("#messages .msg-agent .bubble", has_text=REPLY).wait_for()
        run.system_seconds = round(time.monotonic() - started, 2)
        # closed, so that the next run starts from the same queue (one waiting ticket)
        closed = agent.evaluate(
            """id => fetch("api/ticket/" + id + "/close", {method: "POST", credentials: "same-origin",
                   headers: {"Content-Type": "application/json"}, body: JSON.stringify({outcome: "resolved"})})
                   .then(r => r.status)""", int(ticket[1:]))
        assert closed == 200, closed
        return run
    finally:
        agent_context.close()
        widget_context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from tests.e2e import settings as e2e_settings
    from tests.e2e.servers import start_live_bot
    from tests.e2e.test_widget_browser import CHROMIUM, CHROMIUM_ARGS

    bot = start_live_bot(Path(tempfile.mkdtemp(prefix="desk-clicks-")), debug=False,
                         KAYOU_HANDOFF_PER_ADDRESS_HOUR="1000", KAYOU_HANDOFF_PER_CONVERSATION_DAY="1000")
    runs: list[Run] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for mode in ("mouse", "keyboard"):
                    for _ in range(args.runs):
                        runs.append(one_run(browser, bot.url, e2e_settings.STAFF_USER, e2e_settings.STAFF_PASSWORD,
                                            mode))
            finally:
                browser.close()
    finally:
        bot.stop()
    summary = {}
    for mode in ("mouse", "keyboard"):
        mine = [r for r in runs if r.mode == mode]
        last = mine[-1]
        summary[mode] = {"clicks": last.clicks, "scrolls": last.scrolls, "keys": last.keys,
                         "system_seconds_median": statistics.median(r.system_seconds for r in mine),
                         "human_seconds_klm": last.human_seconds(), "runs": len(mine)}
        print(f"{mode:8s} clicks {last.clicks}  scrolls {last.scrolls}  key presses {last.keys}  "
              f"system {summary[mode]['system_seconds_median']:.2f} s (median of {len(mine)})  "
              f"human estimate (KLM) {last.human_seconds():.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": summary, "runs": [asdict(r) for r in runs]}, ensure_ascii=False,
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
