"""转人工 (handoff to a person): working hours, what the cardholder is told, WeChat's reply window.

Pure (no Rasa, no I/O): the action, the channels and the console take their handoff sentences from here,
so each sentence has one home. Times are aware datetimes; working hours are read in the service's time
zone (KAYOU_HANDOFF_TZ, Asia/Shanghai by default).

Configuration (bot.config): KAYOU_HANDOFF_HOURS ("09:00-18:00"), KAYOU_HANDOFF_DAYS ("1-5", ISO
weekdays, 1 = Monday; "1-7" = every day), KAYOU_HANDOFF_TZ. Public holidays are not known to the bot,
so the sentence names the weekdays and hours and nothing more.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

# WeChat's customer-service message API may write to a user within 48 hours of the user's last message
# (微信公众平台「客服消息」: 用户发送消息后 48 小时内可下发); errcode 45015 outside it.
WECHAT_REPLY_WINDOW = timedelta(hours=48)
# an agent counts as at the desk when their console page was in view this recently (it asks every ~20 s)
PRESENCE_WINDOW = timedelta(minutes=2)
WECHAT_OUT_OF_WINDOW_ERRCODE = 45015

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# outcome → label in the console (the codes are bot.store.models.HANDOFF_OUTCOMES)
OUTCOME_LABELS = {
    "resolved": "已解答",
    "plan_agreed": "已商定还款方案",
    "referred": "已转银行或其他部门",
    "callback": "需再联系",
    "no_response": "客户未回复",
    "duplicate": "重复登记",
}

# What the cardholder sees. {ticket}: H000003; {hours}: 「周一至周五 9:00–18:00」.
TEXTS = {
    # after 「转人工」, in working hours
    "recorded_open": (
        "已为您转人工（编号 {ticket}）。现在是客服工作时间（{hours}），{queue}客服会直接在这个对话里回复您。"
    ),
    # outside working hours
    "recorded_closed": (
        "已为您登记转人工（编号 {ticket}）。现在不是客服工作时间（{hours}），客服最早在{next_open}后回复，"
        "回复会出现在这个对话里。"
    ),
    "queue_first": "您排在第一位，",
    "queue_behind": "您前面还有 {ahead} 位，",
    # asked again while the ticket is still waiting
    "already_waiting": "您已经在排队了（编号 {ticket}，已等{waited}），不用重复登记。",
    # the same for every channel
    "meanwhile": (
        "等待期间我可以继续帮您：算利息和违约金、讲逾期后果、做还款计划，直接问我就行。"
        "这里不需要留手机号、卡号或身份证号。"
    ),
    # WeChat only: the 48-hour rule of the customer-service API
    "wechat_window": "（微信只允许在您最后一次发消息后48小时内回复；如果48小时内没等到，请再给我们发一条消息。）",
    # the agent claimed the ticket (shown as a system line)
    "agent_joined": "客服已接入，接下来由客服为您解答（编号 {ticket}）。",
    # a message while a person handles the conversation and the bot keeps quiet
    "forwarded": "您的消息已转给客服，请稍候，客服会在这里回复您。",
    # the same on a channel a person's reply cannot reach (REST): said honestly
    "forwarded_unreachable": "您的消息已转给客服，客服处理时能看到；但这个接入方式收不到客服的回复，请留意银行的正式联系渠道。",
    # the agent closed the ticket
    "agent_left": "本次人工服务已结束（编号 {ticket}）。我是卡友助手，您可以继续问我，需要时再说“转人工”。",
}

# What the console tells the agent about delivery.
CONSOLE_TEXTS = {
    "wechat_window_passed": (
        "无法送达：微信只允许在客户最后一次发消息后48小时内回复，客户最后一条消息在 {last}（已过 {hours} 小时）。"
        "请等客户再次发消息，或通过银行的其他正式渠道联系。"
    ),
    "wechat_never_wrote": "无法送达：找不到这位微信客户发过的消息，无法判断48小时回复时限。",
    "wechat_refused": "无法送达：微信接口拒绝了这条消息（错误码 {errcode}）。{why}",
    "wechat_refused_45015": "客户最后一次发消息已超过48小时。",
    "wechat_not_configured": "无法送达：未配置微信公众号的 WECHAT_APP_ID / WECHAT_APP_SECRET，不能调用客服消息接口。",
    "channel_unsupported": "无法送达：这段对话来自 {channel} 渠道，该渠道不能接收客服消息；请通过银行的其他正式渠道联系。",
    "delivered_widget": "已发送，客户的聊天窗口会在几秒内显示。",
    "delivered_wechat": "已通过微信客服消息发送。",
}


@dataclass(frozen=True)
class WorkingHours:
    """Weekdays (ISO 1–7) and a daily window [start, end) in the zone `tz`."""

    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        return local.isoweekday() in self.days and self.start <= local.time() < self.end

    def next_open(self, now: datetime) -> datetime:
        """The next moment (in the zone) the desk opens; `now` itself when it is open."""
        if self.is_open(now):
            return now.astimezone(self.tz)
        local = now.astimezone(self.tz)
        for offset in range(8):
            day = (local + timedelta(days=offset)).date()
            opening = datetime.combine(day, self.start, tzinfo=self.tz)
            if day.isoweekday() in self.days and opening > local:
                return opening
        raise ValueError("no working day configured")  # parse_days refuses an empty set

    def describe(self) -> str:
        """「周一至周五 9:00–18:00」, 「每天 9:00–21:00」."""
        return f"{describe_days(self.days)} {_clock(self.start)}–{_clock(self.end)}"


_END_OF_DAY = time(23, 59, 59, 999999)  # 「24:00」 of KAYOU_HANDOFF_HOURS


def _clock(value: time) -> str:
    return "24:00" if value == _END_OF_DAY else f"{value.hour}:{value.minute:02d}"


def describe_days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(1, 8)):
        return "每天"
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        return f"{WEEKDAY_NAMES[ordered[0] - 1]}至{WEEKDAY_NAMES[ordered[-1] - 1]}"
    return "、".join(WEEKDAY_NAMES[d - 1] for d in ordered)


_HOURS_RE = re.compile(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*")


def parse_hours(value: str) -> tuple[time, time]:
    """「09:00-18:00」 → (9:00, 18:00); ValueError naming KAYOU_HANDOFF_HOURS when malformed."""
    match = _HOURS_RE.fullmatch(value or "")
    if not match:
        raise ValueError(f"KAYOU_HANDOFF_HOURS must look like 09:00-18:00, not {value!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"KAYOU_HANDOFF_HOURS: {value!r} is not a time of day")
    start = time(h1, m1)
    end = _END_OF_DAY if h2 == 24 else time(h2, m2)
    if end <= start:
        raise ValueError(f"KAYOU_HANDOFF_HOURS: the end of {value!r} must be after its start")
    return start, end


def parse_days(value: str) -> frozenset[int]:
    """「1-5」, 「1-5,7」, 「6」 → ISO weekdays; ValueError naming KAYOU_HANDOFF_DAYS when malformed."""
    days: set[int] = set()
    for part in (value or "").split(","):
        part = part.strip()
        bounds = part.split("-")
        if not part or len(bounds) > 2 or not all(b.strip().isdigit() for b in bounds):
            raise ValueError(f"KAYOU_HANDOFF_DAYS must look like 1-5 (1 = Monday), not {value!r}")
        lo, hi = int(bounds[0]), int(bounds[-1])
        if not 1 <= lo <= hi <= 7:
            raise ValueError(f"KAYOU_HANDOFF_DAYS: {part!r} is not a range of weekdays 1–7")
        days.update(range(lo, hi + 1))
    return frozenset(days)


def working_hours(hours: str = "09:00-18:00", days: str = "1-5", tz: str = "Asia/Shanghai") -> WorkingHours:
    start, end = parse_hours(hours)
    try:
        zone = ZoneInfo(tz)
    except Exception:  # noqa: BLE001 (ZoneInfoNotFoundError, ValueError for odd keys)
        raise ValueError(f"KAYOU_HANDOFF_TZ: unknown time zone {tz!r}") from None
    return WorkingHours(parse_days(days), start, end, zone)


def configured_hours() -> WorkingHours:
    from bot.config import settings

    config = settings()
    return working_hours(config.handoff_hours, config.handoff_days, config.handoff_tz)


def describe_moment(moment: datetime, now: datetime) -> str:
    """「今天 9:00」, 「明天（周二）9:00」, 「12月4日（周五）9:00」, in the zone of `moment`."""
    local_now = now.astimezone(moment.tzinfo)
    days = (moment.date() - local_now.date()).days
    weekday = WEEKDAY_NAMES[moment.isoweekday() - 1]
    clock = _clock(moment.time())
    if days == 0:
        return f"今天 {clock}"
    if days == 1:
        return f"明天（{weekday}）{clock}"
    return f"{moment.month}月{moment.day}日（{weekday}）{clock}"


def describe_wait(waited: timedelta) -> str:
    """「不到1分钟」, 「12分钟」, 「2小时5分钟」, 「3天」."""
    minutes = int(waited.total_seconds() // 60)
    if minutes < 1:
        return "不到1分钟"
    if minutes < 60:
        return f"{minutes}分钟"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}小时{rest}分钟" if rest else f"{hours}小时"
    return f"{hours // 24}天"


def recorded_message(
    ticket: str, *, now: datetime, hours: WorkingHours, ahead: int, channel: str | None,
    staffed: str | None = None,
) -> str:
    """What the bot says when it files a ticket: when a person will answer (honestly: outside working
    hours, the next opening — unless an agent is at the desk now: then `staffed`, the sentence of
    actions/texts.py HANDOFF_STAFFED with {ticket} and {queue}), that it keeps helping meanwhile, and no
    request for a phone number."""
    queue = queue_place(ahead)
    if hours.is_open(now):
        first = TEXTS["recorded_open"].format(ticket=ticket, hours=hours.describe(), queue=queue)
    elif staffed:
        first = staffed.format(ticket=ticket, queue=queue)
    else:
        first = TEXTS["recorded_closed"].format(
            ticket=ticket, hours=hours.describe(), next_open=describe_moment(hours.next_open(now), now)
        )
    return first + _channel_note(channel) + TEXTS["meanwhile"]


def queue_place(ahead: int) -> str:
    """「您排在第一位，」 / 「您前面还有 2 位，」: the place in the queue, counted by the database."""
    return TEXTS["queue_first"] if ahead <= 0 else TEXTS["queue_behind"].format(ahead=ahead)


def already_waiting_message(
    ticket: str, *, created_at: datetime, now: datetime, hours: WorkingHours, channel: str | None,
    staffed: bool = False, brief: bool = False, wait: str = "",
) -> str:
    """`brief`: a question came with it and is answered next (persona trial s6 J5 #11): the queue in one line, the
    hours said when the ticket was filed are not said again. `wait`: the person asked how long (persona trial s10
    P5 t17 「大概要等多久」): what the system knows (the place in the queue, the hours), said after the first line."""
    first = TEXTS["already_waiting"].format(ticket=ticket, waited=describe_wait(now - created_at)) + wait
    if brief:
        return first + _channel_note(channel)
    if not hours.is_open(now) and not staffed:
        first += TEXTS["recorded_closed"].split("。", 1)[1].format(
            hours=hours.describe(), next_open=describe_moment(hours.next_open(now), now))
    return first + _channel_note(channel) + TEXTS["meanwhile"]


def limited_response(scope: str) -> str:
    """The domain.yml response said when a new ticket is refused by the flood limits ("address" or
    "conversation"); its {retry} is `describe_moment` of the retry time. TEXTS["meanwhile"] follows it."""
    return "utter_handoff_limited_address" if scope == "address" else "utter_handoff_limited_conversation"


def _channel_note(channel: str | None) -> str:
    return TEXTS["wechat_window"] if channel == "wechat" else ""


def wechat_window_problem(last_user_message: datetime | None, now: datetime) -> str | None:
    """None when a WeChat reply may be sent now; else why not, for the console."""
    if last_user_message is None:
        return CONSOLE_TEXTS["wechat_never_wrote"]
    elapsed = now - last_user_message
    if elapsed <= WECHAT_REPLY_WINDOW:
        return None
    local = last_user_message.astimezone(ZoneInfo("Asia/Shanghai"))
    return CONSOLE_TEXTS["wechat_window_passed"].format(
        last=f"{local:%Y-%m-%d %H:%M}", hours=int(elapsed.total_seconds() // 3600))


def wechat_refused_message(errcode: int) -> str:
    why = CONSOLE_TEXTS["wechat_refused_45015"] if errcode == WECHAT_OUT_OF_WINDOW_ERRCODE else ""
    return CONSOLE_TEXTS["wechat_refused"].format(errcode=errcode, why=why)
