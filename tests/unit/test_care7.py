"""care7 (persona trials E2–E5, F1, F3, F4 of 2026-12-07): a crisis line that did not answer, fear of a visit that
is no signal, an agent's forged papers and mass complaints, the criminal checklist near its time threshold, the
minimum once overdue, and the two sources of the collection rules."""
from __future__ import annotations

import pytest
import yaml

from bot import facts as F
from bot import finance
from bot.nlu import distress
from bot.nlu.topics import guarded_intent

# ---- 1. a crisis line that did not answer, turmoil after a signal (E5) -----------------------------------------


@pytest.mark.parametrize("text", [
    "12356打了 没人接", "心理热线没人接 我现在心里很乱", "打了12356也打不通", "那个希望热线一直占线",
    "400-161-9995没人接听", "心理援助热线打不进去", "你给的12356没打通",
])
def test_a_crisis_line_that_did_not_answer_is_read_whatever_came_before(text):
    assert distress.crisis_line_unanswered(text)


@pytest.mark.parametrize("text", ["客服电话打了没人接", "12378打了没人接", "银行电话一直占线", "催收电话我没接"])
def test_another_line_that_did_not_answer_is_no_crisis_line(text):
    assert distress.crisis_line_unanswered(text) is None


@pytest.mark.parametrize("text", ["电话打了没人接", "那个号码打不通", "打了400那个也打不通"])
def test_an_unnamed_line_that_did_not_answer_is_read_for_the_context(text):
    assert distress.line_unanswered(text) and distress.crisis_line_unanswered(text) is None


@pytest.mark.parametrize("text", ["我现在心里很乱", "脑子一片空白 不知道怎么办", "好怕", "心好乱"])
def test_turmoil_is_read_for_the_context(text):
    assert distress.unsettled(text)


def test_the_guard_routes_an_unanswered_crisis_line_to_the_crisis_answer():
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import DistressGuard

    message = Message(data={"text": "12356打了 没人接",
                            "intent": {"name": "ask_complaint_channel", "confidence": 0.4},
                            "intent_ranking": [{"name": "ask_complaint_channel", "confidence": 0.4}]})
    DistressGuard({}).process([message])
    assert message.get("intent")["name"] == "express_distress"
    assert message.get("crisis_line_unanswered")
    other = Message(data={"text": "客服电话打了没人接", "intent": {"name": "ask_bank_phone", "confidence": 0.9}})
    DistressGuard({}).process([other])
    assert other.get("intent")["name"] == "ask_bank_phone"


# ---- 2. fear of a visit is no self-harm signal (E2) ------------------------------------------------------------

VISIT_FEAR = ["他们要是真上门来了我咋办 我一个人在家害怕", "催收说要上门 我好怕", "我一个人在家 催收来敲门 好害怕"]


@pytest.mark.parametrize("text", VISIT_FEAR)
def test_fear_of_a_visit_is_answered_with_the_visit_rules(text):
    assert distress.matches(text) is None and distress.visit_fear_only(text)
    assert guarded_intent(text, "express_distress", 0.9) == "ask_collection_harassment"
    answer = F.match(text, "ask_collection_harassment")
    assert answer.id == "visit_fear"
    short = answer.short
    assert "门可以不开" in short and "未经您同意不得进入" in short and "110" in short and "堵门" in short


@pytest.mark.parametrize("text", ["催收说明天上门 我好怕 不想活了", "他们上门的话 我就从阳台跳下去"])
def test_a_real_signal_beside_a_visit_still_fires(text):
    assert distress.matches(text) and not distress.visit_fear_only(text)


# ---- 3. forged hardship papers, false mass complaints (F4) ----------------------------------------------------


@pytest.mark.parametrize("text", [
    "那个中介还让我弄个假的住院证明 说这样银行好批 还让我天天打12378投诉银行",
    "那假的住院证明到底能不能用啊 中介说大家都这么弄",
    "中介让我每天打12378投诉银行施压",
    "他们教我批量投诉银行 这样能停息",
    "能不能伪造一个失业证明",
])
@pytest.mark.parametrize("intent", ["ask_complaint_channel", "ask_third_party_agency", "ask_negotiate_plan"])
def test_forged_papers_and_mass_complaints_get_the_truth_first(text, intent):
    answer = F.match(text, intent)
    assert answer.id == "false_material"
    short = answer.short
    assert short.index("伪造") < short.index("该做的") and "不实投诉" in short
    assert "可能担责" in short and "2025年" in short  # hedged, as DOMAIN §5
    assert "卡背面的客服电话" in short and "如实" in short
    assert "权威报道" in F.first_bubble(answer)


@pytest.mark.parametrize("text", ["12378是什么电话", "催收天天打电话 我要投诉", "打12378投诉有用吗"])
def test_a_genuine_complaint_is_not_read_as_a_false_one(text):
    answer = F.match(text, "ask_complaint_channel")
    assert answer is None or answer.id != "false_material"


# ---- 4. the criminal checklist near its time threshold (E2, E3, F4) ---------------------------------------------


@pytest.mark.parametrize("principal, days", [(180_000, 100), (58_000, 120), (58_000, 95), (30_000, 120)])
def test_a_day_count_near_the_threshold_is_unknown_never_not_met(principal, days):
    c = finance.criminal_assessment(principal, days)
    time = next(x for x in c.conditions if x.key == "three_months")
    assert time.status == "unknown" and "可能已满足" in time.note and "无法判断" in time.note


def test_a_large_principal_near_the_threshold_is_not_reassured():
    c = finance.criminal_assessment(180_000, 100)
    assert c.status == "unknown" and "不符合" not in c.summary
    assert "可以不起诉" in c.mitigation


def test_with_a_known_collection_history_the_precise_count_decides():
    from bot.finance import consequences

    report = consequences(100, 90000, collections_received=2, collection_gap_days=30)
    assert {c.key: c for c in report.criminal.conditions}["three_months"].status == "not_met"


def test_far_below_the_threshold_is_still_not_met():
    c = finance.criminal_assessment(58_000, 60)
    assert next(x for x in c.conditions if x.key == "three_months").status == "not_met"


# ---- 7. the 22:00 and 6-calls rules cite the guideline (F3) -----------------------------------------------------


def _domain_text(response: str) -> str:
    from pathlib import Path

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"][response][0]["text"]


def _guideline_rules(text: str) -> bool:
    return any(rule in text for rule in ("22:00", "6次", "联系不上", "至少两人", "两名"))


def test_every_bubble_with_the_guideline_rules_cites_the_guideline_as_self_regulation():
    checked = 0
    entries = [(a, a.short) for a in F.answers()]
    entries += [(F.topic_answer(t), _domain_text(F.topic_response(t))) for t in ("collection", "complaint", "credit_report")]
    for answer, shown in entries:
        if not _guideline_rules(shown):
            continue
        checked += 1
        cite = F.cite(answer.cites)
        assert "催收工作指引" in cite and "行业自律" in cite, (answer.id, cite)
        assert not ("第六十八条" in cite and "行业自律" not in cite), answer.id
    assert checked >= 6


def test_the_collection_topic_cites_both_sources_each_with_its_label():
    cite = F.cite(F.topic_answer("collection").cites)
    assert "第六十八条（权威报道）" in cite and "催收工作指引（试行）》（行业自律）" in cite
