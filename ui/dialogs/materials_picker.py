"""Sales materials in the proposal editor: tick the library's brochures to
append after the proposal's pages; add a brochure PDF to the library."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.operations import Operations
from ui.prompts import Prompts


class MaterialsPicker(QWidget):
    def __init__(self, services: Services, prompts: Prompts,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.ops = services, prompts, ops
        self.proposal_id: uuid.UUID | None = None
        self.list = QListWidget()
        self.add_button = QPushButton(_("Add brochure to the library…"))
        self.add_button.clicked.connect(lambda: self.add_to_library())
        self.message = style.muted(QLabel(_(
            "Ticked brochures are appended after the proposal's pages.")))
        self.message.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)

    def load(self, proposal_id: uuid.UUID, ticked: list[str] | None = None) -> None:
        self.proposal_id = proposal_id
        picked = set(ticked if ticked is not None else self.services.materials.picked(
            proposal_id))
        self.list.clear()
        for material in self.services.materials.library():
            item = QListWidgetItem(f"{material.title}  ·  {material.file_name}  ·  "
                                   f"{max(1, material.size // 1024):,} KB", self.list)
            item.setData(Qt.ItemDataRole.UserRole, material.sha256)
            item.setCheckState(Qt.CheckState.Checked if material.sha256 in picked
                               else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole)
                for n in range(self.list.count())
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    def tick(self, sha: str, on: bool = True) -> None:
        for n in range(self.list.count()):
            if self.list.item(n).data(Qt.ItemDataRole.UserRole) == sha:
                self.list.item(n).setCheckState(Qt.CheckState.Checked if on
                                                else Qt.CheckState.Unchecked)

    def pick_job(self) -> Callable[[], Changes]:
        """The write that stores what is ticked (read now, on the GUI thread)."""
        proposal_id, ticked, materials = self.proposal_id, self.ticked(), self.services.materials
        if proposal_id is None:
            return Changes
        return lambda: materials.pick(proposal_id, ticked)

    def add_to_library(self) -> None:
        path = self.prompts.open_file(self, _("Add a brochure"), _("PDF files (*.pdf)"))
        if path is None or self.proposal_id is None:
            return
        materials, proposal_id = self.services.materials, self.proposal_id

        def added(material: object) -> None:
            ticked = self.ticked()  # keep what was ticked but not saved yet
            self.load(proposal_id, ticked + [material.sha256])  # type: ignore[attr-defined]

        # A refusal (not a PDF, too large) is shown as the service words it.
        self.ops.write(lambda: materials.add_file(path), parent=self,
                       title=_("Add a brochure")).success(added).run()
