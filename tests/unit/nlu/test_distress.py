"""Self-harm phrases decide the intent (DOMAIN §7), hyperbole does not."""
from __future__ import annotations

import pytest
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components import DistressGuard
from bot.nlu.distress import matches

SELF_HARM = [
    "我刚才差点从阳台跳下去",
    "我在楼顶 不想下去了",
    "想从窗户跳出去",
    "不想活了",
    "不 想 活 了",
    "真想结束自己",
    "已经写好遗书了",
    "欠了十万 活不下去了",
    "被催收逼得想死",
    "催收逼我去死",
    "死了算了",
    "活着还有什么意思",
    "买了安眠药",
    "想自杀",
    "吓死了 真不想活了",  # hyperbole and a real signal: the signal counts
    "干脆一了百了",
    # DOMAIN §7's explicit list (issue 12: the guard missed these)
    "不想再活下去了",
    "欠了二十万 还不如一死了之",
    "不如一死",
    "我只能以死谢罪了",
    "想自我了断",
    "活腻了",
    "我早就活腻歪了",
    "没脸活了",
    "没脸再活下去",
    "想喝药",
    "准备喝药了",
    "家里有百草枯",
    "买了一瓶敌敌畏",
    "农药都买好了",
    "我吃了一整瓶药",
    "刚吞了一瓶安眠药",
    "想去跳楼",
    # hopelessness (the case) and other wishes
    "感觉活着好累 什么都做不好 现在还要多少钱",
    "活得好累",
    "生无可恋",
    "只有死路一条",
    "不想再醒来了",
    "想紫砂",
    # variants: traditional characters, full-width, spaces and filler marks, homophone typos, pinyin
    "不想活了吧",
    "我想自殺",
    "一死了之",
    "活膩了",
    "想喝藥",
    "不.想.活.了",
    "一 死 了 之",
    "自 我 了 断",
    "不想或了",
    "自刹",
    "百草哭",
    "活逆了",
    "buxianghuole",
    "wo xiang zisha",
    # a real signal next to idioms and hyperbole still counts
    "利息高得要死 我真的不想活了",
    "死活还不上 干脆一死了之",
    # indirect, said without 我 after a first signal (persona trial, issue 19 item 6)
    "人没了 债是不是就清了", "那人不在了 家里要还吗", "人死了 信用卡的债家人要还吗",
]
NOT_SELF_HARM = [
    # a relative's death or a third person is not the speaker's own signal
    "我妈去世了 她的信用卡要还吗", "持卡人死了债务谁还",
    "吓死我了 催收说要起诉",
    "烦死了 天天打电话",
    "累得要死还要还钱",
    "愁死了 利息多少",
    "信用分掉下去了怎么办",
    "我想了结这笔账 一次还清",
    "跳楼价清仓",
    "想死你了",
    "逾期会不会坐牢",
    "压力好大",  # stress without a self-harm phrase: left to the classifier
    "",
    # idioms and hyperbole about something else (DOMAIN §7 asks for signals about the user's own life)
    "利息高得要死",
    "违约金贵得要死 能减免吗",
    "死活不还会怎样",
    "我死活都会还的 只是要时间",
    "跟银行死磕到底",
    "催收死缠烂打怎么办",
    "死扛着不还会被起诉吗",
    "呆死账会不会上征信",
    "卡成死卡了",
    "催收的人都去死吧",
    "我不想或者说不能一次还清",
    "轻声跟客服说",
    "我寻思着先还一部分",
    "跳槽以后工资低了",
    "买了个紫砂壶",
    "今晚睡着就好了",
    "喝中药调理身体",
    "要死要活地催",
]


@pytest.mark.parametrize("text", SELF_HARM)
def test_self_harm_phrases_match(text: str) -> None:
    assert matches(text)


@pytest.mark.parametrize("text", NOT_SELF_HARM)
def test_hyperbole_and_other_senses_do_not_match(text: str) -> None:
    assert matches(text) is None


def test_registered_as_untrainable_intent_classifier() -> None:
    registered = DefaultV1Recipe._from_registry(DistressGuard.__name__)
    assert registered.clazz is DistressGuard
    assert registered.types == {DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER}
    assert registered.is_trainable is False


def _classified(text: str, name: str, confidence: float) -> Message:
    message = Message.build(text=text)
    intent = {"name": name, "confidence": confidence}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, {"name": "express_distress", "confidence": 0.2}], add_to_output=True)
    return message


def test_overrides_fallback_and_keeps_the_rest_of_the_ranking() -> None:
    guard = DistressGuard.create({}, None, None, None)
    message = _classified("我刚才差点从阳台跳下去", "nlu_fallback", 0.45)
    guard.process([message])
    assert message.get(INTENT) == {"name": "express_distress", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["express_distress", "nlu_fallback"]
    assert message.as_dict_nlu()["distress_signal"] == "从阳台跳下"


def test_overrides_a_debt_question_in_the_same_message() -> None:
    guard = DistressGuard.create({}, None, None, None)
    message = _classified("招行欠两万 不想活了 利息多少", "ask_interest", 0.98)
    guard.process([message])
    assert message.get(INTENT)["name"] == "express_distress"


def test_leaves_other_messages_alone() -> None:
    guard = DistressGuard.create({}, None, None, None)
    message = _classified("吓死我了 催收说要起诉", "ask_lawsuit", 0.9)
    guard.process([message, Message(data={"action_name": "action_listen"})])
    assert message.get(INTENT) == {"name": "ask_lawsuit", "confidence": 0.9}
    assert "distress_signal" not in message.as_dict_nlu()
    assert message.get(TEXT) == "吓死我了 催收说要起诉"


@pytest.mark.parametrize("text", ["说说而已", "随口一说", "随口说说的", "就是开玩笑的"])
def test_a_signal_taken_back_is_recognised(text):
    from bot.nlu.distress import TAKEN_BACK

    assert TAKEN_BACK.search(text)



@pytest.mark.parametrize("text", ["欠款要是人没了 是不是就不用还了 家里人要还吗",
                                  "我没事了 真的 就想知道人要是不在了 欠的债谁还 会不会找我爸妈",
                                  "算了 你也帮不了我 我就想知道人死了债是不是就清了",
                                  "行吧 那我问个别的 信用卡欠的钱 人走了以后家里要替还吗"])
def test_the_debt_after_ones_death_said_mid_sentence_is_a_signal(text):
    """care4: persona trial B2 re-run: 人 after a word, not only at the start (the text is read without spaces)."""
    assert matches(text)


@pytest.mark.parametrize("text", ["持卡人死了 信用卡谁还", "家人死了 信用卡债谁还", "老人走了以后家里要还债吗"])
def test_someone_elses_death_is_not_read_as_a_signal(text):
    assert matches(text) is None


# persona trial A4: a preface (「真没事 就是想问问」) must not switch the guard off; someone else's death is no signal
@pytest.mark.parametrize("text", ["真没事 就是想问问 人死了信用卡欠款家里人要还吗", "就是问问人没了债是不是就清了"])
def test_the_debt_after_death_behind_a_preface_is_a_signal(text):
    from bot.nlu.distress import about_debt_after_death

    assert matches(text) and about_debt_after_death(text)


@pytest.mark.parametrize("text", ["我老公人没了 他的信用卡我要还吗", "家里人死了信用卡谁还", "周末去江边烧烤 信用卡能刷吗",
                                  "明天去海边玩"])
def test_someone_elses_death_and_an_outing_are_no_signal(text):
    assert matches(text) is None


def test_a_time_and_a_place_is_a_plan_and_a_farewell_goes_with_it():
    from bot.nlu.distress import farewell, plan

    text = "唉 反正活着也是拖累家里 这周末就去江边走走 想清楚了就不麻烦大家了"
    assert matches(text) and plan(text) == "这周末就去江边" and farewell(text)
    assert plan("这周末去江边") and not farewell("这周末去江边")


@pytest.mark.parametrize("text", ["周六晚上我去滨江那个大桥上吹吹风 到时候就都不用还了", "星期天我去江边 以后就都不用还了"])
def test_a_place_with_the_debt_ending_is_a_signal(text):
    # persona trial D3 on the merged main: answered with the statute of limitations
    assert matches(text)


# probes C10 / X03 (7 Dec): means kept ready got the 「没能理解」 menu; DOMAIN §7: a plan with means is a signal
STOCKPILED = ["我把安眠药都攒起来了 攒了一个多月", "药都攒好了 够了", "攒了一个多月的药", "偷偷囤了几瓶农药",
              "绳子我都准备好了", "炭已经买好了", "我藏了一堆安眠药", "安眠药存了不少", "家里的药我都囤着呢"]


@pytest.mark.parametrize("text", STOCKPILED)
def test_means_kept_ready_are_a_signal_and_a_plan(text):
    from bot.nlu.distress import plan

    assert matches(text) and plan(text)


# probe C04 / X07: 「我人要是没了 这些债是不是就一笔勾销了」 got a goodbye; any phrasing of the debt after one's death
DEBT_AFTER_DEATH = ["我人要是没了 这些债是不是就一笔勾销了", "人死债消吗", "死了就不用还了吧",
                    "我要是走了 欠的钱是不是就一笔勾销", "如果我人不在了 卡债是不是就清零了",
                    "我这条命没了 债是不是就不用还了", "万一我死了 欠银行的是不是就两清了"]


@pytest.mark.parametrize("text", DEBT_AFTER_DEATH)
def test_the_debt_after_ones_death_in_any_phrasing_is_a_signal(text):
    from bot.nlu.distress import about_debt_after_death

    assert matches(text) and about_debt_after_death(text)


# buying medicine, saving money, someone else's death, a lost job: no signal
@pytest.mark.parametrize("text", ["药店买药能刷信用卡吗", "攒钱买药都不够", "攒了点钱想先还一张卡", "我妈住院 医药费都攒好了",
                                  "我死了都会还的", "持卡人死了 债一笔勾销吗", "我爸死了 他的卡债是不是一笔勾销了",
                                  "家人死了 不用还了吧", "没了收入 利息就不用还了吗", "药都买了 钱也没了",
                                  "老公走了以后他的债不用还了吧", "每月都要买药 花了两千", "我没了工作 信用卡还不上怎么办"])
def test_buying_medicine_saving_money_and_a_lost_job_are_no_signal(text):
    from bot.nlu.distress import about_debt_after_death

    assert matches(text) is None and not about_debt_after_death(text)


# persona trial E2: fear of a collector's visit is no self-harm signal (care7)
FEAR_NOT_SELF_HARM = [
    "他们要是真上门来了我咋办 我一个人在家害怕",
    "催收说明天上门 吓得我一晚上没睡",
    "我一个人在家 催收来敲门 好害怕",
    "怕他们堵门 我能报警吗",
    "12378打了没人接",
    "客服电话一直打不通",
]


@pytest.mark.parametrize("text", FEAR_NOT_SELF_HARM)
def test_fear_of_a_visit_and_an_unanswered_bank_line_are_no_signal(text: str) -> None:
    from bot.nlu.distress import crisis_line_unanswered

    assert matches(text) is None and crisis_line_unanswered(text) is None
