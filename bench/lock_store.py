"""Cost of one turn's lock (issue, acquire, clean-up) on a real Redis: Rasa's stock store against ours.

`.venv/bin/python -m bench.lock_store [--cycles N]`: N uncontended `async with store.lock(...)` cycles
per store, one conversation each, in this process; prints wall time and CPU per cycle (client side)
and the Redis commands one cycle sends (INFO commandstats before/after).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
import uuid

import redis
from rasa.core.lock_store import RedisLockStore

from bot.store.locks import AtomicRedisLockStore

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=2000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    stores = {
        "rasa RedisLockStore": RedisLockStore(host="127.0.0.1", port=6379, db=1, key_prefix="kayoubench"),
        "AtomicRedisLockStore": AtomicRedisLockStore(URL, key_prefix="kayoubench:"),
    }
    out = {name: measure(store, args.cycles) for name, store in stores.items()}
    logger.info("%s", json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
