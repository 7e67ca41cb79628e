"""bot/topics: the one registry of question topics and intents, the files generated from it, and the reading
of what a message asks (issue 19 item 3: answer what was asked)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import topics as registry
from bot.nlu.topics import decided_intent, guarded_intent, negated_topics, topics_in
from bot.topics import generate

ROOT = Path(__file__).resolve().parents[3]


def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_generated_files_are_fresh():
    assert generate.stale() == [], "run: python -m bot.topics.generate"


def test_a_stale_rule_file_is_noticed(tmp_path, monkeypatch):
    copy = tmp_path / "rules_questions.yml"
    copy.write_text(generate.rules_text().replace("answer ask_exit_ban", "answer ask_exit_ban (edited)"), encoding="utf-8")
    monkeypatch.setattr(generate, "RULES", copy)
    assert copy in generate.stale()
    assert generate.main(["--check"]) == 1


def test_a_new_registry_intent_reaches_domain_and_rules(monkeypatch):
    entries = dict(registry.catalog())
    new = registry.IntentEntry(name="ask_brand_new", example="新问题", answer="action_answer_topic",
                               in_form="resume", not_intent=True)
    monkeypatch.setattr(registry, "catalog", lambda: {**entries, new.name: new})
    monkeypatch.setattr(generate, "catalog", lambda: {**entries, new.name: new})
    monkeypatch.setattr(generate, "form_interrupters",
                        lambda: [e.name for e in {**entries, new.name: new}.values() if e.not_intent])
    text = generate.domain_text((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert "  - ask_brand_new\n" in text and "ask_brand_new]" in text
    names = [r["rule"] for r in generate.question_rules()]
    assert {"answer ask_brand_new", "overdue_form — answer ask_brand_new and resume",
            "plan_form — answer ask_brand_new and resume"} <= set(names)


def test_every_topic_answer_exists():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    responses = set(domain()["responses"])
    facts = yaml.safe_load((ROOT / "bot" / "facts.yml").read_text(encoding="utf-8"))["facts"]
    for t in registry.topics():
        assert t.answer_action or t.answer_response, t.name
        if t.answer_action:
            assert t.answer_action in executor.actions, t.name
        for response in (t.answer_response, t.full_response):
            assert response is None or response in responses, (t.name, response)
        assert set(t.facts) <= set(facts), t.name
        assert t.console, t.name
        for intent in t.intents:
            assert intent in registry.catalog(), (t.name, intent)
        for intent, _ in t.decide:
            assert intent in t.intents, (t.name, intent)


def test_no_copy_of_the_intent_to_topic_map_is_left():
    # issue 19: the registry replaced five copies (bot/nlu/topics.py, bot/intent_catalog.yml, actions/answers.py,
    # actions/whatif.py, the console labels); a dict literal from intent names to topics must not come back
    copies = []
    for path in [*ROOT.glob("actions/*.py"), *ROOT.glob("bot/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r'\{\s*\n?\s*"ask_\w+":\s*"(?:credit_report|collection|complaint|lawsuit|negotiate|agency)"', text):
            copies.append(str(path.relative_to(ROOT)))
        if re.search(r'^(?:STATIC_TOPICS|TOPIC_OF_INTENT)\s*=\s*\{\s*\n\s*"', text, flags=re.MULTILINE):
            copies.append(str(path.relative_to(ROOT)))
    assert not copies, copies
    assert not (ROOT / "bot" / "intent_catalog.yml").exists()
    scripts = yaml.safe_load((ROOT / "bot" / "channels" / "console_scripts.yml").read_text(encoding="utf-8"))
    assert all("label" not in entry for entry in scripts["intents"].values())


def test_the_console_wording_comes_from_the_registry():
    from bot.channels.console_checks import intent_label

    assert intent_label("ask_exit_ban") == "询问会不会限制出境"
    assert intent_label("ask_criminal_risk") == "询问刑事风险"
    assert intent_label(None) == "其他"


# ---- what a message asks ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, intent", [
    ("记住我卡号", "ask_privacy"),
    ("你存了我哪些信息", "ask_privacy"),
    ("客服电话", "ask_bank_phone"),
    ("招行客服电话多少", "ask_bank_phone"),
    ("这个记录挂到什么时候", "ask_credit_report"),
    ("给银行打电话该怎么说", "ask_bank_call_script"),
    ("只还最低可以吗", "ask_min_payment"),
    ("会不会被限制出境", "ask_exit_ban"),
    ("在机场被拦", "ask_exit_ban"),
    ("我儿子信用卡逾期了 我要替他还吗", "ask_for_relative"),
    ("交了5000给停息挂账中介 现在人跑路了", "ask_agency_victim"),
    ("现在还多少才不算逾期", "ask_stop_loss"),
])
def test_decided_intents_of_the_trial_questions(text, intent):
    assert decided_intent(text) == intent


@pytest.mark.parametrize("text", [
    "会坐牢吗", "利息多少", "我老婆失业了", "删除征信记录可以吗", "打客服投诉怎么说", "催收冒充客服电话", "出国旅游信用卡能用吗",
    "欠五万会不会被抓",
])
def test_decide_phrases_leave_other_questions_to_the_classifier(text):
    assert decided_intent(text) is None


def test_a_topic_said_not_to_be_asked_is_not_asked():
    text = "我没问坐牢 我问征信多久能恢复"
    assert topics_in(text) == ["credit_report"]
    assert negated_topics(text) == ["criminal"]
    assert guarded_intent(text, "ask_criminal_risk", 0.95) == "ask_credit_report"
    assert guarded_intent("不是问坐牢", "ask_criminal_risk", 0.95) == "vague_card_question"


@pytest.mark.parametrize("text, intent, expected", [
    ("不是网贷 是信用卡！", "out_of_scope", "vague_card_question"),
    ("借网贷还信用卡 利息怎么算", "out_of_scope", "ask_interest"),
    ("找朋友借钱还信用卡 会上征信吗", "nlu_fallback", "ask_credit_report"),
    ("花呗逾期了怎么办", "out_of_scope", None),
    ("网贷会起诉吗", "out_of_scope", None),
    ("会坐牢吗", "ask_criminal_risk", None),
])
def test_a_card_question_naming_another_debt_is_a_card_question(text, intent, expected):
    assert guarded_intent(text, intent, 0.9) == expected


def test_a_sure_classifier_keeps_its_topic_an_unsure_one_follows_the_words():
    text = "银行会不会把我送进去 征信会花吗"
    assert guarded_intent(text, "ask_criminal_risk", 0.95) is None
    assert guarded_intent(text, "ask_criminal_risk", 0.4) == "ask_credit_report"


def test_new_topics_are_found_in_compound_questions():
    assert topics_in("会不会坐牢 会不会被限制出境") == ["criminal", "exit_ban"]
    assert "exit_ban" not in topics_in("出国旅游信用卡能用吗")


# ---- issue 23 item 16: a full number typed into the chat ------------------------------------------------


def test_a_full_card_number_gets_a_one_line_warning_that_it_was_not_kept():
    from bot import facts as F
    from bot.channels.common import prepare_user_text

    prepared = prepare_user_text("记住我卡号 6222 0212 3456 7890 128")
    assert "6222 0212 3456 7890" not in prepared.text and prepared.notes == [F.labels()["number_not_kept"]]
    assert prepare_user_text("招行欠两万五 逾期45天").notes == []


def test_below_the_threshold_the_words_choose_among_the_best_guesses():
    from bot.nlu.topics import tie_break

    assert tie_break("会上征信吗？银行会起诉我吗？", ["ask_exit_ban", "ask_lawsuit", "greet"]) == "ask_lawsuit"
    assert tie_break("这个怎么办", ["ask_exit_ban", "ask_lawsuit"]) is None
    assert tie_break("会不会坐牢", ["ask_lawsuit", "ask_consequences", "ask_credit_report", "ask_criminal_risk"]) is None


def test_an_unsure_distress_on_hyperbole_answers_the_topic_but_a_signal_never_changes():
    assert guarded_intent("利息高得要死 能少一点吗", "express_distress", 0.39) == "ask_interest"
    assert guarded_intent("利息高得要死 能少一点吗", "express_distress", 0.9) is None
    assert guarded_intent("吓死了 真不想活了 利息多少", "express_distress", 0.3) is None
    assert guarded_intent("压力好大 利息多少", "express_distress", 0.4) is None  # no hyperbole: the classifier's call


def test_an_unsure_classifier_is_overridden_only_by_a_topic_it_considered():
    """care4: the words pick among the classifier's best guesses; a keyword merely mentioned does not win."""
    text = "银行会不会把我送进去 征信会花吗"
    assert guarded_intent(text, "ask_criminal_risk", 0.4,
                          ["ask_criminal_risk", "ask_credit_report", "ask_lawsuit"]) == "ask_credit_report"
    assert guarded_intent(text, "ask_criminal_risk", 0.4,
                          ["ask_criminal_risk", "ask_lawsuit", "ask_consequences", "greet", "ask_credit_report"]) is None
    # 「征信不好会影响子女考公吗」: about the children, the classifier's ask_for_relative stays
    assert guarded_intent("征信不好会影响子女考公吗", "ask_for_relative", 0.45,
                          ["ask_for_relative", "ask_consequences", "ask_lawsuit"]) is None


@pytest.mark.parametrize("text, intent, ranking", [
    # persona-style messages that mention a topic's word in a statement and ask another
    ("银行说违约金不能免 那我还能协商吗", "ask_negotiate_plan", ["ask_negotiate_plan", "ask_penalty_fee", "ask_bank_call_script"]),
    ("催收说要起诉我 我现在该怎么跟银行协商", "ask_negotiate_plan", ["ask_negotiate_plan", "ask_lawsuit", "ask_bank_call_script"]),
])
def test_a_word_mentioned_in_a_statement_does_not_override_the_classifier(text, intent, ranking):
    assert guarded_intent(text, intent, 0.45, ranking) is None
    assert guarded_intent(text, intent, 0.45) is None
