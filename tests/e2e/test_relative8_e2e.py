"""Persona trial s7 L5 over REST against a real `rasa run` + action server: a retired mother pays her daughter's 中信
card (23,000, about 60 days). Her own 征信 is answered in her position (never 「会上征信」 nor 「上面已经说过」 of it),
the interest question says that only paying everything stops it, the daughter's pay is kept off her figures, and the
letter (read back from the PDF) is the daughter's: no pension as 本人收入, no mother's words as the reason, the
family's help said as such; asked who signs: the cardholder, never 「您要承诺…」."""
from __future__ import annotations

import re
import uuid

import requests

from bot import facts as F
from tests.e2e.talk import pdf_text


def sender() -> str:
    return f"e2e-relative8-{uuid.uuid4().hex[:10]}"


def letter_pdf(messages: list[dict]) -> str:
    custom = next(m["custom"] for m in messages if "custom" in m)
    pdf = next(d for d in custom["documents"] if d["format"] == "pdf" and "letter-0" in d["url"])
    reply = requests.get(pdf["url"], timeout=30)
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "application/pdf"
    return pdf_text(reply.content)


OWN_CREDIT = F.by_id("relative_own_credit").short[:12]   # 一般不会记到您的征信上
WRONG_CREDIT = ("会上征信", "上面已经说过：会上征信", "逾期会在银行下次报送时记入征信")


THREE_THOUSAND = re.compile(r"(?<![\d,])3,000")  # the daughter's pay (never 23,000)


def never_her_record(reply: str) -> None:
    for words in WRONG_CREDIT:
        assert words not in reply, reply


def test_l5_her_own_credit_the_interest_her_figures_and_the_daughters_letter(live_bot):
    s = sender()
    # L5 #1–#3: her own report, three times
    first = live_bot.texts(s, "你好 我是退休职工 我闺女的信用卡欠了钱 卡是她的名字 我在帮她还 会不会影响我自己的征信啊")
    never_her_record(first)
    assert OWN_CREDIT in first, first
    again = live_bot.texts(s, "你是不是没明白 卡是我闺女名下的 不是我的 我的征信会不会受影响")
    never_her_record(again)
    assert "不会记到您的征信上" in again, again

    # L5 #4: how much stops the interest → all of it, with the figure
    interest = live_bot.texts(s, "我换个问法 我闺女那张卡是中信的 欠了两万三 逾期两个多月了 我得还多少才能不让利息再涨了")
    assert "23,000" in interest and "只有把欠款全部还清" in interest, interest
    never_her_record(interest)
    # L5 #5: the interest asked again beside her own report
    both = live_bot.texts(s, "就是说我一次还两万四千多 利息就不涨了？还有你还没回答我 我自己的征信受不受影响 卡是闺女的")
    never_her_record(both)
    assert "不会记到您的征信上" in both, both
    # L5 #7
    seventh = live_bot.texts(s, "我知道不用我还 是我自愿帮她还 就想问 她的逾期 会不会上我的征信 我以后还想办个老年卡贷款啥的")
    never_her_record(seventh)
    assert "您要承诺" not in seventh, seventh

    # L5 #9–#12: the letter's figures; the daughter's pay is not hers, 两千出头 settled at 2,200
    live_bot.texts(s, "那你帮我写个信给中信吧 说我是她妈 帮她还 一个月最多能拿两千 我退休金一个月四千二")
    live_bot.texts(s, "吃饭水电加上买药 一个月两千出头吧 就算两千二")
    summary = live_bot.texts(s, "闺女在外地打工 一个月挣三千来块 自己都不够花 我是她妈 替她还")
    assert not THREE_THOUSAND.search(summary) and "5,200" not in summary and "4,200.00元" in summary, summary
    assert "每月必要支出：2,200.00元" in summary, summary
    assert "持卡人（您女儿）的名义" in summary and "以您的名义写进申请书" not in summary, summary
    fixed = live_bot.texts(s, "不对 四千二是我的退休金 是收入 开销是两千二 三千是闺女挣的 不是我的 每月能还两千")
    assert "5,200" not in fixed and not THREE_THOUSAND.search(fixed), fixed

    messages = live_bot.say(s, "确认")
    reply = "\n".join(m.get("text") or "" for m in messages)
    assert "持卡人本人签字" in reply, reply
    letter = letter_pdf(messages)
    # L5 #15: written as if she held the card
    assert "4,200" not in letter and "2,200" not in letter and "本人目前每月收入" not in letter, letter
    assert "我是她妈" not in letter and "闺女" not in letter, letter
    assert "本人的家人自愿帮助本人还款，每月最多能拿出约2,000.00元" in letter, letter
    assert "每期还款1,916.67元" in letter, letter

    # L5 #16–#17: who signs
    signs = live_bot.texts(s, "这信上写的本人 是写我还是写我闺女 谁签字 我签行不行 我可不想以后办不了卡")
    assert "由持卡人本人签字" in signs and "您要承诺" not in signs and "上面已经说过" not in signs, signs
    who = live_bot.texts(s, "我问的是 这个申请是我闺女自己去办 还是我能替她办 信上写我的名字还是她的")
    assert "持卡人本人" in who and "没能理解" not in who, who


def test_a_cardholder_still_gets_the_cardholders_answers(live_bot):
    s = sender()
    own = live_bot.texts(s, "我信用卡逾期了 会不会上征信")
    assert "会上征信" in own and "不会记到您的征信上" not in own, own
    card = live_bot.texts(s, "办了个性化分期还能办新的信用卡吗")
    assert "您要承诺" in card, card
