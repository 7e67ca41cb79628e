"""The command line of CONTRACT §2: ``python -m bot quote | penalty | installment | plan`` (and ``forget``,
``staff``, which print their own output).

JSON out (UTF-8, ``ensure_ascii=False``; money as numbers with 2 decimals). Bad input → exit status 2
and one line ``error: <field>: <message>`` on stderr, never a traceback.

Adding a command: write ``register_<name>(subparsers)`` that adds a parser and sets
``handler=<function(args, stdin) -> dict>``, and append it to ``COMMANDS``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

from bot.finance import FinanceInputError, installment, penalty, plan_from_dict, quote

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2
PROG = "python -m bot"


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage dump) and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"error: {message} (see: {self.prog} --help)\n")


def _reject_constant(name: str) -> Any:
    raise FinanceInputError("input", f"malformed JSON: {name} is not a number")


def _read_json(args: argparse.Namespace, stdin: IO[str]) -> Any:
    """The JSON document from --input (a path, or '-' for stdin). Numbers are parsed as Decimal."""
    source = args.input
    try:
        if source == "-":
            text = stdin.read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        raise FinanceInputError("--input", f"cannot read {source!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise FinanceInputError("input", "must be UTF-8 text") from None
    if not text.strip():
        raise FinanceInputError("input", "expected a JSON object on stdin, got nothing")
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FinanceInputError("input", f"malformed JSON: {exc.msg} ({where})") from None


def _renamed(error: FinanceInputError, flags: dict[str, str]) -> FinanceInputError:
    """Name command-line flags, not engine parameters, in errors."""
    return FinanceInputError(flags.get(error.field, error.field), error.message)


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", default="-", metavar="PATH", help="JSON file to read (default: stdin)")


# ── quote ────────────────────────────────────────────────────────────────────────────────────────
def _run_quote(args: argparse.Namespace, stdin: IO[str]) -> dict[str, Any]:
    return quote(_read_json(args, stdin)).to_dict()


def register_quote(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "quote",
        help="interest, 违约金 and total due for one statement cycle (JSON on stdin)",
        description='One statement cycle. stdin: {"bank", "statement_date", "due_date", "next_statement_date", '
        '"min_payment", "transactions": [{"posted", "amount", "kind": "purchase|cash"}], '
        '"payments": [{"date", "amount"}], "method": "full|unpaid_only", "daily_rate"}; '
        "bank, min_payment, payments, method and daily_rate are optional.",
    )
    _add_input(parser)
    parser.set_defaults(handler=_run_quote)


# ── penalty ──────────────────────────────────────────────────────────────────────────────────────
def _run_penalty(args: argparse.Namespace, stdin: IO[str]) -> dict[str, Any]:
    try:
        return penalty(args.bank, args.unpaid_min, principal=args.principal).to_dict()
    except FinanceInputError as exc:
        raise _renamed(exc, {"unpaid_min": "--unpaid-min", "principal": "--principal"}) from None


def register_penalty(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "penalty", help="违约金 for an unpaid minimum payment",
        description="违约金 = 5%% of the unpaid minimum with the bank's floor and cap.",
    )
    parser.add_argument("--bank", help="bank name, e.g. 招商银行 (unknown or missing → default rules)")
    parser.add_argument(
        "--unpaid-min", required=True, metavar="YUAN", help="unpaid part of the minimum payment, 元"
    )
    parser.add_argument("--principal", metavar="YUAN", help="overdraft principal, 元 (浦发银行 caps the fee at it)")
    parser.set_defaults(handler=_run_penalty)


# ── installment ──────────────────────────────────────────────────────────────────────────────────
def _run_installment(args: argparse.Namespace, stdin: IO[str]) -> dict[str, Any]:
    try:
        return installment(args.amount, args.periods, args.rate).to_dict()
    except FinanceInputError as exc:
        raise _renamed(exc, {"amount": "--amount", "periods": "--periods", "monthly_rate": "--rate"}) from None


def register_installment(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "installment", help="账单分期: payment per period, fee, true APR and EAR",
        description="per_period = amount/periods + amount*rate; apr = 12 x monthly IRR.",
    )
    parser.add_argument("--amount", required=True, metavar="YUAN", help="amount to split, 元")
    parser.add_argument("--periods", required=True, metavar="N", help="number of monthly periods, 1-60")
    parser.add_argument("--rate", required=True, metavar="FRACTION", help="fee per period, e.g. 0.006 for 0.6%%")
    parser.set_defaults(handler=_run_installment)


# ── plan ─────────────────────────────────────────────────────────────────────────────────────────
def _run_plan(args: argparse.Namespace, stdin: IO[str]) -> dict[str, Any]:
    return plan_from_dict(_read_json(args, stdin), today=date.today()).to_dict()


def register_plan(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="个性化分期 repayment plan and application letter (JSON on stdin)",
        description='stdin: {"debts": [{"bank", "amount", "card_last4", "statement_balance", "principal"}], "monthly_income", "monthly_expenses", '
        '"monthly_budget", "periods", "hardship_reason", "name", "start_date", "today", "income_source" ("family": '
        'the income is what the family gives)}; only debts is required.',
    )
    _add_input(parser)
    parser.set_defaults(handler=_run_plan)


def register_forget(subparsers: Any) -> None:
    """`forget <sender>` (个人信息保护法): runs itself and returns its exit status (see bot/store/cli.py)."""
    from bot.store.cli import add_forget_command

    add_forget_command(subparsers)


def register_staff(subparsers: Any) -> None:
    """`staff add|reset|disable|enable|role|list` (console accounts): see bot/store/staff_cli.py."""
    from bot.store.staff_cli import add_staff_command

    add_staff_command(subparsers)


def register_audit(subparsers: Any) -> None:
    """`audit verify`: the staff audit log's hash chain (see bot/store/audit_cli.py)."""
    from bot.store.audit_cli import add_audit_command

    add_audit_command(subparsers)


Register = Callable[[Any], None]
COMMANDS: list[Register] = [
    register_quote, register_penalty, register_installment, register_plan, register_forget, register_staff,
    register_audit,
]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="卡友助手 finance engine (JSON out; money in 元)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run one command; returns the exit status (argparse itself exits 2 on bad flags)."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    args = build_parser().parse_args(argv)
    if hasattr(args, "func"):  # commands with their own output and exit codes (forget)
        return args.func(args)
    try:
        result = args.handler(args, stdin)
    except FinanceInputError as exc:
        print(f"error: {exc}", file=stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the contract promises no traceback, even for our bugs
        print(f"error: internal error ({type(exc).__name__}): {exc}", file=stderr)
        return EXIT_INTERNAL
    json.dump(result, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return EXIT_OK
