"""care9: whose crisis a message speaks of (persona trial I2 of trials-s6: a father whose daughter said 不想活 and cannot
be reached was answered as if he were at risk), words quoted, a height named, the password-leak topic (J4)."""
from __future__ import annotations

import pytest

from bot.nlu.distress import (
    about_other_crisis,
    asks_police,
    called_police,
    gender_of,
    height_mentioned,
    person_named,
    safe_now,
    whose_signal,
)


@pytest.mark.parametrize("text", [
    "她上个月给我打电话说不想活了 说什么一了百了 我很担心她",  # I2 #4
    "不是我 是我女儿说的不想活 她现在手机关机 联系不上 我该怎么办",  # I2 #5
    "我不会想不开 是我女儿！她一个人在杭州 我在老家 联系不上她 怎么办",  # I2 #6
    "她说过不想活了 现在联系不上 我要不要报警 杭州那边",  # I2 #7
    "你没听懂 有危险的是我女儿 不是我 我现在该做什么",  # I2 #8
    "我儿子发微信说活着没意思 想自杀",
    "我老公说他想死",
    "我怕我女儿想不开",
    "我闺蜜昨晚打电话 说活不下去了",
])
def test_another_persons_crisis_is_theirs(text):
    assert whose_signal(text) == "other"


@pytest.mark.parametrize("text", [
    "我不想活了", "催收逼得我不想活了", "催收逼我去死", "被催收逼得想死", "他们说我再不还就坐牢 我真的不想活了",
    "我女儿说不想活了 我也不想活了", "我妈走了我也不想活了", "我跟她说我不想活了", "活不下去了 她也不管我",
    "她走了以后我就不想活了",
])
def test_the_persons_own_signal_stays_their_own(text):
    assert whose_signal(text) == "self"


@pytest.mark.parametrize("text", [
    "催收说让我去死",
    "他们说我再不还就让我去死 帮我写投诉",
    # I2 #11: a line of the complaint named, to be left out: about the document, not a new crisis
    "你写错了 他们没打我 是一直打我电话 还有我女儿说不想活那句不要写进去 这是隐私",
])
def test_words_quoted_are_nobodys_crisis(text):
    assert whose_signal(text) == "quote"


@pytest.mark.parametrize("text", [
    "她打不通 关机了 所以一直打我 说我是紧急联系人",  # I2 #2: a collection question, no crisis
    "不是我欠的 是我女儿欠的", "我女儿信用卡逾期了 催收天天打我电话 这个合法吗", "我妈住院了 信用卡还不上",
])
def test_no_crisis_no_owner(text):
    assert whose_signal(text) is None


def test_the_person_named_prefers_the_relative_to_a_pronoun():
    assert person_named("我老公说他想死") == "老公"
    assert person_named("你没听懂 有危险的是我女儿 不是我") == "女儿"
    assert person_named("她说过不想活了") == "她"
    assert gender_of("女儿") == "she" and gender_of("儿子") == "he" and gender_of("朋友") is None


def test_what_the_person_says_of_it():
    assert asks_police("她说过不想活了 现在联系不上 我要不要报警 杭州那边")
    assert not called_police("我要不要报警")
    assert called_police("我刚给杭州110打了 他们说去看看")
    assert called_police("已经报警了")
    assert safe_now("联系上了 她没事") and safe_now("找到她了 人平安") and not safe_now("还是联系不上")
    assert about_other_crisis("我现在该做什么") and about_other_crisis("你没听懂 不是我")
    assert not about_other_crisis("那我女儿会被起诉吗")


@pytest.mark.parametrize("text, height", [
    ("我站在楼顶上", True), ("刚才差点从阳台跳下去", True), ("想跳楼", True), ("在桥上", True),
    ("我不想活了", False), ("活着好累", False), ("银行窗口排队", False),
])
def test_a_height_only_when_named(text, height):
    assert height_mentioned(text) is height


@pytest.mark.parametrize("text", [
    "我问的是密码 手机银行密码给他们了 要不要改 会不会把我卡里钱转走",  # J4 #3
    "手机银行密码泄露了怎么办",  # J4 #4
    "我找了个债务优化公司 交了3800服务费 他们说能帮我停息挂账 还让我把手机银行密码给他们了",  # J4 #1
    "银行卡密码给了他们 咋办啊 卡里还有工资",
    "密码给他们了怎么办啊 他们现在不回我消息了 钱能要回来吗",  # J4 #2
])
def test_a_password_in_other_hands_decides_the_password_topic(text):
    from bot.nlu.topics import decided_intent

    assert decided_intent(text) == "ask_password_leak"


@pytest.mark.parametrize("text", ["征信查询密码忘了怎么办", "他们手里有我的身份证照片跟卡密码 会不会拿去乱用 我要报警吗",
                                  "交了3000给债务优化公司 现在联系不上了"])
def test_other_password_words_are_not_the_leak(text):
    from bot.nlu.topics import decided_intent

    assert decided_intent(text) != "ask_password_leak"


def test_the_password_answer_goes_in_order_and_claims_no_law():
    import yaml

    from tests.actions.conftest import ROOT

    text = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]["utter_password_leak"][0]["text"]
    order = [text.index(w) for w in ("改掉密码", "不要点对方发来的链接", "卡背面的官方客服电话", "冻结", "交易记录", "110", "留好")]
    assert order == sorted(order), text
    assert "法" not in text and "条" not in text.replace("条件", ""), text


def _classified(text: str, ranking: list[tuple[str, float]]):
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
    from rasa.shared.nlu.training_data.message import Message

    message = Message.build(text=text)
    intents = [{"name": n, "confidence": c} for n, c in ranking]
    message.set(INTENT, intents[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, intents, add_to_output=True)
    return message


def test_the_guard_marks_another_persons_crisis_and_answers_it_first():
    from bot.nlu.components import DistressGuard

    guard = DistressGuard.create({}, None, None, None)
    message = _classified("我不会想不开 是我女儿！她一个人在杭州 我在老家 联系不上她 怎么办", [("ask_negotiate_plan", 0.6)])
    guard.process([message])
    out = message.as_dict_nlu()
    assert out["intent"]["name"] == "express_distress"
    assert out["crisis_of"] == "other" and out["crisis_person"] == "女儿"


def test_the_guard_gives_a_quoted_line_back_to_the_classifier():
    from bot.nlu.components import DistressGuard

    guard = DistressGuard.create({}, None, None, None)
    message = _classified("催收说让我去死 帮我写投诉", [("express_distress", 0.5), ("request_collection_complaint", 0.4)])
    guard.process([message])
    out = message.as_dict_nlu()
    assert out["intent"]["name"] == "request_collection_complaint" and "crisis_of" not in out
    own = _classified("我真的不想活了", [("ask_interest", 0.5)])
    guard.process([own])
    assert own.as_dict_nlu()["intent"]["name"] == "express_distress" and "crisis_of" not in own.as_dict_nlu()
