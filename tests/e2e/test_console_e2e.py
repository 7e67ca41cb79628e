"""The staff console against the live bot: login, refusal without a session, analysis through the real
agent and finance engine, the forbidden-phrase flag, the recorded reply, and an audit row for each."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from bot import finance
from tests.e2e import settings as e2e_settings

FORBIDDEN = "再不还钱就通知你单位，让公安上门抓你"
ROOT = Path(__file__).resolve().parents[2]
COMPLIANT = "您好，逾期不会因为还不上就坐牢。我们可以一起商量一个您每月能承受的还款计划。"


def console(live_bot, path: str = "") -> str:
    return f"{live_bot.url}/webhooks/console{path}"


@pytest.fixture(scope="module")
def staff(live_bot):
    """A logged-in requests session (the cookie is kept by the session)."""
    http = requests.Session()
    r = http.post(console(live_bot, "/login"),
                  json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    yield http
    http.close()


def audit_rows(live_bot) -> list[tuple[str, str, str]]:
    # the case store is SQLite under KAYOU_VAR_DIR (no KAYOU_CASE_DB_URL in the e2e environment)
    with sqlite3.connect(live_bot.var_dir / "cases.db") as db:
        return db.execute("SELECT staff_username, action, detail FROM audit_events ORDER BY id").fetchall()


def actions_of(live_bot, user: str = e2e_settings.STAFF_USER) -> list[str]:
    return [action for who, action, _ in audit_rows(live_bot) if who == user]


def test_wrong_password_is_refused_and_audited(live_bot):
    r = requests.post(console(live_bot, "/login"),
                      json={"username": e2e_settings.STAFF_USER, "password": "not-the-password"}, timeout=30)
    assert r.status_code == 401
    assert r.json()["error"] == "用户名或密码错误，请重新输入。"
    assert "Set-Cookie" not in r.headers
    assert "login_failed" in actions_of(live_bot)


@pytest.mark.parametrize("path", ["/api/analyze", "/api/check_reply", "/api/send"])
def test_api_refuses_without_a_session(live_bot, path):
    r = requests.post(console(live_bot, path), json={"text": "你好"}, timeout=10)
    assert r.status_code == 401
    assert r.json()["login_required"] is True


def test_page_is_the_login_until_logged_in(live_bot, staff):
    assert 'id="login-form"' in requests.get(console(live_bot, "/"), timeout=10).text
    assert 'id="analyze-form"' in staff.get(console(live_bot, "/"), timeout=10).text


def test_login_cookie_is_http_only_and_strict(live_bot):
    with requests.Session() as http:
        r = http.post(console(live_bot, "/login"),
                      json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD},
                      timeout=30)
        assert r.status_code == 200
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/webhooks/console" in cookie
        r = http.post(console(live_bot, "/logout"), json={}, timeout=10)
        assert r.status_code == 200
        assert http.get(console(live_bot, "/api/me"), timeout=10).status_code == 401
    assert {"login", "logout"} <= set(actions_of(live_bot))


def test_analyze_gives_intent_figures_consequences_and_script(live_bot, staff):
    r = staff.post(console(live_bot, "/api/analyze"),
                   json={"text": "客户说：招行欠了两万五，逾期45天了，会不会坐牢？"}, timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["intent"] and data["intent"]["name"] in ("ask_criminal_risk", "ask_consequences"), data["intent"]
    assert data["fields"]["bank"] == "招商银行"
    assert data["fields"]["debt_amount"] == 25000.0 and data["fields"]["overdue_days"] == 45
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行")
    assert data["figures"]["total_interest"] == float(expected.total_interest)
    assert data["figures"]["total_penalty"] == float(expected.total_penalty)
    assert data["consequences"]["credit_code"] == "2"
    assert data["consequences"]["criminal"]["status"] == "not_met"
    script = data["script"]
    assert script["text"] and script["sources"]
    check = staff.post(console(live_bot, "/api/check_reply"), json={"text": script["text"]}, timeout=10).json()
    assert check == {"ok": True, "flags": []}
    assert "analyze" in actions_of(live_bot)


def test_forbidden_reply_is_flagged_and_cannot_be_recorded_as_sent(live_bot, staff):
    r = staff.post(console(live_bot, "/api/check_reply"), json={"text": FORBIDDEN}, timeout=10)
    assert r.status_code == 200
    data = r.json()
    assert data["ok"] is False
    flagged = {f["phrase"] for f in data["flags"]}
    assert {"通知你单位", "公安上门", "抓你"} <= flagged
    for flag in data["flags"]:
        assert FORBIDDEN[flag["start"]:flag["end"]] == flag["phrase"] and flag["rule"] and flag["source"]
    r = staff.post(console(live_bot, "/api/send"), json={"text": FORBIDDEN}, timeout=10)
    assert r.status_code == 422
    assert "send_blocked" in actions_of(live_bot)


def test_compliant_reply_is_recorded_in_the_audit_log(live_bot, staff):
    assert staff.post(console(live_bot, "/api/check_reply"), json={"text": COMPLIANT}, timeout=10).json()["ok"]
    r = staff.post(console(live_bot, "/api/send"), json={"text": COMPLIANT}, timeout=10)
    assert r.status_code == 200 and r.json()["ok"] is True
    sent = [detail for who, action, detail in audit_rows(live_bot) if action == "send"]
    assert sent and COMPLIANT in sent[-1]


def test_every_action_left_an_audit_row(live_bot, staff):
    # runs last in this module: everything above is in the log
    actions = set(actions_of(live_bot))
    assert {"login_failed", "login", "logout", "analyze", "check_reply", "send_blocked", "send"} <= actions
    # customers' and staff's words are stored masked; the password never
    dumped = str(audit_rows(live_bot))
    assert e2e_settings.STAFF_PASSWORD not in dumped


def test_the_live_audit_log_is_an_unbroken_chain(live_bot, staff):
    """Issue 22: rows written by the live server's console verify with `python -m bot audit verify`, and a
    row changed behind its back is named."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KAYOU_VAR_DIR": str(live_bot.var_dir)}
    env.pop("KAYOU_CASE_DB_URL", None)

    def verify() -> tuple[int, dict]:
        done = subprocess.run([sys.executable, "-m", "bot", "audit", "verify"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        return done.returncode, json.loads(done.stdout)

    code, out = verify()
    assert code == 0 and out["ok"] and out["rows"] == len(audit_rows(live_bot)) > 0, out
    with sqlite3.connect(live_bot.var_dir / "cases.db") as db:
        (who,) = db.execute("SELECT staff_username FROM audit_events WHERE seq = 1").fetchone()
        db.execute("UPDATE audit_events SET staff_username = 'nobody' WHERE seq = 1")
    try:
        code, out = verify()
        assert code == 1 and out["first_broken"]["seq"] == 1, out
    finally:  # the bot is shared by the module
        with sqlite3.connect(live_bot.var_dir / "cases.db") as db:
            db.execute("UPDATE audit_events SET staff_username = ? WHERE seq = 1", (who,))
    assert verify()[0] == 0


def staff_command(live_bot, *argv: str, password: str = "") -> subprocess.CompletedProcess:
    """`python -m bot staff ...` on the live bot's case store (KAYOU_VAR_DIR), as an operator would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KAYOU_VAR_DIR": str(live_bot.var_dir)}
    env.pop("KAYOU_CASE_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "bot", "staff", *argv], input=password, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_named_account_from_the_command_line_logs_in_until_disabled(live_bot):
    done = staff_command(live_bot, "add", "e2e-supervisor", "--role", "supervisor", password="Sunny-Harbour-42\n")
    assert done.returncode == 0, done.stderr
    with requests.Session() as http:
        r = http.post(console(live_bot, "/login"),
                      json={"username": "e2e-supervisor", "password": "Sunny-Harbour-42"}, timeout=30)
        assert r.status_code == 200 and r.json()["role"] == "supervisor"
        me = http.get(console(live_bot, "/api/me"), timeout=10).json()
        assert me["user"] == "e2e-supervisor" and me["role_label"] == "主管"
        assert staff_command(live_bot, "disable", "e2e-supervisor").returncode == 0
        assert http.get(console(live_bot, "/api/me"), timeout=10).status_code == 401  # the session died
    r = requests.post(console(live_bot, "/login"),
                      json={"username": "e2e-supervisor", "password": "Sunny-Harbour-42"}, timeout=30)
    assert r.status_code == 401
    listed = {u["username"]: u for u in json.loads(staff_command(live_bot, "list").stdout)}
    assert listed[e2e_settings.STAFF_USER]["bootstrap"] and listed[e2e_settings.STAFF_USER]["active"]
    assert not listed["e2e-supervisor"]["active"]
    assert "login" in actions_of(live_bot, "e2e-supervisor")


def test_a_promise_of_the_banks_decision_is_flagged_and_not_sent(live_bot, staff):
    """UI session 7 C7: 「您这个情况银行肯定会同意停息的，放心。」 passed the check; it is blocked with 第七十条 and a rewrite."""
    promise = "您这个情况银行肯定会同意停息的，放心。"
    data = staff.post(console(live_bot, "/api/check_reply"), json={"text": promise}, timeout=10).json()
    assert data["ok"] is False
    [flag] = [f for f in data["flags"] if f["rule_id"] == "promised_outcome"]
    assert promise[flag["start"]:flag["end"]] == flag["phrase"] == "肯定会同意"
    assert "第七十条" in flag["source"] and flag["suggestion"]
    assert staff.post(console(live_bot, "/api/check_reply"), json={"text": flag["suggestion"]}, timeout=10).json()["ok"]
    assert staff.post(console(live_bot, "/api/send"), json={"text": promise}, timeout=10).status_code == 422
