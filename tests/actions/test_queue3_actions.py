"""queue3 (issue 19, persona trial s10): a question asked while waiting for a person is answered (P5 t15), and the
one-off credit repair policy says first whether it covers the person's record (P3 t3)."""
from __future__ import annotations

import pytest

from actions.handoff import ActionRequestHuman
from tests.actions.conftest import opened
from tests.actions.test_answers6_actions import case_after
from tests.actions.test_whatif2_actions import hooked, render

pytestmark = pytest.mark.asyncio

P5 = case_after("工商银行信用卡欠了12万 逾期一年半了", "帮我做还款计划 我每个月退休金3500 最多能还1000")


async def _turn(make_tracker, domain, text, intent="request_human") -> list[str]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, make_tracker(hooked(text, P5), text=text, intent=intent), domain)
    return [render(domain, m) for m in opened(dispatcher)]


async def test_p5_t15_question_while_waiting_is_answered_and_the_wait_stands(make_tracker, domain, monkeypatch):
    """s10 P5 t15: 「人工还是没回 … 银行会同意我每月还1000吗」 got only the queue status."""
    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1-7")
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-24:00")
    await _turn(make_tracker, domain, "我不太会用这个 能不能找个真人跟我说 转人工")
    replies = await _turn(make_tracker, domain,
                          "人工还是没回 我是真的想还 但是一下子拿不出12万 你说银行会同意我每月还1000吗")
    text = "\n".join(replies)
    assert replies[0].startswith("不一定：个性化分期是银行“可以”同意"), replies
    assert "您已经在排队了" in replies[-1] and "不用重复登记" in replies[-1], replies
    assert "等待期间我可以继续帮您" not in text, text


P3 = case_after("你好，我的中信信用卡逾期兩個月了，欠1萬2，怎麼辦")


async def test_p3_t3_repair_says_first_that_her_record_is_not_covered(make_tracker, dispatcher, domain):
    """s10 P3 t3: the one-off repair policy was explained, never that her 2026 record is not covered."""
    from actions.answers import ActionAnswerTopic
    from actions.common import today

    text = "那以後這個記錄可以消掉嗎？網上有人說可以花錢做徵信修復"
    await ActionAnswerTopic().run(dispatcher, make_tracker(hooked(text, P3), text=text, intent="ask_credit_report"),
                                  domain)
    reply = "\n".join(render(domain, m) for m in opened(dispatcher))
    assert reply.startswith(f"这条记录不能提前消掉：您中信银行这笔现在逾期60天、还没还清，是{today().year}年产生的，"
                            "不在一次性信用修复的范围内"), reply
    assert "不良记录自还清之日起保存5年" in reply, reply
    assert "骗局" in reply and "别交钱" in reply, reply


async def test_repair_for_a_case_without_a_current_overdue_keeps_the_general_answer(make_tracker, dispatcher, domain):
    from actions.answers import ActionAnswerTopic

    text = "网上有人说可以花钱做征信修复 靠谱吗"
    empty = case_after("你好")
    await ActionAnswerTopic().run(dispatcher, make_tracker(hooked(text, empty), text=text, intent="ask_credit_report"),
                                  domain)
    reply = "\n".join(render(domain, m) for m in opened(dispatcher))
    assert reply.startswith("不靠谱，是骗局"), reply
    assert "不能提前消掉" not in reply


async def test_p5_t17_how_long_says_the_place_and_the_hours_never_a_time(make_tracker, domain, monkeypatch):
    """s10 P5 t17: 「那我就等人工吧 大概要等多久」 got the queue status without what the system knows."""
    from actions import texts as x
    from bot import handoff

    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", "1-7")
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", "00:00-24:00")
    await _turn(make_tracker, domain, "我不太会用这个 能不能找个真人跟我说 转人工")
    replies = await _turn(make_tracker, domain, "那我就等人工吧 大概要等多久")
    text = "\n".join(replies)
    assert text.startswith("您已经在排队了"), text
    wait = x.HANDOFF_WAIT_UNKNOWN.format(queue=handoff.TEXTS["queue_first"],
                                         hours=handoff.configured_hours().describe())
    assert wait in text, text
    assert "分钟内" not in text and "小时内" not in text, text
