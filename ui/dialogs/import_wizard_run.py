"""The import wizard's last two pages: the check (a dry run of the Qt-free
pipeline: counts and the reason of every rejected row) and the import itself
(off the GUI thread, progress, Stop between chunks, a summary, Undo)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.i18n import N_, _, ngettext
from desktop.imports import batches, importer
from desktop.store.changes import Changes
from ui.models.import_mapping import preview_model
from ui.models.row_table import Column, RowTableModel

if TYPE_CHECKING:
    from ui.dialogs.import_wizard import ImportWizard

LANE = "import"  # a lane of its own: the window's reads never wait behind an import
DUPLICATES = (("skip", N_("Skip them")), ("merge", N_("Merge them into the records you have")),
              ("new", N_("Import them as new records")))


_ONE = {"accounts": "account", "contacts": "contact", "activities": "activity",
        "opportunities": "opportunity"}


def _records(count: int, kind: str) -> str:
    """"1 contact", "2 contacts"."""
    return f"{count} {_ONE.get(kind, kind) if count == 1 else kind}"


class Problem(NamedTuple):
    line: int
    what: str


def _problems(result: importer.Result) -> list[Problem]:
    rows = [Problem(r.line, _("Rejected: {reason}").format(reason=r.reason))
            for r in result.rejected]
    rows += [Problem(line, _("Possible duplicate: {what}").format(what=what))
             for line, what in result.duplicates]
    return sorted(rows)


class CheckPage(QWizardPage):
    """Every row checked, nothing written; Import commits."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.result: importer.Result | None = None
        self.kept: list[importer.Parsed] = []
        self._generation = 0
        self._stop = threading.Event()  # the running check's: a newer one or Back ends it
        self.setTitle(_("Check before importing"))
        self.setSubTitle(_("Every row is checked; nothing is written yet."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.duplicates = QComboBox()
        for key, text in DUPLICATES:
            self.duplicates.addItem(_(text), key)
        self.duplicates.currentIndexChanged.connect(lambda _i: self._mode_chosen())
        self.new_count, self.duplicate_count = QLabel(), QLabel()
        self.rejected_count, self.updated_count = QLabel(), QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problems: RowTableModel[Problem] = RowTableModel([
            Column(_("Line"), lambda p: str(p.line)), Column(_("What"), lambda p: p.what)])
        self.table, self.first_table = QTableView(), QTableView()
        self.table.setModel(self.problems)
        for table in (self.table, self.first_table):
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
        self.first_rows: RowTableModel[Any] = preview_model([])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, _("Rejected rows and possible duplicates"))
        self.tabs.addTab(self.first_table, _("First rows as they will land"))
        self.save_rejects = QPushButton(_("Save rejected rows…"))
        self.save_rejects.clicked.connect(self._save_rejects)
        form = QFormLayout()
        form.addRow(_("Possible duplicates:"), self.duplicates)
        form.addRow(_("New records:"), self.new_count)
        form.addRow(_("Updated records:"), self.updated_count)
        form.addRow(_("Possible duplicates found:"), self.duplicate_count)
        form.addRow(_("Rejected rows:"), self.rejected_count)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_rejects)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self.check()

    def mode(self) -> str:
        return str(self.duplicates.currentData())

    def _mode_chosen(self) -> None:
        """A CSV's check holds every duplicate: only the counts change. vCards
        are checked again (their check leaves skipped duplicates out)."""
        if self.wizard_.vcard or self.result is None:
            self.check()
        else:
            self._show(self.result)

    def nextId(self) -> int:
        """Possible duplicates: their review (a choice each) before the import."""
        result = self.result
        wizard = self.wizard_
        return wizard.review_id if result is not None and result.matches else wizard.run_id

    def check(self) -> None:
        """The dry run on the import lane; a newer check overtakes an older one."""
        wizard = self.wizard_
        self._generation += 1
        generation = self._generation
        self._stop.set()
        self._stop = stop = threading.Event()
        self.result = None
        self.completeChanged.emit()
        self.status.setText(_("Checking every row…"))
        mode = self.mode()

        kept: list[importer.Parsed] = []  # what Import writes, not checked twice

        def work(report: Any) -> tuple[importer.Result, list[Any]]:
            return wizard.run_import(dry_run=True, duplicates=mode, cancelled=stop.is_set,
                                     checked=lambda n: report(n, 0),
                                     keep=kept), wizard.first_rows()

        def checking(count: int, _total: int) -> None:
            if generation == self._generation:
                self.status.setText(_("Checking every row… {count} so far").format(
                    count=f"{count:,}"))

        def done(answer: tuple[importer.Result, list[Any]]) -> None:
            result, first = answer
            if generation == self._generation and not result.cancelled:
                self.first_rows = preview_model(first)
                self.first_table.setModel(self.first_rows)
                self.kept = kept
                self._show(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.status.setText(_("Cannot import this file: {reason}").format(
                    reason=exc))

        wizard.tasks.run(work, done, failed, checking, lane=LANE)

    def cleanupPage(self) -> None:
        """Back: a check still running stops."""
        self._generation += 1
        self._stop.set()
        super().cleanupPage()

    def _show(self, result: importer.Result) -> None:
        self.result = result
        mode, matches = self.mode(), len(result.matches)
        skipped = matches if mode == "skip" else result.skipped if not matches else 0
        merged = matches if mode == "merge" else 0
        new = result.rows - len(result.rejected) - skipped - merged
        self.new_count.setText(str(new))
        self.updated_count.setText(_("{count} (merged: their empty fields filled)").format(
            count=merged) if merged else _("0 (no duplicate is merged)"))
        self.duplicate_count.setText(str(len(result.duplicates)) + (
            " " + _("(left out)") if skipped else "") + (
            " " + _("(choose for each on the next page)") if matches else ""))
        self.setCommitPage(not matches)  # else the review commits
        self.rejected_count.setText(str(len(result.rejected)))
        self.problems.set_rows(_problems(result))
        self.save_rejects.setEnabled(bool(result.rejected) and not self.wizard_.vcard)
        from ui.dialogs.import_wizard import ENCODINGS

        self.status.setText(ngettext("{count} row read ({encoding}).",
                                     "{count} rows read ({encoding}).", result.rows).format(
            count=f"{result.rows:,}", encoding=ENCODINGS.get(result.encoding, result.encoding)))
        self.completeChanged.emit()

    def _save_rejects(self) -> None:
        wizard = self.wizard_
        out = wizard.prompts.save_file(self, _("Save rejected rows"),
                                       f"{wizard.path.stem}-rejected.csv",
                                       _("CSV files (*.csv)"))
        if out is None:
            return
        wizard.tasks.run(
            lambda _r: wizard.run_import(dry_run=True, rejects=out, duplicates="ignore"),
            lambda _res: self.status.setText(_("Rejected rows saved to {path}").format(
                path=out)),
            lambda exc: self.status.setText(str(exc)), lane=LANE)

    def isComplete(self) -> bool:
        result = self.result
        return result is not None and (
            bool(result.matches) or result.rows - len(result.rejected) - result.skipped > 0)


class RunPage(QWizardPage):
    """The import: progress per chunk, Stop between chunks, then what landed."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.result: importer.Result | None = None
        self.over = False  # done, stopped or failed: Finish closes the wizard
        self.stop_event = threading.Event()
        self.setTitle(_("Importing"))
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.stop = QPushButton(_("Stop"))
        self.stop.clicked.connect(self._stop)
        self.undo = QPushButton(_("Undo this import"))
        self.undo.clicked.connect(self._undo)
        self.undo.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop)
        buttons.addStretch(1)
        buttons.addWidget(self.undo)
        layout = QVBoxLayout(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.progress)
        layout.addWidget(self.status, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        wizard = self.wizard_
        self.result, self.over = None, False
        self.stop_event.clear()
        self.progress.setRange(0, 0)  # busy until the first chunk lands
        self.status.setText(_("Writing the rows…"))
        self.stop.setEnabled(True)
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        check = wizard.check_page
        checked, rows, path = check.result, check.kept, wizard.path
        assert checked is not None  # Import is enabled only after a check

        choices = dict(wizard.review_page.choices) if checked.matches else None
        mode = check.mode()

        def work(report: Any) -> importer.Result:
            return importer.write_checked(wizard.services, checked, rows, path, progress=report,
                                          cancelled=self.stop_event.is_set, duplicates=mode,
                                          choices=choices)

        wizard.tasks.run(work, self._done, self._failed, self._progressed, lane=LANE)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _stop(self) -> None:
        self.stop_event.set()
        self.stop.setEnabled(False)
        self.status.setText(_("Stopping after this chunk…"))

    def _done(self, result: importer.Result) -> None:
        self.result = result
        wizard = self.wizard_
        wizard.bus.publish(Changes.reset())
        self.stop.setEnabled(False)
        total = result.rows - len(result.rejected) - result.skipped - result.merged
        self.progress.setRange(0, max(total + result.merged, 1))
        self.progress.setValue(result.imported + result.merged)
        if result.cancelled and not result.imported:
            head = _("Stopped before anything was written: nothing imported.")
        elif result.cancelled:
            head = _("Stopped: {done} of {total} imported.").format(
                done=_records(result.imported, result.kind), total=total)
        else:
            head = _("Imported {records}.").format(records=_records(result.imported,
                                                                     result.kind))
        lines = [head, _("{count} rejected, {dups} possible duplicate(s), {merged} merged, "
                         "{skipped} left out.").format(
            count=len(result.rejected), dups=len(result.duplicates), merged=result.merged,
            skipped=result.skipped)]
        if result.batch:
            lines.append((_("Undo removes every row this import added and puts the merged "
                            "records back as they were (batch {batch}).") if result.merged
                          else _("Undo removes every row of this import (batch {batch}).")
                          ).format(batch=result.batch))
        self.status.setText("\n".join(lines))
        self.undo.setEnabled(bool(result.batch))
        self._finish()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(_("The import failed: {reason}").format(reason=exc))
        self.stop.setEnabled(False)
        self.progress.setRange(0, 1)
        self._finish()

    def _finish(self) -> None:
        self.over = True
        self.wizard_.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.completeChanged.emit()

    def _undo(self) -> None:
        wizard, result = self.wizard_, self.result
        if result is None or not result.batch:
            return
        self.undo.setEnabled(False)
        batch = result.batch

        def undone(count: int) -> None:
            wizard.bus.publish(Changes.reset())
            self.status.setText(_("Undone: {records} removed.").format(
                records=_records(count, result.kind)))

        wizard.tasks.run(lambda _r: batches.undo(wizard.services, batch), undone,
                         lambda exc: self.status.setText(str(exc)), lane=LANE)

    def isComplete(self) -> bool:
        return self.over
