"""Masking of card, ID and mobile numbers (bot.privacy)."""
from __future__ import annotations

import logging
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.privacy import (
    PiiMaskingFilter,
    find_pii_spans,
    install_log_masking,
    luhn_valid,
    mask_text,
    mask_value,
)

# --- helpers -----------------------------------------------------------------------------------


def luhn_complete(body: str) -> str:
    """`body` + the Luhn check digit that makes it valid."""
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable")


def id_number(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


VISA = "4111111111111111"
UNIONPAY = luhn_complete("622588012345678")  # 16 digits
UNIONPAY_19 = luhn_complete("621700123456789012")  # 19 digits
AMEX = "378282246310005"
ID_X = "11010519491231002X"  # the published GB 11643 example, check character X
ID_DIGIT = id_number("44030419900307123")


# --- positive cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"卡号{VISA}", "卡号****1111"),
        (f"我的卡是 {UNIONPAY} 欠了两万", f"我的卡是 ****{UNIONPAY[-4:]} 欠了两万"),
        ("卡号6225 8801 2345 6789", "卡号****6789"),
        ("卡号6225-8801-2345-6789。", "卡号****6789。"),
        ("卡号 6225  8801  2345  6789", "卡号 ****6789"),
        (f"{UNIONPAY_19[:4]} {UNIONPAY_19[4:8]} {UNIONPAY_19[8:12]} {UNIONPAY_19[12:16]} {UNIONPAY_19[16:]}",
         f"****{UNIONPAY_19[-4:]}"),
        (f"美国运通{AMEX}", "美国运通****0005"),
        ("运通卡3782 822463 10005", "运通卡****0005"),
        # Luhn fails, but 16 digits: still masked (a mistyped card number is still personal data)
        ("卡号6225880123456788", "卡号****6788"),
        ("卡号6225 8801 2345 6788", "卡号****6788"),
        # 13 digits, Luhn-valid
        (f"旧卡{luhn_complete('422222222222')}", "旧卡****2222"),
        (f"身份证{ID_X}", "身份证****002X"),
        (f"身份证{ID_X.lower()}", "身份证****002X"),
        (f"身份证号：{ID_DIGIT}", f"身份证号：****{ID_DIGIT[-4:]}"),
        ("身份证 110105 19491231 002X", "身份证 ****002X"),
        ("手机13812345678", "手机****5678"),
        ("手机 138 1234 5678 谢谢", "手机 ****5678 谢谢"),
        ("手机138-1234-5678", "手机****5678"),
        ("+86 138 1234 5678", "****5678"),
        ("+8613812345678", "****5678"),
        ("8613812345678", "****5678"),
        ("0086 13812345678", "****5678"),
        ("电话是86-139-0000-1111", "电话是****1111"),
        ("１３８１２３４５６７８", "****5678"),
        ("tel:138-1234-5678，卡6225880123456789", "tel:****5678，卡****6789"),
        ("两个号码13812345678和15900001111", "两个号码****5678和****1111"),
        # an id of 20+ digits is masked too (only the last four survive)
        ("msgid 23456789012345678901", "msgid ****8901"),
        (f"2024-04-23 {VISA}", "2024-04-23 ****1111"),
        # laid out like a mobile number: masked even if the writer meant three amounts
        ("130 1000 1000", "****1000"),
        (f"欠款25000 卡号{VISA} 12期", "欠款25000 卡号****1111 12期"),
    ],
)
def test_masks(text: str, expected: str) -> None:
    assert mask_text(text) == expected


# --- negative cases: nothing to mask ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "欠了25000",
        "欠了3.5万，逾期45天",
        "分12期还，每期2680元",
        "还款日2024-04-23，账单日2024-04-05",
        "2024-04-23 2024-05-05",
        "2024/4/23 到期",
        "日息0.05%，年化18.25%",
        "欠了2,000,000",
        "5000 3000 2000 1500",
        "4150 12157 88637",  # Luhn-valid by chance, but no card layout
        "房租1500 生活费1000 水电200",
        "打12378或者12363投诉",
        "报警打110",
        "客服95555",
        "我1990年出生，今年34岁",
        "13800000000000",  # 14 digits, not a mobile, Luhn-invalid
        "1381234567",  # 10 digits
        "12345678901",  # 11 digits but not 1[3-9]
        "****6789",
        "",
        "没有数字的一句话",
        "卡尾号6789",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert mask_text(text) == text


def test_idempotent() -> None:
    text = f"卡号{VISA} 手机13812345678 身份证{ID_X}"
    once = mask_text(text)
    assert mask_text(once) == once
    assert once == "卡号****1111 手机****5678 身份证****002X"


def test_id_with_impossible_birth_date_is_still_a_long_number() -> None:
    # month 13 and a wrong check character: no ID number, but 17 contiguous digits are masked anyway
    assert find_pii_spans("编号11010519491331002X")[0].kind == "number"
    assert mask_text("编号11010519491331002X") == "编号****002X"
    # a short code ending in X is left alone
    assert mask_text("型号12345X") == "型号12345X"


def test_find_pii_spans_kinds() -> None:
    text = f"卡{VISA} 手机13812345678 身份证{ID_X} 其他6225880123456788"
    kinds = [span.kind for span in find_pii_spans(text)]
    assert kinds == ["card", "mobile", "id", "number"]
    for span in find_pii_spans(text):
        assert text[span.start : span.end].replace(" ", "")[-4:].upper() == span.last4


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111a")


# --- mask_value ----------------------------------------------------------------------------------


def test_mask_value_walks_containers() -> None:
    event = {
        "event": "user",
        "text": f"卡号{VISA}",
        "parse_data": {"entities": [{"value": "13812345678"}], "intent": {"confidence": 0.9}},
        "tags": ("a", "手机13812345678"),
        "count": 4111111111111111,
        "13812345678": "sender",
        "none": None,
    }
    masked = mask_value(event)
    assert masked["text"] == "卡号****1111"
    assert masked["parse_data"]["entities"][0]["value"] == "****5678"
    assert masked["parse_data"]["intent"]["confidence"] == 0.9
    assert masked["tags"] == ("a", "手机****5678")
    assert masked["count"] == 4111111111111111  # numbers are not text
    assert masked["****5678"] == "sender"
    assert masked["none"] is None
    # the input is not modified
    assert event["text"] == f"卡号{VISA}"


# --- logging -------------------------------------------------------------------------------------


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured_logger():
    logger = logging.getLogger("tests.privacy")
    handler = _ListHandler()
    handler.addFilter(PiiMaskingFilter())
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, handler
    logger.removeHandler(handler)


def test_filter_masks_message_and_args(captured_logger) -> None:
    logger, handler = captured_logger
    logger.info("user %s said %r", "13812345678", {"text": f"卡号{VISA}"})
    logger.info(f"plain {ID_X}")
    logger.info("percent %d%% of %s", 50, "6225 8801 2345 6789")
    assert handler.lines == [
        "user ****5678 said {'text': '卡号****1111'}",
        "plain ****002X",
        "percent 50% of ****6789",
    ]


def test_filter_masks_extra_fields(captured_logger) -> None:
    logger, handler = captured_logger
    handler.setFormatter(logging.Formatter("%(request)s %(status)s %(message)s"))
    logger.info("", extra={"request": "GET /tracker?phone=13812345678", "status": 200})
    assert handler.lines == ["GET /tracker?phone=****5678 200 "]


def test_filter_masks_exception_text(captured_logger) -> None:
    logger, handler = captured_logger
    try:
        raise ValueError(f"bad card {VISA}")
    except ValueError:
        logger.exception("failed for %s", "13812345678")
    assert VISA not in handler.lines[0]
    assert "13812345678" not in handler.lines[0]
    assert "ValueError: bad card ****1111" in handler.lines[0]


def test_install_log_masking_covers_child_loggers_and_late_handlers() -> None:
    root = logging.getLogger()
    previous_factory = logging.getLogRecordFactory()
    early = _ListHandler()
    root.addHandler(early)
    try:
        install_log_masking()
        install_log_masking()  # idempotent
        assert sum(isinstance(f, PiiMaskingFilter) for f in early.filters) == 1
        assert any(isinstance(f, PiiMaskingFilter) for f in logging.getLogger("rasa").filters)
        assert any(isinstance(f, PiiMaskingFilter) for f in logging.getLogger("sanic.access").filters)
        late = _ListHandler()  # added after installation, as Rasa does when it configures logging
        child = logging.getLogger("rasa.core.processor.test_privacy")
        child.addHandler(late)
        child.setLevel(logging.INFO)
        try:
            child.info("Received user message '%s'", f"我的卡号是{VISA}，手机13812345678")
        finally:
            child.removeHandler(late)
        assert late.lines == ["Received user message '我的卡号是****1111，手机****5678'"]
        assert early.lines[-1] == late.lines[-1]
    finally:
        root.removeHandler(early)
        logging.setLogRecordFactory(previous_factory)
        for name in ("rasa", "sanic", "sanic.root", "sanic.error", "sanic.access", "rasa_sdk", "bot", "actions"):
            logger = logging.getLogger(name)
            for f in [f for f in logger.filters if isinstance(f, PiiMaskingFilter)]:
                logger.removeFilter(f)


# --- properties ----------------------------------------------------------------------------------

_NON_DIGIT_TEXT = st.text(
    alphabet=st.sampled_from(list("我的卡号是欠了逾期招行工资多少，。！？ abcXYZ:：")), max_size=12
)


@st.composite
def luhn_cards(draw) -> str:
    length = draw(st.integers(min_value=13, max_value=19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    return luhn_complete(draw(st.sampled_from("3456")) + body[1:])


def _grouped(number: str, size: int, sep: str) -> str:
    return sep.join(number[i : i + size] for i in range(0, len(number), size))


@settings(max_examples=300, deadline=None)
@given(
    card=luhn_cards(),
    prefix=_NON_DIGIT_TEXT,
    suffix=_NON_DIGIT_TEXT,
    layout=st.sampled_from(["plain", "space4", "dash4", "fullwidth"]),
)
def test_property_card_never_survives(card: str, prefix: str, suffix: str, layout: str) -> None:
    if layout == "space4":
        written = _grouped(card, 4, " ")
    elif layout == "dash4":
        written = _grouped(card, 4, "-")
    elif layout == "fullwidth":
        written = card.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    else:
        written = card
    masked = mask_text(prefix + written + suffix)
    digits_left = re.findall(r"\d+", masked.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    assert all(len(run) <= 4 for run in digits_left), masked
    assert "".join(digits_left).find(card[:-4]) == -1
    assert masked.startswith(prefix) and masked.endswith(suffix)


@settings(max_examples=200, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=999_999_999),
    prefix=_NON_DIGIT_TEXT,
    unit=st.sampled_from(["元", "块", "", " 元", "期", "天"]),
)
def test_property_amounts_untouched(amount: int, prefix: str, unit: str) -> None:
    for written in (str(amount), f"{amount:,}", f"{amount / 10000:g}万"):
        text = f"{prefix}{written}{unit}"
        assert mask_text(text) == text


# amounts as people write them: round hundreds (500, 2500, 30000) or two-digit figures (45, 12).
# Arbitrary figures side by side are not always safe, on purpose: 「130 1000 1000」 is laid out like
# a mobile number and 「12157 88637 41503」 like a card that passes Luhn, and both are masked.
_WRITTEN_AMOUNTS = st.one_of(st.integers(0, 99), st.integers(1, 9999).map(lambda x: x * 100))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.dates(), min_size=1, max_size=3), amounts=st.lists(_WRITTEN_AMOUNTS, max_size=3))
def test_property_dates_and_amounts_side_by_side_untouched(days, amounts) -> None:
    text = " ".join([d.isoformat() for d in days] + [str(a) for a in amounts])
    assert mask_text(text) == text


# --- issue 14: every shape a number is written in ------------------------------------------------

CARD_16 = "6222021234567894"  # Luhn-valid
PHONE = "13812345678"


@pytest.mark.parametrize(
    "text, expected",
    [
        # separators . 、 / + tab, and mixed ones (up to three characters between groups)
        ("卡号6222.0212.3456.7894", "卡号****7894"),
        ("卡号6222、0212、3456、7894", "卡号****7894"),
        ("卡号6222/0212/3456/7894", "卡号****7894"),
        ("手机138+1234+5678", "手机****5678"),
        ("手机138\t1234\t5678", "手机****5678"),
        ("卡号6222 -0212/3456.7894", "卡号****7894"),
        ("手机 138 - 1234 - 5678", "手机 ****5678"),
        ("卡号６２２２．０２１２．３４５６．７８９４", "卡号****7894"),
        # Chinese numerals as voice input gives them
        ("手机幺三八幺二三四五六七八", "手机****5678"),
        ("手机一三八一二三四五六七八", "手机****5678"),
        ("手机幺三八 幺二三四 五六七八", "手机****5678"),
        ("手机幺三八零零零〇两两两两", "手机****2222"),
        ("身份证幺幺零幺零五幺九四九幺二三幺零零二X", "身份证****002X"),
        # other Unicode decimal digits
        ("手机١٣٨١٢٣٤٥٦٧٨", "手机****5678"),
        ("手机𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "手机****5678"),
        ("手机१३८१२३४५६७८", "手机****5678"),
        # phone groups 3-3-5 (and 3-4-4, digit by digit)
        ("手机138 123 45678", "手机****5678"),
        ("手机1381 2345 678", "手机****5678"),
        ("手机1 3 8 1 2 3 4 5 6 7 8", "手机****5678"),
        ("手机幺、三、八、幺、二、三、四、五、六、七、八", "手机****5678"),
        ("+86.138.1234.5678", "****5678"),
        ("0086/138/1234/5678", "****5678"),
        ("+86 138 123 45678", "****5678"),
        # a card followed by a phone number, and the other way round
        ("6222 0212 3456 7894 138 1234 5678", "****7894 ****5678"),
        ("138 1234 5678 6222 0212 3456 7894", "****5678 ****7894"),
        ("6222.0212.3456.7894/138.1234.5678", "****7894/****5678"),
    ],
)
def test_masks_every_shape_of_the_issue(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "欠了25000元",
        "还款日2024-04-23",
        "逾期45天",
        "2024.04.23到期",
        "2024/04/23 2024/05/05",
        "欠了两万五千，逾期一个月",
        "二〇二四年四月二十三日",
        "一、二、三、四、五",
        "5000+3000+2000",
        "5000、3000、2000、1500",
        "年化18.25%，日息0.05%",
        "版本3.6.21，地址127.0.0.1:5005",
        "三三两两，七七八八",
        "分12期 / 每期2680.50元",
    ],
)
def test_amounts_dates_and_chinese_words_survive_the_new_shapes(text: str) -> None:
    assert mask_text(text) == text


_DIGIT_FORMS = {
    "ascii": "0123456789",
    "fullwidth": "０１２３４５６７８９",
    "chinese": "零一二三四五六七八九",
    "chinese_yao": "〇幺二三四五六七八九",
    "arabic_indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "math_bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
_SEPARATORS = [" ", "-", ".", "、", "/", "+", "\t", "－", "—", "\u3000", "．", "／"]
_TEXT_AROUND = st.text(alphabet=st.sampled_from(list("我的卡号是欠了逾期招行工资多少，。！？ abc:：")), max_size=8)


def _digit_string(text: str) -> str:
    """Every digit of `text` in any form, as ASCII, in order (the masks' four digits included)."""
    from bot.privacy import _CHINESE_DIGITS

    out = []
    for ch in text:
        if ch in _CHINESE_DIGITS:
            out.append(_CHINESE_DIGITS[ch])
        elif ch.isdecimal():
            out.append(str(int(ch)))
    return "".join(out)


def _windows(number: str, size: int = 8) -> set[str]:
    digits = number.rstrip("X")
    return {digits[i : i + size] for i in range(len(digits) - size + 1)}


@st.composite
def written_number(draw, number: str, groupings: list[list[int]]) -> str:
    """`number` in a digit form, a grouping and with separators (of one to three characters) drawn."""
    form = draw(st.sampled_from(sorted(_DIGIT_FORMS)))
    table = str.maketrans("0123456789", _DIGIT_FORMS[form])
    sizes = draw(st.sampled_from(groupings))
    groups, pos = [], 0
    for size in sizes:
        groups.append(number[pos : pos + size])
        pos += size
    if pos < len(number):
        groups.append(number[pos:])
    # documented limit: groups that all end in 00 are read as a list of amounts (5000 3000 2000)
    assume(len(groups) == 1 or not all(g.endswith("00") for g in groups))
    seps = [draw(st.text(alphabet=st.sampled_from(_SEPARATORS), min_size=1, max_size=3))
            for _ in range(len(groups) - 1)]
    written = groups[0].translate(table)
    for sep, group in zip(seps, groups[1:], strict=True):
        written += sep + group.translate(table)
    return written


@st.composite
def mobiles(draw) -> str:
    return draw(st.sampled_from("3456789")).join(["1", draw(st.text(alphabet="0123456789", min_size=9, max_size=9))])


@st.composite
def id_numbers(draw) -> str:
    region = draw(st.sampled_from(["110105", "440304", "310115", "510107"]))
    born = draw(st.dates(min_value=__import__("datetime").date(1930, 1, 1),
                         max_value=__import__("datetime").date(2010, 12, 31)))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    return id_number(region + born.strftime("%Y%m%d") + seq)


_CARD_GROUPINGS = [[99], [4, 4, 4, 4, 4], [4, 6, 5], [4, 4, 4, 4, 3], [1] * 19]
_MOBILE_GROUPINGS = [[11], [3, 4, 4], [3, 3, 5], [4, 3, 4], [3, 8], [1] * 11]
_ID_GROUPINGS = [[18], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4]]


def _assert_hidden(masked: str, numbers: list[str]) -> None:
    # at most one mask's four digits next to each other can be read together
    assert len(re.findall(r"\*\*\*\*[0-9X]{4}", masked)) <= 1 or len(numbers) > 1
    digits = _digit_string(re.sub(r"\*\*\*\*[0-9X]{4}", "*", masked))
    assert len(digits) < 8 or not numbers, masked
    for number in numbers:
        for window in _windows(number):
            assert window not in digits, (number, masked)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), prefix=_TEXT_AROUND, suffix=_TEXT_AROUND)
def test_property_no_8_digits_of_a_card_survive_in_any_shape(data, prefix, suffix) -> None:
    card = data.draw(luhn_cards())
    # the layouts cards are printed in: fours with a short tail, 4-6-5 (15 digits), none, digit by digit
    groupings = _CARD_GROUPINGS if len(card) == 15 else [g for g in _CARD_GROUPINGS if g != [4, 6, 5]]
    written = data.draw(written_number(card, groupings))
    _assert_hidden(mask_text(prefix + written + suffix), [card])


@settings(max_examples=150, deadline=None)
@given(data=st.data(), prefix=_TEXT_AROUND, suffix=_TEXT_AROUND,
       country=st.sampled_from(["", "+86 ", "0086-", "86 ", "+86"]))
def test_property_no_8_digits_of_a_mobile_survive_in_any_shape(data, prefix, suffix, country) -> None:
    mobile = data.draw(mobiles())
    written = data.draw(written_number(mobile, _MOBILE_GROUPINGS))
    _assert_hidden(mask_text(prefix + country + written + suffix), [mobile])


@settings(max_examples=150, deadline=None)
@given(data=st.data(), prefix=_TEXT_AROUND, suffix=_TEXT_AROUND)
def test_property_no_8_digits_of_an_id_number_survive_in_any_shape(data, prefix, suffix) -> None:
    number = data.draw(id_numbers())
    written = data.draw(written_number(number[:17], [[17], [6, 8], [6, 4, 4], [3, 3, 4, 4]])) + number[17]
    _assert_hidden(mask_text(prefix + written + suffix), [number])


@settings(max_examples=150, deadline=None)
@given(data=st.data(), between=st.text(alphabet=st.sampled_from(_SEPARATORS), min_size=1, max_size=3))
def test_property_a_card_followed_by_a_phone_number_leaves_4_digits_of_each(data, between) -> None:
    card = data.draw(luhn_cards().filter(lambda c: len(c) == 16))
    mobile = data.draw(mobiles())
    text = "卡号" + _grouped(card, 4, " ") + between + data.draw(written_number(mobile, [[3, 4, 4], [3, 3, 5], [11]]))
    masked = mask_text(text)
    _assert_hidden(masked, [card, mobile])
    assert re.fullmatch(r"卡号\*{4}\d{4}.{1,3}\*{4}\d{4}", masked, re.S), masked


@pytest.mark.parametrize("written", ["138 1234 5678", "1381 234 5678", "138 123 45678", "1381 2345 678",
                                     "138 12345 678", "138 12345678", "1381234 5678", "1381 2345678"])
def test_every_mobile_grouping_is_masked(written: str) -> None:
    assert mask_text(f"手机{written}") == "手机****5678"


@pytest.mark.parametrize("written", ["13 8123 45678", "1381 23 45678", "13812 345678"])
def test_other_groupings_of_eleven_digits_are_not_a_mobile(written: str) -> None:
    assert mask_text(f"编号{written}") == f"编号{written}"


def test_every_chinese_numeral_reads_as_its_digit() -> None:
    from bot.privacy import _CHINESE_DIGITS

    for numeral, digit in _CHINESE_DIGITS.items():
        assert mask_text(f"手机幺三八幺二三四五六七{numeral}") == f"手机****567{digit}", numeral
    assert mask_text("手机幺三九幺二三四五六七九") == "手机****5679"


def test_six_digits_written_one_by_one_join_the_number_five_do_not() -> None:
    assert mask_text("手机13812 3 4 5 6 7 8") == "手机****5678"
    assert mask_text("编号138123 4 5 6 7 8") == "编号138123 4 5 6 7 8"


# --- issue 22: any punctuation, brackets or runs of spaces between the groups ------------------------

_NEW_SEPARATORS = ["，", "：", ",", ":", "|", "_", "*", "~", "～", "｜", "＿", "＊", "；", ";", "(", ")", "（", "）",
                   "【", "】", "[", "]", "「", "」", "《", "》", "<", ">", "#", "=", "'", '"', "。", "！", "?",
                   "    ", "\u3000\u3000\u3000\u3000", "     "]


@pytest.mark.parametrize("sep", _NEW_SEPARATORS)
def test_numbers_grouped_with_any_punctuation_are_masked(sep: str) -> None:
    assert mask_text(f"卡号6222{sep}0212{sep}3456{sep}7894。") == "卡号****7894。"
    assert mask_text(f"手机138{sep}1234{sep}5678") == "手机****5678"
    assert mask_text(f"身份证110105{sep}19491231{sep}002X") == "身份证****002X"


@pytest.mark.parametrize("text, expected", [
    ("(138)(1234)(5678)", "(****5678)"),
    ("【6222】【0212】【3456】【7894】", "【****7894】"),
    ("卡号：6222 ,0212, 3456 ,7894", "卡号：****7894"),
    ("手机 138 |  1234 | 5678 ", "手机 ****5678 "),
    ("6222_0212_3456_7894|138_1234_5678", "****7894|****5678"),
    ("手机号是：138，1234，5678，谢谢", "手机号是：****5678，谢谢"),
])
def test_brackets_and_mixed_punctuation(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", [
    "欠了2,000,000元，每月还1,500.00元",
    "5000，3000，2000，1500",
    "还款日：2024-04-23，账单日：2024年4月5日",
    "工作时间 09:00-18:00，周一至周五",
    "利率：18.25%，日息0.05%",
    "欠款（本金）52,000.00元（利息3,600元）",
    "第1期|第2期|第3期",
    "招行:25000 | 建行:18000 | 工行:9000",
    "分12期，每期2,680.50元；分24期，每期1,390元",
    "2024/4/23～2024/5/23",
    "卡号****7894，手机****5678",
    "****7894 ****5678",
    "房租 1500    生活费 1000    水电 200",
])
def test_amounts_and_dates_with_the_new_separators_survive(text: str) -> None:
    assert mask_text(text) == text


_ANY_SEPARATOR = st.one_of(
    st.text(alphabet=st.sampled_from(_SEPARATORS + _NEW_SEPARATORS[:-3]), min_size=1, max_size=3),
    st.integers(4, 8).map(lambda n: " " * n),
    st.tuples(st.sampled_from(["，", "|", "_", "*", "~", "：", "(", ")"]), st.integers(0, 4))
    .map(lambda t: " " * t[1] + t[0] + " " * t[1]),
)


@st.composite
def separated(draw, number: str, groupings: list[list[int]]) -> str:
    sizes = draw(st.sampled_from(groupings))
    groups, pos = [], 0
    for size in sizes:
        groups.append(number[pos : pos + size])
        pos += size
    if pos < len(number):
        groups.append(number[pos:])
    assume(len(groups) == 1 or not all(g.endswith("00") for g in groups))
    written = groups[0]
    for group in groups[1:]:
        written += draw(_ANY_SEPARATOR) + group
    return written


@settings(max_examples=300, deadline=None)
@given(data=st.data(), prefix=_TEXT_AROUND, suffix=_TEXT_AROUND)
def test_property_no_8_digits_survive_whatever_separates_the_groups(data, prefix, suffix) -> None:
    kind = data.draw(st.sampled_from(["card", "mobile", "id"]))
    if kind == "card":
        number = data.draw(luhn_cards().filter(lambda c: len(c) == 16))
        written = data.draw(separated(number, [[4, 4, 4, 4]]))
    elif kind == "mobile":
        number = data.draw(mobiles())
        written = data.draw(separated(number, [[3, 4, 4], [3, 3, 5], [4, 3, 4], [3, 8]]))
    else:
        number = data.draw(id_numbers())
        written = data.draw(separated(number[:17], [[6, 8], [6, 4, 4], [3, 3, 4, 4]])) + number[17]
    _assert_hidden(mask_text(prefix + written + suffix), [number])


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.dates(), min_size=1, max_size=3), amounts=st.lists(_WRITTEN_AMOUNTS, max_size=3),
       sep=st.sampled_from(["，", ",", "|", "：", "；", " | ", "    ", "～", "_"]),
       date_format=st.sampled_from(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]))
def test_property_dates_and_amounts_with_any_separator_untouched(days, amounts, sep, date_format) -> None:
    text = sep.join([d.strftime(date_format) for d in days] + [f"{a:,}" for a in amounts])
    assert mask_text(text) == text


@pytest.mark.parametrize("text", ["2000-01-01，771,993，608,171，982,115", "2000-01-01 | 7,937,015 | 925,112 | 266,799",
                                  "2000-01-01,585,400,510,300,581,900", "欠了361,600，361,600，361,600"])
def test_amounts_written_with_thousands_commas_are_never_masked(text):
    # found by the separator property test (hypothesis, fresh-clone run of 7 December): two or more amounts
    # in a row were read as one card or ID number
    assert mask_text(text) == text


@pytest.mark.parametrize("text, number", [("手机138,123 45678", "13812345678"),
                                          ("卡号6222,0212,3456,7890", "6222021234567890")])
def test_a_number_with_a_comma_group_of_three_is_still_masked(text, number):
    assert number[-4:] in mask_text(text) and number not in re.sub(r"\D", "", mask_text(text))
