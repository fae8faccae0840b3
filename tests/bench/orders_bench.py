"""The order list on 50,000 orders: from building the Orders view to its first
painted page, and fetching the next page (best and median of a few rounds).

The cache is built once under ``bench-out/`` with ``executemany`` (a few
thousand accounts, 50,000 orders with their lines and timelines)."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

ORDERS = 50_000
STATUSES = ("entered", "confirmed", "reserved", "allocated", "picked", "shipped",
            "delivered", "invoiced", "cancelled")


def build(path: Path, orders: int = ORDERS) -> Path:
    from desktop.store.migrations import HEAD
    from desktop.store.store import Store

    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists() and ready.read_text() == HEAD:
        return path
    path.unlink(missing_ok=True)
    Store(path).close()
    rng = random.Random(5)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO derived_suspended(reason) VALUES ('bench')")
    now = "2026-11-23 09:00:00.000000"
    accounts = [(uuid.UUID(int=rng.getrandbits(128)).hex, f"Account {n:05d}", now, now)
                for n in range(5_000)]
    conn.executemany("INSERT INTO accounts (id, name, status, kind, billing_country, currency, "
                     "locale, tags, archived, created_at, updated_at) VALUES "
                     "(?, ?, 'active', 'customer', 'US', 'USD', 'en_US', '[]', 0, ?, ?)",
                     accounts)
    rows, lines, events = [], [], []
    for n in range(orders):
        oid, account = uuid.UUID(int=rng.getrandbits(128)).hex, rng.choice(accounts)[0]
        status = STATUSES[n % len(STATUSES)]
        day = 1 + n * 700 // orders
        stamp = f"2025-{1 + day // 58 % 12:02d}-{1 + day % 28:02d} {n % 24:02d}:{n % 60:02d}:00.0"
        rows.append((oid, account, f"P-AR00-{n:05d}", f"SO-{n:06d}" if n % 5 else None, status,
                     stamp, 1 if n % 11 == 0 else 0, stamp, stamp))
        lid = uuid.UUID(int=rng.getrandbits(128)).hex
        lines.append((lid, oid, account, "SKU-1", "Stretch film", "12", stamp, stamp))
        if status == "shipped":
            events.append((uuid.UUID(int=rng.getrandbits(128)).hex, oid, account, stamp,
                           json.dumps({lid: "6"}), stamp, stamp))
    conn.executemany("INSERT INTO orders (id, account_id, provisional_number, number, status, "
                     "currency, entered_at, expedite, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO order_lines (id, order_id, account_id, position, sku, "
                     "description, quantity, unit, unit_price, discount_percent, tax_rate, "
                     "created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, 'roll', '9.5', '0', "
                     "'0', ?, ?)", lines)
    conn.executemany("INSERT INTO order_events (id, order_id, account_id, status, at, carrier, "
                     "tracking_number, shipped, created_at, updated_at) VALUES "
                     "(?, ?, ?, 'shipped', ?, 'UPS', '1Z1', ?, ?, ?)", events)
    conn.execute("DELETE FROM derived_suspended")
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    ready.write_text(HEAD)
    return path


def run(out: Path, emit: Any, rounds: int = 5) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from desktop.services.container import Services
    from desktop.settings import SettingsFile
    from ui.app import make_qapp
    from ui.change_bus import ChangeBus
    from ui.prompts import Prompts
    from ui.views.orders_view import OrdersView

    db = build(out / f"orders-{ORDERS}.sqlite3")
    make_qapp()
    services = Services.open(db, SettingsFile(out / "orders-bench-settings.json"))
    class PaintFlag(QObject):
        seen = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
            self.seen = self.seen or event.type() == QEvent.Type.Paint
            return False

    first_paint, fetch = [], []
    for _ in range(rounds + 1):  # the first round loads modules: not counted
        flag = PaintFlag()
        started = time.perf_counter()
        view = OrdersView(services, ChangeBus(), Prompts())
        view.resize(1200, 800)
        view.view.viewport().installEventFilter(flag)
        view.show()
        while not flag.seen:
            QApplication.processEvents()
        first_paint.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        view.model.fetchMore()
        fetch.append((time.perf_counter() - started) * 1000)
        assert view.model.rowCount() == 2 * view.model.page_size
        view.close()
        view.deleteLater()
        QApplication.processEvents()
    first_paint, fetch = first_paint[1:], fetch[1:]
    emit("orders_list_first_paint_median", statistics.median(first_paint), "ms", target=100.0,
         orders=ORDERS, best=round(min(first_paint), 3))
    emit("orders_list_fetch_more_median", statistics.median(fetch), "ms",
         best=round(min(fetch), 3), page=100)
    services.close()
