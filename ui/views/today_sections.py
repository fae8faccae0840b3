"""The Today view's sections: a title, the columns of its short table, what it
says when empty, and which row field names its account (so a double-click
opens it). Cheap to build: no data is read here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain import formats
from desktop.domain.schema.enums import NoteAudience, label_of
from desktop.i18n import N_, _
from ui.formatting import day, local
from ui.models.row_table import Column

OVERDUE = "#C62828"
WARN = "#E65100"
DONE = "#2E7D32"


@dataclass(frozen=True)
class SectionSpec:
    name: str  # TodayService's section
    title: str  # N_: translated where shown
    empty: str  # N_
    columns: Callable[[Callable[[], date]], list[Column[Any]]]
    wide: int  # the column that takes the spare width (the others fit their text)


def _visit_columns(today: Callable[[], date]) -> list[Column[Any]]:
    status = {"planned": N_("To visit"), "visited": N_("Visited"), "skipped": N_("Skipped"),
              "rescheduled": N_("Rescheduled")}
    return [Column(_("Time"), lambda v: formats.clock(local(v.start_at)) if v.start_at else ""),
            Column(_("Account"), lambda v: v.account_name),
            Column(_("City"), lambda v: v.city),
            Column(_("Status"), lambda v: _(status.get(v.status, v.status)),
                   colour=lambda v: DONE if v.status == "visited" else None),
            Column(_("Purpose"), lambda v: v.purpose or "")]


def _due_columns(today: Callable[[], date]) -> list[Column[Any]]:
    return [Column(_("Due"), lambda f: day(f.due_date),
                   colour=lambda f: OVERDUE if f.due_date < today() else None),
            Column(_("Follow-up"), lambda f: f.title),
            Column(_("Account"), lambda f: f.account_name)]


def _task_columns(today: Callable[[], date]) -> list[Column[Any]]:
    return [Column(_("Due"), lambda t: day(t.due_date),
                   colour=lambda t: OVERDUE if t.due_date < today() else None),
            Column(_("Task"), lambda t: t.title),
            Column(_("From"), lambda t: t.assigned_by_name),
            Column(_("Account"), lambda t: t.account_name)]


def _deal_columns(today: Callable[[], date]) -> list[Column[Any]]:
    return [Column(_("Closes"), lambda c: day(c.close_date),
                   colour=lambda c: OVERDUE if c.close_date < today() else WARN),
            Column(_("Deal"), lambda c: c.name),
            Column(_("Account"), lambda c: c.account),
            Column(_("Amount"), lambda c: f"{formats.number(c.amount)} {c.currency}")]


def _goal_columns(today: Callable[[], date]) -> list[Column[Any]]:
    from desktop.domain.schema.enums import Channel

    def segment(g: Any) -> str:
        return "" if g.segment == "any" else _(g.segment.capitalize())

    return [Column(_("Goal"), lambda g: f"{label_of(Channel, g.channel)} {segment(g)}".strip()),
            Column(_("This week"), lambda g: f"{g.week_done} / {g.week_target}",
                   colour=lambda g: DONE if g.week_done >= g.week_target else WARN),
            Column(_("Period"), lambda g: f"{g.done} / {g.target}"),
            Column(_("Plan"), lambda g: g.plan)]


def _dormant_columns(today: Callable[[], date]) -> list[Column[Any]]:
    return [Column(_("Account"), lambda n: n.name),
            Column(_("City"), lambda n: n.city),
            Column(_("km"), lambda n: formats.number(n.km, 1)),
            Column(_("Near"), lambda n: n.near)]


def _order_columns(today: Callable[[], date]) -> list[Column[Any]]:
    from desktop.domain.order_flow import state_label

    def why(o: Any) -> str:
        parts = [_("Expedited")] if o.expedite else []
        if o.late:
            parts.append(_("Late"))
        return ", ".join(parts)

    return [Column(_("Order"), lambda o: o.number),
            Column(_("Account"), lambda o: o.account_name),
            Column(_("Status"), lambda o: state_label(o.status)),
            Column(_("Needed by"), lambda o: day(o.needed_by) if o.needed_by else ""),
            Column(_("Why"), why, colour=lambda o: OVERDUE if o.late else WARN)]


def _note_columns(today: Callable[[], date]) -> list[Column[Any]]:
    return [Column(_("Noted"), lambda n: day(n.noted_at)),
            Column(_("For"), lambda n: label_of(NoteAudience, n.audience)),
            Column(_("Topic"), lambda n: n.topic),
            Column(_("From"), lambda n: n.author),
            Column(_("Account"), lambda n: n.account_name)]


SECTIONS = (
    SectionSpec("visits", N_("Today's visits"), N_("No trip stops today."), _visit_columns, 1),
    SectionSpec("due", N_("Follow-ups due"), N_("Nothing due. Well done."), _due_columns, 1),
    SectionSpec("tasks", N_("Tasks from colleagues"), N_("No tasks from colleagues."),
                _task_columns, 1),
    SectionSpec("deals", N_("Stale deals"), N_("No stale deals."), _deal_columns, 1),
    SectionSpec("goals", N_("Goal progress"), N_("No action plan runs today."), _goal_columns, 3),
    SectionSpec("orders", N_("Late or expedited orders"), N_("No late or expedited orders."),
                _order_columns, 1),
    SectionSpec("dormant", N_("Dormant accounts near today's route"),
                N_("No dormant accounts near today's stops."), _dormant_columns, 0),
    SectionSpec("notes", N_("Field notes for you"), N_("No open field notes for you."),
                _note_columns, 2),
)


def account_of(section: str, row: Any) -> Any:
    """The account a row is about (None: none, as a goal)."""
    return None if section == "goals" else getattr(row, "account_id", None)
