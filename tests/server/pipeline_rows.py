"""Wire rows and mutations of the pipeline's tables, made by hand as a client
(or a hostile one) would send them."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.domain import wire

STAMP = "2026-11-02 09:00:00.000000"
DEFAULTS: dict[str, dict[str, Any]] = {
    "accounts": {"name": "Acme", "kind": "customer", "status": "active",
                 "billing_country": "US", "currency": "USD", "locale": "en_US", "tags": [],
                 "archived": False},
    "contacts": {"first_name": "Ada", "last_name": "Ames", "do_not_contact": False,
                 "archived": False},
    "interactions": {"channel": "phone", "direction": "out", "occurred_at": STAMP,
                     "subject": "Call"},
    "leads": {"source": "web", "company": "Lead Co", "country": "US", "currency": "USD",
              "timing": "unknown", "fit_score": 0, "status": "new", "received_at": STAMP},
    "events": {"name": "Expo", "kind": "trade_show", "starts_on": "2026-12-01",
               "ends_on": "2026-12-02", "cost": "1000", "currency": "USD", "staff": []},
    "event_attendees": {"status": "registered"},
    "opportunities": {"name": "Deal", "amount": "1000", "currency": "USD",
                      "close_date": "2027-01-31", "stage": "prospecting",
                      "forecast_category": "pipeline", "outcome": "open"},
    "opportunity_lines": {"position": 1, "description": "Widget", "quantity": "1",
                          "unit": "each", "unit_price": "10", "discount_percent": "0"},
    "opportunity_stage_changes": {"to_stage": "prospecting", "amount": "0",
                                  "changed_at": STAMP},
    "quotas": {"period_kind": "quarter", "period_start": "2027-01-01", "metric": "revenue",
               "target": "100000", "currency": "USD"},
    "sales_materials": {"sha256": "a" * 64, "title": "Brochure", "file_name": "b.pdf",
                        "media_type": "application/pdf", "size": 10},
    "record_merges": {"table_name": "accounts", "merged_at": STAMP, "chosen": {}},
    "opportunity_stages": {"name": "Stage", "position": 1, "probability": "0.5",
                           "kind": "open", "active": True},
    "lead_score_weights": {"weight": 10},
    "proposals": {"number": "P-1", "revision": 1, "status": "draft", "title": "Offer",
                  "issued_on": "2026-11-02", "valid_until": "2026-12-02",
                  "currency": "USD", "clauses": []},
}


def hex_of(value: Any) -> Any:
    return value.hex if isinstance(value, uuid.UUID) else value


def row(table: str, **values: Any) -> dict[str, Any]:
    """A whole new row of ``table`` in wire form (uuids may be given as UUID)."""
    out: dict[str, Any] = {name: None for name in wire.tables()[table].names}
    out.update(DEFAULTS.get(table, {}))
    out.update(id=uuid.uuid4().hex, created_at=STAMP, updated_at=STAMP)
    out.update({k: hex_of(v) for k, v in values.items()})
    return out


def create(seq: int, table: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"seq": seq, "table": table, "id": values["id"], "op": "upsert", "base": None,
            "changes": values}


def edit(seq: int, table: str, row_id: str, base: dict[str, Any],
         changes: dict[str, Any]) -> dict[str, Any]:
    return {"seq": seq, "table": table, "id": row_id, "op": "upsert",
            "base": {k: hex_of(v) for k, v in base.items()},
            "changes": {k: hex_of(v) for k, v in changes.items()}}


def tombstone(seq: int, table: str, before: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A delete as the client sends it: the whole row as seen, and what changes."""
    return {"seq": seq, "table": table, "id": before["id"], "op": "delete", "base": before,
            "changes": {"deleted_at": STAMP, **{k: hex_of(v) for k, v in changes.items()}}}
