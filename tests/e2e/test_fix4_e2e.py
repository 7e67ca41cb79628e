"""fix4 over REST against a real `rasa run` + action server: the leftovers of session 3 (one answer per question
topic, the pending letter's typed confirmation after an interest question, interest after a partial payment,
「先还一万有用吗」's verdict, a monthly commitment subtracted from what is available)."""
from __future__ import annotations

import uuid

import pytest

from bot import facts as F


def sender() -> str:
    return f"e2e-fix4-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("question", ["不接银行的催收电话会怎么样", "银行打过好几次电话 还寄过信 我都没敢接"])
def test_not_answering_and_not_daring_to_answer_get_the_one_answer(live_bot, question):
    messages = live_bot.say(sender(), question)
    assert messages and messages[0].get("text") == F.first_bubble(F.by_id("not_answer_calls")), messages
