"""One demo book for the report tests (built once per session, read only), the
services on it with the clock at the book's anchor, and plain helpers for the
tests' own, independent computations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store.store import Store

ANCHOR = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "book.sqlite3"
    store = Store(path)
    generate(store, accounts=600, seed=7, anchor=ANCHOR.replace(hour=0))
    store.close()
    return path


@pytest.fixture(scope="session")
def services(report_db: Path) -> Iterator[Services]:
    svc = Services.open(report_db, SettingsFile(cache=report_db), clock=lambda: ANCHOR)
    yield svc
    svc.close()


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def net(quantity: str, price: str, discount: str) -> Decimal:
    """An order line's net, exactly, as the tests count it."""
    return Decimal(quantity) * Decimal(price) * (100 - Decimal(discount)) / 100


def pct(part: float, whole: float) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None
