"""care6 (issues 19 and 23, persona trials 2026-12-07 C2, C3, C5, D1, D2): the routing of complaint edits, a
worried body that is no crisis signal, and the answers the trials found missing (bot/answers.yml)."""
from __future__ import annotations

import pytest

from bot import facts as F
from bot.nlu import distress
from bot.nlu.reading import requests
from bot.nlu.topics import guarded_intent


@pytest.mark.parametrize("text", [
    "不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉",
    "你怎么还写七八个 是四五个啊 七八个那条删掉",
    "投诉书写错了 催收一天打四五个电话",
    "昨天那个人还说要上门来找我 说不还就让我儿子坐牢 这个也写进去",
    "那你把投诉书重新给我一份 加上说要让我儿子坐牢那句",
    "那个投诉书里能不能加上短信这个事",
    "不对 我没说他们真上门了 那是我问你的 短信说通知物业和亲戚那个才要加",
    "等下 其实他们没真的打到我单位 只是说要打 把那句删了吧",
])
def test_complaint_edits_are_read_as_complaint_edits(text):
    assert requests(text).complaint_edit


@pytest.mark.parametrize("text", ["我还摔车了 这个也写进去", "利息加上违约金一共多少", "帮我改一下还款计划"])
def test_other_additions_are_no_complaint_edit(text):
    assert not requests(text).complaint_edit


NIGHT = "晚上十一点打电话合法吗 一天打七八个 我心脏不好都睡不着觉"


def test_a_worried_body_asking_about_the_calls_is_no_crisis_signal():
    assert distress.matches(NIGHT) is None and distress.health_worry_only(NIGHT)
    assert guarded_intent(NIGHT, "express_distress", 0.6) == "ask_collection_harassment"
    assert F.match(NIGHT, "ask_collection_harassment").id == "calls_health"
    short = F.by_id("calls_health").short
    assert "身体要紧" in short and "22:00至次日8:00" in short and "6次" in short


@pytest.mark.parametrize("text", [
    "心脏不好 不想活了 催收打电话合法吗",          # an explicit signal
    "睡不着 撑不下去了 催收天天打电话合法吗",      # low mood
    "欠钱睡不着 好累 会坐牢吗",
    "我心脏不好 今晚就去江边 催收打电话合法吗",    # a plan with a time and a place
])
def test_real_signals_next_to_a_worried_body_stay_distress(text):
    assert not distress.health_worry_only(text)
    assert guarded_intent(text, "express_distress", 0.6) in (None, "express_distress")


@pytest.mark.parametrize("text, intent, answer, words", [
    ("银行打过好几次电话 还寄过信 我都没敢接", "ask_collection_harassment", "not_answer_calls",
     ("正常的催收", "回过去", "没有逃避催收的意思")),
    ("对了 我花呗也欠了两千 这个一起能算吗", "out_of_scope", "other_debt_mention", ("不是银行信用卡", "信用卡这边")),
    ("那要是他们真上门了 我能不开门吗 能报警吗", "ask_collection_harassment", "door_refuse",
     ("可以不开门", "未经您同意不得进入住所", "110")),
    ("中介现在天天打电话骂我 说不给钱就把我欠钱的事发到朋友圈曝光 咋整", "ask_collection_harassment",
     "agency_extortion", ("这是威胁", "先报警110")),
    ("他们手里有我的身份证照片跟卡密码 会不会拿去乱用 我要报警吗", "ask_complaint_channel", "agency_id_misuse",
     ("报警110", "挂失", "改密码", "征信报告")),
    ("他们拿我身份证照片会不会去网贷借钱啊 我该咋个办", "out_of_scope", "agency_id_misuse", ("报警110",)),
    ("好 我去报警 报警要带啥子材料", "ask_complaint_channel", "police_materials", ("转账记录", "合同", "聊天记录")),
])
def test_the_answers_the_trials_found_missing(text, intent, answer, words):
    found = F.match(text, intent)
    assert found is not None and found.id == answer, (text, found and found.id)
    for word in words:
        assert word in found.short, (word, found.short)



# ---- the hardship reason at the form's question (persona trial C1 #7–10) and a confirmation (C4 #10) ----------


def test_a_reason_that_names_figures_is_kept_as_said():
    from bot.case import Case
    from bot.nlu.case_update import update_case

    said = "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月"
    result = update_case(Case(), said, requested_slot="hardship_reason")
    assert result.case.situation.hardship_reason == said


@pytest.mark.parametrize("text", ["行 那就确认 生成申请书", "确认", "好的 确认"])
def test_a_confirmation_is_no_reason_and_is_read_as_one(text):
    from bot.case import Case
    from bot.nlu.case_update import update_case

    assert update_case(Case(), text, requested_slot="hardship_reason").case.situation.hardship_reason is None
    assert requests(text).confirm


@pytest.mark.parametrize("text", ["确认一下利息多少", "确定要还吗", "老人住院花了很多钱"])
def test_questions_and_reasons_are_no_confirmation(text):
    assert not requests(text).confirm
