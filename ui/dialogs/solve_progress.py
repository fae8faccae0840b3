"""Optimising a trip off the GUI thread, with a progress dialog and a Stop button.

The solver runs on the task runner's worker over plain values only (the
problem was read from the cache before). Its progress callback emits a Qt
signal of an object that lives on the GUI thread, so the dialog is updated
there; Stop sets a flag the callback reports back, and the solver returns
the best plan found so far.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.planning.problem import TripPlan, TripProblem
from ui import style
from ui.tasks import TaskRunner

Solver = Callable[..., TripPlan]


def default_solver() -> Solver:
    from desktop.planning.solver import solve

    return solve


def progress_figures(progress: Any, stops: int) -> tuple[int | None, int | None]:
    """(best drive minutes, stops scheduled) from the solver's ``ProgressInfo``.

    Its objective is drive seconds plus the penalties of dropped stops, so it
    reads as a drive time only while every stop is scheduled."""
    visits = getattr(progress, "visits", None)
    objective = getattr(progress, "objective", None)
    if not isinstance(visits, int):
        return None, None
    drive = objective // 60 if isinstance(objective, int) and visits == stops else None
    return drive, visits


class SolveTask(QObject):
    """One optimisation at a time; ``stop()`` is safe to call from the GUI thread."""

    progressed = Signal(object)  # the solver's progress value, on the GUI thread
    solved = Signal(object)  # TripPlan
    failed = Signal(object)  # BaseException

    def __init__(self, tasks: TaskRunner, solver: Solver | None = None,
                 time_limit_s: float = 20.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.solver = solver
        self.time_limit_s = time_limit_s
        self.running = False
        self._stop = threading.Event()

    def start(self, problem: TripProblem) -> None:
        solver = self.solver or default_solver()
        self._stop.clear()
        self.running = True

        def work(_report: object) -> TripPlan:  # on the worker: plain values only
            return solver(problem, time_limit_s=self.time_limit_s, on_progress=self._report)

        self.tasks.run(work, self._done, self._failed)

    def stop(self) -> None:
        self._stop.set()

    def stopping(self) -> bool:
        return self._stop.is_set()

    def _report(self, progress: Any = None, *_more: Any) -> bool:
        """Called by the solver on the worker: hand the figures over, say whether to go on."""
        self.progressed.emit(progress)
        return not self._stop.is_set()

    def _done(self, plan: object) -> None:
        self.running = False
        self.solved.emit(plan)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.failed.emit(exc)


class SolveProgressDialog(QDialog):
    """Elapsed time, best drive time and stops scheduled, with Stop."""

    def __init__(self, task: SolveTask, stops: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.stops = stops
        self.setWindowTitle(_("Optimising the trip"))
        self.setMinimumWidth(380)
        self.elapsed = QLabel("0 s")
        self.drive = QLabel("—")
        self.scheduled = QLabel("—")
        note = QLabel(_("Stop keeps the best plan found so far."))
        style.muted(note)
        form = QFormLayout()
        form.addRow(_("Elapsed"), self.elapsed)
        form.addRow(_("Best drive time"), self.drive)
        form.addRow(_("Stops scheduled"), self.scheduled)
        self.stop_button = QPushButton(_("Stop"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.stop_button.clicked.connect(self.stop)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        task.progressed.connect(self.show_progress)
        task.solved.connect(self._finish)
        task.failed.connect(self._finish)

    def _tick(self) -> None:
        self.elapsed.setText(_("{s:.0f} s").format(s=self._clock.elapsed() / 1000))

    def show_progress(self, progress: object) -> None:
        drive, scheduled = progress_figures(progress, self.stops)
        if drive is not None:
            self.drive.setText(_("{h}:{m:02d} h").format(h=drive // 60, m=drive % 60))
        elif scheduled is not None:
            self.drive.setText(_("— (not every stop fits yet)"))
        if scheduled is not None:
            self.scheduled.setText(_("{n} of {total}").format(n=scheduled, total=self.stops))

    def stop(self) -> None:
        self.task.stop()
        self.stop_button.setEnabled(False)
        self.stop_button.setText(_("Stopping…"))

    def reject(self) -> None:  # Esc or closing the window also stops the search
        if self.task.running:
            self.stop()
        else:
            super().reject()

    def _finish(self, _result: object) -> None:
        self._timer.stop()
        self.accept()
