"""Columns of the conflicts and rejected-changes tables (RowTableModel specs)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from desktop.domain import formats
from desktop.i18n import N_, _
from desktop.sync.service import ConflictRow, RejectedRow
from ui.formatting import when
from ui.models.row_table import Column

TABLE_LABELS = {
    "accounts": N_("Account"), "contacts": N_("Contact"), "interactions": N_("History entry"),
    "follow_ups": N_("Follow-up"), "concerns": N_("Concern"), "users": N_("User"),
    "territories": N_("Territory"), "sync_conflicts": N_("Conflict"),
}
KIND_LABELS = {
    "field": "", "delete": N_("deleted on one side, edited on the other"),
    "restored": N_("edited after it was deleted: restored"),
}


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def show_value(value: Any, field: str = "") -> str:
    if field.endswith("phone") and isinstance(value, str) and value.startswith("+"):
        return formats.phone(value)
    if field.endswith(("_date", "_on", "_until")) and isinstance(value, str) and _iso(value):
        return formats.stored_day(value)
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, dict):
        if "edited" in value:
            return _("deleted (but {fields} had changed)").format(
                fields=", ".join(field_label(f) for f in value["edited"]))
        if "deleted_at" in value:
            return _("deleted")
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_label(name: str) -> str:
    return name.replace("_id", "").replace("_", " ").capitalize()


def record(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def conflict_columns() -> list[Column[ConflictRow]]:
    return [
        Column(_("Account"), lambda c: c.account_name or "—"),
        Column(_("Record"), lambda c: record(c.table_name)),
        Column(_("Field"), lambda c: _(KIND_LABELS.get(c.kind) or "") or field_label(c.field)),
        Column(_("Now"), lambda c: show_value(c.kept_value, c.field) if c.kind == "field" else
               (_("kept") if c.kind == "delete" else _("restored"))),
        Column(_("Lost"), lambda c: show_value(c.lost_value, c.field)),
        Column(_("When"), lambda c: when(c.detected_at)),
    ]


def rejected_columns() -> list[Column[RejectedRow]]:
    return [
        Column(_("Record"), lambda r: record(r.table_name)),
        Column(_("Change"), lambda r: ", ".join(
            f"{field_label(k)}: {show_value(v, k)}" for k, v in r.changes.items()
            if k not in ("id", "created_at", "updated_at"))[:120]),
        Column(_("Reason"), lambda r: r.reason),
        Column(_("When"), lambda r: when(r.rejected_at)),
    ]
