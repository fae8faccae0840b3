"""Likely duplicates of what is being typed, shown under the form at once.

A form calls :meth:`DuplicatePanel.watch` with its fields on every edit; the
panel waits until typing pauses (~120 ms), asks the finder off the GUI thread
and shows what it answers: each candidate with why it matches ("same phone,
similar name 91 %") and what the rep can do with it. An answer overtaken by
newer typing is dropped, so the panel never shows matches for old text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from ui import style
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.services.duplicates import Candidate, DuplicateFinder

log = logging.getLogger(__name__)
SHOWN = 4  # more than a few is noise: the best ones first


Finder = Callable[[Mapping[str, str]], Sequence["Candidate"]]


def why_of(candidate: Candidate) -> str:
    """Why it matches: "same phone, similar name 91 %"."""
    return ", ".join(why.describe() for why in candidate.why)


def warm(finder: Callable[[], DuplicateFinder], runner: TaskRunner) -> None:
    """Build the finder's name index off the GUI thread, ahead of the first keystroke
    (the finder itself is made there too: its module loads rapidfuzz)."""
    def build(_report: object) -> None:
        made = finder()
        if not made.ready:
            made.build()

    runner.run(build, lambda _r: None,
               lambda exc: log.warning("building the duplicate index failed", exc_info=exc))


class DuplicatePanel(QFrame):
    open_requested = Signal(object)  # the Candidate to open
    convert_requested = Signal(object)  # the Candidate: convert the lead onto its account
    merge_requested = Signal(object)  # the Candidate (a lead): merge with it
    shown_changed = Signal(int)  # how many candidates are shown now

    def __init__(self, find: Finder, runner: TaskRunner, *, for_lead: bool = False,
                 delay_ms: int = 120, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finder = find
        self.runner = runner
        self.for_lead = for_lead
        self.candidates: list[Candidate] = []
        self.setObjectName("duplicates")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#duplicates { background: #FFF8E1; border: 1px solid #FFE082;"
                           " border-radius: 4px; }")
        self.setProperty("transient", True)  # nothing here is the form's to save
        self._fields: dict[str, str] = {}
        self._asked = 0  # bumped per question: older answers are dropped
        self._waiting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.check_now)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self._rows = QVBoxLayout()
        self._rows.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self._rows)
        self.hide()

    # -- asking -------------------------------------------------------------------
    def watch(self, fields: Mapping[str, str]) -> None:
        """The form's fields changed: ask again once typing pauses."""
        self._fields = {k: v.strip() for k, v in fields.items() if v and v.strip()}
        self._asked += 1  # an answer on its way is for older text now
        self._timer.start()

    def check_now(self) -> None:
        self._timer.stop()
        fields, find = dict(self._fields), self.finder
        self._asked += 1
        asked = self._asked
        if not fields:
            self._show([])
            return
        self._waiting = True
        self.runner.run(lambda _report: list(find(fields)),
                        lambda found: self._answered(asked, found),
                        lambda exc: self._failed(asked, exc), owner=self)

    def pending(self) -> bool:
        """Typing has not paused yet, or an answer is still on its way."""
        return self._timer.isActive() or self._waiting

    def _answered(self, asked: int, found: list[Candidate]) -> None:
        if asked == self._asked:
            self._waiting = False
            self._show(found)

    def _failed(self, asked: int, exc: BaseException) -> None:
        # A duplicate check is a hint: a failure must not stop the rep typing.
        log.warning("duplicate check failed", exc_info=exc)
        if asked == self._asked:
            self._waiting = False
            self._show([])

    # -- showing ------------------------------------------------------------------
    def _show(self, found: list[Candidate]) -> None:
        self.candidates = found[:SHOWN]
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for candidate in self.candidates:
            self._rows.addWidget(self._row(candidate))
        self.heading.setText(ngettext("Already in Fieldbook? {n} possible duplicate",
                                      "Already in Fieldbook? {n} possible duplicates",
                                      len(found)).format(n=len(found)))
        self.setVisible(bool(self.candidates))
        self.shown_changed.emit(len(self.candidates))

    def _row(self, candidate: Candidate) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(8)
        kind = candidate.table
        what = QLabel(f"<b>{_escape(candidate.label)}</b> "
                      f"<span style='color:{style.MUTED}'>{_escape(kind_label(kind))} · "
                      f"{_escape(why_of(candidate))}</span>")
        what.setTextFormat(Qt.TextFormat.RichText)
        what.setToolTip(why_of(candidate))
        line.addWidget(what, 1)
        buttons = [(_("Open"), lambda: self.open_requested.emit(candidate))]
        if self.for_lead and candidate.account_id is not None and kind != "leads":
            buttons.append((_("Convert onto this account"),
                            lambda: self.convert_requested.emit(candidate)))
        if self.for_lead and kind == "leads":
            buttons.append((_("Merge…"), lambda: self.merge_requested.emit(candidate)))
        for text, slot in buttons:
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter saves the form, never opens a match
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # tab goes field to field
            button.clicked.connect(slot)
            line.addWidget(button)
        return row

    def buttons(self, row: int) -> list[QPushButton]:
        """The action buttons of the ``row``-th candidate (tests click them)."""
        item = self._rows.itemAt(row)
        widget = item.widget() if item is not None else None
        return widget.findChildren(QPushButton) if widget is not None else []


def kind_label(kind: str) -> str:
    return {"accounts": _("account"), "contacts": _("contact"),
            "leads": _("lead")}.get(kind, kind)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
