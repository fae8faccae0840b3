"""What a report returns: plain, typed and Qt-free, so the view, the PDF, the
CSV and the XLSX all draw the same figures.

A report has headline figures, one or more charts (categories along the x
axis, one series per legend entry) and one or more tables (typed columns,
rows, a totals row). Money is a ``Decimal`` in the home currency; a percent
is a number from 0 to 100 (``None`` where there is nothing to divide by).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

Cell = str | int | float | Decimal | date | None


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"
    STACKED = "stacked"  # stacked bars
    PIE = "pie"  # one series; categories are the slices


class ColumnKind(StrEnum):
    TEXT = "text"
    INT = "int"
    MONEY = "money"  # Decimal, two places
    PERCENT = "percent"  # 0-100, one place
    NUMBER = "number"  # a float: days, units, per 100
    DATE = "date"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]  # one per category


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str
    x_label: str
    y_label: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True)
class Table:
    key: str  # a stable name (a sheet name, a test's handle)
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None = None  # same length as columns

    def column(self, key: str) -> int:
        return next(n for n, c in enumerate(self.columns) if c.key == key)

    def values(self, key: str) -> list[Cell]:
        n = self.column(key)
        return [row[n] for row in self.rows]

    def total(self, key: str) -> Cell:
        return None if self.totals is None else self.totals[self.column(key)]


@dataclass(frozen=True)
class Figure:
    """A headline number above the chart ("Win rate 41.2 %")."""

    key: str
    label: str
    value: Cell
    kind: ColumnKind = ColumnKind.INT


@dataclass(frozen=True)
class ReportResult:
    name: str  # activity, closings, ...
    title: str
    subtitle: str  # the period and the filters, in words
    figures: tuple[Figure, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = field(default=())  # definitions, shown under the tables

    @property
    def chart(self) -> Chart | None:
        return self.charts[0] if self.charts else None

    @property
    def table(self) -> Table | None:
        return self.tables[0] if self.tables else None

    def table_named(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def figure(self, key: str) -> Cell:
        return next(f.value for f in self.figures if f.key == key)
