"""The kanban board: one column per open stage, Won and Lost drop targets.

Each column is a header (the stage, its count and weighted amount in the
rep's currency) over a ``QListView`` of its cards, drawn by one delegate over
a lazy model: no widget per card, so 5,000 deals paint as fast as 50. A card
is dragged with the mouse to another column (Qt's drag and drop between the
views) or onto Won / Lost; the board only says what was asked
(``move_requested``): the view writes the move, and the board places the card
from the change record that comes back (``place``), without a reload.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import format_money
from desktop.domain.stages import Stage
from desktop.i18n import _, ngettext
from desktop.services.pipeline_board import Card, CardPage, Column, PipeFilter, PipelineBoard
from ui import style
from ui.models.pipeline_models import (
    CARD_ROLE,
    MIME,
    StageCardsModel,
    decode,
    short_money,
    whole_money,
)
from ui.views.pipeline_cards import CardDelegate, CardList

Index = QModelIndex | QPersistentModelIndex
COLUMN_BACKGROUND = "#ECEFF1"
DROP_HIGHLIGHT = "#B2DFDB"
COLUMN_WIDTH = 200  # a card's name, account, amount and date still readable


class StageColumn(QFrame):
    """A stage's header (name, count, weighted amount) over its cards."""

    def __init__(self, model: StageCardsModel, delegate: CardDelegate, locale: str) -> None:
        super().__init__()
        self.model, self.money_locale = model, locale
        self.setObjectName("stageColumn")
        self.title = style.title(QLabel(), 10.5)
        self.figures = style.muted(QLabel())
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.cards = CardList(model, delegate)
        self.cards.hovered.connect(self.highlight)
        self.total: Column | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 8, 6, 4)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(self.figures)
        box.addWidget(self.cards, 1)
        self.setMinimumWidth(COLUMN_WIDTH)  # narrower: the board scrolls sideways
        self._colour = QColor(COLUMN_BACKGROUND)

    def set_totals(self, column: Column) -> None:
        self.total = column
        self.title.setText(column.stage.name)
        weighted = whole_money(column.weighted, column.currency, self.money_locale)
        text = ngettext("{n} deal · {w} weighted", "{n} deals · {w} weighted",
                        column.count).format(
            n=f"{column.count:,}", w=short_money(column.weighted, column.currency,
                                                 self.money_locale))
        self.figures.setText(text + (" *" if column.mixed else ""))
        tip = [_("{n:,} deals in {stage} ({p} %)").format(
            n=column.count, stage=column.stage.name, p=f"{column.stage.probability * 100:.0f}"),
            _("Amount: {a}").format(a=format_money(column.amount, column.currency,
                                                   self.money_locale)),
            _("Weighted: {w}").format(w=weighted)]
        if column.mixed:
            tip.append(_("* Deals in {codes} are counted but not in these sums (no exchange "
                         "rates offline).").format(codes=", ".join(sorted(column.others))))
        self.setToolTip("\n".join(tip))

    def highlight(self, on: bool) -> None:
        """The column lights up while a card is dragged over it."""
        self._colour = QColor(DROP_HIGHLIGHT if on else COLUMN_BACKGROUND)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # Painted, not styled: a style sheet here would reach the list's scroll bar.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        painter.drawRoundedRect(self.rect(), 6, 6)


class DropZone(QFrame):
    """Won or Lost: a card dropped here closes the deal (the view asks why)."""

    dropped = Signal(object, str, str)  # deal id, from stage, to stage

    def __init__(self, stage: str, text: str, colour: str) -> None:
        super().__init__()
        self.stage, self.colour = stage, colour
        self.setAcceptDrops(True)
        self.label = QLabel(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QHBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.label)
        self.setMinimumHeight(38)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._paint(False)

    def _paint(self, hot: bool) -> None:
        background = self.colour if hot else "transparent"
        ink = "white" if hot else self.colour
        self.setStyleSheet(f"DropZone {{ border: 2px dashed {self.colour}; border-radius: 6px;"
                           f" background: {background}; }} QLabel {{ color: {ink};"
                           " font-weight: 600; }")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        dragged = decode(event.mimeData())
        if dragged is not None and dragged[1] != self.stage:
            event.acceptProposedAction()
            self._paint(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        self._paint(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._paint(False)
        dragged = decode(event.mimeData())
        if dragged is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(dragged[0], dragged[1], self.stage)


class KanbanBoard(QWidget):
    move_requested = Signal(object, str, str)  # deal id, from stage, to stage
    open_requested = Signal(object)  # deal id (a double-clicked card)

    def __init__(self, board: PipelineBoard, locale: str, today: object,
                 page_size: int = 25, stale_days: int = 30) -> None:
        super().__init__()
        self.board, self.money_locale, self.page_size = board, locale, page_size
        self.stale_days = stale_days
        self.today = today
        self.columns: dict[str, StageColumn] = {}
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        strip = QWidget()
        strip.setLayout(self.row)
        self.scroller = QScrollArea()
        self.scroller.setWidget(strip)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.won: DropZone | None = None
        self.lost: DropZone | None = None
        self.closing = QHBoxLayout()
        self.closing.setSpacing(8)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.scroller, 1)
        box.addLayout(self.closing)

    def build(self, stages: list[Stage], won: str | None, lost: str | None,
              flt: PipeFilter) -> None:
        """One column per open stage (made again when the stages change); their
        totals follow (``set_totals``)."""
        for column in self.columns.values():
            column.setParent(None)
            column.deleteLater()
        self.columns = {}
        for stage in stages:
            model = StageCardsModel(self.board, stage.key, flt, self.page_size,
                                    self.money_locale, self.stale_days)
            model.move_asked.connect(self.move_requested)
            column = StageColumn(model, CardDelegate(self.money_locale, self.today),
                                 self.money_locale)
            column.title.setText(stage.name)
            column.figures.setText("…")
            column.cards.doubleClicked.connect(self._double_clicked)
            self.columns[stage.key] = column
            self.row.addWidget(column, 1)
        for zone in (self.won, self.lost):
            if zone is not None:
                zone.setParent(None)
        self.won = DropZone(won, _("Drop here: won"), "#2E7D32") if won else None
        self.lost = DropZone(lost, _("Drop here: lost"), "#C62828") if lost else None
        for zone in (self.won, self.lost):
            if zone is not None:
                zone.dropped.connect(self.move_requested)
                self.closing.addWidget(zone)

    def show_pages(self, pages: Mapping[str, CardPage]) -> None:
        for key, page in pages.items():
            if key in self.columns:
                self.columns[key].model.set_page(page)

    def set_totals(self, columns: list[Column]) -> None:
        for total in columns:
            if total.stage.key in self.columns:
                self.columns[total.stage.key].set_totals(total)

    def place(self, cards: Mapping[uuid.UUID, Card | None]) -> None:
        """Deals that changed: each leaves the column it was in and, when it is
        still an open deal on the board (``None``: gone), shows in its stage's."""
        for opp_id, card in cards.items():
            for key, column in self.columns.items():
                if card is None or key != card.stage:
                    column.model.take(opp_id)
            if card is not None and card.stage in self.columns:
                self.columns[card.stage].model.place(card)

    def loaded(self, opp_id: uuid.UUID) -> Card | None:
        """The deal's card as the board shows it, if one of its columns has it loaded."""
        for column in self.columns.values():
            row = column.model.row_of(opp_id)
            if row is not None:
                return column.model.card_at(row)
        return None

    def totals(self) -> dict[str, Column]:
        return {key: c.total for key, c in self.columns.items() if c.total is not None}

    def _double_clicked(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if isinstance(card, Card):
            self.open_requested.emit(card.id)
