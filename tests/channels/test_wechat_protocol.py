"""Unit tests of the pure WeChat protocol helpers (no server)."""
from __future__ import annotations

import hashlib
import re

import pytest
import xmltodict
from hypothesis import given, settings
from hypothesis import strategies as st
from wechatpy.crypto import WeChatCrypto

from bot.channels import wechat_protocol as wp

TOKEN = "unit-token"
APP_ID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def text_xml(content: str = "你好", msg_id: str = "1234567890123456", **extra: str) -> str:
    fields = {
        "ToUserName": "gh_account",
        "FromUserName": "oUser_openid_1",
        "CreateTime": "1700000000",
        "MsgType": "text",
        "Content": content,
        "MsgId": msg_id,
        **extra,
    }
    inner = "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items())
    return f"<xml>{inner}</xml>"


def event_xml(event: str, msg_type: str = "event") -> str:
    return (
        "<xml><ToUserName><![CDATA[gh_account]]></ToUserName>"
        "<FromUserName><![CDATA[oUser_openid_1]]></FromUserName>"
        f"<CreateTime>1700000001</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


# ---------------------------------------------------------------------------------------------
# signatures


def test_signature_is_sha1_of_the_sorted_strings():
    expected = hashlib.sha1("".join(sorted([TOKEN, "1700000000", "nonce42"])).encode()).hexdigest()
    assert wp.compute_signature(TOKEN, "1700000000", "nonce42") == expected
    assert wp.signature_is_valid(TOKEN, expected, "1700000000", "nonce42")


def test_msg_signature_includes_the_ciphertext():
    expected = hashlib.sha1("".join(sorted([TOKEN, "1", "n", "CIPHER"])).encode()).hexdigest()
    assert wp.compute_signature(TOKEN, "1", "n", "CIPHER") == expected
    assert wp.signature_is_valid(TOKEN, expected, "1", "n", "CIPHER")
    assert not wp.signature_is_valid(TOKEN, expected, "1", "n", "OTHER")


@pytest.mark.parametrize(
    "signature", ["", "0" * 40, "not hex at all", "签名"], ids=["empty", "zeros", "junk", "non-ascii"]
)
def test_wrong_signatures_are_refused(signature):
    assert not wp.signature_is_valid(TOKEN, signature, "1700000000", "nonce42")


def test_signature_depends_on_token_timestamp_and_nonce():
    good = wp.compute_signature(TOKEN, "1700000000", "nonce42")
    assert not wp.signature_is_valid("other-token", good, "1700000000", "nonce42")
    assert not wp.signature_is_valid(TOKEN, good, "1700000001", "nonce42")
    assert not wp.signature_is_valid(TOKEN, good, "1700000000", "nonce43")


# ---------------------------------------------------------------------------------------------
# parsing


def test_parse_text_message():
    message = wp.parse_message(text_xml("我欠招商银行两万五").encode("utf-8"))
    assert message.type == "text"
    assert message.content == "我欠招商银行两万五"
    assert message.source == "oUser_openid_1"
    assert message.target == "gh_account"
    assert message.id == 1234567890123456
    assert wp.message_kind(message) == "text"
    assert wp.dedup_key(message) == "msg:1234567890123456"


@pytest.mark.parametrize(
    ("xml", "kind"),
    [
        (event_xml("subscribe"), "subscribe"),
        (event_xml("unsubscribe"), "unsubscribe"),
        (event_xml("CLICK"), "event"),
        (event_xml("SOME_FUTURE_EVENT"), "event"),
        (text_xml(MsgType="image", PicUrl="http://x/y.jpg", MediaId="m"), "unsupported"),
        (text_xml(MsgType="voice", MediaId="m", Format="amr"), "voice"),
        (text_xml(MsgType="video", MediaId="m", ThumbMediaId="t"), "unsupported"),
        (text_xml(MsgType="shortvideo", MediaId="m", ThumbMediaId="t"), "unsupported"),
        (text_xml(MsgType="location", Location_X="23.1", Location_Y="113.3", Scale="20", Label="广州"), "unsupported"),
        (text_xml(MsgType="link", Title="t", Description="d", Url="http://x"), "unsupported"),
        (text_xml(MsgType="music_of_the_future"), "unsupported"),
    ],
    ids=["subscribe", "unsubscribe", "click", "unknown-event", "image", "voice", "video", "shortvideo",
         "location", "link", "unknown-type"],
)
def test_message_kinds(xml, kind):
    assert wp.message_kind(wp.parse_message(xml)) == kind


def test_subscribe_by_qr_code_is_a_subscribe():
    xml = event_xml("subscribe").replace("</xml>", "<EventKey><![CDATA[qrscene_123]]></EventKey></xml>")
    assert wp.message_kind(wp.parse_message(xml)) == "subscribe"


def test_events_are_deduplicated_by_sender_and_create_time():
    key = wp.dedup_key(wp.parse_message(event_xml("subscribe")))
    assert key == "evt:oUser_openid_1:1700000001:subscribe"


def test_doctype_typed_by_a_user_inside_cdata_is_just_text():
    message = wp.parse_message(text_xml('<!DOCTYPE x [<!ENTITY a "b">]> &a; 怎么办'))
    assert message.content == '<!DOCTYPE x [<!ENTITY a "b">]> &a; 怎么办'


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"not xml",
        b"<xml><MsgType>text</MsgType>",  # unclosed
        b"<root><MsgType>text</MsgType></root>",  # wrong root
        b"<xml>just text</xml>",
        "<xml><MsgType>text</MsgType></xml>".encode("utf-16"),
        b"\xff\xfe<xml/>",
        text_xml().replace("<MsgType><![CDATA[text]]></MsgType>", "").encode(),  # no MsgType
        text_xml().replace("<FromUserName><![CDATA[oUser_openid_1]]></FromUserName>", "").encode(),
        text_xml(msg_id="not-a-number").encode(),
        text_xml().replace("1700000000", "yesterday").encode(),
        b"<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>event</MsgType></xml>",
        b"<xml>" + b"<a>" * 10 + b"</xml>",
    ],
    ids=["empty", "blank", "text", "unclosed", "wrong-root", "no-fields", "utf16", "bad-bytes",
         "no-msgtype", "no-from", "bad-msgid", "bad-createtime", "event-without-event", "mismatched"],
)
def test_malformed_messages_are_refused(body):
    with pytest.raises(wp.MalformedMessage):
        wp.parse_message(body)


def test_oversized_body_is_refused():
    with pytest.raises(wp.MalformedMessage):
        wp.parse_xml(text_xml("长" * wp.MAX_BODY_BYTES))


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<xml><MsgType>text</MsgType></xml>"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/evil.dtd">
<xml><MsgType>text</MsgType></xml>"""

BARE_DOCTYPE = "<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>"


@pytest.mark.parametrize(
    "body",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY, EXTERNAL_DTD, BARE_DOCTYPE],
    ids=["billion-laughs", "external-entity", "parameter-entity", "external-dtd", "bare-doctype"],
)
def test_dtd_and_entities_are_refused_before_expansion(body):
    with pytest.raises(wp.ForbiddenXML):
        wp.parse_xml(body)
    with pytest.raises(wp.ForbiddenXML):
        wp.parse_message(body.encode("utf-8"))
    # a refusal is a kind of malformed message (→ 400)
    assert issubclass(wp.ForbiddenXML, wp.MalformedMessage)


def test_undeclared_entity_reference_is_malformed():
    with pytest.raises(wp.MalformedMessage):
        wp.parse_message(text_xml().replace("<![CDATA[你好]]>", "&xxe;"))


def test_the_guard_runs_before_xmltodict_would_see_a_dtd(monkeypatch):
    seen = []
    real_parse = xmltodict.parse

    def spying_parse(*args, **kwargs):
        seen.append(kwargs.get("expat"))
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(wp.xmltodict, "parse", spying_parse)
    with pytest.raises(wp.ForbiddenXML):
        wp.parse_message(BILLION_LAUGHS)
    # exactly one parse, the guarded one; wechatpy's own parse never ran on it
    assert seen == [wp._GuardedExpat]


# ---------------------------------------------------------------------------------------------
# safe mode


@pytest.fixture()
def crypto() -> WeChatCrypto:
    return wp.make_crypto(TOKEN, AES_KEY, APP_ID)


def test_safe_mode_round_trip(crypto):
    plain = text_xml("逾期两个月会上征信吗？")
    envelope = crypto.encrypt_message(plain, "nonce7", "1700000000")
    fields = xmltodict.parse(envelope)["xml"]
    inner = wp.decrypt_envelope(crypto, envelope, fields["MsgSignature"], "1700000000", "nonce7")
    assert inner == plain
    assert wp.parse_message(inner).content == "逾期两个月会上征信吗？"


def test_encrypted_reply_decrypts_to_the_reply(crypto):
    message = wp.parse_message(text_xml())
    reply = wp.text_reply_xml(message, "您好，我是卡友助手。")
    envelope = wp.encrypt_reply(crypto, reply, "nonce8", "1700000002")
    fields = wp.parse_xml(envelope)
    assert set(fields) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert fields["Nonce"] == "nonce8" and fields["TimeStamp"] == "1700000002"
    assert wp.signature_is_valid(TOKEN, fields["MsgSignature"], "1700000002", "nonce8", fields["Encrypt"])
    decrypted = crypto.decrypt_message(envelope, fields["MsgSignature"], "1700000002", "nonce8")
    assert wp.parse_xml(decrypted)["Content"] == "您好，我是卡友助手。"


def test_safe_mode_wrong_msg_signature(crypto):
    envelope = crypto.encrypt_message(text_xml(), "n", "1")
    with pytest.raises(wp.InvalidSignature):
        wp.decrypt_envelope(crypto, envelope, "0" * 40, "1", "n")
    # the signature covers timestamp and nonce too
    signature = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    with pytest.raises(wp.InvalidSignature):
        wp.decrypt_envelope(crypto, envelope, signature, "2", "n")


def test_safe_mode_envelope_for_another_app_is_refused(crypto):
    other = WeChatCrypto(TOKEN, AES_KEY, "wxffffffffffffffff")
    envelope = other.encrypt_message(text_xml(), "n", "1")
    signature = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    with pytest.raises(wp.InvalidSignature):
        wp.decrypt_envelope(crypto, envelope, signature, "1", "n")


@pytest.mark.parametrize(
    "encrypt", ["not base64 !!", "QUJD", "A" * 64], ids=["junk", "short", "wrong-key-material"]
)
def test_safe_mode_garbage_ciphertext_is_malformed(crypto, encrypt):
    envelope = f"<xml><ToUserName>gh</ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    signature = wp.compute_signature(TOKEN, "1", "n", encrypt)
    with pytest.raises(wp.MalformedMessage):
        wp.decrypt_envelope(crypto, envelope, signature, "1", "n")


def test_safe_mode_envelope_without_encrypt_or_with_dtd(crypto):
    with pytest.raises(wp.MalformedMessage):
        wp.decrypt_envelope(crypto, "<xml><ToUserName>gh</ToUserName></xml>", "x", "1", "n")
    with pytest.raises(wp.ForbiddenXML):
        wp.decrypt_envelope(crypto, BILLION_LAUGHS, "x", "1", "n")


def test_decrypted_xml_with_dtd_is_still_refused(crypto):
    envelope = crypto.encrypt_message(BILLION_LAUGHS, "n", "1")
    signature = xmltodict.parse(envelope)["xml"]["MsgSignature"]
    inner = wp.decrypt_envelope(crypto, envelope, signature, "1", "n")
    with pytest.raises(wp.ForbiddenXML):
        wp.parse_message(inner)


@pytest.mark.parametrize("key", ["", "short", AES_KEY + "x", AES_KEY[:-1] + "!"])
def test_make_crypto_wants_the_43_character_key(key):
    with pytest.raises(ValueError):
        wp.make_crypto(TOKEN, key, APP_ID)


# ---------------------------------------------------------------------------------------------
# replies


def test_text_reply_swaps_sender_and_receiver():
    message = wp.parse_message(text_xml())
    fields = wp.parse_xml(wp.text_reply_xml(message, "您好"))
    assert fields["ToUserName"] == "oUser_openid_1"
    assert fields["FromUserName"] == "gh_account"
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "您好"
    assert int(fields["CreateTime"]) > 1_600_000_000


def test_text_reply_survives_cdata_terminator_and_control_characters():
    message = wp.parse_message(text_xml())
    content = "a]]>b <tag> & \x07 结束"
    fields = wp.parse_xml(wp.text_reply_xml(message, content))
    assert fields["Content"] == "a]]>b <tag> &  结束"


def test_mask_openid_hides_the_openid():
    tag = wp.mask_openid("oUser_openid_1")
    assert "oUser" not in tag and tag == wp.mask_openid("oUser_openid_1")
    assert tag != wp.mask_openid("oUser_openid_2")


# ---------------------------------------------------------------------------------------------
# splitting


def utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def assert_pieces_rebuild(text: str, pieces: list[str], limit: int) -> None:
    """Each piece is ≤ limit bytes, non-empty, trimmed, and pieces + whitespace gaps == text."""
    pos = 0
    for piece in pieces:
        assert piece and piece == piece.strip()
        assert utf8(piece) <= limit
        found = text.find(piece, pos)
        assert found >= 0, "piece is not a substring in order"
        assert text[pos:found].strip() == "", "non-whitespace lost between pieces"
        pos = found + len(piece)
    assert text[pos:].strip() == ""


pieces_alphabet = st.sampled_from(
    list("abc xyz 12") + list("欠款逾期征信银行利息违约金") + list("。，！？；、\n") + ["\n\n", "💳", "é", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(pieces_alphabet, max_size=1500).map("".join),
    limit=st.sampled_from([4, 5, 9, 40, 300, 2048]),
)
def test_split_pieces_rejoin_and_fit(text, limit):
    pieces = wp.split_text(text, limit)
    assert_pieces_rebuild(text, pieces, limit)
    if text.strip() == "":
        assert pieces == []
    # nothing but the whitespace at the cuts is lost
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=3000), limit=st.integers(min_value=4, max_value=2048))
def test_split_any_text(text, limit):
    assert_pieces_rebuild(text, wp.split_text(text, limit), limit)


def test_short_text_is_one_piece():
    assert wp.split_text("  你好  ") == ["你好"]


def test_split_prefers_paragraphs_then_sentences():
    para = "第一段。" * 100  # 1200 bytes
    text = f"{para}\n\n{para}\n\n{para}"
    pieces = wp.split_text(text, 2048)
    assert pieces == [para, para, para]
    sentences = "这是一句话，" * 60 + "完。" + "后面还有很多内容" * 60
    first = wp.split_text(sentences, 1200)[0]
    assert first.endswith("完。") or first.endswith("，")


def test_split_chinese_sentence_boundary():
    text = "甲" * 500 + "。" + "乙" * 500
    pieces = wp.split_text(text, 2048)
    assert pieces == ["甲" * 500 + "。", "乙" * 500]


def test_split_without_boundaries_cuts_hard_between_characters():
    text = "💳" * 600  # 4 bytes each
    pieces = wp.split_text(text, 2048)
    assert [len(p) for p in pieces] == [512, 88]


def test_split_needs_room_for_one_character():
    with pytest.raises(ValueError):
        wp.split_text("abc", 3)


def test_plan_reply_short_text_is_passive_only():
    assert wp.plan_reply("  你好  ", can_push=True) == ("你好", [])


def test_plan_reply_long_text_splits_when_it_can_push():
    text = "\n\n".join(f"第{i}段：" + "逾期后银行会收取利息和违约金。" * 20 for i in range(10))
    passive, rest = wp.plan_reply(text, can_push=True)
    assert rest
    assert_pieces_rebuild(text, [passive, *rest], wp.PASSIVE_TEXT_LIMIT_BYTES)


def test_plan_reply_long_text_is_shortened_with_a_note_when_it_cannot_push():
    text = "逾期后银行会收取利息和违约金。" * 300
    passive, rest = wp.plan_reply(text, can_push=False)
    assert rest == []
    assert utf8(passive) <= wp.PASSIVE_TEXT_LIMIT_BYTES
    assert passive.endswith(wp.TEXTS["truncated"])
    assert text.startswith(passive[: -len(wp.TEXTS["truncated"])])


# ---------------------------------------------------------------------------------------------
# Rasa messages → text


def test_render_text_buttons_images():
    messages = [
        {"recipient_id": "o", "text": "您好！我是卡友助手。"},
        {"recipient_id": "o", "text": "想先了解哪方面？", "buttons": [
            {"title": "逾期利息", "payload": "/ask_interest"},
            {"title": "征信影响", "payload": "/ask_credit_report"},
        ]},
        {"recipient_id": "o", "text": "也可以：", "buttons": [
            {"title": "找人工", "payload": "/request_human"},
            {"title": "官方说明", "type": "web_url", "url": "https://example.org/rules"},
        ]},
        {"recipient_id": "o", "image": "https://example.org/chart.png"},
        {"recipient_id": "o", "custom": {"text": "**注意**：请看[这里](https://example.org/a)"}},
        {"recipient_id": "o", "custom": {"chart": [1, 2, 3]}},
    ]
    rendered = wp.render_bot_messages(messages)
    assert rendered.options == ("/ask_interest", "/ask_credit_report", "/request_human")
    assert rendered.text == (
        "您好！我是卡友助手。\n\n"
        "想先了解哪方面？\n1. 逾期利息\n2. 征信影响\n\n"
        "也可以：\n3. 找人工\n官方说明：https://example.org/rules\n\n"
        "图片：https://example.org/chart.png\n\n"
        "注意：请看这里：https://example.org/a\n\n"
        + wp.TEXTS["options_hint"]
    )


def test_render_nothing():
    assert wp.render_bot_messages([]) == wp.RenderedReply("", ())


def test_button_without_payload_uses_its_title():
    rendered = wp.render_bot_messages([{"text": "选一个", "buttons": [{"title": "是"}]}])
    assert rendered.options == ("是",)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("1", "/a"), (" 2 ", "/b"), ("２", "/b"), ("2.", "/b"), ("3", "3"), ("0", "0"), ("1万", "1万"),
     ("一", "一"), ("", "")],
)
def test_resolve_option(answer, expected):
    assert wp.resolve_option(answer, ("/a", "/b")) == expected


def test_resolve_option_without_options_keeps_the_text():
    assert wp.resolve_option("1", ()) == "1"
