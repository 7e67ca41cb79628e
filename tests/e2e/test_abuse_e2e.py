"""Safe under abuse (issue 22), end to end against a live bot of its own (real `rasa run` + action server,
SQLite stores, KAYOU_TRUSTED_PROXIES=127.0.0.1 so that a test can speak as several client addresses the
way nginx forwards them):

- a flood of 「转人工」 from one client address: past KAYOU_HANDOFF_PER_ADDRESS_HOUR the person is told
  plainly that no ticket was filed and when to ask again, the bot keeps answering; a real customer from
  another address gets a ticket, the right place in the queue, and is on the console's first page, whose
  total is the true one.
"""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.e2e import settings as e2e_settings
from tests.e2e.servers import LiveBot, start_live_bot

SPAMMER = "198.51.100.7"
CUSTOMER = "203.0.113.9"
PER_ADDRESS = 4


@pytest.fixture(scope="module")
def guarded_bot(tmp_path_factory) -> LiveBot:
    bot = start_live_bot(
        tmp_path_factory.mktemp("abusebot"),
        KAYOU_TRUSTED_PROXIES="127.0.0.1",
        KAYOU_HANDOFF_PER_ADDRESS_HOUR=str(PER_ADDRESS),
        KAYOU_HANDOFF_HOURS="00:00-24:00",
        KAYOU_HANDOFF_DAYS="1-7",
    )
    try:
        yield bot
    finally:
        bot.stop()


def say(bot: LiveBot, sender: str, text: str, address: str) -> str:
    r = requests.post(f"{bot.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                      headers={"X-Forwarded-For": address}, timeout=60)
    assert r.status_code == 200, r.text
    return "\n".join(m.get("text", "") for m in r.json())


def test_a_flood_from_one_address_is_refused_and_a_real_customer_is_first_page(guarded_bot):
    run = uuid.uuid4().hex[:6]
    answers = [say(guarded_bot, f"spam-{run}-{i}", "转人工", SPAMMER) for i in range(PER_ADDRESS + 6)]
    filed = [a for a in answers if re.search(r"编号 H\d{6}", a)]
    refused = [a for a in answers if "转人工请求太多" in a]
    assert len(filed) == PER_ADDRESS and len(refused) == 6, answers
    # said plainly: nothing filed, when to try again, and the bot goes on
    assert "没有登记" in refused[0] and "后可以再说“转人工”" in refused[0] and "继续帮您" in refused[0]
    follow_up = say(guarded_bot, f"spam-{run}-{PER_ADDRESS + 5}", "逾期了会不会坐牢", SPAMMER)
    assert follow_up and "转人工请求太多" not in follow_up

    customer = say(guarded_bot, f"customer-{run}", "转人工", CUSTOMER)
    ticket = re.search(r"编号 (H\d{6})", customer).group(1)
    assert f"您前面还有 {PER_ADDRESS} 位" in customer, customer

    http = requests.Session()
    login = http.post(f"{guarded_bot.url}/webhooks/console/login", timeout=30,
                      json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD})
    assert login.status_code == 200, login.text
    queue = http.get(f"{guarded_bot.url}/webhooks/console/api/queue", timeout=30).json()
    assert queue["total"] == PER_ADDRESS + 1 and queue["next_offset"] is None
    assert ticket in [t["ticket"] for t in queue["tickets"]]
    assert http.get(f"{guarded_bot.url}/webhooks/console/api/queue?offset=-1", timeout=30).status_code == 400
    assert http.get(f"{guarded_bot.url}/webhooks/console/api/queue?offset=9" * 1, timeout=30).json()["tickets"] == []
