"""The Pipeline view's deal list: every deal matching the filter as a lazy table,
sorted by a column, read a page at a time (``PipelineBoard.page``, keyset)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.domain import forecast_math as fm
from desktop.domain.money import format_money
from desktop.i18n import N_
from desktop.services.pipeline_board import (
    Card,
    CardCursor,
    CardPage,
    PipeFilter,
    PipelineBoard,
    SortKey,
)
from ui.formatting import day
from ui.models.keyset_pages import KeysetPagedModel
from ui.models.pipeline_models import CARD_ROLE, STALE_COLOUR

LIST_COLUMNS: list[tuple[str, SortKey]] = [
    (N_("Deal"), SortKey.NAME),
    (N_("Account"), SortKey.ACCOUNT),
    (N_("Stage"), SortKey.STAGE),
    (N_("Amount"), SortKey.AMOUNT),
    (N_("Weighted"), SortKey.WEIGHTED),
    (N_("Close date"), SortKey.CLOSE_DATE),
    (N_("Owner"), SortKey.OWNER),
    (N_("Next step"), SortKey.NEXT_STEP),
]
_NUMERIC = {3, 4}


class _Rows:
    """A card page as KeysetPagedModel reads one: ``rows`` and ``next``."""

    def __init__(self, page: CardPage) -> None:
        self.rows, self.next = page.cards, page.next


class _Listing:
    """The list's ``PagedListing``: its filter is (PipeFilter, sort, descending)."""

    def __init__(self, board: PipelineBoard) -> None:
        self.board = board

    def page(self, flt: tuple[PipeFilter, SortKey, bool], after: CardCursor | None,
             size: int) -> _Rows:
        return _Rows(self.board.page(flt[0], flt[1], flt[2], after, size))


class PipelineListModel(KeysetPagedModel[Card]):
    """Every deal matching the filter, sorted by a column, a page at a time."""

    COLUMNS = tuple(name for name, _key in LIST_COLUMNS)
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, CARD_ROLE, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole})

    def __init__(self, board: PipelineBoard, stage_names: dict[str, str],
                 page_size: int = 100, locale: str = "en_US", stale_days: int = 30) -> None:
        super().__init__(_Listing(board), (PipeFilter(), SortKey.CLOSE_DATE, False),
                         page_size)
        self.stage_names, self.money_locale, self.stale_days = stage_names, locale, stale_days

    @property
    def pipe_filter(self) -> PipeFilter:
        return self.filter[0]

    def set_pipe_filter(self, flt: PipeFilter) -> None:
        self.set_filter((flt, self.filter[1], self.filter[2]))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(LIST_COLUMNS):
            return
        wanted = (self.filter[0], LIST_COLUMNS[column][1],
                  order == Qt.SortOrder.DescendingOrder)
        if wanted != self.filter:
            self.set_filter(wanted)

    @property
    def stage_names(self) -> dict[str, str]:
        return self._stage_names

    @stage_names.setter
    def stage_names(self, names: dict[str, str]) -> None:
        self._stage_names = names
        self._shown = {}  # the stage column's texts are made again

    def _display(self, card: Card) -> tuple[str, ...]:
        return tuple(self._text(card, col) for col in range(len(LIST_COLUMNS)))

    def _role(self, card: Card, col: int, role: int) -> Any:
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and card.stale and col in (0, 5, 7):
            return fm.stale_text(card.stale, self.stale_days)
        if role == Qt.ItemDataRole.ForegroundRole and card.stale and col in (0, 5, 7):
            from PySide6.QtGui import QColor

            return QColor(STALE_COLOUR)
        return None

    def _text(self, card: Card, col: int) -> str:
        if col == 0:
            return ("⚠ " if card.stale else "") + card.name
        if col == 1:
            return card.account
        if col == 2:
            return self.stage_names.get(card.stage, card.stage)
        if col == 3:
            return format_money(card.amount, card.currency, self.money_locale)
        if col == 4:
            return format_money(card.weighted, card.currency, self.money_locale)
        if col == 5:
            return day(card.close_date)
        if col == 6:
            return card.owner
        if col == 7:
            when = day(card.next_step_on) if card.next_step_on else ""
            return " · ".join(x for x in (when, card.next_step or "") if x)
        return ""
