"""care8 over REST against a real `rasa run` and action server: persona trial H3 of 2026-12-07 (trials-s5) with its
own words — despair inside the plan form, an indirect signal after two others, the letter taken up again after a
crisis answer, 「那我该怎么办」 after distress."""
from __future__ import annotations

import uuid

import pytest

from actions import texts as x
from tests.e2e.talk import intent_of

LETTER_FULL = '/request_plan_draft{"plan_option":"letter"}'


def sender() -> str:
    return f"e2e-care8-{uuid.uuid4().hex[:12]}"


def lines(reply: str) -> None:
    assert "12356" in reply and "400-161-9995" in reply and "110" in reply and "120" in reply, reply


def no_menu(messages: list[dict]) -> None:
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "没能理解" not in reply and "处理不了" not in reply and "您还想了解什么" not in reply, reply
    assert not any(m.get("buttons") for m in messages), messages


def test_trial_h3_in_its_own_words(live_bot):
    s = sender()
    live_bot.texts(s, "在吗")
    lines(live_bot.texts(s, "我也不知道该问什么 就是觉得撑不下去了 家里人要是没有我这个拖累可能还好过点"))
    lines(live_bot.texts(s, "我没事 就随便问问 人要是不在了 欠的钱是不是就不用还了"))
    live_bot.texts(s, "嗯 我知道 我欠招行3万多 快半年没还了 天天打电话 我一个月就挣3500")
    # #5: a practical 怎么办 after distress gets the first step (the 剩800 reading is read8's)
    reply = live_bot.texts(s, "那我该怎么办 房租吃饭扣完一个月最多剩800")
    assert "不在我能回答的范围" not in reply and "招商银行信用卡背面的客服电话" in reply and "个性化分期" in reply, reply
    live_bot.texts(s, "撤销 我是说半年没还了 每个月能还800")
    live_bot.texts(s, "帮我做个还款计划吧")
    assert "原因" in live_bot.texts(s, "2700左右吧")
    # #9: the despair sentence inside the form gets the crisis answer; the form pauses, nothing goes into the letter
    messages = live_bot.say(s, "做生意赔了 老婆也要跟我离婚 孩子都不让见 我真的是一点路都没有了")
    reply = "\n".join(m.get("text", "") for m in messages)
    lines(reply)
    assert intent_of(live_bot, s) == "express_distress"
    assert "困难原因" not in reply and "以您的名义" not in reply and "每月还" not in reply, reply
    # #10: an indirect signal after two others: the crisis text, never 「没能理解」 and a menu
    messages = live_bot.say(s, "无所谓了 随便吧 反正我也撑不了多久了")
    no_menu(messages)
    lines("\n".join(m.get("text", "") for m in messages))
    lines(live_bot.texts(s, "说说而已 别当真"))
    # #12: the letter taken up again: a kind check-in with the lines first, and the reason asked (not the despair)
    messages = live_bot.say(s, "我没事了 刚才情绪不好 那个申请书还能写吗")
    assert messages[0]["text"] in x.RESUME_CHECK_IN, messages
    lines(messages[0]["text"])
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "原因" in reply and "还款计划（" not in reply and "路都没有" not in reply, reply
    summary = live_bot.texts(s, "做生意赔了 老婆也要跟我离婚")
    assert "困难原因" in summary and "路都没有" not in summary and "每月还789.47元" in summary, summary
    done = live_bot.texts(s, "确认")
    assert "789.47" in done and "路都没有" not in done, done
    letter = live_bot.texts(s, LETTER_FULL)
    assert "做生意" in letter and "路都没有" not in letter, letter


def summary_then(live_bot, s: str) -> str:
    live_bot.texts(s, "招行欠3万 逾期半年 我一个月挣3500")
    live_bot.texts(s, "帮我做个还款计划吧")
    live_bot.texts(s, "2700左右吧")
    live_bot.texts(s, "每个月能还800")
    return live_bot.texts(s, "做生意赔了 老婆也要跟我离婚")


@pytest.mark.parametrize("signal, resume", [
    ("我真的是一点路都没有了", "那个申请书还能写吗"),
    ("反正我也撑不了多久了", "我没事了 刚才情绪不好 那个申请书还能写吗"),
    ("活着没意思", "继续"),
])
def test_a_signal_under_the_summary_voids_the_confirmation_and_the_summary_comes_again_after_a_check_in(
        live_bot, signal, resume):
    s = sender()
    assert "生成申请书前请核对" in summary_then(live_bot, s)
    reply = live_bot.texts(s, signal)
    lines(reply)
    assert "还款计划（" not in reply, reply
    messages = live_bot.say(s, resume)
    assert messages[0]["text"] in x.RESUME_CHECK_IN, messages
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "生成申请书前请核对" in reply and "还款计划（" not in reply, reply
    assert "还款计划（" in live_bot.texts(s, "确认")


@pytest.mark.parametrize("after", [["无所谓了 随便吧"], ["就那个啊", "嗯嗯", "啊"], ["不想管了"], ["随便吧 拜拜"]])
def test_after_a_signal_no_message_gets_a_menu_or_a_goodbye(live_bot, after):
    s = sender()
    lines(live_bot.texts(s, "最近总觉得活着没意思"))
    for said in after:
        messages = live_bot.say(s, said)
        no_menu(messages)
        reply = "\n".join(m.get("text", "") for m in messages)
        lines(reply)
        assert "祝您早日走出困境" not in reply, reply


@pytest.mark.parametrize("said", ["那我该怎么办", "那我该怎么办 每个月最多能还800", "现在咋整"])
def test_what_to_do_after_distress_gets_the_first_step(live_bot, said):
    s = sender()
    lines(live_bot.texts(s, "不想拖累家人了"))
    live_bot.texts(s, "我欠招行3万 逾期半年")
    reply = live_bot.texts(s, said)
    assert "不在我能回答的范围" not in reply and "没能理解" not in reply, reply
    assert "招商银行信用卡背面的客服电话" in reply and "个性化分期" in reply, reply
    lines(reply)


@pytest.mark.parametrize("message", ["积蓄撑不了多久了 利息多少", "除了分期没有出路了吗"])
def test_money_running_out_and_a_question_about_options_get_no_crisis_text(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert intent_of(live_bot, s) != "express_distress" and "12356" not in reply, reply
