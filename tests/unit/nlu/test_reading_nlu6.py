"""nlu6 (issue 19 item 4): the request rules that overruled right readings out of fold on the training data.

「你是真人吗」 asks who answers (bot_challenge), not for a person; 「一个人工资」「找个人均消费」 hold 人工/找个人 by chance;
「怎么做停息挂账申请」 asks how to apply, not for the letter. A real request for a person or the letter still is one.
"""
from __future__ import annotations

import pytest

from bot.nlu.reading import requests


@pytest.mark.parametrize("text", [
    "你是真人吗", "你是不是人工智能", "这是人工还是机器", "对面是真人还是电脑", "你是助手还是真人", "你是真人客服吗",
    "你是真人在打字吗", "你是真的人吗", "老婆没工作 我一个人工资七千", "我一个人工作养两个孩子",
    "您好，请帮我找个人均消费50-100元的餐馆用餐呗。",
])
def test_no_person_asked(text):
    assert not requests(text).handoff


@pytest.mark.parametrize("text", [
    "帮我转人工", "找个真人跟我聊", "人工在哪", "我要跟真人说话", "不要机器人 我要人工", "有真人吗我想跟人聊",
    "能不能找个真人帮我弄", "我要人工客服", "你是真人吗 我要找真人", "是机器人吧 给我转人工",
])
def test_a_person_asked(text):
    assert requests(text).handoff


def test_how_to_apply_is_no_letter_request():
    assert not requests("信用卡怎么做停息挂账申请").plan_write
    assert not requests("如何做个性化分期申请").plan_write
    assert requests("帮我做个停息挂账申请").plan_write
    assert requests("那你帮我写个给建行的申请 我工资6500").plan_write


def test_waiving_the_interest_is_the_negotiation():
    """「可以申请减免利息吗」 asks the bank to waive it: the negotiation is among the topics asked, so that an unsure
    negotiation reading is not overruled for the interest figure (TopicGuard); 「利息多少」 stays the figure alone."""
    from bot.nlu.topics import guarded_intent, topics_in

    assert topics_in("可以申请减免利息吗") == ["interest", "negotiate"]
    assert "negotiate" in topics_in("能不能把利息免掉 只还本金")
    assert topics_in("利息多少") == ["interest"]
    assert guarded_intent("可以申请减免利息吗", "ask_negotiate_plan", 0.4, ["ask_negotiate_plan", "ask_interest"]) is None
