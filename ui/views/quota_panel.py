"""The strip above the board: this period's revenue quota, its attainment and
the forecast (closed + commit + weighted pipeline), for the rep or, for a
manager, the team or one rep chosen in the owner filter. Read in the task
runner's background lane (``QuotaService.attainment`` and
``ForecastService.forecast``), after the board's first paint."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop import i18n
from desktop.domain.schema.enums import PeriodKind, QuotaMetric
from desktop.i18n import N_, _
from desktop.services.container import Services
from desktop.services.forecast import Forecast
from desktop.services.quotas import RepAttainment
from ui import style
from ui.models.pipeline_models import short_money, whole_money
from ui.operations import Operations
from ui.tasks import BACKGROUND

KINDS = ((PeriodKind.MONTH.value, N_("This month")), (PeriodKind.QUARTER.value,
                                                      N_("This quarter")),
         (PeriodKind.YEAR.value, N_("This year")))


class Figures(NamedTuple):
    """What the strip shows, in the rep's currency."""

    label: str
    currency: str
    target: Decimal  # revenue quota (0: none set)
    actual: Decimal
    forecast: Forecast
    new_accounts: int
    new_accounts_target: Decimal | None


def summed(reps: Sequence[RepAttainment], forecast: Forecast, label: str,
           currency: str) -> Figures:
    """The reps' revenue quotas and actuals in ``currency``, and new accounts."""
    target = actual = Decimal(0)
    new_target: Decimal | None = None
    for rep in reps:
        for a in rep.attainments:
            if a.quota.metric == QuotaMetric.REVENUE and a.quota.currency == currency:
                target += a.quota.target
                actual += a.actual
            elif a.quota.metric == QuotaMetric.NEW_ACCOUNTS:
                new_target = (new_target or Decimal(0)) + a.quota.target
    if not target:  # no quota: what was sold still shows
        actual = sum((r.figures.revenue_in(currency) for r in reps), Decimal(0))
    return Figures(label, currency, target, actual, forecast,
                   sum(r.figures.new_accounts for r in reps), new_target)


class QuotaPanel(QFrame):
    def __init__(self, services: Services, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops = services, ops
        self.money_locale = i18n.language()
        self.setObjectName("quotaPanel")
        self.setStyleSheet("QFrame#quotaPanel { background: white; border: 1px solid #CFD8DC;"
                           " border-radius: 6px; }")
        self.period = QComboBox()
        for kind, text in KINDS:
            self.period.addItem(_(text), kind)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(lambda _i: self.show_for(self._reps))
        self.quota = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(120)
        self.bar.setTextVisible(True)
        self.forecast = QLabel()
        self.extra = style.muted(QLabel())
        box = QHBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(12)
        box.addWidget(self.period)
        box.addWidget(self.quota)
        box.addWidget(self.bar)
        box.addWidget(self.forecast, 1)
        box.addWidget(self.extra)
        self._reps: tuple[uuid.UUID, ...] | None = None
        self._asked = 0
        self.figures: Figures | None = None

    def show_for(self, owners: tuple[uuid.UUID, ...] | None) -> None:
        """Read the figures of ``owners`` (None: the signed-in rep) on the worker."""
        self._reps = owners
        reps = list(owners) if owners else ([self.services.user_id]
                                            if self.services.user_id else [])
        if not reps:
            self.figures = None
            self.quota.setText(_("Sign in to see your quota and forecast."))
            self.bar.hide()
            self.forecast.clear()
            self.extra.clear()
            return
        self._asked += 1
        asked, kind = self._asked, self.period.currentData()
        quotas, forecast = self.services.quotas, self.services.forecast
        currency = self.services.settings.home_currency

        def read() -> Figures:
            period = forecast.this_period(kind)
            return summed(quotas.attainment(reps, period), forecast.forecast(reps, period),
                          period.label, currency)

        def ask() -> None:
            # In the background lane: a team's forecast over every deal never
            # holds up the board's reads (a drag waits for those).
            if asked == self._asked:
                self.ops.reads.run(lambda _report: read(),
                                   lambda figures: self._show(asked, figures),
                                   lambda exc: self.ops.failed(exc, self, _("Could not load"),
                                                               None),
                                   lane=BACKGROUND)

        QTimer.singleShot(0, self, ask)  # after the board's first paint: not what one waits for

    def _show(self, asked: int, figures: Figures) -> None:
        if asked != self._asked or not shiboken6.isValid(self):
            return  # a newer question is on its way, or the strip is gone
        self.figures = figures
        money = lambda v: short_money(v, figures.currency, self.money_locale)  # noqa: E731
        exact = lambda v: whole_money(v, figures.currency, self.money_locale)  # noqa: E731
        self.quota.setToolTip(_("{actual} sold of a {target} quota").format(
            actual=exact(figures.actual), target=exact(figures.target)))
        if figures.target:
            share = figures.actual / figures.target
            self.quota.setText(_("{period}: {actual} of {target} quota").format(
                period=figures.label, actual=money(figures.actual),
                target=money(figures.target)))
            self.bar.setValue(min(int(share * 100), 100))
            self.bar.setFormat(f"{share * 100:.0f} %")
            self.bar.show()
        else:
            self.quota.setText(_("{period}: {actual} sold, no quota set").format(
                period=figures.label, actual=money(figures.actual)))
            self.bar.hide()
        total = figures.forecast.total
        self.forecast.setText(_("Forecast {total}").format(total=money(total.total)))
        self.forecast.setToolTip(_("{total} = closed {closed} + commit {commit} + weighted "
                                   "pipeline {weighted}").format(
            total=exact(total.total), closed=exact(total.closed), commit=exact(total.commit),
            weighted=exact(total.weighted)))
        if figures.new_accounts_target is not None:
            self.extra.setText(_("New accounts {n} of {target}").format(
                n=figures.new_accounts, target=f"{figures.new_accounts_target:f}".rstrip("0")
                .rstrip(".")))
        else:
            self.extra.setText(_("New accounts {n}").format(n=figures.new_accounts))
