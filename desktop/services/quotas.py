"""Quotas and their attainment: actual / target per rep and period, and a
manager's team roll-up (``users.manager_id``), offline from the cache.

A quota's metric is revenue (in the quota's currency), units of one product
line, or new accounts; the actuals are ``ForecastService.figures`` (see
``desktop.services.forecast`` for what counts). Revenue in another currency
than the quota's is not converted: it does not count towards that quota.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import select

from desktop.domain.codes import currency_code
from desktop.domain.forecast_math import Period
from desktop.domain.schema import User
from desktop.domain.schema.enums import PeriodKind, QuotaMetric, UserRole
from desktop.domain.schema.pipeline import Quota
from desktop.i18n import _
from desktop.services.base import Saved, Service
from desktop.services.forecast import Forecast, ForecastService, RepFigures
from desktop.services.validation import ValidationError
from desktop.store.store import Store


class QuotaRow(NamedTuple):
    id: uuid.UUID
    owner_id: uuid.UUID
    period: Period
    metric: str  # QuotaMetric
    product_line: str | None  # units only
    target: Decimal
    currency: str  # revenue only


class Attainment(NamedTuple):
    quota: QuotaRow
    actual: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """actual / target (1 = met); None for a zero target."""
        return self.actual / self.quota.target if self.quota.target else None


class RepAttainment(NamedTuple):
    rep_id: uuid.UUID
    name: str
    figures: RepFigures
    attainments: list[Attainment]


class TeamRollup(NamedTuple):
    manager_id: uuid.UUID
    period: Period
    reps: list[RepAttainment]
    totals: list[Attainment]  # targets and actuals summed per metric, line and currency
    forecast: Forecast  # the team's, for the same period


class QuotaService(Service):
    def __init__(self, store: Store, *, forecast: ForecastService | None = None,
                 **kwargs: Any) -> None:
        super().__init__(store, **kwargs)
        self.forecast = forecast or ForecastService(store, session=self.session)

    def set_quota(self, owner_id: uuid.UUID, period: Period, metric: str, target: Any, *,
                  product_line: str | None = None, currency: str | None = None) -> Saved:
        """Set (or change) a rep's target for one period and metric. Only the
        rep's manager or an administrator may (the server checks it too)."""
        errors: dict[str, str] = {}
        if metric not in {m.value for m in QuotaMetric}:
            errors["metric"] = _("'{v}' is not a quota metric.").format(v=metric)
        try:
            amount = Decimal(str(target).strip())
            if not amount.is_finite() or amount < 0:
                raise ValueError(target)
        except (ArithmeticError, ValueError):
            errors["target"] = _("The target is a number, zero or more.")
            amount = Decimal(0)
        line = (product_line or "").strip() or None
        if metric == QuotaMetric.UNITS and line is None:
            errors["product_line"] = _("Name the product line.")
        code = currency_code(currency or self.session.settings.home_currency)
        if code is None:
            errors["currency"] = _("Use a three-letter currency code (USD, EUR).")
        if errors:
            raise ValidationError(errors)
        with self.store.unit_of_work() as uow:
            s = uow.session
            rep = self._get(s, User, owner_id)
            me = s.get(User, self.user_id) if self.user_id else None
            if me is None or not (me.role == UserRole.ADMIN or rep.manager_id == me.id):
                raise ValidationError({"owner_id": _(
                    "Only the rep's manager or an administrator sets a quota.")})
            values = {"target": amount, "currency": code or "USD"}
            found = s.execute(select(Quota).where(
                Quota.owner_id == owner_id, Quota.period_kind == period.kind,
                Quota.period_start == period.start, Quota.metric == metric,
                Quota.product_line.is_(None) if line is None else Quota.product_line == line,
            )).scalar_one_or_none()
            if found is not None:
                self._apply(found, {**values, "deleted_at": None})
                return Saved(found.id, uow.commit())
            quota = self._new(Quota, owner_id=owner_id, period_kind=period.kind,
                              period_start=period.start, metric=metric, product_line=line,
                              **values)
            s.add(quota)
            return Saved(quota.id, uow.commit())

    def quotas(self, reps: Sequence[uuid.UUID], period: Period) -> list[QuotaRow]:
        if not reps:
            return []
        rows = self.store.reads().execute(
            "SELECT id, owner_id, period_kind, period_start, metric, product_line, target, "  # nosec B608 - identifiers from code, values bound
            f"currency FROM quotas WHERE owner_id IN ({', '.join('?' * len(reps))}) "  # noqa: S608
            "AND period_kind = ? AND period_start = ? AND deleted_at IS NULL "
            "ORDER BY metric, product_line",
            [*(r.hex for r in reps), period.kind, period.start.isoformat()]).fetchall()
        return [QuotaRow(uuid.UUID(hex=i), uuid.UUID(hex=o), Period(k, date.fromisoformat(s)),
                         m, line, Decimal(str(t)), c) for i, o, k, s, m, line, t, c in rows]

    def attainment(self, reps: Sequence[uuid.UUID], period: Period,
                   figures: dict[uuid.UUID, RepFigures] | None = None) -> list[RepAttainment]:
        """Each rep's figures and attainment of every quota of ``period``."""
        if figures is None:
            figures = self.forecast.figures(reps, period)
        by_rep: dict[uuid.UUID, list[Attainment]] = {r: [] for r in reps}
        for quota in self.quotas(reps, period):
            by_rep[quota.owner_id].append(Attainment(quota, actual(figures[quota.owner_id],
                                                                   quota)))
        names = self._names(reps)
        return [RepAttainment(r, names.get(r, ""), figures[r], by_rep[r]) for r in reps]

    def team_rollup(self, manager_id: uuid.UUID, period: Period, *,
                    include_manager: bool = False) -> TeamRollup:
        """The team's attainment rep by rep and summed, and the team's forecast."""
        team = self.forecast.team(manager_id, include_manager=include_manager)
        figures, forecast = self.forecast.overview(team, period)
        reps = self.attainment(team, period, figures)
        sums: dict[tuple[str, str | None, str], tuple[Decimal, Decimal]] = {}
        for rep in reps:
            for a in rep.attainments:
                key = (a.quota.metric, a.quota.product_line,
                       a.quota.currency if a.quota.metric == QuotaMetric.REVENUE else "")
                target, done = sums.get(key, (Decimal(0), Decimal(0)))
                sums[key] = (target + a.quota.target, done + a.actual)
        totals = [Attainment(QuotaRow(manager_id, manager_id, period, m, line, t, c or ""), d)
                  for (m, line, c), (t, d) in sorted(sums.items(), key=lambda kv: (
                      kv[0][0], kv[0][1] or "", kv[0][2]))]
        return TeamRollup(manager_id, period, reps, totals, forecast)

    def current_period(self, kind: str = PeriodKind.QUARTER.value) -> Period:
        return self.forecast.this_period(kind)

    def _names(self, reps: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not reps:
            return {}
        rows = self.store.reads().execute(
            f"SELECT id, name FROM users WHERE id IN ({', '.join('?' * len(reps))})",  # nosec B608 - identifiers from code, values bound
            [r.hex for r in reps]).fetchall()
        return {uuid.UUID(hex=i): n for i, n in rows}


def actual(figures: RepFigures, quota: QuotaRow) -> Decimal:
    """What counts towards ``quota`` in a rep's figures."""
    if quota.metric == QuotaMetric.REVENUE:
        return figures.revenue_in(quota.currency)
    if quota.metric == QuotaMetric.UNITS:
        return figures.units.get(quota.product_line or "", Decimal(0))
    return Decimal(figures.new_accounts)
