"""A small Sales Pipe for the Pipeline view's tests: the conftest's accounts
and a few deals at known stages and amounts, written through the services as
the app writes them (one job of the store's writer)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QDrag
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QWidget

from tests.ui.clicks import row_point, seeded, written

LEFT = Qt.MouseButton.LeftButton
# name, account, stage, amount, close date
DEALS = [
    ("Pallet wrap 2027", "Keller Industrial Supply", "prospecting", 1000, date(2027, 1, 20)),
    ("Dock levellers", "Keller Industrial Supply", "prospecting", 2500, date(2027, 2, 10)),
    ("Gloves contract", "Northwind Foods", "qualification", 4000, date(2027, 1, 5)),
    ("Sterile wipes", "Bayside Dental Group", "proposal", 9000, date(2027, 3, 1)),
]
PROBABILITY = {"prospecting": Decimal("0.1"), "qualification": Decimal("0.2"),
               "needs_analysis": Decimal("0.4"), "proposal": Decimal("0.6"),
               "negotiation": Decimal("0.8")}


def pipeline_book(app: Any) -> dict[str, Any]:
    """The conftest's book plus :data:`DEALS`; returns names -> ids."""
    ids = seeded(app)
    opps = app.services.opportunities

    def write() -> None:
        for name, account, stage, amount, close in DEALS:
            ids[name] = opps.create({"account_id": ids[account], "name": name,
                                     "amount": amount, "close_date": close,
                                     "stage": stage}).id

    written(app, write)
    from desktop.store.changes import Changes

    app.bus.publish(Changes.reset())
    return ids


def stage_of(app: Any, opp_id: uuid.UUID) -> tuple[str, str, str | None]:
    row = app.services.store.reads().execute(
        "SELECT stage, outcome, outcome_reason FROM opportunities WHERE id = ?",
        (opp_id.hex,)).fetchone()
    return row[0], row[1], row[2]


def moves_of(app: Any, opp_id: uuid.UUID) -> list[tuple[str | None, str]]:
    """The deal's stage changes after its creation, oldest first."""
    return [(r[0], r[1]) for r in app.services.store.reads().execute(
        "SELECT from_stage, to_stage FROM opportunity_stage_changes WHERE opportunity_id = ? "
        "AND from_stage IS NOT NULL AND deleted_at IS NULL ORDER BY changed_at, rowid",
        (opp_id.hex,)).fetchall()]


def drag(source: QAbstractItemView, row: int, target: QWidget, wait: Any,
         at: QPoint | None = None) -> None:
    """Drag row ``row`` of ``source`` with the mouse and drop it on ``target``,
    as the window system delivers a person's mouse: press on the card, move past
    the drag distance (Qt starts its drag loop, which blocks), then, from a timer
    inside that loop, move over the target and release there. ``wait(cond)``
    processes events until ``cond()`` holds. Needs a platform whose drag loop
    follows the mouse (``minimal``; ``offscreen``'s drag returns at once)."""
    window = source.window().windowHandle()
    start = source.viewport().mapTo(source.window(), row_point(source, row))
    point = target.mapTo(target.window(), at if at is not None else target.rect().center())
    steps: list[str] = []

    def inside_the_drag_loop() -> None:
        if source.findChild(QDrag) is None:  # the drag has not begun: not yet
            QTimer.singleShot(20, inside_the_drag_loop)
            return
        steps.append("loop")
        QTest.mouseMove(window, point - QPoint(3, 3))
        QTest.mouseMove(window, point)
        QTest.mouseRelease(window, LEFT, Qt.KeyboardModifier.NoModifier, point)

    QTimer.singleShot(20, inside_the_drag_loop)
    QTest.mousePress(window, LEFT, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window, start + QPoint(4, 2))
    QTest.mouseMove(window, start + QPoint(40, 30))  # past the drag distance: exec()
    wait(lambda: steps == ["loop"])


def fixed_clock(app: Any, now: Any) -> None:
    """The app's today is ``now`` (close periods, stale deals), before any write."""
    app.services.clock = app.services.session.clock = lambda: now


def team_book(app: Any) -> dict[str, Any]:
    """A manager (signed in) with two reps, each owning some of :data:`DEALS`,
    and revenue quotas for this quarter; returns names -> ids."""
    from desktop.domain.forecast_math import period_of
    from desktop.domain.schema import User

    now = app.services.clock()
    people = {"Mia Manager": uuid.uuid4(), "Ann Rep": uuid.uuid4(), "Bob Rep": uuid.uuid4()}

    def add_people() -> None:
        with app.services.store.unit_of_work() as uow:
            boss = people["Mia Manager"]
            for name, uid in people.items():
                uow.session.add(User(
                    id=uid, name=name, email=f"{uid.hex[:8]}@example.com",
                    role="manager" if uid == boss else "rep",
                    manager_id=None if uid == boss else boss, created_at=now, updated_at=now))
            uow.commit()

    written(app, add_people)
    app.services.set_current_user(people["Mia Manager"])
    ids = {**pipeline_book(app), **people}
    opps, quotas = app.services.opportunities, app.services.quotas
    owners = {"Pallet wrap 2027": "Ann Rep", "Dock levellers": "Ann Rep",
              "Gloves contract": "Bob Rep", "Sterile wipes": "Bob Rep"}
    quarter = period_of("quarter", now.date())

    def assign() -> None:
        for deal, rep in owners.items():
            opps.update(ids[deal], {"owner_id": ids[rep]})
        quotas.set_quota(ids["Ann Rep"], quarter, "revenue", "20000", currency="USD")
        quotas.set_quota(ids["Bob Rep"], quarter, "revenue", "30000", currency="USD")

    written(app, assign)
    from desktop.store.changes import Changes

    app.bus.publish(Changes.reset())
    return ids
