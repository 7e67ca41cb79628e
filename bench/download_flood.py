"""Console latency while download loops hammer one document link (issue 22, finding 2).

    .venv/bin/python -m bench.download_flood [--loops 20] [--seconds 20] [--code DIR] [--generator process|same]

Starts a real `rasa run` through bot/serve.py (SQLite case store, the embedded default) from the source tree
`--code` (default: this one; `git archive 4afc33a | tar -x -C /tmp/before` gives the tree before the fix),
stores a complaint-sized document (the letter and schedule of a 36,000 元 plan) behind a signed link, then:
1. baseline: an agent's console calls (`GET /webhooks/console/api/queue`) and a widget's message poll
   (`POST /webhooks/widget/messages`), one after the other, for `--seconds`;
2. the same while `--loops` clients download the link's PDF in closed loops.
Prints p50 / p99 / max of the console and widget calls in ms, and the downloads' status counts, as JSON.
Not a test: the figures depend on the machine (its load is printed with them).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp

from bench.common import MODEL, ROOT, machine

STAFF_USER, STAFF_PASSWORD = "bench-staff", "bench-Console-Passw0rd!"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_rasa(code: Path, var_dir: Path, port: int, secret: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(code), "KAYOU_VAR_DIR": str(var_dir), "RASA_TELEMETRY_ENABLED": "false",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "TF_CPP_MIN_LOG_LEVEL": "2", "KAYOU_DOWNLOAD_SECRET": secret,
           "KAYOU_STAFF_USER": STAFF_USER, "KAYOU_STAFF_PASSWORD": STAFF_PASSWORD,
           "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}/webhook"}
    log = open(var_dir / "rasa.log", "ab")  # noqa: SIM115 — kept open for the child's lifetime
    return subprocess.Popen(
        [sys.executable, "-m", "bot.serve", "rasa", "--model", str(MODEL), "-i", "127.0.0.1", "--port", str(port),
         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
        cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(proc: subprocess.Popen, url: str, timeout: float = 300) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("rasa exited: see its log")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("rasa not ready")


def store_document(var_dir: Path) -> str:
    """A complaint row holding the plan's letter (with its table): what a widget's complaint link opens."""
    from bot.finance import plan

    result = plan([{"bank": "招行", "amount": 36000, "card_last4": "8899"}], monthly_income=5000,
                  monthly_expenses=3000, monthly_budget=1500, hardship_reason="今年生病住院了",
                  today=date(2026, 12, 1)).to_dict()
    document = result["letter_documents"][0]  # the complaints table holds the Document itself
    complaint_id = uuid.uuid4().hex
    with sqlite3.connect(var_dir / "cases.db") as db:
        db.execute("INSERT INTO complaints (id, sender_id, channel, created_at, document) VALUES (?, ?, ?, ?, ?)",
                   (complaint_id, "widget:bench", "widget", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
                    json.dumps(document, ensure_ascii=False)))
    return complaint_id


def signed(complaint_id: str) -> str:
    from bot.documents import links

    query, _ = links.signed_query(complaint_id)
    return query


def summary(latencies: list[float]) -> dict[str, float]:
    ms = sorted(x * 1000 for x in latencies)
    if not ms:
        return {}
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "p99_ms": round(p99, 1),
            "max_ms": round(ms[-1], 1)}


async def logged_in(url: str) -> aiohttp.ClientSession:
    # unsafe: keep cookies of an IP-address host (127.0.0.1)
    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120),
                                    cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.post(f"{url}/webhooks/console/login",
                            json={"username": STAFF_USER, "password": STAFF_PASSWORD}) as r:
        assert r.status == 200, await r.text()
    return session


async def probe(session: aiohttp.ClientSession, url: str, seconds: float) -> dict[str, dict[str, float]]:
    """An agent's queue and a widget's poll, alternately, each timed, for `seconds` (a call still running
    at the end is waited for and counted)."""
    console, widget = [], []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        async with session.get(f"{url}/webhooks/console/api/queue") as r:
            await r.read()
            assert r.status == 200, r.status
        console.append(time.perf_counter() - started)
        started = time.perf_counter()
        async with session.post(f"{url}/webhooks/widget/messages", json={"sender": "benchpoll", "after": 0}) as r:
            await r.read()
        widget.append(time.perf_counter() - started)
        await asyncio.sleep(0.05)
    return {"console_queue": summary(console), "widget_poll": summary(widget)}


async def baseline(base: str, seconds: float) -> dict:
    session = await logged_in(base)
    try:
        return await probe(session, base, seconds)
    finally:
        await session.close()


async def download_loop(url: str, stop: float, statuses: dict[int, int], latencies: list[float]) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                async with session.get(url) as r:
                    await r.read()
                    statuses[r.status] = statuses.get(r.status, 0) + 1
            except (aiohttp.ClientError, asyncio.TimeoutError):
                statuses[-1] = statuses.get(-1, 0) + 1
            latencies.append(time.perf_counter() - started)


def generate(url: str, loops: int, seconds: float, out: Any) -> None:
    """The download loops in a process of their own (`--generator process`)."""
    async def run() -> tuple[dict[int, int], list[float]]:
        statuses: dict[int, int] = {}
        latencies: list[float] = []
        stop = time.monotonic() + seconds
        await asyncio.gather(*(download_loop(url, stop, statuses, latencies) for _ in range(loops)))
        return statuses, latencies

    out.put(asyncio.run(run()))


async def under_load(base: str, file_url: str, loops: int, seconds: float, generator: str) -> dict:
    """`generator`: "process" runs the loops in another process, so the probe times the server and not
    its own event loop crowded by the loops' requests; "same" runs them in the probe's loop (as the
    figures before 2026-12-07 10:30 did)."""
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    session = await logged_in(base)  # before the loops start: the login is not what is measured
    stop = time.monotonic() + seconds + 1
    if generator == "process":
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue()
        proc = ctx.Process(target=generate, args=(file_url, loops, seconds + 1, out))
        proc.start()
        tasks = []
    else:
        tasks = [asyncio.create_task(download_loop(file_url, stop, statuses, latencies)) for _ in range(loops)]
    await asyncio.sleep(0.5)  # the loops' first requests are in
    try:
        measured = await probe(session, base, seconds)
    finally:
        await session.close()
    if generator == "process":
        statuses, latencies = await asyncio.to_thread(out.get)
        proc.join()
    await asyncio.gather(*tasks)
    return {**measured, "generator": generator, "downloads": {str(k): v for k, v in sorted(statuses.items())},
            "download_latency": summary(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loops", type=int, default=20)
    parser.add_argument("--generator", choices=("process", "same"), default="process",
                        help="the download loops in a process of their own (default) or in the probe's loop")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--code", type=Path, default=ROOT, help="the source tree whose bot is started")
    parser.add_argument("--per-link", type=int, default=None,
                        help="KAYOU_DOWNLOAD_PER_LINK_MINUTE of the server (e.g. 100000: every download served)")
    args = parser.parse_args()
    secret = secrets.token_hex(32)
    os.environ["KAYOU_DOWNLOAD_SECRET"] = secret  # this process signs the link with the server's key
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="kayou-dl-") as tmp:
        var_dir = Path(tmp)
        if args.per_link:
            os.environ["KAYOU_DOWNLOAD_PER_LINK_MINUTE"] = str(args.per_link)
        proc = start_rasa(args.code.resolve(), var_dir, port, secret)
        try:
            wait_ready(proc, base + "/")
            complaint_id = store_document(var_dir)
            file_url = f"{base}/webhooks/widget/documents/{complaint_id}/complaint.pdf?{signed(complaint_id)}"
            out = {"code": str(args.code), "per_link": args.per_link, "loops": args.loops, "seconds": args.seconds, "machine": machine(),
                   "baseline": asyncio.run(baseline(base, args.seconds)),
                   "while_downloading": asyncio.run(under_load(base, file_url, args.loops, args.seconds,
                                                                   args.generator))}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
