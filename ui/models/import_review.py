"""The possible duplicates of an import and the rep's choice for each, as a
table model: one row per duplicate, the last column editable through a combo
(:class:`ChoiceDelegate`), opened where the rep clicks. No widget per row: a
file that repeats 50,000 cached records shows as fast as one that repeats 5."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.i18n import N_, _
from desktop.imports.merging import Match

CHOICES = (("merge", N_("Merge")), ("skip", N_("Skip")), ("new", N_("Import as new")))
KEYS = tuple(key for key, _t in CHOICES)
CHOICE = 5  # the editable column
Index = QModelIndex | QPersistentModelIndex


def _name(match: Match) -> str:
    values = match.item.values
    if match.table == "contacts":
        return f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
    return str(values.get("name", ""))


def merge_text(match: Match) -> str:
    """ "fills website; name: cached Acme, file Acme Inc. (cached kept)" """
    fills = _("fills {fields}").format(fields=", ".join(sorted(match.fills))) \
        if match.fills else _("nothing to fill")
    conflicts = [_("{field}: cached {kept}, file {theirs} (cached kept)").format(
        field=field, kept=kept, theirs=theirs)
        for field, (kept, theirs) in sorted(match.conflicts.items())]
    return "; ".join([fills, *conflicts])


class ReviewModel(QAbstractTableModel):
    HEADERS = (N_("Line"), N_("In the file"), N_("Matches"), N_("Why"), N_("A merge"),
               N_("Choice"))

    def __init__(self) -> None:
        super().__init__()
        self.matches: list[Match] = []
        self.choices: dict[int, str] = {}  # line -> merge | skip | new

    def reset(self, matches: list[Match], default: str) -> None:
        self.beginResetModel()
        self.matches = matches
        self.choices = {m.line: default for m in matches}
        self.endResetModel()

    def set_all(self, key: str) -> None:
        self.choices = dict.fromkeys(self.choices, key)
        if self.matches:
            self.dataChanged.emit(self.index(0, CHOICE),
                                  self.index(len(self.matches) - 1, CHOICE))

    def row_at(self, row: int) -> Match:
        return self.matches[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matches)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == CHOICE else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.matches):
            return None
        match, column = self.matches[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole and column == CHOICE:
            return self.choices[match.line]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == CHOICE:
            return _(dict(CHOICES)[self.choices[match.line]])
        return (str(match.line), _name(match), match.label, match.reasons,
                merge_text(match))[column]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != CHOICE or value not in KEYS \
                or role != Qt.ItemDataRole.EditRole:
            return False
        self.choices[self.matches[index.row()].line] = str(value)
        self.dataChanged.emit(index, index)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo of Merge, Skip, Import as new; the choice lands as it changes."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        for key, text in CHOICES:
            combo.addItem(_(text), key)
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.blockSignals(True)
        editor.setCurrentIndex(KEYS.index(index.data(Qt.ItemDataRole.EditRole)))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
