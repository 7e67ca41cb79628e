"""The command line of CONTRACT §2, run as a subprocess exactly as users run it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CMB = {
    "bank": "招商银行", "statement_date": "2024-04-05", "due_date": "2024-04-23",
    "next_statement_date": "2024-05-05", "min_payment": 100,
    "transactions": [{"posted": "2024-03-30", "amount": 1000, "kind": "purchase"}],
    "payments": [{"date": "2024-04-23", "amount": 100}],
    "method": "full", "daily_rate": 0.0005,
}
MINSHENG = {"debts": [{"bank": "民生银行", "amount": 52000}], "monthly_income": 3800, "monthly_expenses": 1500,
            "monthly_budget": 900, "periods": 60}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin if stdin is not None else "", cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def ok(*args: str, stdin: Any = None) -> dict[str, Any]:
    result = run(*args, stdin=None if stdin is None else json.dumps(stdin, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def fails(*args: str, stdin: str | None = None) -> str:
    result = run(*args, stdin=stdin)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


# ── contract examples ───────────────────────────────────────────────────────────────────────────
def test_quote_cmb():
    out = ok("quote", stdin=CMB)
    assert out["interest"] == 17.85 and out["penalty"] == 0.0 and out["method"] == "full"
    assert out["total_due"] == 917.85
    assert out["assumptions"] and all(isinstance(a, str) for a in out["assumptions"])


def test_quote_unpaid_only_and_ccb():
    assert ok("quote", stdin={**CMB, "method": "unpaid_only"})["interest"] == 16.65
    ccb = {"bank": "建设银行", "statement_date": "2024-01-07", "due_date": "2024-01-27",
           "next_statement_date": "2024-02-07", "transactions": [{"posted": "2024-01-05", "amount": 10000}],
           "payments": [{"date": "2024-01-27", "amount": 8000}]}
    assert ok("quote", stdin=ccb)["interest"] == 122.0


def test_penalty():
    assert ok("penalty", "--bank", "招商银行", "--unpaid-min", "150")["penalty"] == 10.0
    assert ok("penalty", "--unpaid-min", "700")["penalty"] == 35.0
    assert ok("penalty", "--bank", "中信银行", "--unpaid-min", "150")["penalty"] == 20.0
    out = ok("penalty", "--bank", "工商银行", "--unpaid-min", "12000")
    assert out["penalty"] == 500.0 and out["schedule_is_default"] is False


def test_installment():
    out = ok("installment", "--amount", "30000", "--periods", "12", "--rate", "0.006")
    assert (out["per_period"], out["total_fee"], out["apr"], out["ear"]) == (2680.0, 2160.0, 0.1303, 0.1384)


def test_plan():
    out = ok("plan", stdin=MINSHENG)
    assert out["periods"] == 60 and out["monthly_payment"] == 866.67 and out["feasible"] is True
    assert "第七十条" in out["letter"]
    assert ok("plan", stdin={"debts": [{"amount": 60000}], "periods": 60})["monthly_payment"] == 1000.0


def test_plan_from_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(MINSHENG, ensure_ascii=False), encoding="utf-8")
    assert ok("plan", "--input", str(path))["monthly_payment"] == 866.67


def test_output_is_utf8_json_not_escaped():
    result = run("penalty", "--bank", "招商银行", "--unpaid-min", "150")
    assert "招商银行" in result.stdout and "\\u" not in result.stdout


def test_help_exits_zero():
    result = run("--help")
    assert result.returncode == 0 and "quote" in result.stdout and "plan" in result.stdout


# ── bad input: exit 2, one line naming the field ────────────────────────────────────────────────
def _quote(**changes: Any) -> str:
    return json.dumps({**CMB, **changes}, ensure_ascii=False)


@pytest.mark.parametrize(("stdin", "field"), [
    (_quote(transactions=[{"posted": "2024-03-30", "amount": -1000}]), "transactions[0].amount"),
    (_quote(transactions=[{"posted": "2024-03-30", "amount": "一千"}]), "transactions[0].amount"),
    (_quote(payments=[{"date": "2024-04-23", "amount": -100}]), "payments[0].amount"),
    (_quote(statement_date="2024-02-30"), "statement_date"),
    (_quote(due_date="2024-13-01"), "due_date"),
    (_quote(due_date="2024-04-01"), "due_date"),
    (_quote(method="simple"), "method"),
    (_quote(min_payment=-1), "min_payment"),
    (_quote(transactions=[]), "transactions"),
    ('{"bank": "招商银行"', "input"),
    ("", "input"),
    ("[1, 2]", "input"),
    (_quote(daily_rate="NaN"), "daily_rate"),
])
def test_quote_bad_input(stdin, field):
    assert fails("quote", stdin=stdin).startswith(f"error: {field}: ")


@pytest.mark.parametrize(("stdin", "field"), [
    ('{"debts": []}', "debts"),
    ("{}", "debts"),
    ('{"debts": [{"bank": "民生银行", "amount": -52000}]}', "debts[0].amount"),
    ('{"debts": [{"bank": "民生银行", "amount": "很多"}]}', "debts[0].amount"),
    ('{"debts": [{"amount": 52000}], "periods": 0}', "periods"),
    ('{"debts": [{"amount": 52000}], "periods": 72}', "periods"),
    ('{"debts": [{"amount": 52000}], "monthly_budget": -900}', "monthly_budget"),
    ('{"debts": [{"amount": 52000}], "monthly_income": "abc"}', "monthly_income"),
    ('{"debts": [{"amount": 52000}], "today": "2024-02-31"}', "today"),
    ('{"debts": [{"amount": NaN}]}', "input"),
    ('{"debts": [', "input"),
])
def test_plan_bad_input(stdin, field):
    assert fails("plan", stdin=stdin).startswith(f"error: {field}: ")


@pytest.mark.parametrize(("args", "expected"), [
    (("installment", "--amount", "-30000", "--periods", "12", "--rate", "0.006"), "error: --amount: "),
    (("installment", "--amount", "abc", "--periods", "12", "--rate", "0.006"), "error: --amount: "),
    (("installment", "--amount", "30000", "--periods", "0", "--rate", "0.006"), "error: --periods: "),
    (("installment", "--amount", "30000", "--periods", "12", "--rate", "x"), "error: --rate: "),
    (("installment", "--amount", "30000", "--rate", "0.006"), "--periods"),
    (("penalty", "--bank", "招商银行", "--unpaid-min", "-150"), "error: --unpaid-min: "),
    (("penalty", "--bank", "招商银行"), "--unpaid-min"),
    (("penalty", "--unpaid-min", "1", "--bogus"), "--bogus"),
    (("plan", "--input", "/nonexistent/plan.json"), "error: --input: "),
    (("frobnicate",), "frobnicate"),
    ((), "COMMAND"),
])
def test_flag_errors(args, expected):
    assert expected in fails(*args)


def test_the_command_line_keeps_var_private_whatever_the_umask(tmp_path):
    """`python -m bot staff add` under the shell's umask 022 created var/ and cases.db world-readable
    (password hashes, audit log, complaints): now 0700 / 0600, and files left readable by an older run
    are chmod-ed (issue 22)."""
    import os
    import stat
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    old = var / "old.log"
    old.write_text("x")
    old.chmod(0o644)
    env = {**os.environ, "KAYOU_VAR_DIR": str(var), "PYTHONPATH": str(root)}
    env.pop("KAYOU_CASE_DB_URL", None)
    out = subprocess.run(
        ["sh", "-c", f"umask 022 && printf '%s\\n%s\\n' 'Ab3-long-pass-word' 'Ab3-long-pass-word' | "
                     f"{sys.executable} -m bot staff add perm.test --role agent"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [var, *var.iterdir()]}
    assert modes["var"] == 0o700 and modes["cases.db"] == 0o600 and modes["old.log"] == 0o600, modes
    assert all(m & 0o077 == 0 for m in modes.values()), modes
