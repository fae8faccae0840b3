"""``fieldbook screenshot``: the real window, rendered offscreen to a PNG."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.settings import SettingsFile

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

TABS = {"history": 0, "contacts": 1, "follow-ups": 2, "details": 3}


def take(db: Path, out: Path, *, view: str = "accounts", account: str | None = None,
         tab: str = "history", search: str = "", size: tuple[int, int] = (1400, 900)) -> None:
    if "QT_QPA_PLATFORM" not in os.environ:
        # An offscreen screen of the shot's size, so windows size themselves to
        # it as they do on a laptop of that size.
        import json

        config = Path(tempfile.mkdtemp(prefix="fieldbook-screen-")) / "screen.json"
        config.write_text(json.dumps({"screens": [{
            "name": "shot", "x": 0, "y": 0, "width": size[0], "height": size[1],
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.app import Fieldbook, make_qapp
    from ui.prompts import Prompts

    app = make_qapp()
    scratch = Path(tempfile.mkdtemp(prefix="fieldbook-shot-"))
    # A throwaway settings file: a screenshot must not change the rep's settings.
    qsettings = QSettings(str(scratch / "qt.ini"), QSettings.Format.IniFormat)
    fieldbook = Fieldbook.build(db, SettingsFile(scratch / "settings.json"), Prompts(),
                                qsettings=qsettings)
    window = fieldbook.window
    window.resize(*size)
    window.show()
    target: QWidget = window  # what is grabbed
    from ui.main_window import ACCOUNTS_ROW, FOLLOW_UPS_ROW, ORDERS_ROW, PROPOSALS_ROW

    if view == "follow-ups":
        window.sidebar.setCurrentRow(FOLLOW_UPS_ROW)
    elif view in ("orders", "order-step"):
        window.sidebar.setCurrentRow(ORDERS_ROW)  # an order with a partial shipment, selected
        window.orders.select_first(lambda r: r.unshipped)
        if view == "order-step":
            window.orders.record_step()
            assert window.orders.dialog is not None
            target = window.orders.dialog
    elif view == "proposals":
        window.sidebar.setCurrentRow(PROPOSALS_ROW)
    elif view == "proposal-editor":  # a draft with lines, in its own window
        window.sidebar.setCurrentRow(PROPOSALS_ROW)
        rows = fieldbook.services.proposals.rows()
        draft = next((r for r in rows if r.status == "draft"), rows[0] if rows else None)
        if draft is not None:
            window.proposals.edit(draft.id)
            assert window.proposals.editor is not None
            target = window.proposals.editor
    elif view == "shipping":
        from ui.main_window import SHIPPING_ROW

        window.sidebar.setCurrentRow(SHIPPING_ROW)
    elif view == "today":  # the demo rep's day, a trip starting today
        from ui.screenshot_today import show_today

        target = show_today(fieldbook)
    elif view == "action-plans":
        from desktop.demo.trips import demo_rep
        from ui.main_window import TRIPS_ROW

        rep = demo_rep(fieldbook.services)  # the demo book's plans are the demo rep's
        if rep is not None:
            fieldbook.services.set_current_user(rep)
        window.sidebar.setCurrentRow(TRIPS_ROW)
        window.trips.pages.setCurrentWidget(window.trips.action_plans)
    elif view == "events":  # the demo rep's next trade show, chosen
        from desktop.demo.trips import demo_rep
        from ui.main_window import EVENTS_ROW

        rep = demo_rep(fieldbook.services)
        if rep is not None:
            fieldbook.services.set_current_user(rep)
        window.sidebar.setCurrentRow(EVENTS_ROW)
        today = fieldbook.services.clock().date()
        shows = [r for r in fieldbook.services.events.rows()
                 if r.ends_on < today and r.kind == "trade_show"]
        fieldbook.wait()
        QApplication.processEvents()
        if shows:  # the latest trade show: what it brought in, its return
            window.events.select(shows[0].id)
    elif view == "pipeline":  # the demo rep's board, quota and forecast
        from desktop.demo.trips import demo_rep
        from ui.main_window import PIPELINE_ROW

        rep = demo_rep(fieldbook.services)
        if rep is not None:
            fieldbook.services.set_current_user(rep)
        window.sidebar.setCurrentRow(PIPELINE_ROW)
    elif view in ("leads", "lead-capture", "merge"):
        from ui.screenshot_leads import show_leads

        target = show_leads(fieldbook, view)
    elif view.startswith("report-") or view in ("dormant", "cross-sell"):
        from ui.screenshot_reports import show_reports

        target = show_reports(fieldbook, view)
    elif view == "help-menu":
        from ui.screenshot_shell import show_help_menu

        target = show_help_menu(fieldbook)
    elif view in ("trips", "target-picker", "check-in"):
        from ui.screenshot_trips import show_trips

        target = show_trips(window, view)
    else:
        window.sidebar.setCurrentRow(ACCOUNTS_ROW)
        if search:
            window.accounts.search.setText(search)
        if account:
            window.accounts.open_account(uuid.UUID(account))
        else:
            window.accounts.select_first()
        window.accounts.page.tabs.setCurrentIndex(TABS[tab])
    for _ in range(5):
        QApplication.processEvents()
    fieldbook.wait()  # the account count and the filter menus load on the worker
    for _ in range(2):
        QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not target.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()
    fieldbook.services.close()
    app.processEvents()
