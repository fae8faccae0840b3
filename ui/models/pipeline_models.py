"""The Pipeline board's model: one lazy card list per board column, and how a
card's figures read (the deal list's table is ui/models/pipeline_list_model.py).

A column's cards arrive a page at a time (``PipelineBoard.cards``, keyset by
close date then id) through ``fetchMore``, so a column of 3,000 deals opens
as fast as one of 30. A card is dragged as the ``MIME`` type carrying the
deal's id and its stage; a drop on another column asks for the move
(``move_asked``), it never moves a row itself: the board places the card from
the change record the move publishes (``place`` / ``take``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)

from desktop.domain import forecast_math as fm
from desktop.domain.money import format_money
from desktop.i18n import _
from desktop.services.pipeline_board import (
    Card,
    CardCursor,
    CardPage,
    PipeFilter,
    PipelineBoard,
)
from ui.formatting import day
from ui.models.keyset_pages import Index

MIME = "application/x-fieldbook-opportunity"
CARD_ROLE = Qt.ItemDataRole.UserRole + 2
STALE_COLOUR = "#E65100"


def encode(card: Card) -> QMimeData:
    """A dragged card: ``<id hex> <stage key>``."""
    data = QMimeData()
    data.setData(MIME, QByteArray(f"{card.id.hex} {card.stage}".encode()))
    return data


def decode(data: QMimeData) -> tuple[uuid.UUID, str] | None:
    """The deal and the stage it was dragged from, or None for anything else."""
    if not data.hasFormat(MIME):
        return None
    parts = bytes(data.data(MIME).data()).decode(errors="replace").split()
    try:
        return uuid.UUID(hex=parts[0]), parts[1]
    except (IndexError, ValueError):
        return None


def sort_position(card: Card) -> tuple[str, str]:
    """Where a card sits in its column: by close date, then id (the service's order)."""
    return card.close_date.isoformat(), card.id.hex


class StageCardsModel(QAbstractListModel):
    """The cards of one stage, read a page at a time."""

    move_asked = Signal(object, str, str)  # deal id, from stage, to stage

    def __init__(self, board: PipelineBoard, stage: str, flt: PipeFilter,
                 page_size: int = 25, locale: str = "en_US", stale_days: int = 30) -> None:
        super().__init__()
        self.board, self.stage, self.filter = board, stage, flt
        self.page_size, self.money_locale, self.stale_days = page_size, locale, stale_days
        self._cards: list[Card] = []
        self._next: CardCursor | None = None

    # -- loading ---------------------------------------------------------------------
    def reload(self, flt: PipeFilter | None = None) -> None:
        """The first page again (a new filter, or a wholesale change)."""
        if flt is not None:
            self.filter = flt
        self.set_page(self.board.cards(self.stage, self.filter, None, self.page_size))

    def set_page(self, page: CardPage) -> None:
        """Show ``page`` as the column's first page (read elsewhere: on a worker)."""
        self.beginResetModel()
        self._cards, self._next = list(page.cards), page.next
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._next is None:
            return
        page = self.board.cards(self.stage, self.filter, self._next, self.page_size)
        fresh = [c for c in page.cards if self.row_of(c.id) is None]
        if fresh:
            first = len(self._cards)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._cards.extend(fresh)
            self.endInsertRows()
        self._next = page.next

    # -- in place ---------------------------------------------------------------------
    def row_of(self, opp_id: uuid.UUID) -> int | None:
        return next((n for n, c in enumerate(self._cards) if c.id == opp_id), None)

    def card_at(self, row: int) -> Card:
        return self._cards[row]

    def cards(self) -> list[Card]:
        return list(self._cards)

    def take(self, opp_id: uuid.UUID) -> Card | None:
        """Remove the deal's card (it left the column); the card, if it was loaded."""
        row = self.row_of(opp_id)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        card = self._cards.pop(row)
        self.endRemoveRows()
        return card

    def place(self, card: Card) -> None:
        """Show ``card`` where the column's order puts it: changed in place when it
        is here already, inserted when its place is among the loaded cards (a card
        that sorts after them arrives with a later page)."""
        row = self.row_of(card.id)
        if row is not None:
            if sort_position(self._cards[row]) == sort_position(card):
                self._cards[row] = card
                self.dataChanged.emit(self.index(row), self.index(row))
                return
            self.take(card.id)
        key = sort_position(card)
        at = next((n for n, c in enumerate(self._cards) if sort_position(c) > key),
                  len(self._cards))
        if at == len(self._cards) and self._next is not None:
            return  # beyond the loaded pages
        self.beginInsertRows(QModelIndex(), at, at)
        self._cards.insert(at, card)
        self.endInsertRows()

    # -- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.DisplayRole:
            return card.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(card, self.money_locale, self.stale_days)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.name}, {card.account}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = [i.row() for i in indexes if i.isValid()]
        return encode(self._cards[rows[0]]) if rows else QMimeData()

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: Index) -> bool:
        dragged = decode(data)
        return dragged is not None and dragged[1] != self.stage

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: Index) -> bool:
        """Ask for the move; False, so the source view removes nothing itself."""
        dragged = decode(data)
        if dragged is None or dragged[1] == self.stage:
            return False
        self.move_asked.emit(dragged[0], dragged[1], self.stage)
        return False


@lru_cache(maxsize=8192)
def whole_money(amount: Decimal, currency: str, locale: str) -> str:
    """``$45,300``: the locale's currency format without the cents (headers, cards;
    kept: a card is painted again on every scroll)."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, format=_whole_pattern(locale),
                               currency_digits=False, locale=locale))


@lru_cache(maxsize=1024)
def short_money(amount: Decimal, currency: str, locale: str) -> str:
    """``$3.1M``, ``45,3 Tsd. €``: totals where room is short (the exact sum in a tooltip)."""
    from babel.numbers import format_compact_currency

    return str(format_compact_currency(amount, currency, fraction_digits=1, locale=locale))


@lru_cache(maxsize=4096)
def short_day(d: date, locale: str) -> str:
    """``Nov 12``: a card's close date when the full one does not fit."""
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", d, locale=locale))


@lru_cache(maxsize=16)
def _whole_pattern(locale: str) -> str:
    from babel import Locale

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return str(pattern).split(";")[0].replace(".00", "")


def card_tooltip(card: Card, locale: str, stale_days: int) -> str:
    lines = [card.name, card.account,
             _("{amount}, weighted {weighted} ({p})").format(
                 amount=format_money(card.amount, card.currency, locale),
                 weighted=format_money(card.weighted, card.currency, locale),
                 p=f"{card.probability * 100:.0f} %"),
             _("Closes {day}").format(day=day(card.close_date))]
    if card.next_step:
        when = f" ({day(card.next_step_on)})" if card.next_step_on else ""
        lines.append(_("Next step: {step}").format(step=card.next_step) + when)
    if card.stale:
        lines.append("")
        lines.append(_("Stale:"))
        lines.append(fm.stale_text(card.stale, stale_days))
    return "\n".join(lines)
