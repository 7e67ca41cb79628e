"""Time and per-card days of the persona trials s9 of 2026-12-08 (N1, N4, N5), over REST against a real `rasa run` and
action server, in the persons' own words. On main 26f3109: 「还有3天就到还款日了」 was stored as 逾期3天 and 「我没逾期啊 是还有3天
才到期 你记错了」 got the 没能理解 menu; 「我问的是晚5天」 was stored as 逾期5天; 「已经逾期的卡，一般办不了账单分期」 came four times,
once right after 「已改：逾期天数 5天 → 0天」; 「浦发逾期2个月 广发下周到期 … 广发就不逾期了吧」 got 503 characters telling her
「您已经逾期60天」, twice; 「招行不是三万 我看了下账单是35800 …」 kept 30,000."""
from __future__ import annotations

import uuid

from actions import texts as x
from tests.e2e.talk import case, cards

ZS, PF, GF = "招商银行", "浦发银行", "广发银行"
INSTALLMENT_OVERDUE = "已经逾期的卡，一般办不了账单分期"


def sender() -> str:
    return f"e2e-read13-{uuid.uuid4().hex[:10]}"


# N4: due on 12-11 (today 12-08), 招行 4,800, minimum 480, has 300; 账单分期; 「晚5天」 is a what-if

def test_n4_a_card_not_yet_due_stays_not_overdue(live_bot):
    s = sender()
    live_bot.texts(s, "还没逾期 还有3天就到还款日了 但我最低还款都凑不够 怎么办")
    live_bot.texts(s, "招行的 账单4800 最低480 我手上只有300 差180")
    reply = live_bot.texts(s, "不是 我是说我只能还300 最低要480 差180块")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert "逾期3天" not in reply, reply
    reply = live_bot.texts(s, "我没逾期啊 是还有3天才到期 你记错了")
    assert "没能理解" not in reply and "未逾期" in reply, reply
    reply = live_bot.texts(s, "你又说我逾期 我没逾期！！还款日是12月11号 我就是问如果我晚5天还会怎样")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert "5天后" in reply and "30天" not in reply, reply
    reply = live_bot.texts(s, "不是30天 我问的是晚5天 就5天 会不会上征信 要交多少违约金 我能先还300")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert "已改" not in reply and "逾期5天" not in reply, reply
    reply = live_bot.texts(s, "好 那等人工的时候再问一个 我要是这个月申请账单分期 还会算逾期吗 分期手续费招行是多少")
    assert INSTALLMENT_OVERDUE not in reply and x.INSTALLMENT_NOT_DUE.format(bank=ZS) in reply, reply
    assert "428.80" in reply and "345.60" in reply, reply
    reply = live_bot.texts(s, "我还款日12月11号 今天12月8号 没逾期 账单分期能办吗")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert INSTALLMENT_OVERDUE not in reply and x.INSTALLMENT_NOT_DUE.format(bank=ZS) in reply, reply


def test_n4_not_yet_due_corrects_days_stored_and_the_instalment_answer_follows(live_bot):
    s = sender()
    live_bot.texts(s, "招行的 账单4800 最低480 逾期3天")
    assert cards(live_bot, s) == [(ZS, "4800", 3)]
    reply = live_bot.texts(s, "我没逾期啊 是还有3天才到期 你记错了")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert "已改：逾期天数 3天 → 0天" in reply and "没能理解" not in reply, reply
    reply = live_bot.texts(s, "我说了我没逾期！！！晚5天是假如 假如懂吗 现在还没到还款日 能不能办账单分期")
    assert cards(live_bot, s) == [(ZS, "4800", 0)], reply
    assert INSTALLMENT_OVERDUE not in reply and x.INSTALLMENT_NOT_DUE.format(bank=ZS) in reply, reply


# N5 #12–#13: 浦发 28,000 two months overdue, 广发 10,000 due next week

N5_OPENING = ("工作丢了 信用卡也还不上 我真的撑不下去了", "嗯 谢谢 我没事 就是心里堵 信用卡逾期了会上门吗 我怕家里人知道",
              "我现在一个月房租2000 存款就剩5000 欠了浦发2万8 广发1万 先还哪个")


def test_n5_days_belong_to_their_card_and_the_yes_comes_first(live_bot):
    s = sender()
    for text in N5_OPENING:
        live_bot.texts(s, text)
    reply = live_bot.texts(s, "那换个问题 浦发那张逾期2个月了 广发的下周才到期 我先还广发最低还款可以吗 这样广发就不逾期了吧")
    assert cards(live_bot, s) == [(PF, "28000", 60), (GF, "10000", 0)], reply
    assert reply.startswith(x.MIN_YES_NOT_DUE.format(bank=GF)), reply
    assert "您已经逾期60天" not in reply and len(reply) < 300, reply
    reply = live_bot.texts(s, "广发没逾期啊 下周才到期 我说的是浦发逾期2个月 广发我按时还最低 广发就不会上征信吧")
    assert cards(live_bot, s) == [(PF, "28000", 60), (GF, "10000", 0)], reply
    assert reply.startswith(x.MIN_YES_NOT_DUE.format(bank=GF)) and "您已经逾期60天" not in reply, reply


def test_n5_the_correction_changes_the_state_and_the_answer(live_bot):
    s = sender()
    live_bot.texts(s, "欠了浦发2万8 广发1万 都逾期2个月了")
    assert cards(live_bot, s) == [(PF, "28000", 60), (GF, "10000", 60)]
    reply = live_bot.texts(s, "广发没逾期啊 下周才到期 我说的是浦发逾期2个月 广发我按时还最低 广发就不会上征信吧")
    assert cards(live_bot, s) == [(PF, "28000", 60), (GF, "10000", 0)], reply
    assert "广发银行逾期天数 60天 → 0天" in reply and x.MIN_YES_NOT_DUE.format(bank=GF) in reply, reply
    assert "您已经逾期60天" not in reply, reply


# N1 #3: the correction of one bank's amount inside a longer message, the first time

def test_n1_the_correction_inside_a_longer_message_is_applied_at_once(live_bot):
    s = sender()
    live_bot.texts(s, "你好 我有两张卡逾期了 招行和中信的 咋办啊")
    live_bot.texts(s, "不是 我想问怎么还 招行欠了三万多 中信那张一万二左右")
    assert [c[:2] for c in cards(live_bot, s)] == [(ZS, "30000"), ("中信银行", "12000")]
    reply = live_bot.texts(s, "等下 招行不是三万 我看了下账单是35800 中信12000对的 我开个小店 一个月能拿出来大概2500")
    assert [c[:2] for c in cards(live_bot, s)] == [(ZS, "35800"), ("中信银行", "12000")], reply
    assert "已改：招商银行欠款 30,000 → 35,800" in reply and "47,800" in reply, reply
    assert case(live_bot, s)["situation"].get("monthly_budget") == "2500", reply
