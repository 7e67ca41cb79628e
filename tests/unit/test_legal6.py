"""Persona trials s7 (legal6): questions the bot refused or left unanswered get their answer from the catalogue
(bot/answers.yml), a phrase of the registry, or the person's own figures. Pure code: bot.facts, bot.nlu.topics."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot import facts as F
from bot.nlu.normalize import normalize
from bot.nlu.topics import AFFORD_ASKED, guarded_intent


def answer_id(text: str, intent: str, history: str = "") -> str | None:
    found = F.match(text, intent, history)
    return found.id if found else None


COURT_SMS = "今天收到一个短信说是法院的传票说我信用卡欠钱要起诉我"


@pytest.mark.parametrize("text, intent", [
    ("我欠了三万六吧逾期五个月了短信上面说什么案件已受理让我联系一个号码我没敢打我老公还不知道这个事", "ask_collection_harassment"),
    ("短信上的电话要不要打", "out_of_scope"),  # K3 #8: read as out of scope
    ("我是说法院的短信上面有个电话让我打我要不要打会不会是骗子", "ask_lawsuit"),
    ("那我等人工吧那个短信的电话我到底打不打啊", "vague_card_question"),
    ("短信说法院受理了让我打电话这个是不是诈骗", "ask_lawsuit"),
])
def test_k3_the_court_sms_number_is_answered(text, intent):
    assert answer_id(text, intent) == "summons_check"


def test_k3_the_summons_answer_says_not_to_call_or_pay_then_how_to_check():
    short = F.by_id("summons_check").short
    first = short.split("。", 1)[0]
    assert first.startswith("先别打短信、来电里给的号码，也别给任何人转账") and "12368" in first, first
    assert "按时应诉" in short and "12348" in short and "民事纠纷" in short


def test_k3_a_vague_number_question_is_the_court_sms_only_in_its_conversation():
    text = "你能不能直接说要不要打那个电话我很怕"
    assert answer_id(text, "ask_negotiate_plan", history=COURT_SMS) == "summons_check"
    assert answer_id(text, "ask_negotiate_plan") is None  # no court SMS named: some other number
    assert answer_id("短信是不是骗子啊", "ask_lawsuit", history=COURT_SMS) == "summons_check"
    assert answer_id("短信是不是骗子啊", "ask_lawsuit") is None


def test_k3_a_parents_child_school_is_not_the_persons_own_school():
    assert answer_id("那我要不要打那个电话我老公知道了会跟我吵架孩子学校会不会知道", "ask_collection_harassment") \
        == "child_school_known"
    short = F.by_id("child_school_known").short
    assert "辅导员" not in short and "公立学校" in short and "高收费私立学校" in short
    # a student's own school keeps its answer
    assert answer_id("催收说要通知我学校辅导员", "ask_collection_harassment") == "contacts_school"


def test_k3_hiding_it_from_the_husband_is_no_contact_of_the_family():
    assert answer_id("我老公还不知道这个事", "ask_collection_harassment") is None
    assert answer_id("催收打电话给我老公了", "ask_collection_harassment") == "contacts_family"


def test_l1_travel_under_enforcement_is_answered_in_its_conversation():
    history = "建行那张给俺告了 法院判完了，后来法院又来个执行通知 俺没钱还就没搭理"
    text = "那俺还能坐火车不 俺下个月得回老家 哈尔滨到齐齐哈尔 坐高铁能行不 还是得坐绿皮车"
    assert answer_id(text, "out_of_scope", history) == "enforced_travel"
    assert answer_id("逾期了还能坐高铁吗", "ask_consequences") == "limit_consumption"  # nobody judged: the rule
    short = F.by_id("enforced_travel").short
    assert "G字头高铁任何座位都不能坐" in short and "二等座" in short and "以法院的决定为准" in short
    assert "逾期本身不会" not in short


def test_l1_a_judged_debt_goes_to_the_enforcement_judge_and_the_unknown_is_said():
    text = "建行那张法院都判了还下了执行通知 这申请书给建行有用吗 还是得去法院找执行法官"
    assert answer_id(text, "ask_lawsuit") == "judged_who"
    assert answer_id("还有判了的那张到底找谁谈", "inform", "法院判完了") == "judged_who"
    short = F.by_id("judged_who").short
    assert "执行法官" in short and "我没有可靠依据" in short and "12348" in short


def test_l1_how_to_check_the_dishonest_list_names_no_site_domain_does_not_name():
    assert answer_id("俺咋查俺上没上那个失信名单啊", "ask_criminal_risk") == "dishonest_check"
    short = F.by_id("dishonest_check").short
    assert "没有核实过的官方渠道" in short and "执行法院" in short and "不是判了就自动列入" in short
    assert "网" not in short  # no website DOMAIN does not name


@pytest.mark.parametrize("text, intent", [
    ("那我现在能报警吗 他骂我那几回我都录音了", "ask_collection_harassment"),  # L4 #13: not 「can I record」
    ("我是问能不能打110报警 不是录音 还有打12378的时候我咋说", "ask_complaint_channel"),
    ("到底能不能报110", "ask_complaint_channel"),
    ("他们还说要是再不还就来医院找我 这个我能报警吗", "ask_collection_harassment"),  # K2 #7
])
def test_l4_can_i_call_the_police_is_answered_yes_with_what_counts(text, intent):
    assert answer_id(text, intent) == "police_report"
    short = F.by_id("police_report").short
    assert short.startswith("可以报警") and "110" in short and "录音" in short and "本身不违规" in short


def test_the_police_answer_is_not_an_agency_victims_or_the_collectors_report():
    assert answer_id("交了3000给中介 现在联系不上 我能报警吗", "ask_third_party_agency") != "police_report"
    assert answer_id("催收说要报警抓我", "ask_collection_harassment") == "police_scare"


@pytest.mark.parametrize("text", [
    "他不是担保人 我也不是 但是这钱是他做生意亏的 不是家里用的 那我不用管？",
    "我是问 他做生意欠的 跟我没关系吧 不是家里用的 我不用还对吧",
])
def test_k2_a_spouses_own_business_debt_is_answered_yes_no_first(text):
    assert guarded_intent(text, "affirm", 0.9) == "ask_for_relative"  # was 「好的。您还想了解什么」
    assert answer_id(text, "ask_for_relative") == "spouse_own_debt"
    assert F.by_id("spouse_own_debt").short.startswith("一般不用您还")


def test_k2_ones_own_spending_is_no_spouses_debt():
    assert guarded_intent("钱都是我自己花的 我不用还吧", "affirm", 0.9) is None
    assert answer_id("钱都是我自己花的 会不会坐牢", "ask_criminal_risk") is None


@pytest.mark.parametrize("text, asked", [
    ("那APP那個分12期 每期0.6% 我每個月要還多少 付得起嗎 年利率到底多少", True),
    ("分12期每月多少 我还得起吗", True),
    ("分12期每月多少", False),
])
def test_l2_affordability_is_read(text, asked):
    assert bool(AFFORD_ASKED.search(normalize(text))) is asked


def test_l1_the_criminal_checklist_uses_the_known_cards_days():
    from actions.consequences import _oldest_known_days
    from actions.whatif import Facts

    from bot.whatif import CardFacts

    judged = CardFacts("建设银行", Decimal(32000))
    farm = CardFacts("农业银行", Decimal(18000), overdue_days=120)
    f = Facts(cards=[judged, farm], recorded=[judged, farm], hypothetical={})
    assert _oldest_known_days(f) == (120, True)
    assert _oldest_known_days(Facts(cards=[judged], recorded=[judged], hypothetical={})) == (None, False)


def test_l1_about_four_months_in_the_northeast_is_read():
    from bot.nlu.extract import parse_days

    assert parse_days("逾期四个来月了") == 120  # 「四个来月」 left the days unknown: the checklist said 「不知道逾期多久」
    assert parse_days("逾期四个多月了") == 120
