"""bot/handoff.py: working hours read from the configuration, said honestly; the 48-hour window."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import handoff
from bot.config import settings

# 2026-12-01 is a Tuesday; Beijing is UTC+8
TUESDAY_10 = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)     # 10:00 in Beijing
TUESDAY_20 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)    # 20:00
FRIDAY_19 = datetime(2026, 12, 4, 11, 0, tzinfo=timezone.utc)     # 19:00
SUNDAY_8 = datetime(2026, 12, 6, 0, 0, tzinfo=timezone.utc)       # 08:00


@pytest.fixture
def hours():
    return handoff.working_hours("09:00-18:00", "1-5", "Asia/Shanghai")


def test_open_and_closed_by_beijing_time(hours):
    assert hours.is_open(TUESDAY_10)
    assert not hours.is_open(TUESDAY_20)
    assert not hours.is_open(datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))  # 18:00 exactly: closed
    assert hours.is_open(datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc))       # 9:00 exactly: open
    assert not hours.is_open(SUNDAY_8.replace(hour=3))                           # Sunday 11:00


def test_next_opening(hours):
    assert handoff.describe_moment(hours.next_open(TUESDAY_20), TUESDAY_20) == "明天（周三）9:00"
    assert handoff.describe_moment(hours.next_open(FRIDAY_19), FRIDAY_19) == "12月7日（周一）9:00"
    early = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)  # Tuesday 8:00
    assert handoff.describe_moment(hours.next_open(early), early) == "今天 9:00"
    assert hours.next_open(TUESDAY_10) == TUESDAY_10


def test_the_message_in_and_out_of_hours(hours):
    inside = handoff.recorded_message("H000007", now=TUESDAY_10, hours=hours, ahead=2, channel="widget")
    assert inside.startswith("已为您转人工（编号 H000007）。现在是客服工作时间（周一至周五 9:00–18:00），您前面还有 2 位，")
    first = handoff.recorded_message("H000007", now=TUESDAY_10, hours=hours, ahead=0, channel="widget")
    assert "您排在第一位，" in first
    outside = handoff.recorded_message("H000007", now=FRIDAY_19, hours=hours, ahead=0, channel="wechat")
    assert "现在不是客服工作时间（周一至周五 9:00–18:00），客服最早在12月7日（周一）9:00后回复" in outside
    assert "48小时" in outside and "48小时" not in inside
    for text in (inside, outside):
        assert "不需要留手机号" in text and "继续帮您" in text


def test_already_waiting_says_how_long(hours):
    text = handoff.already_waiting_message("H000007", created_at=TUESDAY_10 - timedelta(minutes=12),
                                           now=TUESDAY_10, hours=hours, channel="rest")
    assert text.startswith("您已经在排队了（编号 H000007，已等12分钟），不用重复登记。")
    late = handoff.already_waiting_message("H000007", created_at=TUESDAY_20 - timedelta(hours=2, minutes=5),
                                           now=TUESDAY_20, hours=hours, channel="rest")
    assert "已等2小时5分钟" in late and "客服最早在明天（周三）9:00后回复" in late


@pytest.mark.parametrize("waited, text", [
    (timedelta(seconds=59), "不到1分钟"), (timedelta(minutes=1), "1分钟"), (timedelta(minutes=60), "1小时"),
    (timedelta(hours=47, minutes=59), "47小时59分钟"), (timedelta(days=3, hours=1), "3天"),
])
def test_describe_wait(waited, text):
    assert handoff.describe_wait(waited) == text


def test_days_and_hours_are_parsed_and_described():
    assert handoff.parse_days("1-5,7") == frozenset({1, 2, 3, 4, 5, 7})
    assert handoff.describe_days(frozenset(range(1, 8))) == "每天"
    assert handoff.describe_days(frozenset({6, 7})) == "周六、周日"
    assert handoff.working_hours("08:30-24:00", "1-7").describe() == "每天 8:30–24:00"
    assert handoff.working_hours("00:00-24:00", "1-7").is_open(SUNDAY_8)


@pytest.mark.parametrize("hours, days, tz", [
    ("9-18", "1-5", "Asia/Shanghai"), ("18:00-09:00", "1-5", "Asia/Shanghai"), ("09:00-25:00", "1-5", "Asia/Shanghai"),
    ("09:00-18:00", "0-5", "Asia/Shanghai"), ("09:00-18:00", "1,,2", "Asia/Shanghai"), ("09:00-18:00", "5-1", "Asia/Shanghai"),
    ("09:00-18:00", "1-5", "Mars/Base"),
])
def test_a_bad_configuration_refuses_to_start(monkeypatch, hours, days, tz):
    monkeypatch.setenv("KAYOU_HANDOFF_HOURS", hours)
    monkeypatch.setenv("KAYOU_HANDOFF_DAYS", days)
    monkeypatch.setenv("KAYOU_HANDOFF_TZ", tz)
    with pytest.raises(ValueError, match="KAYOU_HANDOFF"):
        settings()


def test_wechat_refusal_names_the_48_hours_for_45015():
    assert "超过48小时" in handoff.wechat_refused_message(45015)
    assert handoff.wechat_refused_message(40003) == "无法送达：微信接口拒绝了这条消息（错误码 40003）。"
