"""Applying a client's mutations: in its order, exactly once, merged, authorised.

One push request is one write transaction. On PostgreSQL pushes run in
parallel: the rows a push touches are locked as it reads them, its rows get
provisional versions, and only the final stamp takes the version clock (see
``server.db``). A mutation on a table outside ``PARALLEL_TABLES`` (whose rules
read other rows: stock, order numbers, approvals, teams) takes the clock when
it starts and holds it to commit, as every push did before.

Each mutation runs in a savepoint:
a rejected one (invalid, not allowed, or failing in the database) is rolled
back alone, recorded with its reason and acknowledged, so it can never wedge
the queue. Results are stored per (client id, seq) in the same transaction, so
a replayed push gets the stored result and changes nothing (invariant 3).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Uuid,
    any_,
    bindparam,
    cast,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from desktop.domain import wire
from server import approvals, merges, pipeline_rules, references, rules, team_rules, trust
from server.audit import device_name
from server.audit import flush as flush_audit
from server.audit import record as record_audit
from server.authorise import authorise as _authorise
from server.busy_rules import decide as decide_busy
from server.db import Database, WriteTxn
from server.merge import LostValue, Mutation, merge
from server.retention import pruned_upto, replayed
from server.rows import ACCOUNT_TABLES, encode_row, table_of
from server.scope import Scope, scope_of
from server.tables import audit_log, client_mutations, lead_exits, scope_exits
from server.validate import Invalid, check_changes, decode_row
from server.write_buffer import WriteBuffer

CHILD_TABLES = ACCOUNT_TABLES
# Tables whose rules read only the row and its account: pushed in parallel.
PARALLEL_TABLES = frozenset({"accounts", "contacts", "interactions", "concerns"})
TRANSIENT = ("40P01", "40001")  # deadlock, serialization failure: the push is redone
UNIQUE = "23505"  # a parallel push stored a result another push of the same seq stored first


class ClientIdReused(Exception):
    """The same (client id, seq) came with different content: a cache restored
    from a copy. The client must take a new id; nothing was applied."""


def digest(raw: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest()


class _Retry(Exception):
    """A database error in the fast path: redo the batch with a savepoint each."""


class Batch:
    """One push request's transaction, with the rows it touches read up front."""

    def __init__(self, txn: WriteTxn, scope: Scope, buffered: bool = False) -> None:
        self.txn = txn
        self.scope = scope
        # The fast path holds row writes back to send them together (server.write_buffer).
        self.writes = WriteBuffer(txn.conn) if buffered else None
        self.rows: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.memo: dict[str, Any] = {}  # stages, weights, merges: read once per push
        self.audit: list[dict[str, Any]] = []  # entries of applied mutations (server.audit)

    def preload(self, mutations: list[dict[str, Any]]) -> None:
        wanted: dict[str, set[str]] = {}
        for raw in mutations:
            table, row_id = raw.get("table"), raw.get("id")
            if table in wire.tables() and isinstance(row_id, str) and len(row_id) == 32:
                wanted.setdefault(str(table), set()).add(row_id)
        accounts = wanted.setdefault("accounts", set())
        for raw in mutations:  # the accounts that children hang on, for authorisation
            for part in (raw.get("changes"), raw.get("base")):
                if isinstance(part, dict) and isinstance(part.get("account_id"), str):
                    accounts.add(part["account_id"])
        for name, ids in sorted(wanted.items()):  # one order of row locks for everyone
            table, t = wire.tables()[name], table_of(name)
            keys = []
            for row_id in sorted(ids):
                try:
                    keys.append(uuid.UUID(hex=row_id))
                except ValueError:
                    continue
            for start in range(0, len(keys), 500):
                for found in self.txn.conn.execute(self._locking(
                        select(t).where(t.c.id.in_(keys[start:start + 500])))).mappings():
                    self.rows[(name, found["id"].hex)] = encode_row(table, found)
            for key in keys:
                self.rows.setdefault((name, key.hex), None)

    def current(self, table: str, row_id: str) -> dict[str, Any] | None:
        if (table, row_id) not in self.rows:
            t = table_of(table)
            found = self.txn.conn.execute(self._locking(
                select(t).where(t.c.id == uuid.UUID(hex=row_id)))).mappings().first()
            self.rows[(table, row_id)] = (encode_row(wire.tables()[table], found)
                                          if found is not None else None)
        return self.rows[(table, row_id)]

    def write(self, statement: Any, params: dict[str, Any], shape: tuple[Any, ...]) -> None:
        """Insert or update one row, now or with the next writes of its ``shape``."""
        if self.writes is None:
            self.txn.conn.execute(statement, params)
        else:
            self.writes.add((*shape, *sorted(params)), statement, params)

    def send_writes(self) -> None:
        """Send the held-back writes; a database error redoes the push carefully."""
        if self.writes is None:
            return
        writes, self.writes = self.writes, None
        try:
            writes.close()
        except SQLAlchemyError as exc:
            raise _Retry() from exc

    def _locking(self, query: Any) -> Any:
        """Before the clock is taken, a read row stays as read until commit."""
        return query if self.txn.locked else query.with_for_update()

    def serial(self) -> None:
        """Take the clock now (rules that read beyond their row): from here the
        push sees every commit, as under the one write lock."""
        if not self.txn.locked:
            self.txn.lock()
            self.memo.clear()


def push(db: Database, user_id: uuid.UUID, client_id: uuid.UUID, mutations: list[dict[str, Any]],
         now: datetime, *, device_id: uuid.UUID | None = None) -> dict[str, Any]:
    """Fast and parallel first; on a database error, again carefully, with
    the clock taken first (a deadlock between two pushes is redone too)."""
    for attempt in range(4):
        try:
            return _push(db, user_id, client_id, mutations, now, attempt > 0, device_id)
        except _Retry:
            continue
        except DBAPIError as exc:  # a retry of a push still running: now a replay
            replay = attempt == 0 and getattr(exc.orig, "sqlstate", None) == UNIQUE
            if attempt == 3 or not (_transient(exc) or replay):
                raise
    raise RuntimeError("the push deadlocked four times")


def _transient(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in TRANSIENT


def _push(db: Database, user_id: uuid.UUID, client_id: uuid.UUID,
          mutations: list[dict[str, Any]], now: datetime, careful: bool,
          device_id: uuid.UUID | None) -> dict[str, Any]:
    """Without ``careful``, no savepoints: checks all run before any write, so
    only a database error can leave a half-applied mutation, and that redoes
    the whole batch carefully (one savepoint per mutation)."""
    results: list[dict[str, Any]] = []
    with db.write(deferred=not careful) as txn:
        conn = txn.conn
        batch = Batch(txn, scope_of(conn, user_id), buffered=not careful)
        seqs = [raw.get("seq") for raw in mutations]
        if not all(isinstance(seq, int) for seq in seqs):
            raise Invalid("every mutation needs an integer seq")
        stored = {row.seq: row for row in conn.execute(
            select(client_mutations.c.seq, client_mutations.c.digest, client_mutations.c.result)
            .where(client_mutations.c.client_id == client_id, client_mutations.c.seq.in_(seqs)))}
        batch.preload(mutations)
        pruned = pruned_upto(conn, client_id)
        records = []
        for raw in mutations:
            key = digest(raw)
            previous = stored.get(raw["seq"])
            if previous is not None:
                if previous.digest != key:
                    raise ClientIdReused(f"mutation {raw['seq']} was already used for another "
                                         "change")
                results.append({**previous.result, "replayed": True})
                continue
            if raw["seq"] <= pruned:  # applied long ago; its stored result was pruned
                results.append(replayed(raw["seq"]))
                continue
            result = _apply_one(batch, raw, now, careful)
            records.append({"client_id": client_id, "seq": raw["seq"], "digest": key,
                            "result": result, "created_at": now})
            results.append(result)
        batch.send_writes()
        # Written with provisional versions where the push has them; the
        # stamp, the one serial step, restamps them with its rows.
        if records:
            conn.execute(insert(client_mutations), records)
        flush_audit(conn, batch.audit, user_id, client_id, device_id,
                    device_name(conn, device_id) if batch.audit else None, now)
        if txn.count:
            provisional = [r["seq"] for r in records if (r["result"].get("version") or 0) < 0]
            txn.stamp(lambda shift, lowest, highest: _restamp(
                bool(provisional), shift, lowest, highest), also_key=("push", bool(provisional)),
                params={"stamp_client": client_id, "stamp_seqs": provisional})
            for result in results:
                if "version" in result:
                    result["version"] = txn.final(result["version"])
        head = txn.version if txn.locked else db.head(conn)[0]
    return {"results": results, "head": head}


def _restamp(seqs: bool, shift: Any, lowest: Any, highest: Any) -> list[Any]:
    """The final versions of a push's audit entries and stored results (those of
    the client ``stamp_client`` whose seq is in ``stamp_seqs``, if ``seqs``)."""
    out: list[Any] = [update(audit_log).where(audit_log.c.version < 0,
                                              audit_log.c.version.between(lowest, highest))
                      .values(version=shift - audit_log.c.version)]
    if seqs:
        result = client_mutations.c.result
        version = cast(func.json_extract_path_text(result, "version"), BigInteger)
        out.append(update(client_mutations).where(
            client_mutations.c.client_id == bindparam("stamp_client", type_=Uuid),
            client_mutations.c.seq == any_(bindparam("stamp_seqs", type_=ARRAY(BigInteger))))
            .values(result=cast(func.jsonb_set(cast(result, JSONB), text("'{version}'"),
                                               func.to_jsonb(shift - version)), JSON)))
    return out


def _apply_one(batch: Batch, raw: dict[str, Any], now: datetime, careful: bool) -> dict[str, Any]:
    txn = batch.txn
    savepoint = txn.conn.begin_nested() if careful else None
    version_before = txn.version
    saved_rows = dict(batch.rows) if careful else None
    audited = len(batch.audit)
    try:
        result = _apply(batch, _parse(raw), now)
        if savepoint is not None:
            savepoint.commit()
        return result
    except (Invalid, wire.WireError) as exc:
        reason = str(exc)
    except ArithmeticError as exc:  # a total beyond what Decimal computes: refused alone
        reason = f"The numbers are too large to compute with ({exc.__class__.__name__})."
    except SQLAlchemyError as exc:
        if not careful or _transient(exc):
            raise _Retry() from exc
        reason = f"The server could not store this change: {exc.__class__.__name__}"
    if savepoint is not None:
        savepoint.rollback()
    if saved_rows is not None:
        batch.rows = saved_rows
    batch.memo.clear()
    del batch.audit[audited:]
    txn.version = version_before
    return {"seq": raw["seq"], "status": "rejected", "reason": reason}


def _parse(raw: dict[str, Any]) -> Mutation:
    op = raw.get("op")
    if op not in ("upsert", "delete"):
        raise Invalid(f"unknown operation {op!r}")
    base, changes = raw.get("base"), raw.get("changes")
    if not isinstance(changes, dict) or (base is not None and not isinstance(base, dict)):
        raise Invalid("changes must be an object")
    try:
        row_id = uuid.UUID(hex=str(raw.get("id"))).hex
    except ValueError:
        raise Invalid("bad row id") from None
    return Mutation(raw["seq"], str(raw.get("table")), row_id, op, base, changes)


def _apply(batch: Batch, m: Mutation, now: datetime) -> dict[str, Any]:
    txn = batch.txn
    table = wire.tables().get(m.table)
    if table is None:
        raise Invalid(f"unknown table {m.table!r}")
    check_changes(table, m.changes)
    if m.base is not None:
        check_changes(table, m.base)
    if m.table not in PARALLEL_TABLES or m.changes.get("merged_into_id") is not None:
        batch.serial()
    asked = m.row_id
    routed = merges.route(batch, m, lambda name, row: _authorise(
        batch, Mutation(m.seq, name, row["id"], "upsert", None, {}), row))
    if routed.mutation is None:  # an edit of a merged-away record's tombstone: nothing to do
        return {"seq": m.seq, "status": "applied", "version": None, "conflicts": 0}
    m = routed.mutation
    t = table_of(m.table)
    current = batch.current(m.table, m.row_id)
    _authorise(batch, m, current)
    pipeline_rules.check_op(m, current)
    outcome = merge(current, m)
    version = None
    if outcome.row is not None:
        outcome.row = trust.decide(batch, m, current, outcome.row)
        outcome.row = decide_busy(batch, m, current, outcome.row)
        references.check(batch, m, current, outcome.row)  # as sent, before merges redirect
        merges.rewrite_refs(batch, m.table, outcome.row, None if current is None
                            else set(m.changes))
        pipeline_rules.prepare(batch, m, current, outcome.row)
        values = decode_row(table, outcome.row)
        pipeline_rules.check(batch, m, current, outcome.row)
        team_rules.check(batch, m, current, outcome.row)
        _authorise(batch, m, outcome.row)
        approvals.check(txn, batch.scope, m.table, current, outcome.row)
        if m.table == "proposal_lines":
            approvals.check_line(batch, current, outcome.row)
        decided = {k: v for k, v in values.items()  # schema defaults, stated
                   if v is not None and outcome.row.get(k) is None}
        decided.update(pipeline_rules.decide(batch, m.table, current, values, now))
        decided.update(team_rules.decide(batch, m.table, current, values, now))
        if decided:
            values = {**values, **decided}
            outcome.row = {**outcome.row, **{k: wire.encode(table.kinds[k], v)
                                             for k, v in decided.items()}}
        if current is None:
            decided = rules.on_create(txn, m.table, values, now)
            if m.table == "stock_requests":  # the rules may have changed stock (and holds)
                for key in [k for k in batch.rows if k[0] in ("stock_levels", "stock_requests")
                            and k[1] != m.row_id]:
                    del batch.rows[key]
            if decided is not values:  # the server's decision travels back in the row
                values = decided
                outcome.row = {**outcome.row, **{k: wire.encode(table.kinds[k], v)
                                                 for k, v in decided.items()}}
        version = txn.provisional_version(t)
        # Statements take their values as parameters: compiled once per shape.
        if current is None:
            batch.write(insert(t), {**values, "sync_version": version}, ("insert", m.table))
        else:
            changed = {k: v for k, v in values.items() if outcome.row[k] != current.get(k)}
            batch.write(update(t).where(t.c.id == bindparam("row_key")),
                        {**changed, "sync_version": version, "row_key": values["id"]},
                        ("update", m.table))
            if m.table == "accounts" and ({"territory_id", "owner_id"} & changed.keys()):
                _left_scope(txn, values["id"], current)
            elif m.table == "leads" and ({"territory_id", "owner_id"} & changed.keys()):
                _lead_reassigned(txn, values["id"], current)
        batch.rows[(m.table, m.row_id)] = outcome.row
        record_audit(batch.audit, m, current, outcome.row, version)
    account_id = _account_of(m.table, outcome.row or current or {})
    for lost in outcome.lost:
        _record_conflict(txn, batch.scope, m, lost, account_id, now)
    if outcome.row is not None:
        pipeline_rules.after_write(batch, m.table, current, outcome.row)
        trust.after_write(batch, m, current, outcome.row)
    carried = merges.after_write(batch, routed)
    for marker, lost in carried:
        _record_conflict(txn, batch.scope, marker, lost,
                         _account_of(m.table, batch.current(m.table, marker.row_id) or {}), now)
    result = {"seq": m.seq, "status": "applied", "version": version,
              "conflicts": len(outcome.lost) + len(carried)}
    if m.row_id != asked:
        result["redirected_to"] = m.row_id
    return result


def _account_of(table: str, row: dict[str, Any]) -> str | None:
    if table == "accounts":
        return row.get("id")
    return row.get("account_id")


def _left_scope(txn: WriteTxn, account_id: uuid.UUID, before: dict[str, Any]) -> None:
    """Record where the account was, and re-version its rows so that whoever
    can now see it downloads all of them."""
    conn = txn.conn
    old = [uuid.UUID(hex=v) if v else None for v in (before["territory_id"], before["owner_id"])]
    conn.execute(insert(scope_exits).values(
        version=txn.next_version(), account_id=account_id,
        old_territory_id=old[0], old_owner_id=old[1]))
    for name in CHILD_TABLES:
        t = table_of(name)
        ids = conn.execute(select(t.c.id).where(t.c.account_id == account_id)
                           .order_by(t.c.id)).scalars().all()
        for row_id in ids:
            conn.execute(update(t).where(t.c.id == row_id).values(sync_version=txn.next_version()))


def _lead_reassigned(txn: WriteTxn, lead_id: uuid.UUID, before: dict[str, Any]) -> None:
    """Record who could see the lead before (``server.pull`` evicts it there)."""
    old = [uuid.UUID(hex=v) if v else None for v in (before["territory_id"], before["owner_id"])]
    txn.conn.execute(insert(lead_exits).values(
        version=txn.next_version(), lead_id=lead_id,
        old_territory_id=old[0], old_owner_id=old[1]))


def _record_conflict(txn: WriteTxn, scope: Scope, m: Mutation, lost: LostValue,
                     account_id: str | None, now: datetime) -> None:
    t = table_of("sync_conflicts")
    txn.conn.execute(insert(t).values(
        id=uuid.uuid4(), account_id=uuid.UUID(hex=account_id) if account_id else None,
        table_name=m.table, row_id=uuid.UUID(hex=m.row_id), field=lost.field, kind=lost.kind,
        kept_value=lost.kept, lost_value=lost.lost, kept_by=scope.user_id, lost_by=None,
        detected_at=now, created_at=now, updated_at=now, deleted_at=None,
        sync_version=txn.provisional_version(t)))
