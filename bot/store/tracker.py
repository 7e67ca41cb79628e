"""Rasa's SQL tracker store, configured from the environment and masking personal numbers.

SQLite under `$KAYOU_VAR_DIR/tracker.db` by default; `KAYOU_TRACKER_DB_URL` (any SQLAlchemy URL, e.g.
`postgresql://postgres@127.0.0.1:5432/kayou`) for the production path. Events are masked again
before they are written (the channels mask first; this catches any other path into the store).
"""
from __future__ import annotations

import itertools
import json
import logging
import re
import sys
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

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


# Set on a tracker by `_retrieve` and after every save: (this store, how many of the tracker's events
# are stored). The tracker's events after that index are exactly what this process added since.
STORED_ROWS = "_kayou_stored_rows"


def _sqlite_synchronous_normal(dbapi_connection: Any, _record: Any) -> None:
    """In WAL mode, fsync at checkpoints only: a turn's commit no longer waits for the disk.

    Safe against a crash of the bot (committed turns survive); a power cut of the machine may lose
    the last turns. The production path is PostgreSQL (KAYOU_TRACKER_DB_URL). A per-connection
    setting, unlike the journal mode, which the database file keeps (set once in the store).
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


class KayouTrackerStore(SQLTrackerStore):
    """Rasa's SQL store, masking on write, with two savings measured in bench/RESULTS.md.

    - Rasa's `save` counts the stored rows of the session (a query with a subquery) and writes the
      tracker's events after that count. `_retrieve` notes on the tracker how many of its events came
      from the store, and every save moves the note to the tracker's end; a save writes the events
      after the note. That spares the count, and it is exact whatever another process did in between
      (which the lock store prevents, but a turn outliving its lock's 60 s does not): Rasa's count
      would then include the other process's rows and skip as many of this turn's events (a lost
      user turn), or, after this tracker started a new session, count only that session and write
      the old one again. A tracker without a note (built elsewhere) falls back to Rasa's count.
    - SQLite (the embedded default): WAL and synchronous=NORMAL on every connection, one held open.
    """

    def __init__(self, domain: Any = None, host: str | None = None, event_broker: Any = None, **kwargs: Any):
        url = host if host and "://" in host else tracker_db_url()
        check_database(url)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # every connection opened from here on (the one below, one per session after it)
            sa.event.listen(self.engine, "connect", _sqlite_synchronous_normal)
            # SQLAlchemy 1.4 opens and closes a file database's connection per session (NullPool); when
            # the last connection to a WAL database closes, SQLite checkpoints and deletes the log, i.e.
            # writes the file with fsync on every turn. One idle connection held open prevents that,
            # once it has read the database (only a reader takes part in the log).
            self._wal_keeper = self.engine.raw_connection()
            cursor = self._wal_keeper.cursor()
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
            finally:
                cursor.close()

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        # Rasa 3.6's SQLTrackerStore._retrieve, plus the row count
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [json.loads(row.data) for row in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            # the tracker's own length: a stored row Rasa cannot read back is not in tracker.events
            self._note_stored(tracker)
        return tracker

    def _note_stored(self, tracker: Any) -> None:
        setattr(tracker, STORED_ROWS, (id(self), len(tracker.events)))

    def _stored_count(self, tracker: Any) -> int | None:
        """How many of the tracker's events are stored, when this store knows it exactly."""
        note = tracker.__dict__.get(STORED_ROWS)
        if not note or note[0] != id(self):
            return None  # not read or written through this store
        if tracker.events.maxlen is not None or note[1] > len(tracker.events):
            return None  # events were dropped from the front: the index no longer says which are new
        return note[1]

    async def save(self, tracker: Any) -> None:
        await super().save(tracker)
        self._note_stored(tracker)  # only once committed: a failed save writes the same events next time

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        stored = self._stored_count(tracker)
        if stored is None:
            new_events: Iterator[Event] = super()._additional_events(session, tracker)
        else:
            new_events = itertools.islice(tracker.events, stored, len(tracker.events))
        for event in new_events:
            data = event.as_dict()
            masked = mask_event_data(data)
            yield event if masked == data else Event.from_parameters(masked)


# Identifiers that are long digit runs but no personal number: WeChat's MsgId, Rasa's message ids.
UNMASKED_KEYS = frozenset({"message_id", "msg_id", "timestamp"})
# slots that hold identifiers the bot made itself (a document case's random hex id, the summary digest): no person
# typed them, and a run of digits inside one can look like a mobile number (fix4: a masked id never matches again)
UNMASKED_SLOTS = frozenset({"plan_case_id", "plan_summary"})
_IDENTIFIER = re.compile(r"(?=.*[A-Za-z])[0-9A-Za-z-]{8,64}")  # an id, never a bare number someone typed


def mask_event_data(obj: Any, key: str | None = None) -> Any:
    """`bot.privacy.mask_value` over an event's dict, leaving message identifiers readable."""
    from bot.privacy import mask_text

    if key in UNMASKED_KEYS:
        return obj
    if isinstance(obj, str):
        return mask_text(obj)
    if isinstance(obj, dict):
        if obj.get("event") == "slot" and obj.get("name") in UNMASKED_SLOTS and _IDENTIFIER.fullmatch(
                str(obj.get("value"))):
            return {**{k: mask_event_data(v, k) for k, v in obj.items() if k != "value"}, "value": obj["value"]}
        return {k: mask_event_data(v, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [mask_event_data(v) for v in obj]
    return obj
