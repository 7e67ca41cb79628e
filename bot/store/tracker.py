"""Rasa's SQL tracker store, configured from the environment and masking personal numbers.

SQLite under `$KAYOU_VAR_DIR/tracker.db` by default; `KAYOU_TRACKER_DB_URL` (any SQLAlchemy URL, e.g.
`postgresql://postgres@127.0.0.1:5432/kayou`) for the production path. Events are masked again
before they are written (the channels mask first; this catches any other path into the store).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event

from bot.config import settings
from bot.rasa_patches import install as install_rasa_patches

logger = logging.getLogger(__name__)
install_rasa_patches()  # endpoints.yml names this store: the Rasa server imports this module


def tracker_db_url() -> str:
    config = settings()
    if not config.tracker_db_url_env:
        config.var_dir.mkdir(parents=True, exist_ok=True)
    return config.tracker_db_url


def check_database(url: str) -> None:
    """Fails fast with a clear message when the database is unreachable.

    Rasa's own store retries forever every 5 s with a bare warning; an operator needs to know why.
    """
    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        safe = sa.engine.make_url(url).render_as_string(hide_password=True)
        message = (
            f"error: the tracker database {safe} is not reachable ({exc.__class__.__name__}: "
            f"{str(exc.orig if hasattr(exc, 'orig') else exc).strip().splitlines()[0]}). "
            "Start the database or fix KAYOU_TRACKER_DB_URL."
        )
        logger.error(message)
        print(message, file=sys.stderr)  # noqa: T201 — the operator must see this even without logging
        raise SystemExit(3) from None
    finally:
        engine.dispose()


class KayouTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Any = None, host: str | None = None, event_broker: Any = None, **kwargs: Any):
        url = host if host and "://" in host else tracker_db_url()
        check_database(url)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            data = event.as_dict()
            masked = mask_event_data(data)
            yield event if masked == data else Event.from_parameters(masked)


# Identifiers that are long digit runs but no personal number: WeChat's MsgId, Rasa's message ids.
UNMASKED_KEYS = frozenset({"message_id", "msg_id", "timestamp"})


def mask_event_data(obj: Any, key: str | None = None) -> Any:
    """`bot.privacy.mask_value` over an event's dict, leaving message identifiers readable."""
    from bot.privacy import mask_text

    if key in UNMASKED_KEYS:
        return obj
    if isinstance(obj, str):
        return mask_text(obj)
    if isinstance(obj, dict):
        return {k: mask_event_data(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [mask_event_data(v) for v in obj]
    return obj
