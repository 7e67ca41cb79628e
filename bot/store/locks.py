"""Lock store: in memory for one process, Redis (`KAYOU_REDIS_URL`) for several workers or replicas."""
from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot.config import settings

logger = logging.getLogger(__name__)


def _redis_store(url: str) -> RedisLockStore:
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 1)
    return RedisLockStore(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 6379,
        db=db,
        username=parts.username,
        password=parts.password,
        use_ssl=parts.scheme == "rediss",
        key_prefix="kayou",
    )


class KayouLockStore(LockStore):
    """Delegates to Rasa's Redis or in-memory lock store, chosen from the environment."""

    def __init__(self, endpoint_config: Any = None) -> None:
        url = settings().redis_url
        workers = int(os.environ.get("SANIC_WORKERS", "1") or 1)
        if url:
            self.inner: LockStore = _redis_store(url)
            logger.info("lock store: Redis")
        else:
            if workers > 1:
                raise SystemExit(
                    "error: SANIC_WORKERS>1 needs a shared lock store: set KAYOU_REDIS_URL "
                    "(e.g. redis://127.0.0.1:6379/1)."
                )
            self.inner = InMemoryLockStore()

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)
