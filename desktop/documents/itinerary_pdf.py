"""A planned trip as a printed itinerary with one call sheet per visit.

Per day: the date, where the day starts and ends, leave and back times, the
driving; then each stop in visiting order with its times on the stop's own
clock, the drive from the previous place, who to see, why, what is open and
what happened last, and ruled space for notes. Then the stops that did not fit
and why. Then a call sheet page per visit to fill in on site. Same input, same
bytes (ReportLab's invariant mode), DejaVu Sans embedded.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding
from desktop.domain import formats
from desktop.i18n import N_, _
from desktop.planning.explain import duration
from desktop.planning.problem import (
    Briefing,
    DayPlan,
    DropReason,
    Stop,
    TripPlan,
    TripProblem,
    Visit,
)
from desktop.planning.timeline import zone

REASONS = {
    DropReason.OUTSIDE_WINDOWS: N_("Closed during the trip"),
    DropReason.OVER_HOURS: N_("Did not fit"),
    DropReason.TOO_FAR: N_("Too far"),
    DropReason.NO_LOCATION: N_("No map position"),
    DropReason.PIN_CONFLICT: N_("Pin cannot hold"),
    DropReason.LOWER_PRIORITY: N_("Lower priority"),
}
OUTCOMES = (N_("Order taken"), N_("Quote requested"), N_("Samples left"), N_("Follow-up needed"),
            N_("Not interested"), N_("Contact not met"))


def render(problem: TripProblem, plan: TripPlan, briefings: Iterable[Briefing],
           branding: Branding | None = None, *, rep: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
        bottomMargin=22 * mm, title=_("Itinerary: {trip}").format(trip=problem.name),
        author=rep or branding.company, subject=_("Trip itinerary and call sheets"),
        creator="Fieldbook", invariant=1)
    sheet = _Sheet(problem, plan, {b.stop_id: b for b in briefings}, branding, regular, bold,
                   template.width)
    canvasmaker = layout.numbered_canvas(problem.name, branding, regular)
    template.build(sheet.story(), canvasmaker=canvasmaker)
    return out.getvalue()


def local(moment: datetime, time_zone: str, with_zone: bool = False) -> str:
    return formats.clock(moment.astimezone(zone(time_zone)), zone=with_zone)


def long_date(moment: datetime, time_zone: str) -> str:
    return formats.long_day(moment.astimezone(zone(time_zone)))


class _Sheet:
    def __init__(self, problem: TripProblem, plan: TripPlan, briefings: dict[Any, Briefing],
                 branding: Branding, regular: str, bold: str, width: float) -> None:
        from reportlab.lib.styles import ParagraphStyle

        self.problem, self.plan, self.briefings = problem, plan, briefings
        self.stops = {s.id: s for s in problem.stops}
        self.s = layout.styles(branding, regular, bold)
        self.s["stop"] = ParagraphStyle("stop", parent=self.s["body"], fontName=bold,
                                        fontSize=11, leading=14)
        self.s["time"] = ParagraphStyle("time", parent=self.s["body"], fontName=bold,
                                        fontSize=10.5, leading=13)
        self.branding, self.bold, self.width = branding, bold, width

    def account(self, stop: Stop) -> str:
        briefing = self.briefings.get(stop.id)
        return briefing.account_name if briefing else stop.place.name

    def story(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        s = self.s
        visits = [v for d in self.plan.days for v in d.visits]
        total_km = sum(d.distance_km for d in self.plan.days)
        story: list[Any] = [_p(self.branding.company, s["small"]),
                            _p(_("Itinerary: {trip}").format(trip=self.problem.name), s["h1"])]
        summary = [(_("Days"), str(len(self.problem.days))),
                   (_("Visits"), str(len(visits))),
                   (_("Driving"), _("{time}, {km:.0f} km").format(
                       time=duration(self.plan.drive_minutes), km=total_km))]
        if self.plan.dropped:
            summary.append((_("Not planned"), str(len(self.plan.dropped))))
        story.append(layout.facts(summary, s, self.width))
        for day in self.plan.days:
            story += self.day(day)
        if self.plan.dropped:
            story += self.dropped()
        for visit in visits:
            story += [PageBreak(), *self.call_sheet(visit)]
        return story

    def day(self, plan: DayPlan) -> list[Any]:
        from reportlab.platypus import CondPageBreak

        day = self.problem.days[plan.day_index]
        tz = day.start_place.time_zone
        s = self.s
        heading = _("Day {n} · {date}").format(n=plan.day_index + 1,
                                               date=long_date(day.work_start, tz))
        line = _("{start} → {end} · leave {leave}, back {back} · {drive} driving, {km:.0f} km")
        line = line.format(
            start=day.start_place.name, end=day.end_place.name,
            leave=local(plan.leave, tz, True), back=local(plan.back, day.end_place.time_zone, True),
            drive=duration(plan.drive_minutes), km=plan.distance_km)
        if plan.lunch_start is not None and plan.visits:
            line += _(" · lunch {time}").format(time=local(plan.lunch_start, tz))
        if day.busy:  # the rep's own appointments, from an imported calendar
            line += _(" · busy {times}").format(times=", ".join(
                _("all day") if b.start <= day.work_start and b.end >= day.work_end
                else f"{local(b.start, tz)}–{local(b.end, tz)}" for b in day.busy))
        out: list[Any] = [CondPageBreak(60), _p(heading, s["h2"]), _p(line, s["body"])]
        if not plan.visits:
            out.append(_p(_("No visits planned."), s["body"]))
        for visit in plan.visits:
            out.append(self.stop_block(visit))
        home = _("Back to {place}: {drive}, {km} km, arriving {back}").format(
            place=day.end_place.name, drive=duration(plan.return_drive_minutes),
            km=formats.number(plan.return_distance_km, 1),
            back=local(plan.back, day.end_place.time_zone, True))
        out.append(_p(home, s["small"]))
        return out

    def stop_block(self, visit: Visit) -> Any:
        from reportlab.platypus import KeepTogether, Table, TableStyle

        s, stop = self.s, self.stops[visit.stop_id]
        tz = stop.place.time_zone
        briefing = self.briefings.get(stop.id)
        span = f"{local(visit.start, tz)}–{local(visit.depart, tz, True)}"
        times = [_p(f"{visit.sequence + 1}.  {span}", s["time"])]
        if visit.arrive < visit.start:
            times.append(_p(_("arrive {time}").format(time=local(visit.arrive, tz)), s["small"]))
        times.append(_p(_("{drive} drive, {km} km").format(
            drive=duration(visit.drive_minutes), km=formats.number(visit.distance_km, 1)),
            s["small"]))
        shift = self.clock_change(visit)
        if shift:
            times.append(_p(shift, s["small"]))
        details: list[Any] = [_p(self.account(stop), s["stop"]),
                              _p(stop.place.address or stop.place.name, s["small"])]
        contact = " · ".join(x for x in (stop.contact_name, formats.phone(stop.contact_phone))
                             if x)
        if contact:
            details.append(_p(contact, s["body"]))
        if stop.purpose:
            details.append(_p(_("Purpose: {purpose}").format(purpose=stop.purpose), s["body"]))
        details += self.bullets(_("Open"), briefing.open_follow_ups if briefing else ())
        details += self.bullets(_("Recent"), briefing.recent[:3] if briefing else ())
        details.append(self.ruled(2, self.width * 0.72))
        table = Table([[times, details]], colWidths=[self.width * 0.26, self.width * 0.74])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, s["accent"]),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("LEFTPADDING", (0, 0), (0, -1), 0)]))
        return KeepTogether([table])

    def clock_change(self, visit: Visit) -> str:
        """"Clocks 1 h behind" when this stop's zone differs from the previous place's."""
        day_plan = self.plan.days[visit.day_index]
        if visit.sequence:
            before = self.stops[day_plan.visits[visit.sequence - 1].stop_id].place
        else:
            before = self.problem.days[visit.day_index].start_place
        here = self.stops[visit.stop_id].place
        offset = visit.start.astimezone(zone(here.time_zone)).utcoffset()
        previous = visit.start.astimezone(zone(before.time_zone)).utcoffset()
        if offset is None or previous is None or offset == previous:
            return ""
        hours = (offset - previous).total_seconds() / 3600
        return (_("local time: clocks {h:g} h ahead") if hours > 0
                else _("local time: clocks {h:g} h behind")).format(h=abs(hours))

    def bullets(self, label: str, items: Iterable[str]) -> list[Any]:
        items = list(items)
        if not items:
            return []
        text = "\n".join(f"• {item}" for item in items)
        return [_p(f"{label}:\n{text}", self.s["small"])]

    def ruled(self, lines: int, width: float, height: float = 16) -> Any:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Table, TableStyle

        table = Table([[""]] * lines, colWidths=[width], rowHeights=[height] * lines)
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, HexColor("#9aa5a8")),
                                   ("FONT", (0, 0), (-1, -1), self.s["body"].fontName)]))
        return table

    def dropped(self) -> list[Any]:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import CondPageBreak, Table, TableStyle

        s = self.s
        rows: list[list[Any]] = [[_p(_("Account"), s["small"]), _p(_("Why"), s["small"]),
                                  _p(_("What to do"), s["small"])]]
        for item in self.plan.dropped:
            stop = self.stops[item.stop_id]
            rows.append([_p(self.account(stop), s["cell"]),
                         _p(_(REASONS[item.reason]), s["cell"]), _p(item.message, s["cell"])])
        table = Table(rows, colWidths=[self.width * w for w in (0.27, 0.18, 0.55)], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, s["accent"]),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor("#f2f6f7")])]))
        return [CondPageBreak(80), _p(_("Not on this trip"), s["h2"]), table]

    def call_sheet(self, visit: Visit) -> list[Any]:
        from reportlab.platypus import Spacer, Table, TableStyle

        s, stop = self.s, self.stops[visit.stop_id]
        tz = stop.place.time_zone
        briefing = self.briefings.get(stop.id)
        day = self.problem.days[visit.day_index]
        when = _("{date}, {start}–{end} (stop {n} of day {day})").format(
            date=long_date(visit.start, tz), start=local(visit.start, tz),
            end=local(visit.depart, tz, True), n=visit.sequence + 1, day=day.index + 1)
        facts = [(_("When"), when), (_("Where"), stop.place.address or stop.place.name),
                 (_("Contact"), stop.contact_name or "—"),
                 (_("Phone"), formats.phone(stop.contact_phone) or "—"),
                 (_("Purpose"), stop.purpose or "—")]
        out: list[Any] = [_p(_("Call sheet"), s["small"]), _p(self.account(stop), s["h1"]),
                          layout.facts(facts, s, self.width)]
        for heading, items in ((_("Open items"), briefing.open_follow_ups if briefing else ()),
                               (_("Recent history"), briefing.recent[:3] if briefing else ())):
            out.append(_p(heading, s["h2"]))
            out.append(_p("\n".join(f"• {i}" for i in items) if items else "—", s["body"]))
        if briefing and briefing.notes:
            out += [_p(_("Account notes"), s["h2"]), _p(briefing.notes, s["body"])]
        out += [_p(_("Notes"), s["h2"]), self.ruled(14, self.width, 19), Spacer(1, 8),
                _p(_("Outcome"), s["h2"])]
        boxes = [f"☐  {_(label)}" for label in OUTCOMES]
        grid = [[_p(boxes[i], s["body"]), _p(boxes[i + 1], s["body"]), _p(boxes[i + 2], s["body"])]
                for i in range(0, len(boxes), 3)]
        table = Table(grid, colWidths=[self.width / 3] * 3)
        table.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        out += [table, Spacer(1, 6), _p(_("Next step and date: ") + "_" * 60, s["body"])]
        return out
