"""The console's handoff queue and the supervisor's audit view: routes added to the console blueprint.

    GET  /api/queue?offset=              tickets not closed, oldest first, with their waiting time: a page of
                                         QUEUE_PAGE, the true `total` and the `next_offset` (null at the end)
    GET  /api/search?q=                  tickets by number (H000003) or conversation id
    GET  /api/ticket/<id>                the ticket, masked transcript, case facts, figures, call script
    POST /api/ticket/<id>/claim          take it (the database decides a race); pauses the bot
    POST /api/ticket/<id>/release        put it back in the queue; the bot answers again
    POST /api/ticket/<id>/reply          {"text"}: checked for forbidden phrases, sent on the channel
    POST /api/ticket/<id>/close          {"outcome", "note", "override"?}: closes a ticket in progress by this
                                         agent; the bot answers again (a supervisor: another's with
                                         "override": true)
    POST /api/ticket/<id>/transfer       {"to": username | "" (the queue), "note"}: hand it on with a note
    POST /api/ticket/<id>/note           {"text"}: an internal note (never sent to the cardholder)
    GET  /api/agents                     the active accounts a ticket can be handed to
    GET  /api/canned                     the canned replies (?all=1: with the retired ones, supervisor)
    POST /api/canned                     supervisor only, {"title", "text"}: checked like a reply, then kept
    POST /api/canned/<id>                supervisor only, {"title"?, "text"?, "active"?}: edit or retire
    POST /api/tickets/close_unclaimed    supervisor only, {"ids": [...] (≤ 500), "note"}: a flood closed as
                                         `duplicate` (only tickets nobody claimed); one audit row
    POST /api/record                     {"kind", "sender_id"|"case_id", "text"}: a script read / a check
    GET  /api/audit                      supervisor only: the audit log, filtered
    GET  /api/audit.csv                  supervisor only: the same as CSV

Every action is audited under the logged-in account before it takes effect (an audit row that cannot be
written refuses the action with 503); the outcome of a race or a delivery is audited after.
"""
from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import handoff as texts
from bot.channels import console_checks as cc
from bot.channels import handoff_desk as desk
from bot.store.repository import ticket_number

logger = logging.getLogger(__name__)

CHINA = ZoneInfo("Asia/Shanghai")
MAX_NOTE_CHARS = 500
AUDIT_PAGE = 200
QUEUE_PAGE = 200
# GET /api/live (issue 21): an answer comes at once when something changed, else after LIVE_WAIT_SECONDS
# (under nginx's proxy_read_timeout of 60 s); the state is read again every LIVE_CHECK_SECONDS
LIVE_WAIT_SECONDS = 20.0
LIVE_CHECK_SECONDS = 1.0
MAX_OFFSET = 1_000_000
AUDIT_CSV_MAX = 10_000

MSG_NO_TICKET = "找不到这个工单。"
MSG_TAKEN = "该工单已由 {who} 接手。"
MSG_CLOSED = "该工单已关闭。"
MSG_NOT_YOURS = "这个工单由 {who} 处理，您不能代为回复或关闭。"
MSG_NOT_CLAIMED = "请先点“接手”再回复。"
MSG_BAD_OUTCOME = "请选择处理结果。"
MSG_SUPERVISOR_ONLY = "只有主管账号可以查看审计日志。"
_MESSAGES = yaml.safe_load((Path(__file__).with_name("console_messages.yml")).read_text(encoding="utf-8"))
MSG_BAD_DATE = _MESSAGES["bad_date"]
MSG_BAD_TICKET_ID = _MESSAGES["bad_ticket_id"]
MSG_BAD_PAGE = _MESSAGES["bad_page"]
MSG_BAD_BULK = _MESSAGES["bad_bulk"]
MSG_SUPERVISOR_ONLY_ACTION = _MESSAGES["supervisor_only"]
MAX_BULK = 500
MSG_CUSTOMER_LEFT = _MESSAGES["customer_left"]
MSG_REPLY_CUSTOMER_LEFT = _MESSAGES["reply_customer_left"]
# the handoff outcomes, and 「客户已离开」 for a ticket whose cardholder started a new conversation (issue 21)
OUTCOME_LABELS = {**texts.OUTCOME_LABELS, "customer_left": _MESSAGES["outcome_customer_left"],
                  "customer_cancelled": _MESSAGES["outcome_customer_cancelled"]}
# a handoff message with this delivery marks the ticket's cardholder as gone (bot.channels.widget: /leave)
LEFT = desk.LEFT
# ticket ids are 32-bit integers in the case store (SERIAL on PostgreSQL); larger ones are refused early
MAX_TICKET_ID = 2**31 - 1
MSG_BAD_RECORD = "记录类型无效。"
MSG_PAUSE_FAILED = "工单已接手，但暂停机器人失败：机器人可能还会回答客户，请联系管理员。"
MSG_RESUME_FAILED = "工单已关闭，但恢复机器人失败，请联系管理员。"
MSG_STORE_DOWN = "案件库暂时无法访问，操作未执行，请稍后再试或联系管理员。"
MSG_JSON_REQUIRED = "请求体应为 JSON。"
RECORD_KINDS = {"script_read": "已向客户宣读话术", "check_done": "已完成核对"}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> HTTPResponse:
    base = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    base.update(headers or {})
    return response.json(body, status=status, headers=base, dumps=lambda v: json.dumps(v, ensure_ascii=False))


def _error(message: str, status: int, **extra: Any) -> HTTPResponse:
    return _json({"error": message, **extra}, status=status)


def ticket_json(ticket: Any, now: datetime, left: bool = False) -> dict[str, Any]:
    # how long the cardholder waited for a person: until an agent took it (or it was closed unclaimed)
    waited = (ticket.claimed_at or ticket.closed_at or now) - ticket.created_at
    return {
        "id": ticket.id,
        "ticket": ticket.ticket,
        "sender_id": ticket.sender_id,
        "channel": ticket.channel,
        "status": ticket.status,
        "reason": ticket.reason,
        "created_at": ticket.created_at.isoformat(),
        "waited_seconds": int(waited.total_seconds()),
        "waited": texts.describe_wait(waited),
        "claimed_by": ticket.claimed_by,
        "claimed_at": ticket.claimed_at.isoformat() if ticket.claimed_at else None,
        "closed_by": ticket.closed_by,
        "outcome": ticket.outcome,
        "outcome_label": OUTCOME_LABELS.get(ticket.outcome or ""),
        "note": ticket.note,
        # which tickets came from one client (a flood): the first characters of the address's HMAC
        "client": (ticket.client_key or "")[:8] or None,
        # the cardholder started a new conversation: nothing sent now reaches them
        "left": left,
        "left_note": MSG_CUSTOMER_LEFT if left else None,
        "left_label": OUTCOME_LABELS["customer_left"] if left else None,
        # distress was expressed in the conversation: first in the queue (DOMAIN §7)
        "distress": bool(getattr(ticket, "priority", 0)),
        "distress_label": _MESSAGES["distress_flag"] if getattr(ticket, "priority", 0) else None,
    }


def note_json(note: Any) -> dict[str, Any]:
    return {"id": note.id, "staff": note.staff_username, "kind": note.kind, "text": note.text,
            "at": note.created_at.isoformat(),
            "at_local": note.created_at.astimezone(CHINA).strftime("%m-%d %H:%M")}


def history_json(ticket: Any) -> dict[str, Any]:
    """An earlier ticket of the same conversation: when, who closed it and how it ended."""
    return {"id": ticket.id, "ticket": ticket.ticket, "status": ticket.status,
            "created_local": ticket.created_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M"),
            "closed_by": ticket.closed_by, "outcome": ticket.outcome,
            "outcome_label": OUTCOME_LABELS.get(ticket.outcome or ""), "note": ticket.note}


def canned_json(reply: Any) -> dict[str, Any]:
    return {"id": reply.id, "title": reply.title, "text": reply.text, "active": reply.active,
            "updated_by": reply.updated_by or reply.created_by,
            "updated_local": (reply.updated_at or reply.created_at).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")}


def _parse_day(value: str | None) -> datetime | None:
    """「2026-12-01」 as the start of that day in China's time, in UTC; ValueError when malformed or outside
    2000–2099 (year 1 or 9999 overflowed the arithmetic into a 500)."""
    if not value:
        return None
    day = datetime.strptime(value.strip()[:10], "%Y-%m-%d")
    if not 2000 <= day.year <= 2099:
        raise ValueError(f"year {day.year} out of range")
    return day.replace(tzinfo=CHINA).astimezone(timezone.utc)


def audit_row(record: Any) -> dict[str, Any]:
    return {
        "id": record.id,
        "at": record.created_at.isoformat(),
        "at_local": record.created_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
        "staff": record.staff_username,
        "action": record.action,
        "sender_id": record.sender_id,
        "case_id": record.case_id,
        "detail": record.detail,
        "forgotten": record.subject_forgotten,
    }


def add_routes(console: Blueprint, channel: Any, require_session: Any) -> None:
    """Adds the routes above to the console's blueprint (`channel` is the ConsoleInput)."""

    @console.middleware("request")
    async def ticket_id_in_range(request: Request) -> HTTPResponse | None:
        # before the route: a ticket id past the column's range overflowed the database driver (500)
        ticket_id = (getattr(request, "match_info", None) or {}).get("ticket_id")
        if isinstance(ticket_id, int) and not 0 < ticket_id <= MAX_TICKET_ID:
            return _error(MSG_BAD_TICKET_ID, 400, field="ticket_id")
        return None

    def store() -> Any:
        return channel.store()

    def now() -> datetime:
        return channel._clock() if channel._clock is not None else datetime.now(timezone.utc)

    def agent_of(request: Request) -> Any:
        agent = getattr(request.app.ctx, "agent", None)
        return agent if agent is not None and getattr(agent, "tracker_store", None) is not None else None

    async def load(ticket_id: int) -> Any:
        return await asyncio.to_thread(store().handoffs.get, ticket_id)

    def is_supervisor(request: Request) -> bool:
        return getattr(request.ctx.staff, "role", None) == "supervisor"

    async def audit(user: str, action: str, detail: dict[str, Any], **refs: Any) -> HTTPResponse | None:
        try:
            await channel._audit(user, action, detail, **refs)
        except Exception:
            logger.exception("console: audit of %s failed", action)
            return _error(MSG_STORE_DOWN, 503)
        return None

    async def tell_cardholder(request: Request, ticket: Any, text: str, author: str, user: str,
                              stored: int | None = None) -> desk.Delivery:
        """The message on the cardholder's channel, in the handoff messages and in the tracker. `stored`:
        the id of the handoff message already written (with the close): only its delivery is set."""
        agent = agent_of(request)
        if agent is None:
            delivery = desk.Delivery(desk.channel_of(ticket.sender_id) == "widget", "widget",
                                     texts.CONSOLE_TEXTS["delivered_widget"])
        else:
            delivery = await desk.deliver(agent, ticket.sender_id, text, now=now())
        if stored is not None:
            await asyncio.to_thread(store().handoffs.set_delivery, stored, delivery.delivery)
        else:
            await asyncio.to_thread(store().handoffs.add_message, ticket.id, author=author, text=text,
                                    delivery=delivery.delivery, staff_username=user, now=now())
        if agent is not None and author == "agent":
            try:
                await desk.record_agent_message(agent, ticket.sender_id, text, user, ticket.ticket)
            except Exception:
                logger.exception("console: the agent's reply could not be added to the tracker")
        return delivery

    async def hand_back(request: Request, ticket: Any, user: str) -> str | None:
        """放回队列: the bot answers again and the cardholder is told, in the chat and in the transcript, that
        the person left and the ticket still waits (UI session 7, C17). A warning for the console, or None."""
        agent = agent_of(request)
        text = _MESSAGES["handed_back"].format(ticket=ticket.ticket)
        warning = None
        if agent is not None:
            try:
                await desk.hand_back(agent, ticket.sender_id, ticket.ticket, user, text)
            except Exception:
                logger.exception("console: resuming the conversation failed")
                warning = MSG_RESUME_FAILED
        try:
            await tell_cardholder(request, ticket, text, "system", user)
        except Exception:
            logger.exception("console: the hand-back notice could not be delivered")
        return warning

    # ---------------------------------------------------------------------------------- queue

    @console.route("/api/queue", methods=["GET"])
    @require_session(touch=False)  # the page polls it: polling is not the agent's activity
    async def queue(request: Request, user: str) -> HTTPResponse:
        raw = (request.args.get("offset") or "0").strip()
        if not raw.isdigit() or len(raw) > 7 or int(raw) > MAX_OFFSET:
            return _error(MSG_BAD_PAGE, 400)
        offset = int(raw)

        def read() -> tuple[list[Any], int, set[int]]:
            handoffs = store().handoffs
            tickets = handoffs.list_open(limit=QUEUE_PAGE, offset=offset)
            return tickets, handoffs.count_open(), handoffs.with_delivery([t.id for t in tickets], LEFT)

        try:
            tickets, total, left = await asyncio.to_thread(read)
        except Exception:
            logger.exception("console: the queue could not be read")
            return _error(MSG_STORE_DOWN, 503)
        at = now()
        end = offset + len(tickets)
        rows = [await with_row_facts(request, ticket_json(t, at, t.id in left)) for t in tickets]
        return _json({"tickets": rows, "total": total, "offset": offset,
                      "next_offset": end if end < total else None, "now": at.isoformat(),
                      "hours": texts.configured_hours().describe()})

    async def with_row_facts(request: Request, row: dict[str, Any]) -> dict[str, Any]:
        """A queue row with its unread count and triage (distress, total owed, topic) from the tracker."""
        agent = agent_of(request)
        if agent is None:
            row.update({"unread": 0, "distress": False, "owed": None, "owed_kind": None, "topic": None})
            return row
        try:
            row.update(await desk.row_facts(agent, row["sender_id"], row["status"] == "in_progress" and not row["left"]))
        except Exception:  # noqa: BLE001 (a row without triage is better than no queue)
            logger.exception("console: triage of a queue row failed")
            row.update({"unread": 0, "distress": False, "owed": None, "owed_kind": None, "topic": None})
        return row

    async def live_state(request: Request, offset: int, ticket_id: int | None) -> dict[str, Any]:
        """What the desk shows and a token of the parts that change (not the waiting times)."""

        def read() -> tuple[list[Any], int, Any, set[int]]:
            handoffs = store().handoffs
            watched = handoffs.get(ticket_id) if ticket_id is not None else None
            tickets = handoffs.list_open(limit=QUEUE_PAGE, offset=offset)
            ids = [t.id for t in tickets] + ([watched.id] if watched is not None else [])
            return tickets, handoffs.count_open(), watched, handoffs.with_delivery(ids, LEFT)

        tickets, total, watched, left = await asyncio.to_thread(read)
        notes = (await asyncio.to_thread(store().handoffs.notes_of, watched.id)) if watched is not None else []
        agent = agent_of(request)
        at = now()
        rows = [await with_row_facts(request, ticket_json(t, at, t.id in left)) for t in tickets]
        ticket = None
        if watched is not None:
            conversation = (await desk.conversation_view(agent, watched.sender_id) if agent is not None
                            else {"transcript": [], "paused": False})
            # a cardholder who left reads nothing more: no 「新消息未回复」 for them (issue 21 trial)
            tracker_unread = (await desk.unanswered_of(agent, watched.sender_id)
                              if agent is not None and watched.status == "in_progress"
                              and watched.id not in left else 0)
            ticket = {"id": watched.id, "ticket": watched.ticket, "sender_id": watched.sender_id, "status": watched.status,
                      "claimed_by": watched.claimed_by,
                      "transcript": conversation["transcript"], "paused": conversation["paused"],
                      "unread": tracker_unread, "left": watched.id in left,
                      "distress": bool(conversation.get("distress")),
                      "notes": [note_json(n) for n in notes]}
        changing = {
            "queue": [(r["id"], r["status"], r["claimed_by"], r["unread"], r["left"], r["distress"], r["owed"], r["topic"])
                      for r in rows], "total": total,
            "ticket": None if ticket is None else (ticket["status"], ticket["claimed_by"], ticket["paused"], ticket["left"],
                                                   ticket["distress"], ticket["unread"],
                                                   [(line["role"], line["at"]) for line in ticket["transcript"]],
                                                   [n["id"] for n in ticket["notes"]]),
        }
        token = hashlib.sha256(json.dumps(changing, ensure_ascii=False, default=str).encode()).hexdigest()[:20]
        end = offset + len(tickets)
        return {"token": token, "tickets": rows, "total": total, "offset": offset,
                "next_offset": end if end < total else None, "now": at.isoformat(),
                "hours": texts.configured_hours().describe(), "ticket": ticket}

    def watching(request: Request) -> bool:
        """The page asks while it is visible (document.visibilityState): the agent watching the desk is
        present, the idle timeout starts again (never past the shift cap, KAYOU_SESSION_TTL_MINUTES)."""
        return request.args.get("visible") == "1"

    @console.route("/api/live", methods=["GET"])
    @require_session(touch=watching)
    async def live(request: Request, user: str) -> HTTPResponse:
        """Long polling (issue 21): answers when the queue or the watched ticket changed since the token
        `since`, or after LIVE_WAIT_SECONDS with the same token. An answer that carries the watched
        ticket's transcript anew is audited (`view_ticket_live`), as opening it is (`view_ticket`)."""
        raw = (request.args.get("offset") or "0").strip()
        if not raw.isdigit() or len(raw) > 7 or int(raw) > MAX_OFFSET:
            return _error(MSG_BAD_PAGE, 400)
        raw_ticket = (request.args.get("ticket") or "").strip()
        if raw_ticket and (not raw_ticket.isdigit() or not 0 < int(raw_ticket) <= MAX_TICKET_ID):
            return _error(MSG_BAD_TICKET_ID, 400, field="ticket")
        since = (request.args.get("since") or "").strip()[:64]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LIVE_WAIT_SECONDS
        while True:
            try:
                state = await live_state(request, int(raw), int(raw_ticket) if raw_ticket else None)
            except Exception:
                logger.exception("console: the live state could not be read")
                return _error(MSG_STORE_DOWN, 503)
            left = deadline - loop.time()
            if state["token"] != since or left <= 0:
                changed = state["token"] != since
                if changed and state["ticket"] is not None:
                    # the transcript went to the page again: recorded like opening the ticket
                    watched = state["ticket"]
                    denied = await audit(user, "view_ticket_live", {"ticket": watched["ticket"]},
                                         sender_id=watched["sender_id"])
                    if denied:
                        return denied
                return _json({**state, "changed": changed})
            await desk.CHANGES.wait(min(LIVE_CHECK_SECONDS, left))

    @console.route("/api/search", methods=["GET"])
    @require_session()
    async def search(request: Request, user: str) -> HTTPResponse:
        query = (request.args.get("q") or "").strip()[:255]
        if not query:
            return _error("请输入会话编号或工单号（如 H000003）。", 400, field="q")
        refs, problem = _refs({"sender_id": query})
        if problem:
            return _error(problem, 400, field="q")
        denied = await audit(user, "search", {"q": query})
        if denied:
            return denied
        try:
            tickets = await asyncio.to_thread(store().handoffs.find, query)
        except Exception:
            logger.exception("console: search failed")
            return _error(MSG_STORE_DOWN, 503)
        at = now()
        return _json({"tickets": [ticket_json(t, at) for t in tickets]})

    @console.route("/api/ticket/<ticket_id:int>", methods=["GET"])
    @require_session()
    async def view(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        denied = await audit(user, "view_ticket", {"ticket": ticket.ticket}, sender_id=ticket.sender_id)
        if denied:
            return denied
        agent = agent_of(request)
        conversation = (await desk.conversation_view(agent, ticket.sender_id) if agent is not None
                        else {"transcript": [], "case": None, "slots": {}, "paused": False, "questions": []})
        messages = await asyncio.to_thread(store().handoffs.messages_of, ticket.id)
        notes = await asyncio.to_thread(store().handoffs.notes_of, ticket.id)
        earlier = [t for t in await asyncio.to_thread(store().handoffs.list_for, ticket.sender_id, limit=20)
                   if t.id != ticket.id]
        analysis = await channel.call_sheet(request, conversation)
        return _json({
            "ticket": ticket_json(ticket, now(), any(m.delivery == LEFT for m in messages)),
            "transcript": conversation["transcript"],
            "case": conversation["case"],
            "slots": conversation["slots"],
            "paused": conversation["paused"],
            "distress": bool(conversation.get("distress")),
            "last_user_at": conversation.get("last_user_at"),
            "messages": [{"id": m.id, "author": m.author, "staff": m.staff_username, "text": m.text,
                          "delivery": m.delivery, "at": m.created_at.isoformat()} for m in messages],
            "analysis": analysis,
            "outcomes": [{"value": k, "label": v} for k, v in OUTCOME_LABELS.items()],
            "mine": ticket.claimed_by == user,
            "notes": [note_json(n) for n in notes],
            # the same conversation's earlier tickets and how they ended (a WeChat openid or a widget id)
            "history": [history_json(t) for t in earlier],
        })

    @console.route("/api/ticket/<ticket_id:int>/claim", methods=["POST"])
    @require_session()
    async def claim(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        denied = await audit(user, "claim", {"ticket": ticket.ticket}, sender_id=ticket.sender_id)
        if denied:
            return denied
        result = await asyncio.to_thread(store().handoffs.claim, ticket_id, user, now=now())
        if not result.claimed:
            current = result.ticket
            await channel._audit_quietly(user, "claim_lost", {"ticket": ticket.ticket,
                                                              "holder": getattr(current, "claimed_by", None)})
            if current is not None and current.status == "closed":
                return _error(MSG_CLOSED, 409)
            return _error(MSG_TAKEN.format(who=getattr(current, "claimed_by", None) or "其他同事"), 409)
        warning = None
        agent = agent_of(request)
        if agent is not None:
            try:
                await desk.pause(agent, ticket.sender_id, ticket.ticket, user)
            except Exception:
                logger.exception("console: pausing the conversation failed")
                warning = MSG_PAUSE_FAILED
        joined = texts.TEXTS["agent_joined"].format(ticket=ticket.ticket)
        delivery = await tell_cardholder(request, ticket, joined, "system", user)
        desk.CHANGES.notify()
        return _json({"ok": True, "ticket": ticket_json(result.ticket, now()), "warning": warning,
                      "delivery": delivery.message})

    @console.route("/api/ticket/<ticket_id:int>/release", methods=["POST"])
    @require_session()
    async def release(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        denied = await audit(user, "release", {"ticket": ticket.ticket}, sender_id=ticket.sender_id)
        if denied:
            return denied
        if not await asyncio.to_thread(store().handoffs.release, ticket_id, user):
            return _error(MSG_NOT_YOURS.format(who=ticket.claimed_by or "其他同事"), 409)
        warning = await hand_back(request, ticket, user)
        desk.CHANGES.notify()
        return _json({"ok": True, "warning": warning} if warning else {"ok": True})

    @console.route("/api/ticket/<ticket_id:int>/reply", methods=["POST"])
    @require_session()
    async def reply(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            return _error("回复内容为空。", 400, field="text")
        if len(text) > cc.MAX_REPLY_CHARS:
            return _error(f"回复过长（最多 {cc.MAX_REPLY_CHARS} 字），请精简后再发送。", 400, field="text")
        text = text.strip()
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        if ticket.status == "closed":
            return _error(MSG_CLOSED, 409)
        if ticket.claimed_by is None:
            return _error(MSG_NOT_CLAIMED, 409)
        if ticket.claimed_by != user:
            return _error(MSG_NOT_YOURS.format(who=ticket.claimed_by), 409)
        flags = cc.check_reply(text)
        if flags:
            denied = await audit(user, "reply_blocked", {"ticket": ticket.ticket, "text": text,
                                                         "flags": [f.rule_id for f in flags]},
                                 sender_id=ticket.sender_id)
            if denied:
                return denied
            return _json({"ok": False, "error": "回复中含有催收规范禁止的用语，请按提示修改后再发送。",
                          "flags": [f.to_dict() for f in flags]}, status=422)
        detail = {"ticket": ticket.ticket, "text": text}
        canned_id = body.get("canned_id")
        if isinstance(canned_id, int) and not isinstance(canned_id, bool):
            detail["canned_id"] = canned_id  # the canned reply the agent started from (it may have been edited)
        denied = await audit(user, "reply", detail, sender_id=ticket.sender_id)
        if denied:
            return denied
        if await asyncio.to_thread(store().handoffs.with_delivery, [ticket.id], LEFT):
            # the cardholder started a new conversation: the message would reach nobody
            await channel._audit_quietly(user, "reply_delivery", {"ticket": ticket.ticket, "ok": False,
                                                                  "delivery": LEFT})
            return _json({"ok": False, "delivered": False, "message": MSG_REPLY_CUSTOMER_LEFT, "delivery": LEFT})
        try:
            delivery = await tell_cardholder(request, ticket, text, "agent", user)
        except Exception:
            logger.exception("console: the reply could not be delivered")
            return _error(MSG_STORE_DOWN, 503)
        await channel._audit_quietly(user, "reply_delivery", {"ticket": ticket.ticket, "ok": delivery.ok,
                                                              "delivery": delivery.delivery})
        desk.CHANGES.notify()
        return _json({"ok": delivery.ok, "delivered": delivery.ok, "message": delivery.message,
                      "delivery": delivery.delivery})

    @console.route("/api/ticket/<ticket_id:int>/close", methods=["POST"])
    @require_session()
    async def close(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        outcome = body.get("outcome")
        note = body.get("note") or ""
        if outcome not in OUTCOME_LABELS:
            return _error(MSG_BAD_OUTCOME, 400, field="outcome")
        if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS:
            return _error(f"备注最多 {MAX_NOTE_CHARS} 字。", 400, field="note")
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        if ticket.status == "closed":
            return _error(MSG_CLOSED, 409)
        # issue 21 trial: closing tells the cardholder 「本次人工服务已结束」, so only the agent who has the
        # ticket closes it; a supervisor closes another's (or an unclaimed one) only by saying so
        override = body.get("override") is True and is_supervisor(request)
        if not override and not (ticket.status == "in_progress" and ticket.claimed_by == user):
            await channel._audit_quietly(user, "close_refused", {"ticket": ticket.ticket, "outcome": outcome,
                                                                  "holder": ticket.claimed_by})
            message = (_MESSAGES["close_not_claimed"] if ticket.claimed_by is None
                       else _MESSAGES["close_not_yours"].format(who=ticket.claimed_by))
            if is_supervisor(request):
                message += _MESSAGES["close_supervisor_hint"]
            return _error(message, 409, holder=ticket.claimed_by, can_override=is_supervisor(request))
        denied = await audit(user, "close", {"ticket": ticket.ticket, "outcome": outcome, "note": note,
                                             **({"override": True} if override else {})},
                             sender_id=ticket.sender_id)
        if denied:
            return denied
        # the closing line is written with the status, in one transaction: a widget that sees the ticket
        # closed also sees the line (UI session 7, C20); a WeChat send sets its delivery below
        left = texts.TEXTS["agent_left"].format(ticket=ticket.ticket)
        widget = desk.channel_of(ticket.sender_id) == "widget"
        result = await asyncio.to_thread(store().handoffs.close, ticket_id, user, outcome=outcome, note=note,
                                         override=override, claimed_only=not override, now=now(),
                                         message=left, message_delivery="widget" if widget else "pending")
        if not result.claimed:
            current = result.ticket
            await channel._audit_quietly(user, "close_refused", {"ticket": ticket.ticket})
            if current is not None and current.status == "closed":
                return _error(MSG_CLOSED, 409)
            return _error(MSG_NOT_YOURS.format(who=getattr(current, "claimed_by", None) or "其他同事"), 409)
        warning = None
        agent = agent_of(request)
        was_claimed = ticket.claimed_by is not None
        if agent is not None and was_claimed:
            try:
                await desk.resume(agent, ticket.sender_id, ticket.ticket, user)
            except Exception:
                logger.exception("console: resuming the conversation failed")
                warning = MSG_RESUME_FAILED
        delivery = await tell_cardholder(request, ticket, left, "system", user, stored=result.message_id)
        desk.CHANGES.notify()
        return _json({"ok": True, "ticket": ticket_json(result.ticket, now()), "warning": warning,
                      "delivery": delivery.message})

    # ------------------------------------------------------------------- the desk's tools (issue 21)

    @console.route("/api/agents", methods=["GET"])
    @require_session()
    async def agents(request: Request, user: str) -> HTTPResponse:
        users = await asyncio.to_thread(store().staff.list_users)
        return _json({"agents": [{"username": u.username, "role": u.role} for u in users
                                 if u.active and u.username != user]})

    @console.route("/api/ticket/<ticket_id:int>/transfer", methods=["POST"])
    @require_session()
    async def transfer(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        """To a colleague (the conversation stays paused: a person still has it) or back to the queue (the
        bot answers again, as 放回队列); the note goes with it as an internal note."""
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        to = body.get("to") or ""
        note = body.get("note") or ""
        if not isinstance(to, str) or not isinstance(note, str) or len(note) > MAX_NOTE_CHARS:
            return _error(_MESSAGES["note_too_long"].format(n=MAX_NOTE_CHARS), 400, field="note")
        to, note = to.strip(), note.strip()
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        if ticket.status != "in_progress":
            return _error(MSG_CLOSED if ticket.status == "closed" else _MESSAGES["transfer_not_in_progress"], 409)
        if to == user:
            return _error(_MESSAGES["transfer_self"], 400, field="to")
        if to:
            target = await asyncio.to_thread(store().staff.get_user, to[:64])
            if target is None or not target.active:
                return _error(_MESSAGES["transfer_unknown"], 400, field="to")
        denied = await audit(user, "transfer", {"ticket": ticket.ticket, "to": to or "queue", "note": note},
                             sender_id=ticket.sender_id)
        if denied:
            return denied
        if to:
            result = await asyncio.to_thread(store().handoffs.transfer, ticket_id, user, to,
                                             override=is_supervisor(request), now=now())
            moved = result.claimed
            current = result.ticket
        else:
            moved = await asyncio.to_thread(store().handoffs.release, ticket_id, ticket.claimed_by
                                            if is_supervisor(request) else user)
            current = await load(ticket_id)
        if not moved:
            await channel._audit_quietly(user, "transfer_refused", {"ticket": ticket.ticket})
            if current is not None and current.status == "closed":
                return _error(MSG_CLOSED, 409)
            return _error(MSG_NOT_YOURS.format(who=getattr(current, "claimed_by", None) or "其他同事"), 409)
        said = _MESSAGES["transferred_to"].format(who=to) if to else _MESSAGES["transferred_queue"]
        await asyncio.to_thread(store().handoffs.add_note, ticket_id, user, said + (f"：{note}" if note else ""),
                                kind="transfer", now=now())
        warning = None if to else await hand_back(request, ticket, user)
        desk.CHANGES.notify()
        return _json({"ok": True, "ticket": ticket_json(current, now()), "message": said, "warning": warning})

    @console.route("/api/ticket/<ticket_id:int>/note", methods=["POST"])
    @require_session()
    async def add_note(request: Request, user: str, ticket_id: int) -> HTTPResponse:
        """An internal note: kept with the ticket, masked and audited, never sent to the cardholder."""
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            return _error(_MESSAGES["note_empty"], 400, field="text")
        if len(text) > MAX_NOTE_CHARS:
            return _error(_MESSAGES["note_too_long"].format(n=MAX_NOTE_CHARS), 400, field="text")
        ticket = await load(ticket_id)
        if ticket is None:
            return _error(MSG_NO_TICKET, 404)
        denied = await audit(user, "note", {"ticket": ticket.ticket, "text": text.strip()}, sender_id=ticket.sender_id)
        if denied:
            return denied
        note = await asyncio.to_thread(store().handoffs.add_note, ticket_id, user, text.strip(), now=now())
        desk.CHANGES.notify()
        return _json({"ok": True, "note": note_json(note)})

    def canned_repo() -> Any:
        return store().canned_replies()

    @console.route("/api/canned", methods=["GET"])
    @require_session()
    async def canned_list(request: Request, user: str) -> HTTPResponse:
        everything = request.args.get("all") == "1" and is_supervisor(request)
        replies = await asyncio.to_thread(canned_repo().list_all, include_retired=everything)
        return _json({"replies": [canned_json(r) for r in replies], "can_edit": is_supervisor(request)})

    def canned_problem(title: Any, text: Any, *, partial: bool) -> HTTPResponse | None:
        for value, limit in ((title, 64), (text, cc.MAX_REPLY_CHARS)):
            if value is None and partial:
                continue
            if not isinstance(value, str) or not value.strip() or len(value) > limit:
                return _error(_MESSAGES["canned_bad"], 400)
        if isinstance(text, str):
            flags = cc.check_reply(text.strip())
            if flags:
                return _json({"ok": False, "error": _MESSAGES["canned_blocked"],
                              "flags": [f.to_dict() for f in flags]}, status=422)
        return None

    @console.route("/api/canned", methods=["POST"])
    @require_session()
    async def canned_add(request: Request, user: str) -> HTTPResponse:
        if not is_supervisor(request):
            await channel._audit_quietly(user, "canned_denied", {})
            return _error(_MESSAGES["canned_supervisor_only"], 403)
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        title, text = body.get("title"), body.get("text")
        problem = canned_problem(title, text, partial=False)
        if problem is not None:
            if problem.status == 422:
                await channel._audit_quietly(user, "canned_blocked", {"title": title, "text": text})
            return problem
        denied = await audit(user, "canned_add", {"title": title.strip(), "text": text.strip()})
        if denied:
            return denied
        reply = await asyncio.to_thread(canned_repo().add, title.strip(), text.strip(), user, now=now())
        return _json({"ok": True, "reply": canned_json(reply)})

    @console.route("/api/canned/<reply_id:int>", methods=["POST"])
    @require_session()
    async def canned_update(request: Request, user: str, reply_id: int) -> HTTPResponse:
        if not is_supervisor(request):
            await channel._audit_quietly(user, "canned_denied", {"id": reply_id})
            return _error(_MESSAGES["canned_supervisor_only"], 403)
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        title, text, active = body.get("title"), body.get("text"), body.get("active")
        if active is not None and not isinstance(active, bool):
            return _error(_MESSAGES["canned_bad"], 400)
        problem = canned_problem(title, text, partial=True)
        if problem is not None:
            if problem.status == 422:
                await channel._audit_quietly(user, "canned_blocked", {"id": reply_id, "text": text})
            return problem
        if not 0 < reply_id <= MAX_TICKET_ID or await asyncio.to_thread(canned_repo().get, reply_id) is None:
            return _error(_MESSAGES["no_canned"], 404)
        denied = await audit(user, "canned_update", {"id": reply_id, "title": title, "text": text, "active": active})
        if denied:
            return denied
        reply = await asyncio.to_thread(canned_repo().update, reply_id, user,
                                        title=title.strip() if isinstance(title, str) else None,
                                        text=text.strip() if isinstance(text, str) else None, active=active, now=now())
        return _json({"ok": True, "reply": canned_json(reply)})

    # ---------------------------------------------------------------------------- the call

    @console.route("/api/tickets/close_unclaimed", methods=["POST"])
    @require_session()
    async def close_unclaimed(request: Request, user: str) -> HTTPResponse:
        if not is_supervisor(request):
            await channel._audit_quietly(user, "bulk_close_denied", {})
            return _error(MSG_SUPERVISOR_ONLY_ACTION, 403)
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        ids = body.get("ids")
        if (not isinstance(ids, list) or not 0 < len(ids) <= MAX_BULK
                or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_TICKET_ID for i in ids)):
            return _error(MSG_BAD_BULK, 400, field="ids")
        note = body.get("note") if isinstance(body.get("note"), str) else ""
        denied = await audit(user, "bulk_close", {"requested": [ticket_number(i) for i in ids],
                                                  "note": note[:MAX_NOTE_CHARS]})
        if denied:
            return denied
        try:
            closed = await asyncio.to_thread(store().handoffs.close_unclaimed, ids, user,
                                             note=note[:MAX_NOTE_CHARS], now=now())
        except Exception:
            logger.exception("console: bulk close failed")
            return _error(MSG_STORE_DOWN, 503)
        await channel._audit_quietly(user, "bulk_closed", {"closed": [ticket_number(i) for i in closed]})
        return _json({"closed": [ticket_number(i) for i in closed], "count": len(closed)})

    @console.route("/api/record", methods=["POST"])
    @require_session()
    async def record(request: Request, user: str) -> HTTPResponse:
        """A script read to the customer or a check done, recorded against the customer / case."""
        body = channel.json_body(request)
        if body is None:
            return _error(MSG_JSON_REQUIRED, 400)
        kind = body.get("kind")
        if kind not in RECORD_KINDS:
            return _error(MSG_BAD_RECORD, 400, field="kind")
        refs, problem = _refs(body)
        if problem:
            return _error(problem, 400, field="sender_id")
        if not refs:
            return _error("请先填写或搜索客户的会话编号，记录才能归到这位客户名下。", 400, field="sender_id")
        text = body.get("text") if isinstance(body.get("text"), str) else ""
        denied = await audit(user, kind, {"text": text[:cc.MAX_REPLY_CHARS], "label": RECORD_KINDS[kind]}, **refs)
        if denied:
            return denied
        return _json({"ok": True, "label": RECORD_KINDS[kind]})

    # ------------------------------------------------------------------------- the audit log

    def audit_filters(request: Request) -> dict[str, Any]:
        args = request.args
        until = _parse_day(args.get("to"))
        return {
            "staff_username": (args.get("staff") or "").strip()[:64] or None,
            "action": (args.get("action") or "").strip()[:64] or None,
            "since": _parse_day(args.get("from")),
            "until": None if until is None else until + timedelta(days=1),  # the whole "to" day
            "subject": (args.get("subject") or "").strip()[:255] or None,
        }

    @console.route("/api/audit", methods=["GET"])
    @require_session()
    async def audit_log(request: Request, user: str) -> HTTPResponse:
        if not is_supervisor(request):
            await channel._audit_quietly(user, "audit_denied", {})
            return _error(MSG_SUPERVISOR_ONLY, 403)
        try:
            filters = audit_filters(request)
        except ValueError:
            return _error(MSG_BAD_DATE, 400, field="date")
        before = request.args.get("before")
        if before and (not before.isdigit() or len(before) > 18):
            return _error(MSG_BAD_PAGE, 400, field="before")
        before_id = int(before) if before else None
        denied = await audit(user, "audit_view", {k: str(v) for k, v in filters.items() if v})
        if denied:
            return denied
        rows = await asyncio.to_thread(store().audit.search, **filters, limit=AUDIT_PAGE, before_id=before_id)
        actions = await asyncio.to_thread(store().audit.actions)
        return _json({"rows": [audit_row(r) for r in rows], "actions": actions,
                      "more": len(rows) == AUDIT_PAGE})

    @console.route("/api/audit.csv", methods=["GET"])
    @require_session()
    async def audit_csv(request: Request, user: str) -> HTTPResponse:
        if not is_supervisor(request):
            await channel._audit_quietly(user, "audit_denied", {"csv": True})
            return _error(MSG_SUPERVISOR_ONLY, 403)
        try:
            filters = audit_filters(request)
        except ValueError:
            return _error(MSG_BAD_DATE, 400, field="date")
        denied = await audit(user, "audit_export", {k: str(v) for k, v in filters.items() if v})
        if denied:
            return denied
        rows = await asyncio.to_thread(store().audit.search, **filters, limit=AUDIT_CSV_MAX)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["编号", "时间（北京时间）", "员工", "操作", "会话编号", "案件编号", "详情"])
        for r in rows:
            writer.writerow([r.id, r.created_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                             _csv_cell(r.staff_username), _csv_cell(r.action), _csv_cell(r.sender_id or ""),
                             _csv_cell(r.case_id or ""),
                             _csv_cell(json.dumps(r.detail, ensure_ascii=False))])
        name = f"audit-{now().astimezone(CHINA):%Y%m%d-%H%M}.csv"
        # with a BOM, so that Excel on a Chinese Windows reads the file as UTF-8
        return response.raw(("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}"',
                                     "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _csv_cell(value: str) -> str:
    # a cell starting with = + - @ is a formula to a spreadsheet (CSV injection): make it text
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _refs(body: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    from bot.channels.console import _subject_refs

    return _subject_refs(body)
