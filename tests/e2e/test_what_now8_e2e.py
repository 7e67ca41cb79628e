"""nlu8 over REST: after a signal and the case, a bare what-now question in the person's own words gets the first
step (the bank's number, 个性化分期), whatever card topic the classifier guesses (with the scope detector on,
「现在咋整」 was ask_consequences 0.1505 and got the consequences)."""
from __future__ import annotations

import uuid

import pytest


@pytest.mark.parametrize("said", ["那咋办", "怎么办啊", "接下来怎么弄"])
def test_a_bare_what_now_after_the_case_gets_the_first_step(live_bot, said):
    s = f"e2e-what-now8-{uuid.uuid4().hex[:12]}"
    live_bot.texts(s, "不想拖累家人了")
    live_bot.texts(s, "我欠招行3万 逾期半年")
    reply = live_bot.texts(s, said)
    assert "不在我能回答的范围" not in reply and "没能理解" not in reply, reply
    assert "招商银行信用卡背面的客服电话" in reply and "个性化分期" in reply, reply
