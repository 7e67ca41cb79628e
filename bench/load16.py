"""Bounded load test (issue 6): 16 concurrent conversations for 60 s on loopback, 0 errors expected.

    .venv/bin/python -m bench.load16 [--seconds 60] [--conversations 16]

Starts a real action server and `rasa run` through bot/serve.py, as tests/e2e/servers.py does (SQLite tracker store, the embedded default), runs the
conversations in a closed loop (each sends its next turn when the previous answer arrived), and prints
throughput, p50/p99 and the error count as JSON. Exit status 1 on any error.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp

TURNS = ["你好", "招行欠了两万五", "逾期45天了", "利息多少", "会有什么后果", "会不会坐牢", "谢谢"]


async def conversation(url: str, sender: str, stop_at: float, latencies: list[float], errors: list[str]) -> None:
    async with aiohttp.ClientSession() as session:
        i = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", timeout=aiohttp.ClientTimeout(total=30),
                                        json={"sender": sender, "message": TURNS[i % len(TURNS)]}) as r:
                    body = await r.json()
                    if r.status != 200 or not body:
                        errors.append(f"{r.status}: {str(body)[:80]}")
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                errors.append(repr(exc))
            latencies.append(time.perf_counter() - started)
            i += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(url: str, seconds: float, conversations: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(conversation(url, f"load-{i}", stop_at, latencies, errors) for i in range(conversations)))
    elapsed = time.monotonic() - started
    return {
        "conversations": conversations, "seconds": round(elapsed, 1), "turns": len(latencies),
        "turns_per_s": round(len(latencies) / elapsed, 1), "errors": len(errors), "error_samples": errors[:5],
        "p50_ms": round(statistics.median(latencies) * 1000, 1), "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "load_average": os.getloadavg(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--conversations", type=int, default=16)
    args = parser.parse_args()
    from tests.e2e.servers import start_live_bot

    bot = start_live_bot(Path(tempfile.mkdtemp(prefix="kayou-load-")), debug=False)
    try:
        bot.say("warm-up", "你好", timeout=120)
        result = asyncio.run(run(bot.url, args.seconds, args.conversations))
    finally:
        bot.stop()
    print(json.dumps(result, ensure_ascii=False))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
