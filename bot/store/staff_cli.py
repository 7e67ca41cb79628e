"""`python -m bot staff add | reset | disable | enable | role | list`: the staff console's named accounts.

    python -m bot staff add wang.li --role agent      # password: prompted twice, or one line on stdin
    printf '%s\\n' "$PW" | python -m bot staff reset wang.li
    python -m bot staff disable wang.li               # cannot log in; open sessions end at once
    python -m bot staff list                          # JSON, no password hashes

The password is never an argument (it would show in `ps` and the shell history). It must pass the
policy of `bot.channels.staff_policy.password_problem` (≥ 12 characters, not all digits, not the user
name, not a common password). Output is JSON on stdout; bad input exits 2 and an unreachable database 3,
each with one line `error: <field>: <message>` on stderr. The case store is migrated first (the command
may well run before the first `make run`).
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import IO, Any

from bot.store.db import DatabaseUnavailable

EXIT_USAGE = 2
EXIT_DATABASE = 3

MSG_PASSWORD_EMPTY = "没有读到密码（标准输入为空）。"
MSG_PASSWORD_MISMATCH = "两次输入的密码不一致。"


class UsageError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")


def add_staff_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "staff", help="staff console accounts: add, reset, disable, enable, role, list",
        description="Named accounts of the staff console (roles: agent, supervisor). Passwords are read "
        "from a prompt, or one line on stdin when it is not a terminal.",
    )
    parser.add_argument("--case-db-url", default=None, help="default: KAYOU_CASE_DB_URL or SQLite under var/")
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", default="agent", help="agent (default) or supervisor")
    reset = actions.add_parser("reset", help="set a new password (ends the account's sessions)")
    reset.add_argument("username")
    for name, text in (("disable", "the account cannot log in; its sessions end"),
                       ("enable", "allow a disabled account to log in again")):
        actions.add_parser(name, help=text).add_argument("username")
    role = actions.add_parser("role", help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", help="agent or supervisor")
    actions.add_parser("list", help="every account, JSON")
    parser.set_defaults(func=run_staff)
    return parser


def read_password(stdin: IO[str], *, prompt: Any = getpass.getpass) -> str:
    """One line from stdin when it is not a terminal; else a prompt, twice."""
    if not stdin.isatty():
        line = stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
        if not password:
            raise UsageError("password", MSG_PASSWORD_EMPTY)
        return password
    first = prompt("新密码（至少 12 个字符）: ")
    if prompt("再输入一次: ") != first:
        raise UsageError("password", MSG_PASSWORD_MISMATCH)
    return first


def _check_username(username: str) -> str:
    from bot.channels.staff_policy import username_problem

    problem = username_problem(username)
    if problem:
        raise UsageError("username", problem)
    return username


def _check_role(role: str) -> str:
    from bot.channels.staff_policy import ROLE_MESSAGE, ROLES

    if role not in ROLES:
        raise UsageError("--role", ROLE_MESSAGE)
    return role


def _new_password(username: str, stdin: IO[str], prompt: Any) -> str:
    from bot.channels.staff_policy import password_problem

    password = read_password(stdin, prompt=prompt)
    problem = password_problem(username, password)
    if problem:
        raise UsageError("password", problem)
    return password


def run_staff(args: argparse.Namespace, stdin: IO[str] | None = None, stdout: IO[str] | None = None,
              stderr: IO[str] | None = None, prompt: Any = getpass.getpass) -> int:
    """Runs one staff action; returns the exit status."""
    from bot.store.migrate import upgrade
    from bot.store.repository import AccountError, StaffRepository

    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    action = args.staff_command
    try:
        # everything about the input is checked before the database is touched
        username = _check_username(args.username) if action != "list" else None
        role = _check_role(args.role) if action in ("add", "role") else None
        password = _new_password(username, stdin, prompt) if action in ("add", "reset") else None
        from bot.store.db import get_engine

        engine = get_engine(args.case_db_url)
        upgrade(engine=engine)
        staff = StaffRepository(engine)
        if action == "list":
            out: Any = [user.to_dict() for user in staff.list_users()]
        elif action == "add":
            out = staff.add_user(username, password, role=role).to_dict()
        elif action == "reset":
            out = staff.reset_password(username, password).to_dict()
        elif action == "disable":
            out = staff.disable(username).to_dict()
        elif action == "enable":
            out = staff.enable(username).to_dict()
        else:
            out = staff.set_role(username, role).to_dict()
    except UsageError as exc:
        print(f"error: staff {action}: {exc}", file=stderr)
        return EXIT_USAGE
    except AccountError as exc:
        print(f"error: staff {action}: username: {exc}", file=stderr)
        return EXIT_USAGE
    except DatabaseUnavailable as exc:
        print(f"error: staff {action}: {exc}", file=stderr)
        return EXIT_DATABASE
    json.dump(out, stdout, ensure_ascii=False)
    stdout.write("\n")
    return 0
