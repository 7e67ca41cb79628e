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
    bot = start_live_bot(tmp_path_factory.mktemp("livebot"),
                         KAYOU_WIDGET_FRAME_ANCESTORS=e2e_settings.WIDGET_FRAME_ANCESTORS)
    try:
        yield bot
    finally:
        bot.stop()
