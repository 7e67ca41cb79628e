"""Persona trials of 7 December (issues 19 and 23) over REST against a real `rasa run` and action server:
a handoff can be cancelled, crisis signals are read in context, complaints say only what happened, a
relative is answered in their own position, an agency victim is told what to do now, and the routing
the trials found wrong."""
from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.e2e import settings as e2e_settings


def sender() -> str:
    return f"e2e-listen-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def staff(live_bot):
    http = requests.Session()
    r = http.post(f"{live_bot.url}/webhooks/console/login",
                  json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    yield http
    http.close()


def queue(live_bot, staff) -> list[dict]:
    r = staff.get(f"{live_bot.url}/webhooks/console/api/queue", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["tickets"]


def ticket_of(live_bot, staff, s: str) -> dict | None:
    return next((t for t in queue(live_bot, staff) if t["sender_id"].endswith(s)), None)


# ---- 1. a handoff can be cancelled (persona A3) ------------------------------------------------------


@pytest.mark.parametrize("cancel", ["算了算了 不用人工了 我自己再问问", "取消人工", "人工那个排队帮我取消掉 谢谢"])
def test_a_cancel_closes_the_waiting_ticket_and_the_bot_goes_on(live_bot, staff, cancel):
    s = sender()
    filed = live_bot.texts(s, "转人工")
    number = re.search(r"编号 (H\d{6})", filed).group(1)
    assert ticket_of(live_bot, staff, s) is not None
    reply = live_bot.texts(s, cancel)
    assert f"已取消转人工（编号 {number}）" in reply and "您已经在排队" not in reply, reply
    assert "找真人客服" not in reply  # no 「您是想问“找真人客服”吗」
    assert ticket_of(live_bot, staff, s) is None  # out of the agents' queue
    # the bot answers again, and a new 「转人工」 is a new ticket, not 「您已经在排队了」
    assert "利息约" in live_bot.texts(s, "招行欠两万 逾期45天 利息多少")
    again = live_bot.texts(s, "转人工")
    assert "您已经在排队" not in again and re.search(r"编号 H\d{6}", again).group(0) != f"编号 {number}"


def test_a_cancel_in_a_new_conversation_files_no_ticket(live_bot, staff):
    s = sender()
    reply = live_bot.texts(s, "取消转人工")
    assert "没有在排队" in reply and not re.search(r"编号 H\d{6}", reply), reply
    assert ticket_of(live_bot, staff, s) is None


# ---- 2. crisis in context (persona A4) ---------------------------------------------------------------


def test_the_debt_after_death_after_a_signal_and_a_plan_with_a_time_and_a_place(live_bot, staff):
    s = sender()
    other = sender()
    live_bot.texts(other, "转人工")  # someone already waiting (persona A3's ticket)
    first = live_bot.texts(s, "欠了六七万 三张卡 每天都被催 我要是人没了 这些钱是不是就不用还了")
    assert "12356" in first
    assert "12356" in live_bot.texts(s, "说说而已 没事")
    asked = live_bot.texts(s, "真没事 就是想问问 人死了信用卡欠款家里人要还吗")
    assert asked.index("12356") < asked.index("遗产"), asked  # the lines first, then the fact with care
    assert "一般不用还" not in asked and "您是想问" not in asked, asked
    plan = live_bot.texts(s, "唉 反正活着也是拖累家里 这周末就去江边走走 想清楚了就不麻烦大家了")
    assert "现在就拨打110或120" in plan and re.search(r"编号 H\d{6}", plan), plan
    # nobody but other people in distress is ahead (the queue check below; the shared bot holds other tests' tickets)
    mine = ticket_of(live_bot, staff, s)
    assert mine["distress"] is True and mine["distress_label"]
    waiting = [t for t in queue(live_bot, staff) if t["status"] == "open"]
    # first in the queue, behind nobody but other people in distress (the shared bot holds other tests' tickets)
    place = [t["sender_id"] for t in waiting].index(mine["sender_id"])
    assert all(t["distress"] for t in waiting[:place]), waiting[: place + 1]


# ---- 3. complaints say only what happened; a relative in their own position (personas B2, A2) ----------


FULL_TEXT = '/request_collection_complaint{"plan_option":"letter"}'  # the complaint's 「查看全文」 (truth3)


def last_complaint(replies: list[str], live_bot=None, s: str | None = None) -> str:
    """The complaint last shown; on REST a summary with 「查看全文」, whose button gives the text (probe D05)."""
    # after an edit the REST reply lists the points in a few words (「现在共N项」, complaint4) and 「查看全文」 gives the text
    if live_bot is not None and any("投诉书写好了" in r or "现在共" in r for r in replies):
        replies = [*replies, live_bot.texts(s, FULL_TEXT)]
    shown = [r for r in replies if "违规催收的投诉" in r or "催收行为的投诉" in r]
    assert shown, replies[-1]
    return shown[-1]


def test_a_husbands_complaint_quotes_the_threat_and_a_delete_is_heard(live_bot):
    s = sender()
    first = live_bot.texts(s, "我老婆信用卡逾期了 催收打电话给我 我要不要替她还啊")
    assert "不用还" in first
    legal = live_bot.texts(s, "他们说要上门 还说要告诉我单位领导 这合法吗")
    assert "您不是持卡人" in legal and "只能向您本人" not in legal, legal
    replies = [live_bot.texts(s, "帮我写个投诉的内容 我直接念给12378"),
               live_bot.texts(s, "是招商银行的催收 昨天晚上打了我8个电话 说下礼拜要上门 还说要告诉我单位领导 我老婆欠的不是我欠的")]
    complaint = last_complaint(replies, live_bot, s)
    assert "“还说要告诉我单位领导”" in complaint and "扬言" in complaint
    assert "单位、领导" not in complaint and "“昨天晚上打了我8个电话”" in complaint, complaint
    fridge = live_bot.texts(s, "要是钱有一部分是买了家里冰箱 那我要还吗")
    assert "夫妻共同债务" in fridge and "晚还" not in fridge, fridge
    deleted = live_bot.texts(s, "投诉书把单位领导那句删了 他们只是嘴上说要告诉单位 没打过")
    corrected = last_complaint([deleted], live_bot, s)
    assert "单位领导" not in corrected and "没打过" not in corrected, corrected


def test_a_mothers_correction_is_not_merged_and_her_instruction_is_never_quoted(live_bot):
    s = sender()
    replies = [live_bot.texts(s, text) for text in (
        "你好 我儿子信用卡逾期了 催收天天打我电话 我不是持卡人啊 怎么让他们别打了",
        "他们一天打十几个电话 晚上十一点还打 我血压都高了 能投诉吗 打哪个电话",
        "还有个自称是法院的打电话说要起诉我儿子 还要我去配合调查 是真的假的",
        "能帮我写个投诉吗 投诉他们天天打我电话 晚上也打 我不是欠钱的人",
        "对了 不是法院的那个晚上十一点打的 十一点是催收打的 法院那个是白天打的 你写错了",
        "现在晚上打电话那条没了 你怎么删了 我要的是晚上11点催收打电话也写进去",
    )]
    assert "只能向您本人" not in replies[0], replies[0]
    complaint = last_complaint(replies, live_bot, s)
    assert "时间：晚上十一点；来电/来人：自称是法院的" not in complaint, complaint
    assert "（“晚上十一点还打”）" in complaint  # the collectors' 11 pm calls stay
    assert "我要的是" not in complaint and "写进去" not in complaint and "投诉他们天天打我电话" not in complaint


# ---- 4. a victim of a paid agency (persona B3) -------------------------------------------------------


def test_an_agency_victim_is_told_to_keep_the_money_and_not_to_pay_more(live_bot):
    s = sender()
    live_bot.texts(s, "我找了个停息挂账的公司 交了3000块服务费 两个月了啥也没办成 电话也不接了")
    password = live_bot.texts(s, "银行卡密码给了他们 咋办啊 卡里还有工资")
    assert "冻结" in password and "改掉密码" in password and "110" in password, password
    more = live_bot.texts(s, "那我会坐牢不 他们说再交2000加急 我要交吗")
    assert "不要再交" in more and "12315" in more and "110" in more, more


# ---- 5. routing the trials found wrong (personas B4, B5) ------------------------------------------------


def test_what_is_owed_after_three_years_is_the_figure_not_the_grace_rule(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我信用卡逾期3年了 欠8000块 现在要还多少啊")
    assert "视同按时还款" not in reply and "容时" not in reply, reply
    assert live_bot.tracker(s)["latest_message"]["intent"]["name"] == "ask_interest"


def test_the_grace_answer_is_for_the_bank_the_message_names(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠2万 逾期10天")
    reply = live_bot.texts(s, "平安那张晚了几天 平安有没有宽限期")
    assert reply.startswith("平安银行：") and "招商银行：" not in reply, reply
    case = live_bot.tracker(s)["slots"]["case"]
    assert [c["bank"] for c in case["cards"]][0] == "招商银行"


def test_thanks_after_a_plan_with_a_time_and_a_place_keeps_the_lines(live_bot):
    # persona trial D3 on the merged main: a thanks after the plan got a plain 「不客气」
    s = sender()
    live_bot.texts(s, "周六晚上我去滨江那个大桥上吹吹风 到时候就都不用还了")
    thanks = live_bot.texts(s, "谢谢你")
    assert "12356" in thanks and "打不通请拨110或120" in thanks, thanks
