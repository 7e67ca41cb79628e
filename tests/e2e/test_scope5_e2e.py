"""Persona trials s5 (2026-12-07, bench/records/2026-12-07/trials-s5, raw logs /tmp/trials-s5): card questions thrown out
as out of scope, questions with no answer, a question with a correction — over REST against a real `rasa run` and action
server, with the trial's own words."""
from __future__ import annotations

import uuid

OUT_OF_SCOPE = "不在我能回答的范围"
NOT_UNDERSTOOD = "没能理解"


def sender() -> str:
    return f"e2e-scope5-{uuid.uuid4().hex[:10]}"


def case(bot, s: str) -> dict:
    return bot.tracker(s)["slots"]["case"] or {"cards": [], "situation": {}}


# item 1 — H1#2: three card banks with amounts and a 网贷, no word 信用卡

def test_card_banks_with_amounts_and_a_net_loan_get_the_prison_answer_on_the_cards(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我想问下 我有三张信用卡还有个网贷都还不上了 做生意亏了")
    reply = live_bot.texts(s, "招行5万 建行3万 中信两万 还有个网贷4万 都快4个月没还了 会不会坐牢啊 我听人说欠多了是诈骗罪")
    assert OUT_OF_SCOPE not in reply, reply
    assert "3张卡的本金合计100,000.00元" in reply and "不是信用卡欠款" in reply, reply
    assert "冒充" not in reply, reply  # hearsay (「我听人说」), not a collector's threat
    cards = [(c.get("bank"), c.get("amount")) for c in case(live_bot, s)["cards"]]
    assert cards == [("招商银行", "50000"), ("建设银行", "30000"), ("中信银行", "20000")], cards


def test_a_net_loan_alone_stays_out_of_scope(live_bot):
    s = sender()
    assert OUT_OF_SCOPE in live_bot.texts(s, "网贷还不上了怎么办")


# item 2 — H2#1, H2#4, H2#11: the collectors and the school

def test_collectors_telling_the_school_is_answered_as_collection_conduct(live_bot):
    s = sender()
    reply = live_bot.texts(s, "救命 我收到一条短信说要上门还要通知我学校 我是学生 怎么办啊啊啊")
    assert OUT_OF_SCOPE not in reply and "不得透露欠款" in reply, reply
    live_bot.texts(s, "是信用卡啊 交通银行的 我第一张卡 额度8000刷满了 逾期一个多月了")
    reply = live_bot.texts(s, "那通知学校呢 他们能打给我辅导员吗")
    assert OUT_OF_SCOPE not in reply and "学校" in reply, reply
    reply = live_bot.texts(s, "他们真的会去学校吗 我要不要先自己跟辅导员说啊")
    assert NOT_UNDERSTOOD not in reply and "学校" in reply, reply
