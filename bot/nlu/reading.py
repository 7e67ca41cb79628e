"""One reading of each message (issue 19): `read_turn(text, case, today, context) -> Reading`.

Pure (no Rasa). Run once per user turn in the Rasa process by the case hook (actions/case_slots.py), which
stores the case (slot `case`) and this reading (slot `reading`, `Reading.to_slot()`); the actions, the forms
and the console read the slot instead of parsing the text again.

What a reading holds:

* the facts of the message with their role (owed, total, statement_balance, already_paid, income,
  essential_expenses, budget, overdue_days, periods, bank …), their bank, whose they are (user, spouse, child,
  parent), and whether they are hypothetical, corrected or negated (`bot.nlu.case_update`, which applies them);
* the case after the turn, and the **changes** of stored facts (a value the person had given that is now
  different, or a card now settled): the hook says each in one short line, with 「撤销」 as the way back;
* **unsure** facts: a reading the code cannot turn into a figure (「工资降了一半」 with no income known) is asked,
  never stored;
* the **what-if** (`bot.whatif.Scenario`): 「先还5000」 pays 5,000 now (no debt of 5,000); 「拖3个月」 and
  「拖到130天」 are delays from today's days (days now + 90; 130 − days now);
* the person's requests: yes/no, stop asking a question (「别问我收入了」 → ``monthly_income``), stop, a person
  (「能不能找个真人帮我弄」), undo (「撤销」), and the plan just made (「刚才的计划每月还多少」).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from bot import whatif
from bot.case import Case
from bot.nlu.case_update import CONFIRM_RE as _CONFIRM_RE
from bot.nlu import letter_edit
from bot.nlu.case_update import update_case
from bot.nlu.normalize import normalize

__all__ = ["Change", "Reading", "Requests", "TurnContext", "read_turn", "requests"]

READING_SLOT = "reading"
# the change of one expense item: ``expense_item:<label>`` (the labels of `bot.nlu.case_update._ITEM_LABELS`)
EXPENSE_ITEM = "expense_item:"

# ---- the person's requests -------------------------------------------------------------------------------
_STRIP_RE = re.compile(r"[\s，。！？!?,.~～…、]+")
_YES_RE = re.compile(r"^(?:是|是的|是啊|是呀|对|对的|对啊|嗯|嗯嗯|恩|没错|好|好的|好啊|可以|行|行吧|确认|yes|y|ok|okay)$")
_NO_RE = re.compile(r"^(?:不是|不对|不是的|没有|不用|不要|不用了|不行|不|否|no|n|nope)$")
# 「能不能找个真人帮我弄」, 「转人工」, 「我要跟客服说」: a person, at any point (never a 「是」)
_HANDOFF_RE = re.compile(
    r"真人|人工(?!资|作|费|成本|智能)|活人|真的人|客服人员|工作人员|坐席|转接|找个人(?!均)|找人帮|有人帮|跟人说|和人说|跟客服"
    r"|找客服|联系客服")
# 「你是真人吗」「这是人工还是机器」「你是不是人工智能」: who answers is asked (bot_challenge), no person asked for; cut
# before the handoff words are looked for, so that 「你是真人吗 我要找真人」 still asks for one (nlu6: out of fold, 9
# such questions of the training data went to request_human)
_BOT_IDENTITY_RE = re.compile(
    r"人工智能|(?:真人|人工|活人|真的人)(?:在回复|在打字|在回)?还是(?:机器|电脑|ai|程序|机器人|自动|人工智能)"
    r"|(?:机器人?|电脑|ai|程序|助手|自动回复)还是(?:真人|人工|活人|真的人|人)"
    r"|(?<![要找转跟和接换])是(?:不是)?(?:个)?(?:真人|活人|真的人|人工)(?:客服)?(?:在回复|在打字|在回)?(?:吗|么|嘛|呢|啊|吧|$)")
_HANDOFF_NEGATED_RE = re.compile(
    r"(?:不要|不用|不需要|别|不想|不是说|不是要|没说|没让你|没要)(?:过)?(?:要)?(?:你)?(?:给我)?(?:找|转)?(?:个)?(?:真人|人工|客服)"
    # 「我不想跟人说话 你就告诉我现在能咋办」 (persona trial s8 M6 #4): no person wanted, no handoff
    r"|(?:不想|不要|不愿意?|不用|别|懒得)(?:再)?(?:跟|和|同)(?:人|真人|客服|别人|任何人)(?:说话|说|聊|讲话|打交道|沟通|讲)")
# 「取消人工」「算了 不用人工了」「排队帮我取消掉」「不排了」: the waiting ticket withdrawn (never a new one)
_HANDOFF_CANCEL_RE = re.compile(
    r"(?<![别不])(?:取消|撤销|撤回)(?:掉)?(?:转)?(?:人工|真人|客服|排队|工单)"
    r"|(?:人工|真人|客服|排队|工单|转人工).{0,8}(?<![别不])(?:取消|撤销|撤回|不用了|不要了|不排了)"
    r"|(?:不要|不用|不想|别|不)(?:再)?排(?:队)?了|不排队了"
    r"|(?:不用|不要|不需要|别)(?:再)?(?:转|找)?(?:人工|真人|客服)了"
    # 「我没说要转人工」 with a ticket queued unasked (persona trial s8 M6 #5): withdrawn, the question answered
    r"|(?:没说|没让你|没叫你|没要)(?:过)?(?:要)?(?:你)?(?:给我)?(?:转|找)(?:个)?(?:人工|真人|客服)")
# 「等人工的时候问下…」: a question asked while waiting, not a request for a person
_HANDOFF_WAITING_RE = re.compile(r"等(?:人工|客服|真人|工作人员)(?:回复|接入)?(?:的时候|期间|时|这会儿)|排队(?:的时候|期间|时)")
# 「投诉书把单位领导那句删了」「投诉里写错了」: the complaint written again with the correction (bot/complaint.py)
_COMPLAINT_EDIT_RE = re.compile(
    r"投诉(?:书|信|材料|内容)?.{0,12}(?:删|去掉|拿掉|划掉|写错|改一下|改成|写进去|加上|加进去|不对)"
    r"|(?:删|去掉|拿掉|划掉)(?:掉|了)?.{0,3}(?:那句|这句|那条|这条|那一句|这一条)"
    # persona trial s8 M2 #18: 「删掉他们要是真跑到我单位来闹这一句」, a sentence named by its words without quotes
    r"|^(?!.*申请)(?:把)?(?:删|去掉|拿掉|划掉)(?:掉|了)?[^，。？?\s]{4,40}(?:这|那)一?句(?:话)?$"
    r"|把.{1,12}(?:那句|这句|那条|这条)(?:话)?(?:删|去掉|拿掉|划掉)"
    # care6 (persona trials C2, D1): 「帮我改一下投诉」「七八个那条删掉」
    r"|(?:改|修改|更正)(?:一下)?(?:这份|那份|这个|那个|我的)?投诉"
    r"|(?:那句|这句|那条|这条)(?:话)?(?:也)?(?:删|去掉|拿掉|划掉)"
    # persona trial s5 G4 #8: 「删掉"那就算能找我"这句」: the words to delete quoted between the verb and 这句
    r"|(?:删|去掉|拿掉|划掉)(?:掉|了)?(?:这句|那句|这段|那段)?(?:话)?[“\"「『‘'][^”\"」』’']{1,40}[”\"」』’']"
    r"|[“\"「『‘'][^”\"」』’']{1,40}[”\"」』’'](?:这句|那句|这条|那条|这段|那段)?(?:话)?(?:也|要)?(?:删|去掉|拿掉|划掉)"
    # complaint3 (persona trials F3, E2): 「第三条删掉」「删掉最后一条」, 「是十二点半 不是十一点半」, 「一天是4到5个 不是七八个」
    r"|(?:第[一二三四五六七八九十\d]{1,2}|最后(?:一|那))(?:条|点|项).{0,3}(?:删|去掉|拿掉|划掉)"
    r"|(?:删|去掉|拿掉|划掉)(?:掉|了)?(?:第[一二三四五六七八九十\d]{1,2}|最后(?:一|那))(?:条|点|项)"
    r"|是[^，。\s]{0,6}点(?:半|多|\d{1,2}分)?\s*不是[^，。\s]{0,6}点|不是[^，。\s]{0,6}点(?:半|多|\d{1,2}分)?\s*是[^，。\s]{0,6}点"
    r"|是[\d一二两三四五六七八九十到至]{1,5}个\s*不是[\d一二两三四五六七八九十]{1,3}个"
    # complaint6 (persona trials s6 I5 #6, J4 #10): a message that names the complaint and says something in it is wrong,
    # missing, or to add or take out is an edit of the stored complaint, however far apart the words
    # (「投诉书里写单位被联系了 但其实他还没打 只是说要打 这样写不对吧」「投诉书里没写他们跟我妈说…的事 这个能加上吗」)
    r"|投诉(?:书|信|材料|内容)?(?:里|上|中)?[^？?]{0,40}?(?:不对|错了|写错|弄错|搞错|没写|没有写|漏了|漏写|忘了写|"
    r"加上|加进|写上|写进|补上|删|去掉|拿掉|划掉|不该写|不要写|别写|改一下|改成|改为)"
    r"|(?:加到|写到|写进|加进|补到)(?:那个|这个|我的|我那个|我这个)?投诉")  # 「能不能加到我的投诉里」 (s10 P2 #14)
# 「说不还就让我儿子坐牢 这个也写进去」「短信说通知物业那个才要加」: an addition about what the collectors did
_COMPLAINT_ADD_RE = re.compile(r"写进去|写上去|加进去|加上|要加|加一条")
_COLLECTION_ACT_RE = re.compile(r"上门|坐牢|短信|威胁|恐吓|骂|曝光|单位|朋友圈|邻居|动手|还钱|物业|发函|黑名单|前台")
# persona trial s8 M2 #17 (「不对 跑单位来闹那是我假设的 他们没来过 删掉 还有物业那个你没加」: the fallback menu): words disowned
# with a delete, or a line said to be missing, about what the collectors did, edit the complaint
_COMPLAINT_DISOWN_RE = re.compile(r"我(?:自己)?(?:假设|假定|瞎想|打(?:个)?比方)(?:的|出来的)")
_COMPLAINT_MISSING_RE = re.compile(r"(?:那个|这个|那条|这条|那句|这句)(?:你)?(?:还|都)?(?:没|没有)(?:加|写)")
_DELETE_WORD_RE = re.compile(r"删|去掉|拿掉|划掉")
# 「能帮我写个投诉吗」「帮我起草一份投诉书」: the complaint asked for, whatever else the message says about the calls
_COMPLAINT_WRITE_RE = re.compile(r"(?:写|起草|拟|出)(?:个|一个|一份|一封|份|封)?(?:催收)?投诉(?:书|信|材料)?")
# 「那你帮我写个给建行的申请 我工资6500 …」 (persona trial H4: 「没能理解」): the letter asked for, whatever facts come with it
# 「怎么做停息挂账申请」 asks how to apply (the negotiation), not for the letter (nlu6: a real question of bench/eval/dev.yml)
_PLAN_WRITE_RE = re.compile(r"(?:写|起草|拟|弄|(?<!怎么)(?<!如何)(?<!咋)做)(?:个|一个|一份|一封|份|封)?(?:给[^，。,]{1,6}?的)?(?:协商|分期|停息挂账|个性化分期|还款)?"
                            r"申请(?:书|信)?(?!.{0,4}(?:怎么|吗|么))")
# 「我没事了 刚才情绪不好 那个申请书还能写吗」 (care8 e2e, H3 #12: after a crisis answer it got 「您是想问…吗？」): asking whether
# the letter can still be written is the letter asked for again
_PLAN_STILL_RE = re.compile(r"(?:申请书|协商信|申请)(?:还|现在)?(?:能|可以|能不能|可不可以)(?:继续|接着|再)?(?:写|做|弄|生成)(?:吗|么|嘛|不|$)"
                            r"|(?:还|现在)(?:能|可以|能不能)(?:继续|接着|再)?(?:写|做|弄)(?:那个|这个)?(?:协商)?申请(?:书)?(?:吗|么|嘛|不|$)")
_ASKED = (
    ("monthly_income", r"收入|工资|薪水|月薪|挣多少|赚多少"),
    ("monthly_expenses", r"支出|开支|开销|花销|花多少|生活费"),
    ("monthly_budget", r"能还多少|还多少|预算"),
    ("hardship_reason", r"原因|为什么|怎么回事|理由"),
    ("bank", r"银行|哪家"),
    ("debt_amount", r"欠多少|欠款|金额"),
    ("overdue_days", r"逾期多久|多少天|天数"),
)
_STOP_ASKING_RES = tuple(
    (slot, re.compile(rf"(?:别|不要|不用|甭|莫|能不能不|可不可以不|能别)(?:再|老|总|一直)?(?:问|提|追问)(?:我)?(?:的)?(?:{words})"
                      rf"|(?:{words})(?:的事|这个|那个)?(?:就)?(?:不想说|不方便说|不告诉你|保密|别问|不要问|不用问|不想告诉)"))
    for slot, words in _ASKED
)
# a stop of the whole conversation step (not of one question); a figure in the message makes it an answer
_STOP_RE = re.compile(r"算了|不弄了|不做了|不办了|不填了|不聊了|退出|取消|不用了|别弄了|先这样|停一下|停止")
# 「撤销 现在逾期这张是3千多 1万2是以前那张」: the undo first, then what the rest of the message says
_UNDO_LEAD_RE = re.compile(r"^(?:撤销|撤回|改回去|改回来|还原)(?:一下|吧|刚才的?修改)?[\s，,。!！;；]+(?P<rest>\S.*)$")
_UNDO_RE = re.compile(r"^(?:撤销|撤回|恢复|改回去|改回来|还原|撤销修改|恢复原来的?)(?:一下|吧|刚才的?修改)?$")
# 「再多真没有了」: an answer (the most there is), never a cancel
_NO_MORE_RE = re.compile(r"再多.{0,3}(?:没有|没了|拿不出)|真没有了|就这么多|只有这么多|最多就这些|再多拿不出|实在没有更多")
# 「改一下欠款」: the fact named (longest words first)
FACT_WORDS = (
    # 「原因改一下 就是收入低」 names the reason, not the income its words mention (read9, probe E01)
    ("原因", "hardship_reason"), ("理由", "hardship_reason"),
    ("逾期天数", "overdue_days"), ("天数", "overdue_days"), ("逾期", "overdue_days"), ("多少天", "overdue_days"),
    ("银行", "bank"), ("哪家", "bank"), ("欠款", "debt_amount"), ("金额", "debt_amount"), ("欠多少", "debt_amount"),
    ("收入", "monthly_income"), ("工资", "monthly_income"), ("月薪", "monthly_income"), ("支出", "monthly_expenses"),
    ("开支", "monthly_expenses"), ("预算", "monthly_budget"), ("能还", "monthly_budget"), ("期数", "installments"),
    ("分期", "installments"),
)
# 「上面已经说过了」「我刚说了」「告诉过你了」: the person says they gave it already (the form names what is missing)
_ALREADY_SAID_RE = re.compile(
    r"(?<!他们)(?<!她)(?<!他)(?:上面|前面|刚才|刚刚|之前|早就|已经|刚)(?:都|已经)?(?:跟你|和你|给你)?"
    r"(?:说|讲|告诉(?:你|过你)?|写|发)(?:过|了)"
    r"|^(?:我|不是|都)?(?:说|讲|告诉你)(?:过|了)(?:了|啊|吗|呀|嘛)?$")
# 「详细」「详细说说」 said alone: the block held back behind the 「详细」 button (actions/answers.py hold)
_MORE_RE = re.compile(r"^(?:请|麻烦)?(?:再)?(?:详细|详细说明|详细点|详细一点|详细说说|说详细点|具体说说|展开说说|展开|更多)(?:一下|吧|呢)?$")
# the whole picture asked for (after distress the stages of the consequences come only on request)
_DETAILS_RE = re.compile(r"详细|具体|每个阶段|全部")
# 「还款日改成30号」「欠款改为3万」: a fact stated as its new value, never a question about the topic its words name
_CHANGE_TO_RE = re.compile(r"(?:改成|改为|改到|换成|应该是)(?:每月|每个月)?(?:\d|[一二两三四五六七八九十])")
_QUESTION_RE = re.compile(r"[?？吗呢]|多少|怎么|会不会|能不能|是不是|可不可以")
# 「查看全文」「看全文」「全文」「信的全文」: the letter drafted last, as text (the 「查看全文」 button, typed; issue 23)
_FULL_LETTER_RE = re.compile(
    r"(?:我要|我想|请|麻烦|帮我)?(?:查看|看看|看一下|看|显示|发我|发给我|给我看看?|打开)?(?:一下)?"
    r"(?:申请书|申请|那封信|这封信|信件|信)?(?:的)?全文(?:吧|呢|一下|看看)?")
# 「一天多少利息」「一天利息多少」「每天多少钱利息」「日息多少」: the interest of one day
# 「那我这样每天要多出来多少利息啊」「每天会多出多少利息」: what one more day costs is the interest of one day
_PER_DAY_RE = re.compile(r"(?:一天|每天|一日|每日)(?:的|要|得|收|会)?(?:多出来|多出|新增|增加|产生|多付|多交|多算|多)?"
                         r"(?:多少|几块)?(?:钱)?(?:的)?(?:利息|罚息)|"
                         r"(?:一天|每天|一日|每日)(?:的)?(?:利息|罚息)(?:是|有|要|得)?(?:多少|几块)|"
                         r"利息.{0,6}(?:一天|每天)(?:多少|几块)")
# 「还了是不是就不算逾期了」「之前那20天还算逾期吗」「逾期记录能消掉吗」: does paying erase the lateness already lived
_STILL_OVERDUE_RE = re.compile(r"(?:不算|算不算|还算|还算不算)(?:是)?逾期|逾期(?:记录)?(?:就|会|能|能不能)?(?:消|没了|抹|清除|不算|勾销)")
# 「重新生成申请书」「再出一份申请书」「申请书重新写一下」: the letter made again from the facts stored, never a reset of
# them (persona trial G5: 「好的，已经清空您告诉我的情况」)
_REGENERATE_RE = re.compile(
    r"(?:重新|再)(?:帮我)?(?:生成|写|出|做|弄|开|打印|下载|发)(?:一下|一份|一遍|一次|一封|个)?(?:新的)?(?:申请书|申请|那封信|信|还款计划表?|计划表|pdf|文件)"
    r"|(?:申请书|那封信|还款计划表?|计划表|pdf)(?:帮我)?(?:再|重新)(?:生成|写|出|做|弄|发|打印)")
# 「那我就1月1号开始还 对吧」 after the plan (ui-s7 A17: 「好的」): a question that asks to confirm a step of the plan —
# a tag question (对吧/是吧/对不对/对吗…) on a date or on starting/paying — gets yes/no with the plan's own date and amount
_CONFIRM_TAG_RE = re.compile(r"(?:对吧|是吧|对不对|是不是|对吗|是吗|没错吧|没错吗|没问题吧|可以吧|行吧|就行了?吧|就可以了?吧)[吧呀啊吗呢]*[？?。！!~～]*$")
_PLAN_STEP_RE = re.compile(r"开始还|开始付|第一期|首期|每(?:个)?月(?:都)?还|按(?:这个|计划|申请书)还|号还|日还|还到|[月号日]")
_DATE_SAID_RE = re.compile(r"(?:([0-9]{1,2}|[一二三四五六七八九十]{1,3})月)?([0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:号|日)")


def plan_confirm_question(text: str) -> bool:
    """The message asks to confirm a step of the plan (「那我就1月1号开始还 对吧」「每个月还1473就行了吧」)."""
    bare = re.sub(r"\s+", "", text or "")
    return bool(_CONFIRM_TAG_RE.search(bare) and _PLAN_STEP_RE.search(_CONFIRM_TAG_RE.sub("", bare)))


def date_said(text: str) -> tuple[int | None, int] | None:
    """The (month, day) of 「1月1号」「一号」 in ``text`` (month None when only the day is said), or None."""
    from bot.nlu.extract import small_number

    found = _DATE_SAID_RE.search(re.sub(r"\s+", "", text or ""))
    if not found:
        return None
    month = small_number(found.group(1)) if found.group(1) else None
    day = small_number(found.group(2))
    if day is None or not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        return None
    return month, day


_LAST_PLAN_RE = re.compile(r"(?:刚才|刚刚|之前|上面|前面|你|您)(?:做|给|算|出)?的?(?:那个)?(?:还款)?(?:计划|方案)")


@dataclass(frozen=True)
class Requests:
    """What the message asks of the conversation itself (no facts)."""

    yes_no: str | None = None          # "yes" / "no" for a bare 是/对/好 or 不是/不用
    handoff: bool = False              # a person, now
    handoff_declined: bool = False     # 「不用转人工」「我不是说转人工」: explicitly no person
    handoff_cancel: bool = False       # 「取消人工」「算了 不用人工了」: the waiting ticket withdrawn
    stop_asking: tuple[str, ...] = ()  # the form questions not to ask again (contract slot names)
    stop: bool = False                 # 算了/不弄了 with no figure and no question to stop
    undo: bool = False                 # 撤销: the last visible change back
    last_plan: bool = False            # 刚才的计划…: about the plan just made
    full_letter: bool = False          # 查看全文 / 看全文 / 全文 / 信的全文: the letter's text, as the button
    no_more: bool = False              # 再多真没有了: an answer, not a stop
    named_fact: str | None = None      # the fact a 「改一下…」 names (contract slot name)
    details: bool = False              # 详细/具体: the whole picture
    change_to: bool = False            # 「还款日改成30号」: a fact given as its new value (no question)
    per_day: bool = False              # 「一天多少利息」: the interest of one day asked (principal × daily rate)
    still_overdue: bool = False        # 「还了是不是就不算逾期了」: whether paying now erases the days already late
    false_claim: bool = False          # 「能不能说我失业了」: help to claim a hardship (answered: only what is true)
    already_said: bool = False         # 「上面已经说过了」「我刚说了」: the fact is in the conversation (or is missing)
    more: bool = False                 # 「详细」 alone: the details held back behind the button
    complaint_edit: bool = False       # 「投诉书把…那句删了」: the complaint written again with the correction
    complaint_write: bool = False      # 「能帮我写个投诉吗」: the complaint asked for
    confirm: bool = False              # 「行 那就确认 生成申请书」: a confirmation (care6)
    regenerate: bool = False           # 「重新生成申请书」: the letter again from the stored facts (never a reset)
    plan_write: bool = False           # 「帮我写个给建行的申请」: the letter (and the plan) asked for
    letter_edit: bool = False          # 「困难原因那句改成…」「申请书把乱刷那句删了」: the letter's reason edited (never a complaint)
    correct_reason: bool = False       # 「改原因」「原因写错了」 alone: the reason asked for again (the summary's button)
    afford: bool = False               # 「付得起吗」 alone: the monthly figure just shown, against the person's room
    not_confirmed: bool = False        # 「我还没说确认呢 怎么就生成了」: the letter was not to be made yet (the summary again)


def asks_complainant(text: str) -> bool:
    """「投诉书里写的是我还是我妈」: who the complaint is in the name of (probe W05), answered by the complaint action."""
    from bot.complaint import asks_complainant as asks

    return asks(text)


def requests(text: str) -> Requests:
    """The requests of one message (normalised text or raw: it is normalised here)."""
    norm = normalize(text or "").strip().lower()
    bare = _STRIP_RE.sub("", norm)
    stop_asking = tuple(slot for slot, pattern in _STOP_ASKING_RES if pattern.search(bare))
    cancel = bool(_HANDOFF_CANCEL_RE.search(bare))
    declined = bool(_HANDOFF_NEGATED_RE.search(bare)) or cancel
    handoff = bool(_HANDOFF_RE.search(_BOT_IDENTITY_RE.sub("", bare))) and not declined \
        and not _HANDOFF_WAITING_RE.search(bare)
    has_figure = bool(re.search(r"\d|[一二两三四五六七八九十百千万]{1,}[千万百块元]", bare))
    return Requests(
        yes_no="yes" if _YES_RE.match(bare) else ("no" if _NO_RE.match(bare) else None),
        handoff=handoff,
        handoff_declined=declined,
        handoff_cancel=cancel,
        stop_asking=stop_asking,
        stop=bool(_STOP_RE.search(bare)) and not stop_asking and not has_figure and not handoff and not cancel
        and not _NO_MORE_RE.search(bare),
        undo=bool(_UNDO_RE.match(bare)) or bool(_UNDO_LEAD_RE.match(norm)),
        last_plan=bool(_LAST_PLAN_RE.search(bare)) and not handoff,
        full_letter=bool(_FULL_LETTER_RE.fullmatch(bare)),
        no_more=bool(_NO_MORE_RE.search(bare)),
        named_fact=fact_named_in(bare),
        details=bool(_DETAILS_RE.search(bare)),
        change_to=bool(_CHANGE_TO_RE.search(bare)) and not _QUESTION_RE.search(bare),
        per_day=bool(_PER_DAY_RE.search(bare)),
        still_overdue=bool(_STILL_OVERDUE_RE.search(bare)),
        false_claim=_false_claim(bare),
        already_said=bool(_ALREADY_SAID_RE.search(bare)) and not _NOT_SAID_RE.search(bare),
        more=bool(_MORE_RE.match(bare)),
        complaint_edit=bool(_COMPLAINT_EDIT_RE.search(bare)) or bool(
            (_COMPLAINT_ADD_RE.search(bare) or _COMPLAINT_MISSING_RE.search(bare)) and _COLLECTION_ACT_RE.search(bare))
        or bool(_COMPLAINT_DISOWN_RE.search(bare) and _DELETE_WORD_RE.search(bare)),
        complaint_write=bool(_COMPLAINT_WRITE_RE.search(bare)) or asks_complainant(bare),
        confirm=bool(_CONFIRM_RE.match(bare)),
        regenerate=bool(_REGENERATE_RE.search(bare)),
        plan_write=bool(_PLAN_WRITE_RE.search(bare) or _PLAN_STILL_RE.search(bare)) and "投诉" not in bare,
        letter_edit=letter_edit.parse(norm) is not None and letter_edit.names_letter(norm)
        and not letter_edit.names_complaint(norm),
        correct_reason=letter_edit.asks_to_correct(bare),
        afford=bool(_AFFORD_ONLY_RE.fullmatch(bare)),
        not_confirmed=bool(_NOT_CONFIRMED_RE.search(bare)) and "投诉" not in bare,
    )


# 「付得起嗎」「那我還得起嗎」「这样我负担得了吗」 alone (no figure, no other question): whether the monthly figure just shown
# fits the person's monthly room (persona trial s7 L2 #10: asked beside a quote it is answered there, actions/whatif.py)
_AFFORD_ONLY_RE = re.compile(
    r"(?:那|那么|这样|这样的话|那这样|所以|那我|我|这个|那个|每个?月)*(?:的话)?(?:我|我们)?(?:能|可以)?"
    r"(?:付|还|供|负担|承担|交)(?:得|不)(?:起|了|上)(?:吗|么|嘛|吧|呢|不)?(?:啊|呀)?"
    r"|(?:那|这样)?(?:我)?(?:能不能|能)(?:付|还|负担)(?:得)?(?:起|上|了)(?:吗)?"
    r"|(?:那|这样)?(?:我)?(?:吃得消|扛得住|承受得了)(?:吗|么)?")


# 「我还没说确认呢 怎么就生成了」 (persona trial s8 M1 #12: the fallback menu): the letter was made before the person said 确认
_NOT_CONFIRMED_RE = re.compile(
    r"(?:还没|还没有|没有?|并没有?|我又没)(?:说|点|按|让你|叫你)(?:确认|同意|生成)|(?:还没|没有?|并没有?)要(?:生成|你生成)"
    r"|怎么(?:就|就给我|直接)?生成|谁(?:让|叫)你生成|(?:先别|别|不要|先不要)(?:急着)?生成")


# a message read as a plan request that asks for the letter itself (actions/plan.py asks_for_letter): 「生成申请书」「就这样」
_LETTER_ASK_RE = re.compile(
    r"(?<![没别不])(?:生成|出|写|做|弄|开)(?:一下|一份|个|一个|吧)?(?:申请书|申请|协商信|那封信)|就这样|没问题|可以了|没错")


def asks_for_letter_words(text: str) -> bool:
    """The words ask for the letter itself (「帮我生成申请书」「就这样吧」), not only something about the plan."""
    return bool(_LETTER_ASK_RE.search(re.sub(r"\s+", "", normalize(text or ""))))


# characters that carry no question of their own (fillers, pronouns, question words): what is left is what is asked
_NO_CONTENT = set("的了吗呢吧啊呀嘛么哦喔噢哈嗯我你您他她它们这那个些是在有和跟与及就都也还要会能可以不没什么怎么办样啥哪谁为"
                  "如果要是假如真再又说问请想知道一下得该应")


def content_chars(text: str) -> set[str]:
    """The Chinese characters of ``text`` that say what it is about (no fillers, pronouns or question words)."""
    return {c for c in normalize(text or "") if "\u4e00" <= c <= "\u9fff" and c not in _NO_CONTENT}


# 「我没说过这话」「我不是说转人工」: a denial, not a reference to something said
_NOT_SAID_RE = re.compile(r"没(?:有)?(?:说|讲)过|不是说(?!了|过)|没说|没让")


# the words of 「能不能说我失业了」 have their home in the answer they get (bot/answers.yml `truthful_hardship`)
FALSE_CLAIM_ANSWER = "truthful_hardship"


def _false_claim(text: str) -> bool:
    from bot import facts

    return facts.matches(FALSE_CLAIM_ANSWER, text)


def fact_named_in(text: str) -> str | None:
    """The fact a message names (「改一下欠款」 → debt_amount), or None."""
    return next((fact for word, fact in FACT_WORDS if word in text), None)


# ---- the reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnContext:
    """What the conversation adds to the text: the form's question (requested_slot, a contract slot), the
    fact chosen for a change (pending_correction), the case before the last visible change (undo_case), the bot's
    last reply (last_reply: a figure of it asked about in a question is no fact, persona trial H5)."""

    requested_slot: str | None = None
    pending_correction: str | None = None
    undo_case: Case | None = None
    last_reply: str | None = None  # the bot's text since the person's previous message (its figures quoted back)
    letter_open: bool = False  # the plan's summary waits for a confirmation, or a letter was drafted
    complaint_open: bool = False  # a complaint was written in this conversation (its sentences can be edited too)
    summary_pending: bool = False  # the plan summary waits for its 「确认」: an addition to the reason goes into it


@dataclass(frozen=True)
class Change:
    """One stored fact that changed: fact (contract name, or ``card`` for a card settled), the card's bank,
    before and after as text (None: absent)."""

    fact: str
    bank: str | None
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "bank": self.bank, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class Reading:
    case: Case
    facts: tuple[dict[str, Any], ...] = ()
    changes: tuple[Change, ...] = ()
    unsure: tuple[str, ...] = ()
    hypothetical: dict[str, Any] | None = None
    scenario: whatif.Scenario | None = None
    requests: Requests = field(default_factory=Requests)
    notes: tuple[str, ...] = ()
    plan_options: tuple[str, ...] = ()
    clear_pending: bool = False
    card_plan: tuple[whatif.CardStep, ...] | None = None  # a what-if said card by card (whatif.parse_card_plan)
    letter_edit: str | None = None  # "changed" / "not_found": an edit of the letter's reason (bot.nlu.letter_edit)
    letter_edit_words: str | None = None  # the words that name the sentence (「乱刷」)

    def to_slot(self) -> dict[str, Any]:
        """The JSON value of the slot `reading` (the case has its own slot); {} for a turn with nothing (never
        None: None means the hook has not read this conversation's turns)."""
        r = self.requests
        slot: dict[str, Any] = {
            "facts": list(self.facts),
            "changes": [c.to_dict() for c in self.changes],
            "unsure": list(self.unsure),
            "scenario": scenario_to_dict(self.scenario),
            "yes_no": r.yes_no, "handoff": r.handoff, "handoff_cancel": r.handoff_cancel,
            "stop_asking": list(r.stop_asking), "stop": r.stop,
            "undo": r.undo, "last_plan": r.last_plan, "full_letter": r.full_letter, "no_more": r.no_more, "named_fact": r.named_fact,
            "details": r.details, "per_day": r.per_day, "still_overdue": r.still_overdue,
            "false_claim": r.false_claim, "already_said": r.already_said, "more": r.more,
            "letter_edit": self.letter_edit, "letter_edit_words": self.letter_edit_words, "afford": r.afford,
            "not_confirmed": r.not_confirmed,
            "card_plan": [{"banks": list(step.banks), "rest": step.rest, "scenario": scenario_to_dict(step.scenario)}
                          for step in self.card_plan] if self.card_plan else None,
        }
        return {k: v for k, v in slot.items() if v not in (None, False, [], ())}


def scenario_to_dict(scenario: whatif.Scenario | None) -> dict[str, Any] | None:
    if scenario is None:
        return None
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in scenario.__dict__.items() if v is not None}


def card_plan_from_slot(raw: Any) -> tuple[whatif.CardStep, ...] | None:
    """The per-card what-if of the stored reading (slot `reading`), or None."""
    steps = raw.get("card_plan") if isinstance(raw, dict) else None
    if not isinstance(steps, list) or not steps:
        return None
    return tuple(whatif.CardStep(banks=tuple(step.get("banks") or ()), rest=bool(step.get("rest")),
                                 scenario=scenario_from_slot({"scenario": step.get("scenario")}))
                 for step in steps if isinstance(step, dict))


def scenario_from_slot(raw: Any) -> whatif.Scenario | None:
    """The what-if of the stored reading (slot `reading`), or None."""
    if not isinstance(raw, dict) or not isinstance(raw.get("scenario"), dict):
        return None
    s = raw["scenario"]
    if s.get("kind") not in whatif.KINDS:
        return None

    def dec(key: str) -> Decimal | None:
        return Decimal(str(s[key])) if s.get(key) is not None else None

    def num(key: str) -> int | None:
        return int(s[key]) if s.get(key) is not None else None

    return whatif.Scenario(kind=s["kind"], amount=dec("amount"), delay_days=num("delay_days"),
                           delay_label=s.get("delay_label"), periods=num("periods"), minimum=dec("minimum"),
                           rate=dec("rate"))


# the reading's roles as the entities of the console's analysis (bot/channels/console_checks.merge_fields)
_ROLE_ENTITIES = {"owed": "debt_amount", "total": "debt_amount", "statement_balance": "debt_amount",
                  "principal": "debt_amount", "overdue_days": "overdue_days", "bank": "bank", "income": "monthly_income"}


def fact_entities(facts: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The real facts of a reading as entity dicts (``entity``, ``value``): no hypothetical (「如果拖到130天」),
    offered (「先还5000」), negated (「不是两万」) or settled figure, no income of someone else; a corrected value
    first, so that it wins over the one it replaces."""
    found = []
    for fact in sorted(facts, key=lambda f: not f.get("corrected")):
        entity = _ROLE_ENTITIES.get(fact.get("role"))
        if entity is None or any(fact.get(k) for k in ("hypothetical", "negated", "settled", "past", "other_debt")):
            continue
        if entity == "monthly_income" and fact.get("whose") != "user":
            continue
        found.append({"entity": entity, "value": fact["value"] if entity == "bank" else float(fact["value"])})
    return found


def _days_now(case: Case) -> int | None:
    days = [c.overdue_days for c in case.cards if c.overdue_days is not None]
    return max(days) if days else None


def _scenario(text: str, today: date | None, before: Case, hypothetical: dict[str, Any] | None,
              notes: tuple[str, ...]) -> tuple[whatif.Scenario | None, dict[str, Any] | None]:
    """The what-if, with a delay counted from today's days: 「拖3个月」 pays 90 days later than today (the
    facts keep today's days), 「拖到130天」 pays 130 − today's days later."""
    scenario = whatif.parse_scenario(text, today)
    if scenario is not None and scenario.kind == whatif.PAY_NOW and hypothetical and scenario.amount is not None \
            and hypothetical.get("debt_amount") is not None \
            and Decimal(str(hypothetical["debt_amount"])) == scenario.amount:
        # 「要是我先一次还5000」: 5,000 is the payment, never a debt of 5,000 (persona trial A1)
        hypothetical = {k: v for k, v in hypothetical.items() if k != "debt_amount"} or None
    if scenario is None or scenario.kind != whatif.PAY_LATER or not hypothetical or "overdue_days" not in hypothetical:
        return scenario, hypothetical
    now = _days_now(before)
    if now is None:
        return scenario, hypothetical
    total = int(hypothetical["overdue_days"])
    said = next((int(n.split(":", 1)[1]) for n in notes if n.startswith("delay_days:")), None)
    if scenario.delay_days not in (total, said):
        return scenario, hypothetical  # 「如果逾期40天 拖到下个月呢」: 40 days, then 30 more
    delay = said if said is not None else total - now
    rest = {k: v for k, v in hypothetical.items() if k != "overdue_days"} or None
    if delay <= 0:
        return None, hypothetical
    label = scenario.delay_label if any(n.startswith("delay_days:") for n in notes) else f"{delay}天后"
    return replace(scenario, delay_days=delay, delay_label=label), rest


def _offered_amount(scenario: whatif.Scenario | None, facts: tuple[dict[str, Any], ...]) -> whatif.Scenario | None:
    """「是欠32000 我先还5000」: the payment of the what-if is the amount offered, not the first figure said."""
    offered = [f for f in facts if f.get("role") == "amount_offered"]
    if scenario is None or scenario.kind != whatif.PAY_NOW or len(offered) != 1:
        return scenario
    amount = Decimal(offered[0]["value"]).quantize(Decimal("0.01"))
    return scenario if scenario.amount == amount else replace(scenario, amount=amount)


# 「12个月后还欠3444」 after the bot's 「12个月后仍欠约3,444.16元」: the time of the bot's projection, said back
_LATER_PHRASE_RE = re.compile(r"(?:\d{1,3}|[一二两三四五六七八九十半]{1,3})\s?个?(?:月|年|天|周|星期)(?:以后|之后|后)")


def _not_the_bots_time(scenario: whatif.Scenario | None, text: str, last_reply: str | None) -> whatif.Scenario | None:
    """A delay what-if whose time is the one the bot's last reply projected to (「12个月后」 quoted back with its figure)
    is no what-if of the person's (persona trial J5 #4 got 「360天后再还」 for 「12个月后还欠3444 那我还了一年还欠这么多？」)."""
    if scenario is None or scenario.kind != whatif.PAY_LATER or not last_reply:
        return scenario
    said = [m.group().replace(" ", "") for m in _LATER_PHRASE_RE.finditer(normalize(text or ""))]
    reply = normalize(last_reply).replace(" ", "")
    return None if said and all(phrase in reply for phrase in said) else scenario


_DEBT_ROLES = ("owed", "total", "statement_balance", "principal")


def _instalment_principal(scenario: whatif.Scenario | None, facts: tuple[dict[str, Any], ...]) -> whatif.Scenario | None:
    """「我每个月工资4500 … 能分60期吗」: the principal of an instalment what-if is a debt said, never the wage, the
    expenses or the budget said beside it (persona trial J2 #5 split 4,500 into 60 periods); with no debt said the
    stored one is used (amount None)."""
    if scenario is None or scenario.kind != whatif.INSTALMENTS or scenario.amount is None:
        return scenario
    debts = [Decimal(str(f["value"])) for f in facts if f.get("role") in _DEBT_ROLES and not f.get("negated")]
    if any(d == scenario.amount for d in debts):
        return scenario
    if debts:
        return replace(scenario, amount=max(debts).quantize(Decimal("0.01")))
    other = any(Decimal(str(f["value"])) == scenario.amount for f in facts
                if f.get("role") not in _DEBT_ROLES and f.get("role") != "bank" and _is_number(f.get("value")))
    return replace(scenario, amount=None) if other else scenario


def _is_number(value: Any) -> bool:
    try:
        Decimal(str(value))
    except (ArithmeticError, ValueError):  # a bank name or a reason is no figure
        return False
    return True


# 「不是今天 是下周 大概7天后」: the day of paying corrected (the what-if asked before), or 「7天后还清」
_WHEN_PAID_RE = re.compile(r"(?:天|周|星期|礼拜|个月)(?:以后|之后|后)[^，,。；;\s]{0,6}(?:还|付|交)|不是今天|下周|下个?星期|下礼拜")
_PAY_DATE_RE = re.compile(r"(\d{1,3}|[一二两三四五六七八九十]{1,3})\s?(天|周|个星期|星期|个礼拜|礼拜)(?:以后|之后|后)")


def _payment_date(scenario: whatif.Scenario | None, notes: tuple[str, ...], text: str = "") -> whatif.Scenario | None:
    """「一周后一次还清」「不是今天 是下周 大概7天后」: the time said is when the person will pay (a what-if settled that
    many days later), never the days overdue (persona trial F1)."""
    days = next((int(n.split(":", 1)[1]) for n in notes if n.startswith("future_days:")), None)
    said = _PAY_DATE_RE.search(normalize(text or ""))
    if days is None and said is not None and scenario is not None:
        from bot.nlu.extract import small_number

        count = small_number(said.group(1))
        days = None if count is None else count * (1 if said.group(2) == "天" else 7)
    if days is None or days <= 0 or (scenario is not None and scenario.kind not in (whatif.PAY_OFF, whatif.PAY_LATER)):
        return scenario
    if scenario is None and not _WHEN_PAID_RE.search(normalize(text or "")):
        return None  # 「三个月后能跑单」: a time from now that is no payment (no what-if either)
    if scenario is not None and scenario.kind == whatif.PAY_LATER and scenario.delay_days:
        return scenario
    return whatif.Scenario(whatif.PAY_LATER, delay_days=days, delay_label=f"{days}天后")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def changes_between(before: Case, after: Case) -> tuple[Change, ...]:
    """The stored facts that changed (a first value is no change; a card settled is)."""
    found: list[Change] = []
    if len(before.cards) == 1 and before.cards[0].bank is None and before.cards[0].amount is not None \
            and len(after.cards) > 1 and all(c.bank for c in after.cards) \
            and all(c.amount != before.cards[0].amount for c in after.cards):
        # 「欠了13万」 then 「招行8万 建行5万」: the total said first, replaced by the cards (never 「欠款 130,000 → 80,000」)
        now = after.declared_total if after.declared_total is not None else after.total_principal()
        if now is not None and now != before.cards[0].amount:
            found.append(Change("debt_total", None, _text(before.cards[0].amount), _text(now)))
        before = replace(before, cards=())
    old_items, new_items = dict(before.situation.expense_items), dict(after.situation.expense_items)
    if old_items and new_items and before.situation.monthly_expenses != after.situation.monthly_expenses:
        # 「给我妈的是500不是1000 还有每月交通费300」: which item changed, then the total (persona trial s7, read10's leftover)
        for label, value in new_items.items():
            if old_items.get(label) != value:
                found.append(Change(f"{EXPENSE_ITEM}{label}", None, _text(old_items.get(label)), _text(value)))
    for name in ("monthly_income", "monthly_expenses", "monthly_budget", "installments", "hardship_reason"):
        old, new = getattr(before.situation, name), getattr(after.situation, name)
        if old is not None and old != new:
            found.append(Change(name, None, _text(old), _text(new)))
    for index, card in enumerate(before.cards):
        other = after.card_for(card.bank) if card.bank else (after.cards[index] if index < len(after.cards) else None)
        if other is None and card.bank and card.bank in after.settled:
            found.append(Change("settled", card.bank, None, None))
            continue
        if other is None and index < len(after.cards) and len(after.cards) == len(before.cards):
            other = after.cards[index]
            if card.bank and other.bank != card.bank:
                found.append(Change("bank", None, card.bank, other.bank))
        if other is None:
            continue
        for name, fact in (("amount", "debt_amount"), ("overdue_days", "overdue_days"),
                           ("statement_balance", "statement_balance"), ("paid", "paid"),
                           ("min_payment", "min_payment"), ("principal", "principal")):
            old, new = getattr(card, name), getattr(other, name)
            if name == "paid" and old is None and new is not None and card.min_payment is not None:
                old = "0"  # the answers showed 「已还 0.00」: 600 paid is a change of it (persona trial E4)
            if old is not None and str(old) != str(new):
                found.append(Change(fact, card.bank if len(before.cards) > 1 else None, _text(old), _text(new)))
    if before.declared_total is None and after.declared_total is not None and len(before.cards) > 1 \
            and before.total_principal() is not None and after.declared_total != before.total_principal():
        # a total said over the cards' sum (「不对 一共7万」 with 48,000 + 15,000): said like any change (persona trial s8
        # M4 #15: the total became 1 元 with no line)
        found.append(Change("debt_total", None, _text(before.total_principal()), _text(after.declared_total)))
    if before.declared_total is not None and after.declared_total != before.declared_total:
        # a total replaced by another, or by the cards named one by one (「招行32000 建行16000」 after 「一共3500」)
        now = after.declared_total if after.declared_total is not None else after.total_principal()
        if now is not None and now != before.declared_total:
            found.append(Change("debt_total", None, _text(before.declared_total), _text(now)))
    return tuple(found)


def _letter_edit(text: str, case: Case, context: TurnContext, asked: Requests) -> Reading | None:
    """「把亂刷那句拿掉」 with a letter in the conversation, 「困难原因那句改成…」: the reason edited, the rest of the case as it
    was (the words of an edit are no facts: 「改成 店倒闭了没收入」 is no income of 0). None when the message edits no
    reason: it names the complaint, or names nothing while no letter is open, or names words that only the complaint
    holds (persona trial s7 L2 #15–#16 got the complaint's questionnaire twice)."""
    request = letter_edit.parse(text)
    if request is None or letter_edit.names_complaint(text):
        return None
    named = letter_edit.names_letter(text)
    if not named and not context.letter_open:
        return None
    result = letter_edit.apply(request, case.situation.hardship_reason)
    if not result.found:
        if not named and context.complaint_open:
            return None  # the words are the complaint's (bot/complaint.py edits it)
        return Reading(case=case, requests=asked, notes=("letter_edit:not_found",), letter_edit="not_found",
                       letter_edit_words=request.words)
    edited = replace(case, situation=replace(case.situation, hardship_reason=result.reason))
    return Reading(case=edited, changes=changes_between(case, edited), requests=asked,
                   notes=("letter_edit:changed",) if result.changed else ("letter_edit:same",),
                   letter_edit="changed" if result.changed else "same", letter_edit_words=request.words)
# 「…写上」「也写进去」「加上这句」「补充一下」: something to add to the letter (the plan summary waiting)
_ADD_TO_LETTER_RE = re.compile(r"写上|写进去|写进申请书|写到申请书|也写|加上|加进去|加一句|补上|补一句|补充一下|添上|一起写")
# what is no part of the added words: the instruction, 「我刚说了」, a leading 那/还有/另外
_ADD_FILLER_RE = re.compile(
    r"(?:帮我|给我|也|都|请|麻烦)?(?:写上|写进去|写进申请书|写到申请书|也写上?|加上|加进去|加一句|补上|补一句|补充一下|添上|一起写)(?:去|吧|啊|呀|了)?"
    r"|(?:我|都)?(?:刚才?|刚刚|上面|前面|之前|已经)(?:都|已经)?(?:跟你|和你|给你)?(?:说|讲|告诉你)(?:过|了)(?:了|啊|的)?"
    r"|^(?:那|那个|这个|还有|另外|对了|把)")
_ADD_NOT_RE = re.compile(r"投诉|[?？吗]|怎么|什么|是不是|能不能|要不要")
# 「500是寄回老家给我妈看病的」: an amount said to go to someone every month (the summary's gap)
_ADD_AMOUNT_RE = re.compile(r"^(?P<amount>\d+(?:\.\d+)?)(?:块钱|块|元)?(?:是|要|得)?(?P<rest>.+?)(?:的)?$")
_ADD_FOR_RE = re.compile(r"给|寄|交|养|看病|治病|医药|药费|家里|老家|父母|爸|妈|孩子|老人")
_SPACES_RE = re.compile(r"[\s，,。；;！!~～…]+")


def reason_addition(text: str, case: Case) -> tuple[Case, tuple[str, ...]] | None:
    """At the plan summary, 「那500我刚说了 是寄回老家给我妈看病的 写上」: the case with the words added to the hardship
    reason (「…；另外每月500元寄回老家给我妈看病」), and — when the amount is the summary's own gap between what is spare
    and what is offered, and it goes to someone — kept each month for them (role set_aside, note ``set_aside:500``),
    so that the letter no longer leaves that gap's reason blank. None when the message adds nothing to the letter."""
    norm = normalize(text or "").strip()
    if not _ADD_TO_LETTER_RE.search(norm) or _ADD_NOT_RE.search(norm):
        return None
    words = _SPACES_RE.sub("", _ADD_FILLER_RE.sub(" ", norm)).strip("的")
    words = _ADD_FILLER_RE.sub("", words)
    if len(words) < 4:
        return None
    s = case.situation
    old = (s.hardship_reason or "").strip()
    if _already_in(words, old):
        return None  # the same message read again (a form's activation runs the hook once more): added once
    notes: tuple[str, ...] = ()
    situation = s
    amount_said = _ADD_AMOUNT_RE.match(words)
    if amount_said and _ADD_FOR_RE.search(amount_said.group("rest")):
        amount = Decimal(amount_said.group("amount"))
        capacity = (s.monthly_income - s.monthly_expenses - sum(s.commitments().values(), Decimal(0))
                    if s.monthly_income is not None and s.monthly_expenses is not None else None)
        if capacity is not None and s.monthly_budget is not None and capacity - s.monthly_budget == amount:
            rest = amount_said.group("rest").lstrip("是要得")
            words = f"每月{amount:f}元{rest}"
            situation = replace(situation, set_aside=(s.set_aside or Decimal(0)) + amount)
            notes = (f"set_aside:{amount}",)
    reason = f"{old}；另外{words}" if old else words
    from bot.limits import MAX_REASON_CHARS

    return replace(case, situation=replace(situation, hardship_reason=reason[:MAX_REASON_CHARS])), notes


def _already_in(words: str, reason: str) -> bool:
    """Every figure and every content character of ``words`` is in ``reason`` already."""
    if not reason:
        return False
    figures = re.findall(r"\d+(?:\.\d+)?", words)
    return all(f in reason for f in figures) and content_chars(words) <= content_chars(reason)


def read_turn(text: str, case: Case, today: date | None = None, context: TurnContext | None = None) -> Reading:
    """The one reading of `text` said with `case` known (see the module docstring)."""
    context = context or TurnContext()
    asked = requests(text)
    shown = case  # the case the person saw: the changes are said against it (also after an undo)
    if asked.undo and context.undo_case is not None:
        lead = _UNDO_LEAD_RE.match(normalize(text or "").strip())
        if lead is None:
            return Reading(case=context.undo_case, changes=changes_between(case, context.undo_case), requests=asked)
        # 「撤销 我是说逾期20天没变 7天以后还清要多少」: the rest read on the case before the change
        case, text = context.undo_case, lead.group("rest")
        context = replace(context, undo_case=None)
    edited = _letter_edit(text, case, context, asked)
    if edited is not None:
        return edited
    if context.summary_pending and not asked.confirm:
        added = reason_addition(text, case)
        if added is not None:
            # 「那500我刚说了 是寄回老家给我妈看病的 写上」 at the plan summary (persona trial s8 M1 #11: taken as 确认, three
            # letters with the blank): the reason gets the addition, said as 「已改：困难原因 …」, and the summary again
            return Reading(case=added[0], changes=changes_between(shown, added[0]), requests=asked, notes=added[1])
    result = update_case(case, text, requested_slot=context.requested_slot,
                         pending_correction=context.pending_correction, today=today, last_reply=context.last_reply)
    scenario, hypothetical = _scenario(text, today, case, result.hypothetical, result.notes)
    scenario = _offered_amount(scenario, result.facts)
    scenario = _instalment_principal(scenario, result.facts)
    scenario = _payment_date(scenario, result.notes, text)
    scenario = _not_the_bots_time(scenario, text, context.last_reply)
    return Reading(
        case=result.case,
        facts=result.facts,
        changes=changes_between(shown, result.case),
        unsure=result.unsure,
        hypothetical=hypothetical,
        scenario=scenario,
        requests=asked,
        notes=result.notes,
        plan_options=result.plan_options,
        clear_pending=result.clear_pending,
        card_plan=whatif.parse_card_plan(text, today),
    )
