"""plan9 over REST against a real `rasa run` and action server (issue 23: what the person said goes in, nothing else):
persona trial s10 P1 #3 — 「申请书里原因那里空着 帮我填上 …」 at the plan summary fills the reason in their words and
never replaces the expenses total by one item."""
from __future__ import annotations

import uuid

from tests.e2e.talk import situation


def sender() -> str:
    return f"e2e-plan9-{uuid.uuid4().hex[:12]}"


P1_PLAN = (
    "招行两万左右 平安八千多 浦发一万五 逾期两三个月了 听说可以停息挂账是真的吗",
    "我每个月收入六千左右不固定 房租一千五 吃饭什么的一千五 能帮我做个还款计划吗",
    "每个月能拿出两千五吧 有时候多有时候少",
)
P1_T15 = "申请书里原因那里空着 帮我填上 要养老家爸妈 每月寄五百"


def test_p1_filling_the_reason_keeps_the_expenses(live_bot):
    s = sender()
    for text in P1_PLAN:
        live_bot.texts(s, text)
    reply = live_bot.texts(s, P1_T15)
    assert "→ 500" not in reply and "每月必要支出：500.00元" not in reply, reply
    facts = situation(live_bot, s)
    assert facts.get("hardship_reason") == "要养老家爸妈，每月寄五百", facts
    assert str(facts.get("monthly_expenses")) in ("3000", "3000.00"), facts
