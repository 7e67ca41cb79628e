"""The catalogue of facts and specific answers (bot/facts.yml, bot/answers.yml) and the issue-12 corrections
in it: what the bot must say and what it must not."""
from __future__ import annotations

import re

import pytest

from bot import facts as F
from bot.channels import console_checks as cc

ALL_TEXT = lambda: "\n".join(f.text for f in F.all_facts().values())  # noqa: E731


def test_every_fact_has_text_source_and_a_known_certainty():
    facts = F.all_facts()
    assert len(facts) >= 50
    for f in facts.values():
        assert f.text and f.source and f.certainty in F.CERTAINTIES
        assert "[" not in f.text + f.source  # no raw [law] / [practice] tag anywhere


def test_every_answer_refers_to_existing_facts_and_fits_a_phone_bubble():
    answers = F.answers()
    assert len(answers) >= 40 and len({a.id for a in answers}) == len(answers)
    for a in answers:
        assert a.facts and all(F.fact(k) for k in a.facts), a.id
        bubble = F.first_bubble(a)
        assert len(bubble) <= F.FIRST_BUBBLE_MAX, (a.id, len(bubble))
        assert "依据：" in bubble and "（" in bubble.rsplit("依据：", 1)[1]


@pytest.mark.parametrize("answer", F.answers(), ids=lambda a: a.id)
def test_each_example_gets_its_own_answer_under_its_home_intent(answer):
    for example in answer.examples:
        got = F.match(example, answer.intents[0])
        assert got is not None and got.id == answer.id, (example, got and got.id)


@pytest.mark.parametrize(("text", "intent"), [
    ("我失业了 欠招行2万利息多少", "ask_interest"),  # a figure question keeps its figure
    ("欠6万会坐牢吗", "ask_criminal_risk"),  # the case-specific assessment, not a canned answer
    ("会不会上征信", "ask_credit_report"),
    ("征信修复是真的吗", "express_distress"),  # never under an intent the entry does not name
    ("传票是真的吗", None),
])
def test_no_specific_answer_where_the_topic_answer_or_figure_is_right(text, intent):
    assert F.match(text, intent) is None


def test_cite_says_the_certainty_in_words():
    assert F.cite(["credit_retention"]) == "依据：《征信业管理条例》第十六条（法律规定）"
    assert F.cite(["grace", "tolerance"]).endswith("（通常做法，以领用合约为准）")
    assert "（官方文件）" in F.cite(["credit_repair_policy"])  # [official-copy] (12378 is 权威报道 since audit s7)


# ---- the corrections of issue 12 ----------------------------------------------------------------------

def test_credit_repair_question_explains_the_real_policy_and_warns_about_paid_repair():
    answer = F.match("征信修复是真的吗", "ask_third_party_agency")
    assert answer.id == "credit_repair_real"
    bubble = F.first_bubble(answer)
    assert "骗局" in bubble and "一次性信用修复" in bubble and "1万元" in bubble and "2026年3月31日" in bubble
    assert "免费" in bubble and "无需申请" in bubble
    policy = F.text("credit_repair_policy")
    assert "2020年1月1日至2025年12月31日" in policy and "不是删除" in policy and "说法不一" in policy


def test_leniency_is_for_a_large_amount_only():
    large, huge = F.text("leniency_large"), F.text("leniency_huge")
    assert "5万元至不满50万元" in large and "可以不起诉" in large and "可以免予刑事处罚" in large
    assert "两次以上处罚的除外" in large
    assert "法律没有" in huge and "不会因此结案" in huge
    assert "免除处罚" not in ALL_TEXT()
    leniency = F.first_bubble(F.match("如果我全部还清了还会被起诉吗", "ask_criminal_risk"))
    assert "5万至不满50万元" in leniency and "50万元以上法律没有这样的规定" in leniency


def test_intent_is_said_in_the_laws_words_and_contact_is_no_guarantee():
    presumption = F.text("intent_presumption")
    for words in ("明知没有还款能力而大量透支，无法归还的", "使用虚假资信证明申领信用卡后透支，无法归还的",
                  "透支后通过逃匿、改变联系方式等手段，逃避银行催收的", "抽逃、转移资金，隐匿财产，逃避还款的",
                  "使用透支的资金进行犯罪活动的"):
        assert words in presumption
    rule = F.text("intent_rule")
    assert "有助于表明" in rule and "不是保证" in rule
    assert "就不符合" not in ALL_TEXT()


def test_the_collection_guideline_has_its_name_and_says_not_advisable_over_six():
    assert "《金融机构个人消费类贷款催收工作指引（试行）》" in F.text("guideline_name")
    assert "“不宜超过6次”" in F.text("guideline_calls") and "同一联系方式" in F.text("guideline_calls")
    calls = F.first_bubble(F.match("催收一天打几次电话算违规", "ask_collection_harassment"))
    assert "不宜超过6次" in calls and "最多6次" not in calls


def test_restriction_of_consumption_is_not_the_dishonest_list_and_covers_private_schools():
    assert "高收费私立学校" in F.text("enforcement_limit")
    assert "不是判决（或调解书、支付令）后自动列入" in F.text("enforcement_dishonest")
    school = F.first_bubble(F.match("信用卡逾期会影响孩子上学吗", "ask_consequences"))
    assert "不会让孩子不能上学" in school and "高收费私立学校" in school


def test_the_console_rule_on_children_no_longer_says_the_opposite():
    rule = next(r for r in cc.load_forbidden_rules() if r.id == "exaggerated_consequence")
    assert "高收费私立学校" in rule.rule and "不限于失信被执行人" in rule.rule
    assert "限制高消费只针对法院判决后仍不履行的失信被执行人" not in rule.rule
    # a collector's threat is still flagged; the true statement of the rule is not
    assert [f.rule_id for f in cc.check_reply("你不还钱，你孩子就上不了学")] == ["exaggerated_consequence"]
    assert cc.check_reply("判决后仍不履行被限制消费的，子女不能就读高收费私立学校。") == []


def test_12363_is_for_credit_complaints_on_working_days_not_objections():
    assert "工作日" in F.text("channel_12363") and "不是打12363" in F.text("channel_12363")
    assert "12378" in F.text("channel_12378") and "国家金融监督管理总局" in F.text("channel_12378")
    answer = F.first_bubble(F.match("12363是干什么的", "ask_complaint_channel"))
    assert "工作日" in answer and "异议" in answer


def test_every_grace_text_says_the_same():
    grace = F.text("grace")
    assert "视同按时还款" in grace and "通常也不计利息" in grace and "少数银行仍收利息" in grace
    from bot.finance import templates as t

    stage = next(s for s in t.STAGES if s[0] == "grace")
    assert grace in stage[2]


def test_agreement_stops_collection_unless_the_holder_defaults_and_oral_agreements_are_recorded():
    assert "除非您不按协议还款" in F.text("plan_stop_collection")
    oral = F.first_bubble(F.match("电话里和银行谈好的分期算数吗", "ask_negotiate_plan"))
    assert "录音" in oral and "书面协议" in oral and "除非您不按协议还款" in oral


def test_console_scripts_carry_the_corrections():
    data = cc.load_scripts()
    text = " ".join(str(v) for v in data["blocks"].values()) + " ".join(
        str(e["script"]) + str(e.get("sources")) for e in data["intents"].values())
    assert "每日未接通呼叫不超过6次" not in text and "不宜超过6次" in text
    assert "《金融机构个人消费类贷款催收工作指引（试行）》" in text
    from bot.finance import consequences

    # what the console passes: the finance engine's report (unknown collections → 无法判断, never "not met")
    big = cc.suggest_script("ask_criminal_risk", consequences=consequences(200, 600000).to_dict())
    assert F.text("leniency_large") not in big.text and F.text("leniency_huge") in big.text and "无法判断" in big.text
    mid = cc.suggest_script("ask_criminal_risk", consequences=consequences(200, 60000).to_dict())
    assert F.text("leniency_large") in mid.text and "请您放心" not in mid.text
    assert not re.search(r"\[(law|quoted|practice)\]", text)


def test_console_scripts_quote_the_facts_instead_of_restating_them():
    script = cc.suggest_script("ask_complaint_channel")
    assert F.text("channel_12363") in script.text and "{fact:" not in script.text
    from bot.finance import consequences

    mid = cc.suggest_script("ask_criminal_risk", consequences=consequences(200, 60000).to_dict())
    assert F.text("leniency_large") in mid.text


def test_the_console_criminal_source_is_bare_so_the_certainty_is_said_once():
    from bot.finance import consequences

    crim = consequences(200, 60000).criminal
    assert crim.source == F.fact("criminal_conditions").source and "（" not in crim.source[-6:]
    assert crim.certainty == "law"


def test_every_details_payload_survives_the_normaliser():
    # the pipeline's TextNormalizer rewrites English card terms (interest → 利息) even inside a payload
    import json

    from actions.answers import INTEREST_BASIS
    from bot.nlu.normalize import normalize

    ids = [a.id for a in F.answers()] + [INTEREST_BASIS] + [f"topic_{t}" for t in (
        "credit_report", "collection", "complaint", "lawsuit", "negotiate", "agency", "criminal", "consequences",
        "penalty", "grace")]
    for answer_id in ids:
        payload = "/ask_details" + json.dumps({"answer_id": answer_id}, ensure_ascii=False)
        assert normalize(payload) == payload, answer_id


def test_cite_names_each_source_once_in_order():
    # guideline_hours and guideline_calls share one source: cited once
    cited = F.cite(["guideline_hours", "guideline_calls", "channel_12378"])
    assert cited == ("依据：中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（行业自律）；"
                     "国家金融监督管理总局（权威报道）")
    assert F.cite([]) == ""


def test_details_list_each_fact_with_source_and_certainty():
    text = F.details(["credit_retention", "grace"])
    lines = text.split("\n")
    assert lines[0] == f"· {F.text('credit_retention')}（《征信业管理条例》第十六条，法律规定）"
    assert lines[1].startswith(f"· {F.text('grace')}（") and lines[1].endswith("通常做法，以领用合约为准）")


def test_lookup_of_answers_and_topics():
    assert F.by_id("summons_check").id == "summons_check"
    topic = F.by_id("topic_credit_report")
    assert topic.topic == "credit_report" and "credit_repair_policy" in topic.facts
    assert F.by_id(None) is None and F.by_id("nope") is None
    assert F.topic_response("lawsuit") == "utter_lawsuit"
    with pytest.raises(KeyError):
        F.fact("no_such_fact")


def test_match_needs_text_and_intent_and_ignores_spaces():
    assert F.match("催收 一天 打 几次 电话", "ask_collection_harassment").id == "calls_per_day"
    assert F.match("", "ask_lawsuit") is None and F.match("传票是真的吗", "") is None


def test_rest_of_removes_what_the_answer_matched():
    answer = F.by_id("anti_collection")
    assert "反催收" not in F.rest_of("反催收靠谱吗 会不会被起诉", answer)
    assert "起诉" in F.rest_of("反催收靠谱吗 会不会被起诉", answer)


def test_first_bubble_is_the_short_text_then_the_first_facts_source():
    answer = F.by_id("children_school")
    assert F.first_bubble(answer) == answer.short + "\n" + F.cite(answer.facts[:1])


def test_a_fact_with_an_unknown_certainty_is_refused(tmp_path):
    bad = tmp_path / "facts.yml"
    bad.write_text("facts:\n  x:\n    text: t\n    source: s\n    certainty: maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="certainty"):
        F.all_facts(str(bad))


def test_folded_yaml_keeps_chinese_sentences_whole():
    assert " " not in F.text("credit_repair_policy").replace("N 正常", "")


# ---- issue 23: wrong or dated facts (items 5–8, 10) ------------------------------------------------------

def _all_user_texts() -> str:
    """Every text a cardholder or an agent can be shown that lives outside the finance engine."""
    import pathlib

    root = pathlib.Path(F.HERE).parent
    parts = [(root / p).read_text(encoding="utf-8") for p in (
        "bot/facts.yml", "bot/answers.yml", "domain.yml", "bot/channels/console_forbidden.yml",
        "bot/channels/console_scripts.yml", "bot/finance/templates.py")]
    return "\n".join(parts)


def test_restriction_of_consumption_bars_every_g_train_seat_and_follows_any_enforceable_document():
    limit = F.text("enforcement_limit")
    assert "G字头动车组列车的任何座位" in limit and "列车软卧" in limit and "轮船二等以上舱位" in limit
    assert "飞机" in limit and "高收费私立学校" in limit
    assert "判决、调解书、支付令等生效法律文书" in limit and "罚款、拘留" in limit
    assert F.fact("enforcement_limit").source.endswith("第三条")
    bubble = F.first_bubble(F.match("逾期会被限制高消费吗", "ask_lawsuit"))
    assert "G字头高铁（任何座位）" in bubble and "生效法律文书" in bubble
    assert F.match("欠信用卡还能坐动车吗", "ask_lawsuit").id == "limit_consumption"
    text = _all_user_texts()
    assert "一等座" not in text.replace("一等以上座位", "")
    # "only after a judgment" is gone wherever 限制消费 is explained
    assert not re.search(r"(?<![、，])判决后仍不(还|履行)", text), re.findall(r".{12}判决后仍不.{12}", text)


def test_one_off_credit_repair_goes_to_the_400_line_or_a_pboc_window_within_30_days():
    policy = F.fact("credit_repair_policy")
    assert "400客服热线" in policy.text and "征信服务窗口" in policy.text and "30日内" in policy.text
    assert "《中国人民银行关于实施一次性信用修复政策有关安排的通知》" in policy.source
    assert "新闻报道" not in policy.source and policy.certainty == "official"
    scam = F.text("credit_repair_scam")
    assert "400客服热线" in scam and "30日内" in scam and "记录本身有错的，才是提异议（20日内答复）" in scam
    bubble = F.first_bubble(F.match("我2023年有一笔3000块的逾期，去年已经还清了，现在还显示吗", "ask_credit_report"))
    assert "400客服热线" in bubble and "30日内" in bubble and "提异议" not in bubble
    # the 20-day objection stays the route for wrong records
    assert "20日内" in F.first_bubble(F.match("征信记录有错误怎么申请异议", "ask_credit_report"))
    console = cc.suggest_script("ask_credit_report").text
    assert "400客服热线" in console and "30日内办理" in console


def test_lawful_conduct_is_not_called_a_breach():
    police = F.first_bubble(F.match("催收说要把我的案子移交公安是真的吗", "ask_criminal_risk"))
    assert "可以依法报案" in police and "自动移交公安”是谣言" in police
    assert "催收这么说属于违规" not in police
    assert "可以向公安机关报案" in F.text("bank_may_report")
    assert F.fact("bank_may_report").certainty == "law"
    visit = F.first_bubble(F.match("催收说明天上门怎么办", "ask_collection_harassment"))
    assert "告知您要上门本身不违规" in visit and "堵门" in visit and "以上门、堵门相威胁属于违规" not in visit
    assert "至少两" in visit and "8:00–22:00" in visit
    assert "本身不违规" in F.text("guideline_visit")
    # the console no longer flags a lawful announcement of a visit; it still flags 堵门
    assert cc.check_reply("我们会在工作时间安排两名同事上门拜访您，请问您方便吗") == []
    assert cc.check_reply("我们会派人上门") == []
    assert [f.rule_id for f in cc.check_reply("明天找人堵你家门")] == ["visit_threat"]
    # going to the workplace is also contacting the employer (issue 21's employer_contact rule)
    assert {f.rule_id for f in cc.check_reply("我们去你单位闹")} == {"visit_threat", "employer_contact"}


def test_certainty_labels_say_what_the_source_is():
    labels = {c: F.certainty_label(c) for c in F.CERTAINTIES}
    assert labels == {"law": "法律规定", "official": "官方文件", "self_regulation": "行业自律",
                      "reported": "权威报道", "practice": "通常做法，以领用合约为准", "service": "本助手的做法"}
    for f in F.all_facts().values():
        if "银行业协会" in f.source and "自律要求" not in f.source:
            assert f.certainty == "self_regulation", f.key
        if "新闻" in f.source or "报道" in f.source:
            assert f.certainty == "reported", f.key
        if f.certainty == "official":
            assert "协会" not in f.source and "报道" not in f.source, f.key
    assert F.cite(["agency_crackdown"]).endswith("（权威报道）")
    assert F.cite(["guideline_visit"]).endswith("（行业自律）")
    rules = {r.id: r for r in cc.load_forbidden_rules()}
    assert rules["night_or_excessive_calls"].certainty == "self_regulation"


def test_overdue_itself_is_not_a_crime_everywhere():
    import pathlib

    root = pathlib.Path(F.HERE).parent
    for path in ("bot/facts.yml", "bot/answers.yml", "domain.yml", "bot/finance/templates.py",
                 "bot/channels/console_scripts.yml", "bot/channels/console_forbidden.yml", "actions/texts.py"):
        assert "逾期不是犯罪" not in (root / path).read_text(encoding="utf-8"), path


# ---- care4: no help to claim a hardship that did not happen (persona trial P4, issue 23) -----------------


@pytest.mark.parametrize("text", ["我跟银行打电话能不能说我失业了 其实我还在上班 就是工资低", "我就说我失业了行不行",
                                  "能不能说我失业了", "骗银行说失业行不行", "申请书上写我住院了可以吗"])
def test_a_hardship_claim_asked_for_gets_the_truthful_answer(text):
    from bot.nlu.reading import requests

    assert F.match(text, "ask_negotiate_plan").id == "truthful_hardship"
    assert requests(text).false_claim
    short = F.by_id("truthful_hardship").short
    assert "不能说没发生的事" in short and "如实" in short and "附失业或疾病证明" not in short


@pytest.mark.parametrize("text", ["我失业了 信用卡还不上怎么办", "能不能跟银行说我的情况", "我失业了能不能申请停息挂账"])
def test_a_real_hardship_is_not_taken_for_a_false_claim(text):
    from bot.nlu.reading import requests

    assert not requests(text).false_claim
    assert (F.match(text, "ask_negotiate_plan") or F.by_id("lost_job")).id != "truthful_hardship"
