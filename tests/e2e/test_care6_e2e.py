"""care6 over REST against a real `rasa run` + action server (persona trials 2026-12-07, trials-s3): complaint edits
read back from the complaint text, a worried body that is no crisis signal, the answers the trials found missing,
the hardship reason and a typed confirmation."""
from __future__ import annotations

import uuid

import pytest


def sender() -> str:
    return f"e2e-care6-{uuid.uuid4().hex[:10]}"


def complaint_of(reply: str) -> str:
    """The complaint's own text in a reply (from its title to the signature)."""
    start = reply.find("关于")
    assert start >= 0, reply
    return reply[start:reply.find("投诉人（签名）")]


def complaint_now(bot, s: str) -> str:
    """The complaint as written last: over REST a summary and 「查看全文」 (truth3), the text when pressed."""
    return complaint_of(bot.texts(s, '/request_collection_complaint{"plan_option":"letter"}'))


C2 = ["你好我儿子信用卡逾期了 催收天天打我电话 晚上十一点多还在打", "我不是持卡人啊 他们凭什么打给我",
      "晚上十一点打电话合法吗 一天打七八个 我心脏不好都睡不着觉"]


def test_night_calls_that_keep_a_mother_awake_get_the_rules_not_the_crisis_script(live_bot):
    s = sender()
    for line in C2[:2]:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, C2[2])
    assert "12356" not in reply and "身体要紧" in reply, reply
    assert "22:00至次日8:00" in reply and "6次" in reply


@pytest.mark.parametrize("correction", [
    "不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉",
    "你怎么还写七八个 是四五个啊 七八个那条删掉",
    "投诉书写错了 催收一天打四五个电话",
])
def test_a_corrected_count_replaces_the_old_one_in_the_complaint(live_bot, correction):
    s = sender()
    for line in C2:
        live_bot.texts(s, line)
    live_bot.texts(s, "能不能帮我写个投诉 让他们别打了")
    first = complaint_now(live_bot, s)
    # no 未接通 said: 7–8 calls a day are checked, not the unanswered-calls breach (complaint3)
    assert "催收人员频繁来电（“一天打七八个”）" in first and "一天之内反复呼叫" not in first
    assert "我是贵行信用卡持卡人" not in first and "持卡人是我的儿子" in first  # her own voice (item 5)
    reply = live_bot.texts(s, correction)
    text = complaint_now(live_bot, s)
    assert "七八个" not in text and "一天之内反复呼叫" not in text, text
    assert "催收人员频繁来电（“一天打四五个”）" in text
    assert "不在我能回答的范围" not in reply
    assert reply.startswith("投诉书已改：") or reply.startswith("投诉书里已经是这样写的"), reply[:80]


def test_an_added_threat_is_quoted_and_the_instruction_never_is(live_bot):
    s = sender()
    for line in C2:
        live_bot.texts(s, line)
    live_bot.texts(s, "能不能帮我写个投诉 让他们别打了")
    reply = live_bot.texts(s, "昨天那个人还说要上门来找我 说不还就让我儿子坐牢 这个也写进去")
    assert reply.startswith("投诉书已改：加上“催收人员拿我的儿子威胁、恐吓我”一条"), reply[:120]  # said to her (complaint10)
    text = complaint_now(live_bot, s)
    assert "催收人员拿我的儿子威胁、恐吓我（“说不还就让我儿子坐牢”）" in text and "写进去" not in text
    live_bot.texts(s, "那你把投诉书重新给我一份 加上说要让我儿子坐牢那句")
    again = complaint_now(live_bot, s)
    assert "加上" not in again and "那句" not in again and "他们凭什么打给我" not in again


D1 = ["我老婆的中信卡逾期了 我要替她还吗", "催收打电话说要上门来家里 还说要告诉我单位 这个合法不",
      "那钱是她自己买东西花的 不是家里用 我能投诉吗 帮我写个投诉"]


def test_the_husband_deletes_a_line_asks_about_the_door_and_adds_the_sms(live_bot):
    s = sender()
    for line in D1:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "等下 其实他们没真的打到我单位 只是说要打 把那句删了吧")
    assert reply.startswith("投诉书已改：删去“催收人员扬言要把欠款的事告诉他人”一条"), reply[:80]
    assert "告诉我单位" not in complaint_now(live_bot, s)
    door = live_bot.texts(s, "好 这次对了 那要是他们真上门了 我能不开门吗 能报警吗")
    assert "可以不开门" in door and "110" in door and "只能向您本人" not in door, door
    live_bot.texts(s, "催收还发短信说 再不还就通知我们小区物业和亲戚 这个犯法不 能报警吗")
    reply = live_bot.texts(s, "那个投诉书里能不能加上短信这个事")
    text = complaint_now(live_bot, s)
    assert "真上门" not in text and "那要是" not in text  # his own question never enters
    assert "催收人员扬言要把欠款的事告诉他人（“再不还就通知我们小区物业和亲戚”）" in text
    assert reply.startswith("投诉书已改：加上"), reply[:80]


@pytest.mark.parametrize("lines, words, absent", [
    (["我开小店的 疫情后生意一直不好 广发卡欠了8万 逾期一百多天了", "银行打过好几次电话 还寄过信 我都没敢接"],
     ("正常的催收", "回过去", "没有逃避催收的意思"), ("不宜超过6次", "可能被看作逃避催收")),
    (["我在厂里上班 工行信用卡欠了3万 已经逾期60天了", "对了 我花呗也欠了两千 这个一起能算吗"],
     ("不是银行信用卡", "信用卡这边"), ("没能理解",)),
    (["我之前找了个停息挂账的中介交了3000块 啥子都没办成",
      "中介现在天天打电话骂我 说不给钱就把我欠钱的事发到朋友圈曝光 咋整"], ("这是威胁", "先报警110"), ("先向银行投诉", "敲诈勒索")),
    (["我之前找了个停息挂账的中介交了3000块 啥子都没办成",
      "他们手里有我的身份证照片跟卡密码 会不会拿去乱用 我要报警吗"], ("报警110", "挂失", "改密码"), ("您是想问",)),
    (["我之前找了个停息挂账的中介交了3000块 啥子都没办成", "好 我去报警 报警要带啥子材料"],
     ("转账记录", "合同", "聊天记录"), ("投诉按这个顺序",)),
])
def test_the_answers_the_trials_found_missing(live_bot, lines, words, absent):
    s = sender()
    for line in lines[:-1]:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, lines[-1])
    for word in words:
        assert word in reply, (word, reply)
    for word in absent:
        assert word not in reply, (word, reply)


# the interest question in between opens the days form (no days said): the typed confirmation still drafts the letter
# and ends that form (actions/plan.py), and the summary's digest is letters only, which the store never masks (fix4)
def test_a_reason_with_figures_is_taken_once_and_a_typed_confirmation_drafts_the_letter(live_bot):
    s = sender()
    live_bot.texts(s, "帮我做个还款计划")
    live_bot.texts(s, "招行欠3万2")
    live_bot.texts(s, "月收入3500")
    live_bot.texts(s, "每月必要开支2700")
    asked = live_bot.texts(s, "每月最多能还800")
    assert "原因" in asked
    summary = live_bot.texts(s, "平台单量少了好多 收入降了一大半 还摔了一次车休息了半个月")
    assert "请用一两句话说明还款困难的原因" not in summary and summary.count("还不上的原因") == 0, summary
    assert "摔了一次车" in summary and "生成申请书前请核对" in summary
    live_bot.texts(s, "那我这样每天要多出来多少利息啊")
    messages = live_bot.say(s, "行 那就确认 生成申请书")
    texts = "\n".join(m.get("text", "") for m in messages)
    assert "您是想问" not in texts and any("custom" in m for m in messages), texts
    assert "下载申请书" in texts
    assert "已经逾期多久了" not in texts and "已更新" not in texts, texts
