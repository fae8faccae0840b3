"""What the server checks and decides on the pipeline's rows as they arrive.

Checks (a bad row is rejected with its reason, before anything is written):

* a lead is assigned to someone else only by a manager (within the team) or
  an administrator; a rep's new lead without an owner becomes the rep's;
* an attendee carries its event's owner and territory;
* an opportunity's stage, when set or changed, is the key of an active stage;
* a line or a stage change names an opportunity of the same account, and so
  does a proposal's or an order's ``opportunity_id``;
* the stage history is written once: only its account may move (with a merge);
* a quota is set by the rep's manager or an administrator, never by the rep;
* a sales material is changed only by whoever added it, or an administrator.

Decisions (the client's value is a request; the server's travels back):
``fit_score`` from the office's weights; ``outcome`` from the stage's kind and
``closed_at`` once won or lost; ``changed_by``, ``merged_by`` and ``added_by``
are the pushing user.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from desktop.domain import stages as stage_rules
from desktop.domain import wire
from desktop.domain.scoring import fit_score
from desktop.domain.stages import DEFAULT_STAGES, Stage
from server import merges
from server.merge import Mutation
from server.rows import table_of
from server.validate import Invalid

SERVER_USER_FIELDS = {"opportunity_stage_changes": "changed_by",
                      "record_merges": "merged_by", "sales_materials": "added_by"}
MOVABLE_HISTORY = frozenset({"account_id", "updated_at"})
CLOSED = (stage_rules.WON, stage_rules.LOST)


def _memo(batch: Any) -> dict[str, Any]:
    return batch.memo


def stages(batch: Any) -> dict[str, Stage]:
    """The server's stages by key (the defaults while an administrator has set none)."""
    memo = _memo(batch)
    if "stages" not in memo:
        t = table_of("opportunity_stages")
        rows = batch.txn.conn.execute(select(t).where(t.c.deleted_at.is_(None))).mappings()
        found = [Stage(r["key"], r["name"], r["position"], r["probability"], r["kind"],
                       bool(r["active"])) for r in rows]
        memo["stages"] = {s.key: s for s in (found or DEFAULT_STAGES)}
    return memo["stages"]


def weights(batch: Any) -> dict[str, tuple[int, int | None]]:
    memo = _memo(batch)
    if "weights" not in memo:
        t = table_of("lead_score_weights")
        memo["weights"] = {r.factor: (r.weight, r.cap) for r in batch.txn.conn.execute(
            select(t.c.factor, t.c.weight, t.c.cap).where(t.c.deleted_at.is_(None)))}
    return memo["weights"]


def prepare(batch: Any, m: Mutation, current: dict[str, Any] | None,
            row: dict[str, Any]) -> None:
    """Fill what the pusher may leave out, before authorisation (in place)."""
    scope = batch.scope
    if m.table == "leads" and current is None and row.get("owner_id") is None \
            and scope.role == "rep":
        row["owner_id"] = scope.user_id.hex


def check_op(m: Mutation, current: dict[str, Any] | None) -> None:
    """Refuse what no merge could make right: deleting the stage history."""
    if m.table == "opportunity_stage_changes" and current is not None and m.op == "delete":
        raise Invalid("The stage history cannot be changed once written.")


def check(batch: Any, m: Mutation, current: dict[str, Any] | None,
          row: dict[str, Any]) -> None:
    """Refuse a row the pipeline's rules do not allow (see the module's doc)."""
    checker = _CHECKS.get(m.table)
    if checker is not None:
        checker(batch, current, row)


def _lead(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    scope = batch.scope
    owner = row.get("owner_id")
    if scope.everything or (current is not None and current.get("owner_id") == owner):
        return
    if owner != scope.user_id.hex and scope.role != "manager":
        raise Invalid("Only a manager can assign a lead to someone else.")


def _attendee(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    event_id = row.get("event_id")
    event = batch.current("events", event_id) if isinstance(event_id, str) else None
    if event is None:
        raise Invalid("The event of this attendee is not on the server.")
    if (event.get("owner_id"), event.get("territory_id")) != (row.get("owner_id"),
                                                              row.get("territory_id")):
        raise Invalid("An attendee must carry its event's owner and territory.")


def _opportunity(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    if current is not None and current.get("stage") == row.get("stage"):
        return
    stage = stages(batch).get(str(row.get("stage")))
    if stage is None or not stage.active:
        raise Invalid(f"{row.get('stage')!r} is not an active stage of the Sales Pipe.")


def _same_account(batch: Any, row: dict[str, Any]) -> None:
    opportunity_id = row.get("opportunity_id")
    if not isinstance(opportunity_id, str):
        return
    opportunity = batch.current("opportunities", opportunity_id)
    if opportunity is None:
        raise Invalid("The opportunity it names is not on the server.")
    ours = merges.resolve(batch, "accounts", str(row.get("account_id")))
    if merges.resolve(batch, "accounts", str(opportunity.get("account_id"))) != ours:
        raise Invalid("The opportunity it names belongs to another account.")


def _line(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    _same_account(batch, row)


def _stage_change(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    if current is not None:
        changed = {k for k, v in row.items() if current.get(k) != v}
        if not changed <= MOVABLE_HISTORY:
            raise Invalid("The stage history cannot be changed once written.")
    _same_account(batch, row)


def _linked(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    """A proposal or an order naming its opportunity."""
    if current is None or current.get("opportunity_id") != row.get("opportunity_id") \
            or current.get("account_id") != row.get("account_id"):
        _same_account(batch, row)


def _quota(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    scope = batch.scope
    if scope.everything:
        return
    users = table_of("users")
    for version in (current, row):
        if version is None:
            continue
        owner = version.get("owner_id")
        manager = batch.txn.conn.execute(select(users.c.manager_id).where(
            users.c.id == uuid.UUID(hex=str(owner)))).scalar() if owner else None
        if manager != scope.user_id:
            raise Invalid("Only the rep's manager or an administrator can set quotas.")


def _material(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    scope = batch.scope
    if current is not None and not scope.everything \
            and current.get("added_by") != scope.user_id.hex:
        raise Invalid("Only whoever added a sales material (or an administrator) can "
                      "change it.")


def _merge_record(batch: Any, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    if row.get("table_name") not in merges.MERGEABLE:
        raise Invalid(f"Only {', '.join(merges.MERGEABLE)} can be merged.")


_CHECKS = {"leads": _lead, "event_attendees": _attendee, "opportunities": _opportunity,
           "opportunity_lines": _line, "opportunity_stage_changes": _stage_change,
           "proposals": _linked, "orders": _linked, "quotas": _quota,
           "sales_materials": _material, "record_merges": _merge_record}


def after_write(batch: Any, table: str, current: dict[str, Any] | None,
                row: dict[str, Any]) -> None:
    """An event's attendees follow its new owner or territory (new versions,
    so whoever now sees the event receives them; the app sends the same
    change, which then finds nothing to do)."""
    if table != "events" or current is None:
        return
    moved = {k: row.get(k) for k in ("owner_id", "territory_id") if current.get(k) != row.get(k)}
    if not moved:
        return
    t, txn = table_of("event_attendees"), batch.txn
    values = {k: uuid.UUID(hex=v) if isinstance(v, str) else None for k, v in moved.items()}
    ids = txn.conn.execute(select(t.c.id).where(t.c.event_id == uuid.UUID(hex=row["id"]))
                           .order_by(t.c.id)).scalars().all()
    for attendee in ids:
        txn.conn.execute(update(t).where(t.c.id == attendee).values(
            **values, sync_version=txn.next_version()))
        batch.rows.pop(("event_attendees", attendee.hex), None)


def decide(batch: Any, table: str, current: dict[str, Any] | None, values: dict[str, Any],
           now: datetime) -> dict[str, Any]:
    """The fields the server sets on this row (Python values; empty if none)."""
    out: dict[str, Any] = {}
    user_field = SERVER_USER_FIELDS.get(table)
    if user_field is not None:  # the pusher on creation, and never changed after
        kept = current.get(user_field) if current is not None else None
        out[user_field] = (batch.scope.user_id if current is None
                           else uuid.UUID(hex=kept) if isinstance(kept, str) else None)
    if table == "leads":
        out["fit_score"] = fit_score(values, weights(batch))
    elif table == "opportunities":
        stage = stages(batch).get(str(values.get("stage")))
        if stage is not None:
            out["outcome"] = stage.kind
            closed_at = current.get("closed_at") if current is not None else None
            if stage.kind not in CLOSED:
                out["closed_at"] = None
            elif current is not None and current.get("outcome") in CLOSED and closed_at:
                out["closed_at"] = wire.decode("datetime", closed_at, "closed_at")  # kept
            else:
                out["closed_at"] = now  # the client's clock is information only
    return {k: v for k, v in out.items() if values.get(k) != v}
