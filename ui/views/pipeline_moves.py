"""Moving a deal to another stage from the Pipeline board: a card dropped on an
open stage's column moves at once; on Won or Lost the rep is asked why first.
Each move is a write (``OpportunityService.move_stage``), undoable."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from desktop.domain import stages as stage_rules
from desktop.i18n import _
from desktop.services.container import Services
from ui.operations import Operations


class StageMover:
    """Moves for ``parent`` (the Pipeline view); ``open_dialog`` shows the question."""

    def __init__(self, services: Services, ops: Operations, parent: QWidget,
                 open_dialog: Callable[[QWidget], None]) -> None:
        self.services, self.ops, self.parent = services, ops, parent
        self.pipe = services.pipeline
        self.open_dialog = open_dialog

    def move_card(self, opp_id: uuid.UUID, from_stage: str, to_stage: str) -> None:
        """A card dropped on another column, or on Won / Lost (which asks why).
        Handled once the drop is over: Qt's drag loop is still running now."""
        QTimer.singleShot(0, lambda: self._moving(opp_id, from_stage, to_stage))

    def _moving(self, opp_id: uuid.UUID, from_stage: str, to_stage: str) -> None:
        stage = next((s for s in self.pipe.stages() if s.key == to_stage), None)
        if stage is None:
            return
        if stage.kind == stage_rules.OPEN:
            self._write_move(opp_id, from_stage, stage.key, stage.name, None)
        else:
            self._ask_reason(opp_id, from_stage, stage.key, stage.name, stage.kind)

    def _ask_reason(self, opp_id: uuid.UUID, from_stage: str, to_stage: str, name: str,
                    kind: str) -> None:
        from ui.dialogs.outcome_reason import OutcomeDialog

        card = self.pipe.card(opp_id)
        dialog = OutcomeDialog(card.name if card else "", kind == stage_rules.WON, self.parent)
        dialog.accepted.connect(lambda: self._write_move(opp_id, from_stage, to_stage, name,
                                                         dialog.text() or None))
        self.open_dialog(dialog)

    def _write_move(self, opp_id: uuid.UUID, from_stage: str, to_stage: str, name: str,
                    reason: str | None) -> None:
        opps = self.services.opportunities
        self.ops.write(lambda: opps.move_stage(opp_id, to_stage, reason=reason),
                       parent=self.parent, title=_("Not moved")) \
            .success(lambda _c: self._moved(opp_id, from_stage, name)).run()

    def _moved(self, opp_id: uuid.UUID, from_stage: str, name: str) -> None:
        opps = self.services.opportunities
        self.ops.undo.push(_("Moved to {stage}.").format(stage=name),
                           lambda: opps.move_stage(opp_id, from_stage))
