"""A report as a PDF (landscape A4): the title and filters, the headline
figures, each chart drawn with ``reportlab.graphics`` (labelled axes and a
legend), and each table with its totals row. Branding, the embedded DejaVu
fonts and the numbered footer are the proposals'; the same input gives the
same bytes (ReportLab's invariant mode)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.documents import fonts, layout
from desktop.documents.layout import para as _p
from desktop.documents.model import Branding
from desktop.domain import formats

if TYPE_CHECKING:
    from desktop.reports.result import Chart, Figure, ReportResult, Table

PALETTE = ("#1f6f78", "#e07a5f", "#3d405b", "#81b29a", "#f2cc8f", "#6d597a", "#b56576",
           "#118ab2", "#8d99ae", "#ef476f")


def cell_text(value: Any, kind: str) -> str:
    """A cell as the page shows it: grouped numbers, percent signs, a dash for none."""
    if value is None:
        return "—"
    if kind == "money" and isinstance(value, Decimal | int | float):
        return formats.number(value, 2)
    if kind == "percent" and isinstance(value, int | float):
        return f"{formats.number(value, 1)} %"
    if kind == "int" and isinstance(value, int):
        return formats.number(value)
    if kind == "number" and isinstance(value, int | float):
        return formats.number(value, 1)
    if isinstance(value, date):
        return formats.day(value)
    return str(value)


def story(result: ReportResult, s: dict[str, Any], bold: str, regular: str, width: float,
          heading: str = "h1") -> list[Any]:
    """The flowables of one report (the weekly PDF strings several together)."""
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

    out: list[Any] = [_p(result.title, s[heading]), _p(result.subtitle, s["small"]),
                      Spacer(1, 4)]
    if result.figures:
        out += [figures(result.figures, s, bold, width), Spacer(1, 6)]
    for chart_ in result.charts:
        out.append(KeepTogether([_p(chart_.title, s["h2"]), chart(chart_, regular, width)]))
    for table_ in result.tables:
        out += [CondPageBreak(60), _p(table_.title, s["h2"]), table(table_, s, bold, width)]
    for note in result.notes:
        out += [Spacer(1, 4), _p(note, s["small"])]
    return out


def render(result: ReportResult, branding: Branding | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    branding = branding or Branding()
    regular, bold = fonts.register()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=18 * mm, rightMargin=18 * mm,
        topMargin=14 * mm, bottomMargin=22 * mm, title=result.title, author=branding.company,
        subject=result.subtitle, creator="Fieldbook", invariant=1)
    s = layout.styles(branding, regular, bold)
    flow = [layout.letterhead(branding, s, template.width), *story(result, s, bold, regular,
                                                                   template.width)]
    template.build(flow, canvasmaker=layout.numbered_canvas(result.title, branding, regular))
    return out.getvalue()


def figures(items: tuple[Figure, ...], s: dict[str, Any], bold: str, width: float) -> Any:
    """The headline figures in a row of boxes: the value large, the label under it."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table as Grid
    from reportlab.platypus import TableStyle

    values = [cell_text(f.value, f.kind.value) for f in items]
    labels = [f.label for f in items]
    grid = Grid([values, labels], colWidths=[width / len(items)] * len(items))
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), bold, 13), ("TEXTCOLOR", (0, 0), (-1, 0), s["accent"]),
        ("FONT", (0, 1), (-1, 1), s["body"].fontName, 7.5),
        ("TEXTCOLOR", (0, 1), (-1, 1), HexColor("#555555")),
        ("BOX", (0, 0), (-1, -1), 0.4, HexColor("#cccccc")),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, HexColor("#cccccc")),
        ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return grid


def table(t: Table, s: dict[str, Any], bold: str, width: float) -> Any:
    from reportlab.lib.colors import HexColor, white
    from reportlab.platypus import Table as Grid
    from reportlab.platypus import TableStyle

    kinds = [c.kind.value for c in t.columns]
    rows: list[list[Any]] = [[_p(c.header, s["small"]) for c in t.columns]]
    for row in t.rows:
        rows.append([cell_text(v, k) if k != "text" else _p(cell_text(v, k), s["cell"])
                     for v, k in zip(row, kinds, strict=True)])
    if not t.rows:
        rows.append(["—", *[""] * (len(kinds) - 1)])
    if t.totals is not None:
        rows.append([cell_text(v, k) for v, k in zip(t.totals, kinds, strict=True)])
    text_cols = sum(1 for k in kinds if k == "text")
    share = 1.8  # a text column is wider than a figure
    unit = width / (text_cols * share + (len(kinds) - text_cols))
    widths = [unit * (share if k == "text" else 1) for k in kinds]
    grid = Grid(rows, colWidths=widths, repeatRows=1)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), s["body"].fontName, 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e4eef0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor("#f2f6f7")]),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, s["accent"]),
    ]
    for n, k in enumerate(kinds):
        if k != "text":
            commands.append(("ALIGN", (n, 1), (n, -1), "RIGHT"))
    if t.totals is not None:
        commands += [("FONT", (0, -1), (-1, -1), bold, 7.5),
                     ("LINEABOVE", (0, -1), (-1, -1), 0.6, s["accent"]),
                     ("BACKGROUND", (0, -1), (-1, -1), white)]
    grid.setStyle(TableStyle(commands))
    return grid


def chart(c: Chart, regular: str, width: float, height: float = 190) -> Any:
    """A bar, stacked bar, line or pie chart with its axis titles and legend."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor

    colours = [HexColor(PALETTE[n % len(PALETTE)]) for n in range(max(len(c.series),
                                                                     len(c.categories)))]
    drawing = Drawing(width, height)
    legend = Legend()
    legend.fontName, legend.fontSize = regular, 7
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.x, legend.y = width - 150, height - 10
    legend.columnMaximum = 12
    if c.kind == "pie":
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 40, 10, height - 30, height - 30
        values = c.series[0].values if c.series else ()
        pie.data = list(values) if any(values) else [1]
        pie.labels = None
        pie.slices.strokeWidth = 0.5
        for n in range(len(pie.data)):
            pie.slices[n].fillColor = colours[n]
        total = sum(values) or 1
        legend.colorNamePairs = [(colours[n], f"{name} ({formats.number(v * 100 / total, 1)} %)")
                                 for n, (name, v) in enumerate(zip(c.categories, values,
                                                                   strict=True))]
        legend.x = height + 40
        drawing.add(pie)
        drawing.add(legend)
        return drawing
    plot: Any = HorizontalLineChart() if c.kind == "line" else VerticalBarChart()
    plot.x, plot.y = 55, 42
    plot.width, plot.height = width - 230, height - 62
    data = [list(series.values) for series in c.series] or [[0.0] * len(c.categories)]
    plot.data = data
    plot.categoryAxis.categoryNames = list(c.categories)
    plot.categoryAxis.labels.fontName = regular
    plot.categoryAxis.labels.fontSize = 6.5
    if len(c.categories) > 8:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontName = regular
    plot.valueAxis.labels.fontSize = 6.5
    plot.valueAxis.labelTextFormat = _axis_number
    plot.valueAxis.valueMin = 0
    if c.kind == "stacked":
        plot.categoryAxis.style = "stacked"
    if c.kind == "line":
        for n in range(len(data)):
            plot.lines[n].strokeColor = colours[n]
            plot.lines[n].strokeWidth = 1.5
    else:
        plot.bars.strokeWidth = 0
        for n in range(len(data)):
            plot.bars[n].fillColor = colours[n]
    drawing.add(plot)
    drawing.add(String(plot.x + plot.width / 2, 2, c.x_label, fontName=regular, fontSize=7.5,
                       textAnchor="middle"))
    y_title = String(0, 0, c.y_label, fontName=regular, fontSize=7.5, textAnchor="middle")
    from reportlab.graphics.shapes import Group

    rotated = Group(y_title)
    rotated.rotate(90)
    rotated.translate(plot.y + plot.height / 2, -10)
    drawing.add(rotated)
    legend.colorNamePairs = [(colours[n], series.name) for n, series in enumerate(c.series)]
    drawing.add(legend)
    return drawing


def _axis_number(value: float) -> str:
    """An axis tick: 1.2M, 350k, 40."""
    if abs(value) >= 1_000_000:
        return f"{formats.number(value / 1_000_000, 1)}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    return formats.number(value)
