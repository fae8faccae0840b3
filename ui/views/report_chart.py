"""A report's chart drawn with QtCharts: bars, stacked bars, lines or a pie,
categories along a labelled x axis, a labelled value axis, the legend below.

Readable on a 1366x768 laptop: many categories tilt their labels, large
amounts are shown in thousands or millions (the axis title says so), and no
animation delays the paint.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from desktop.reports.result import Chart, ChartKind

# Distinct colours that read on white and in grey print (the app's teal first).
PALETTE = ("#00796B", "#F57C00", "#5C6BC0", "#C2185B", "#7CB342", "#8D6E63", "#0288D1",
           "#FBC02D", "#6D4C41", "#9E9E9E", "#26A69A", "#EF5350")


def top_of(chart: Chart) -> float:
    """The highest value the value axis must reach (a stack's sum for stacked bars)."""
    if chart.kind is ChartKind.STACKED:
        return max((sum(max(s.values[n], 0.0) for s in chart.series)
                    for n in range(len(chart.categories))), default=0.0)
    return max((v for s in chart.series for v in s.values), default=0.0)


def scale_of(chart: Chart) -> tuple[float, str]:
    """Divide values by this, and the tick labels' suffix, so ticks stay short."""
    top = max(abs(top_of(chart)), max((abs(v) for s in chart.series for v in s.values),
                                       default=0.0))
    if top >= 10_000_000:
        return 1_000_000.0, " M"
    if top >= 10_000:
        return 1_000.0, " k"
    return 1.0, ""


def tilted(chart: Chart, width: int) -> bool:
    """Whether the category labels must tilt to fit side by side in ``width`` px."""
    longest = max((len(c) for c in chart.categories), default=0)
    return len(chart.categories) * (longest * 7 + 12) > width


class ReportChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(170)
        self.shown: Chart | None = None
        self._empty()

    def _empty(self) -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 0.5))
        chart.legend().setFont(font)
        title = QFont(self.font())
        title.setBold(True)
        chart.setTitleFont(title)
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        return chart

    def show_chart(self, spec: Chart | None) -> None:
        """Draw ``spec`` (None: an empty chart)."""
        self.shown = spec
        chart = self._empty()
        if spec is None:
            return
        chart.setTitle(spec.title)
        if spec.kind is ChartKind.PIE:
            self._pie(chart, spec)
            return
        divisor, suffix = scale_of(spec)
        series_list: list[QAbstractSeries] = []
        if spec.kind is ChartKind.LINE:
            for n, s in enumerate(spec.series):
                line = QLineSeries()
                line.setName(s.name)
                line.setColor(QColor(PALETTE[n % len(PALETTE)]))
                for x, value in enumerate(s.values):
                    line.append(float(x), value / divisor)
                line.setPointsVisible(len(s.values) <= 31)
                chart.addSeries(line)
                series_list.append(line)
        else:
            bars = QStackedBarSeries() if spec.kind is ChartKind.STACKED else QBarSeries()
            for n, s in enumerate(spec.series):
                bar_set = QBarSet(s.name)
                bar_set.setColor(QColor(PALETTE[n % len(PALETTE)]))
                bar_set.append([v / divisor for v in s.values])
                bars.append(bar_set)
            chart.addSeries(bars)
            series_list.append(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append(list(spec.categories) or [""])
        x_axis.setTitleText(spec.x_label)
        x_axis.setTruncateLabels(False)
        if tilted(spec, max(self.width() - 120, 400)):
            x_axis.setLabelsAngle(-45)
        y_axis = QValueAxis()
        y_axis.setTitleText(spec.y_label)
        decimals = 0 if divisor > 1 or _whole(spec) else 1
        y_axis.setLabelFormat(f"%.{decimals}f{suffix}")
        low = min((v / divisor for s in spec.series for v in s.values), default=0.0)
        high = top_of(spec) / divisor
        y_axis.setRange(min(0.0, low), max(high, 1.0))
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, small.pointSizeF() - 0.5))
        for axis in (x_axis, y_axis):
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in series_list:
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        y_axis.setRange(min(0.0, low), max(high, 1.0))  # attaching may have narrowed it
        y_axis.applyNiceNumbers()
        chart.legend().setVisible(len(spec.series) > 1 or bool(spec.series and
                                                                spec.series[0].name))

    def _pie(self, chart: QChart, spec: Chart) -> None:
        pie = QPieSeries()
        values = spec.series[0].values if spec.series else ()
        total = sum(values) or 1.0
        for n, (category, value) in enumerate(zip(spec.categories, values, strict=False)):
            if value <= 0:
                continue
            piece = pie.append(f"{category} {value * 100 / total:.0f} %", value)
            piece.setColor(QColor(PALETTE[n % len(PALETTE)]))
            piece.setLabelVisible(value / total >= 0.04)
        pie.setPieSize(0.62)
        chart.addSeries(pie)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.legend().setVisible(True)

    def axis_titles(self) -> list[str]:
        """The titles of the shown chart's axes (x first)."""
        return [axis.titleText() for axis in self.chart().axes()]


def _whole(spec: Chart) -> bool:
    return all(float(v).is_integer() for s in spec.series for v in s.values)
