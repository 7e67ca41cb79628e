"""Case store fixtures on SQLite files in a temporary directory (the contract needs URLs for `forget`)."""
from __future__ import annotations

import pytest

from bot.store.db import dispose_engines, get_engine
from bot.store.migrate import upgrade


@pytest.fixture
def case_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cases.db'}"


@pytest.fixture
def tracker_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def engine(case_url):
    """A migrated case store, the same cached engine `forget(case_db_url=case_url)` will use."""
    engine = get_engine(case_url)
    upgrade(engine=engine)
    yield engine
    dispose_engines()
