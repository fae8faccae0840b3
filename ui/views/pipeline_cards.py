"""A card on the kanban board: drawn by a delegate (no widget per card) in a
column's list view, which drags its cards out and takes other columns' in."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.services.pipeline_board import Card
from ui import style
from ui.formatting import day
from ui.models.pipeline_models import (
    CARD_ROLE,
    STALE_COLOUR,
    StageCardsModel,
    short_day,
    whole_money,
)

Index = QModelIndex | QPersistentModelIndex
CARD_BORDER = "#CFD8DC"


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

    hovered = Signal(bool)  # a card that may be dropped here is over the list, or left

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
        self.hovered.emit(event.isAccepted())

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        super().dragLeaveEvent(event)
        self.hovered.emit(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self.hovered.emit(False)
        super().dropEvent(event)
