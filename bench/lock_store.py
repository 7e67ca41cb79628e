"""Cost of one turn's lock (issue, acquire, clean-up) on a real Redis: Rasa's stock store against ours.

`.venv/bin/python -m bench.lock_store [--cycles N]`: N uncontended `async with store.lock(...)` cycles
per store, one conversation each, in this process; prints wall time and CPU per cycle (client side)
and the Redis commands one cycle sends (INFO commandstats before/after).

`.venv/bin/python -m bench.lock_store --waiting 3000 [--code DIR]` (issue 22): one conversation has a
turn in progress and WAITING turns queued behind it, all polling on this event loop as in a Rasa
server; prints the lock cycle of *another* conversation (p50 / p99 / max in ms) with and without them.
`--code DIR` imports bot.store.locks from another source tree (e.g. `git archive 4afc33a | tar -x -C
/tmp/before`), to measure before and after a change with the same script.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import time
import uuid
from pathlib import Path

import redis

logger = logging.getLogger(__name__)
URL = "redis://127.0.0.1:6379/1"


def commands(client: redis.Redis) -> int:
    return sum(v["calls"] for k, v in client.info("commandstats").items() if k != "cmdstat_info")


async def cycles(store, n: int) -> None:
    conversation = f"bench-{uuid.uuid4().hex[:8]}"
    for _ in range(n):
        async with store.lock(conversation):
            pass


def measure(store, n: int) -> dict[str, float]:
    client = redis.Redis.from_url(URL)
    asyncio.run(cycles(store, 50))  # connections and scripts loaded
    before = commands(client)
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(cycles(store, n))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall_us_per_cycle": round(wall / n * 1e6, 1), "client_cpu_us_per_cycle": round(cpu / n * 1e6, 1),
            "redis_commands_per_cycle": round((commands(client) - before) / n, 2)}


def _summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 2),
            "p99_ms": round(ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))], 2), "max_ms": round(ms[-1], 2)}


async def _other_conversation(store, probes: int) -> list[float]:
    other = f"bench-other-{uuid.uuid4().hex[:8]}"
    out = []

    async def turn() -> None:
        async with store.lock(other):
            pass

    for _ in range(probes):
        # a task, as a request's handler is: its time includes waiting for the event loop
        started = time.perf_counter()
        await asyncio.create_task(turn())
        out.append(time.perf_counter() - started)
        await asyncio.sleep(0.005)
    return out


async def contended(store, waiting: int, probes: int) -> dict[str, dict[str, float]]:
    busy = f"bench-busy-{uuid.uuid4().hex[:8]}"
    quiet = _summary(await _other_conversation(store, probes))
    holder = store.issue_ticket(busy, 120)  # a turn in progress for the whole measurement

    async def wait_turn() -> None:
        async with store.lock(busy, 120, 1):
            pass

    waiters = [asyncio.create_task(wait_turn()) for _ in range(waiting)]
    await asyncio.sleep(2.0)  # every waiter issued its ticket and polls
    loaded = _summary(await _other_conversation(store, probes))
    for task in waiters:
        task.cancel()
    await asyncio.gather(*waiters, return_exceptions=True)
    store.finish_serving(busy, holder)
    return {"other_conversation_alone": quiet, f"other_conversation_with_{waiting}_waiting": loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=2000)
    parser.add_argument("--waiting", type=int, default=0, help="turns queued on one conversation (issue 22)")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--code", type=Path, default=None, help="import bot.store.locks from this tree")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.code is not None:
        sys.path.insert(0, str(args.code.resolve()))
        for name in [m for m in sys.modules if m == "bot" or m.startswith("bot.")]:
            del sys.modules[name]
    from rasa.core.lock_store import RedisLockStore

    from bot.store.locks import AtomicRedisLockStore

    prefix = f"kayoubench{uuid.uuid4().hex[:6]}:"
    if args.waiting:
        store = AtomicRedisLockStore(URL, key_prefix=prefix)
        out = {"code": str(args.code or "."), **asyncio.run(contended(store, args.waiting, args.probes))}
    else:
        stores = {
            "rasa RedisLockStore": RedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix="kayoubench"),
            "AtomicRedisLockStore": AtomicRedisLockStore(URL, key_prefix=prefix),
        }
        out = {name: measure(store, args.cycles) for name, store in stores.items()}
    client = redis.Redis.from_url(URL)
    keys = client.keys(prefix + "*")
    if keys:
        client.delete(*keys)
    logger.info("%s", json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
