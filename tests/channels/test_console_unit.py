"""The staff console: the pure parts (forbidden-phrase checker, scripts, throttle, case fields) and the
channel in a real Sanic server on 127.0.0.1 over an in-memory case store, with a fake agent in place
of Rasa's."""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
import sqlalchemy as sa
import yaml
from rasa.core.channels.channel import register
from sanic import Sanic

from bot import facts as F
from bot.channels import console_checks as cc
from bot.channels import staff_policy as sp
from bot.channels.console import COOKIE_NAME, ConsoleInput
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from bot.store.repository import (
    MIN_PASSWORD_ITERATIONS,
    AuditRepository,
    CaseRepository,
    HandoffRepository,
    StaffRepository,
    Store,
    forget,
)

USER = "unit-staff"
PASSWORD = "correct horse 电池 staple"
CONTRACT_INTENTS = [
    "greet", "goodbye", "thanks", "affirm", "deny", "inform", "ask_interest", "ask_penalty_fee",
    "ask_min_payment", "ask_grace_period", "ask_installment", "ask_consequences", "ask_credit_report",
    "ask_collection_harassment", "ask_complaint_channel", "ask_lawsuit", "ask_criminal_risk",
    "ask_negotiate_plan", "request_plan_draft", "ask_third_party_agency", "express_distress",
    "request_human", "bot_challenge", "out_of_scope",
]


# ---------------------------------------------------------------------------------------------
# forbidden phrases


def phrases(text: str) -> list[tuple[str, str]]:
    return [(f.phrase, f.rule_id) for f in cc.check_reply(text)]


def test_the_brief_example_is_flagged_with_rules_sources_and_offsets():
    text = "再不还钱就通知你单位，让公安上门抓你"
    flags = cc.check_reply(text)
    assert [(f.phrase, f.rule_id) for f in flags] == [
        ("通知你单位", "employer_contact"),
        ("公安上门", "threat_arrest"),
        ("抓你", "threat_arrest"),
    ]
    for flag in flags:
        assert text[flag.start:flag.end] == flag.phrase
        assert flag.rule and flag.source and flag.suggestion
    assert "第六十八条" in flags[0].source


@pytest.mark.parametrize(
    "text, phrase, rule_id",
    [
        ("你再不还就等着坐牢吧", "坐牢", "threat_arrest"),
        ("我们已经准备立案抓人了", "立案抓", "threat_arrest"),
        ("逾期六个月就移交公安", "移交公安", "threat_arrest"),
        ("明天就打电话告诉你爸妈", "告诉你爸妈", "third_party_contact"),
        ("再不还就爆你通讯录", "爆你通讯录", "third_party_contact"),
        ("我们会联系您的领导", "联系您的领导", "employer_contact"),
        ("法院传票已下发，请注意查收", "法院传票已下发", "fake_legal_document"),
        ("我们这边马上给你发律师函", "发律师函", "fake_legal_document"),
        ("我是法院的，你听好了", "我是法院", "fake_legal_document"),
        ("你已经上了黑名单", "黑名单", "exaggerated_consequence"),
        ("再不还就全国通缉", "通缉", "exaggerated_consequence"),
        ("你的孩子以后不能考公", "孩子以后不能考公", "exaggerated_consequence"),
        ("这会影响你家三代", "影响你家", "exaggerated_consequence"),
        ("你这个老赖", "老赖", "insult"),
        ("你就是个骗子", "你就是个骗子", "insult"),
        ("半夜也给你打电话", "半夜也给你打", "night_or_excessive_calls"),
        ("每天给你打爆电话", "打爆电话", "night_or_excessive_calls"),
        ("把你的照片发到朋友圈", "照片发到朋友圈", "public_exposure"),
        ("明天去你单位堵你", "去你单位堵", "visit_threat"),
    ],
)
def test_each_kind_of_forbidden_phrase_is_flagged(text, phrase, rule_id):
    # overlapping matches of one rule merge, so the flagged phrase may be a little longer
    found = phrases(text)
    assert any(rule == rule_id and phrase in flagged for flagged, rule in found), found


@pytest.mark.parametrize(
    "text",
    [
        "您好，您的账单已逾期45天，欠款25,000元，请问您这个月方便还多少？",
        "单纯还不上不会坐牢，恶意透支要同时满足多项法定条件。",
        "您好，逾期不会因为还不上就坐牢。",
        "您不用担心会被抓，我们一起商量还款计划。",
        "我们不会联系您的家人或单位，只和您本人沟通。",
        "不存在所谓的黑名单，逾期记录在还清后保存5年。",
        "银行不得冒充法院或公安，也不得在晚上十点以后给您打电话。",
        "我们不会在晚上十点以后给您打电话。",
        "请警惕收费的代理机构，直接联系银行就可以申请个性化分期。",
        "个性化分期最长60期，是否同意以审核为准。",
        "您可以拨打12378投诉，遇到威胁请拨打110。",
    ],
)
def test_compliant_replies_are_not_flagged(text):
    assert cc.check_reply(text) == []


# issue 21: contacting the employer, the workplace or colleagues about the debt, in any wording
EMPLOYER_BLOCKED = [
    "通知你们公司人事部门", "给你们HR打电话", "去你上班的地方找你", "再不还我们就联系你们单位", "我们会打电话到你公司",
    "明天发函到你单位", "找你们老板谈谈", "跟你们领导反映一下你的情况", "让你们人事从工资里扣",
    "我们会到你工作单位核实情况", "你们单位很快就会知道你欠钱", "你同事都会接到电话", "我们会给你的同事打电话",
    "到时候你们公司领导都知道了", "我们上你们厂里去找你", "到时候单位开除你别怪我们", "你这样会丢工作的",
    "联系你们HR", "给您单位打个电话", "向你们公司通报", "我们会通知单位", "去你们公司 闹", "给你们ＨＲ打电话",
    "给你们hr打电话", "通知你单位", "我们去单位找你", "你的工作保不住了", "我们直接跟你们财务说", "找你上司",
    "告诉您的同事", "我们会去您工作的地方", "不还的话，我们就给你领导打电话",
]
EMPLOYER_COMPLIANT = [
    "我们不会联系你单位", "我们不会联系您的单位，也不会告诉您的同事", "我们只和您本人沟通，不会给您的公司打电话",
    "您可以向您的单位人事申请开具收入证明", "您可以联系您公司的人事部门开收入证明", "请您先和单位财务确认发薪日",
    "请问您现在的工作单位还是原来那家吗？", "您方便在上班的地方接电话吗？", "我们不会去您上班的地方找您",
    "除非联系不上您本人，否则我们不会联系您的单位", "这笔欠款只和您本人有关，您的单位和同事不会知道",
    "您下班后方便的时候再联系我们就行", "我们公司的客服会在工作时间回复您", "您可以跟您的领导说明情况，申请调整发薪日",
    "如果工资发放有变化，您可以告诉我们新的发薪日", "收入证明请您自己向单位申请", "我们绝不会到您单位找您",
    "您的工作单位信息我们只用于核实本人身份", "您可以先和公司财务确认一下奖金发放时间",
    "请您给人事打个电话问问公积金能不能提取", "我们不得向您的单位透露欠款",
]


@pytest.mark.parametrize("text", EMPLOYER_BLOCKED)
def test_contacting_the_employer_or_workplace_is_flagged_with_its_rule_and_a_rewrite(text):
    flags = [f for f in cc.check_reply(text) if f.rule_id == "employer_contact"]
    assert flags, phrases(text)
    flag = flags[0]
    assert text[flag.start:flag.end] == flag.phrase
    assert "单位" in flag.rule and "第六十八条" in flag.source
    # the rewrite offered is itself compliant
    assert flag.suggestion and cc.check_reply(flag.suggestion) == []


@pytest.mark.parametrize("text", EMPLOYER_COMPLIANT)
def test_compliant_mentions_of_the_workplace_are_not_flagged(text):
    assert cc.check_reply(text) == [], phrases(text)


# UI session 7, C7: a promise of the bank's decision went out as 「已发送」 (DOMAIN.md §5: the bank *may* agree)
PROMISE_BLOCKED = [
    "您这个情况银行肯定会同意停息的，放心。", "银行一定能给您减免违约金", "我保证给你停息", "这种情况包过",
    "分期申请肯定没问题", "这个肯定能批下来", "百分之百能停息", "银行绝对会答应分期的", "减免一定能谈下来",
]
PROMISE_COMPLIANT = [
    "银行不一定会同意停息", "银行未必会同意减免", "不能保证银行会同意", "是否同意由银行决定，停息不保证",
    "我们一定会帮您把材料准备好", "您肯定能还上的，加油", "一定要按时还款", "您一定可以申请个性化分期",
    "银行肯定会给您回电话",
]


@pytest.mark.parametrize("text", PROMISE_BLOCKED)
def test_a_promise_of_the_banks_decision_is_flagged_with_its_rule_and_a_rewrite(text):
    flags = [f for f in cc.check_reply(text) if f.rule_id == "promised_outcome"]
    assert flags, phrases(text)
    flag = flags[0]
    assert text[flag.start:flag.end] == flag.phrase
    assert "银行" in flag.rule and "第七十条" in flag.source
    assert flag.suggestion and cc.check_reply(flag.suggestion) == []


@pytest.mark.parametrize("text", PROMISE_COMPLIANT)
def test_saying_the_bank_decides_is_not_a_promise(text):
    assert [p for p in phrases(text) if p[1] == "promised_outcome"] == []


def test_a_negation_must_stand_right_before_the_phrase():
    # 「没有」 here is part of the condition, not a reassurance
    assert ("抓你", "threat_arrest") in phrases("没有还钱就抓你")
    assert ("坐牢", "threat_arrest") in phrases("不还，就坐牢")


def test_spacing_and_full_width_tricks_are_caught_and_offsets_point_into_the_original():
    text = "公 安\u200b上门，ＳＢ"
    flags = cc.check_reply(text)
    assert [(f.phrase, f.rule_id) for f in flags] == [("公 安\u200b上门", "threat_arrest"), ("ＳＢ", "insult")]
    for flag in flags:
        assert text[flag.start:flag.end] == flag.phrase


def test_rules_file_is_complete():
    rules = cc.load_forbidden_rules()
    assert {r.id for r in rules} >= {
        "threat_arrest", "third_party_contact", "fake_legal_document", "exaggerated_consequence", "insult",
        "night_or_excessive_calls", "employer_contact", "promised_outcome",
    }
    for rule in rules:
        assert rule.rule and rule.source and rule.certainty in F.CERTAINTIES and rule.patterns


# ---------------------------------------------------------------------------------------------
# scripts


def test_every_contract_intent_has_a_script_and_every_script_is_compliant():
    data = cc.load_scripts()
    assert set(CONTRACT_INTENTS) <= set(data["intents"])
    for intent in [*data["intents"], None]:
        script = cc.suggest_script(intent, bank="招商银行")
        assert script.text and script.label
        assert cc.check_reply(script.text) == [], (intent, phrases(script.text))
        for source in script.sources:
            assert source["text"] and source["certainty"] in F.CERTAINTIES


def test_practice_items_are_said_as_usual_not_as_fact():
    # DOMAIN.md: anything marked [practice] is said with 通常/一般
    data = yaml.safe_load(cc.SCRIPTS_FILE.read_text(encoding="utf-8"))
    for intent in ("ask_interest", "ask_penalty_fee", "ask_min_payment", "ask_grace_period", "ask_consequences"):
        text = data["intents"][intent]["script"]
        assert "通常" in text or "一般" in text, intent


def test_script_carries_the_figures_and_the_criminal_block():
    from bot.finance import consequences, project_overdue

    figures = project_overdue(25000, 45, bank="招商银行").to_dict()
    report = consequences(45, 25000, bank="招商银行").to_dict()
    script = cc.suggest_script("ask_criminal_risk", figures=figures, consequences=report)
    # figures to be read aloud, not 「25,000.00元」
    from bot.spoken import speak_yuan

    assert "欠款两万五千元产生利息" in script.text and "25,000.00" not in script.text
    assert f"利息{speak_yuan(Decimal(str(figures['total_interest'])), estimate=True)}" in script.text
    # the question answered first, from the assessment: the verdict, then every condition
    lines = script.text.split("\n")
    assert lines[0] == report["criminal"]["summary"]
    assert [line.split("：")[1].split("（")[0] for line in lines[1:5]] == ["不满足", "无法判断", "不满足", "无法判断"]
    assert "征信上一般会记为逾期31到60天（报告里的还款状态代码是2）" in script.text
    assert cc.check_reply(script.text) == []


def test_unknown_conditions_are_never_said_not_met():
    from bot.finance import consequences

    report = consequences(200, 80000).to_dict()  # the days make it possible; nothing known of collections
    text = cc.criminal_answer(report["criminal"])
    assert "经发卡银行两次有效催收，且两次间隔至少30天：无法判断" in text
    assert "以非法占有为目的（不能仅凭还不上就认定）：无法判断" in text
    assert report["criminal"]["summary"] in text.split("\n")[0]


def test_a_call_script_answers_every_question_asked_once_each():
    from bot.finance import consequences, project_overdue

    figures = project_overdue(60000, 120, bank="招商银行").to_dict()
    report = consequences(120, 60000, bank="招商银行").to_dict()
    script = cc.call_script(["ask_criminal_risk", "inform", "ask_interest", "ask_criminal_risk", "ask_consequences"],
                            figures=figures, consequences=report)
    assert script.intent == "ask_criminal_risk+ask_interest+ask_consequences"
    text = script.text
    assert text.startswith("1. 关于询问刑事风险：" + report["criminal"]["summary"])
    assert "\n2. 关于" in text and "\n3. 关于" in text and "\n4. " not in text
    assert text.count("今天一次还清合计") == 1  # the figures once, at the end
    assert text.count(report["criminal"]["summary"]) == 1  # never the same block twice
    # the timeline in its order: what applies now before what may come
    now_at, later_at = text.index("现在："), text.index("之后可能：")
    assert now_at < later_at
    assert "欠款六万元产生利息" in text and "合计约六万七千六百元" in text  # the principal is exact (违约金 not charged on 违约金: issue 23)
    assert "[law]" not in text and "[practice]" not in text
    assert cc.check_reply(text) == []


def test_untag_replaces_raw_certainty_tags():
    assert cc.untag({"a": ["依据 [law]", "x[practice]"], "b": 1}) == {"a": ["依据（法律规定）", "x（通常做法）"], "b": 1}


# ---------------------------------------------------------------------------------------------
# case fields and the throttle


def test_form_fields_override_the_words():
    entities = [
        {"entity": "bank", "value": "招商银行"},
        {"entity": "debt_amount", "value": 25000.0},
        {"entity": "overdue_days", "value": 45.0},
    ]
    fields = cc.merge_fields(entities, {"debt_amount": Decimal("30000"), "bank": "工行"},
                             canonical_bank=lambda b: {"工行": "工商银行"}.get(b))
    assert fields.bank == "工商银行" and fields.debt_amount == Decimal("30000") and fields.overdue_days == 45
    assert fields.origin == {"bank": "form", "debt_amount": "form", "overdue_days": "text"}


def test_an_amount_of_unknown_role_counts_as_the_debt():
    fields = cc.merge_fields([{"entity": "amount", "value": 8000.0}], {})
    assert fields.debt_amount == Decimal("8000.0")


@pytest.mark.parametrize(
    "body, field",
    [({"debt_amount": "abc"}, "debt_amount"), ({"overdue_days": 4.5}, "overdue_days"),
     ({"monthly_income": -1}, "monthly_income"), ({"debt_amount": 1e12}, "debt_amount"),
     ({"bank": 3}, "bank"), ({"debt_amount": True}, "debt_amount")],
)
def test_bad_form_fields_name_the_field(body, field):
    with pytest.raises(cc.FieldError) as info:
        cc.form_fields(body)
    assert info.value.field == field


# ---------------------------------------------------------------------------------------------
# the channel over HTTP


class FakeAgent:
    """Stands in for rasa's Agent: parse_message only."""

    def __init__(self, intent: str = "ask_criminal_risk") -> None:
        self.intent = intent
        self.parsed: list[str] = []

    def is_ready(self) -> bool:
        return True

    async def parse_message(self, text: str) -> dict[str, Any]:
        from bot.nlu.extract import extract_entities

        self.parsed.append(text)
        return {
            "text": text,
            "intent": {"name": self.intent, "confidence": 0.91},
            "intent_ranking": [{"name": self.intent, "confidence": 0.91},
                               {"name": "ask_consequences", "confidence": 0.05}],
            "entities": extract_entities(text),
        }


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


_app_names = itertools.count()


@dataclass
class Console:
    base: str
    channel: ConsoleInput
    engine: Any
    clock: Clock
    agent: FakeAgent
    http: aiohttp.ClientSession
    sessions: list

    def client(self, source: str = "127.0.0.1") -> aiohttp.ClientSession:
        """Another browser, connecting from `source` (any 127.x.y.z is this machine on Linux)."""
        http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=60),
            connector=aiohttp.TCPConnector(local_addr=(source, 0), limit=0),
        )
        self.sessions.append(http)
        return http

    async def login_from(self, http: aiohttp.ClientSession, password: str = PASSWORD, user: str = USER,
                         headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
        async with http.post(self.url("/login"), json={"username": user, "password": password},
                             headers=headers or {}) as resp:
            return resp.status, await resp.json(content_type=None), resp

    def url(self, path: str) -> str:
        return f"{self.base}/webhooks/console{path}"

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any, aiohttp.ClientResponse]:
        async with self.http.post(self.url(path), json=body, **kwargs) as resp:
            data = await resp.json(content_type=None) if resp.content_type == "application/json" else await resp.text()
            return resp.status, data, resp

    async def get(self, path: str) -> tuple[int, str, aiohttp.ClientResponse]:
        async with self.http.get(self.url(path), allow_redirects=False) as resp:
            return resp.status, await resp.text(), resp

    async def login(self, password: str = PASSWORD, user: str = USER) -> tuple[int, Any, aiohttp.ClientResponse]:
        return await self.post("/login", {"username": user, "password": password})

    def audit_actions(self) -> list[str]:
        with self.engine.connect() as conn:
            return [row.action for row in conn.execute(sa.text("SELECT action FROM audit_events ORDER BY id"))]

    def audit_rows(self) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT * FROM audit_events ORDER BY id")))


@pytest.fixture
async def make_console(tmp_path):
    started: list[tuple[Any, aiohttp.ClientSession]] = []
    engines = []

    async def make(engine: Any = None, **kwargs: Any) -> Console:
        # a SQLite file, as in production (an in-memory one is a single connection shared by every
        # thread, which concurrent requests cannot use); one engine may be shared by two consoles:
        # two workers (or replicas) over one case store
        if engine is None:
            engine = make_engine(f"sqlite:///{tmp_path / f'cases-{len(engines)}.db'}")
            engines.append(engine)
        upgrade(engine=engine)
        store = Store(CaseRepository(engine), HandoffRepository(engine), AuditRepository(engine),
                      StaffRepository(engine, iterations=MIN_PASSWORD_ITERATIONS))
        clock = Clock()
        config = {"staff_user": USER, "staff_password": PASSWORD, "session_ttl_minutes": 30,
                  "session_idle_minutes": 15,
                  "store": store, "clock": clock, "trusted_proxies": ""}
        config.update(kwargs)
        channel = ConsoleInput(**config)
        agent = FakeAgent()
        Sanic.test_mode = True
        app = Sanic(f"console_test_{next(_app_names)}")
        register([channel], app, route="/webhooks/")
        app.ctx.agent = agent
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
        await server.startup()
        await server.start_serving()
        # unsafe=True: keep cookies for 127.0.0.1 (an IP address)
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     timeout=aiohttp.ClientTimeout(total=30))
        sessions = [http]
        started.append((server, sessions))
        return Console(f"http://127.0.0.1:{sock.getsockname()[1]}", channel, engine, clock, agent, http, sessions)

    yield make
    for server, sessions in started:
        for http in sessions:
            await http.close()
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
    for engine in engines:
        engine.dispose()


async def test_without_a_session_the_page_is_the_login_and_every_api_refuses(make_console):
    c = await make_console()
    status, html, resp = await c.get("/")
    assert status == 200 and 'id="login-form"' in html
    assert resp.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    for path, body in [("/api/analyze", {"text": "你好"}), ("/api/check_reply", {"text": "你好"}),
                       ("/api/send", {"text": "你好"})]:
        status, data, _ = await c.post(path, body)
        assert status == 401 and data["login_required"] is True and "登录" in data["error"]
    status, _, _ = await c.get("/api/me")
    assert status == 401
    assert c.audit_actions() == []  # nothing happened, nothing to record


async def test_wrong_password_is_refused_in_chinese_and_audited(make_console):
    c = await make_console()
    status, data, resp = await c.login("wrong password")
    assert status == 401 and data["error"] == "用户名或密码错误，请重新输入。"
    assert COOKIE_NAME not in resp.cookies
    status, _, _ = await c.login(PASSWORD, user="13812345678")
    assert status == 401
    rows = c.audit_rows()
    assert [r.action for r in rows] == ["login_failed", "login_failed"]
    assert rows[0].staff_username == USER and rows[1].staff_username == "****5678"


async def test_only_the_password_hash_is_kept(make_console):
    c = await make_console()
    await c.login()
    assert c.channel._staff_password is None
    with c.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM staff_users")).scalar_one()
        tokens = list(conn.execute(sa.text("SELECT token_hash FROM staff_sessions")).scalars())
    assert stored.startswith("pbkdf2_sha256$") and PASSWORD not in stored
    cookie = c.http.cookie_jar.filter_cookies(c.url("/"))[COOKIE_NAME].value
    assert tokens and cookie not in tokens and len(tokens[0]) == 64


async def test_login_sets_a_strict_http_only_cookie_and_opens_the_console(make_console):
    c = await make_console()
    status, data, resp = await c.login()
    assert status == 200 and data == {"ok": True, "user": USER, "role": "agent", "session_minutes": 30,
                                      "idle_minutes": 15}
    header = resp.headers["Set-Cookie"]
    assert f"{COOKIE_NAME}=" in header
    assert "HttpOnly" in header and "SameSite=Strict" in header
    assert "Path=/webhooks/console" in header and "Max-Age=1800" in header
    assert "Secure" not in header  # plain HTTP here; set behind HTTPS
    status, html, _ = await c.get("/")
    assert status == 200 and 'id="analyze-form"' in html
    status, text, _ = await c.get("/api/me")
    assert status == 200 and USER in text
    assert c.audit_actions() == ["login"]


async def test_analyze_gives_intent_figures_consequences_and_a_compliant_script(make_console):
    c = await make_console()
    await c.login()
    status, data, _ = await c.post("/api/analyze", {
        "text": "招行欠了两万五，逾期45天，会不会坐牢？我的卡号6225880123456789", "monthly_income": "5000",
    })
    assert status == 200, data
    assert data["intent"]["name"] == "ask_criminal_risk" and data["intent"]["label"] == "询问刑事风险"
    assert "6225880123456789" not in data["text"] and "6225880123456789" not in c.agent.parsed[0]
    fields = data["fields"]
    assert fields["bank"] == "招商银行" and fields["debt_amount"] == 25000.0 and fields["overdue_days"] == 45
    assert fields["monthly_income"] == 5000.0 and fields["origin"]["monthly_income"] == "form"
    figures = data["figures"]
    assert figures["principal"] == 25000.0 and figures["total_interest"] > 0 and figures["total_penalty"] > 0
    report = data["consequences"]
    assert report["credit_code"] == "2"
    assert report["criminal"]["status"] == "not_met" and report["criminal"]["certainty"] == "law"
    assert any(stage["source"] for stage in report["stages"])
    script = data["script"]
    assert script["intent"] == "ask_criminal_risk" and script["sources"]
    assert cc.check_reply(script["text"]) == []
    rows = c.audit_rows()
    assert [r.action for r in rows] == ["login", "analyze"]
    assert "6225880123456789" not in str(rows[-1].detail)


async def test_analyze_with_form_fields_only_and_bad_fields(make_console):
    c = await make_console()
    await c.login()
    status, data, _ = await c.post("/api/analyze", {"debt_amount": 60000, "overdue_days": 200, "bank": "工行"})
    assert status == 200
    assert data["intent"] is None and data["fields"]["bank"] == "工商银行"
    assert data["figures"]["total_owed"] > 60000 and data["consequences"]["credit_code"] == "7"
    status, data, _ = await c.post("/api/analyze", {"text": "", "overdue_days": "abc"})
    assert status == 400 and data["field"] == "overdue_days"
    status, data, _ = await c.post("/api/analyze", {"text": "   "})
    assert status == 400 and "客户的原话" in data["error"]


async def test_check_reply_flags_and_send_is_refused_until_clean(make_console):
    c = await make_console()
    await c.login()
    bad = "再不还钱就通知你单位，让公安上门抓你"
    status, data, _ = await c.post("/api/check_reply", {"text": bad})
    assert status == 200 and data["ok"] is False
    assert {f["phrase"] for f in data["flags"]} == {"通知你单位", "公安上门", "抓你"}
    assert all({"phrase", "rule", "source", "start", "end"} <= set(f) for f in data["flags"])
    status, data, _ = await c.post("/api/send", {"text": bad})
    assert status == 422 and data["ok"] is False and data["flags"]
    good = "您好，我们可以一起商量一个您能承受的还款计划，您看每月还多少比较合适？"
    status, data, _ = await c.post("/api/check_reply", {"text": good})
    assert status == 200 and data == {"ok": True, "flags": []}
    status, data, _ = await c.post("/api/send", {"text": good, "sender_id": "web-123"})
    assert status == 200 and data["ok"] is True and data["audit_id"]
    rows = c.audit_rows()
    assert [r.action for r in rows] == ["login", "check_reply", "send_blocked", "check_reply", "send"]
    assert rows[-1].sender_id == "web-123" and good in rows[-1].detail


async def test_session_expires_after_the_ttl_however_active(make_console):
    c = await make_console(session_ttl_minutes=30, session_idle_minutes=15)
    await c.login()
    for _ in range(2):  # busy all along: 14 + 14 minutes, each a request
        c.clock.now += timedelta(minutes=14)
        assert (await c.get("/api/me"))[0] == 200
    c.clock.now += timedelta(minutes=2, seconds=1)  # 30 min after the login
    status, _, resp = await c.get("/api/me")
    assert status == 401
    status, html, _ = await c.get("/")
    assert 'id="login-form"' in html


async def test_session_ends_after_15_idle_minutes_and_each_request_restarts_them(make_console):
    c = await make_console(session_ttl_minutes=600, session_idle_minutes=15)
    status, data, resp = await c.login()
    assert data["idle_minutes"] == 15 and "Max-Age=36000" in resp.headers["Set-Cookie"]
    c.clock.now += timedelta(minutes=14, seconds=59)
    assert (await c.get("/api/me"))[0] == 200  # activity: 15 more minutes from now
    c.clock.now += timedelta(minutes=14, seconds=59)
    assert (await c.get("/api/me"))[0] == 200
    # the queue's own polling is no activity
    c.clock.now += timedelta(minutes=10)
    assert (await c.get("/api/queue"))[0] == 200
    c.clock.now += timedelta(minutes=5, seconds=1)
    assert (await c.get("/api/queue"))[0] == 401
    assert (await c.get("/api/me"))[0] == 401


async def test_logout_ends_the_session(make_console):
    c = await make_console()
    await c.login()
    cookie = c.http.cookie_jar.filter_cookies(c.url("/"))[COOKIE_NAME].value
    status, data, resp = await c.post("/logout", {})
    assert status == 200 and "Max-Age=0" in resp.headers["Set-Cookie"]
    # even a client that keeps the old cookie is refused
    async with c.http.get(c.url("/api/me"), headers={"Cookie": f"{COOKIE_NAME}={cookie}"}) as resp:
        assert resp.status == 401
    assert c.audit_actions() == ["login", "logout"]


async def test_repeated_failures_are_throttled_even_for_the_right_password(make_console):
    c = await make_console()
    for _ in range(3):  # ThrottlePolicy.free_failures
        assert (await c.login("guess"))[0] == 401
    status, data, resp = await c.login()
    assert status == 429 and data["error"] == "登录尝试过于频繁，请 2 秒后再试。"
    assert resp.headers["Retry-After"] == "2"
    assert c.audit_actions()[-1] == "login_throttled"
    c.clock.now += timedelta(seconds=2)
    assert (await c.login())[0] == 200  # the back-off is over and the success clears it
    assert (await c.login("guess"))[0] == 401
    assert (await c.login("guess"))[0] == 401


async def test_cross_origin_and_non_json_posts_are_refused(make_console):
    c = await make_console()
    status, data, _ = await c.post("/login", {"username": USER, "password": PASSWORD},
                                   headers={"Origin": "https://evil.example"})
    assert status == 403
    async with c.http.post(c.url("/login"), data={"username": USER, "password": PASSWORD}) as resp:
        assert resp.status == 400
    await c.login()
    status, _, _ = await c.post("/api/check_reply", {"text": "你好"}, headers={"Origin": "https://evil.example"})
    assert status == 403


async def test_without_configured_account_login_is_unavailable(make_console):
    c = await make_console(staff_user="", staff_password="")
    status, data, _ = await c.login()
    assert status == 503 and "KAYOU_STAFF_USER" in data["error"]


async def test_console_assets_are_served_but_nothing_else(make_console):
    c = await make_console()
    for name in ("console.js", "console.css", "login.js"):
        assert (await c.get(f"/static/{name}"))[0] == 200
    for name in ("console.html", "../console.py", "%2e%2e/console_forbidden.yml"):
        assert (await c.get(f"/static/{name}"))[0] == 404


# ---------------------------------------------------------------------------------------------
# issue 14: accounts, throttle, proxy, cookies (each test fails on the code before the fix)


async def test_hammering_one_account_from_elsewhere_does_not_lock_its_user_out(make_console):
    c = await make_console()
    attackers = [c.client("127.0.0.2"), c.client("127.0.0.3")]
    answers = [(await c.login_from(http, "guess"))[0] for _ in range(8) for http in attackers]
    assert answers.count(401) == 6 and answers.count(429) == 10  # 3 tries per address, then waits
    # the real user, at their own desk, logs in at once
    status, data, _ = await c.login_from(c.client("127.0.0.1"))
    assert status == 200, data
    # and an attacker keeps waiting, without locking anyone else
    assert (await c.login_from(attackers[0], PASSWORD))[0] == 429


async def test_parallel_logins_cannot_bypass_the_throttle(make_console):
    c = await make_console()
    http = c.client()
    answers = await asyncio.gather(*(c.login_from(http, f"guess-{i}") for i in range(24)))
    statuses = [a[0] for a in answers]
    assert statuses.count(401) == sp.ThrottlePolicy().free_failures
    assert statuses.count(429) == 24 - sp.ThrottlePolicy().free_failures


async def test_two_workers_on_one_case_store_share_the_throttle(make_console, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    try:
        workers = [await make_console(engine=engine), await make_console(engine=engine)]
        clients = [w.client() for w in workers]

        async def attempt(i: int) -> int:
            w = workers[i % 2]
            return (await w.login_from(clients[i % 2], f"guess-{i}"))[0]

        statuses = await asyncio.gather(*(attempt(i) for i in range(20)))
        assert statuses.count(401) == sp.ThrottlePolicy().free_failures, statuses
        assert statuses.count(429) == 20 - sp.ThrottlePolicy().free_failures
    finally:
        engine.dispose()


async def test_clients_behind_a_trusted_proxy_get_their_own_throttle_key(make_console):
    c = await make_console(trusted_proxies="127.0.0.1")
    http = c.client()
    attacker, user = {"X-Forwarded-For": "203.0.113.5"}, {"X-Forwarded-For": "203.0.113.6"}
    for _ in range(3):
        assert (await c.login_from(http, "guess", headers=attacker))[0] == 401
    assert (await c.login_from(http, PASSWORD, headers=attacker))[0] == 429
    assert (await c.login_from(http, PASSWORD, headers=user))[0] == 200
    ips = [json.loads(r.detail)["ip"] for r in c.audit_rows()]
    assert ips == ["203.0.113.5"] * 4 + ["203.0.113.6"]


async def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(make_console):
    c = await make_console()  # no trusted proxy
    http = c.client()
    for i in range(3):
        assert (await c.login_from(http, "guess", headers={"X-Forwarded-For": f"198.51.100.{i}"}))[0] == 401
    # a fresh made-up address does not buy a fresh key
    assert (await c.login_from(http, "guess", headers={"X-Forwarded-For": "198.51.100.99"}))[0] == 429
    assert {json.loads(r.detail)["ip"] for r in c.audit_rows()} == {"127.0.0.1"}


async def test_cookie_is_secure_behind_a_tls_proxy_and_only_then(make_console):
    c = await make_console(trusted_proxies="127.0.0.1")
    status, _, resp = await c.login_from(c.client(), headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    header = resp.headers["Set-Cookie"]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Strict" in header
    status, _, resp = await c.login_from(c.client(), headers={"X-Forwarded-Proto": "http"})
    assert status == 200 and "Secure" not in resp.headers["Set-Cookie"]
    # the same header from a peer that is not a trusted proxy proves nothing
    plain = await make_console()
    status, _, resp = await plain.login_from(plain.client(), headers={"X-Forwarded-Proto": "https"})
    assert status == 200 and "Secure" not in resp.headers["Set-Cookie"]


async def test_a_renamed_bootstrap_account_stops_working(make_console, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    try:
        before = await make_console(engine=engine, staff_user="alice")
        assert (await before.login(user="alice"))[0] == 200
        cookie = before.http.cookie_jar.filter_cookies(before.url("/"))[COOKIE_NAME].value
        # restart with KAYOU_STAFF_USER renamed to bob
        after = await make_console(engine=engine, staff_user="bob")
        assert (await after.login(user="bob"))[0] == 200
        async with after.client().get(after.url("/api/me"), headers={"Cookie": f"{COOKIE_NAME}={cookie}"}) as resp:
            assert resp.status == 401
        assert (await after.login_from(after.client("127.0.0.2"), user="alice"))[0] == 401
        accounts = {a.username: a for a in after.channel.store().staff.list_users()}
        assert not accounts["alice"].active and accounts["bob"].active and accounts["bob"].bootstrap
        # and with the variable unset, no bootstrap account is left at all
        unset = await make_console(engine=engine, staff_user="", staff_password="")
        assert (await unset.login(user="bob"))[0] == 503  # no account left: "not configured"
        assert [a.username for a in after.channel.store().staff.list_users() if a.active] == []
    finally:
        engine.dispose()


async def test_a_disabled_account_cannot_log_in_and_its_sessions_end(make_console):
    c = await make_console()
    staff = c.channel.store().staff
    staff.add_user("wang.li", "Sunny-Harbour-42", role="supervisor", now=c.clock())
    status, data, _ = await c.login("Sunny-Harbour-42", user="wang.li")
    assert status == 200 and data["role"] == "supervisor"
    status, text, _ = await c.get("/api/me")
    assert status == 200 and json.loads(text)["role"] == "supervisor" and json.loads(text)["role_label"] == "主管"
    staff.disable("wang.li", now=c.clock())
    assert (await c.get("/api/me"))[0] == 401
    assert (await c.login_from(c.client("127.0.0.2"), "Sunny-Harbour-42", user="wang.li"))[0] == 401
    staff.enable("wang.li")
    assert (await c.login_from(c.client("127.0.0.3"), "Sunny-Harbour-42", user="wang.li"))[0] == 200


async def test_a_weak_bootstrap_password_is_refused_with_one_log_line(make_console, caplog):
    caplog.set_level(logging.ERROR, logger="bot.channels.console")
    c = await make_console(staff_password="123456789012")
    status, data, _ = await c.login("123456789012")
    assert status == 503 and "python -m bot staff add" in data["error"]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [f"console: bootstrap account KAYOU_STAFF_USER={USER} refused, not usable: "
                      "密码不能全是数字，请加入字母或符号。"]


async def test_forget_erases_the_console_analysis_of_that_conversation(make_console, tmp_path):
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    engine = make_engine(url)
    try:
        c = await make_console(engine=engine)
        await c.login()
        words = "客户说：招行欠了两万五，逾期45天，我丈夫住院了"
        for sender in ("widget:abc", "widget:other"):
            status, _, _ = await c.post("/api/analyze", {"text": words, "sender_id": sender})
            assert status == 200
        status, _, _ = await c.post("/api/check_reply", {"text": "您好，我们一起商量", "sender_id": "widget:abc"})
        assert status == 200
        status, _, _ = await c.post("/api/analyze", {"text": words})  # no conversation: words not kept
        assert status == 200
        counts = forget("widget:abc", case_db_url=url, tracker_db_url=f"sqlite:///{tmp_path / 'none.db'}")
        assert counts["audit_events_redacted"] == 2
        rows = [r for r in c.audit_rows() if r.action in ("analyze", "check_reply")]
        assert "住院" not in str([r.detail for r in rows if r.sender_id != "widget:other"])
        assert [r.sender_id for r in rows] == [None, "widget:other", None, None]
        assert "住院" in str(rows[1].detail)  # someone else's conversation is kept
    finally:
        engine.dispose()


async def test_a_conversation_id_that_is_a_phone_number_is_refused(make_console):
    c = await make_console()
    await c.login()
    for path in ("/api/analyze", "/api/check_reply", "/api/send"):
        status, data, _ = await c.post(path, {"text": "您好", "sender_id": "13812345678"})
        assert status == 400 and data["field"] == "sender_id" and "手机号" in data["error"]


async def test_analyze_takes_no_hypothetical_or_offered_figure_for_a_fact(make_console):
    # issue 19: the console reads the words through the one reading (bot/nlu/reading.py)
    c = await make_console()
    await c.login()
    status, data, _ = await c.post("/api/analyze", {"text": "招行欠了两万五，先还5000，如果拖到130天会怎样"})
    assert status == 200, data
    fields = data["fields"]
    assert fields["debt_amount"] == 25000.0 and fields.get("overdue_days") is None, fields


def test_an_insult_is_flagged_after_a_negation_too():
    # issue 23 Tests (mutation survivor): the insult rule is not negatable — 「不是不要脸吗」 is still an insult; a
    # negatable rule keeps its reassurance (「不会坐牢」)
    assert ("不要脸", "insult") in phrases("您这样做不是不要脸吗？")
    assert ("老赖", "insult") in phrases("您不是老赖吗")
    assert not any(rule == "threat_arrest" for _, rule in phrases("您放心，不会坐牢"))
