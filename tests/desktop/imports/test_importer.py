"""Salesforce and Sage CRM exports land row by row; bad rows are named; undo
puts the cache back as it was."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from desktop.imports import batches, importer, writing
from desktop.imports.mappings import load
from desktop.services.container import Services
from tests.desktop.imports import samples as s

TABLES = ("accounts", "contacts", "interactions")


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _live(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every live row of the tables an import touches, in a fixed order."""
    conn = services.store.reads()
    return {t: conn.execute(f"SELECT * FROM {t} WHERE deleted_at IS NULL ORDER BY id").fetchall()
            for t in TABLES}


def _check(result: importer.Result, bad: dict[int, str], good: int) -> None:
    assert {r.line for r in result.rejected} == set(bad), result.rejected
    for r in result.rejected:
        assert bad[r.line] in r.reason, (r.line, r.reason)
    assert result.imported == good


def _names(services: Services, sql: str) -> list[str]:
    return sorted(r[0] for r in services.store.reads().execute(sql))


def test_salesforce_accounts_contacts_tasks_land_and_undo(services: Services,
                                                          tmp_path: Path) -> None:
    before = _live(services)
    rejects = tmp_path / "rejects.csv"
    acc = importer.run(services, "accounts", _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES),
                       "salesforce", rejects=rejects)
    _check(acc, s.SF_ACCOUNTS_BAD, 3)
    assert acc.encoding == "utf-8-sig"
    assert _names(services, "SELECT name FROM accounts") == [
        "Acme Feed & Seed", "Café Müller GmbH", "Prairie Tractors"]
    street, kind, phone, site, country = services.store.reads().execute(
        "SELECT billing_street, kind, phone, website, billing_country FROM accounts "
        "WHERE name = 'Acme Feed & Seed'").fetchone()
    assert (street, kind, phone, site, country) == (
        "12 Main St\nSuite 4", "customer", "+12175550100", "https://www.acmefeed.example", "US")
    assert services.store.reads().execute(
        "SELECT kind, billing_country FROM accounts WHERE name LIKE 'Caf%'").fetchone() == (
        "partner", "DE")
    with rejects.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["line", "reason", "Account Name"]
    assert [int(r[0]) for r in rows[1:]] == sorted(s.SF_ACCOUNTS_BAD)
    assert rows[3][2] == "Atlantis Trading"

    con = importer.run(services, "contacts", _file(tmp_path, "c.csv", s.SF_CONTACTS_BYTES),
                       "salesforce")
    _check(con, s.SF_CONTACTS_BAD, 3)
    jane = services.store.reads().execute(
        "SELECT a.name, c.work_phone, c.mobile_phone, c.email FROM contacts c "
        "JOIN accounts a ON a.id = c.account_id WHERE c.last_name = 'Doe'").fetchone()
    assert jane == ("Acme Feed & Seed", "+12175550110", "+12175550111", "jane@acmefeed.example")
    assert _names(services, "SELECT last_name FROM contacts") == ["Doe", "Lee", "Weiß"]

    mid = _live(services)
    tasks = importer.run(services, "activities", _file(tmp_path, "t.csv",
                                                       s.SF_TASKS.encode()), "salesforce")
    _check(tasks, s.SF_TASKS_BAD, 2)
    notes, channel = services.store.reads().execute(
        "SELECT notes, channel FROM interactions WHERE subject LIKE 'Call about%'").fetchone()
    assert (notes, channel) == ("Wants 20 pallets.\nCall back Monday.", "phone")

    assert tasks.batch is not None and batches.undo(services, tasks.batch) == 2
    assert _live(services) == mid
    for result in (con, acc):
        assert result.batch is not None
        batches.undo(services, result.batch)
    assert _live(services) == before
    assert batches.undo(services, acc.batch or "") == 0  # undone once only


def test_sage_crm_cp1252_semicolons(services: Services, tmp_path: Path) -> None:
    comp = importer.run(services, "accounts",
                        _file(tmp_path, "comp.csv", s.SAGE_COMPANIES_BYTES), "sage")
    assert comp.encoding == "cp1252"
    _check(comp, s.SAGE_COMPANIES_BAD, 3)
    assert services.store.reads().execute(
        "SELECT billing_street, kind, billing_country, phone FROM accounts "
        "WHERE name = 'Müller & Söhne KG'").fetchone() == ("Am Anger 3", "vendor", "DE",
                                                           "+49897654321")
    assert services.store.reads().execute(
        "SELECT billing_street FROM accounts WHERE name = 'Bäckerei Schmidt'"
    ).fetchone() == ("Brotweg 1, Hinterhaus",)
    people = importer.run(services, "contacts",
                          _file(tmp_path, "pers.csv", s.SAGE_PEOPLE_BYTES), "sage")
    _check(people, s.SAGE_PEOPLE_BAD, 2)
    assert services.store.reads().execute(
        "SELECT a.name FROM contacts c JOIN accounts a ON a.id = c.account_id "
        "WHERE c.last_name = 'Müller'").fetchone() == ("Müller & Söhne KG",)
    comms = importer.run(services, "activities",
                         _file(tmp_path, "comm.csv", s.SAGE_COMMUNICATIONS_BYTES), "sage")
    _check(comms, s.SAGE_COMMUNICATIONS_BAD, 2)
    assert sorted(services.store.reads().execute(
        "SELECT channel, direction FROM interactions")) == [("meeting", "out"), ("phone", "out")]


def test_dry_run_and_preview_write_nothing(services: Services, tmp_path: Path) -> None:
    path = _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES)
    shown = importer.preview(services, "accounts", path, "salesforce", limit=3)
    assert [line for line, _v in shown] == [2, 4, 5]
    first = shown[0][1]
    assert isinstance(first, dict) and first["billing_city"] == "Urbana"
    assert isinstance(shown[2][1], str) and "Name" in shown[2][1]
    result = importer.run(services, "accounts", path, "salesforce", dry_run=True)
    assert (result.imported, result.batch, result.rows) == (0, None, 6)
    assert services.store.reads().execute("SELECT count(*) FROM accounts").fetchone() == (0,)


def test_duplicates_reported_or_skipped(services: Services, tmp_path: Path) -> None:
    path = _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES)
    importer.run(services, "accounts", path, "salesforce")
    again = importer.run(services, "accounts", path, "salesforce", duplicates="skip")
    assert (again.imported, again.skipped) == (0, 3)
    assert {line for line, _why in again.duplicates} == {2, 4, 6}
    assert "Acme Feed & Seed" in dict(again.duplicates)[2]


def test_json_mapping_for_any_file(services: Services, tmp_path: Path) -> None:
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"kind": "accounts", "columns": {
        "Firma": "name", "Ort": "billing_city", "Land": "billing_country"}}))
    path = _file(tmp_path, "x.csv", b"Firma;Ort;Land\nHof Meyer;Celle;DE\n")
    result = importer.run(services, "accounts", path, str(mapping))
    assert result.imported == 1 and result.columns == {
        "Firma": "name", "Ort": "billing_city", "Land": "billing_country"}
    assert services.store.reads().execute(
        "SELECT billing_city, billing_country FROM accounts").fetchone() == ("Celle", "DE")
    mapping.write_text(json.dumps({"columns": {"Firma": "nmae"}}))
    with pytest.raises(ValueError, match="nmae"):
        load("accounts", str(mapping))


def test_cancel_stops_between_chunks(services: Services, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "CHUNK", 2)
    monkeypatch.setattr(writing, "TRANSACTION", 2)
    lines = ["Account Name,Billing Country"] + [f"Shop {i},US" for i in range(7)]
    path = _file(tmp_path, "many.csv", "\n".join(lines).encode())
    seen: list[tuple[int, int]] = []
    result = importer.run(services, "accounts", path, "salesforce", duplicates="ignore",
                          progress=lambda done, total: seen.append((done, total)),
                          cancelled=lambda: len(seen) >= 2)
    assert result.cancelled and result.imported == 4 and seen == [(2, 7), (4, 7)]
    assert result.batch is not None
    assert batches.undo(services, result.batch) == 4
    assert sqlite3.connect(services.store.path).execute(
        "SELECT count(*) FROM accounts WHERE deleted_at IS NULL").fetchone() == (0,)


def test_opportunities_with_stages_and_undo(services: Services, tmp_path: Path) -> None:
    importer.run(services, "accounts", _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES),
                 "salesforce")
    importer.run(services, "accounts", _file(tmp_path, "c.csv", s.SAGE_COMPANIES_BYTES), "sage")
    conn = services.store.reads()
    before = conn.execute("SELECT count(*) FROM opportunity_stage_changes "
                          "WHERE deleted_at IS NULL").fetchone()
    deals = importer.run(services, "opportunities",
                         _file(tmp_path, "o.csv", s.SF_OPPORTUNITIES.encode()), "salesforce")
    _check(deals, s.SF_OPPORTUNITIES_BAD, 2)
    rows = conn.execute("SELECT name, amount, stage, outcome, close_date, probability "
                        "FROM opportunities ORDER BY name").fetchall()
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("Spring seed order", "proposal", "open", "2027-03-31"),
        ("Tractor fleet", "closed_won", "won", "2027-06-30")]
    assert float(rows[0][1]) == 12500 and float(rows[0][5]) == 0.6
    sage = importer.run(services, "opportunities",
                        _file(tmp_path, "so.csv", s.SAGE_OPPORTUNITIES.encode("cp1252")), "sage")
    assert sage.imported == 1 and not sage.rejected
    assert conn.execute("SELECT stage, amount FROM opportunities WHERE name LIKE 'Ofen%'"
                        ).fetchone()[0] == "negotiation"
    for result in (sage, deals):
        assert result.batch is not None
        batches.undo(services, result.batch)
    assert conn.execute("SELECT count(*) FROM opportunities WHERE deleted_at IS NULL"
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM opportunity_stage_changes "
                        "WHERE deleted_at IS NULL").fetchone() == before
