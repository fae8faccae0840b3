"""The Reports tab's filter bar: the report, the period, and (for a manager)
whose figures, then territory, segment, tier and product line.

The choices come from ``services.reports.choices()`` on the worker; until
they arrive the combos hold only "any". ``changed`` fires on every pick.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.reports import REPORTS
from desktop.reports import period as periods
from desktop.reports.filters import ReportFilter
from desktop.reports.period import ReportPeriod
from desktop.reports.service import Choices
from desktop.services.dormant import months_before

EVERYONE, MY_TEAM = "", "team"


def _this_month(today: date) -> ReportPeriod:
    return periods.month(today)


def _last_month(today: date) -> ReportPeriod:
    return periods.month(today.replace(day=1) - timedelta(days=1))


def _last_quarter(today: date) -> ReportPeriod:
    return periods.quarter(periods.quarter(today).start - timedelta(days=1))


def _last_year(today: date) -> ReportPeriod:
    return periods.year(date(today.year - 1, 1, 1))


def _last_12_months(today: date) -> ReportPeriod:
    """This month and the eleven before it."""
    first = months_before(periods.month(today).start, 11)
    return periods.custom(first, periods.month(today).last_day)


PERIODS: tuple[tuple[str, Callable[[date], ReportPeriod]], ...] = (
    (N_("This week"), periods.week),
    (N_("This month"), _this_month),
    (N_("Last month"), _last_month),
    (N_("This quarter"), periods.quarter),
    (N_("Last quarter"), _last_quarter),
    (N_("This year"), periods.year),
    (N_("Last year"), _last_year),
    (N_("Last 12 months"), _last_12_months),
)
DEFAULT_PERIOD = 3  # this quarter


class ShrinkingCombo(QComboBox):
    """As wide as its entries when there is room, narrower (eliding) on a small screen."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 96), hint.height())


class ReportFilterBar(QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], date], me: Callable[[], uuid.UUID | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today, self.me = today, me
        self.report = ShrinkingCombo()
        for key, (_module, title) in REPORTS.items():
            self.report.addItem(_(title), key)
        self.period = ShrinkingCombo()
        for label, _make in PERIODS:
            self.period.addItem(_(label))
        self.period.setCurrentIndex(DEFAULT_PERIOD)
        self.who = ShrinkingCombo()
        self.who.setVisible(False)  # a manager's choice only
        self.manager = False
        self.territory, self.segment = ShrinkingCombo(), ShrinkingCombo()
        self.tier, self.line = ShrinkingCombo(), ShrinkingCombo()
        self.report.setToolTip(_("Report"))
        self.period.setToolTip(_("Period"))
        self.who.setToolTip(_("Whose figures"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for combo in (self.report, self.period, self.who, self.territory, self.segment,
                      self.tier, self.line):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(230)
            layout.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout.addStretch(1)
        self.set_choices(Choices([], [], [], [], []), manager=False)

    def set_choices(self, choices: Choices, manager: bool) -> None:
        """Fill the combos (keeping what was picked when it is still offered)."""
        self.blockSignals(True)
        try:
            self._fill(self.territory, _("Any territory"), choices.territories)
            self._fill(self.segment, _("Any segment"), choices.segments)
            self._fill(self.tier, _("Any tier"), [(c.key, _("Tier {tier}").format(tier=c.label))
                                                  for c in choices.tiers])
            self._fill(self.line, _("Any product line"), choices.product_lines)
            people = [(EVERYONE, _("Everyone")), (MY_TEAM, _("My team")),
                      *((c.key, c.label) for c in choices.reps)]
            self._fill(self.who, None, people)
            self.manager = manager
            self.who.setVisible(manager)
        finally:
            self.blockSignals(False)

    @staticmethod
    def _fill(combo: QComboBox, anything: str | None,
              items: Sequence[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if anything is not None:
            combo.addItem(anything, None)
        for key, label in items:
            combo.addItem(label, key)
        at = combo.findData(current)
        combo.setCurrentIndex(max(at, 0))
        combo.blockSignals(False)

    @property
    def report_name(self) -> str:
        return str(self.report.currentData())

    def current_period(self) -> ReportPeriod:
        return PERIODS[max(self.period.currentIndex(), 0)][1](self.today())

    def current(self) -> ReportFilter:
        rep_id = team_of = None
        who = self.who.currentData() if self.manager else None
        if who == MY_TEAM:
            team_of = self.me()
        elif who:
            rep_id = uuid.UUID(hex=str(who))
        territory = self.territory.currentData()
        return ReportFilter(
            self.current_period(), rep_id=rep_id, team_of=team_of,
            territory_id=uuid.UUID(hex=str(territory)) if territory else None,
            segment=self.segment.currentData() or None, tier=self.tier.currentData() or None,
            product_line=self.line.currentData() or None)
