"""File > Export current list…: the list the window shows, as CSV or XLSX.

The file holds what the list shows under its current filter and sort, in its
columns and words: a lazily paged list (accounts, orders, proposals, leads,
the pipeline list) is read again through its listing service, page after page
with the model's own filter, on a worker; a short list held whole (shipping,
trips) is taken as its rows. Either way each row is turned into the texts the
model displays, and desktop.exports.files writes the file, off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, Qt

from desktop.exports.files import FORMATS, write
from desktop.exports.lists import Sheet, Value
from desktop.i18n import _, ngettext
from ui.models.keyset_pages import KeysetPagedModel
from ui.models.prefetch import PrefetchedListing
from ui.models.row_table import RowTableModel

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LANE = "export"
PAGE = 2000
_MODELS = ("list_model", "model", "trips")  # where a view keeps the list it shows


def list_model(view: object) -> QAbstractItemModel | None:
    """The table model a view shows as its list (None: the view has none)."""
    own = getattr(view, "export_model", None)
    if callable(own):
        made: QAbstractItemModel = own()
        return made
    for name in _MODELS:
        model = getattr(view, name, None)
        if isinstance(model, QAbstractItemModel):
            return model
    return None


def _texts(model: KeysetPagedModel[Any]) -> Callable[[Any], Sequence[str]]:
    """The model's own display of one row (pure Python: safe on a worker)."""
    return model._display


def _paged(model: KeysetPagedModel[Any]) -> Callable[[], Iterator[list[Value]]]:
    listing, flt, texts = model.listing, model.filter, _texts(model)
    if isinstance(listing, PrefetchedListing):
        listing = listing.listing

    def rows() -> Iterator[list[Value]]:
        after = None
        while True:
            page = listing.page(flt, after, PAGE)
            for row in page.rows:
                yield list(texts(row))
            if page.next is None:
                return
            after = page.next

    return rows


def _held(model: QAbstractItemModel) -> Callable[[], Iterator[list[Value]]]:
    if isinstance(model, RowTableModel):
        rows, columns = [model.row_at(n) for n in range(model.rowCount())], model.columns
        return lambda: ([c.text(r) for c in columns] for r in rows)
    shown = [[model.index(r, c).data() for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    return lambda: iter(shown)


def sheet_of(model: QAbstractItemModel, title: str) -> Callable[[], Sheet]:
    """Made on the GUI thread (the filter and rows as shown now); called on a
    worker, it yields the rows."""
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
               for c in range(model.columnCount())]
    rows = _paged(model) if isinstance(model, KeysetPagedModel) else _held(model)
    return lambda: Sheet(title, headers, rows())


def export_current(window: MainWindow) -> None:
    """Ask where, then write the shown list there on the export lane."""
    row = window.sidebar.currentRow()
    title = window.sidebar.item(row).text() if row >= 0 else _("List")
    model = list_model(window.stack.currentWidget())
    if model is None:
        window.prompts.error(window, _("Export"), _("{view} has no list to export: open "
                                                      "Accounts, Orders, Proposals, Shipping, "
                                                      "Trips, Leads or Pipeline.").format(
            view=title))
        return
    out = window.prompts.save_file(window, _("Export {list}").format(list=title),
                                   f"{title}.xlsx",
                                   _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
    if out is None:
        return
    fmt = out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        out, fmt = out.with_name(out.name + ".xlsx"), "xlsx"
    make = sheet_of(model, title)
    status = window.statusBar()
    status.showMessage(_("Exporting {list}…").format(list=title))

    def done(count: int) -> None:
        status.showMessage(ngettext("Exported {count} row to {path}",
                                    "Exported {count} rows to {path}", count).format(
            count=count, path=out), 8000)

    def failed(exc: BaseException) -> None:
        status.clearMessage()
        window.prompts.error(window, _("Not exported"), _("Could not write {path}: {reason}")
                             .format(path=out, reason=exc))

    window.tasks.run(lambda _report: write(make(), fmt, Path(out)), done, failed, lane=LANE)


def add_context_export(window: MainWindow) -> None:
    """"Export this list…" in the right-click menu of the shown view's list
    (added once per list, when its view is first shown)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractItemView

    view = window.stack.currentWidget()
    models = [getattr(view, name, None) for name in _MODELS]
    for table in view.findChildren(QAbstractItemView) if view is not None else []:
        if table.model() not in models or table.property("exportAction"):
            continue
        action = QAction(_("Export this list…"), table)
        action.triggered.connect(lambda _c=False: export_current(window))
        table.addAction(action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.setProperty("exportAction", True)
