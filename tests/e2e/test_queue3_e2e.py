"""queue3 (issue 19, persona trial s10 of 2026-12-08), over REST against a real `rasa run` and action server, in the
persons' own words. P5 t15: 「人工还是没回 … 你说银行会同意我每月还1000吗」 while waiting for a person got the queue status
alone; P3 t3: 「那以後這個記錄可以消掉嗎？網上有人說可以花錢做徵信修復」 got the one-off repair policy, never that her record
(overdue now, 2026) is not covered and stays 5 years from payoff."""
from __future__ import annotations

import re
import uuid


def sender() -> str:
    return f"e2e-queue3-{uuid.uuid4().hex[:10]}"


def test_p5_a_question_while_waiting_for_a_person_is_answered(live_bot):
    s = sender()
    live_bot.texts(s, "工行信用卡欠了12万 逾期一年半了 我每个月退休金3500")
    reply = live_bot.texts(s, "我不太会用这个 能不能找个真人跟我说 转人工")
    assert "转人工" in reply, reply
    replies = [m.get("text", "") for m in live_bot.say(
        s, "人工还是没回 我是真的想还 但是一下子拿不出12万 你说银行会同意我每月还1000吗")]
    joined = "\n".join(replies)
    assert "不一定：个性化分期是银行“可以”同意" in replies[0], joined
    assert "您已经在排队了" in replies[-1] and "不用重复登记" in replies[-1], joined
    assert "等待期间我可以继续帮您" not in joined, joined
    # t17 「大概要等多久」: the place in the queue and the hours (what the system knows), never an invented time
    reply = live_bot.texts(s, "那我就等人工吧 大概要等多久")
    # the place is counted by the database: first in an empty queue, 「前面还有 N 位」 behind other tests' tickets
    assert reply.startswith("您已经在排队了") and re.search(r"具体要等几分钟我没法保证：您(?:排在第一位|前面还有 \d+ 位)，", reply), reply


def test_p3_repair_says_her_record_is_not_covered_first(live_bot):
    s = sender()
    live_bot.texts(s, "你好，我的中信信用卡逾期兩個月了，欠1萬2，怎麼辦")
    reply = live_bot.texts(s, "那以後這個記錄可以消掉嗎？網上有人說可以花錢做徵信修復")
    assert reply.startswith("这条记录不能提前消掉：您中信银行这笔现在逾期60天、还没还清"), reply
    assert "不在一次性信用修复的范围内" in reply and "不良记录自还清之日起保存5年" in reply, reply
    assert "骗局" in reply and "别交钱" in reply, reply
