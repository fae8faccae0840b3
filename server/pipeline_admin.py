"""The office's pipeline settings, kept by an administrator on the server:
stages, lead score weights and quotas (``fieldbook-server stages``,
``lead-weights``, ``quotas``). Every write is a synced row with a new version,
so every rep's next sync brings it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from desktop.domain.pipeline_rules import CHOICES
from desktop.domain.scoring import fit_score
from desktop.domain.stages import DEFAULT_STAGES
from server.db import Database, WriteTxn
from server.rows import table_of


class AdminError(ValueError):
    """A setting that cannot be made; the message says why."""


def _check(table: str, field: str, value: str) -> None:
    allowed = [m.value for m in CHOICES[table][field]]
    if value not in allowed:
        raise AdminError(f"{field} must be one of {', '.join(allowed)}, not {value!r}")


def _stamp(txn: WriteTxn, now: datetime) -> dict[str, Any]:
    return {"updated_at": now, "sync_version": txn.next_version()}


def list_stages(db: Database) -> list[dict[str, Any]]:
    t = table_of("opportunity_stages")
    with db.read() as conn:
        return [dict(r) for r in conn.execute(select(t).where(t.c.deleted_at.is_(None))
                                              .order_by(t.c.position, t.c.key)).mappings()]


def seed_stages(db: Database, now: datetime) -> int:
    """The default stages, when the server has none at all; returns how many."""
    t = table_of("opportunity_stages")
    with db.write() as txn:
        if txn.conn.execute(select(t.c.id).limit(1)).first() is not None:
            return 0
        for stage in DEFAULT_STAGES:
            txn.conn.execute(insert(t).values(
                id=uuid.uuid4(), key=stage.key, name=stage.name, position=stage.position,
                probability=stage.probability, kind=stage.kind, active=True,
                created_at=now, **_stamp(txn, now)))
        return len(DEFAULT_STAGES)


def set_stage(db: Database, key: str, now: datetime, *, name: str | None = None,
              probability: Decimal | None = None, position: int | None = None,
              kind: str | None = None, active: bool | None = None) -> str:
    """Create or change one stage; returns "created" or "changed"."""
    if not key or len(key) > 24 or not key.replace("_", "").isalnum():
        raise AdminError("a stage key is 1-24 letters, digits or _")
    if probability is not None and not Decimal(0) <= probability <= Decimal(1):
        raise AdminError("the probability is between 0 and 100 %")
    if kind is not None:
        _check("opportunity_stages", "kind", kind)
    t = table_of("opportunity_stages")
    values = {k: v for k, v in (("name", name), ("probability", probability),
                                ("position", position), ("kind", kind), ("active", active))
              if v is not None}
    with db.write() as txn:
        found = txn.conn.execute(select(t.c.id, t.c.position).where(t.c.key == key)).first()
        if found is None:
            if name is None or probability is None:
                raise AdminError(f"no stage {key!r}: a new stage needs --name and --probability")
            last = txn.conn.execute(select(t.c.position).order_by(t.c.position.desc())).scalar()
            txn.conn.execute(insert(t).values(
                id=uuid.uuid4(), key=key, created_at=now, **{
                    "position": (last or 0) + 1, "kind": "open", "active": True, **values},
                **_stamp(txn, now)))
            return "created"
        txn.conn.execute(update(t).where(t.c.id == found.id).values(
            deleted_at=None, **values, **_stamp(txn, now)))
        return "changed"


def list_weights(db: Database) -> list[dict[str, Any]]:
    t = table_of("lead_score_weights")
    with db.read() as conn:
        return [dict(r) for r in conn.execute(select(t).where(t.c.deleted_at.is_(None))
                                              .order_by(t.c.factor)).mappings()]


def set_weight(db: Database, factor: str, weight: int, cap: int | None,
               now: datetime) -> int:
    """Create or change one weight, then score every lead again; returns how
    many leads' scores changed."""
    kind, _, name = factor.partition(":")
    if factor != "budget_per_1000" and not (kind in ("source", "timing", "has") and name):
        raise AdminError("a factor is source:<source>, timing:<timing>, has:<field> or "
                         "budget_per_1000")
    if kind in ("source", "timing"):
        _check("leads", kind, name)
    if not -100 <= weight <= 100 or (cap is not None and not 0 <= cap <= 100):
        raise AdminError("weights and caps are between -100 and 100")
    t = table_of("lead_score_weights")
    with db.write() as txn:
        found = txn.conn.execute(select(t.c.id).where(t.c.factor == factor)).scalar()
        if found is None:
            txn.conn.execute(insert(t).values(id=uuid.uuid4(), factor=factor, weight=weight,
                                              cap=cap, created_at=now, **_stamp(txn, now)))
        else:
            txn.conn.execute(update(t).where(t.c.id == found).values(
                weight=weight, cap=cap, deleted_at=None, **_stamp(txn, now)))
        return _rescore(txn)


def _rescore(txn: WriteTxn) -> int:
    weights_t, leads = table_of("lead_score_weights"), table_of("leads")
    weights = {r.factor: (r.weight, r.cap) for r in txn.conn.execute(
        select(weights_t.c.factor, weights_t.c.weight, weights_t.c.cap)
        .where(weights_t.c.deleted_at.is_(None)))}
    changed = 0
    for lead in txn.conn.execute(select(leads).where(leads.c.deleted_at.is_(None))
                                 .order_by(leads.c.id)).mappings().all():
        score = fit_score(dict(lead), weights)
        if score != lead["fit_score"]:
            txn.conn.execute(update(leads).where(leads.c.id == lead["id"]).values(
                fit_score=score, sync_version=txn.next_version()))
            changed += 1
    return changed


def set_quota(db: Database, user_id: uuid.UUID, period_kind: str, start: date, metric: str,
              target: Decimal, now: datetime, *, product_line: str | None = None,
              currency: str = "USD") -> str:
    """Create or change one rep's quota for one period; returns "created" or "changed"."""
    _check("quotas", "period_kind", period_kind)
    _check("quotas", "metric", metric)
    if start.day != 1 or (period_kind == "quarter" and start.month % 3 != 1) or \
            (period_kind == "year" and start.month != 1):
        raise AdminError(f"a {period_kind} starts on the first day of the {period_kind}")
    if target < 0:
        raise AdminError("a target is zero or more")
    if (metric == "units") != (product_line is not None):
        raise AdminError("units are counted per product line (--product-line), "
                         "other measures have none")
    t = table_of("quotas")
    key = (t.c.owner_id == user_id, t.c.period_kind == period_kind,
           t.c.period_start == start, t.c.metric == metric,
           t.c.product_line.is_(None) if product_line is None
           else t.c.product_line == product_line)
    with db.write() as txn:
        found = txn.conn.execute(select(t.c.id).where(*key)).scalar()
        values = {"target": target, "currency": currency.upper()}
        if found is None:
            txn.conn.execute(insert(t).values(
                id=uuid.uuid4(), owner_id=user_id, period_kind=period_kind,
                period_start=start, metric=metric, product_line=product_line,
                created_at=now, **values, **_stamp(txn, now)))
            return "created"
        txn.conn.execute(update(t).where(t.c.id == found).values(
            deleted_at=None, **values, **_stamp(txn, now)))
        return "changed"


def list_quotas(db: Database, user_ids: Sequence[uuid.UUID] | None = None
                ) -> list[dict[str, Any]]:
    t = table_of("quotas")
    query = select(t).where(t.c.deleted_at.is_(None))
    if user_ids is not None:
        query = query.where(t.c.owner_id.in_(list(user_ids)))
    with db.read() as conn:
        return [dict(r) for r in conn.execute(
            query.order_by(t.c.owner_id, t.c.period_start, t.c.metric)).mappings()]
