"""File > Import from another CRM…: a wizard that picks a CSV file, shows which
CRM wrote it and where each column lands (the rep changes any of it), checks
every row without writing (new, possible duplicates, rejected with the reason),
then imports off the GUI thread with progress, Stop, a summary and Undo.

The work is the Qt-free pipeline's (desktop.imports): this module only asks and
shows. The check and the import run on a lane of their own, so the window's
lists keep loading meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.i18n import N_, _
from desktop.imports.detect import (
    OTHER,
    SAGE,
    Columns,
    detect,
    fields,
    initial_mapping,
    is_vcard,
    read_columns,
)
from desktop.imports.mappings import KINDS
from desktop.imports.sheets import is_xlsx, sheet_names
from ui.models.import_mapping import TARGET, FieldDelegate, MappingModel

if TYPE_CHECKING:
    from desktop.imports.importer import Result
    from ui.main_window import MainWindow

KIND_LABELS = {"accounts": N_("Accounts"), "contacts": N_("Contacts"),
               "activities": N_("Activities (history)"), "opportunities": N_("Opportunities")}
ERROR_STYLE = "color: #C62828;"
ENCODINGS = {"utf-8-sig": "UTF-8 (with a BOM)", "utf-8": "UTF-8", "cp1252": "Windows-1252",
             "latin-1": "Latin-1", "utf-16": "UTF-16"}


class ImportWizard(QWizard):
    """What the pages share: the window's services, the file and the mapping."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        from ui.dialogs.import_review import ReviewPage
        from ui.dialogs.import_wizard_run import CheckPage, RunPage

        self.window_ = window
        self.services, self.tasks, self.bus = window.services, window.tasks, window.bus
        self.prompts = window.prompts
        self.path = Path()
        self.columns = Columns([], "", [])
        self.kind = "accounts"
        self.vcard = False  # contacts as vCards: no columns to map
        self.sheet: str | None = None  # an Excel workbook's sheet to read
        self.model: MappingModel | None = None
        self.setWindowTitle(_("Import from another CRM"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.review_page = ReviewPage(self)  # possible duplicates, a choice each
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.check_page, self.review_page,
                     self.run_page):
            self.addPage(page)
        self.check_id, self.review_id, self.run_id = self.pageIds()[2:5]
        self.resize(820, 560)

    def mapping(self) -> dict[str, str]:
        return self.model.mapping() if self.model is not None else {}

    def run_import(self, **options: Any) -> Result:
        """The chosen file through the Qt-free pipeline (on a worker): a CSV with
        the mapping shown, or vCards; ``options`` as ``importer.run`` takes them."""
        from desktop.imports import importer, vcard

        if self.vcard:
            options.pop("rejects", None)
            return vcard.run(self.services, self.path, **options)
        return importer.run(self.services, self.kind, self.path, self.mapping(),
                            sheet=self.sheet, **options)

    def first_rows(self) -> list[tuple[int, dict[str, Any] | str]]:
        """The first rows as they will land (on a worker); none for vCards."""
        from desktop.imports import importer

        if self.vcard:
            return []
        return importer.preview(self.services, self.kind, self.path, self.mapping(), limit=5,
                                sheet=self.sheet)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("A CSV file or an Excel workbook (.xlsx) exported from "
                           "Salesforce (Accounts, Contacts, Tasks/Activities, "
                           "Opportunities), Sage CRM (Company, Person, "
                           "Communication, Opportunity) or any other CRM, or contacts as "
                           "vCards (.vcf)."))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(_("Path of a .csv or .xlsx file"))
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.path_edit.textChanged.connect(lambda _t: self.error.clear())
        self.path_edit.textChanged.connect(self._list_sheets)
        self.sheet_label = QLabel(_("Sheet:"))
        self.sheet_combo = QComboBox()
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_combo, 1)
        self._list_sheets("")
        self.browse = QPushButton(_("Browse…"))
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _browse(self) -> None:
        path = self.wizard_.prompts.open_file(
            self, _("Import from another CRM"),
            _("CSV files, Excel workbooks and vCards (*.csv *.txt *.xlsx *.xlsm *.vcf);;"
              "All files (*)"))
        if path is not None:
            self.path_edit.setText(str(path))

    def _list_sheets(self, text: str) -> None:
        """A workbook's sheets to choose from (its index only: at once); hidden
        for any other file."""
        path = Path(text.strip()).expanduser()
        names: list[str] = []
        if text.strip() and path.is_file() and is_xlsx(path):
            try:
                names = sheet_names(path)
            except ValueError:
                names = []  # the reason shows when Next reads the file
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        self.sheet_label.setVisible(bool(names))
        self.sheet_combo.setVisible(bool(names))

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        """Read the columns (the first megabyte: at once); a file that cannot be
        one stays on this page with the reason, and nothing is written."""
        path = Path(self.path_edit.text().strip()).expanduser()
        wizard = self.wizard_
        wizard.vcard = is_vcard(path)
        sheet = self.sheet_combo.currentText() if self.sheet_combo.count() else None
        try:
            columns = Columns([], "utf-8", []) if wizard.vcard else read_columns(
                path, sheet=sheet)
        except ValueError as exc:
            self.error.setText(str(exc))
            return False
        if wizard.vcard and not path.is_file():
            self.error.setText(_("cannot read {name}: no such file").format(name=path.name))
            return False
        wizard.path, wizard.columns, wizard.sheet = path, columns, sheet
        if wizard.vcard:
            wizard.kind, wizard.model = "contacts", None
        return True

    def nextId(self) -> int:
        """vCards have no columns to map: straight to the check."""
        return self.wizard_.check_id if self.wizard_.vcard else super().nextId()


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wizard_ = wizard
        self.setTitle(_("Where each column goes"))
        self.detected = QLabel()
        self.detected.setWordWrap(True)
        self.kind_combo = QComboBox()
        for kind in KINDS:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.table = QTableView()
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(TARGET, FieldDelegate(self.table))
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(_("The file holds:")))
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected)
        layout.addLayout(kind_row)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        wizard = self.wizard_
        header = wizard.columns.header
        found = detect(header)
        wizard.kind = found.kind
        named = sum(1 for h in header if h.strip())
        if found.product == OTHER:
            text = _("Not an export this app knows: choose where each column goes.")
        else:
            text = _("{product} export of {kind}: {known} of {count} columns recognised. "
                     "Change any of them below.").format(
                product="Sage CRM" if found.product == SAGE else "Salesforce",
                kind=_(KIND_LABELS[found.kind]).lower(), known=found.known, count=named)
        encoding = wizard.columns.encoding
        source = _("Excel sheet: {sheet}.").format(sheet=wizard.sheet) if wizard.sheet \
            else _("Encoding: {encoding}.").format(
                encoding=ENCODINGS.get(encoding.lower(), encoding))
        self.detected.setText(text + " " + source)
        self.product = found.product
        wizard.model = MappingModel(header, wizard.columns.samples,
                                    initial_mapping(found.kind, header), fields(found.kind))
        wizard.model.dataChanged.connect(lambda *_a: self.completeChanged.emit())
        wizard.model.modelReset.connect(self.completeChanged.emit)
        self.table.setModel(wizard.model)
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(KINDS.index(found.kind))
        self.kind_combo.blockSignals(False)
        self._open_editors()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Fixed)
        head.resizeSection(TARGET, 230)

    def _open_editors(self) -> None:
        model = self.wizard_.model
        assert model is not None
        for row in range(model.rowCount()):
            self.table.openPersistentEditor(model.index(row, TARGET))

    def combo(self, row: int) -> QWidget:
        """The field combo of the file's ``row``th column."""
        model = self.wizard_.model
        assert model is not None
        return self.table.indexWidget(model.index(row, TARGET))

    def _kind_chosen(self, at: int) -> None:
        wizard = self.wizard_
        kind = self.kind_combo.itemData(at)
        if wizard.model is None or kind == wizard.kind:
            return
        wizard.kind = kind
        wizard.model.set_fields(fields(kind), initial_mapping(kind, wizard.columns.header))
        self._open_editors()

    def isComplete(self) -> bool:
        return any(self.wizard_.mapping().values())


def open_wizard(window: MainWindow) -> ImportWizard:
    """Show the wizard beside the window (not modal: the lists stay usable)."""
    wizard = ImportWizard(window)
    window.active_dialog = wizard
    wizard.show()
    return wizard
