"""The weekly status report for the manager: one PDF of the ISO week's
activity, closings, follow-ups, adherence to the action plans' goals,
pipeline changes and the flagged field notes.

Each part is the matching report for the week (its figures and the tables a
manager reads first); field notes are read from ``field_notes`` directly:
those noted in the week by the reps in scope, with their audience and topic.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from desktop.i18n import _
from desktop.reports import activity, closings, follow_up, pipeline
from desktop.reports import base as b
from desktop.reports import period as periods
from desktop.reports.filters import ReportFilter
from desktop.reports.result import Cell, Column, ReportResult, Table

if TYPE_CHECKING:
    from desktop.documents.model import Branding

NOTE_CHARS = 240


def parts(ctx: b.ReportContext, week: date, rep_id: uuid.UUID | None = None,
          team_of: uuid.UUID | None = None) -> list[ReportResult]:
    """The week's sections, in the order of the PDF."""
    f = ReportFilter(periods.week(week), rep_id=rep_id, team_of=team_of)
    act = activity.build(ctx, f)
    pipe = pipeline.build(ctx, f)
    return [
        replace(act, title=_("Activity"), tables=(act.table_named("activity"),), notes=()),
        replace(closings.build(ctx, f), notes=()),
        replace(follow_up.build(ctx, f), charts=(), notes=()),
        ReportResult("goals", _("Adherence to goals"), act.subtitle,
                     tuple(x for x in act.figures if x.key == "adherence"), (),
                     (act.table_named("goals"),)),
        ReportResult("pipeline", _("Pipeline changes"), pipe.subtitle,
                     tuple(x for x in pipe.figures if x.key in ("open", "weighted", "stale")),
                     (), (pipe.table_named("changes"),)),
        field_notes(ctx, f),
    ]


def field_notes(ctx: b.ReportContext, f: ReportFilter) -> ReportResult:
    reps = b.reps_in_scope(ctx, f)
    rep_sql, rep_args = b.rep_clause("n.author_id", reps)
    names = b.rep_names(ctx.conn)
    rows: list[tuple[Cell, ...]] = []
    for noted, author, audience, topic, body, status in ctx.conn.execute(
            "SELECT substr(n.noted_at, 1, 10), n.author_id, n.audience, n.topic, n.body, "  # nosec B608 - identifiers from code, values bound
            "n.status FROM field_notes n WHERE n.noted_at >= ? AND n.noted_at < ? "
            f"AND n.deleted_at IS NULL{rep_sql} ORDER BY n.noted_at, n.id",
            [*f.period.bounds(), *rep_args]):
        text = body if len(body) <= NOTE_CHARS else body[:NOTE_CHARS - 1] + "…"
        rows.append((noted, names.get(author, ""), audience, topic, text, status))
    table = Table("field_notes", _("Field notes flagged this week"), (
        Column("noted", _("Noted")), Column("author", _("By")),
        Column("audience", _("For")), Column("topic", _("Topic")), Column("body", _("Note")),
        Column("status", _("Status"))), tuple(rows),
        (_("{n} notes").format(n=len(rows)), "", "", "", "", ""))
    return ReportResult("field_notes", _("Field notes"), b.subtitle(ctx, f), (), (), (table,))


def pdf(ctx: b.ReportContext, week: date, rep_id: uuid.UUID | None,
        team_of: uuid.UUID | None, branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from desktop.documents import fonts, layout, report_pdf
    from desktop.documents.model import Branding

    branding = branding or Branding()
    regular, bold = fonts.register()
    sections = parts(ctx, week, rep_id, team_of)
    label = periods.week(week).label
    title = _("Weekly status report {week}").format(week=label)
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=18 * mm, rightMargin=18 * mm,
        topMargin=14 * mm, bottomMargin=22 * mm, title=title, author=branding.company,
        subject=sections[0].subtitle, creator="Fieldbook", invariant=1)
    s = layout.styles(branding, regular, bold)
    flow = [layout.letterhead(branding, s, template.width), layout.para(title, s["h1"]),
            layout.para(sections[0].subtitle, s["small"])]
    for section in sections:
        flow += report_pdf.story(replace(section, subtitle=""), s, bold, regular,
                                 template.width, heading="h2")
    template.build(flow, canvasmaker=layout.numbered_canvas(title, branding, regular))
    return out.getvalue()
