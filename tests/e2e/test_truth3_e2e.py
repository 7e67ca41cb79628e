"""Independent probes of 7 December 2026 (truth3) over REST against a real `rasa run` + action server: crisis
signals that got a menu or a goodbye, a budget of 0 that got no letter, a filler in the bank-call script, rule
questions answered with 「是哪家银行的信用卡？」, and the complaint pasted into the chat as many bubbles."""
from __future__ import annotations

import re
import uuid

import pytest
from tests.e2e.talk import intent_of

FULL_TEXT = '/request_collection_complaint{"plan_option":"letter"}'


def sender() -> str:
    return f"e2e-truth3-{uuid.uuid4().hex[:10]}"


def money_in(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*\.\d{2}", text))


def assert_crisis_first(reply: str) -> None:
    assert reply.startswith("听到您这么难受"), reply
    assert "12356" in reply and "400-161-9995" in reply and "打不通请拨110或120" in reply, reply
    assert "转人工" in reply and not money_in(reply), reply
    for never in ("有需要随时回来问我", "没能理解", "您是想问", "是哪家银行"):
        assert never not in reply, reply


# ---- item 1: means kept ready and the debt after one's death --------------------------------------------

@pytest.mark.parametrize("message", ["我把安眠药都攒起来了 攒了一个多月", "药都攒好了 够了", "偷偷囤了几瓶农药",
                                     "绳子我都准备好了", "攒了一个多月的药"])
def test_means_kept_ready_get_the_crisis_lines_not_a_menu(live_bot, message):
    s = sender()
    assert_crisis_first(live_bot.texts(s, message))
    assert intent_of(live_bot, s) == "express_distress"


@pytest.mark.parametrize("message", ["我人要是没了 这些债是不是就一笔勾销了", "人死债消吗 我要是死了是不是就不用还了",
                                     "如果我人不在了 卡债是不是就清零了"])
def test_the_debt_after_ones_death_gets_the_crisis_lines_never_a_goodbye(live_bot, message):
    s = sender()
    messages = live_bot.say(s, message)
    reply = "\n".join(m.get("text", "") for m in messages)
    assert_crisis_first(reply)
    assert intent_of(live_bot, s) == "express_distress"


def test_stockpiling_after_a_signal_is_escalated(live_bot):
    s = sender()
    assert_crisis_first(live_bot.texts(s, "真的撑不住了 不想活了"))
    reply = live_bot.texts(s, "安眠药我都攒好了")
    assert "110" in reply and "120" in reply and not money_in(reply), reply


@pytest.mark.parametrize("message", ["药店买药能刷信用卡吗", "我没了工作 信用卡还不上怎么办"])
def test_buying_medicine_or_a_lost_job_is_no_signal(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "12356" not in reply and intent_of(live_bot, s) != "express_distress", reply


# ---- item 2: nothing to spare -> the hardship and deferment letter ---------------------------------------

def test_nothing_to_spare_is_acknowledged_and_a_budget_of_zero_gives_the_hardship_letter(live_bot):
    s = sender()
    live_bot.texts(s, "民生银行信用卡欠了6万 逾期快4个月了")
    live_bot.texts(s, "我失业了 现在一分钱收入都没有")
    live_bot.texts(s, "每个月支出两千 靠借钱过日子")
    said = live_bot.texts(s, "能还多少 现在真的一分都拿不出来")
    assert "一分都拿不出来" in said and "暂缓" in said, said
    assert "把上期最低还款没还的部分" not in said, said

    t = sender()
    live_bot.texts(t, "帮我写个申请书")
    live_bot.texts(t, "民生银行欠6万")
    live_bot.texts(t, "月收入0")
    live_bot.texts(t, "每月必要开支2000")
    asked = live_bot.texts(t, "一分都拿不出来 0")
    assert "大于0" not in asked and "应为" not in asked, asked
    summary = live_bot.texts(t, "失业了")
    assert "暂缓" in summary or "延期" in summary, summary
    messages = live_bot.say(t, "确认")
    custom = next((m["custom"] for m in messages if "custom" in m), None)
    letter = custom["letter"] if custom else "\n".join(m.get("text", "") for m in live_bot.say(t, "查看全文"))
    flat = "".join(letter.split())
    assert "暂缓（延期）还款" in flat and "每期还款" not in flat and "结余约-" not in flat, flat[:600]


# ---- item 3: no filler in the bank-call script --------------------------------------------------------------

def test_an_acknowledgement_to_the_reason_question_never_enters_the_script(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个申请书")
    live_bot.texts(s, "招行欠10万 逾期两个月")
    live_bot.texts(s, "月收入3000")
    live_bot.texts(s, "每月必要开支2500")
    live_bot.texts(s, "每月最多能还2000")
    live_bot.texts(s, "好的")
    script = live_bot.texts(s, "那打电话给银行怎么说")
    assert "我目前欠款约100,000元" in script, script
    assert "好的，" not in script and "。好的" not in script, script


# ---- items 4-8: answers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("message", "expected", "never"), [
    ("法律规定信用卡利息最高年化24%对吧 超过的不用还", "不是法律上限", "是哪家银行"),
    ("24%是法律上限吗", "不是法律上限", "是哪家银行"),
    ("违约金也会算利息吗 会不会利滚利", "违约金和手续费、年费等费用不计利息", "是哪家银行"),
    ("信用卡利息现在还是国家规定的日息万分之五吗", "2021年起", "是哪家银行"),
    ("听说逾期6个月银行就自动把案子转到公安 变成刑事案件了 是真的吗", "没有“逾期满几个月就自动移交公安”的规定",
     "单纯还不上不会坐牢。恶意透支要四个条件"),
    ("报警抓我这个是真的吗 他们能报警吗", "夸大法律后果", "单纯还不上不会坐牢。恶意透支要四个条件"),
    ("我欠的信用卡 我爸妈和老婆必须替我还吗", "由您本人还", "您没有还款义务"),
    ("我2025年逾期了8000块 今年6月份才还清的 能享受那个一次性信用修复吗", "晚于政策要求的2026年3月31日", "政策是真的"),
])
def test_the_question_asked_gets_its_answer(live_bot, message, expected, never):
    s = sender()
    reply = live_bot.texts(s, message)
    assert expected in reply and never not in reply, reply


def test_the_penalty_on_an_unpaid_minimum_is_a_figure_and_nothing_unasked(live_bot):
    s = sender()
    messages = live_bot.say(s, "上个月最低还款700我一分没还 违约金要交多少")
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "约35.00元" in reply and "以领用合约为准" in reply, reply
    assert "可以。按时还上最低还款额" not in reply, reply


# ---- item 9: the complaint in the chat --------------------------------------------------------------------

def test_the_complaint_is_a_summary_with_a_link_and_the_full_text_on_request(live_bot):
    s = sender()
    live_bot.texts(s, "催收晚上十一点多还打 一天打十几个 还打给我同事 说不还就要上门")
    messages = live_bot.say(s, "帮我写投诉")
    assert len(messages) <= 4, messages
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "http" in reply and "投诉书写好了" in reply and "查看全文" in reply, reply
    full = live_bot.texts(s, FULL_TEXT)
    assert "说不还就要上门" in full and "告知上门本身不违规" in full, full
    line = next(p for p in full.split("\n") if "（“说不还就要上门”）" in p)
    assert "这违反了" not in line and "请贵行核实" in line, line
