"""nlu6 (issue 19 item 4): a question about who answers, or 人工 inside 「一个人工资」, asks for no person; 「怎么做停息
挂账申请」 asks how to apply, not for the letter — over REST against a real `rasa run` and action server."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-nlu6-{uuid.uuid4().hex[:10]}"


def intent(bot, s: str) -> str:
    return bot.tracker(s)["latest_message"]["intent"]["name"]


def test_who_answers_is_no_request_for_a_person(live_bot):
    s = sender()
    live_bot.texts(s, "你是真人吗")
    assert intent(live_bot, s) != "request_human"
    s = sender()
    live_bot.texts(s, "这是人工还是机器")
    assert intent(live_bot, s) != "request_human"


def test_a_person_asked_is_still_a_handoff(live_bot):
    s = sender()
    live_bot.texts(s, "你是真人吗 我要找真人")
    assert intent(live_bot, s) == "request_human"


def test_income_with_renGong_inside_is_no_handoff(live_bot):
    s = sender()
    live_bot.texts(s, "老婆没工作 我一个人工资七千")
    assert intent(live_bot, s) != "request_human"


def test_how_to_apply_is_no_letter_request(live_bot):
    s = sender()
    live_bot.texts(s, "信用卡怎么做停息挂账申请")
    assert intent(live_bot, s) != "request_plan_draft"
