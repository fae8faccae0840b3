"""Merge two duplicates (accounts, contacts or leads): side by side, one row
per field with a choice of either side's value, the survivor's chosen unless
it is empty and the other is not; the children that will move are counted.
A merge cannot be undone, so Merge asks first; it runs on the writer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.lead_rules import LEAD_RULES
from desktop.domain.rules import ACCOUNT_RULES, CONTACT_RULES, Rule
from desktop.domain.schema.enums import label_of
from desktop.i18n import _
from desktop.services.container import Services
from ui import style
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations

if TYPE_CHECKING:
    from desktop.services.merge import FieldPair, Merged, MergePreview

RULES: dict[str, Mapping[str, Rule]] = {
    "accounts": ACCOUNT_RULES, "contacts": CONTACT_RULES, "leads": LEAD_RULES}


def shown(value: Any, rule: Rule | None = None, names: Mapping[str, str] | None = None) -> str:
    """A stored value as the rep reads it ('' for nothing): a choice by its label,
    a territory or a person by name."""
    if value is None:
        return ""
    if rule is not None and rule.choices is not None:
        return label_of(rule.choices, str(value))
    if names is not None and str(value) in names:
        return names[str(value)]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def short(text: str, limit: int = 44) -> str:
    """One line of at most ``limit`` characters (the whole value in the tooltip)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def empty(value: Any) -> bool:
    return shown(value).strip() == ""


class MergeDialog(FormDialog):
    def __init__(self, services: Services, table: str, survivor_id: uuid.UUID,
                 loser_id: uuid.UUID, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.table = table
        self.ids = (survivor_id, loser_id)
        self.preview: MergePreview | None = None
        self.merged: Merged | None = None
        self.choices: dict[str, QButtonGroup] = {}
        self.names: dict[str, str] = {}  # id -> name, read with the preview
        self.setWindowTitle(_("Merge duplicates"))
        self.intro = QLabel(_("Pick the value to keep in each row. The record on the "
                              "right is merged into the one on the left and disappears; "
                              "this cannot be undone."))
        self.intro.setWordWrap(True)
        self.swap_button = QPushButton(_("Keep the other one"))
        self.swap_button.setToolTip(_("Swap the sides: the record on the right survives"))
        self.swap_button.setAutoDefault(False)
        self.swap_button.clicked.connect(lambda: self.swap())
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.children_line = style.muted(QLabel())
        self.children_line.setWordWrap(True)
        column = QVBoxLayout()
        column.addWidget(self.intro)
        column.addWidget(self.children_line)
        column.addWidget(self.swap_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.grid_holder)
        column.addStretch(1)
        self._finish(column, save_text=_("Merge"))
        self.save_button.setEnabled(False)  # until both records are read
        self.load()

    def preferred_size(self) -> QSize | None:
        return QSize(860, 640)

    # -- reading ----------------------------------------------------------------------
    def load(self) -> None:
        services, table, (survivor, loser) = self.services, self.table, self.ids

        def read() -> tuple[MergePreview, dict[str, str]]:
            names = dict(services.account_list.territories())  # ids shown by name
            names.update({str(u): n for u, n in services.team.names().items()})
            return services.merge.preview(table, survivor, loser), names

        self.ops.query(read, self._show, self)

    def swap(self) -> None:
        self.ids = (self.ids[1], self.ids[0])
        self.save_button.setEnabled(False)
        self.load()

    def _show(self, answer: tuple[MergePreview, dict[str, str]]) -> None:
        preview, self.names = answer
        if (preview.survivor_id, preview.loser_id) != self.ids:
            return  # swapped meanwhile
        self.preview = preview
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.choices = {}
        for col, text in ((1, _("Keep: {name}").format(name=preview.survivor_label)),
                          (2, _("Merged away: {name}").format(name=preview.loser_label))):
            head = QLabel(text)
            head.setWordWrap(True)  # a long name wraps; the values keep their columns
            style.title(head, 11)
            self.grid.addWidget(head, 0, col)
        for row, pair in enumerate(preview.fields, start=1):
            self._field_row(row, pair)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.children_line.setText(self._children_text(preview))
        self.save_button.setEnabled(True)
        self.mark_clean()

    def _field_row(self, row: int, pair: FieldPair) -> None:
        self.grid.addWidget(style.muted(QLabel(pair.label)), row, 0)
        rule = RULES.get(self.table, {}).get(pair.name)
        if not pair.differs:
            text = shown(pair.survivor, rule, self.names)
            same = style.muted(QLabel(short(text, 90) or "—"))
            same.setToolTip(text)
            self.grid.addWidget(same, row, 1, 1, 2)
            return
        group = QButtonGroup(self)
        for col, value, side in ((1, pair.survivor, "survivor"), (2, pair.loser, "loser")):
            text = shown(value, rule, self.names)
            radio = QRadioButton(short(text) or _("(empty)"))
            radio.setToolTip(text)
            radio.setProperty("side", side)
            radio.setObjectName(f"{pair.name}:{side}")
            group.addButton(radio)
            self.grid.addWidget(radio, row, col)
        keep_loser = empty(pair.survivor) and not empty(pair.loser)
        group.buttons()[1 if keep_loser else 0].setChecked(True)
        self.choices[pair.name] = group

    @staticmethod
    def _children_text(preview: MergePreview) -> str:
        moving: dict[str, int] = {}
        for key, n in preview.children.items():  # "contacts.account_id": by table
            table = key.split(".")[0].replace("_", " ")
            moving[table] = moving.get(table, 0) + n
        moving = {t: n for t, n in moving.items() if n}
        if not moving:
            return _("Nothing else moves: the merged-away record has no related records.")
        parts = ", ".join(f"{t} ({n:,})" for t, n in sorted(moving.items()))
        return _("Moves to the record kept: {parts}.").format(parts=parts)

    # -- merging ----------------------------------------------------------------------
    def chosen(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, group in self.choices.items():
            checked = group.checkedButton()
            out[name] = str(checked.property("side")) if checked is not None else "survivor"
        return out

    def choose(self, field: str, side: str) -> None:
        """Pick ``side`` ("survivor" or "loser") for ``field`` (as a click does)."""
        for button in self.choices[field].buttons():
            if button.property("side") == side:
                button.setChecked(True)

    def _save(self) -> None:
        if self.preview is None or self.saving:
            return
        if not self.prompts.confirm(self, _("Merge duplicates"), _(
                "Merge “{loser}” into “{kept}”? Its related records move to “{kept}” and it "
                "disappears. A merge cannot be undone.").format(
                    loser=self.preview.loser_label, kept=self.preview.survivor_label)):
            return
        super()._save()

    def _job(self) -> Callable[[], Merged]:
        services, table, (survivor, loser), chosen = (self.services, self.table, self.ids,
                                                      self.chosen())
        return lambda: services.merge.merge(table, survivor, loser, chosen)

    def _saved(self, result: Merged) -> None:
        self.merged = result
