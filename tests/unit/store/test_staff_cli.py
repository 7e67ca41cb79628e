"""`python -m bot staff ...`: named console accounts from the command line (issue 14)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.store.db import dispose_engines, make_engine
from bot.store.repository import StaffRepository
from bot.store.staff_cli import read_password

ROOT = Path(__file__).resolve().parents[3]
GOOD = "Sunny-Harbour-42"


class Stdin(io.StringIO):
    def __init__(self, text: str, tty: bool = False) -> None:
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def staff(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'cases.db'}"

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", Stdin(stdin))
        try:
            code = main(["staff", "--case-db-url", url, *argv])
        except SystemExit as exc:  # argparse
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    run.url = url
    yield run
    dispose_engines()


def test_add_list_reset_disable_enable_role(staff):
    code, out, err = staff("add", "wang.li", "--role", "supervisor", stdin=GOOD + "\n")
    assert (code, err) == (0, "")
    added = json.loads(out)
    assert added["username"] == "wang.li" and added["role"] == "supervisor" and added["active"] is True
    assert GOOD not in out and "pbkdf2" not in out
    staff("add", "chen", stdin="Quiet-River-Stone\r\n")  # a Windows line end is not part of it
    code, out, _ = staff("list")
    assert code == 0 and [u["username"] for u in json.loads(out)] == ["chen", "wang.li"]
    engine = make_engine(staff.url)
    try:
        repo = StaffRepository(engine)
        assert repo.verify("chen", "Quiet-River-Stone")
        token = repo.create_session("wang.li")
        assert staff("reset", "wang.li", stdin="Other-Harbour-43\n")[0] == 0
        assert repo.session_account(token) is None  # a reset ends the sessions
        assert repo.verify("wang.li", "Other-Harbour-43") and not repo.verify("wang.li", GOOD)
        token = repo.create_session("wang.li")
        code, out, _ = staff("disable", "wang.li")
        assert code == 0 and json.loads(out)["active"] is False and json.loads(out)["disabled_at"]
        assert repo.session_account(token) is None and not repo.verify("wang.li", "Other-Harbour-43")
        assert json.loads(staff("enable", "wang.li")[1])["active"] is True
        assert json.loads(staff("role", "wang.li", "agent")[1])["role"] == "agent"
        assert repo.get_user("wang.li").role == "agent"
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "argv, stdin, message",
    [
        (["add", "wang.li"], "short\n", "error: staff add: password: 密码至少需要 12 个字符。"),
        (["add", "wang.li"], "123456789012\n", "error: staff add: password: 密码不能全是数字，请加入字母或符号。"),
        (["add", "wang.li"], "wang.li-2026-desk\n",
         "error: staff add: password: 密码不能与用户名相同，也不能包含用户名。"),
        (["add", "wang.li"], "Password2026!\n", "error: staff add: password: 这个密码过于常见，容易被猜到，请换一个。"),
        (["add", "wang.li"], "", "error: staff add: password: 没有读到密码（标准输入为空）。"),
        (["add", "wang.li"], "\n", "error: staff add: password: 没有读到密码（标准输入为空）。"),
        (["add", "wang.li", "--role", "admin"], GOOD, "error: staff add: --role: 角色应为 agent（坐席）或 supervisor（主管）。"),
        (["add", "13812345678"], GOOD, "error: staff add: username: 用户名不能是手机号、身份证号或银行卡号。"),
        (["add", "wang li"], GOOD,
         "error: staff add: username: 用户名应为 2–64 个字母、数字、汉字或 . _ @ -，不含空格。"),
        (["reset", "nobody"], GOOD, "error: staff reset: username: 没有账号 nobody。"),
        (["disable", "nobody"], "", "error: staff disable: username: 没有账号 nobody。"),
        (["enable", "nobody"], "", "error: staff enable: username: 没有账号 nobody。"),
        (["role", "nobody", "agent"], "", "error: staff role: username: 没有账号 nobody。"),
        (["role", "wang.li", "boss"], "", "error: staff role: --role: 角色应为 agent（坐席）或 supervisor（主管）。"),
    ],
)
def test_bad_input_exits_2_with_one_line(staff, argv, stdin, message):
    code, out, err = staff(*argv, stdin=stdin)
    assert code == 2 and out == "" and err == message + "\n"


def test_a_duplicate_account_is_refused(staff):
    assert staff("add", "wang.li", stdin=GOOD)[0] == 0
    code, out, err = staff("add", "wang.li", stdin="Other-Harbour-43")
    assert code == 2 and err == "error: staff add: username: 账号 wang.li 已存在。\n"
    staff("disable", "wang.li")
    code, _, err = staff("add", "wang.li", stdin="Other-Harbour-43")
    assert code == 2 and "已停用" in err and "staff enable" in err


@pytest.mark.parametrize("argv", [["frob"], ["add"], []])
def test_bad_usage_exits_2_with_one_line(staff, argv):
    code, _, err = staff(*argv)
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: ")


def test_the_prompt_asks_twice_and_refuses_a_mismatch():
    answers = iter(["Sunny-Harbour-42", "Sunny-Harbour-42"])
    assert read_password(Stdin("", tty=True), prompt=lambda _: next(answers)) == GOOD
    answers = iter(["Sunny-Harbour-42", "Sunny-Harbour-24"])
    with pytest.raises(ValueError, match="两次输入的密码不一致"):
        read_password(Stdin("", tty=True), prompt=lambda _: next(answers))


def test_the_real_command_and_an_unreachable_database(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KAYOU_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot", "staff", "add", "wang.li"], input=GOOD + "\n",
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["username"] == "wang.li"
    assert (tmp_path / "cases.db").exists()  # KAYOU_VAR_DIR's store, migrated by the command
    down = subprocess.run(
        [sys.executable, "-m", "bot", "staff", "--case-db-url", "postgresql://postgres@127.0.0.1:1/none", "list"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert down.returncode == 3 and down.stdout == "" and down.stderr.count("\n") == 1
    assert "is not reachable" in down.stderr and "KAYOU_CASE_DB_URL" in down.stderr
