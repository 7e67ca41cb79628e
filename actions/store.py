"""The case store as the actions see it: migrated once on first use, then reused."""
from __future__ import annotations

import functools
import logging

from bot.store.repository import Store, open_store

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def case_store() -> Store:
    from bot.store.migrate import upgrade

    upgrade()
    return open_store()
