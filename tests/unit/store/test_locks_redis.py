"""The Redis lock store against a real Redis: tickets across processes, exclusion, expiry, clean-up.

Each test uses its own key prefix and removes its keys. Rasa's stock `RedisLockStore` runs through the
same races (strict xfail): the tests can tell a lock store that does not serialise from one that does.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import time
import uuid

import pytest
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LockError, RedisLockStore

from bot.store.locks import COUNTER_MARGIN_MS, AtomicRedisLockStore
from tests.e2e.pg import require_redis

pytestmark = pytest.mark.redis

PROCESSES = 4
TURNS_TIMEOUT_S = 8  # the atomic store needs ~1 s; Rasa's stock store gets stuck
FORK = multiprocessing.get_context("fork")


@pytest.fixture
def redis_url() -> str:
    return require_redis()


@pytest.fixture
def prefix(redis_url):
    import redis

    prefix = f"kayoutest{uuid.uuid4().hex[:8]}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = client.keys(prefix + "*")
    if keys:
        client.delete(*keys)


@pytest.fixture
def store(redis_url, prefix) -> AtomicRedisLockStore:
    return AtomicRedisLockStore(redis_url, key_prefix=prefix)


def make_store(kind: str, url: str, prefix: str):
    if kind == "atomic":
        return AtomicRedisLockStore(url, key_prefix=prefix)
    # Rasa's own store, as bot/store/locks.py configured it before (alphanumeric prefix only)
    return RedisLockStore(host="127.0.0.1", port=6379, db=int(url.rsplit("/", 1)[1]),
                          key_prefix=prefix.rstrip(":"))


STOCK_RACES = pytest.mark.xfail(strict=True, reason="Rasa 3.6 RedisLockStore: read-modify-write tickets")
KINDS = ["atomic", pytest.param("stock", marks=STOCK_RACES)]


# --- workers run in forked processes: one store (one connection) each, started together ---

def issue_many(kind, url, prefix, conversation, count, barrier, out) -> None:
    store = make_store(kind, url, prefix)
    barrier.wait()
    out.put([store.issue_ticket(conversation) for _ in range(count)])


def increment_under_lock(kind, url, prefix, conversation, count, barrier, out) -> None:
    """`count` turns, each a read-then-write of a shared counter that is only safe under the lock."""
    import redis

    store = make_store(kind, url, prefix)
    client = redis.Redis.from_url(url)
    key = prefix + "counter"
    spans = []

    async def turns() -> None:
        for _ in range(count):
            async with store.lock(conversation, wait_time_in_seconds=0.01):
                start = time.time()
                value = int(client.get(key) or 0)
                await asyncio.sleep(0.002)  # a turn does I/O between reading and writing its tracker
                client.set(key, value + 1)
                spans.append((start, time.time()))

    barrier.wait()
    try:
        asyncio.run(asyncio.wait_for(turns(), timeout=TURNS_TIMEOUT_S))
    except Exception as exc:  # a turn refused or stuck: reported, so the parent does not wait forever
        spans.append(("error", repr(exc)))
    out.put(spans)


def run_processes(target, *args, processes: int = PROCESSES) -> list:
    barrier = FORK.Barrier(processes)
    out = FORK.Queue()
    procs = [FORK.Process(target=target, args=(*args, barrier, out)) for _ in range(processes)]
    for p in procs:
        p.start()
    try:
        results = [out.get(timeout=TURNS_TIMEOUT_S + 30) for _ in procs]
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.exitcode is None:
                p.kill()
    assert [p.exitcode for p in procs] == [0] * processes
    return results


@pytest.mark.parametrize("kind", KINDS)
def test_tickets_issued_by_racing_processes_are_unique_and_increasing(kind, redis_url, prefix):
    per_process = 100
    results = run_processes(issue_many, kind, redis_url, prefix, "race", per_process)
    numbers = [n for result in results for n in result]
    assert len(numbers) == PROCESSES * per_process
    assert len(set(numbers)) == len(numbers), "two processes were given the same ticket"
    for result in results:
        assert result == sorted(result) and len(set(result)) == len(result)
    # nothing skipped either: the counter handed out 1..N
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("kind", KINDS)
def test_turns_of_one_conversation_in_several_processes_never_overlap(kind, redis_url, prefix):
    import redis

    per_process = 25
    results = run_processes(increment_under_lock, kind, redis_url, prefix, "turns", per_process)
    errors = [span[1] for result in results for span in result if span[0] == "error"]
    assert not errors
    assert int(redis.Redis.from_url(redis_url).get(prefix + "counter")) == PROCESSES * per_process
    spans = sorted(span for result in results for span in result)
    overlaps = [(a, b) for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1]]
    assert not overlaps, f"{len(overlaps)} turns ran while another held the lock"


def test_tickets_are_served_in_the_order_they_were_issued(store):
    served: list[int] = []

    async def turn(i: int) -> None:
        async with store.lock("fifo", wait_time_in_seconds=0.01):
            served.append(i)
            await asyncio.sleep(0.01)

    async def main() -> None:
        tasks = []
        for i in range(6):
            tasks.append(asyncio.create_task(turn(i)))
            await asyncio.sleep(0)  # each task issues its ticket before the next is created
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert served == list(range(6))


def test_a_crashed_holder_delays_the_next_turn_by_its_lifetime_only(store):
    store.issue_ticket("crash", lock_lifetime=0.4)  # never finished: its process died

    async def next_turn() -> float:
        start = time.monotonic()
        async with store.lock("crash", wait_time_in_seconds=0.05):
            return time.monotonic() - start

    waited = asyncio.run(next_turn())
    assert 0.3 <= waited < 1.5


def test_a_ticket_that_expires_while_waiting_fails_instead_of_running_alongside(redis_url, prefix):
    """A waiter whose process stalled past its ticket's lapse (its lifetime, at least the hand-over
    window after the ticket before) finds its ticket gone and fails; it never runs beside a later turn."""
    store = AtomicRedisLockStore(redis_url, key_prefix=prefix, handover_s=0.1)
    store.issue_ticket("slow", lock_lifetime=0.2)  # a holder that died
    stalled = store.issue_ticket("slow", lock_lifetime=0.2)
    time.sleep(0.5)  # both lapsed: the holder at 0.2 s, the stalled waiter 0.1 s after it
    running = store.issue_ticket("slow", lock_lifetime=30)  # a later turn, served and running

    async def stalled_turn() -> None:
        await store._wait_for_turn("slow", stalled, 0.05)
        raise AssertionError("ran while the later turn held the lock")

    with pytest.raises(LockError, match="expired while waiting"):
        asyncio.run(stalled_turn())
    assert [t.number for t in store.get_lock("slow").tickets] == [running]


def test_a_waiting_ticket_lapses_a_hand_over_window_after_the_one_before(redis_url, prefix):
    store = AtomicRedisLockStore(redis_url, key_prefix=prefix, handover_s=3)
    store.issue_ticket("queue", lock_lifetime=10)
    store.issue_ticket("queue", lock_lifetime=10)
    store.issue_ticket("queue", lock_lifetime=30)
    expiries = [t.expires - time.time() for t in store.get_lock("queue").tickets]
    assert 9 < expiries[0] <= 10 and 12 < expiries[1] <= 13 and 29 < expiries[2] <= 30, expiries


def test_finishing_the_last_ticket_leaves_no_lock_and_a_bounded_counter(store, prefix):
    first = store.issue_ticket("clean", lock_lifetime=5)
    second = store.issue_ticket("clean", lock_lifetime=5)
    assert store.position("clean", first) == 0 and store.position("clean", second) == 1
    store.cleanup("clean", first)
    # the next ticket is served; the lock stays while someone waits
    assert store.is_someone_waiting("clean") and store.position("clean", second) == 0
    assert store.position("clean", first) == -1
    store.cleanup("clean", second)
    assert not store.is_someone_waiting("clean") and store.get_lock("clean") is None
    tickets_key, counter_key, index_key = store._keys("clean")
    assert not store.red.exists(tickets_key) and not store.red.exists(index_key)
    # the second ticket lapses a hand-over window after the first
    assert 0 < store.red.pttl(counter_key) <= 5000 + store.handover_s * 1000 + COUNTER_MARGIN_MS
    # numbering goes on while the counter lives (no reuse of a number a late waiter may still hold)
    assert store.issue_ticket("clean") == 3


def test_keys_expire_with_the_last_live_ticket(store):
    store.issue_ticket("ttl", lock_lifetime=2)
    store.issue_ticket("ttl", lock_lifetime=30)
    tickets_key, _, index_key = store._keys("ttl")
    assert 28_000 < store.red.pttl(tickets_key) <= 30_001
    assert 28_000 < store.red.pttl(index_key) <= 30_001


def test_expired_tickets_are_skipped_and_dropped(store):
    store.issue_ticket("exp", lock_lifetime=0.1)
    live = store.issue_ticket("exp", lock_lifetime=30)
    time.sleep(0.2)
    assert store.position("exp", live) == 0
    lock = store.get_lock("exp")
    assert [t.number for t in lock.tickets] == [live] and lock.now_serving == live
    store.update_lock("exp")
    assert len(store.red.zrange(store._keys("exp")[0], 0, -1)) == 1
    assert len(store.red.zrange(store._keys("exp")[2], 0, -1)) == 1


def test_finish_serving_removes_only_that_ticket(store):
    numbers = [store.issue_ticket("fs") for _ in range(3)]
    store.finish_serving("fs", numbers[1])
    assert [t.number for t in store.get_lock("fs").tickets] == [numbers[0], numbers[2]]


def test_a_saved_rasa_ticket_lock_reads_back_and_keeps_numbers_unique(store):
    now = time.time()
    lock = TicketLock("saved", __import__("collections").deque(
        [Ticket(7, now + 30), Ticket(9, now + 30), Ticket(8, now - 1)]))
    store.save_lock(lock)
    again = store.get_lock("saved")
    assert [t.number for t in again.tickets] == [7, 9]  # ordered by number, the expired one gone
    assert abs(again.tickets[0].expires - (now + 30)) < 0.01
    assert store.issue_ticket("saved") == 10
    store.delete_lock("saved")
    assert store.get_lock("saved") is None


def test_an_unreachable_redis_is_a_lock_error(prefix):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = AtomicRedisLockStore(f"redis://127.0.0.1:{port}/1", key_prefix=prefix)
    with pytest.raises(LockError):
        dead.issue_ticket("x")


def test_a_waiting_turn_starts_soon_after_the_holder_finishes(store):
    """Rasa re-checks a busy lock every second; a quickly typed second message should not wait that."""
    started: list[float] = []

    async def turn(hold: float) -> None:
        async with store.lock("quick"):  # Rasa's default wait_time_in_seconds=1
            started.append(time.monotonic())
            await asyncio.sleep(hold)

    async def main() -> None:
        first = asyncio.create_task(turn(0.7))
        await asyncio.sleep(0.01)
        await asyncio.gather(first, turn(0))

    asyncio.run(main())
    assert 0.7 <= started[1] - started[0] < 1.0  # polling every 1 s (or doubling to it): ≥ 1.2


def test_a_turn_that_ran_is_not_failed_by_a_lost_clean_up(store, caplog):
    """Redis gone after the turn: the answer stands, the ticket lapses with its lifetime."""
    ran = []

    async def turn() -> None:
        async with store.lock("cut", lock_lifetime=5):
            ran.append(True)
            import redis.asyncio as aioredis

            # the turn's clean-up goes through the asyncio client: its next call cannot connect
            for _, client, _ in store._aio.values():
                client.connection_pool = aioredis.ConnectionPool(port=1)

    asyncio.run(turn())
    assert ran and "could not finish ticket 1 of 'cut'" in caplog.text


# ------------------------------------------------------------------ many turns queued on one conversation

def test_a_long_queue_on_one_conversation_does_not_slow_another(store):
    """Issue 22: with 3,000 turns waiting on one conversation, each poll scanned every ticket with a
    blocking client on the event loop, and another conversation's lock step took seconds. Now the waiting
    is asynchronous and each script O(log n): another conversation's turns stay fast."""
    waiting = 1500

    async def main() -> list[float]:
        holder = store.issue_ticket("flooded", 60)

        async def queued() -> None:
            async with store.lock("flooded", 60, 1):
                pass

        waiters = [asyncio.create_task(queued()) for _ in range(waiting)]
        await asyncio.sleep(1.5)
        assert store.position("flooded", holder) == 0 and store.is_someone_waiting("flooded")

        async def other_turn() -> None:
            async with store.lock("quiet"):
                pass

        took = []
        for _ in range(40):
            started = time.perf_counter()
            await asyncio.create_task(other_turn())  # as a request handler: the loop's delay counts
            took.append(time.perf_counter() - started)
            await asyncio.sleep(0.01)
        for task in waiters:
            task.cancel()
        await asyncio.gather(*waiters, return_exceptions=True)
        store.finish_serving("flooded", holder)
        return took

    took = sorted(asyncio.run(main()))
    # before: a median of 0.8 ms but a p99 of 14 s (3,000 waiting); a loaded CI machine gets leeway
    assert took[len(took) // 2] < 0.05 and took[-2] < 0.5, took


def test_scripts_do_not_scan_every_ticket(store):
    """A poll's cost does not grow with the queue: 20,000 tickets, a poll within a few times one on 2."""
    few = [store.issue_ticket("few", 60) for _ in range(2)]
    many = [store.issue_ticket("many", 60) for _ in range(20_000)]

    def per_poll(conversation: str, ticket: int) -> float:
        started = time.perf_counter()
        for _ in range(200):
            store.position(conversation, ticket)
        return (time.perf_counter() - started) / 200

    small, big = min(per_poll("few", few[-1]) for _ in range(3)), min(per_poll("many", many[-1]) for _ in range(3))
    assert big < max(5 * small, 0.002), (small, big)


# ------------------------------------------------------------------ a holder that died (issue 22, CI flake)

def test_a_turn_retried_after_its_holder_died_is_served_when_the_holder_lapses(store):
    """A replica killed mid-turn leaves its ticket; the client sends the turn again to another replica at
    once. The retry's ticket (same lifetime, issued a few ms later) used to lapse within a poll of the
    dead holder's, so the watcher saw either the holder or nothing: the turn failed with LockError, the
    REST channel answered with its fallback and the turn was lost (fresh-clone CI,
    test_a_replica_killed_mid_traffic_loses_and_duplicates_nothing). A waiting ticket now lapses a
    hand-over window after the one before it, so the retry is served."""
    conversations = [f"died{i}" for i in range(6)]

    async def retry(conversation: str) -> float:
        store.issue_ticket(conversation, lock_lifetime=0.5)  # the killed replica's turn, never finished
        started = time.monotonic()
        async with store.lock(conversation, lock_lifetime=0.5):  # Rasa's default wait_time_in_seconds=1
            return time.monotonic() - started

    async def main() -> list[float]:
        async with store.lock("warm-up"):  # the asyncio client connected: the retry follows within a ms
            pass
        return await asyncio.gather(*(retry(c) for c in conversations))

    waited = asyncio.run(main())
    assert all(0.4 <= w < 0.5 + getattr(store, "handover_s", 2) for w in waited), waited
