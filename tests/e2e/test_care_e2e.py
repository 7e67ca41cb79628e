"""Issue 12b (care) over REST against a real `rasa run` and action server: the distress protocol in every
state (DOMAIN §7), the scripts to say and the complaint about abusive collection (DOMAIN §6)."""
from __future__ import annotations

import re
import uuid

import pytest
from tests.e2e.talk import intent_of

# the 「查看全文」 button of a complaint (actions/texts.py COMPLAINT_FULL_BUTTON)
COMPLAINT_FULL_TEXT = '/request_collection_complaint{"plan_option":"letter"}'


def sender() -> str:
    return f"e2e-care-{uuid.uuid4().hex[:12]}"


def money_in(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*\.\d{2}", text))


def active_form(live_bot, s: str) -> str | None:
    return (live_bot.tracker(s).get("active_loop") or {}).get("name")


# DOMAIN §7's explicit phrases, each in a sentence a cardholder might type
DOMAIN_PHRASES = [
    "不想活了", "我真的不想再活下去了", "活不下去了", "欠这么多还不如一死了之", "不如一死", "只能以死谢罪",
    "想自我了断", "活腻了", "没脸活了", "想喝药", "家里有百草枯", "买了敌敌畏", "农药都买好了",
    "我吃了一整瓶药", "想去跳楼",
]


@pytest.mark.parametrize("message", DOMAIN_PHRASES)
def test_each_domain_phrase_gets_the_crisis_line_first(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "12356" in reply and not money_in(reply) and "您是想问" not in reply, reply
    assert intent_of(live_bot, s) == "express_distress"


@pytest.mark.parametrize("message", ["利息高得要死 能少一点吗", "死活不还会怎么样", "跟银行死磕到底有用吗"])
def test_idioms_with_death_are_not_taken_for_distress(live_bot, message):
    s = sender()
    reply = live_bot.texts(s, message)
    assert "12356" not in reply and intent_of(live_bot, s) != "express_distress", reply


def test_tired_of_living_and_a_debt_question_gets_the_crisis_response_not_figures(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠两万 逾期45天 感觉活着好累 什么都做不好 现在还要多少钱")
    assert "12356" in reply and "400-161-9995" in reply
    assert not money_in(reply) and "违约金约" not in reply and "利息约" not in reply, reply


def test_the_debt_question_of_a_distress_message_is_answered_only_on_resume(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠两万 逾期45天 不想活了 利息多少")
    assert "12356" in reply and not money_in(reply) and "继续" in reply, reply
    assert live_bot.tracker(s)["slots"]["paused_form"] == "overdue_form"
    resumed = live_bot.texts(s, "继续")
    assert money_in(resumed) and "利息约" in resumed, resumed


def test_distress_in_the_interest_form_pauses_it_with_the_slots_kept_until_asked(live_bot):
    s = sender()
    live_bot.texts(s, "逾期利息怎么算的")
    asked = live_bot.texts(s, "招行欠两万")
    assert "逾期" in asked  # the form's question for the days
    reply = live_bot.texts(s, "我不想活了")
    assert "12356" in reply and "继续" in reply
    assert "逾期多久" not in reply and "？" not in reply, reply  # no form question in the crisis turn
    tracker = live_bot.tracker(s)
    assert active_form(live_bot, s) is None and tracker["slots"]["paused_form"] == "overdue_form"
    assert (tracker["slots"]["bank"], tracker["slots"]["debt_amount"]) == ("招商银行", 20000.0)
    # something else is answered, the form stays paused
    other = live_bot.texts(s, "谢谢")
    assert "逾期多久" not in other and active_form(live_bot, s) is None
    resumed = live_bot.texts(s, "继续")
    assert "逾期多久" in resumed and active_form(live_bot, s) == "overdue_form"
    done = live_bot.texts(s, "45天")
    assert money_in(done) and "利息约" in done


def test_distress_in_the_plan_form_pauses_it_with_the_slots_kept_until_asked(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行欠两万五")
    reply = live_bot.texts(s, "活腻了 真的")
    assert "12356" in reply and "每月收入" not in reply and "哪家银行" not in reply, reply
    tracker = live_bot.tracker(s)
    assert active_form(live_bot, s) is None and tracker["slots"]["paused_form"] == "plan_form"
    assert tracker["slots"]["debt_amount"] == 25000.0
    resumed = live_bot.texts(s, "接着算吧")
    assert "每月收入" in resumed and active_form(live_bot, s) == "plan_form"


def test_distress_with_the_last_answer_gives_no_figure_until_resumed(live_bot):
    s = sender()
    live_bot.texts(s, "逾期利息怎么算的")
    live_bot.texts(s, "招行欠两万")
    reply = live_bot.texts(s, "逾期三个月了 一死了之算了")
    assert "12356" in reply and not money_in(reply), reply
    assert live_bot.tracker(s)["slots"]["overdue_days"] == 90.0 and active_form(live_bot, s) is None
    resumed = live_bot.texts(s, "继续")
    assert money_in(resumed) and "利息约" in resumed, resumed


def test_no_unprompted_criminal_checklist_after_distress(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠六万 逾期四个月 不想活了")
    reply = live_bot.texts(s, "接下来会怎么样")
    assert "刑事" not in reply and "恶意透支" not in reply, reply


def test_handoff_after_distress_repeats_the_crisis_lines(live_bot):
    s = sender()
    live_bot.texts(s, "欠了十万 没脸活了")
    messages = [m.get("text") or "" for m in live_bot.say(s, "转人工")]
    assert len(messages) >= 2 and "12356" in messages[0] and "400-161-9995" in messages[0], messages


def test_handoff_without_distress_has_no_crisis_lines(live_bot):
    reply = live_bot.texts(sender(), "转人工")
    assert "12356" not in reply


# ---- scripts to say -------------------------------------------------------------------------------------


def test_collector_call_script(live_bot):
    s = sender()
    reply = live_bot.texts(s, "今晚催收再打来我该怎么说")
    assert intent_of(live_bot, s) == "ask_collector_script"
    reply += live_bot.texts(s, "详细")  # what to note and when to hang up, on request (care4)
    for words in ("哪家机构", "名字", "名单", "记下", "挂断", "12378", "110"):
        assert words in reply, (words, reply)


def test_bank_call_script_with_the_facts_of_the_case(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了五万，逾期两个月")
    reply = live_bot.texts(s, "打客服协商怎么说")
    assert intent_of(live_bot, s) == "ask_bank_call_script"
    reply += live_bot.texts(s, "详细")  # what to confirm and prepare, on request (care4)
    assert "招商银行" in reply and "50,000元" in reply and "60天" in reply
    for words in ("个性化分期", "第七十条", "短信或书面", "录音", "身份证"):
        assert words in reply, (words, reply)


def test_12378_script(live_bot):
    s = sender()
    reply = live_bot.texts(s, "打12378怎么说、准备什么")
    assert intent_of(live_bot, s) == "ask_12378_script"
    for words in ("12378", "国家金融监督管理总局", "投诉编号", "录音", "受理编号"):
        assert words in reply, (words, reply)


# ---- the complaint --------------------------------------------------------------------------------------


def test_complaint_from_the_description_names_the_rules_and_masks_numbers(live_bot):
    s = sender()
    live_bot.texts(s, "平安银行的催收昨晚11点打电话骂我，还打给我妈说我欠钱不还，号码13812345678")
    summary = live_bot.texts(s, "帮我写投诉")
    # REST: a link, a short summary and 「查看全文」 (probe D05: not 14–20 bubbles); the text on request
    assert "投诉书写好了" in summary and "查看全文" in summary and "第六十八条" not in summary, summary
    reply = live_bot.texts(s, COMPLAINT_FULL_TEXT)
    assert "关于平安银行信用卡违规催收的投诉" in reply, reply
    for words in ("第六十八条", "《金融机构个人消费类贷款催收工作指引（试行）》", "22:00至次日8:00", "母亲", "12378"):
        assert words in reply, (words, reply)
    assert "13812345678" not in reply and "****5678" in reply
    assert "13812345678" not in str(live_bot.tracker(s))


def test_complaint_asks_for_the_details_then_writes_it(live_bot):
    s = sender()
    ask = live_bot.texts(s, "帮我写一份投诉")
    assert "什么时候" in ask and "违规催收的投诉" not in ask
    summary = live_bot.texts(s, "昨天晚上十一点有人自称法院的打电话威胁我说要抓我")
    assert "投诉书写好了" in summary and "冒充" in summary and "威胁" in summary, summary
    reply = live_bot.texts(s, COMPLAINT_FULL_TEXT)
    assert "违规催收的投诉" in reply and "冒充" in reply and "威胁" in reply, reply
