"""Specific answers over REST (issue 12): the trained model classifies, the action picks the answer from
bot/answers.yml; 「详细说明」 (button and typed), no block twice, and the corrections as a cardholder sees them."""
from __future__ import annotations

import json
import uuid

import pytest

from bot import facts as F

# the advice questions of issue 12, each with the answer it must get
ADVICE = [
    ("收到法院传票怎么知道是不是真的", "summons_check"),
    ("信用卡逾期会影响孩子上学吗", "children_school"),
    ("催收一天打几次电话算违规", "calls_per_day"),
    ("电话里和银行谈好的分期算数吗", "oral_agreement"),
    ("不接银行的催收电话会怎么样", "not_answer_calls"),
    ("反催收服务靠谱吗", "anti_collection"),
    ("征信修复是真的吗", "credit_repair_real"),
    ("签了分期协议银行还在催收怎么办", "still_collecting"),
    ("如果我全部还清了还会被起诉吗", "leniency_repay"),
    ("12363是干什么的", "channel_12363"),
]


def sender() -> str:
    return f"e2e-answers-{uuid.uuid4().hex[:10]}"


def first_text(messages: list[dict]) -> str:
    return messages[0].get("text", "") if messages else ""


@pytest.mark.parametrize(("question", "answer_id"), ADVICE)
def test_each_advice_question_gets_its_own_short_sourced_answer(live_bot, question, answer_id):
    messages = live_bot.say(sender(), question)
    expected = F.first_bubble(F.by_id(answer_id))
    assert first_text(messages) == expected, (question, messages)
    assert len(expected) <= F.FIRST_BUBBLE_MAX
    payloads = [b["payload"] for b in messages[0].get("buttons") or []]
    assert "/ask_details" + json.dumps({"answer_id": answer_id}, ensure_ascii=False) in payloads


def test_most_catalogue_examples_reach_their_answer_through_the_model(live_bot):
    examples = [(e, a) for a in F.answers() for e in a.examples]
    reached = [e for e, a in examples if first_text(live_bot.say(sender(), e)) == F.first_bubble(a)]
    rate = len(reached) / len(examples)
    print(f"specific answers reached over REST: {len(reached)}/{len(examples)} = {rate:.3f}")
    assert rate >= 0.9, sorted(set(e for e, _ in examples) - set(reached))


def test_details_by_button_and_by_typing_then_no_block_twice(live_bot):
    s = sender()
    live_bot.say(s, "收到法院传票怎么知道是不是真的")
    by_button = live_bot.texts(s, '/ask_details{"answer_id": "summons_check"}')
    assert by_button.startswith("详细说明：") and F.text("summons_check") in by_button
    typed = live_bot.texts(s, "详细说明")
    assert F.text("summons_check") in typed  # the last answer
    again = first_text(live_bot.say(s, "收到法院传票怎么辨别真假"))
    assert again.startswith("上面已经说过：") and len(again) < 80, again


def test_unknown_days_are_cannot_be_judged_over_rest(live_bot):
    reply = live_bot.texts(sender(), "欠6万会坐牢吗")
    assert "无法判断" in reply and "至少有一项法定条件" not in reply and "✘" not in reply
    assert "就不符合" not in reply


def test_a_compound_plain_question_answers_both_topics(live_bot):
    messages = live_bot.say(sender(), "会上征信吗？银行会起诉我吗？")
    text = "\n".join(m.get("text", "") for m in messages)
    # both topics, each in its own bubble (which comes first follows the intent the model ranks first)
    assert len(messages) >= 2 and "征信" in text and "起诉" in text
    assert any(m.get("text", "").startswith("征信") for m in messages[1:]) or "征信" in first_text(messages)


def test_interest_bubble_shows_the_basis_button(live_bot):
    s = sender()
    messages = live_bot.say(s, "招行欠了两万五，逾期45天，利息多少")
    buttons = [b["title"] for m in messages for b in m.get("buttons") or []]
    assert "详细" in buttons  # the assumptions and their 「计算依据」 button behind 「详细」 (care4)
    held = live_bot.say(s, "详细")
    assert "计算依据" in [b["title"] for m in held for b in m.get("buttons") or []]
    basis = live_bot.texts(s, '/ask_details{"answer_id": "figure_basis"}')
    assert basis.startswith("计算依据：") and "万分之五" in basis and "复利" in basis


# ---- issue 23, items 5–10, as a cardholder sees them over REST ------------------------------------------

@pytest.mark.parametrize(("question", "must", "never"), [
    ("逾期会被限制高消费吗", ["G字头高铁（任何座位）", "生效法律文书"], ["一等座"]),
    ("我2023年有一笔3000块的逾期，去年已经还清了，现在还显示吗", ["400客服热线", "30日内"], ["提异议"]),
    ("催收说明天上门怎么办", ["本身不违规", "堵门"], ["以上门、堵门相威胁属于违规"]),
    ("催收说要把我的案子移交公安是真的吗", ["可以依法报案", "谣言"], ["催收这么说属于违规"]),
])
def test_corrected_facts_over_rest(live_bot, question, must, never):
    reply = first_text(live_bot.say(sender(), question))
    for words in must:
        assert words in reply, (question, reply)
    for words in never:
        assert words not in reply, (question, reply)


def test_a_bank_without_grace_says_it_has_none_over_rest(live_bot):
    reply = live_bot.texts(sender(), "工商银行有宽限期吗")
    assert "工商银行：通常没有容时期" in reply and "0天内" not in reply


def test_a_six_year_projection_is_sane_and_shows_its_annualised_cost_over_rest(live_bot):
    s = sender()
    reply = live_bot.texts(s, "招行欠了8000，逾期6年了，利息和违约金一共多少")
    assert "违约金约 932.85 元" in reply and "315,513" not in reply, reply
    assert "折合年化约" in reply and "请求法院调减" in reply  # beside the total, in the first bubble
    assert "违约金只估算到逾期约180天" in live_bot.texts(s, "详细")  # the estimate's limit on request (care4)
