"""`python -m bot forget <sender>`: deletes one cardholder's conversation and cases (个人信息保护法 第47条).

Prints `{"sender": ..., "removed": {"tracker_events": n, "cases": n, "handoffs": n},
"redacted": {"audit_events": n}}` and exits 0; an empty sender exits 2 and an unreachable database
exits 3, each with one line on stderr.

`bot/__main__.py` registers it with `add_forget_command(subparsers)` and runs `sys.exit(args.func(args))`;
`python -m bot.store.cli forget <sender>` works on its own too.
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.store.db import DatabaseUnavailable

EXIT_USAGE = 2
EXIT_DATABASE = 3


def add_forget_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "forget",
        help="delete one cardholder's conversation, cases and handoff requests",
        description=(
            "Deletes the conversation events (tracker store), drafted plans and handoff requests of "
            "one sender; staff audit rows about them are kept with the reference blanked. "
            "Prints JSON of what was removed."
        ),
    )
    parser.add_argument(
        "sender",
        help="the conversation id (Rasa sender_id) to forget; namespaced by channel: rest:<sender>, "
        "widget:<id>, wechat:<openid>",
    )
    parser.add_argument("--case-db-url", default=None, help="default: KAYOU_CASE_DB_URL or SQLite under var/")
    parser.add_argument(
        "--tracker-db-url", default=None, help="default: KAYOU_TRACKER_DB_URL or SQLite under var/"
    )
    parser.set_defaults(func=run_forget)
    return parser


def run_forget(args: argparse.Namespace) -> int:
    """Runs the command; returns the exit status."""
    from bot.store.repository import forget

    sender = args.sender
    if not sender or not sender.strip():
        print("error: forget: sender is empty; give the conversation id to delete", file=sys.stderr)
        return EXIT_USAGE
    try:
        counts = forget(sender, case_db_url=args.case_db_url, tracker_db_url=args.tracker_db_url)
    except DatabaseUnavailable as exc:
        print(f"error: forget: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    out = {
        "sender": sender,
        "removed": {k: counts[k] for k in ("tracker_events", "cases", "complaints", "handoffs")},
        "redacted": {"audit_events": counts["audit_events_redacted"]},
    }
    print(json.dumps(out, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.store.cli")
    add_forget_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
