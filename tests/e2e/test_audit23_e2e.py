"""Legal audit s7 (issue 23) over REST against a real `rasa run` + action server, in a cardholder's own words: the
findings of bench/records/2026-12-08/audit-s7/legal_audit.md as a person meets them — a spouse's business debt, an
agency's fee, the minimum payment and the 违约金 said as practice, the labels shown under an answer, the lines for
another person's crisis."""
from __future__ import annotations

import re
import uuid


def sender() -> str:
    return f"e2e-audit23-{uuid.uuid4().hex[:10]}"


def test_a_spouses_business_debt_is_generally_not_hers_and_the_court_decides_a_dispute(live_bot):
    s = sender()
    reply = live_bot.texts(s, "我是问 他做生意欠的 跟我没关系吧 不是家里用的 我不用还对吧")
    assert reply.startswith("一般不用您还"), reply
    assert "就不算夫妻共同债务" not in reply, reply
    assert "一起经营" in reply and "签字" in reply and "法院" in reply, reply


def test_an_agencys_fee_goes_to_12315_said_as_a_general_route(live_bot):
    s = sender()
    live_bot.texts(s, "我找了个停息挂账的公司 交了3000块服务费 两个月了啥也没办成")
    reply = live_bot.texts(s, "他们说再交2000加急 我要交吗")
    assert "不要再交" in reply and "110" in reply, reply
    assert re.search(r"一般可以打12315", reply), reply


def test_paying_the_minimum_is_usually_not_overdue(live_bot):
    s = sender()
    live_bot.texts(s, "招行欠了两万 还没逾期")
    reply = live_bot.texts(s, "只还最低的话征信会显示逾期吗")
    assert "通常不算逾期" in reply and "以领用合约为准" in reply, reply
    assert "最低还款额不算逾期" not in reply, reply


def test_the_late_fee_answer_hedges_the_minimum_and_does_not_give_every_bank_a_floor_and_cap(live_bot):
    s = sender()
    reply = live_bot.texts(s, "上个月最低还款700我一分没还 违约金要交多少")
    assert "35.00" in reply, reply
    assert "一般不收违约金" in reply and "就不收违约金" not in reply, reply
    assert "各行另有最低、最高金额" not in reply and "另有最低或最高金额" in reply, reply
    again = live_bot.texts(s, "违约金也会算利息吗 会不会利滚利")
    assert again.startswith("不会"), again
    assert "各行有上下限" not in again and "不少银行另设最低或最高金额" in again, again


def test_the_sources_under_an_answer_say_what_they_are(live_bot):
    s = sender()
    reply = live_bot.texts(s, "催收发短信威胁我可以报警吗")
    assert reply.startswith("可以报警"), reply
    assert "治安管理处罚法" in reply and "法律规定" not in reply, reply  # [quoted] in DOMAIN §6: 权威报道
    assert "（权威报道）" in reply, reply
    s2 = sender()
    reply = live_bot.texts(s2, "12363是干什么的")
    assert "12363" in reply and "（官方文件）" not in reply, reply  # its remit after 2023 is unverified


def test_the_lines_given_for_a_daughter_who_is_safe_again_say_110_or_120(live_bot):
    s = sender()
    live_bot.texts(s, "我女儿发微信说活着没意思 不想活了 现在联系不上")
    reply = live_bot.texts(s, "我刚给110打了 他们说去看看")
    assert reply.startswith("您做得对") and "打不通就拨110或120" in reply, reply
    reply = live_bot.texts(s, "联系上了 她没事 谢谢你")
    assert "平安" in reply and "12356" in reply and "打不通就拨110或120" in reply, reply


def test_a_seat_asked_after_a_train_question_is_answered_not_the_menu(live_bot):
    s = sender()
    first = live_bot.texts(s, "逾期了会被限制坐高铁吗")
    assert first.startswith("逾期本身不会被限制消费"), first
    seat = live_bot.texts(s, "那二等座也不能坐吗")
    assert "没能理解" not in seat and "上面已经说过" not in seat, seat
    assert seat.startswith("被法院限制消费的人，G字头高铁连二等座也不能坐"), seat
