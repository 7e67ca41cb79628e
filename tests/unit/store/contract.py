"""Repository tests every backend must pass. A backend's test module subclasses `RepositoryContract`
and provides the fixtures `engine` (a migrated, empty case store), `case_url` (its URL, for `forget`)
and `tracker_url` (a database where a Rasa-shaped `events` table may be created)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.store.db import make_engine
from bot.store.repository import (
    MIN_PASSWORD_ITERATIONS,
    AccountError,
    AuditRepository,
    CaseRepository,
    FloodLimits,
    HandoffLimited,
    HandoffRepository,
    StaffRepository,
    forget,
    hash_token,
    open_store,
)

CARD = "6222021234567894"  # Luhn-valid
CARD_GROUPED = "6222 0212 3456 7894"
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
T0 = datetime(2024, 6, 1, 9, 30, tzinfo=timezone.utc)

# the slowest allowed hash keeps these tests quick; the default (600k) is checked in its own test
FAST_ITERATIONS = MIN_PASSWORD_ITERATIONS


def add_case(repo: CaseRepository, sender: str = "alice", **overrides):
    values = dict(
        channel="rest",
        banks=["民生银行"],
        total_debt=Decimal("52000.00"),
        periods=60,
        monthly_payment=Decimal("866.67"),
        feasible=True,
        plan={"periods": 60, "monthly_payment": Decimal("866.67"), "debts": [{"bank": "民生银行"}]},
        letter="尊敬的民生银行：本人申请个性化分期……",
    )
    values.update(overrides)
    return repo.add_case(sender, **values)


def make_events_table(url: str) -> sa.Table:
    """The shape of Rasa 3.6's `events` table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent)."""
    metadata = sa.MetaData()
    table = sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )
    engine = sa.create_engine(url, future=True)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()
    return table


def raw_rows(engine, table: str) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {table}"))]


def _reserve_in_another_process(url: str, start, attempts: int) -> list[int]:
    """One 'worker' (a separate process, so no lock shared in memory): reserves `attempts` times."""
    from bot.channels.staff_policy import ThrottlePolicy

    engine = make_engine(url)
    try:
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        start.wait()
        return [repo.reserve_login("pair:u|a", "addr:a", ThrottlePolicy(), now=T0) for _ in range(attempts)]
    finally:
        engine.dispose()


class RepositoryContract:
    # ------------------------------------------------------------ cases

    def test_case_round_trip(self, engine):
        repo = CaseRepository(engine)
        stored = add_case(repo, banks=["民生银行", "招商银行"], now=T0)
        assert re.fullmatch(r"[0-9a-f]{32}", stored.id)
        got = repo.get_case(stored.id)
        assert got == stored
        assert got.sender_id == "alice" and got.channel == "rest"
        assert got.banks == ("民生银行", "招商银行")
        assert got.total_debt == Decimal("52000.00") and isinstance(got.total_debt, Decimal)
        assert got.monthly_payment == Decimal("866.67")
        assert got.periods == 60 and got.feasible is True
        assert got.plan == {"periods": 60, "monthly_payment": "866.67", "debts": [{"bank": "民生银行"}]}
        assert got.letter.startswith("尊敬的民生银行")
        assert got.created_at == T0 and got.created_at.tzinfo is not None

    def test_missing_case_is_none(self, engine):
        assert CaseRepository(engine).get_case("0" * 32) is None

    @pytest.mark.parametrize(
        "amount",
        ["0.00", "0.01", "0.10", "866.67", "52000.01", "123456789.99", "999999999999.99"],
    )
    def test_money_is_exact_and_stored_as_integer_fen(self, engine, amount):
        repo = CaseRepository(engine)
        case = add_case(repo, total_debt=Decimal(amount), monthly_payment=amount)
        got = repo.get_case(case.id)
        assert got.total_debt == Decimal(amount) and str(got.total_debt) == amount
        assert str(got.monthly_payment) == amount
        (row,) = raw_rows(engine, "cases")
        expected_fen = int(Decimal(amount) * 100)
        assert row["total_debt_fen"] == expected_fen and isinstance(row["total_debt_fen"], int)
        assert row["monthly_payment_fen"] == expected_fen

    def test_money_finer_than_a_fen_is_refused_not_rounded(self, engine):
        repo = CaseRepository(engine)
        for bad in (Decimal("1.005"), "866.666", 0.1 + 0.2, "abc", Decimal("NaN")):
            with pytest.raises(ValueError):
                add_case(repo, total_debt=bad)
        assert raw_rows(engine, "cases") == []
        # a float whose shortest form has two decimals is what the caller meant
        assert add_case(repo, monthly_payment=866.67).monthly_payment == Decimal("866.67")

    def test_case_validation(self, engine):
        repo = CaseRepository(engine)
        with pytest.raises(ValueError):
            add_case(repo, periods=0)
        with pytest.raises(ValueError):
            add_case(repo, sender="  ")

    def test_database_checks_money_and_periods(self, engine):
        row = dict(
            id="x" * 32, sender_id="s", channel="rest", created_at=T0.replace(tzinfo=None), banks="[]",
            total_debt_fen=-1, periods=1, monthly_payment_fen=0, feasible=True, plan="{}", letter="",
        )
        insert = sa.text(
            "INSERT INTO cases (id, sender_id, channel, created_at, banks, total_debt_fen, periods, "
            "monthly_payment_fen, feasible, plan, letter) VALUES (:id, :sender_id, :channel, "
            ":created_at, :banks, :total_debt_fen, :periods, :monthly_payment_fen, :feasible, :plan, :letter)"
        )
        for bad in ({"total_debt_fen": -1}, {"total_debt_fen": 0, "periods": 0}):
            with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
                conn.execute(insert, {**row, **bad})

    def test_cases_listed_for_one_sender_newest_first(self, engine):
        repo = CaseRepository(engine)
        old = add_case(repo, now=T0)
        new = add_case(repo, now=T0 + timedelta(days=1))
        add_case(repo, sender="bob", now=T0 + timedelta(days=2))
        assert [c.id for c in repo.list_cases_for("alice")] == [new.id, old.id]
        assert [c.id for c in repo.list_cases_for("alice", limit=1)] == [new.id]
        assert repo.list_cases_for("nobody") == []

    def test_get_case_for_another_sender_is_none(self, engine):
        repo = CaseRepository(engine)
        case = add_case(repo)
        assert repo.get_case(case.id, sender_id="alice") == case
        assert repo.get_case(case.id, sender_id="mallory") is None

    # ------------------------------------------------------------ masking

    def test_free_text_is_masked_before_it_is_written(self, engine):
        store = open_store(engine=engine)
        secret_text = f"卡号{CARD_GROUPED}，身份证{ID_NUMBER}，手机{PHONE}"
        case = add_case(
            store.cases,
            banks=[f"民生银行{CARD}"],
            plan={"note": secret_text, "nested": [{"phone": PHONE}], "phone_as_number": int(PHONE)},
            letter=f"尊敬的民生银行：本人卡号{CARD}……{secret_text}",
        )
        store.handoffs.request("alice", channel="wechat", reason=f"请打我电话{PHONE}")
        store.audit.record(
            "staff1", "paste_customer_text", {"text": secret_text, "card": int(CARD)},
            sender_id="alice", case_id=case.id,
        )
        everything = "\n".join(
            repr(raw_rows(engine, table)) for table in ("cases", "handoff_requests", "audit_events")
        )
        for raw in (CARD, CARD_GROUPED, ID_NUMBER, PHONE, "0212 3456", "12345678"):
            assert raw not in everything
        assert "****7894" in everything and "****002X" in everything and "****5678" in everything
        assert store.cases.get_case(case.id).letter.startswith("尊敬的民生银行：本人卡号****7894")
        # what the caller gets back is what was stored
        assert store.audit.list_recent()[0].detail == {"text": "卡号****7894，身份证****002X，手机****5678",
                                                         "card": "****7894"}

    def test_amounts_are_not_masked(self, engine):
        case = add_case(CaseRepository(engine), letter="欠款52000元，分60期，每月866.67元，2024-04-23前")
        assert case.letter == "欠款52000元，分60期，每月866.67元，2024-04-23前"

    # ------------------------------------------------------------ handoffs

    def test_handoff_lifecycle(self, engine):
        repo = HandoffRepository(engine)
        first = repo.request("alice", channel="rest", reason="想找人工", now=T0)
        second = repo.request("bob", channel="wechat", reason="", now=T0 + timedelta(minutes=1))
        assert first.status == "open" and first.created_at == T0
        assert repo.get(first.id) == first
        assert [h.id for h in repo.list_open()] == [first.id, second.id]
        assert repo.set_status(first.id, "in_progress").status == "in_progress"
        repo.set_status(second.id, "closed")
        assert [h.id for h in repo.list_open()] == [first.id]
        assert [h.id for h in repo.list_for("alice")] == [first.id]
        assert repo.set_status(9999, "closed") is None
        assert repo.get(9999) is None
        with pytest.raises(ValueError):
            repo.set_status(first.id, "done")

    # ------------------------------------------------------------ the handoff queue (issue 15)

    def test_one_ticket_per_conversation(self, engine):
        repo = HandoffRepository(engine)
        first = repo.request("alice", channel="widget", reason="转人工", now=T0)
        again = repo.request("alice", channel="widget", reason="再转一次", now=T0 + timedelta(minutes=5))
        assert first.created and not again.created
        assert again.id == first.id and again.reason == "转人工"
        assert [h.id for h in repo.list_open()] == [first.id]
        # after it is closed, a new request is a new ticket
        repo.close(first.id, "agent1", outcome="resolved")
        third = repo.request("alice", channel="widget", reason="又来了")
        assert third.created and third.id != first.id
        assert repo.open_for("alice").id == third.id

    # ------------------------------------------------------------ flood limits and the queue's size (issue 22)

    def test_tickets_per_client_address_are_limited(self, engine):
        """205 tickets from one client in 13 s flooded the queue: past the limit a new conversation from
        the same client gets no ticket (HandoffLimited says until when); another client still does."""
        repo = HandoffRepository(engine)
        limits = FloodLimits(per_address=5, per_conversation=3)
        for i in range(5):
            assert repo.request(f"spam{i}", channel="rest", reason="", client_key="k1", limits=limits,
                                now=T0 + timedelta(seconds=i)).created
        with pytest.raises(HandoffLimited) as refused:
            repo.request("spam5", channel="rest", reason="", client_key="k1", limits=limits,
                         now=T0 + timedelta(seconds=10))
        assert refused.value.scope == "address" and refused.value.retry_at == T0 + timedelta(hours=1)
        assert repo.open_for("spam5") is None
        # an open ticket asked for again is not a new one, and not refused
        assert not repo.request("spam0", channel="rest", reason="", client_key="k1", limits=limits,
                                now=T0 + timedelta(seconds=11)).created
        real = repo.request("customer", channel="widget", reason="", client_key="k2", limits=limits,
                            now=T0 + timedelta(seconds=12))
        assert real.created and repo.waiting_ahead(real.id) == 5
        # an hour after the first, the client may file again
        assert repo.request("spam5", channel="rest", reason="", client_key="k1", limits=limits,
                            now=T0 + timedelta(hours=1, seconds=1)).created

    def test_tickets_per_conversation_are_limited(self, engine):
        repo = HandoffRepository(engine)
        limits = FloodLimits(per_address=100, per_conversation=3)
        for i in range(3):
            ticket = repo.request("alice", channel="rest", reason="", limits=limits, now=T0 + timedelta(minutes=i))
            repo.close(ticket.id, "agent1", outcome="resolved")
        with pytest.raises(HandoffLimited) as refused:
            repo.request("alice", channel="rest", reason="", limits=limits, now=T0 + timedelta(minutes=5))
        assert refused.value.scope == "conversation" and refused.value.retry_at == T0 + timedelta(days=1)
        assert repo.request("alice", channel="rest", reason="", limits=limits, now=T0 + timedelta(days=1, minutes=1))

    def test_the_queue_has_a_true_total_and_pages(self, engine):
        repo = HandoffRepository(engine)
        ids = [repo.request(f"c{i}", channel="rest", reason="", now=T0 + timedelta(seconds=i)).id for i in range(7)]
        repo.claim(ids[1], "agent1")
        repo.close(ids[2], "agent1", outcome="resolved")
        assert repo.count_open() == 6
        assert [h.id for h in repo.list_open(limit=4)] == [ids[0], ids[1], ids[3], ids[4]]
        assert [h.id for h in repo.list_open(limit=4, offset=4)] == [ids[5], ids[6]]
        # the place in the queue counts only tickets still waiting for a person, filed before
        assert [repo.waiting_ahead(i) for i in (ids[0], ids[3], ids[6])] == [0, 1, 4]

    def test_the_customer_cancels_a_waiting_ticket_and_it_leaves_the_queue(self, engine):
        """「取消人工」 (persona trial A3): the ticket still waiting is closed as the customer's cancel; the
        queue no longer shows it and nobody waits behind it; a claimed ticket or none at all is not cancelled."""
        repo = HandoffRepository(engine)
        first = repo.request("a3", channel="rest", reason="转人工", now=T0)
        later = repo.request("a4", channel="rest", reason="转人工", now=T0 + timedelta(minutes=1))
        assert repo.waiting_ahead(later.id) == 1
        cancelled = repo.cancel_by_customer("a3", now=T0 + timedelta(minutes=2))
        assert cancelled.id == first.id and cancelled.status == "closed"
        assert cancelled.outcome == "customer_cancelled" and cancelled.closed_by == "customer"
        assert [h.id for h in repo.list_open()] == [later.id] and repo.waiting_ahead(later.id) == 0
        assert repo.cancel_by_customer("a3") is None  # nothing waiting any more
        assert repo.cancel_by_customer("nobody") is None
        repo.claim(later.id, "agent1")
        assert repo.cancel_by_customer("a4") is None and repo.get(later.id).status == "in_progress"

    def test_a_distressed_person_is_first_in_the_queue(self, engine):
        """Persona trial A4 waited behind a ticket filed earlier: a ticket after distress has priority."""
        repo = HandoffRepository(engine)
        ordinary = [repo.request(f"c{i}", channel="rest", reason="", now=T0 + timedelta(seconds=i)).id for i in range(3)]
        urgent = repo.request("a4", channel="rest", reason="", now=T0 + timedelta(seconds=10), priority=1)
        assert urgent.priority == 1 and repo.waiting_ahead(urgent.id) == 0
        assert [h.id for h in repo.list_open()] == [urgent.id, *ordinary]
        assert repo.waiting_ahead(ordinary[0]) == 1
        # a second distressed person waits behind the first, ahead of the ordinary ones
        second = repo.request("a5", channel="rest", reason="", now=T0 + timedelta(seconds=11), priority=1)
        assert repo.waiting_ahead(second.id) == 1
        # an ordinary ticket already waiting is raised when distress comes later, never lowered
        raised = repo.request("c2", channel="rest", reason="", priority=1)
        assert not raised.created and raised.priority == 1 and repo.waiting_ahead(raised.id) == 0  # it waited longest
        assert repo.request("c2", channel="rest", reason="").priority == 1

    def test_the_database_refuses_a_second_open_ticket(self, engine):
        """Not a check in Python: a raw insert of a second open ticket fails on the unique index."""
        HandoffRepository(engine).request("alice", channel="rest", reason="")
        table = sa.table("handoff_requests", sa.column("sender_id"), sa.column("channel"),
                         sa.column("reason"), sa.column("created_at"), sa.column("status"))
        with pytest.raises(sa.exc.IntegrityError):
            with engine.begin() as conn:
                conn.execute(sa.insert(table).values(sender_id="alice", channel="rest", reason="",
                                                     created_at=T0.replace(tzinfo=None), status="open"))
        with engine.begin() as conn:  # a closed one beside it is fine
            conn.execute(sa.insert(table).values(sender_id="alice", channel="rest", reason="",
                                                 created_at=T0.replace(tzinfo=None), status="closed"))

    def test_requests_racing_in_threads_file_one_ticket(self, engine):
        import threading

        repo = HandoffRepository(engine)
        barrier = threading.Barrier(4)
        results, errors = [], []

        def ask():
            barrier.wait()
            try:
                results.append(repo.request("racer", channel="rest", reason="人工"))
            except Exception as exc:  # noqa: BLE001 — reported below
                errors.append(exc)

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len({r.id for r in results}) == 1 and sum(r.created for r in results) == 1
        assert len(repo.list_for("racer")) == 1

    def test_claim_race_between_two_agents_is_decided_by_the_database(self, engine):
        import threading

        repo = HandoffRepository(engine)
        for round_ in range(5):
            ticket = repo.request(f"c{round_}", channel="rest", reason="")
            barrier = threading.Barrier(2)
            outcomes = {}

            def claim(agent, ticket_id=ticket.id, barrier=barrier, outcomes=outcomes):
                barrier.wait()
                outcomes[agent] = repo.claim(ticket_id, agent)

            threads = [threading.Thread(target=claim, args=(a,)) for a in ("agent1", "agent2")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            winners = [a for a, r in outcomes.items() if r.claimed]
            assert len(winners) == 1
            assert all(r.ticket.claimed_by == winners[0] for r in outcomes.values())
            assert repo.get(ticket.id).status == "in_progress"

    def test_claim_and_close_rules(self, engine):
        repo = HandoffRepository(engine)
        ticket = repo.request("alice", channel="rest", reason="", now=T0)
        claimed = repo.claim(ticket.id, "agent1", now=T0 + timedelta(minutes=3))
        assert claimed.claimed and claimed.ticket.claimed_by == "agent1"
        assert claimed.ticket.claimed_at == T0 + timedelta(minutes=3)
        assert not repo.claim(ticket.id, "agent2").claimed  # already taken
        assert not repo.claim(9999, "agent2").claimed and repo.claim(9999, "agent2").ticket is None
        # another agent cannot close it; a supervisor (override) could
        assert not repo.close(ticket.id, "agent2", outcome="resolved").claimed
        with pytest.raises(ValueError):
            repo.close(ticket.id, "agent1", outcome="finished")
        done = repo.close(ticket.id, "agent1", outcome="plan_agreed", note=f"客户手机{PHONE}",
                          now=T0 + timedelta(minutes=9))
        assert done.claimed and done.ticket.status == "closed" and done.ticket.outcome == "plan_agreed"
        assert done.ticket.closed_by == "agent1" and done.ticket.closed_at == T0 + timedelta(minutes=9)
        assert PHONE not in done.ticket.note and "****5678" in done.ticket.note
        assert not repo.close(ticket.id, "agent1", outcome="resolved").claimed  # closed once
        assert not repo.claim(ticket.id, "agent2").claimed  # a closed ticket cannot be claimed
        other = repo.request("bob", channel="rest", reason="")
        repo.claim(other.id, "agent1")
        assert repo.close(other.id, "boss", outcome="referred", override=True).claimed

    def test_handoff_messages_in_order_masked_and_after_an_id(self, engine):
        repo = HandoffRepository(engine)
        ticket = repo.request("widget:web-1", channel="widget", reason="")
        first = repo.add_message(ticket.id, author="system", text="客服已接入", delivery="widget")
        second = repo.add_message(ticket.id, author="agent", staff_username="agent1",
                                  text=f"请不要发卡号{CARD}", delivery="widget")
        assert [m.id for m in repo.messages_for("widget:web-1")] == [first.id, second.id]
        assert [m.id for m in repo.messages_for("widget:web-1", after=first.id)] == [second.id]
        assert repo.messages_for("widget:web-2") == []
        assert CARD not in second.text and second.staff_username == "agent1"
        repo.set_delivery(second.id, "failed")
        assert repo.messages_of(ticket.id)[1].delivery == "failed"
        with pytest.raises(ValueError):
            repo.add_message(ticket.id, author="bot", text="x", delivery="widget")
        with pytest.raises(LookupError):
            repo.add_message(9999, author="agent", text="x", delivery="widget")

    def test_find_by_ticket_number_or_conversation(self, engine):
        repo = HandoffRepository(engine)
        a = repo.request("widget:web-abc123", channel="widget", reason="")
        b = repo.request("wechat:o6_bm_xyz", channel="wechat", reason="")
        assert [t.id for t in repo.find(a.ticket)] == [a.id]
        assert [t.id for t in repo.find(f"h{b.id}")] == [b.id]
        assert [t.id for t in repo.find("wechat:o6_bm_xyz")] == [b.id]
        assert [t.id for t in repo.find("abc123")] == [a.id]
        assert repo.find("%") == [] and repo.find("") == []
        assert a.ticket == f"H{a.id:06d}"

    def test_forget_deletes_handoff_messages(self, engine, case_url, tracker_url):
        repo = HandoffRepository(engine)
        ticket = repo.request("alice", channel="widget", reason="")
        repo.add_message(ticket.id, author="agent", text="您好", delivery="widget")
        forget("alice", case_db_url=case_url, tracker_db_url=tracker_url)
        assert repo.messages_for("alice") == [] and repo.list_for("alice") == []

    def test_audit_search_filters(self, engine):
        repo = AuditRepository(engine)
        repo.record("agent1", "claim", {}, sender_id="widget:a", now=T0)
        repo.record("agent2", "reply", {}, sender_id="widget:b", now=T0 + timedelta(days=1))
        repo.record("agent1", "reply", {}, sender_id="widget:b", case_id="c1", now=T0 + timedelta(days=2))
        assert [r.action for r in repo.search(staff_username="agent1")] == ["reply", "claim"]
        assert [r.staff_username for r in repo.search(action="reply")] == ["agent1", "agent2"]
        assert len(repo.search(since=T0 + timedelta(days=1))) == 2
        assert len(repo.search(until=T0 + timedelta(days=1))) == 1
        assert len(repo.search(subject="widget:b")) == 2 and len(repo.search(subject="c1")) == 1
        newest = repo.search()[0]
        assert [r.id for r in repo.search(before_id=newest.id)] == [r.id for r in repo.search()[1:]]
        assert repo.actions() == ["claim", "reply"]

    # ------------------------------------------------------------ audit

    def test_audit_record_and_list_recent(self, engine):
        repo = AuditRepository(engine)
        for i in range(5):
            repo.record("staff1" if i % 2 == 0 else "staff2", f"action{i}", {"i": i},
                        sender_id="alice" if i < 2 else None, now=T0 + timedelta(minutes=i))
        recent = repo.list_recent()
        assert [e.action for e in recent] == ["action4", "action3", "action2", "action1", "action0"]
        assert [e.action for e in repo.list_recent(2)] == ["action4", "action3"]
        assert [e.action for e in repo.list_recent(staff_username="staff2")] == ["action3", "action1"]
        assert [e.action for e in repo.list_recent(sender_id="alice")] == ["action1", "action0"]
        assert recent[-1].detail == {"i": 0} and recent[-1].created_at == T0
        assert recent[-1].subject_forgotten is False

    # ------------------------------------------------------------ staff users and sessions

    def test_password_is_stored_as_a_salted_slow_hash(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.ensure_user("staff1", "s3cret-口令")
        repo.ensure_user("staff2", "s3cret-口令")
        rows = {r["username"]: r["password_hash"] for r in raw_rows(engine, "staff_users")}
        for encoded in rows.values():
            scheme, iterations, _salt, _digest = encoded.split("$")
            assert scheme == "pbkdf2_sha256" and int(iterations) >= 200_000
            assert "s3cret" not in encoded
        assert rows["staff1"] != rows["staff2"]  # salted
        assert repo.verify("staff1", "s3cret-口令")
        assert not repo.verify("staff1", "wrong")
        assert not repo.verify("nobody", "s3cret-口令")
        with pytest.raises(ValueError):
            StaffRepository(engine, iterations=100_000)
        with pytest.raises(ValueError):
            repo.ensure_user("staff3", "")

    def test_ensure_user_is_idempotent_and_takes_a_new_password(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        created = repo.ensure_user("staff1", "old password")
        (before,) = raw_rows(engine, "staff_users")
        token = repo.create_session("staff1", now=T0)
        assert repo.ensure_user("staff1", "old password") == created
        assert raw_rows(engine, "staff_users") == [before]  # unchanged: no rehash on every start
        assert repo.validate_session(token, now=T0) == "staff1"
        repo.ensure_user("staff1", "new password")
        assert repo.verify("staff1", "new password") and not repo.verify("staff1", "old password")
        assert repo.validate_session(token, now=T0) is None  # a password change ends the sessions

    def test_verify_upgrades_a_weaker_hash(self, engine):
        StaffRepository(engine, iterations=FAST_ITERATIONS).ensure_user("staff1", "pw")
        stronger = StaffRepository(engine, iterations=FAST_ITERATIONS + 1)
        assert stronger.verify("staff1", "pw")
        (row,) = raw_rows(engine, "staff_users")
        assert row["password_hash"].split("$")[1] == str(FAST_ITERATIONS + 1)

    def test_sessions_hold_only_token_hashes_and_expire(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.ensure_user("staff1", "pw")
        ttl = timedelta(minutes=30)
        token = repo.create_session("staff1", ttl=ttl, now=T0)
        assert len(token) >= 40
        (row,) = raw_rows(engine, "staff_sessions")
        assert row["token_hash"] == hash_token(token) and token not in repr(row)
        assert repo.validate_session(token, now=T0) == "staff1"
        assert repo.validate_session(token, now=T0 + ttl - timedelta(seconds=1)) == "staff1"
        assert repo.validate_session(token, now=T0 + ttl) is None  # expiry instant is outside
        assert raw_rows(engine, "staff_sessions") == []  # deleted on the way
        assert repo.validate_session("forged", now=T0) is None
        assert repo.validate_session(None) is None

    def test_session_revoke_and_expire(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.ensure_user("staff1", "pw")
        a = repo.create_session("staff1", ttl=timedelta(minutes=5), now=T0)
        b = repo.create_session("staff1", ttl=timedelta(minutes=60), now=T0)
        c = repo.create_session("staff1", ttl=timedelta(minutes=60), now=T0)
        assert repo.revoke_session(b) is True
        assert repo.revoke_session(b) is False
        assert repo.validate_session(b, now=T0) is None
        assert repo.expire_sessions(now=T0 + timedelta(minutes=10)) == 1  # only a
        assert repo.validate_session(a, now=T0) is None
        assert repo.validate_session(c, now=T0) == "staff1"
        assert repo.revoke_sessions_for("staff1") == 1
        with pytest.raises(LookupError):
            repo.create_session("nobody")

    def test_deleting_a_user_deletes_their_sessions(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.ensure_user("staff1", "pw")
        repo.create_session("staff1", now=T0)
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM staff_users WHERE username = 'staff1'"))
        assert raw_rows(engine, "staff_sessions") == []  # ON DELETE CASCADE (SQLite: foreign_keys=ON)

    # ------------------------------------------------------------ named accounts (issue 14)

    def test_named_accounts_with_roles_and_no_duplicates(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        added = repo.add_user("wang.li", "pw-one", role="supervisor", now=T0)
        assert (added.role, added.active, added.bootstrap, added.password_changed_at) == ("supervisor", True, False, T0)
        with pytest.raises(AccountError, match="已存在"):
            repo.add_user("wang.li", "pw-two")
        with pytest.raises(AccountError, match="角色"):
            repo.add_user("chen", "pw", role="admin")
        with pytest.raises(AccountError):
            repo.add_user("chen", "")
        with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text("UPDATE staff_users SET role = 'root'"))  # the CHECK constraint
        assert [u.username for u in repo.list_users()] == ["wang.li"]
        assert repo.set_role("wang.li", "agent").role == "agent"
        for action in (repo.disable, repo.enable):
            with pytest.raises(AccountError, match="没有账号"):
                action("nobody")

    def test_disable_ends_sessions_and_login_until_enabled(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.add_user("wang.li", "pw-one")
        token = repo.create_session("wang.li", now=T0)
        disabled = repo.disable("wang.li", now=T0)
        assert disabled.disabled_at == T0 and not disabled.active
        assert raw_rows(engine, "staff_sessions") == []
        assert repo.session_account(token, now=T0) is None
        assert not repo.verify("wang.li", "pw-one") and not repo.has_active_users()
        with pytest.raises(LookupError):
            repo.create_session("wang.li")
        with pytest.raises(AccountError, match="已停用"):
            repo.add_user("wang.li", "pw-two")
        repo.enable("wang.li")
        assert repo.verify("wang.li", "pw-one") and repo.has_active_users()

    def test_a_session_of_an_account_disabled_behind_its_back_is_refused(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.add_user("wang.li", "pw-one")
        token = repo.create_session("wang.li", now=T0)
        with engine.begin() as conn:  # e.g. another replica's disable, sessions not yet deleted
            conn.execute(sa.text("UPDATE staff_users SET disabled_at = created_at"))
        assert repo.validate_session(token, now=T0) is None

    def test_reset_changes_the_password_ends_sessions_and_takes_the_account_from_the_environment(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        repo.sync_bootstrap("boot", "pw-env", now=T0)
        token = repo.create_session("boot", now=T0)
        reset = repo.reset_password("boot", "pw-new", now=T0 + timedelta(days=1))
        assert not reset.bootstrap and reset.password_changed_at == T0 + timedelta(days=1)
        assert repo.session_account(token, now=T0) is None
        assert repo.verify("boot", "pw-new") and not repo.verify("boot", "pw-env")
        # the environment no longer owns it: a restart does not put its password back
        result = repo.sync_bootstrap("boot", "pw-env", now=T0)
        assert result.conflict and result.account is None and repo.verify("boot", "pw-new")
        with pytest.raises(AccountError):
            repo.reset_password("nobody", "pw")

    def test_bootstrap_rename_disables_the_former_account_and_its_sessions(self, engine):
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        first = repo.sync_bootstrap("alice", "pw-a", role="supervisor", now=T0)
        assert first.account.username == "alice" and first.account.bootstrap and first.disabled == ()
        assert first.account.role == "supervisor"
        repo.add_user("wang.li", "pw-w")  # a named account is never touched by the bootstrap
        token = repo.create_session("alice", now=T0)
        again = repo.sync_bootstrap("alice", "pw-a", role="agent", now=T0)
        assert again.disabled == () and again.account.role == "agent"
        assert repo.session_account(token, now=T0).role == "agent"  # same password: session kept
        renamed = repo.sync_bootstrap("bob", "pw-b", now=T0)
        assert renamed.account.username == "bob" and renamed.disabled == ("alice",)
        assert repo.session_account(token, now=T0) is None and not repo.verify("alice", "pw-a")
        back = repo.sync_bootstrap("alice", "pw-a2", now=T0)  # named again: enabled, new password
        assert back.account.active and back.disabled == ("bob",) and repo.verify("alice", "pw-a2")
        unset = repo.sync_bootstrap(None, None, now=T0)
        assert unset.account is None and unset.disabled == ("alice",)
        assert [u.username for u in repo.list_users() if u.active] == ["wang.li"]
        with pytest.raises(AccountError):
            repo.sync_bootstrap("alice", "pw", role="root")

    # ------------------------------------------------------------ login throttle (issue 14)

    def test_throttle_reserves_atomically_under_parallel_threads(self, engine):
        from concurrent.futures import ThreadPoolExecutor

        from bot.channels.staff_policy import ThrottlePolicy

        policy = ThrottlePolicy()
        # its own engines, as separate workers would have: the database must serialise them
        engines = [make_engine(engine.url) for _ in range(4)]
        try:
            repos = [StaffRepository(e, iterations=FAST_ITERATIONS) for e in engines]
            with ThreadPoolExecutor(8) as pool:
                waits = list(pool.map(
                    lambda i: repos[i % 4].reserve_login("pair:u|a", "addr:a", policy, now=T0), range(16)
                ))
        finally:
            for e in engines:
                e.dispose()
        assert waits.count(0) == policy.free_failures and set(waits) == {0, 2}
        rows = {r["key"]: r for r in raw_rows(engine, "login_throttle")}
        assert rows["pair:u|a"]["failures"] == rows["addr:a"]["failures"] == policy.free_failures

    def test_throttle_reserves_atomically_across_processes(self, engine):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from bot.channels.staff_policy import ThrottlePolicy

        url = engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        with context.Manager() as manager, ProcessPoolExecutor(3, mp_context=context) as pool:
            start = manager.Barrier(3)
            futures = [pool.submit(_reserve_in_another_process, url, start, 6) for _ in range(3)]
            waits = [w for f in futures for w in f.result(timeout=120)]
        assert waits.count(0) == ThrottlePolicy().free_failures, waits

    def test_throttle_success_clears_the_pair_and_old_rows_go(self, engine):
        from bot.channels.staff_policy import ThrottlePolicy

        policy = ThrottlePolicy()
        repo = StaffRepository(engine, iterations=FAST_ITERATIONS)
        assert repo.reserve_login("pair:u|a", "addr:a", policy, now=T0) == 0
        repo.login_succeeded("pair:u|a", "addr:a", policy, now=T0)
        rows = {r["key"]: r["failures"] for r in raw_rows(engine, "login_throttle")}
        assert rows == {"addr:a": 0}
        later = T0 + timedelta(seconds=policy.reset_after_s + 1)
        repo.reserve_login("pair:v|b", "addr:b", policy, now=later)
        assert sorted(r["key"] for r in raw_rows(engine, "login_throttle")) == ["addr:b", "pair:v|b"]

    # ------------------------------------------------------------ forget

    def test_forget_removes_one_person_and_reports_counts(self, engine, case_url, tracker_url):
        events = make_events_table(tracker_url)
        tracker = sa.create_engine(tracker_url, future=True)
        try:
            with tracker.begin() as conn:
                for sender, n in (("alice", 3), ("bob", 2)):
                    conn.execute(
                        events.insert(),
                        [{"sender_id": sender, "type_name": "user", "data": "{}"} for _ in range(n)],
                    )
            store = open_store(engine=engine)
            case = add_case(store.cases)
            add_case(store.cases)
            add_case(store.cases, sender="bob")
            store.handoffs.request("alice", channel="rest", reason="人工")
            store.handoffs.request("bob", channel="rest", reason="人工")
            store.audit.record("staff1", "view_case", {"said": "客户原话"}, sender_id="alice")
            store.audit.record("staff1", "open_letter", {}, case_id=case.id)
            store.audit.record("staff1", "view_case", {"said": "bob"}, sender_id="bob")

            removed = forget("alice", case_db_url=case_url, tracker_db_url=tracker_url)

            assert removed == {"tracker_events": 3, "cases": 2, "complaints": 0,
                               "handoffs": 1, "audit_events_redacted": 2}
            with tracker.connect() as conn:
                left = conn.execute(sa.select(events.c.sender_id)).scalars().all()
            assert left == ["bob", "bob"]
            assert store.cases.list_cases_for("alice") == [] and len(store.cases.list_cases_for("bob")) == 1
            assert store.handoffs.list_for("alice") == [] and len(store.handoffs.list_for("bob")) == 1
            audit = store.audit.list_recent()
            # forget accounts for its blanking in the audit chain (issue 22), naming rows, not the person
            assert audit[0].action == "forget" and audit[0].sender_id is None
            assert len(audit[0].detail["redacted_seqs"]) == 2
            audit = audit[1:]
            assert len(audit) == 3  # the staff actions are kept …
            redacted = [e for e in audit if e.subject_forgotten]
            assert {e.action for e in redacted} == {"view_case", "open_letter"}
            for e in redacted:  # … without the person
                assert e.sender_id is None and e.case_id is None and e.detail == {}
            assert store.audit.list_recent(sender_id="bob")[0].detail == {"said": "bob"}
            assert "alice" not in repr(raw_rows(engine, "audit_events"))

            again = forget("alice", case_db_url=case_url, tracker_db_url=tracker_url)
            assert again == {"tracker_events": 0, "cases": 0, "complaints": 0,
                             "handoffs": 0, "audit_events_redacted": 0}
        finally:
            tracker.dispose()

    def test_forget_blanks_the_console_searches_that_named_the_conversation(self, engine, case_url, tracker_url):
        """Issue 22: `forget` left the conversation id in the agents' `search` rows (in their detail)."""
        handoffs, audit = HandoffRepository(engine), AuditRepository(engine)
        ticket = handoffs.request("widget:web-0123456789", channel="widget", reason="")
        for q in ("widget:web-0123456789", "web-0123", ticket.ticket, "h" + str(ticket.id), "web", "widget:other"):
            audit.record("agent1", "search", {"q": q})
        removed = forget("widget:web-0123456789", case_db_url=case_url, tracker_db_url=tracker_url)
        assert removed["audit_events_redacted"] == 4
        left = sorted(r.detail.get("q", "") for r in audit.list_recent(20)
                      if not r.subject_forgotten and r.action == "search")
        assert left == ["web", "widget:other"]  # "web" (3 characters) finds no ticket by a part: not a name

    def test_forget_without_a_tracker_table(self, engine, case_url, tracker_url):
        add_case(CaseRepository(engine))
        removed = forget("alice", case_db_url=case_url, tracker_db_url=tracker_url)
        assert removed == {"tracker_events": 0, "cases": 1, "complaints": 0,
                           "handoffs": 0, "audit_events_redacted": 0}

    def test_forget_refuses_an_empty_sender(self, engine, case_url, tracker_url):
        with pytest.raises(ValueError):
            forget(" ", case_db_url=case_url, tracker_db_url=tracker_url)
