"""A list's first page read off the GUI thread, once typing pauses.

``DebouncedLoad`` waits until the filter stops changing (a burst of keystrokes
runs one query), reads the first page on a worker, and hands it to the model
through ``PrefetchedListing``: the model's own reload then takes that page
instead of querying, so the model keeps its ordinary reset and paging. A page
that arrives for a filter the rep has already changed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.models.keyset_pages import KeysetPagedModel, PagedListing
from ui.tasks import TYPED

if TYPE_CHECKING:
    from ui.operations import Operations


class PrefetchedListing:
    """Wraps a listing: answers the next first-page read with a page read elsewhere."""

    def __init__(self, listing: PagedListing) -> None:
        self.listing = listing
        self._primed: tuple[Any, Any] | None = None
        self.queries = 0  # pages read through this listing (tests count them)

    def prime(self, flt: Any, page: Any) -> None:
        self._primed = (flt, page)

    def page(self, flt: Any, after: Any, size: int, **kw: Any) -> Any:
        primed, self._primed = self._primed, None
        if primed is not None and after is None and not kw and primed[0] == flt:
            return primed[1]
        self.queries += 1
        return self.listing.page(flt, after, size, **kw)  # ``until``: a windowed model

    def __getattr__(self, name: str) -> Any:
        return getattr(self.listing, name)


Query = Callable[[Callable[[], Any], Callable[[Any], None]], None]


class _Reads(Protocol):
    ops: Operations


def typed_reads(view: _Reads) -> Query:
    """Reads for what the rep typed in ``view``: on its read pool (``view.ops``,
    as it is then), ahead of the loads queued earlier (``TYPED``)."""
    return lambda fn, done: view.ops.query(fn, done, cast(QWidget, view), priority=TYPED)


class DebouncedLoad(QObject):
    loaded = Signal()  # the model shows the filter's first page

    def __init__(self, model: KeysetPagedModel[Any], listing: PrefetchedListing, query: Query,
                 delay_ms: int = 200, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model, self.listing, self.query = model, listing, query
        self.wanted: Any = model.filter
        self.reads = 0  # first pages read on the worker (tests count them)
        self.delay_ms = delay_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.now)

    def request(self, flt: Any, delay_ms: int | None = None) -> None:
        """Show ``flt`` once the rep pauses (``delay_ms``: a shorter or longer
        pause than the loader's own)."""
        self.wanted = flt
        self._timer.start(self.delay_ms if delay_ms is None else delay_ms)

    def pending(self) -> bool:
        return self._timer.isActive()

    def settle(self, flt: Any) -> None:
        """The model was given ``flt`` another way (at once): a pending read does
        not run, and a page on its way for an earlier filter is dropped."""
        self._timer.stop()
        self.wanted = flt

    def now(self) -> None:
        """Read the wanted filter's first page on the worker, now."""
        self._timer.stop()
        flt, listing, size = self.wanted, self.listing.listing, self.model.page_size
        self.reads += 1
        self.query(lambda: listing.page(flt, None, size), lambda page: self._arrived(flt, page))

    def _arrived(self, flt: Any, page: Any) -> None:
        if flt != self.wanted:
            return  # typed on meanwhile: that filter's page follows
        self.listing.prime(flt, page)
        self.model.set_filter(flt)
        self.loaded.emit()
