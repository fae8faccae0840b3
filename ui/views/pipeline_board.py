"""The kanban board: one column per open stage, Won and Lost drop targets.

Each column is a header (the stage, its count and weighted amount in the
rep's currency) over a ``QListView`` of its cards, drawn by one delegate over
a lazy model: no widget per card, so 5,000 deals paint as fast as 50. A card
is dragged with the mouse to another column (Qt's drag and drop between the
views) or onto Won / Lost; the board only says what was asked
(``move_requested``): the view writes the move, and the board places the card
from the change record that comes back (``apply``), without a reload.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import format_money
from desktop.i18n import _, ngettext
from desktop.services.pipeline_board import Card, CardPage, Column, PipeFilter, PipelineBoard
from ui import style
from ui.formatting import day
from ui.models.pipeline_models import (
    CARD_ROLE,
    MIME,
    STALE_COLOUR,
    StageCardsModel,
    decode,
    short_day,
    short_money,
    whole_money,
)

Index = QModelIndex | QPersistentModelIndex
CARD_BORDER = "#CFD8DC"
COLUMN_BACKGROUND = "#ECEFF1"
DROP_HIGHLIGHT = "#B2DFDB"
COLUMN_WIDTH = 200  # a card's name, account, amount and date still readable


class CardDelegate(QStyledItemDelegate):
    """A card: the deal's name, its account, amount and close date; a stale deal
    has an orange edge and says so (its tooltip says why)."""

    def __init__(self, locale: str, today: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money_locale = locale
        self.today = today  # a callable giving today's date
        self._height = 0
        self._bold: QFont | None = None

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        if not self._height:
            self._height = option.fontMetrics.height() * 3 + 22
        return QSize(160, self._height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, Card):
            return
        painter.save()
        rect = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(style.ACCENT if selected else CARD_BORDER)))
        painter.setBrush(QColor("#E0F2F1" if selected else "white"))
        painter.drawRoundedRect(rect, 4, 4)
        if card.stale:
            edge = QRect(rect.left(), rect.top(), 4, rect.height())
            painter.fillRect(edge.adjusted(0, 2, 0, -2), QColor(STALE_COLOUR))
        fm = option.fontMetrics
        line = fm.height()
        inner = rect.adjusted(10, 5, -8, -5)
        if self._bold is None:
            self._bold = QFont(option.font)
            self._bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(self._bold)
        painter.setPen(QColor(style.INK))
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(card.name, Qt.TextElideMode.ElideRight,
                                                          inner.width()))
        painter.setFont(option.font)
        painter.setPen(QColor(style.MUTED))
        painter.drawText(QRect(inner.left(), inner.top() + line + 1, inner.width(), line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(card.account, Qt.TextElideMode.ElideRight, inner.width()))
        third = QRect(inner.left(), inner.top() + 2 * line + 4, inner.width(), line)
        painter.setPen(QColor(style.INK))
        amount = whole_money(card.amount, card.currency, self.money_locale)
        painter.drawText(third, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         amount)
        overdue = card.close_date < self.today()  # type: ignore[operator]
        flag = "⚠ " if card.stale else ""
        painter.setPen(QColor(STALE_COLOUR if card.stale or overdue else style.MUTED))
        room = max(inner.width() - fm.horizontalAdvance(amount) - 8, 20)
        when = flag + day(card.close_date)
        if fm.horizontalAdvance(when) > room:  # a narrow column: no year, then no flag
            when = flag + short_day(card.close_date, self.money_locale)
            if fm.horizontalAdvance(when) > room:
                when = short_day(card.close_date, self.money_locale)
        painter.drawText(third, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(when, Qt.TextElideMode.ElideRight, room))
        painter.restore()


class CardList(QListView):
    """A column's cards: drags its cards out, takes other columns' cards in."""

    def __init__(self, model: StageCardsModel, delegate: CardDelegate) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(delegate)  # one per view: Qt's views do not share one
        delegate.setParent(self)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)  # the column's colour shows through

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        super().dragEnterEvent(event)
        self._highlight(event.isAccepted())

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        super().dragLeaveEvent(event)
        self._highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._highlight(False)
        super().dropEvent(event)

    def _highlight(self, on: bool) -> None:
        column = self.parentWidget()
        if isinstance(column, StageColumn):
            column.highlight(on)


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
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 8, 6, 4)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(self.figures)
        box.addWidget(self.cards, 1)
        self.setMinimumWidth(COLUMN_WIDTH)  # narrower: the board scrolls sideways
        self._colour = QColor(COLUMN_BACKGROUND)

    def set_totals(self, column: Column) -> None:
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

    def build(self, columns: list[Column], won: str | None, lost: str | None,
              flt: PipeFilter) -> None:
        """One column per open stage (made again when the stages change)."""
        for column in self.columns.values():
            column.setParent(None)
            column.deleteLater()
        self.columns = {}
        for total in columns:
            model = StageCardsModel(self.board, total.stage.key, flt, self.page_size,
                                    self.money_locale, self.stale_days)
            model.move_asked.connect(self.move_requested)
            column = StageColumn(model, CardDelegate(self.money_locale, self.today),
                                 self.money_locale)
            column.set_totals(total)
            column.cards.doubleClicked.connect(self._double_clicked)
            self.columns[total.stage.key] = column
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

    def card_ids(self) -> set[uuid.UUID]:
        return {c.id for column in self.columns.values() for c in column.model.cards()}

    def _double_clicked(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if isinstance(card, Card):
            self.open_requested.emit(card.id)
