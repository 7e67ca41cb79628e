from __future__ import annotations

import pytest

from tests.e2e import settings as e2e_settings
from tests.e2e.servers import LiveBot, start_live_bot


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory) -> LiveBot:
    """One real action server and one real `rasa run` for the whole session (SQLite tracker store)."""
    # every e2e test files its handoff tickets from 127.0.0.1: the per-address flood limit (issue 22, 5 an hour by
    # default) is raised for this shared bot; tests/e2e/test_abuse_e2e.py checks the limit on a bot of its own
    bot = start_live_bot(tmp_path_factory.mktemp("livebot"),
                         KAYOU_WIDGET_FRAME_ANCESTORS=e2e_settings.WIDGET_FRAME_ANCESTORS,
                         KAYOU_HANDOFF_PER_ADDRESS_HOUR="1000")
    try:
        yield bot
    finally:
        bot.stop()
