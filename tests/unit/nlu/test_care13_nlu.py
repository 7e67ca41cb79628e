"""care13: 「我再想想」 at the plan summary read as distress (plan8 leftover), safety said inside a longer message or later
than the check-in (persona trial s9 N5 #7, #11; session-6 leftover)."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu import distress
from bot.nlu.components import DistressGuard


def _classified(text: str, name: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": name, "confidence": 0.51})
    return message


@pytest.mark.parametrize("text", ["我再想想", "我再想想吧", "让我考虑一下", "那我回去再想想", "嗯 我再考虑考虑"])
def test_a_hesitation_read_as_distress_is_a_pause(text: str) -> None:
    message = _classified(text, "express_distress")
    DistressGuard.create({}, None, None, None).process([message])
    assert message.get(INTENT)["name"] == "stop" and message.get("hesitation") is True
    assert not message.get("distress_signal")


@pytest.mark.parametrize("text", ["想想还是算了 活着没意思", "我再想想 活着没意思", "我再想想 真的好累了", "我想想怎么死",
                                  "我再想想吧 撑不下去了"])
def test_a_signal_beside_thinking_keeps_the_crisis_answer(text: str) -> None:
    message = _classified(text, "express_distress")
    DistressGuard.create({}, None, None, None).process([message])
    assert message.get(INTENT)["name"] == "express_distress", text


@pytest.mark.parametrize("text", ["安全", "我安全", "我现在很安全", "安全 我真没事 刚才那个暂停还款 银行会同意吗 要准备啥材料",
                                  "我没事了 真的 别老给我电话号码了 我就想知道失业证明怎么开 你不知道就说不知道"])
def test_safety_said_in_a_longer_message(text: str) -> None:
    assert distress.says_safe(text)


@pytest.mark.parametrize("text", ["不安全", "我不太安全", "这样安全吗", "没有安全感", "说说而已 我没事", "安全 但是真的不想活了"])
def test_not_safety_said(text: str) -> None:
    assert not distress.says_safe(text)
