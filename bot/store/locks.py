"""Lock store: one conversation's turns run one at a time, across workers and replicas.

In memory for one process; Redis (`KAYOU_REDIS_URL`) for several workers or replicas.

Rasa 3.6's `RedisLockStore` issues a ticket by reading the lock, appending a ticket and writing the
lock back: two processes doing that at the same moment both get ticket 0, both run the turn, and the
tracker store's save of one overwrites the other's view, so a user turn is lost. `AtomicRedisLockStore`
keeps Rasa's ticket-lock algorithm and semantics but runs every read-modify-write as one Lua script
inside Redis, which executes scripts one at a time:

- a ticket's number comes from `INCR` on a counter per conversation, so numbers are unique and
  increasing whoever asks;
- the tickets of a conversation are a sorted set (score = number, member = "number:expires_ms");
  the lowest live number is served, as in Rasa (`TicketLock.now_serving`);
- a ticket expires `lock_lifetime` seconds after it was issued (Rasa's `TICKET_LOCK_LIFETIME`, 60 s),
  on Redis's clock (one clock for every replica), but never sooner than `HANDOVER_S` after the
  ticket before it; every script drops expired tickets first, so a crashed holder delays the next
  turn by at most the lifetime and never blocks it for good. The hand-over window is what lets a
  waiter see its turn come: with equal lifetimes, a turn sent again at once after its replica died
  (the client's retry) lapsed within a millisecond of the dead holder's ticket, a poll every 100 ms
  saw the holder or nothing, and the turn failed with a LockError, i.e. was lost (issue 22: the
  fresh-clone CI's test_a_replica_killed_mid_traffic_loses_and_duplicates_nothing). Expiries now
  grow along the queue by at least the window, so the head of the queue lapses first and the next
  ticket stays live for the window after it; a waiter fails only when Redis has dropped its ticket,
  never on its own clock (which raced with the holder's lapse in the same way);
- finishing removes the ticket; an empty sorted set no longer exists in Redis, so "delete the lock
  when nobody waits" (Rasa's `cleanup`) happens in the same step and cannot delete a ticket issued
  in between (another race of the read-then-delete in Rasa's `cleanup`).

Keys: `<prefix>lock:{<conversation id>}:t` (tickets), `...:e` (the same tickets by expiry: expired ones
are found without a scan) and `...:n` (counter); the braces keep them in one Redis Cluster slot. All carry
a TTL: nothing stays behind once every ticket has expired. (Tickets written by a release before the expiry
index, during a rolling upgrade, lapse with their key's TTL.)

A turn's own steps (issue, wait, finish) use `redis.asyncio` and scripts of O(log n) in the tickets of the
conversation: with 3,000 turns queued on one conversation, another conversation's lock stayed under a
millisecond instead of seconds (bench/lock_store.py --waiting 3000; issue 22).
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections import deque
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore

from bot.config import settings

logger = logging.getLogger(__name__)

DEFAULT_KEY_PREFIX = "kayou:"
# The counter outlives the last ticket by this much, so a waiter whose ticket expired sees it gone
# (and stops) before any new ticket could reuse its number.
COUNTER_MARGIN_MS = 60_000
# Rasa polls a busy lock every `wait_time_in_seconds` (1 s): a second message typed quickly would wait
# up to a second after the first turn ended. We poll from FIRST_POLL_S, doubling up to MAX_POLL_S (or
# Rasa's bound if lower): one script call of a few microseconds in Redis per poll.
FIRST_POLL_S = 0.01
MAX_POLL_S = 0.1
SOCKET_TIMEOUT_S = 10  # Rasa's DEFAULT_SOCKET_TIMEOUT_IN_SECONDS
# A waiting ticket lives at least this long after the ticket before it lapses: its waiter polls every
# MAX_POLL_S, but a busy replica's event loop (NLU runs on it) can stall for a second or more.
HANDOVER_S = 5.0

_PRELUDE = """
-- Redis < 5 replicates a script's commands only when asked (TIME is not deterministic)
if redis.replicate_commands then redis.replicate_commands() end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- drops the expired tickets, found by the expiry index (never a scan of every ticket), and returns the
-- latest expiry of the live ones (0: none)
local function prune(t, e, now)
  local expired = redis.call('ZRANGEBYSCORE', e, '-inf', '(' .. now)
  if #expired > 0 then
    for i = 1, #expired, 500 do
      redis.call('ZREM', t, unpack(expired, i, math.min(i + 499, #expired)))
    end
    redis.call('ZREMRANGEBYSCORE', e, '-inf', '(' .. now)
  end
  local last = redis.call('ZRANGE', e, -1, -1, 'WITHSCORES')
  if #last == 0 then return 0 end
  return tonumber(last[2])
end
"""

# KEYS: tickets, counter, expiry index. ARGV: lifetime in ms, counter margin in ms, hand-over window in
# ms. Returns {number, how many live tickets come before it} (0: served at once, no poll needed). The
# ticket lapses after its lifetime, but not before the latest live ticket plus the window (see above).
_ISSUE = _PRELUDE + """
local now = now_ms()
local live_max = prune(KEYS[1], KEYS[3], now)
local number = redis.call('INCR', KEYS[2])
local expires = now + math.floor(tonumber(ARGV[1]))
if live_max > 0 then expires = math.max(expires, live_max + math.floor(tonumber(ARGV[3]))) end
local member = string.format('%d:%d', number, expires)
redis.call('ZADD', KEYS[1], number, member)
redis.call('ZADD', KEYS[3], expires, member)
if expires > live_max then live_max = expires end
redis.call('PEXPIREAT', KEYS[1], live_max + 1)
redis.call('PEXPIREAT', KEYS[3], live_max + 1)
redis.call('PEXPIREAT', KEYS[2], live_max + tonumber(ARGV[2]))
return {number, redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. number)}
"""

# KEYS: tickets, expiry index. ARGV: number. Returns how many live tickets come before it (0: served
# now), or -1 when the ticket is gone (expired while waiting, or finished). O(log n).
_POSITION = _PRELUDE + """
prune(KEYS[1], KEYS[2], now_ms())
if #redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1], 'LIMIT', 0, 1) == 0 then return -1 end
return redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[1])
"""

# KEYS: tickets, expiry index. Returns the number now served (the lowest live ticket), or -1 when none is
# live. O(log n): what one process's watcher of a conversation polls for all its waiting turns.
_SERVING = _PRELUDE + """
prune(KEYS[1], KEYS[2], now_ms())
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return -1 end
return tonumber(first[2])
"""

# KEYS: tickets, expiry index. ARGV: number. Removes that ticket and the expired ones; returns how many
# live tickets are left. O(log n): the turn's clean-up.
_FINISH_ONE = _PRELUDE + """
local mine = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
for _, m in ipairs(mine) do
  redis.call('ZREM', KEYS[1], m)
  redis.call('ZREM', KEYS[2], m)
end
prune(KEYS[1], KEYS[2], now_ms())
return redis.call('ZCARD', KEYS[1])
"""

# KEYS: tickets, expiry index. Removes the expired tickets; returns the live ones as a flat list
# [member, member, ...] in order (Rasa's get_lock: the whole lock, on request only).
_LIVE = _PRELUDE + """
prune(KEYS[1], KEYS[2], now_ms())
return redis.call('ZRANGE', KEYS[1], 0, -1)
"""

# KEYS: tickets, counter, expiry index. ARGV: counter margin in ms, then member, member, ... Replaces the
# tickets (Rasa's `save_lock`), keeping the counter above every saved number.
_REPLACE = _PRELUDE + """
redis.call('DEL', KEYS[1], KEYS[3])
local top = 0
for i = 2, #ARGV do
  local number, expires = string.match(ARGV[i], '^(%d+):(%d+)$')
  number, expires = tonumber(number), tonumber(expires)
  redis.call('ZADD', KEYS[1], number, ARGV[i])
  redis.call('ZADD', KEYS[3], expires, ARGV[i])
  if number > top then top = number end
end
local live_max = prune(KEYS[1], KEYS[3], now_ms())
if live_max > 0 then
  redis.call('PEXPIREAT', KEYS[1], live_max + 1)
  redis.call('PEXPIREAT', KEYS[3], live_max + 1)
  if top > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], top) end
  redis.call('PEXPIREAT', KEYS[2], live_max + tonumber(ARGV[1]))
end
return 0
"""


def _member(ticket: Ticket) -> str:
    return f"{ticket.number}:{round(ticket.expires * 1000)}"


def _ticket(member: bytes | str) -> Ticket:
    text = member.decode() if isinstance(member, bytes) else member
    number, expires_ms = text.split(":")
    return Ticket(int(number), int(expires_ms) / 1000)


class AtomicRedisLockStore(LockStore):
    """Rasa's ticket lock in Redis, with every step atomic (see the module docstring).

    A turn's own path (`lock()`: issue, wait, finish) talks to Redis through `redis.asyncio`, so a slow
    Redis or a long queue never blocks the event loop; each of its scripts is O(log n) in the number of
    tickets of the conversation (an expiry index instead of a scan), and a waiter far back in the queue
    polls less often. Rasa's synchronous interface (get_lock, save_lock …) keeps a blocking client.
    """

    def __init__(self, url: str, key_prefix: str = DEFAULT_KEY_PREFIX, handover_s: float = HANDOVER_S) -> None:
        import redis

        parts = urlsplit(url)
        # db 1 when the URL names none, as before (Rasa's RedisLockStore default)
        self._db = int(parts.path.strip("/") or 1)
        self._url = url
        self.red = redis.Redis.from_url(url, db=self._db, socket_timeout=SOCKET_TIMEOUT_S)
        self.key_prefix = key_prefix
        self.handover_s = handover_s
        self._issue = self.red.register_script(_ISSUE)
        self._position = self.red.register_script(_POSITION)
        self._finish_one = self.red.register_script(_FINISH_ONE)
        self._live = self.red.register_script(_LIVE)
        self._replace = self.red.register_script(_REPLACE)
        self._aio: dict[int, Any] = {}  # per event loop: (loop, client, scripts)
        self._issue_gates: dict[str, tuple[asyncio.Lock, int]] = {}
        self._watchers: dict[tuple[int, str], _Watcher] = {}
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        """tickets, counter, expiry index (one Redis Cluster slot: the braces)."""
        base = f"{self.key_prefix}lock:{{{conversation_id}}}"
        return [base + ":t", base + ":n", base + ":e"]

    def _async(self) -> Any:
        """The asyncio client and scripts of the running loop (a client belongs to one loop)."""
        loop = asyncio.get_running_loop()
        entry = self._aio.get(id(loop))
        if entry is None or entry[0] is not loop:
            import redis.asyncio as aioredis

            client = aioredis.Redis.from_url(self._url, db=self._db, socket_timeout=SOCKET_TIMEOUT_S)
            scripts = {name: client.register_script(src) for name, src in
                       (("issue", _ISSUE), ("position", _POSITION), ("finish_one", _FINISH_ONE),
                        ("serving", _SERVING))}
            self._aio = {k: v for k, v in self._aio.items() if not v[0].is_closed()}
            entry = (loop, client, scripts)
            self._aio[id(loop)] = entry
        return entry[2]

    # --- Rasa's LockStore interface (synchronous), each call one script ---

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        t, n, e = self._keys(conversation_id)
        try:
            return int(self._issue(keys=[t, n, e], args=self._issue_args(lock_lifetime))[0])
        except Exception as exc:  # Rasa's contract: any failure to get a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def _issue_args(self, lock_lifetime: float) -> list[int]:
        return [round(lock_lifetime * 1000), COUNTER_MARGIN_MS, round(self.handover_s * 1000)]

    def position(self, conversation_id: str, ticket: int) -> int:
        """Live tickets before `ticket` (0: its turn now); -1 if it expired or was finished."""
        t, _, e = self._keys(conversation_id)
        return int(self._position(keys=[t, e], args=[ticket]))

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        t, _, e = self._keys(conversation_id)
        self._finish_one(keys=[t, e], args=[ticket_number])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # the sorted set disappears with its last ticket: finishing is the clean-up, atomically
        self.finish_serving(conversation_id, ticket_number)

    def _live_members(self, conversation_id: str) -> list[Any]:
        t, _, e = self._keys(conversation_id)
        return self._live(keys=[t, e], args=[])

    def update_lock(self, conversation_id: str) -> None:
        self._live_members(conversation_id)

    def is_someone_waiting(self, conversation_id: str) -> bool:
        return bool(self._live_members(conversation_id))

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        members = self._live_members(conversation_id)
        if not members:
            return None
        return TicketLock(conversation_id, deque(_ticket(m) for m in members))

    def delete_lock(self, conversation_id: str) -> None:
        t, _, e = self._keys(conversation_id)
        deleted = self.red.delete(t, e)
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        self._replace(keys=self._keys(lock.conversation_id),
                      args=[COUNTER_MARGIN_MS, *(_member(t) for t in lock.tickets)])

    # --- a turn's path, asynchronous ---

    async def issue_ticket_async(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME
    ) -> tuple[int, int]:
        """(ticket number, live tickets before it)."""
        t, n, e = self._keys(conversation_id)
        scripts = self._async()
        # Two messages of one conversation get their tickets in the order their handlers asked, as with a
        # blocking call: in this process an asyncio.Lock per conversation (first come, first served) holds
        # the next ask until the ticket before it is issued.
        gate, users = self._issue_gates.get(conversation_id, (None, 0))
        if gate is None:
            gate = asyncio.Lock()
        self._issue_gates[conversation_id] = (gate, users + 1)
        try:
            async with gate:
                number, ahead = await scripts["issue"](keys=[t, n, e], args=self._issue_args(lock_lifetime))
                return int(number), int(ahead)
        except Exception as exc:  # Rasa's contract: any failure to get a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc
        finally:
            gate, users = self._issue_gates[conversation_id]
            if users <= 1:
                del self._issue_gates[conversation_id]
            else:
                self._issue_gates[conversation_id] = (gate, users - 1)

    async def position_async(self, conversation_id: str, ticket: int) -> int:
        t, _, e = self._keys(conversation_id)
        return int(await self._async()["position"](keys=[t, e], args=[ticket]))

    async def finish_async(self, conversation_id: str, ticket: int) -> None:
        t, _, e = self._keys(conversation_id)
        await self._async()["finish_one"](keys=[t, e], args=[ticket])

    async def serving_async(self, conversation_id: str) -> int:
        t, _, e = self._keys(conversation_id)
        return int(await self._async()["serving"](keys=[t, e], args=[]))

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        return await self._wait_for_turn(conversation_id, ticket, wait_time_in_seconds)

    async def _wait_for_turn(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float, ahead: int | None = None,
    ) -> TicketLock:
        """Returns when `ticket` is served. The turns of one conversation waiting in this process share one
        watcher that polls the number now served (one O(log n) script per poll, however many wait), so
        3,000 turns queued on one conversation cost what one does; a ticket Redis dropped (past its
        lifetime) or passed over fails with LockError. Redis alone decides: a deadline on this process's
        clock would race with the lapse of the ticket before (see the module docstring)."""
        if ahead is None:
            ahead = await self.position_async(conversation_id, ticket)
        if ahead < 0:
            raise _expired(conversation_id, ticket)
        if ahead > 0:
            loop = asyncio.get_running_loop()
            key = (id(loop), conversation_id)
            watcher = self._watchers.get(key)
            if watcher is None or watcher.loop is not loop:
                watcher = self._watchers[key] = _Watcher(loop)
            served = loop.create_future()
            watcher.waiting[ticket] = served
            if watcher.task is None:
                longest = min(MAX_POLL_S, wait_time_in_seconds)
                watcher.task = loop.create_task(self._watch(key, conversation_id, watcher, longest))
            try:
                await served
            finally:
                watcher.waiting.pop(ticket, None)
        logger.debug("Acquired lock for conversation '%s'.", conversation_id)
        # this turn's ticket only: loading every waiting ticket would cost O(n) per turn, and Rasa does not
        # read the lock it is given
        return TicketLock(conversation_id, deque([Ticket(ticket, 0.0)]))

    async def _watch(self, key: tuple[int, str], conversation_id: str, watcher: _Watcher, longest: float) -> None:
        pause, last = min(FIRST_POLL_S, longest), None
        try:
            while watcher.waiting:
                head = await self.serving_async(conversation_id)
                if head != last:  # the queue moved: the next turn is likely soon
                    pause, last = min(FIRST_POLL_S, longest), head
                for ticket, served in list(watcher.waiting.items()):
                    if served.done():
                        continue
                    if ticket == head:
                        served.set_result(None)
                    elif head < 0 or ticket < head:
                        served.set_exception(_expired(conversation_id, ticket))
                watcher.poke.clear()
                try:
                    await asyncio.wait_for(watcher.poke.wait(), pause)
                except asyncio.TimeoutError:
                    pass
                pause = min(pause * 2, longest)
        except Exception as exc:  # Redis gone: every waiting turn fails as Rasa's would
            for served in watcher.waiting.values():
                if not served.done():
                    served.set_exception(LockError(f"Error while waiting for the lock. Error:\n{exc}"))
        finally:
            if self._watchers.get(key) is watcher:
                del self._watchers[key]

    def _poke(self, conversation_id: str) -> None:
        """A turn of this process finished: its conversation's watcher looks again now."""
        try:
            watcher = self._watchers.get((id(asyncio.get_running_loop()), conversation_id))
        except RuntimeError:
            return
        if watcher is not None:
            watcher.poke.set()

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        # Rasa's LockStore.lock, spelled out so that it stays ours whatever Rasa's base does
        ticket, ahead = await self.issue_ticket_async(conversation_id, lock_lifetime)
        try:
            yield await self._wait_for_turn(conversation_id, ticket, wait_time_in_seconds, ahead)
        finally:
            try:
                # shielded: a cancelled turn still gives its place up at once
                await asyncio.shield(self.finish_async(conversation_id, ticket))
                self._poke(conversation_id)
            except BaseException:  # the turn is done and stored: its ticket lapses with its lifetime
                logger.warning("lock store: could not finish ticket %d of '%s'; it expires in %s s",
                               ticket, conversation_id, lock_lifetime, exc_info=True)


class _Watcher:
    """The turns of one conversation waiting in one event loop: ticket → future."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[int, asyncio.Future] = {}
        self.task: asyncio.Task | None = None
        self.poke = asyncio.Event()


def _expired(conversation_id: str, ticket: int) -> LockError:
    # Rasa would go on polling a lock that no longer holds this ticket; running the turn now could
    # overlap the holder's, so this turn fails instead (the channel answers 500).
    return LockError(f"Could not acquire lock for conversation_id '{conversation_id}': "
                     f"ticket {ticket} expired while waiting.")


def _refuse(message: str) -> None:
    logger.error(message)
    print(message, file=sys.stderr)  # noqa: T201 — the operator must see this even without logging
    raise SystemExit(message)


def check_single_process_is_safe() -> None:
    """Refuses, without a shared lock store, a set-up where two processes could serve one conversation.

    `SANIC_WORKERS>1` always; a tracker store on a database server (PostgreSQL, MySQL: anything but
    the embedded SQLite file) means replicas are possible, unless the operator says there is only one
    (`KAYOU_SINGLE_REPLICA=1`).
    """
    config = settings()
    workers = int(os.environ.get("SANIC_WORKERS", "1") or 1)
    if workers > 1:
        _refuse("error: SANIC_WORKERS>1 needs a shared lock store: set KAYOU_REDIS_URL "
                "(e.g. redis://127.0.0.1:6379/1).")
    scheme = urlsplit(config.tracker_db_url).scheme
    if not scheme.startswith("sqlite") and not config.single_replica:
        _refuse(f"error: the tracker store is a database server ({scheme.split('+')[0]}), so several "
                "replicas may serve one conversation: set KAYOU_REDIS_URL (e.g. redis://127.0.0.1:6379/1) "
                "for a shared lock store, or KAYOU_SINGLE_REPLICA=1 if this is the only replica.")


def _check_reachable(store: AtomicRedisLockStore, url: str) -> None:
    """Fails fast at start: otherwise every turn would fail later with a LockError."""
    import redis

    try:
        store.red.ping()
    except redis.RedisError as exc:
        parts = urlsplit(url)
        where = f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"  # no password
        _refuse(f"error: the lock store {where} is not reachable ({exc.__class__.__name__}). "
                "Start Redis or fix KAYOU_REDIS_URL.")


class KayouLockStore(LockStore):
    """`AtomicRedisLockStore` when `KAYOU_REDIS_URL` is set, else Rasa's in-memory store (one process).

    endpoints.yml names this class; Rasa builds it with `endpoint_config=`. Every call is delegated.
    """

    def __init__(self, endpoint_config: Any = None) -> None:
        url = settings().redis_url
        if url:
            store = AtomicRedisLockStore(url)
            _check_reachable(store, url)
            self.inner: LockStore = store
            logger.info("lock store: Redis (atomic tickets)")
        else:
            check_single_process_is_safe()
            self.inner = InMemoryLockStore()

    def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
             wait_time_in_seconds: float = 1) -> Any:
        return self.inner.lock(conversation_id, lock_lifetime, wait_time_in_seconds)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        return self.inner.issue_ticket(conversation_id, lock_lifetime)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        return await self.inner._acquire_lock(conversation_id, ticket, wait_time_in_seconds)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.inner.finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.inner.cleanup(conversation_id, ticket_number)

    def update_lock(self, conversation_id: str) -> None:
        self.inner.update_lock(conversation_id)

    def is_someone_waiting(self, conversation_id: str) -> bool:
        return self.inner.is_someone_waiting(conversation_id)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)
