"""The import wizard's review of possible duplicates: each row of the file that
likely duplicates a cached record, the record it matches, why (same phone,
same email, similar name 92 %), what a merge would fill and the conflicts a
merge keeps the cache's value for, and a choice per row (Merge, Skip, Import
as new) with buttons that set it for all. Import writes as chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.i18n import N_, _
from desktop.imports.merging import Match
from ui.models.row_table import Column, RowTableModel

if TYPE_CHECKING:
    from ui.dialogs.import_wizard import ImportWizard

CHOICES = (("merge", N_("Merge")), ("skip", N_("Skip")), ("new", N_("Import as new")))
CHOICE = 5  # the column holding each row's combo


def _name(match: Match) -> str:
    values = match.item.values
    if match.table == "contacts":
        return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
    return str(values.get("name", ""))


def _fills(match: Match) -> str:
    if not match.fills:
        return _("nothing to fill")
    return _("fills {fields}").format(fields=", ".join(sorted(match.fills)))


def _conflicts(match: Match) -> str:
    """ "website: cached https://a.example, file https://b.example (cached kept)" """
    return "; ".join(_("{field}: cached {kept}, file {theirs} (cached kept)").format(
        field=field, kept=kept, theirs=theirs)
        for field, (kept, theirs) in sorted(match.conflicts.items()))


class ReviewPage(QWizardPage):
    """The possible duplicates, a choice each; commits the import."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.choices: dict[int, str] = {}  # line -> merge | skip | new
        self.setTitle(_("Possible duplicates"))
        self.setSubTitle(_("These rows look like records you have. Merge fills the record's "
                           "empty fields and keeps its other values; Skip leaves the row out; "
                           "Import as new adds it beside the record."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.model: RowTableModel[Match] = RowTableModel([
            Column(_("Line"), lambda m: str(m.line)),
            Column(_("In the file"), _name),
            Column(_("Matches"), lambda m: m.label),
            Column(_("Why"), lambda m: m.reasons),
            Column(_("A merge"), lambda m: "; ".join(
                p for p in (_fills(m), _conflicts(m)) if p)),
            Column(_("Choice"), lambda m: ""),
        ])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        self.summary = QLabel()
        self.all_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("For all:")))
        for key, text in CHOICES:
            button = QPushButton(_("{choice} all").format(choice=_(text)))
            button.clicked.connect(lambda _c=False, key=key: self.choose_all(key))
            self.all_buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def initializePage(self) -> None:
        check = self.wizard_.check_page
        result = check.result
        matches = list(result.matches) if result is not None else []
        default = check.mode()
        self.choices = {m.line: default for m in matches}
        self.model.set_rows(matches)
        self.combos = []
        for row, match in enumerate(matches):
            combo = QComboBox()
            for key, text in CHOICES:
                combo.addItem(_(text), key)
            combo.setCurrentIndex([k for k, _t in CHOICES].index(default))
            combo.currentIndexChanged.connect(
                lambda _i, line=match.line, box=combo: self._chosen(line, box))
            self.table.setIndexWidget(self.model.index(row, CHOICE), combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self._count()

    def _chosen(self, line: int, combo: QComboBox) -> None:
        self.choices[line] = str(combo.currentData())
        self._count()

    def choose_all(self, key: str) -> None:
        at = [k for k, _t in CHOICES].index(key)
        for combo in self.combos:
            combo.setCurrentIndex(at)  # each combo's signal records its row's choice

    def combo(self, line: int) -> QComboBox:
        """The choice of the duplicate on ``line`` of the file."""
        row = next(n for n in range(self.model.rowCount()) if self.model.row_at(n).line == line)
        return self.combos[row]

    def _count(self) -> None:
        counts: dict[str, Any] = {key: 0 for key, _t in CHOICES}
        for chosen in self.choices.values():
            counts[chosen] += 1
        self.summary.setText(_("{merge} to merge, {skip} to skip, {new} to import as new.")
                             .format(**counts))
