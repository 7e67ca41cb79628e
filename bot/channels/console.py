"""Staff scripted-assistant console (话术助手) for bank customer-service staff: `/webhooks/console/`.

Enabled in credentials.yml with the key `bot.channels.console.ConsoleInput:`; configuration from the
environment through `bot.config.settings()`: KAYOU_STAFF_USER, KAYOU_STAFF_PASSWORD, KAYOU_STAFF_ROLE
(the bootstrap account), KAYOU_SESSION_IDLE_MINUTES (15), KAYOU_SESSION_TTL_MINUTES (600),
KAYOU_TRUSTED_PROXIES (bot.channels.proxy),
KAYOU_CASE_DB_URL (accounts, sessions, the login throttle and the audit log live in the case store).

Accounts: named, each with a role (agent | supervisor), made with `python -m bot staff add` (see
bot/store/staff_cli.py). KAYOU_STAFF_USER / KAYOU_STAFF_PASSWORD are a bootstrap for `make run` and the
tests: at start that one account is created or updated (`StaffRepository.sync_bootstrap`), and a former
bootstrap account (the variable renamed or unset) is disabled with its sessions. A bootstrap password
that fails the policy (`staff_policy.password_problem`) is refused with one ERROR log line and no
bootstrap account is usable; the bot itself still starts.

Routes (all under /webhooks/console):
    GET  /                      the console when logged in, else the login page
    GET  /static/<file>         the pages' scripts and styles
    POST /login                 {"username", "password"} → session cookie; 401 / 429 in Chinese
    POST /logout
    GET  /api/me                who is logged in, until when
    POST /api/analyze           customer's words (+ form fields) → intent, figures, consequences, script
    POST /api/check_reply       staff's draft → forbidden phrases (DOMAIN.md §6)
    POST /api/send              records the final reply in the audit log (refused while it has flags)
    …                           the handoff queue, tickets and the audit view: bot/channels/console_handoff.py

Security: passwords are kept only as PBKDF2 hashes; login compares in constant time (the store's
`check_password`) and is throttled per (account, client address) with an exponential back-off and per
client address with a cap, never per account alone (`staff_policy.ThrottlePolicy`: nobody can lock
a colleague out); the check and the count are one atomic step in the case store, so parallel logins
and several workers or replicas share it. The client address is the socket peer, or X-Forwarded-For
from a trusted proxy. The session cookie is a random token (only its SHA-256 is stored), HttpOnly,
SameSite=Strict, Path=/webhooks/console, Secure when the request came over TLS (directly or per a
trusted proxy's X-Forwarded-Proto); a session ends KAYOU_SESSION_IDLE_MINUTES after the agent's last
action (the page's polling of the queue is no action; the live updates of a page open and visible on the
agent's screen are presence and count, issue 21: an agent watching the queue stays logged in, a tab in the
background or behind a locked screen does not) and at the latest KAYOU_SESSION_TTL_MINUTES after
the login; a disabled account's sessions end at once. Every POST must be JSON and, when the
browser sends an Origin, same-origin. Every staff action goes to the audit table with masked text;
an API action whose audit row cannot be written is refused (503), so nothing happens unrecorded.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import console_checks as cc
from bot.channels import proxy
from bot.channels import staff_policy as sp
from bot.channels.widget import STATIC_ROOT, not_found, resolve_static, static_file_response
from bot.config import settings

logger = logging.getLogger(__name__)

COOKIE_NAME = "kayou_console"
COOKIE_PATH = "/webhooks/console"
MAX_USERNAME_CHARS = sp.MAX_USERNAME_CHARS
MAX_PASSWORD_CHARS = sp.MAX_PASSWORD_CHARS

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

MSG_BAD_LOGIN = "用户名或密码错误，请重新输入。"
MSG_NOT_CONFIGURED = (
    "控制台尚未配置登录账号（python -m bot staff add，或 KAYOU_STAFF_USER / KAYOU_STAFF_PASSWORD），请联系管理员。"
)
MSG_BAD_SUBJECT = "会话编号不能是手机号、身份证号或银行卡号，请填写对话的会话编号。"
MSG_STORE_DOWN = "案件库暂时无法访问，操作未执行，请稍后再试或联系管理员。"
MSG_LOGIN_REQUIRED = "请先登录，或登录已过期，请重新登录。"
MSG_JSON_REQUIRED = "请求体应为 JSON。"
MSG_BAD_ORIGIN = "请求来源不被允许。"
MSG_EMPTY_ANALYZE = "请粘贴客户的原话，或填写银行、欠款金额、逾期天数等情况。"
MSG_EMPTY_REPLY = "回复内容为空。"
MSG_REPLY_TOO_LONG = "回复过长（最多 {limit} 字），请精简后再检查。"
MSG_REPLY_FLAGGED = "回复中含有催收规范禁止的用语，请按提示修改后再发送。"
MSG_AGENT_NOT_READY = "对话模型尚未加载，意图暂时无法识别；下列数字和后果根据填写的情况计算。"
MSG_AGENT_FAILED = "意图识别暂时出错；下列数字和后果根据填写的情况和文字中的数字计算。"
MSG_NO_FIGURES = "填写欠款金额和逾期天数后，可以估算利息和违约金。"
MSG_NO_PRINCIPAL = "欠款本金未知，暂不评估恶意透支的刑事门槛。"


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> HTTPResponse:
    base = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    base.update(headers or {})
    return response.json(body, status=status, headers=base,
                         dumps=functools.partial(json.dumps, ensure_ascii=False))


def _error(message: str, status: int, **extra: Any) -> HTTPResponse:
    headers = extra.pop("headers", None)
    return _json({"error": message, **extra}, status=status, headers=headers)


class StoreUnavailable(RuntimeError):
    pass


class ConsoleInput(InputChannel):
    """The staff console; it never sends anything to a cardholder (the 'send' is a record)."""

    def __init__(
        self,
        staff_user: str | None = None,
        staff_password: str | None = None,
        session_ttl_minutes: int | None = None,
        *,
        store: Any = None,
        migrate: bool = True,
        static_dir: Path | str | None = None,
        throttle: sp.ThrottlePolicy | None = None,
        staff_role: str | None = None,
        trusted_proxies: str | None = None,
        clock: Callable[[], Any] | None = None,
        session_idle_minutes: int | None = None,
    ) -> None:
        config = settings()
        self.staff_user = staff_user if staff_user is not None else config.staff_user
        # kept only until it is hashed into the store (first request or server start)
        self._staff_password = staff_password if staff_password is not None else config.staff_password
        self.staff_role = staff_role if staff_role is not None else config.staff_role
        self.trusted_proxies = proxy.parse_trusted_proxies(
            trusted_proxies if trusted_proxies is not None else config.trusted_proxies
        )
        self.session_ttl = timedelta(
            minutes=session_ttl_minutes if session_ttl_minutes is not None else config.session_ttl_minutes
        )
        self.session_idle = timedelta(
            minutes=session_idle_minutes if session_idle_minutes is not None else config.session_idle_minutes
        )
        self._store = store
        self._migrate = migrate
        self.static_dir = Path(static_dir) if static_dir else STATIC_ROOT / "console"
        self.throttle = throttle or sp.ThrottlePolicy()
        self._clock = clock  # now() for the store (tests of expiry); None = the store's own clock
        self._ready = False
        self._ready_lock: asyncio.Lock | None = None

    @classmethod
    def name(cls) -> str:
        return "console"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ConsoleInput:
        # credentials.yml carries no secrets: everything comes from the environment
        return cls()

    # -----------------------------------------------------------------------------------------
    # store

    def store(self) -> Any:
        if self._store is None:
            from bot.store.repository import open_store

            self._store = open_store()
        return self._store

    def _now(self) -> dict[str, Any]:
        return {} if self._clock is None else {"now": self._clock()}

    async def ensure_ready(self) -> None:
        """Migrates the case store and hashes the configured password into it, once."""
        if self._ready:
            return
        if self._ready_lock is None:
            self._ready_lock = asyncio.Lock()
        async with self._ready_lock:
            if self._ready:
                return
            try:
                await asyncio.to_thread(self._prepare_store)
            except Exception as exc:
                logger.error("console: case store not ready: %s", exc)
                raise StoreUnavailable(str(exc)) from exc
            self._ready = True

    def _prepare_store(self) -> None:
        store = self.store()
        if self._migrate:
            from bot.store.migrate import upgrade

            upgrade(engine=store.staff.engine)
        user, password = self.staff_user, self._staff_password
        if user and password:
            problem = sp.username_problem(user) or sp.password_problem(user, password)
            if problem:
                logger.error("console: bootstrap account KAYOU_STAFF_USER=%s refused, not usable: %s",
                             user if not sp.username_problem(user) else "(invalid)", problem)
                password = None
        elif user:
            logger.error("console: KAYOU_STAFF_USER is set but KAYOU_STAFF_PASSWORD is empty; "
                         "bootstrap account not usable")
        try:
            result = store.staff.sync_bootstrap(user or None, password or None, role=self.staff_role,
                                                **self._now())
        except ValueError as exc:  # a bad KAYOU_STAFF_ROLE
            logger.error("console: bootstrap account refused: %s", exc)
            result = store.staff.sync_bootstrap(None, None, **self._now())
        if result.conflict:
            logger.error("console: KAYOU_STAFF_USER=%s names an account managed with `python -m bot staff`; "
                         "the environment's password is ignored", user)
        if result.disabled:
            logger.warning("console: former bootstrap account(s) %s disabled and logged out (KAYOU_STAFF_USER "
                           "no longer names them)", ", ".join(result.disabled))
        if result.account is not None:
            logger.info("console: bootstrap staff account %s (%s) ready", result.account.username,
                        result.account.role)
        # from here on only the hash in the store is used
        self._staff_password = None

    async def _audit(self, username: str, action: str, detail: dict[str, Any], **refs: Any) -> Any:
        from bot.privacy import mask_text

        # a failed login records the name that was typed, which may be anything (a phone number)
        who = mask_text(username or "")[:MAX_USERNAME_CHARS] or "(未知)"

        def write() -> Any:
            marked = detail
            if action in SUBJECT_ACTIONS and refs.get("sender_id"):
                marked = {**detail, **self._ticket_mark(who, refs["sender_id"])}
            return self.store().audit.record(who, action, marked, **refs, **self._now())

        return await asyncio.to_thread(write)

    def _ticket_mark(self, username: str, sender_id: str) -> dict[str, Any]:
        """What an audit row about a conversation says of the agent's standing: the ticket the agent holds
        for it, or that the agent wrote it outside any ticket of theirs (issue 22: any agent could write
        rows about any conversation, indistinguishable from a ticket's)."""
        ticket = self.store().handoffs.open_for(sender_id)
        if ticket is not None and ticket.status == "in_progress" and ticket.claimed_by == username:
            return {"ticket": ticket.ticket}
        return {"outside_ticket": True}

    async def _audit_quietly(self, username: str, action: str, detail: dict[str, Any]) -> None:
        try:
            await self._audit(username, action, detail)
        except Exception:
            logger.exception("console: could not write the audit row for %s", action)

    # -----------------------------------------------------------------------------------------
    # request helpers

    def client_address(self, request: Request) -> str:
        return proxy.client_address(request, self.trusted_proxies)

    @staticmethod
    def same_origin(request: Request) -> bool:
        origin = request.headers.get("origin")
        if not origin:
            return True  # not a browser cross-site request (browsers send Origin on POST)
        if origin == "null":
            return False
        return urlsplit(origin).netloc.lower() == (request.host or "").lower()

    @staticmethod
    def json_body(request: Request) -> dict[str, Any] | None:
        if not (request.content_type or "").lower().startswith("application/json"):
            return None
        try:
            body = request.json
        except Exception:  # sanic raises InvalidUsage on a body that is not JSON
            return None
        return body if isinstance(body, dict) else None

    def _set_cookie(self, resp: HTTPResponse, request: Request, token: str) -> None:
        resp.cookies[COOKIE_NAME] = token
        cookie = resp.cookies[COOKIE_NAME]
        cookie["path"] = COOKIE_PATH
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["max-age"] = int(self.session_ttl.total_seconds())
        if proxy.is_tls(request, self.trusted_proxies):
            cookie["secure"] = True

    def _clear_cookie(self, resp: HTTPResponse, request: Request) -> None:
        resp.cookies[COOKIE_NAME] = ""
        cookie = resp.cookies[COOKIE_NAME]
        cookie["path"] = COOKIE_PATH
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["max-age"] = 0
        if proxy.is_tls(request, self.trusted_proxies):
            cookie["secure"] = True

    async def session_account(self, request: Request, *, touch: bool = False) -> Any:
        """The logged-in account (`StaffUserRecord`: username, role), or None. `touch`: this request is
        activity, the idle timeout starts again (never past the session's lifetime)."""
        token = request.cookies.get(COOKIE_NAME)
        if not token or len(token) > 200:
            return None
        await self.ensure_ready()
        extra = {"idle": self.session_idle, "lifetime": self.session_ttl} if touch else {}
        return await asyncio.to_thread(self.store().staff.session_account, token, **extra, **self._now())

    async def session_user(self, request: Request) -> str | None:
        account = await self.session_account(request)
        return None if account is None else account.username

    # -----------------------------------------------------------------------------------------
    # the blueprint

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        console = Blueprint("kayou_console", __name__)
        channel = self

        @console.listener("before_server_start")
        async def prepare(_app: Any, _loop: Any) -> None:
            # hash the password at start rather than on the first login; a store that is down now
            # is retried on the first request
            try:
                await channel.ensure_ready()
            except StoreUnavailable:
                pass

        def page(name: str) -> HTTPResponse:
            path = resolve_static(channel.static_dir, name)
            if path is None:
                logger.error("console: %s missing under %s", name, channel.static_dir)
                return not_found()
            resp = static_file_response(path, csp=PAGE_CSP, max_age=0)
            resp.headers["Cache-Control"] = "no-store"
            resp.headers["X-Frame-Options"] = "DENY"
            return resp

        def require_session(handler: Callable[..., Awaitable[HTTPResponse]] | None = None, *,
                            touch: bool | Callable[[Request], bool] = True):
            """The handler only with a live session. `touch`: the request is the agent's activity and
            restarts the idle timeout (the page's own polling of the queue is not); a function of the
            request decides per request (the live updates of a page the agent has in view)."""
            if handler is None:
                return functools.partial(require_session, touch=touch)

            @functools.wraps(handler)
            async def wrapped(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
                if request.method == "POST" and not channel.same_origin(request):
                    return _error(MSG_BAD_ORIGIN, 403)
                try:
                    account = await channel.session_account(request, touch=touch(request) if callable(touch) else touch)
                except StoreUnavailable:
                    return _error(MSG_STORE_DOWN, 503)
                if account is None:
                    resp = _error(MSG_LOGIN_REQUIRED, 401, login_required=True)
                    if request.cookies.get(COOKIE_NAME):
                        channel._clear_cookie(resp, request)
                    return resp
                # handlers get the username (audit rows name the person); the role is on request.ctx
                request.ctx.staff = account
                return await handler(request, account.username, *args, **kwargs)

            return wrapped

        @console.route("", methods=["GET"], strict_slashes=True)
        async def without_slash(request: Request) -> HTTPResponse:
            return response.redirect(request.path + "/", status=301)

        @console.route("/", methods=["GET"], strict_slashes=True)
        async def index(request: Request) -> HTTPResponse:
            try:
                user = await channel.session_user(request)
            except StoreUnavailable:
                user = None
            return page("console.html" if user else "login.html")

        @console.route("/static/<name:path>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            path = resolve_static(channel.static_dir, name)
            if path is None or path.suffix not in (".js", ".css", ".svg", ".png", ".ico"):
                return not_found()
            return static_file_response(path, max_age=60)

        @console.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            if not channel.same_origin(request):
                return _error(MSG_BAD_ORIGIN, 403)
            body = channel.json_body(request)
            if body is None:
                return _error(MSG_JSON_REQUIRED, 400)
            username = body.get("username")
            password = body.get("password")
            if not isinstance(username, str) or not isinstance(password, str):
                return _error(MSG_BAD_LOGIN, 401)
            username = username.strip()[:MAX_USERNAME_CHARS]
            try:
                await channel.ensure_ready()
                if not await asyncio.to_thread(channel.store().staff.has_active_users):
                    return _error(MSG_NOT_CONFIGURED, 503)
            except Exception:
                logger.exception("console: login could not reach the store")
                return _error(MSG_STORE_DOWN, 503)
            address = channel.client_address(request)
            pair_key, address_key = sp.throttle_keys(username, proxy.address_key(address))
            staff = channel.store().staff
            try:
                # checked and counted in one step: parallel attempts cannot all pass
                wait = await asyncio.to_thread(staff.reserve_login, pair_key, address_key, channel.throttle,
                                               **channel._now())
            except Exception:
                logger.exception("console: login throttle unavailable")
                return _error(MSG_STORE_DOWN, 503)
            if wait:
                await channel._audit_quietly(username, "login_throttled", {"ip": address})
                return _error(sp.wait_message(wait), 429, headers={"Retry-After": str(wait)})
            if len(password) > MAX_PASSWORD_CHARS or not password:
                ok = False
            else:
                try:
                    ok = await asyncio.to_thread(staff.verify, username, password)
                except Exception:
                    logger.exception("console: login check failed")
                    return _error(MSG_STORE_DOWN, 503)
            if not ok:
                await channel._audit_quietly(username, "login_failed", {"ip": address})
                return _error(MSG_BAD_LOGIN, 401)
            try:
                await asyncio.to_thread(staff.login_succeeded, pair_key, address_key, channel.throttle,
                                        **channel._now())
                token = await asyncio.to_thread(
                    staff.create_session, username, ttl=min(channel.session_idle, channel.session_ttl),
                    **channel._now()
                )
                await channel._audit(username, "login", {"ip": address})
                account = await asyncio.to_thread(staff.get_user, username)
            except Exception:
                logger.exception("console: could not open a session")
                return _error(MSG_STORE_DOWN, 503)
            resp = _json({"ok": True, "user": username, "role": account.role,
                          "session_minutes": int(channel.session_ttl.total_seconds() // 60),
                          "idle_minutes": int(channel.session_idle.total_seconds() // 60)})
            channel._set_cookie(resp, request, token)
            return resp

        @console.route("/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            if not channel.same_origin(request):
                return _error(MSG_BAD_ORIGIN, 403)
            token = request.cookies.get(COOKIE_NAME)
            resp = _json({"ok": True})
            channel._clear_cookie(resp, request)
            if not token:
                return resp
            try:
                user = await channel.session_user(request)
                if user is not None:
                    await asyncio.to_thread(channel.store().staff.revoke_session, token)
                    await channel._audit_quietly(user, "logout", {"ip": channel.client_address(request)})
            except Exception:
                logger.exception("console: logout could not reach the store")
                return _error(MSG_STORE_DOWN, 503)
            return resp

        @console.route("/api/me", methods=["GET"])
        @require_session
        async def me(request: Request, user: str) -> HTTPResponse:
            role = request.ctx.staff.role
            return _json({"user": user, "role": role, "role_label": sp.ROLE_LABELS.get(role, role),
                          "session_minutes": int(channel.session_ttl.total_seconds() // 60),
                          "idle_minutes": int(channel.session_idle.total_seconds() // 60)})

        @console.route("/api/analyze", methods=["POST"])
        @require_session
        async def analyze(request: Request, user: str) -> HTTPResponse:
            body = channel.json_body(request)
            if body is None:
                return _error(MSG_JSON_REQUIRED, 400)
            raw_text = body.get("text")
            if raw_text is not None and not isinstance(raw_text, str):
                return _error("text 应为文字。", 400, field="text")
            try:
                form = cc.form_fields(body)
            except cc.FieldError as exc:
                return _error(f"{exc.field}：{exc.message}", 400, field=exc.field)
            refs, problem = _subject_refs(body)
            if problem:
                return _error(problem, 400, field="sender_id")
            result = await channel.analyze(request, raw_text or "", form)
            if result is None:
                return _error(MSG_EMPTY_ANALYZE, 400)
            try:
                # keyed by the conversation, so that `python -m bot forget <sender>` erases the
                # customer's words; without one the words are not kept, only what was computed
                detail = {"intent": (result["intent"] or {}).get("name"), "fields": result["fields"]}
                if refs.get("sender_id"):
                    detail["text"] = result["text"]
                else:
                    detail["text_chars"] = len(result["text"])
                await channel._audit(user, "analyze", detail, **refs)
            except Exception:
                logger.exception("console: audit of analyze failed")
                return _error(MSG_STORE_DOWN, 503)
            return _json(result)

        @console.route("/api/check_reply", methods=["POST"])
        @require_session
        async def check_reply(request: Request, user: str) -> HTTPResponse:
            body = channel.json_body(request)
            if body is None:
                return _error(MSG_JSON_REQUIRED, 400)
            text, problem = _reply_text(body)
            if problem:
                return _error(problem, 400, field="text")
            refs, problem = _subject_refs(body)
            if problem:
                return _error(problem, 400, field="sender_id")
            flags = cc.check_reply(text)
            try:
                await channel._audit(user, "check_reply", {
                    "text": text, "ok": not flags, "flags": [f.rule_id for f in flags],
                }, **refs)
            except Exception:
                logger.exception("console: audit of check_reply failed")
                return _error(MSG_STORE_DOWN, 503)
            return _json({"ok": not flags, "flags": [f.to_dict() for f in flags]})

        @console.route("/api/send", methods=["POST"])
        @require_session
        async def send(request: Request, user: str) -> HTTPResponse:
            body = channel.json_body(request)
            if body is None:
                return _error(MSG_JSON_REQUIRED, 400)
            text, problem = _reply_text(body)
            if problem:
                return _error(problem, 400, field="text")
            refs, problem = _subject_refs(body)
            if problem:
                return _error(problem, 400, field="sender_id")
            flags = cc.check_reply(text)
            try:
                if flags:
                    await channel._audit(user, "send_blocked", {
                        "text": text, "flags": [f.rule_id for f in flags]}, **refs)
                    return _json({"ok": False, "error": MSG_REPLY_FLAGGED,
                                  "flags": [f.to_dict() for f in flags]}, status=422)
                record = await channel._audit(user, "send", {"text": text}, **refs)
            except Exception:
                logger.exception("console: audit of send failed")
                return _error(MSG_STORE_DOWN, 503)
            return _json({"ok": True, "audit_id": getattr(record, "id", None),
                          "recorded_at": _iso(getattr(record, "created_at", None))})

        from bot.channels.console_handoff import add_routes

        add_routes(console, channel, require_session)
        return console

    # -----------------------------------------------------------------------------------------
    # analysis

    async def call_sheet(self, request: Request, conversation: dict[str, Any]) -> dict[str, Any] | None:
        """For an opened ticket: the figures and consequences of the conversation's case facts, and one
        script per question the customer asked (in the order asked), each with those figures."""
        slots = conversation.get("slots") or {}
        form: dict[str, Any] = {}
        bank = slots.get("bank")
        if isinstance(bank, str) and bank:
            form["bank"] = bank.split("、")[0]
        for name in ("debt_amount", "monthly_income"):
            value = slots.get(name)
            if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                form[name] = Decimal(str(value))
        if isinstance(slots.get("overdue_days"), (int, float)):
            form["overdue_days"] = int(slots["overdue_days"])
        result = await self.analyze(request, "", form) if form else None
        asked_text: dict[str, str] = {}
        for question in conversation.get("questions") or []:
            asked_text.setdefault(question.get("intent"), question.get("text"))
        asked = [
            {"intent": intent, "label": label, "asked": asked_text.get(intent), "text": text}
            for intent, label, text in cc.answers(
                [q.get("intent") for q in conversation.get("questions") or []],
                consequences=(result or {}).get("consequences"), bank=form.get("bank"))
        ]
        figures = _case_figures(conversation.get("case"), slots.get("overdue_days"), (result or {}).get("figures"))
        return {"figures": figures, "consequences": (result or {}).get("consequences"),
                "spoken": _spoken_figures(figures) if figures is not None else None,
                "fields": (result or {}).get("fields"), "notes": (result or {}).get("notes", []),
                "answers": asked}

    async def analyze(self, request: Request, raw_text: str, form: dict[str, Any]) -> dict[str, Any] | None:
        """Intent and entities of the customer's words (through the running agent), the merged case
        fields, the figures and consequences from the finance engine, and the suggested script."""
        from bot.channels.common import prepare_user_text
        from bot.finance import FinanceInputError, canonical_bank, consequences, project_overdue

        prepared = prepare_user_text(raw_text)
        text = prepared.text.lstrip("/")  # a leading "/" would make Rasa read an intent, not words
        if not text and not form:
            return None
        notes: list[str] = list(prepared.notes)
        parse: dict[str, Any] | None = None
        if text:
            agent = getattr(request.app.ctx, "agent", None)
            ready = agent is not None and getattr(agent, "is_ready", lambda: True)()
            if not ready:
                notes.append(MSG_AGENT_NOT_READY)
            else:
                try:
                    parse = await agent.parse_message(text)
                except Exception:
                    logger.exception("console: parsing the customer's words failed")
                    notes.append(MSG_AGENT_FAILED)
        # the facts from the one reading of the words (bot/nlu/reading.py, issue 19): a 「如果拖到130天」 or a
        # 「先还5000」 is no fact of the case, a corrected value replaces the one it corrects
        from bot.case import Case
        from bot.nlu.reading import fact_entities, read_turn

        entities = fact_entities(read_turn(text, Case()).facts) if text else []
        fields = cc.merge_fields(entities, form, canonical_bank)

        intent = None
        ranking: list[dict[str, Any]] = []
        if parse is not None and parse.get("intent"):
            raw_intent = parse["intent"]
            intent = {"name": raw_intent.get("name"), "confidence": _round(raw_intent.get("confidence")),
                      "label": cc.intent_label(raw_intent.get("name"))}
            ranking = [
                {"name": r.get("name"), "confidence": _round(r.get("confidence")),
                 "label": cc.intent_label(r.get("name"))}
                for r in (parse.get("intent_ranking") or [])[:3]
            ]

        figures = None
        if fields.debt_amount is not None and fields.overdue_days is not None and fields.debt_amount > 0:
            try:
                figures = project_overdue(fields.debt_amount, fields.overdue_days, bank=fields.bank).to_dict()
            except FinanceInputError as exc:
                notes.append(f"无法估算利息：{exc}")
        else:
            notes.append(MSG_NO_FIGURES)

        report = None
        if fields.overdue_days is not None:
            try:
                report = consequences(
                    fields.overdue_days, fields.debt_amount or 0, bank=fields.bank
                ).to_dict()
            except FinanceInputError as exc:
                notes.append(f"无法说明后果：{exc}")
            if report is not None and fields.debt_amount is None:
                report["criminal"] = None
                notes.append(MSG_NO_PRINCIPAL)

        questions = [intent["name"]] if intent else []
        if parse is not None:
            questions = await self._questions(request, text, questions)
        script = cc.call_script(questions, figures=figures, consequences=report, bank=fields.bank)
        return cc.untag({
            "text": text,
            "intent": intent,
            "intent_ranking": ranking,
            "entities": [
                {k: e.get(k) for k in ("entity", "value", "start", "end")} for e in entities
                if isinstance(e, dict)
            ],
            "fields": fields.to_dict(),
            "figures": figures,
            "consequences": report,
            "script": {"intent": script.intent, "label": script.label, "text": script.text,
                       "sources": list(script.sources)},
            "questions": questions,
            "spoken": _spoken_figures(figures),
            "notes": notes,
        })

    async def _questions(self, request: Request, text: str, whole: list[str]) -> list[str]:
        """The intent of each sentence the customer said (「我会不会被抓？利息多少？」 is two questions),
        in order; the whole text's intent when it is one sentence."""
        import re

        sentences = [p.strip() for p in re.split(r"(?<=[。？！?!；;])", text) if p.strip()]
        if len(sentences) < 2:
            return whole
        agent = request.app.ctx.agent
        found: list[str] = []
        for sentence in sentences[:8]:
            try:
                parsed = await agent.parse_message(sentence)
            except Exception:
                logger.exception("console: parsing a sentence failed")
                continue
            name = (parsed.get("intent") or {}).get("name")
            if name and name not in found:
                found.append(name)
        return found or whole


def _case_figures(case_slot: Any, slot_days: Any, figures: dict[str, Any] | None) -> dict[str, Any] | None:
    """The ticket's interest, 违约金 and total as the chat told them (UI session 7 C14: the widget said 1,655.40 /
    1,256.30, the console 1,655.41 / 1,256.29): each card's own projection by bot.whatif.totals, the function the
    chat's answer adds up with, summed as it does; `cards` the split per card. `figures` (the engine on the total
    at the first bank) stays for its rate and assumptions, or alone when the case has no card with an amount."""
    from bot import whatif
    from bot.case import Case

    if not isinstance(case_slot, dict):
        return figures
    days = int(slot_days) if isinstance(slot_days, (int, float)) and not isinstance(slot_days, bool) else None
    try:
        cards = whatif.case_cards(Case.from_slot(case_slot), days)
        if not cards or any(c.overdue_days is None for c in cards):
            return figures
        summed = whatif.totals(cards)
    except Exception:  # noqa: BLE001 (a figure the engine refuses: the engine's figures on the total, as before)
        logger.debug("console: no per-card figures for a ticket", exc_info=True)
        return figures
    out = dict(figures or {})
    out.update(
        principal=float(sum((c.principal for c in cards), Decimal(0))),
        total_interest=float(summed.interest), total_penalty=float(summed.penalty), total_owed=float(summed.owed),
        cards=[{"bank": c.bank, "principal": float(c.principal), "overdue_days": c.overdue_days,
                "total_interest": float(p.total_interest), "total_penalty": float(p.total_penalty),
                "total_owed": float(p.total_owed)} for c, p in zip(cards, summed.projections)],
    )
    return out


def _spoken_figures(figures: dict[str, Any] | None) -> dict[str, str] | None:
    """The figures as the agent reads them aloud (「约三千六百八十元」), beside the exact ones."""
    if not figures:
        return None
    from bot.spoken import speak_yuan

    out = {}
    for key, estimate in (("principal", False), ("total_interest", True), ("total_penalty", True),
                          ("total_owed", True)):
        value = figures.get(key)
        if value is not None:
            out[key] = speak_yuan(Decimal(str(value)), estimate=estimate)
    return out


def _reply_text(body: dict[str, Any]) -> tuple[str, str | None]:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        return "", MSG_EMPTY_REPLY
    if len(text) > cc.MAX_REPLY_CHARS:
        return "", MSG_REPLY_TOO_LONG.format(limit=cc.MAX_REPLY_CHARS)
    return text, None


# console actions about a customer that an agent may take with or without a ticket: their audit rows say which
SUBJECT_ACTIONS = frozenset({"analyze", "check_reply", "send", "send_blocked", "script_read", "check_done"})


def _subject_refs(body: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    """The conversation id and case id a console action is about (optional), as audit references.
    A conversation id is the key `forget` erases by, so it must not be a personal number."""
    from bot.privacy import mask_text

    refs = {}
    for name, limit in (("sender_id", 255), ("case_id", 32)):
        value = body.get(name)
        if isinstance(value, str) and value.strip():
            value = value.strip()[:limit]
            if mask_text(value) != value:
                return {}, MSG_BAD_SUBJECT
            refs[name] = value
    return refs, None


def _round(value: Any) -> float | None:
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
