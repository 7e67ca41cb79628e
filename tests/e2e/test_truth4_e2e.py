"""Legal audit of session 3 (truth4, 7 December 2026) over REST against a real `rasa run` + action server: the
certainty labels of [quoted] sources, what a complaint says about contacts DOMAIN allows, the question of how to
stop the calls, a collector's 「报警抓你」, and the goodwill script's 「今天」 (bench/records/2026-12-07/truth4)."""
from __future__ import annotations

import uuid

FULL_TEXT = '/request_collection_complaint{"plan_option":"letter"}'


def sender() -> str:
    return f"e2e-truth4-{uuid.uuid4().hex[:10]}"


def test_article_68_is_cited_as_reported_not_as_an_official_text(live_bot):
    reply = live_bot.texts(sender(), "我儿子欠了信用卡 催收天天打我电话 我要替他还吗")
    assert "第六十八条（权威报道）" in reply and "（官方文件）" not in reply, reply


def test_a_mother_asking_how_to_stop_the_calls_gets_an_answer_and_a_clean_complaint(live_bot):
    s = sender()
    first = live_bot.texts(s, "我儿子欠了招行的钱 催收天天打我电话")
    assert "单位催收" not in first, first  # she never mentioned a workplace (probe E07 #2)
    reply = live_bot.texts(s, "怎么让他们别再打我电话")
    assert "我不是债务人" in reply and "12378" in reply, reply
    assert "不在我能回答的范围" not in reply, reply
    live_bot.texts(s, "帮我写个投诉")
    text = live_bot.texts(s, FULL_TEXT)
    assert "怎么让他们别再打我电话" not in text, text  # her question is no event
    assert "贵行信用卡的持卡人是我的儿子" in text, text


def test_a_wife_called_about_her_husbands_card_asks_the_bank_to_check(live_bot):
    s = sender()
    live_bot.texts(s, "我老公中信信用卡逾期了 催收天天打我电话")
    live_bot.texts(s, "帮我写个投诉")
    text = live_bot.texts(s, FULL_TEXT)
    line = next(p for p in text.split("\n") if p.startswith("一、向持卡人以外的人"))
    assert "请贵行核实" in line and "这违反了" not in line, line


def test_a_complaint_with_no_third_party_asks_nothing_about_third_parties(live_bot):
    s = sender()
    live_bot.texts(s, "催收一天打我十几个电话 还骂我是老赖")
    live_bot.texts(s, "帮我写个投诉")
    text = live_bot.texts(s, FULL_TEXT)
    assert "催收人员辱骂、侮辱我" in text and "第三人" not in text, text


def test_a_police_scare_is_what_the_guideline_forbids(live_bot):
    reply = live_bot.texts(sender(), "报警抓我这个是真的吗 他们能报警吗")
    assert "行业自律的催收指引不允许" in reply and "违规催收" not in reply, reply
    assert "（行业自律）" in reply, reply


def test_an_agency_threatening_to_expose_is_a_threat_for_110(live_bot):
    s = sender()
    live_bot.texts(s, "我之前找了个停息挂账的中介交了3000块 啥子都没办成")
    reply = live_bot.texts(s, "中介现在天天打电话骂我 说不给钱就把我欠钱的事发到朋友圈曝光 咋整")
    assert "这是威胁" in reply and "110" in reply and "敲诈勒索" not in reply, reply


def test_the_goodwill_script_says_today_only_when_said(live_bot):
    reply = live_bot.texts(sender(), "我不要分期 我钱够 就是忘了 差400没还 让他们免违约金别报征信 该咋说")
    assert "会尽快还上" in reply and "今天就还上" not in reply, reply


def test_complaint_channels_are_not_sent_to_the_card_contract(live_bot):
    reply = live_bot.texts(sender(), "我交了3000给停息挂账公司 现在联系不上了 怎么办")
    assert "投诉实践（通常做法）" in reply and "领用合约" not in reply, reply


def test_stop_loss_from_the_statement_is_one_answer(live_bot):
    reply = live_bot.texts(sender(), "上期账单应还5000 最低还款500 我只还了200 到期日是3月5号 今天3月20号 现在还多少才不算逾期")
    flat = reply.replace(" ", "")  # the stop-loss line sets figures apart with spaces (「还差 300.00 元」)
    assert "上期最低还差300.00元" in flat and "违约金约15.00元" in flat, reply
    assert "连续12个月只还最低" not in reply and "不算逾期，征信显示正常" not in reply, reply


def test_a_fake_police_threat_cites_the_guideline(live_bot):
    reply = live_bot.texts(sender(), "催收说要把我的案子移交公安是真的吗")
    assert "可以依法报案" in reply and "行业自律的催收指引不允许" in reply and "（行业自律）" in reply, reply
