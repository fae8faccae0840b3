"""Account, contact and history services, and the account page reader."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop.domain.schema import ConcernStatus, FollowUp, Territory, User
from desktop.services.account_list import AccountFilter
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW

LATER = FIXED_NOW + timedelta(hours=3)


def _add(services: Services, entity: type[Territory | User], **values: object) -> uuid.UUID:
    row = entity(id=uuid.uuid4(), created_at=FIXED_NOW, updated_at=FIXED_NOW, **values)
    with services.store.unit_of_work() as uow:
        uow.session.add(row)
        uow.commit()
    return row.id


def _scalar(services: Services, sql: str, **params: object) -> object:
    with services.store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _acme(services: Services, **values: object) -> uuid.UUID:
    return services.accounts.create_account({"name": "Acme Feed", **values}).id


def _call(services: Services, acc: uuid.UUID, when: datetime, channel: str = "phone"
          ) -> uuid.UUID:
    return services.history.log_interaction(
        acc, {"channel": channel, "subject": f"{channel} {when:%m-%d}", "occurred_at": when}).id


def test_create_account(services: Services) -> None:
    territory = _add(services, Territory, code="IL-C", name="Central Illinois")
    saved = services.accounts.create_account({
        "name": "  Acme Feed  ", "phone": "(217) 555-0199", "territory_id": territory,
        "tags": "seed, feed", "billing_city": "Urbana"})
    assert saved.changes.by_table.keys() == {"accounts"}
    assert saved.changes.ids("accounts") == {saved.id}
    detail = services.reader.detail(saved.id)
    assert detail.id == saved.id
    v = detail.values
    assert (v["name"], v["kind"], v["status"], v["billing_country"]) == (
        "Acme Feed", "customer", "active", "US")
    assert v["phone"] == "+12175550199" and v["tags"] == ["feed", "seed"]
    assert v["territory_id"] == territory and v["owner_id"] is None
    assert v["archived"] is False and v["created_at"] == v["updated_at"] == FIXED_NOW
    assert detail.territory_name == "Central Illinois" and detail.owner_name is None
    assert (detail.contacts, detail.open_follow_ups, detail.concerns) == ([], [], [])
    assert detail.interaction_count == 0


def test_update_account_bumps_updated_at(services: Services) -> None:
    acc = _acme(services)
    services.accounts.session.clock = lambda: LATER
    changes = services.accounts.update_account(acc, {"name": "Acme Feed & Seed", "tier": "A"})
    assert changes.ids("accounts") == {acc}
    v = services.reader.detail(acc).values
    assert (v["name"], v["tier"]) == ("Acme Feed & Seed", "A")
    assert v["updated_at"] == LATER and v["created_at"] == FIXED_NOW


def test_update_without_real_change_is_empty(services: Services) -> None:
    acc = _acme(services, phone="217-555-0199", tags=["a"])
    services.accounts.session.clock = lambda: LATER
    changes = services.accounts.update_account(
        acc, {"name": " Acme Feed ", "phone": "(217) 555-0199", "tags": "a", "industry": "",
              "billing_country": "us"})
    assert not changes and changes.by_table == {}
    assert services.reader.detail(acc).values["updated_at"] == FIXED_NOW


def test_archive_hides_from_list(services: Services) -> None:
    acc, other = _acme(services), _acme(services, name="Beta Barns")
    lst = services.account_list
    assert services.accounts.set_archived(acc, True).ids("accounts") == {acc}
    assert [r.id for r in lst.page(AccountFilter()).rows] == [other]
    shown = lst.page(AccountFilter(include_archived=True)).rows
    assert [(r.id, r.archived) for r in shown] == [(acc, True), (other, False)]
    assert lst.count(AccountFilter()) == 1 and lst.count_all() == 2
    assert not services.accounts.set_archived(acc, True)  # already archived
    services.accounts.set_archived(acc, False)
    assert lst.count(AccountFilter()) == 2


def test_is_empty_sees_archived_accounts_but_not_tombstones(services: Services) -> None:
    import sqlite3

    assert services.is_empty()
    acc = _acme(services)
    services.accounts.set_archived(acc, True)
    assert not services.is_empty()  # archived accounts are still the rep's book
    with sqlite3.connect(services.store.path) as raw:
        raw.execute("UPDATE accounts SET deleted_at = '2026-01-01T00:00:00'")
    assert services.is_empty() and services.account_list.count_all() == 0


def test_unknown_references_rejected(services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        services.accounts.create_account({"name": "X", "territory_id": uuid.uuid4()})
    assert set(info.value.errors) == {"territory_id"}
    with pytest.raises(ValidationError) as info:
        services.accounts.create_account({"name": "X", "owner_id": uuid.uuid4()})
    assert set(info.value.errors) == {"owner_id"}
    assert services.account_list.count_all() == 0
    acc = _acme(services)
    with pytest.raises(ValidationError):
        services.accounts.update_account(acc, {"territory_id": uuid.uuid4(), "name": "Y"})
    assert services.reader.detail(acc).values["name"] == "Acme Feed"


def test_validation_error_leaves_nothing_written(services: Services) -> None:
    with pytest.raises(ValidationError):
        services.accounts.create_account({"name": "Bad", "phone": "12"})
    assert services.account_list.count_all() == 0
    acc = _acme(services)
    with pytest.raises(ValidationError):
        services.accounts.add_contact(acc, {"first_name": "A", "last_name": "B", "email": "x@"})
    with pytest.raises(ValidationError):
        services.accounts.update_account(acc, {"name": "New", "latitude": 99})
    assert _scalar(services, "SELECT count(*) FROM contacts") == 0
    assert services.reader.detail(acc).values["name"] == "Acme Feed"
    with pytest.raises(ValidationError):
        services.history.log_interaction(acc, {"channel": "smoke", "subject": "x"})
    assert _scalar(services, "SELECT count(*) FROM interactions") == 0


def test_unknown_ids_raise_not_found(services: Services) -> None:
    x, acc, hist = uuid.uuid4(), services.accounts, services.history
    calls = [(acc.update_account, x, {"name": "x"}), (acc.set_archived, x, True),
             (acc.add_contact, x, {"first_name": "a", "last_name": "b"}),
             (acc.update_contact, x, {"title": "x"}), (acc.set_contact_archived, x, True),
             (hist.log_interaction, x, {"channel": "phone", "subject": "x"}),
             (hist.update_interaction, x, {"subject": "x"}), (hist.set_follow_up_done, x, True),
             (hist.add_follow_up, x, {"title": "t", "due_date": date(2026, 12, 1)}),
             (hist.open_concern, x, "t"), (hist.set_concern_status, x, ConcernStatus.OPEN),
             (hist.delete_interaction, x), (services.reader.detail, x),
             (services.reader.contact_values, x)]
    for fn, *args in calls:
        with pytest.raises(NotFound):
            fn(*args)


def test_contacts_add_update_archive(services: Services) -> None:
    acc = _acme(services)
    saved = services.accounts.add_contact(acc, {"first_name": "Zoe", "last_name": "Young",
                                                "email": "ZOE@acme.example", "role": "buyer"})
    assert saved.changes.by_table.keys() == {"contacts"}
    services.accounts.add_contact(acc, {"first_name": "Al", "last_name": "Adams"})
    assert [c.name for c in services.reader.detail(acc).contacts] == ["Al Adams", "Zoe Young"]
    changes = services.accounts.update_contact(saved.id, {"mobile_phone": "217 244 0000",
                                                          "do_not_contact": True})
    assert changes.ids("contacts") == {saved.id}
    values = services.reader.contact_values(saved.id)
    assert values["email"] == "zoe@acme.example" and values["mobile_phone"] == "+12172440000"
    assert values["do_not_contact"] is True and values["role"] == "buyer"
    assert not services.accounts.update_contact(saved.id, {"first_name": "Zoe"})
    services.accounts.set_contact_archived(saved.id, True)
    assert [c.name for c in services.reader.detail(acc).contacts] == ["Al Adams"]
    everyone = services.reader.detail(acc, include_archived_contacts=True).contacts
    assert [(c.name, c.archived) for c in everyone] == [("Al Adams", False), ("Zoe Young", True)]


def _last_contact(services: Services, acc: uuid.UUID) -> datetime | None:
    return services.reader.detail(acc).values["last_contact_at"]


def test_log_interaction_without_follow_up(services: Services) -> None:
    acc = _acme(services)
    saved = services.history.log_interaction(acc, {"channel": "visit", "subject": " Walked yard ",
                                                   "duration_minutes": "45"})
    assert saved.changes.by_table.keys() == {"interactions"}
    [entry], more = services.reader.timeline(acc)
    assert more is None
    assert (entry.id, entry.subject, entry.channel, entry.direction) == (
        saved.id, "Walked yard", "visit", "out")
    assert entry.occurred_at == FIXED_NOW and entry.duration_minutes == 45
    assert _last_contact(services, acc) == FIXED_NOW
    assert services.reader.detail(acc).open_follow_ups == []


def test_log_interaction_with_follow_up(services: Services) -> None:
    acc = _acme(services)
    ann = services.accounts.add_contact(acc, {"first_name": "Ann", "last_name": "Lee"}).id
    saved = services.history.log_interaction(
        acc, {"channel": "phone", "subject": "Price check", "contact_id": ann},
        follow_up={"title": "Send quote", "due_date": date(2026, 11, 25)})
    assert saved.changes.by_table.keys() == {"interactions", "follow_ups"}
    [follow] = services.reader.detail(acc).open_follow_ups
    assert (follow.title, follow.due_date, follow.account_name, follow.done) == (
        "Send quote", date(2026, 11, 25), "Acme Feed", False)
    assert saved.changes.ids("follow_ups") == {follow.id}
    with services.store.unit_of_work() as uow:
        row = uow.session.get(FollowUp, follow.id)
        assert row is not None and row.interaction_id == saved.id and row.contact_id == ann
    assert services.reader.timeline(acc)[0][0].contact_name == "Ann Lee"
    with pytest.raises(ValidationError):  # no due date: neither row is written
        services.history.log_interaction(acc, {"channel": "phone", "subject": "x"},
                                         follow_up={"title": "y"})
    assert services.reader.detail(acc).interaction_count == 1


def test_contact_from_another_account_rejected(services: Services) -> None:
    acc, other = _acme(services), _acme(services, name="Other")
    stranger = services.accounts.add_contact(other, {"first_name": "S", "last_name": "T"}).id
    with pytest.raises(ValidationError) as info:
        services.history.log_interaction(acc, {"channel": "phone", "subject": "x",
                                               "contact_id": stranger})
    assert set(info.value.errors) == {"contact_id"}
    mine = _call(services, acc, FIXED_NOW)
    with pytest.raises(ValidationError):
        services.history.update_interaction(mine, {"contact_id": stranger})
    assert services.reader.detail(acc).interaction_count == 1


def test_update_and_delete_interaction(services: Services) -> None:
    acc = _acme(services)
    early = _call(services, acc, FIXED_NOW - timedelta(days=10))
    late = _call(services, acc, FIXED_NOW - timedelta(days=2))
    _call(services, acc, FIXED_NOW - timedelta(days=1), channel="note")  # not contact
    assert _last_contact(services, acc) == FIXED_NOW - timedelta(days=2)
    five_days_ago = FIXED_NOW - timedelta(days=5)
    changes = services.history.update_interaction(
        early, {"subject": "Renamed", "occurred_at": five_days_ago})
    assert changes.ids("interactions") == {early}
    assert not services.history.update_interaction(early, {"subject": "Renamed"})

    services.history.session.clock = lambda: LATER
    assert services.history.delete_interaction(late).ids("interactions") == {late}
    deleted_at = _scalar(services, "SELECT deleted_at FROM interactions WHERE id = :i", i=late.hex)
    assert deleted_at == "2026-11-20 18:30:00.000000"  # tombstone: the row stays
    assert _scalar(services, "SELECT count(*) FROM interactions") == 3
    entries = services.reader.timeline(acc)[0]
    assert [e.id for e in entries][1:] == [early] and entries[1].subject == "Renamed"
    assert _last_contact(services, acc) == five_days_ago
    assert services.reader.detail(acc).interaction_count == 2
    with pytest.raises(NotFound):
        services.history.delete_interaction(late)
    with pytest.raises(NotFound):
        services.history.update_interaction(late, {"subject": "back"})
    services.history.delete_interaction(early)
    assert _last_contact(services, acc) is None


def test_follow_up_done_and_undone(services: Services) -> None:
    acc = _acme(services)
    f = services.history.add_follow_up(acc, {"title": "Call back", "due_date": date(2026, 12, 1),
                                             "notes": "  "}).id
    assert services.reader.follow_ups_due(date(2026, 12, 1))[0].id == f
    assert services.reader.follow_ups_due(date(2026, 11, 30)) == []
    assert services.history.set_follow_up_done(f, True).ids("follow_ups") == {f}
    assert not services.history.set_follow_up_done(f, True)
    assert services.reader.detail(acc).open_follow_ups == []
    with services.store.unit_of_work() as uow:
        row = uow.session.get(FollowUp, f)
        assert row is not None and row.done_at == FIXED_NOW and row.notes is None
    services.history.set_follow_up_done(f, False)
    assert [x.id for x in services.reader.detail(acc).open_follow_ups] == [f]


def test_concern_lifecycle(services: Services) -> None:
    acc = _acme(services)
    with pytest.raises(ValidationError):
        services.history.open_concern(acc, "   ")
    c = services.history.open_concern(acc, "Late delivery", "  twice  ").id
    [row] = services.reader.detail(acc).concerns
    assert (row.title, row.details, row.status, row.opened_at) == (
        "Late delivery", "twice", "open", FIXED_NOW)
    services.history.set_concern_status(c, ConcernStatus.IN_PROGRESS)
    assert services.reader.detail(acc).concerns[0].status == "in_progress"
    with pytest.raises(ValidationError) as info:
        services.history.set_concern_status(c, ConcernStatus.RESOLVED, "  ")
    assert set(info.value.errors) == {"resolution"}
    assert services.reader.detail(acc).concerns[0].status == "in_progress"
    services.history.session.clock = lambda: LATER
    services.history.set_concern_status(c, ConcernStatus.RESOLVED, "Refunded freight")
    newer = services.history.open_concern(acc, "Wrong invoice").id
    concerns = services.reader.detail(acc).concerns
    assert [x.id for x in concerns] == [newer, c]  # resolved ones last
    assert (concerns[1].status, concerns[1].resolution) == ("resolved", "Refunded freight")
    assert _scalar(services, "SELECT resolved_at FROM concerns WHERE id = :i", i=c.hex) == (
        "2026-11-20 18:30:00.000000")


def test_reader_detail_names_owner_and_tombstoned_account(services: Services) -> None:
    user = _add(services, User, name="Rita Rep", email="rita@example.com")
    services.set_current_user(user)
    acc = _acme(services)
    _call(services, acc, FIXED_NOW)
    detail = services.reader.detail(acc)
    assert detail.owner_name == "Rita Rep" and detail.values["owner_id"] == user
    assert services.reader.timeline(acc)[0][0].author_name == "Rita Rep"
    with services.store.engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET deleted_at = updated_at WHERE id = :i"),
                     {"i": acc.hex})
    with pytest.raises(NotFound):
        services.reader.detail(acc)
    with pytest.raises(NotFound):
        services.history.log_interaction(acc, {"channel": "phone", "subject": "x"})
    assert services.account_list.page(AccountFilter()).rows == []


def test_timeline_order_filter_and_paging(services: Services) -> None:
    acc = _acme(services)
    channels = ["phone", "email", "visit", "note"]
    ids = {}
    for n in range(11):  # some share a time, so the rowid must break ties
        when = FIXED_NOW - timedelta(days=n // 2)
        ids[_call(services, acc, when, channel=channels[n % 4])] = (when, n)
    entries, more = services.reader.timeline(acc)
    assert more is None and len(entries) == 11
    expected = sorted(ids, key=lambda i: ids[i], reverse=True)
    assert [e.id for e in entries] == expected  # newest first; later insert first on ties
    assert [e.occurred_at for e in entries] == sorted((e.occurred_at for e in entries),
                                                      reverse=True)
    calls = services.reader.timeline(acc, frozenset({"phone", "visit"}))[0]
    assert {e.channel for e in calls} == {"phone", "visit"} and len(calls) == 6
    seen, cursor, pages = [], None, 0
    while True:
        page, cursor = services.reader.timeline(acc, after=cursor, limit=3)
        seen += [e.id for e in page]
        pages += 1
        assert len(page) <= 3
        if cursor is None:
            break
    assert seen == expected and pages == 4


def test_log_interaction_reports_interaction_and_follow_up_errors_together(
        services: Services) -> None:
    account = services.accounts.create_account({"name": "Both Errors Inc"}).id
    with pytest.raises(ValidationError) as caught:
        services.history.log_interaction(account, {"channel": "phone", "subject": " "},
                                         follow_up={"title": "", "due_date": None})
    assert set(caught.value.errors) == {"subject", "follow_up_title", "follow_up_due"}
    assert services.reader.timeline(account)[0] == []
