"""The action-plan lists: the rep's plans, one plan's goals with their progress,
and its target accounts (all read-only tables over immutable rows)."""

from __future__ import annotations

from desktop.domain import formats
from desktop.domain.schema.enums import Channel, label_of
from desktop.i18n import N_, _
from desktop.planning.action_plans import GoalProgress, PlanRow, TargetRow
from ui.models.row_table import Column, RowTableModel

SEGMENT_LABELS = {"customer": N_("Customers"), "prospect": N_("Prospects"),
                  "dormant": N_("Dormant"), "broker": N_("Brokers"), "any": N_("Any account")}


def segment_label(segment: str) -> str:
    return _(SEGMENT_LABELS.get(segment, segment))


def period_text(p: PlanRow) -> str:
    """'Dec 1 – Dec 31, 2026'; a period over a new year shows both years."""
    return formats.span(p.period_start, p.period_end)


def share_text(g: GoalProgress) -> str:
    """'7 of 12 (58 %)'; a goal over its target says so."""
    return _("{done} of {target} ({share:.0f} %)").format(
        done=g.done, target=g.target, share=100 * g.share)


def _share_colour(g: GoalProgress) -> str | None:
    return "#2E7D32" if g.done >= g.target else None


def plan_columns() -> list[Column[PlanRow]]:
    return [Column(_("Plan"), lambda p: p.name), Column(_("Period"), period_text)]


def goal_columns() -> list[Column[GoalProgress]]:
    return [
        Column(_("Channel"), lambda g: label_of(Channel, g.channel)),
        Column(_("Segment"), lambda g: segment_label(g.segment)),
        Column(_("Target"), lambda g: f"{g.target:,}"),
        Column(_("Done"), lambda g: f"{g.done:,}", colour=_share_colour),
        Column(_("Progress"), share_text, colour=_share_colour),
    ]


def target_columns() -> list[Column[TargetRow]]:
    return [
        Column(_("Account"), lambda t: t.account_name),
        Column(_("Purpose"), lambda t: t.purpose or ""),
        Column(_("In the period"), lambda t: _("contacted") if t.worked else _("not yet"),
               colour=lambda t: "#2E7D32" if t.worked else "#E65100"),
    ]


def plan_model() -> RowTableModel[PlanRow]:
    return RowTableModel(plan_columns())


def goal_model() -> RowTableModel[GoalProgress]:
    return RowTableModel(goal_columns())


def target_model() -> RowTableModel[TargetRow]:
    return RowTableModel(target_columns())

