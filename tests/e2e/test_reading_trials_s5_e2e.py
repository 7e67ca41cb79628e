"""Facts read from messages of the persona trials s5 of 2026-12-07 (bench/records/2026-12-07/trials-s5, personas G and
H), over REST against a real `rasa run` and action server (issue 19 item 2): each conversation below changed a fact
wrongly, or kept a correction out, on main 4afc33a/b30a5b2."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-trials-s5-{uuid.uuid4().hex[:10]}"


def case(bot, s: str) -> dict:
    return bot.tracker(s)["slots"]["case"] or {"cards": [], "situation": {}}


def cards(bot, s: str) -> list[tuple]:
    return [(c.get("bank"), c.get("amount"), c.get("overdue_days")) for c in case(bot, s)["cards"]]


def situation(bot, s: str) -> dict:
    return case(bot, s)["situation"]


OUT_OF_SCOPE = "不在我能回答的范围"


# H3#5: what is left each month is the budget, and 「怎么办」 is answered

def test_what_is_left_each_month_is_no_days_and_what_to_do_is_answered(live_bot):
    s = sender()
    live_bot.texts(s, "嗯 我知道 我欠招行3万多 快半年没还了 天天打电话 我一个月就挣3500")
    reply = live_bot.texts(s, "那我该怎么办 房租吃饭扣完一个月最多剩800")
    assert cards(live_bot, s) == [("招商银行", "30000", 180)], reply
    assert situation(live_bot, s).get("monthly_budget") == "800", reply
    assert "逾期天数" not in reply and OUT_OF_SCOPE not in reply, reply
    assert "个性化分期" in reply, reply


