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
  on Redis's clock (one clock for every replica); every script drops expired tickets first, so a
  crashed holder delays the next turn by at most the lifetime and never blocks it for good;
- finishing removes the ticket; an empty sorted set no longer exists in Redis, so "delete the lock
  when nobody waits" (Rasa's `cleanup`) happens in the same step and cannot delete a ticket issued
  in between (another race of the read-then-delete in Rasa's `cleanup`).

Keys: `<prefix>lock:{<conversation id>}:t` (tickets) and `...:n` (counter); the braces keep both in
one Redis Cluster slot. Both carry a TTL: nothing stays behind once every ticket has expired.
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

_PRELUDE = """
-- Redis < 5 replicates a script's commands only when asked (TIME is not deterministic)
if redis.replicate_commands then redis.replicate_commands() end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function prune(key, now)
  local live_max = 0
  for _, m in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local expires = tonumber(string.match(m, ':(%d+)$'))
    if now > expires then
      redis.call('ZREM', key, m)
    elseif expires > live_max then
      live_max = expires
    end
  end
  return live_max
end
"""

# KEYS: tickets, counter. ARGV: lifetime in ms, counter margin in ms. Returns the ticket number.
_ISSUE = _PRELUDE + """
local now = now_ms()
local live_max = prune(KEYS[1], now)
local number = redis.call('INCR', KEYS[2])
local expires = now + math.floor(tonumber(ARGV[1]))
redis.call('ZADD', KEYS[1], number, string.format('%d:%d', number, expires))
if expires > live_max then live_max = expires end
redis.call('PEXPIREAT', KEYS[1], live_max + 1)
redis.call('PEXPIREAT', KEYS[2], live_max + tonumber(ARGV[2]))
return number
"""

# KEYS: tickets. ARGV: number. Returns how many live tickets come before it (0: served now), or -1
# when the ticket is gone (expired while waiting, or finished).
_POSITION = _PRELUDE + """
prune(KEYS[1], now_ms())
if #redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return -1 end
return redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[1])
"""

# KEYS: tickets. ARGV: number, or none. Removes that ticket and the expired ones; returns the live
# tickets as a flat list [member, member, ...] in order.
_FINISH = _PRELUDE + """
if ARGV[1] then redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1]) end
prune(KEYS[1], now_ms())
return redis.call('ZRANGE', KEYS[1], 0, -1)
"""

# KEYS: tickets, counter. ARGV: counter margin in ms, then member, member, ... Replaces the tickets
# (Rasa's `save_lock`), keeping the counter above every saved number.
_REPLACE = _PRELUDE + """
redis.call('DEL', KEYS[1])
local live_max, top = 0, 0
for i = 2, #ARGV do
  local number, expires = string.match(ARGV[i], '^(%d+):(%d+)$')
  number, expires = tonumber(number), tonumber(expires)
  redis.call('ZADD', KEYS[1], number, ARGV[i])
  if expires > live_max then live_max = expires end
  if number > top then top = number end
end
prune(KEYS[1], now_ms())
if live_max > 0 then
  redis.call('PEXPIREAT', KEYS[1], live_max + 1)
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
    """Rasa's ticket lock in Redis, with every step atomic (see the module docstring)."""

    def __init__(self, url: str, key_prefix: str = DEFAULT_KEY_PREFIX) -> None:
        import redis

        parts = urlsplit(url)
        # db 1 when the URL names none, as before (Rasa's RedisLockStore default)
        db = int(parts.path.strip("/") or 1)
        self.red = redis.Redis.from_url(url, db=db, socket_timeout=SOCKET_TIMEOUT_S)
        self.key_prefix = key_prefix
        self._issue = self.red.register_script(_ISSUE)
        self._position = self.red.register_script(_POSITION)
        self._finish = self.red.register_script(_FINISH)
        self._replace = self.red.register_script(_REPLACE)
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        base = f"{self.key_prefix}lock:{{{conversation_id}}}"
        return [base + ":t", base + ":n"]

    # --- Rasa's LockStore interface, each call one script ---

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._issue(keys=self._keys(conversation_id),
                                   args=[round(lock_lifetime * 1000), COUNTER_MARGIN_MS]))
        except Exception as exc:  # Rasa's contract: any failure to get a ticket is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def position(self, conversation_id: str, ticket: int) -> int:
        """Live tickets before `ticket` (0: its turn now); -1 if it expired or was finished."""
        return int(self._position(keys=self._keys(conversation_id)[:1], args=[ticket]))

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        longest = min(MAX_POLL_S, wait_time_in_seconds)
        pause = min(FIRST_POLL_S, longest)
        while True:
            ahead = self.position(conversation_id, ticket)
            if ahead == 0:
                logger.debug("Acquired lock for conversation '%s'.", conversation_id)
                return self.get_lock(conversation_id) or TicketLock(conversation_id)
            if ahead < 0:
                # Rasa would go on polling a lock that no longer holds this ticket; running the turn
                # now could overlap the holder's, so this turn fails instead (the channel answers 500).
                raise LockError(
                    f"Could not acquire lock for conversation_id '{conversation_id}': "
                    f"ticket {ticket} expired while waiting."
                )
            logger.debug("Conversation '%s': %d turn(s) before ticket %d.", conversation_id, ahead, ticket)
            await asyncio.sleep(pause)
            pause = min(pause * 2, longest)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._finish(keys=self._keys(conversation_id)[:1], args=[ticket_number])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # the sorted set disappears with its last ticket: finishing is the clean-up, atomically
        self.finish_serving(conversation_id, ticket_number)

    def update_lock(self, conversation_id: str) -> None:
        self._finish(keys=self._keys(conversation_id)[:1], args=[])

    def is_someone_waiting(self, conversation_id: str) -> bool:
        return bool(self._finish(keys=self._keys(conversation_id)[:1], args=[]))

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        members = self._finish(keys=self._keys(conversation_id)[:1], args=[])
        if not members:
            return None
        return TicketLock(conversation_id, deque(_ticket(m) for m in members))

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(self._keys(conversation_id)[0])
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        self._replace(keys=self._keys(lock.conversation_id),
                      args=[COUNTER_MARGIN_MS, *(_member(t) for t in lock.tickets)])

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        # Rasa's LockStore.lock, spelled out so that it stays ours whatever Rasa's base does
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            except Exception:  # the turn is done and stored: its ticket lapses with its lifetime
                logger.warning("lock store: could not finish ticket %d of '%s'; it expires in %s s",
                               ticket, conversation_id, lock_lifetime, exc_info=True)


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
