"""The import wizard's review of possible duplicates: each row of the file that
likely duplicates a cached record, the record it matches, why (same phone,
same email, similar name 92 %), what a merge would fill and the conflicts a
merge keeps the cache's value for, and a choice per row (Merge, Skip, Import
as new: a click on the row's choice opens its combo) with buttons that set it
for all. Import writes as chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
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

from desktop.i18n import _
from ui.models.import_review import CHOICE, CHOICES, ChoiceDelegate, ReviewModel

if TYPE_CHECKING:
    from ui.dialogs.import_wizard import ImportWizard


class ReviewPage(QWizardPage):
    """The possible duplicates, a choice each; commits the import."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Possible duplicates"))
        self.setSubTitle(_("These rows look like records you have. Merge fills the record's "
                           "empty fields and keeps its other values; Skip leaves the row out; "
                           "Import as new adds it beside the record. Click a choice to change "
                           "it."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.model = ReviewModel()
        self.model.dataChanged.connect(lambda *_a: self._count())
        self.model.modelReset.connect(self._count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CHOICE, ChoiceDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.all_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("For all:")))
        for key, text in CHOICES:
            button = QPushButton(_("{choice} all").format(choice=_(text)))
            button.clicked.connect(lambda _c=False, key=key: self.model.set_all(key))
            self.all_buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    @property
    def choices(self) -> dict[int, str]:
        """line -> merge | skip | new"""
        return self.model.choices

    def initializePage(self) -> None:
        check = self.wizard_.check_page
        result = check.result
        self.model.reset(list(result.matches) if result is not None else [], check.mode())
        for column, width in ((0, 50), (1, 170), (2, 190), (3, 150), (CHOICE, 130)):
            self.table.setColumnWidth(column, width)
        if self.model.rowCount() <= 300:  # measuring every row of a long list is slow
            self.table.resizeRowsToContents()

    def row_of(self, line: int) -> int:
        return next(n for n in range(self.model.rowCount()) if self.model.row_at(n).line == line)

    def editor(self, line: int) -> QComboBox | None:
        """The combo open on the duplicate of ``line`` (after a click on its choice)."""
        widget = self.table.indexWidget(self.model.index(self.row_of(line), CHOICE))
        return widget if isinstance(widget, QComboBox) else None

    def _count(self) -> None:
        counts = {key: 0 for key, _t in CHOICES}
        for chosen in self.model.choices.values():
            counts[chosen] += 1
        self.summary.setText(_("{merge} to merge, {skip} to skip, {new} to import as new.")
                             .format(**counts))
