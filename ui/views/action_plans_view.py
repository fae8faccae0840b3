"""Action plans: the rep's plans on the left; the chosen plan's goals (how far
each got in the period) and its target accounts on the right.

Goal progress reads the owner's interactions in the period (an indexed range,
but a busy rep's month is thousands of rows): it is read once per refresh on
the read worker, never on the GUI thread, and a hidden view reads nothing, it
is only marked stale (``LiveUpdates``) and reads when it is shown."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats
from desktop.i18n import _, ngettext
from desktop.planning.action_plans import PlanProgress, TargetRow
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.action_plan_models import goal_model, plan_model, target_model
from ui.operations import Operations
from ui.prompts import Prompts
from ui.views.account_people import selected_row, table_view
from ui.views.action_plan_edits import PlanEdits
from ui.views.live import SKIPPED, LiveUpdates

PLAN_TABLES = ("action_plans", "action_plan_goals", "action_plan_targets")


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class ActionPlansView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts, self.ops = services, bus, prompts, ops
        self.plan_id: uuid.UUID | None = None
        self.progress: PlanProgress | None = None
        self.dialog: Any = None
        self._reading = False  # a plan's progress is being read on the worker
        self._wanted: bool | None = None  # another read asked for (reset or not)
        self.reads = 0  # plans read for the chosen plan (tests count them)

        self.plans = plan_model()
        self.plan_list = table_view(self.plans)
        self.plan_list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.plan_list.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.new_button = style.primary(QPushButton(_("New plan…")))
        self.delete_button = QPushButton(_("Delete plan"))
        self.edits = PlanEdits(self)
        self.new_button.clicked.connect(lambda: self.edits.new_plan())
        self.delete_button.clicked.connect(lambda: self.edits.delete_plan())
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(style.title(QLabel(_("Action plans"))))
        left_box.addWidget(self.plan_list, 1)
        left_box.addLayout(_buttons(self.new_button, self.delete_button))

        self.title = style.title(QLabel(), 13)
        self.summary = style.muted(QLabel())
        self.summary.setWordWrap(True)
        self.goals = goal_model()
        self.goal_list = table_view(self.goals)
        self.add_goal_button = QPushButton(_("Add goal…"))
        self.remove_goal_button = QPushButton(_("Remove goal"))
        self.add_goal_button.clicked.connect(lambda: self.edits.add_goal())
        self.remove_goal_button.clicked.connect(lambda: self.edits.remove_goal())
        self.targets = target_model()
        self.target_list = table_view(self.targets)
        self.add_targets_button = QPushButton(_("Add targets…"))
        self.remove_target_button = QPushButton(_("Remove target"))
        self.add_targets_button.clicked.connect(lambda: self.edits.add_targets())
        self.remove_target_button.clicked.connect(lambda: self.edits.remove_target())
        self.targets_heading = style.title(QLabel(_("Target accounts")), 11)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.summary)
        box.addWidget(style.title(QLabel(_("Goals")), 11))
        box.addWidget(self.goal_list, 3)
        box.addLayout(_buttons(self.add_goal_button, self.remove_goal_button))
        box.addWidget(self.targets_heading)
        box.addWidget(self.target_list, 2)
        box.addLayout(_buttons(self.add_targets_button, self.remove_target_button))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)
        self.goal_list.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.target_list.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.live.mark(reset=True)  # read when first shown (made hidden, inside Trips)

    # -- loading -------------------------------------------------------------
    def refresh(self, reset: bool = False) -> None:
        """Re-read the plans and show the chosen one: in place unless ``reset``."""
        rows = self.services.action_plans.plans()
        keep = self.plan_id
        if reset:
            self.plans.set_rows(rows)
        else:
            self.plans.update_rows(rows)
        ids = [r.id for r in rows]
        wanted: int | None = None
        if keep in ids:
            wanted = ids.index(keep)
        elif rows:  # the plan for today, else the latest
            today = self.services.clock().astimezone().date()
            ids = [r.id for r in rows if r.period_start <= today <= r.period_end] or ids
            wanted = [r.id for r in rows].index(ids[0])
        if wanted is not None and wanted != selected_row(self.plan_list):
            self.plan_list.selectRow(wanted)  # shows it
        elif wanted is None or reset:
            self._chosen()
        else:
            self.show_plan(reset=False)

    def select_plan(self, plan_id: uuid.UUID) -> None:
        for n in range(self.plans.rowCount()):
            if self.plans.row_at(n).id == plan_id:
                self.plan_list.selectRow(n)

    def _chosen(self) -> None:
        row = selected_row(self.plan_list)
        self.plan_id = self.plans.row_at(row).id if row is not None else None
        self.show_plan()

    def show_plan(self, reset: bool = True) -> None:
        """The chosen plan's goals and targets (``reset=False``: it changed, in place),
        read on the worker; asked again while a read runs, one more read follows."""
        self._wanted = reset or bool(self._wanted)
        if not self._reading:
            self._read()

    def _read(self) -> None:
        reset, self._wanted = bool(self._wanted), None
        plan_id, plans = self.plan_id, self.services.action_plans
        if plan_id is None:
            self._show(None, [], reset)
            return

        def read(_report: Any) -> tuple[PlanProgress, list[TargetRow]] | None:
            try:
                return plans.progress(plan_id), plans.targets(plan_id)
            except ValidationError:  # deleted meanwhile: its change record follows
                return None

        def done(result: tuple[PlanProgress, list[TargetRow]] | None) -> None:
            self._reading = False
            if result is SKIPPED:  # the rep had moved on: read when shown again
                self.live.skipped()
                return
            if plan_id != self.plan_id:
                self._wanted = True  # another plan was chosen meanwhile
            elif result is not None:
                self._show(*result, reset)
            if self._wanted is not None:
                self._read()

        def failed(exc: BaseException) -> None:
            self._reading = False
            self.ops.failed(exc, self, _("Could not load"), None)

        self._reading = True
        self.reads += 1
        self.ops.reads.run(self.live.unless_hidden(read), done, failed)

    def _show(self, progress: PlanProgress | None, targets: list[TargetRow],
              reset: bool) -> None:
        self.progress = progress
        goals = progress.goals if progress else []
        if reset:
            self.goals.set_rows(goals)
            self.targets.set_rows(targets)
        else:
            self.goals.update_rows(goals, key=lambda g: g.goal_id)
            self.targets.update_rows(targets)
        self._enable()
        if progress is None:
            self.title.setText(_("No action plans yet"))
            self.summary.setText(_("Make a plan for a period, then set goals: how many visits, "
                                   "calls or emails, with which accounts."))
            return
        self.title.setText(progress.name)
        done = sum(min(g.done, g.target) for g in progress.goals)
        target = sum(g.target for g in progress.goals)
        parts = [formats.span(progress.period_start, progress.period_end),
                 ngettext("{n} goal", "{n} goals", len(progress.goals)).format(
                     n=len(progress.goals))]
        if target:
            parts.append(_("{share:.0f} % done").format(share=100 * done / target))
        self.summary.setText(" · ".join(parts))
        self.targets_heading.setText(_("Target accounts: {worked} of {n} contacted").format(
            worked=progress.targets_worked, n=progress.targets))

    def _enable(self) -> None:
        has = self.progress is not None
        for button in (self.delete_button, self.add_goal_button, self.add_targets_button):
            button.setEnabled(has)
        self.remove_goal_button.setEnabled(has and selected_row(self.goal_list) is not None)
        self.remove_target_button.setEnabled(has and selected_row(self.target_list) is not None)

    def _shows(self, changes: Changes) -> bool:
        """The plans, and what counts for the shown one: contacts with accounts."""
        return changes.touches(*PLAN_TABLES) or (
            self.plan_id is not None and changes.touches("interactions", "accounts"))

    def write(self, title: str, fn: Any, done: Any = None) -> None:
        """A plan edit as a write; its change record updates the view."""
        operation = self.ops.write(fn, parent=self, title=title)
        if done is not None:
            operation.success(done)
        operation.run()

    def open_dialog(self, dialog: Any, done: Any) -> Any:
        """Show ``dialog``; ``done(its result)`` once accepted."""
        dialog.accepted.connect(lambda: done(dialog.result_value))
        self.dialog = dialog
        dialog.open()
        return dialog
