"""What the Pipeline view shows: whose deals (a manager picks the team or one
rep), which close period, which stage (the list), stale ones only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QWidget

from desktop.domain import forecast_math as fm
from desktop.domain import stages as stage_rules
from desktop.domain.schema.enums import PeriodKind
from desktop.domain.stages import Stage
from desktop.i18n import N_, _
from desktop.services.pipeline_board import Card, PipeFilter

PERIODS = (("", N_("Any close date")), ("month", N_("Closing this month")),
           ("quarter", N_("Closing this quarter")), ("next", N_("Closing next quarter")),
           ("overdue", N_("Close date passed")))


def close_range(choice: str, today: date) -> tuple[date | None, date | None]:
    """The close dates a period choice keeps: [from, to)."""
    if choice == "month":
        period = fm.period_of(PeriodKind.MONTH.value, today)
        return period.start, period.end
    if choice == "quarter":
        period = fm.period_of(PeriodKind.QUARTER.value, today)
        return period.start, period.end
    if choice == "next":
        period = fm.period_of(PeriodKind.QUARTER.value, today).next()
        return period.start, period.end
    if choice == "overdue":
        return None, today
    return None, None


class PipeFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = QComboBox()
        self.owner.setToolTip(_("Whose deals: yours, your team's or one rep's"))
        self.period = QComboBox()
        for key, text in PERIODS:
            self.period.addItem(_(text), key)
        self.stage = QComboBox()
        self.stale = QCheckBox(_("Stale only"))
        self.stale.setToolTip(_("Deals whose next step or close date has passed, or with "
                                "nothing logged on the account for a while"))
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.owner, self.period, self.stage, self.stale):
            box.addWidget(widget)
        self.owner.hide()
        for combo in (self.owner, self.period, self.stage):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.stale.toggled.connect(lambda _on: self.changed.emit())

    def set_stages(self, stages: Sequence[Stage]) -> None:
        current = self.stage.currentData()
        self.stage.blockSignals(True)
        self.stage.clear()
        self.stage.addItem(_("All open stages"), None)
        for stage in stages:
            self.stage.addItem(stage.name, stage.key)
        found = self.stage.findData(current)
        self.stage.setCurrentIndex(max(found, 0))
        self.stage.blockSignals(False)

    def set_people(self, me: uuid.UUID | None, team: Sequence[uuid.UUID],
                   members: Sequence[tuple[uuid.UUID, str]]) -> None:
        """A manager's choices (team first); a rep sees every deal in the book."""
        self.owner.blockSignals(True)
        self.owner.clear()
        if me is not None and team:
            self.owner.addItem(_("My team"), (me, *team))
            self.owner.addItem(_("My deals"), (me,))
            for member_id, name in members:
                if member_id != me:
                    self.owner.addItem(name, (member_id,))
        self.owner.setVisible(self.owner.count() > 0)
        self.owner.blockSignals(False)

    def owners(self) -> tuple[uuid.UUID, ...] | None:
        data = self.owner.currentData() if self.owner.count() else None
        return tuple(data) if data else None

    def pipe_filter(self, today: date, *, with_stage: bool) -> PipeFilter:
        start, end = close_range(self.period.currentData() or "", today)
        stage = self.stage.currentData() if with_stage else None
        return PipeFilter(owners=self.owners(), close_from=start, close_to=end,
                          stages=(stage,) if stage else None,
                          stale_only=self.stale.isChecked())

    def set_list_mode(self, on: bool) -> None:
        self.stage.setVisible(on)


def shown(card: Card, flt: PipeFilter, today: date) -> bool:
    """Whether a re-read card belongs on the board under ``flt`` (the service's
    rules for the few filters the board uses)."""
    if card.outcome != stage_rules.OPEN:
        return False
    if flt.owners is not None and card.owner_id not in flt.owners:
        return False
    if flt.close_from is not None and card.close_date < flt.close_from:
        return False
    if flt.close_to is not None and card.close_date >= flt.close_to:
        return False
    return not flt.stale_only or bool(card.stale)

