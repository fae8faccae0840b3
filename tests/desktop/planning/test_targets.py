"""Target search: every filter on known values; the radius against brute force."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import pytest

from desktop.domain.schema.orders import Order
from desktop.domain.schema.sales import Proposal
from desktop.planning.geo import Point, haversine_miles, zip_point
from desktop.planning.targets import TargetFilter, bounding_box
from desktop.services.container import Services
from tests.conftest import FIXED_NOW
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset

CENTRE = Point(*SPRINGFIELD)


def names(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.name for r in rows]


def test_radius_matches_brute_force_haversine(services: Services, rep: uuid.UUID) -> None:
    rng = random.Random(4)
    points = {}
    for n in range(300):
        lat = CENTRE.latitude + rng.uniform(-1.6, 1.6)
        lon = CENTRE.longitude + rng.uniform(-2.0, 2.0)
        points[account(services, f"A{n:03d}", lat, lon)] = (lat, lon)
    for miles in (10, 50, 80):
        rows = services.targets.search(TargetFilter(near=CENTRE, within_miles=miles,
                                                    limit=1000))
        expected = {i for i, p in points.items() if haversine_miles(*CENTRE, *p) <= miles}
        assert {r.id for r in rows} == expected
        assert 0 < len(expected) < 300
        distances = [r.distance_miles for r in rows]
        assert distances == sorted(distances)  # nearest first
        for r in rows:
            assert r.distance_miles == pytest.approx(haversine_miles(*CENTRE, *points[r.id]))


def test_bounding_box_holds_the_circle_far_north() -> None:
    centre = Point(64.8, -147.7)  # Fairbanks: longitude degrees are short up here
    south, north, west, east = bounding_box(centre, 100)
    rng = random.Random(1)
    for _ in range(2000):
        lat, lon = centre.latitude + rng.uniform(-3, 3), centre.longitude + rng.uniform(-8, 8)
        if haversine_miles(*centre, lat, lon) <= 100:
            assert south <= lat <= north and west <= lon <= east


def test_radius_around_another_account_and_zip_placed_accounts(services: Services,
                                                               rep: uuid.UUID) -> None:
    hub = account(services, "Hub", *offset(SPRINGFIELD, 100))
    account(services, "Near hub", *offset(SPRINGFIELD, 110))
    account(services, "Far from hub", *offset(SPRINGFIELD, 0))
    account(services, "Springfield by ZIP", billing_postal_code="62701")  # no coordinates
    rows = services.targets.search(TargetFilter(near_account_id=hub, within_miles=20))
    assert names(rows) == ["Hub", "Near hub"]
    assert rows[1].distance_miles == pytest.approx(10, abs=0.1)
    rows = services.targets.search(TargetFilter(near=CENTRE, within_miles=5))
    assert names(rows) == ["Far from hub", "Springfield by ZIP"]
    zip_centre = zip_point("62701")
    assert zip_centre is not None
    assert (rows[1].latitude, rows[1].longitude) == zip_centre


def test_attribute_filters(services: Services, rep: uuid.UUID) -> None:
    from desktop.domain.schema import Territory  # territories come from the server: make one here

    territory = uuid.uuid4()
    with services.store.unit_of_work() as uow:
        uow.session.add(Territory(id=territory, code="IL", name="Illinois",
                                  created_at=FIXED_NOW, updated_at=FIXED_NOW))
        uow.commit()
    account(services, "Alpha", tier="A", billing_city="Springfield", billing_region="IL",
            billing_postal_code="62701", territory_id=territory)
    account(services, "Bravo", tier="B", kind="prospect", status="prospect",
            billing_city="Peoria", billing_region="IL", billing_postal_code="61602")
    account(services, "Charlie", tier="C", kind="broker", status="dormant",
            billing_city="Springfield", billing_region="MO", billing_postal_code="65806")
    old = account(services, "Delta", tier="A", billing_region="IL")
    services.accounts.set_archived(old, True)
    search = services.targets.search
    assert names(search(TargetFilter())) == ["Alpha", "Bravo", "Charlie"]
    assert names(search(TargetFilter(include_archived=True))) == [
        "Alpha", "Bravo", "Charlie", "Delta"]
    assert names(search(TargetFilter(tiers=frozenset({"A", "C"})))) == ["Alpha", "Charlie"]
    assert names(search(TargetFilter(kinds=frozenset({"prospect"})))) == ["Bravo"]
    assert names(search(TargetFilter(statuses=frozenset({"dormant"})))) == ["Charlie"]
    assert names(search(TargetFilter(region="il"))) == ["Alpha", "Bravo"]
    assert names(search(TargetFilter(city="springfield"))) == ["Alpha", "Charlie"]
    assert names(search(TargetFilter(city="Springfield", region="MO"))) == ["Charlie"]
    assert names(search(TargetFilter(postal_code="6"))) == ["Alpha", "Bravo", "Charlie"]
    assert names(search(TargetFilter(postal_code="627"))) == ["Alpha"]
    assert names(search(TargetFilter(territory_id=territory))) == ["Alpha"]
    assert names(search(TargetFilter(owner_id=rep))) == ["Alpha", "Bravo", "Charlie"]
    assert names(search(TargetFilter(owner_id=uuid.uuid4()))) == []
    alpha = search(TargetFilter(tiers=frozenset({"A"})))[0]
    assert names(search(TargetFilter(exclude=frozenset({alpha.id})))) == ["Bravo", "Charlie"]
    row = search(TargetFilter(postal_code="616"))[0]
    assert (row.city, row.state, row.postal_code, row.tier, row.kind, row.status) == (
        "Peoria", "IL", "61602", "B", "prospect", "prospect")
    assert row.distance_miles is None


def test_contact_follow_ups_quotes_and_orders(services: Services, rep: uuid.UUID) -> None:
    quiet = account(services, "Quiet")
    called = account(services, "Called")
    chased = account(services, "Chased")
    quoted = account(services, "Quoted")
    ordered = account(services, "Ordered")
    services.history.log_interaction(called, {
        "channel": "phone", "subject": "Check in", "occurred_at": FIXED_NOW - timedelta(days=5)})
    services.history.log_interaction(quiet, {
        "channel": "phone", "subject": "Long ago", "occurred_at": FIXED_NOW - timedelta(days=95)})
    services.history.add_follow_up(chased, {"title": "Send samples",
                                            "due_date": FIXED_NOW.date() - timedelta(days=1)})
    services.history.add_follow_up(quoted, {"title": "Later",
                                            "due_date": FIXED_NOW.date() + timedelta(days=9)})
    done = services.history.add_follow_up(ordered, {"title": "Done already",
                                                    "due_date": FIXED_NOW.date()}).id
    services.history.set_follow_up_done(done, True)
    with services.store.unit_of_work() as uow:
        base = {"created_at": FIXED_NOW, "updated_at": FIXED_NOW}
        for acc, status in ((quoted, "sent"), (chased, "accepted")):
            uow.session.add(Proposal(id=uuid.uuid4(), account_id=acc, number=f"Q-{status}",
                                     status=status, issued_on=date(2026, 11, 1),
                                     valid_until=date(2026, 12, 1), **base))
        for acc, status in ((ordered, "shipped"), (quoted, "delivered")):
            uow.session.add(Order(id=uuid.uuid4(), account_id=acc, status=status,
                                  provisional_number=f"P-{status}", entered_at=FIXED_NOW,
                                  **base))
        uow.commit()
    search = services.targets.search
    assert names(search(TargetFilter(no_contact_days=90))) == [
        "Chased", "Ordered", "Quiet", "Quoted"]
    assert names(search(TargetFilter(no_contact_days=3))) == [
        "Called", "Chased", "Ordered", "Quiet", "Quoted"]
    assert names(search(TargetFilter(follow_ups_due=True))) == ["Chased"]
    assert names(search(TargetFilter(open_quotes=True))) == ["Quoted"]
    assert names(search(TargetFilter(open_orders=True))) == ["Ordered"]


def test_due_for_visit_by_tier_frequency(services: Services, rep: uuid.UUID) -> None:
    def visited(name: str, tier: str | None, days_ago: int | None) -> None:
        acc = account(services, name, tier=tier)
        if days_ago is not None:
            services.history.log_interaction(acc, {
                "channel": "visit", "subject": "Visit",
                "occurred_at": FIXED_NOW - timedelta(days=days_ago)})
            # A later call is not a visit.
            services.history.log_interaction(acc, {"channel": "phone", "subject": "Call"})

    visited("A recent", "A", 20)
    visited("A overdue", "A", 40)
    visited("A exactly", "A", 30)
    visited("B recent", "B", 40)
    visited("B overdue", "B", 95)
    visited("C recent", "C", 100)
    visited("No tier overdue", None, 200)
    visited("Never", "B", None)
    rows = {r.name: r for r in services.targets.search(TargetFilter())}
    assert {n for n, r in rows.items() if r.due} == {
        "A overdue", "A exactly", "B overdue", "No tier overdue", "Never"}
    today = FIXED_NOW.date()
    assert rows["A recent"].due_on == today + timedelta(days=10)
    assert rows["A exactly"].due_on == today
    assert rows["B overdue"].due_on == today - timedelta(days=5)
    assert rows["Never"].due_on is None and rows["Never"].last_visit_at is None
    assert rows["C recent"].last_visit_at == FIXED_NOW - timedelta(days=100)
    due = services.targets.search(TargetFilter(due_for_visit=True))
    assert names(due) == ["A exactly", "A overdue", "B overdue", "Never", "No tier overdue"]
    services.settings.visit_days_tier_a = 45  # editable
    due = services.targets.search(TargetFilter(due_for_visit=True, tiers=frozenset({"A"})))
    assert names(due) == []


def test_last_visit_follows_edits_and_deletes(services: Services, rep: uuid.UUID) -> None:
    acc = account(services, "Visited", tier="A")
    old = FIXED_NOW - timedelta(days=60)
    services.history.log_interaction(acc, {"channel": "visit", "subject": "Old",
                                           "occurred_at": old})
    new = services.history.log_interaction(acc, {"channel": "visit", "subject": "New",
                                                 "occurred_at": FIXED_NOW}).id

    def last() -> object:
        return services.targets.search(TargetFilter())[0].last_visit_at

    assert last() == FIXED_NOW
    services.history.update_interaction(new, {"channel": "phone"})  # it was a call after all
    assert last() == old
    services.history.update_interaction(new, {"channel": "visit"})
    services.history.delete_interaction(new)
    assert last() == old
    assert services.targets.search(TargetFilter(due_for_visit=True))[0].name == "Visited"
