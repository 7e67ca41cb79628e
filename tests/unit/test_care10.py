"""care10: everyday strain is no crisis signal (widget trial UI s7 #8, A10 and B6: 「压力好大天天睡不着」 and 「丢人死了」 got
「请马上拨打…110或120」), a mild remark taken back is no 情绪危机 flag, the letter asked for again after a check-in."""
from __future__ import annotations

import pytest

from bot.nlu.distress import everyday_strain, matches, mild, says_ok, signal_in, strain_kind
from bot.nlu.reading import requests

# near-misses: stress, sleeplessness, shame, …死了 as an intensifier — one kind line, then what was asked
NEAR_MISSES = [
    "压力好大天天睡不着",  # A10
    "厂里效益不好工资降了 还要养娃 压力好大天天睡不着",  # A10 in full (the hardship reason)
    "唉 丢人死了 老婆天天跟我吵",  # B6
    "丢人死了", "烦死了", "急死了 利息怎么算", "吓死了 催收说要起诉", "愁死了", "气死了 天天打电话",
    "最近压力很大 老失眠", "丢脸死了 同事都知道了", "我压力很大", "心烦 睡不好",
]
# real signals, DOMAIN §7 and the indirect ones of care8: the crisis answer exactly as before, also beside strain words
REAL = [
    "不想活了", "活不下去了", "一了百了", "想死", "死了算了", "想跳楼", "压力好大 不想活了", "丢人死了 死了算了",
    "睡不着 想死", "吓死了 真不想活了", "压力好大 一了百了", "烦死了 活着没意思", "丢人死了 我就是个累赘",
    "压力好大天天睡不着 反正我也撑不了多久了", "睡不着 药都攒好了", "丢人死了 我死了债是不是就不用还了",
]
# not a signal by rule, but not everyday strain either: the classifier's crisis answer stays (conservative)
STILL_CRISIS = ["压力好大 撑不下去了", "睡不着 好绝望", "丢人死了 心里好乱", "压力好大 无所谓了 随便吧", "睡不着 想哭",
                "压力好大 崩溃了", "12356打了没人接 睡不着"]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_everyday_strain_is_no_signal(text):
    assert everyday_strain(text), text
    assert not signal_in(text), text


@pytest.mark.parametrize("text", REAL)
def test_a_real_signal_stays_one_beside_strain_words(text):
    assert signal_in(text), text
    assert not everyday_strain(text), text


@pytest.mark.parametrize("text", STILL_CRISIS)
def test_hopelessness_turmoil_or_giving_up_beside_strain_is_not_downgraded(text):
    assert not everyday_strain(text), text


def test_the_shame_intensifier_is_cut_out_as_hyperbole():
    # 「丢人死了」: its 死 is no 人死…债 nor 想死
    assert matches("丢人死了 债怎么办") is None and matches("丢人死了") is None
    assert strain_kind("唉 丢人死了 老婆天天跟我吵") == "shame" and strain_kind("压力好大天天睡不着") == "stress"


def _classified(text: str, ranking: list[tuple[str, float]]):
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import DistressGuard

    message = Message(data={"text": text, "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
                            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]})
    DistressGuard().process([message])
    return message


@pytest.mark.parametrize("text, intent", [
    ("压力好大天天睡不着", "inform"),  # a form's free-text answer: the plan form takes it as the reason
    ("唉 丢人死了 老婆天天跟我吵", "inform"),
    ("急死了 利息怎么算", "ask_interest"),  # the question asked
])
def test_the_guard_takes_the_classifiers_crisis_off_everyday_strain(text, intent):
    message = _classified(text, [("express_distress", 0.9), ("ask_consequences", 0.05)])
    assert message.get("intent")["name"] == intent
    assert message.get("distress_strain") in ("stress", "shame")


@pytest.mark.parametrize("text", ["压力好大 不想活了", "压力好大 撑不下去了", "睡不着 想哭"])
def test_the_guard_keeps_the_crisis_beside_strain(text):
    message = _classified(text, [("express_distress", 0.9), ("inform", 0.05)])
    assert message.get("intent")["name"] == "express_distress"
    assert not message.get("distress_strain")


@pytest.mark.parametrize("text, ok", [
    ("没那么严重 就是烦 继续吧", True), ("我没事", True), ("没事了 刚才就是心烦", True),
    ("说说而已", False),  # right after a signal it counts as one (DOMAIN §7): never a way to clear the flag
    ("我没事 就是不想活了", False), ("继续", False),
])
def test_saying_one_is_all_right(text, ok):
    assert says_ok(text) is ok


@pytest.mark.parametrize("text, is_mild", [
    ("我心情很差", True), ("唉 好难过", True), ("我快疯了", True),
    ("我抑郁了", False), ("感觉好无助", False), ("我心态崩了", False),
    ("不想活了", False), ("撑不下去了", False), ("心里好乱", False), ("无所谓了", False), ("12356打了没人接", False),
])
def test_a_mild_remark(text, is_mild):
    assert mild(text) is is_mild


@pytest.mark.parametrize("text, asks", [
    ("我没事了 刚才情绪不好 那个申请书还能写吗", True), ("那个申请书还能写吗", True), ("现在还能写申请书吗", True),
    ("申请书银行真的会认吗", False), ("申请书怎么写", False), ("投诉书还能写吗", False),
])
def test_asking_whether_the_letter_can_still_be_written_asks_for_it(text, asks):
    assert requests(text).plan_write is asks
