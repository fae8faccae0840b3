"""The import wizard's column mapping as a table: each column of the file, an
example value from its first rows, and the field it lands in (editable with a
combo; "(leave out)" imports nothing from that column)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.i18n import N_, _
from ui.models.row_table import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = (N_("Column in the file"), N_("Example"), N_("Imports into"))
TARGET = 2
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
_NAMES = {"ref": N_("Source id (links later files)"), "account": N_("Account name"),
          "account_ref": N_("Account's source id"), "type": N_("Type / channel")}


def field_label(field: str) -> str:
    """What the rep reads for a field: "Billing postal code", "(leave out)"."""
    if not field:
        return _("(leave out)")
    if field in _NAMES:
        return _(_NAMES[field])
    return field.replace("_", " ").capitalize()


class MappingModel(QAbstractTableModel):
    """Rows: the file's columns in order. ``mapping()`` is header -> field."""

    def __init__(self, header: list[str], samples: list[list[str]],
                 mapping: dict[str, str], fields: list[str]) -> None:
        super().__init__()
        self.header = header
        self.examples = [next((r[i].strip().replace("\n", " ") for r in samples
                               if i < len(r) and r[i].strip()), "")
                         for i in range(len(header))]
        self.targets = [mapping.get(h, "") for h in header]
        self.fields = ["", *fields]

    def mapping(self) -> dict[str, str]:
        return dict(zip(self.header, self.targets, strict=True))

    def set_fields(self, fields: list[str], mapping: dict[str, str]) -> None:
        """Another kind of record: its fields, and the mapping to start from."""
        self.beginResetModel()
        self.fields = ["", *fields]
        self.targets = [mapping.get(h, "") for h in self.header]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.header):
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (self.header[row], self.examples[row], field_label(self.targets[row]))[col]
        if role in (FIELD_ROLE, Qt.ItemDataRole.EditRole) and col == TARGET:
            return self.targets[row]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == TARGET else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != TARGET
                or value not in self.fields):
            return False
        if self.targets[index.row()] != value:
            self.targets[index.row()] = value
            self.dataChanged.emit(index, index)
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo of the kind's fields; choosing one (by mouse or by typing its
    first letters) takes effect at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        assert isinstance(model, MappingModel)
        for field in model.fields:
            combo.addItem(field_label(field), field)
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        at = editor.findData(index.data(FIELD_ROLE))
        if at != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(max(at, 0))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _getter(key: str) -> Callable[[Any], str]:
    return lambda row: _cell(row[1].get(key))


def preview_model(rows: list[tuple[int, dict[str, Any] | str]]) -> RowTableModel[Any]:
    """The first rows as they will land: the line, then each field they set (ids
    and tags left out), headed by the field's label; rejected rows left out."""
    landing = [(line, values) for line, values in rows if isinstance(values, dict)]
    keys: list[str] = []
    for _line, values in landing:
        keys += [k for k in values if k not in keys and k != "tags" and not k.endswith("_id")]
    columns: list[Column[Any]] = [Column(_("Line"), lambda r: str(r[0]))]
    columns += [Column(field_label(k), _getter(k)) for k in keys]
    model: RowTableModel[Any] = RowTableModel(columns)
    model.set_rows(landing)
    return model
