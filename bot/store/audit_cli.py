"""`python -m bot audit verify`: checks the audit log's hash chain (bot/store/audit_chain.py).

Prints `{"ok": true, "rows": n, "head": {"seq": n, "row_hash": "…"}}` and exits 0 when every row holds;
otherwise adds `"first_broken": {"seq", "id", "reason"}` (the first row that does not) and exits 1.
An unreachable database exits 3 with one line on stderr. Keep the head it prints somewhere else: a later
chain that is shorter than a head you saw has lost its newest rows (which the chain alone cannot show).
"""
from __future__ import annotations

import argparse
import json
import sys

from bot.store.db import DatabaseUnavailable

EXIT_BROKEN = 1
EXIT_DATABASE = 3


def add_audit_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "audit", help="the staff audit log: verify its hash chain",
        description="Checks that no audit row was changed, deleted or reordered (exit 1 and the first "
        "broken row if one was).",
    )
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="walk the hash chain and report the first broken row")
    verify.add_argument("--case-db-url", default=None, help="default: KAYOU_CASE_DB_URL or SQLite under var/")
    verify.set_defaults(func=run_verify)
    return parser


def run_verify(args: argparse.Namespace) -> int:
    from bot.store import audit_chain
    from bot.store.db import connect, get_engine
    from bot.store.migrate import upgrade
    from bot.store.models import AuditEvent

    try:
        engine = get_engine(args.case_db_url)
        upgrade(engine=engine)  # a log from before the chain is chained first (migration 0007)
        with connect(engine) as conn:
            verdict = audit_chain.verify(conn, AuditEvent.__table__)
    except DatabaseUnavailable as exc:
        print(f"error: audit: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    print(json.dumps(verdict.as_dict(), ensure_ascii=False))
    return 0 if verdict.ok else EXIT_BROKEN
