"""Catalogue search on 20,000 products, keystroke by keystroke (p50 / p95)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

QUERIES = ("stretch film pack", "corrugated box double", "SF-0", "tape 48 mm", "pallet euro",
           "gloves nitrile 9", "label thermal", "void fill paper", "strapping pet 16",
           "premium", "eco box")


def build(path: Path, products: int = 20_000) -> Path:
    from desktop.demo.catalogue import FAMILIES, GRADES
    from desktop.store.derived import rebuild_statements
    from desktop.store.store import Store

    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists():
        return path
    path.unlink(missing_ok=True)
    Store(path).close()
    import sqlite3

    rng = random.Random(3)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO derived_suspended(reason) VALUES ('bench')")
    now = "2026-11-23 09:00:00.000000"
    rows, prices, stock = [], [], []
    for n in range(products):
        code, family, unit, variants = FAMILIES[n % len(FAMILIES)]
        variant, grade = rng.choice(variants), rng.choice(GRADES)
        pid = f"{rng.getrandbits(128):032x}"
        rows.append((pid, f"{code}-{n:05d}", f"{family}, {variant} ({grade}) model {n}",
                     f"{grade} {family.lower()}", unit, "0.0825", 3, 1, now, now))
        prices.append((f"{rng.getrandbits(128):032x}", pid, "USD", "1",
                       f"{rng.uniform(2, 500):.2f}", now, now))
        stock.append((f"{rng.getrandbits(128):032x}", pid, "SPRINGFIELD",
                      str(rng.randrange(0, 5000)), "0", "0", now, now))
    conn.executemany("INSERT INTO products (id, sku, name, description, unit, tax_rate, "
                     "lead_time_days, active, created_at, updated_at) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO price_entries (id, product_id, currency, min_quantity, "
                     "unit_price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", prices)
    conn.executemany("INSERT INTO stock_levels (id, product_id, warehouse, on_hand, reserved, "
                     "allocated, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", stock)
    for statement in rebuild_statements():
        conn.execute(statement)
    conn.execute("DELETE FROM derived_suspended")
    conn.execute("COMMIT")
    conn.close()
    ready.write_text("ok")
    return path


def run(out: Path, emit: Any) -> None:
    from desktop.services.catalogue import Catalogue
    from desktop.store.store import Store

    store = Store(build(out / "catalogue-20000.sqlite3"))
    catalogue = Catalogue(store)
    catalogue.search("warm up")
    times = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):  # every keystroke
            started = time.perf_counter()
            catalogue.search(query[:end])
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    emit("catalogue_search_median", statistics.median(times), "ms", target=10.0,
         products=20_000, keystrokes=len(times))
    emit("catalogue_search_p95", times[int(len(times) * 0.95) - 1], "ms", target=30.0)
    store.close()
