"""What every report query shares: the context (a read connection, today, the
home currency), who is in scope, the account filters as SQL, and exact money.

Money sums run in SQL on integers like the forecast's (``forecast_sql``): an
order line's net (quantity x unit price less its discount percent, before
tax) in millionths, a deal's amount in thousandths; a ``Decimal`` only at the
end. Only rows in the home currency add to money (the cache holds no
exchange rates); counts include every currency.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from desktop.domain import formats
from desktop.domain.money import round_money
from desktop.i18n import _
from desktop.reports.filters import ReportFilter
from desktop.reports.period import CUSTOM, ReportPeriod

LINE_SCALE = 1_000_000
AMOUNT_SCALE = 1_000
LINE_NET = ("CAST(round(l.quantity * l.unit_price * (100 - l.discount_percent) * 10000)"
            " AS INTEGER)")
DEAL_AMOUNT = "CAST(round(o.amount * 1000) AS INTEGER)"
UNITS = "CAST(round(l.quantity * 1000) AS INTEGER)"
# The order's rep: its author, else its account's owner.
ORDER_REP = "coalesce(o.author_id, a.owner_id)"
TEAM = ("WITH RECURSIVE team(id) AS (SELECT ?"
        " UNION SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id"
        " WHERE u.deleted_at IS NULL) SELECT id FROM team")


@dataclass(frozen=True)
class ReportContext:
    conn: sqlite3.Connection
    today: date
    currency: str = "USD"
    stale_days: int = 30
    dormant_months: int = 12  # no order for this long, then one: reactivated

    @property
    def tomorrow(self) -> str:
        return (self.today + timedelta(days=1)).isoformat()


def reps_in_scope(ctx: ReportContext, f: ReportFilter) -> list[str] | None:
    """The reps' ids (hex) the filter names; None: everyone in the cache."""
    if f.rep_id is not None:
        return [f.rep_id.hex]
    if f.team_of is not None:
        return [r[0] for r in ctx.conn.execute(TEAM, (f.team_of.hex,))]
    return None


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def rep_clause(column: str, reps: list[str] | None) -> tuple[str, list[Any]]:
    """`` AND column IN (...)`` for the reps in scope ("" for everyone)."""
    if reps is None:
        return "", []
    return f" AND {column} IN ({marks(reps)})", list(reps)


def account_clause(f: ReportFilter, alias: str = "a") -> tuple[str, list[Any]]:
    """`` AND ...`` narrowing accounts ``alias`` by territory, segment and tier."""
    sql, args = "", list[Any]()
    if f.territory_id is not None:
        sql += f" AND {alias}.territory_id = ?"
        args.append(f.territory_id.hex)
    if f.segment:
        sql += f" AND {alias}.segment = ?"
        args.append(f.segment)
    if f.tier:
        sql += f" AND {alias}.tier = ?"
        args.append(f.tier)
    return sql, args


def line_clause(f: ReportFilter, alias: str = "l") -> tuple[str, list[Any]]:
    """`` AND`` the order line's product is of the filter's product line."""
    if not f.product_line:
        return "", []
    return (f" AND {alias}.product_id IN (SELECT id FROM products WHERE product_line = ?)",
            [f.product_line])


def money(total: int | None, scale: int, currency: str) -> Decimal:
    """An integer sum (in 1/``scale`` of the currency) as rounded money."""
    return round_money(Decimal(total or 0) / Decimal(scale), currency)


def percent(part: float | int | Decimal | None, whole: float | int | Decimal | None
            ) -> float | None:
    """``part`` of ``whole`` in percent, one decimal (None when whole is 0)."""
    if not whole:
        return None
    return round(float(part or 0) * 100.0 / float(whole), 1)


def rep_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM users")}


def bucket_sql(period: ReportPeriod, column: str) -> tuple[str, list[tuple[str, str]]]:
    """The SQL that puts ``column`` (a date or timestamp) in its chart bucket,
    and the buckets in order as (key, label): days for up to two weeks, weeks
    (by their Monday) for up to 100 days, months for longer spans."""
    if period.days <= 14:
        days = [period.start + timedelta(days=n) for n in range(period.days)]
        return f"substr({column}, 1, 10)", [(d.isoformat(), formats.week_day(d)) for d in days]
    if period.days <= 100:
        monday = period.start - timedelta(days=period.start.weekday())
        keys = []
        while monday < period.end:
            keys.append((monday.isoformat(), formats.short_day(monday)))
            monday += timedelta(days=7)
        return f"date(substr({column}, 1, 10), 'weekday 0', '-6 days')", keys
    return f"substr({column}, 1, 7)", [(m, m) for m in months_of(period)]


def months_of(period: ReportPeriod) -> list[str]:
    """Every month ("2026-07") the period touches, in order."""
    from desktop.domain.forecast_math import add_months

    day, out = period.start.replace(day=1), []
    while day < period.end:
        out.append(f"{day:%Y-%m}")
        day = add_months(day, 1)
    return out


def period_name(period: ReportPeriod) -> str:
    """A period as a reader names it: ``2026-Q3``, or a custom range's days
    (its label would be ISO days)."""
    return formats.span(period.start, period.last_day) if period.kind == CUSTOM else period.label


def subtitle(ctx: ReportContext, f: ReportFilter) -> str:
    """The period and the filters in words, for the page and the sheet."""
    conn = ctx.conn
    days = formats.span(f.period.start, f.period.last_day)
    parts = [days if f.period.kind == CUSTOM else
             _("{label} ({days})").format(label=f.period.label, days=days)]
    names = rep_names(conn)
    if f.rep_id is not None:
        parts.append(names.get(f.rep_id.hex, _("unknown rep")))
    elif f.team_of is not None:
        parts.append(_("team of {name}").format(name=names.get(f.team_of.hex, "?")))
    else:
        parts.append(_("everyone"))
    if f.territory_id is not None:
        row = conn.execute("SELECT name FROM territories WHERE id = ?",
                           (f.territory_id.hex,)).fetchone()
        parts.append(row[0] if row else _("unknown territory"))
    if f.segment:
        parts.append(f.segment)
    if f.tier:
        parts.append(_("tier {tier}").format(tier=f.tier))
    if f.product_line:
        parts.append(f.product_line)
    parts.append(_("as of {day}").format(day=formats.day(ctx.today)))
    return " · ".join(parts)


def bucket_title(period: ReportPeriod) -> str:
    """The x axis's title for :func:`bucket_sql`'s buckets."""
    if period.days <= 14:
        return _("Day")
    return _("Week starting") if period.days <= 100 else _("Month")
