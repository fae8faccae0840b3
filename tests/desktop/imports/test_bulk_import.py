"""The fast paths of a large import give what the slow ones gave: the account
search index written once per chunk equals the triggers' (and a rebuild's), and
a plainly written North American phone is stored and judged as the full check
stores and judges it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.imports import importer, writing
from desktop.imports.phones import quick_e164
from desktop.services.container import Services
from desktop.services.validation import Checker
from tests.desktop.imports import samples as s

TERMS = ("acme", "jane", "jurgen", "weiss", "prairie", "ann", "lee", "urbana", "koln",
         "2175550110", "buyer", "einkauf")


def _hits(services: Services) -> dict[str, list[str]]:
    """The names each term finds (the index's rowids are name keys, numbered
    differently by a row-by-row and a bulk import, in name order either way)."""
    conn = services.store.reads()
    return {t: [r[0] for r in conn.execute(
        "SELECT a.name FROM account_search s JOIN accounts a ON a.name_key = s.rowid "
        "WHERE account_search MATCH ? ORDER BY s.rowid", (t,))]
        for t in TERMS}


def test_the_search_index_of_a_bulk_import_is_the_triggers_own(services: Services,
                                                                 tmp_path: Path) -> None:
    for kind, name, data in (("accounts", "a.csv", s.SF_ACCOUNTS_BYTES),
                             ("contacts", "c.csv", s.SF_CONTACTS_BYTES)):
        path = tmp_path / name
        path.write_bytes(data)
        importer.run(services, kind, path, "salesforce")
    found = _hits(services)
    assert found["jurgen"] and found["jurgen"] == found["koln"]  # a contact finds its account
    assert found["jane"] == found["acme"] and found["ann"] == found["prairie"]
    assert found["2175550110"] == found["acme"]
    store = services.store

    def check() -> None:
        with store.unit_of_work() as uow:
            conn = uow.session.connection()
            conn.exec_driver_sql("INSERT INTO account_search(account_search, rank) "
                                 "VALUES ('integrity-check', 1)")  # against the view
            conn.exec_driver_sql("INSERT INTO account_search(account_search) VALUES ('rebuild')")
            uow.commit()

    store.writer.call(check)
    assert _hits(services) == found
    assert services.store.reads().execute(
        "SELECT count(*) FROM derived_suspended").fetchone() == (0,)


@pytest.mark.parametrize("region", ["US", "CA", "DE"])
def test_quick_phones_match_the_full_check(region: str) -> None:
    rng = random.Random(region)
    forms = ("({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a}{b}{c}", "+1 {a} {b} {c}",
             "+1 ({a}) {b}-{c}", "1 {a} {b} {c}", "{a} {b} {c} x12")
    answered = 0
    for _ in range(3000):
        text = rng.choice(forms).format(a=f"{rng.randrange(1000):03d}",
                                        b=f"{rng.randrange(1000):03d}",
                                        c=f"{rng.randrange(10_000):04d}")
        quick = quick_e164(text, region)
        if quick is not None:
            answered += 1
            assert quick == Checker().phone("phone", text, region), text
    assert answered > 100


def test_the_short_nanp_check_is_the_librarys() -> None:
    import phonenumbers

    from desktop.imports.phones import _valid_nanp

    rng = random.Random(7)
    valid = 0
    for _ in range(20_000):  # US, Canadian, Caribbean and unassigned area codes alike
        digits = f"{rng.randrange(200, 1000)}{rng.randrange(1000):03d}{rng.randrange(10_000):04d}"
        expected = phonenumbers.is_valid_number(
            phonenumbers.PhoneNumber(country_code=1, national_number=int(digits)))
        assert _valid_nanp(digits) == expected, digits
        valid += expected
    assert 1000 < valid < 19_000


def test_a_batch_log_survives_a_cut_line_and_reads_older_batches(tmp_path: Path) -> None:
    import json
    import uuid

    from desktop.imports import batches

    cache = tmp_path / "c.sqlite3"
    batch = batches.Batch.start(cache, "accounts", tmp_path / "a.csv")
    first, second = uuid.uuid4(), uuid.uuid4()
    batch.add(first, "A-1")
    batch.save()
    batch.add(second, "")
    batch.merge("ab" * 16, {"website": None, "updated_at": None})
    batch.save()
    again = batches.Batch.open(cache, batch.id)
    assert (again.ids, again.refs) == ([first.hex, second.hex], {"A-1": first.hex})
    assert again.merged == {"ab" * 16: {"website": None, "updated_at": None}}
    log = batches.folder(cache) / f"{batch.id}.rows"
    with log.open("a", encoding="utf-8") as f:
        f.write('{"ids": ["cut sh')  # a crash while appending
    assert batches.Batch.open(cache, batch.id).ids == [first.hex, second.hex]
    again.undone = True
    again.save()
    assert batches.Batch.open(cache, batch.id).undone
    # A batch written before the log: everything in its JSON file.
    old = batches.folder(cache) / "20261201-090000-contacts-abcdef.json"
    old.write_text(json.dumps({"kind": "contacts", "source": "x.csv", "ids": [first.hex],
                               "refs": {}, "undone": False, "merged": {}}), encoding="utf-8")
    legacy = batches.Batch.open(cache, old.stem)
    assert legacy.ids == [first.hex]
    legacy.undone = True
    legacy.save()  # its ids move to the log, not lost
    assert batches.Batch.open(cache, old.stem).ids == [first.hex]


def test_stopped_contacts_import_is_undone_to_the_same_index(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop after the first chunk of contacts: what landed is one batch, and its
    undo leaves the rows and the search index as they were."""
    accounts = tmp_path / "a.csv"
    accounts.write_bytes(s.SF_ACCOUNTS_BYTES)
    importer.run(services, "accounts", accounts, "salesforce")
    conn = services.store.reads()
    rows = "SELECT * FROM contacts WHERE deleted_at IS NULL ORDER BY id"
    before, hits = conn.execute(rows).fetchall(), _hits(services)
    monkeypatch.setattr(writing, "CHUNK", 2)
    monkeypatch.setattr(writing, "TRANSACTION", 2)
    asks: list[int] = []

    def stop() -> bool:  # asked before each chunk of two: the second one stops
        asks.append(1)
        return len(asks) > 1

    people = tmp_path / "c.csv"
    people.write_bytes(s.SF_CONTACTS_BYTES)
    result = importer.run(services, "contacts", people, "salesforce", cancelled=stop)
    assert result.cancelled and result.imported == 2 and result.batch
    assert _hits(services) != hits  # the two contacts are searchable
    from desktop.imports import batches

    assert batches.undo(services, result.batch) == 2
    assert (conn.execute(rows).fetchall(), _hits(services)) == (before, hits)


@pytest.mark.parametrize("big", [False, True], ids=["chunk-by-chunk", "read-again-on-next-use"])
def test_the_duplicate_finder_knows_the_imported_names(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, big: bool) -> None:
    """A small import updates the finder's name index chunk by chunk; a big one
    (more than BIG rows) drops it at the end, to be read again once on the next
    lookup: either way a name typed next finds the imported account."""
    finder = services.duplicates
    finder.build()
    rebuilt: list[int] = []
    real_build = finder.build

    def build() -> None:
        rebuilt.append(1)
        real_build()

    monkeypatch.setattr(finder, "build", build)
    monkeypatch.setattr(writing, "CHUNK", 1)
    monkeypatch.setattr(writing, "TRANSACTION", 1)
    monkeypatch.setattr(writing, "BIG", 1 if big else 100)
    path = tmp_path / "a.csv"
    path.write_bytes(s.SF_ACCOUNTS_BYTES)
    assert importer.run(services, "accounts", path, "salesforce").imported == 3
    assert rebuilt == [] and finder.ready is not big
    found = finder.candidates("accounts", {"name": "Prairie Tractors Inc"})
    assert rebuilt == ([1] if big else []) and finder.ready
    assert [c.label.split(",")[0] for c in found][:1] == ["Prairie Tractors"]
