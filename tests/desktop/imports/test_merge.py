"""Duplicates met during an import: merged into the cached record (its empty
fields filled, its other values kept and shown as conflicts), skipped or
imported as new, per row or for all; the file's contacts attach to the
account a row was merged into; undo puts every touched row back exactly."""

from __future__ import annotations

from pathlib import Path

from desktop.imports import batches, importer
from desktop.services.container import Services
from tests.desktop.imports import samples as s

TABLES = ("accounts", "contacts")
AGAIN = (
    "Account Name,Phone,Website,Industry,Billing City,Account ID\r\n"
    "Prairie Tractors Inc.,217-555-0101,www.prairie.example,Machinery,Champaign,PT-2\r\n"
    "Acme Feed and Seed,(217) 555-0100,www.other.example,,Urbana,AC-2\r\n"
    "Brand New Supply,(217) 555-0199,,Retail,Peoria,BN-2\r\n"
)
PEOPLE = (
    "First Name,Last Name,Email,Account ID,Account Name,Mobile\r\n"
    "Pat,Field,pat@prairie.example,PT-2,,\r\n"
    "Ann,Lee,ann@prairie.example,,Prairie Tractors,(217) 555-0177\r\n"  # no mobile cached
    "Ben,Cole,ben@brand.example,BN-2,,\r\n"
)


def _file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _rows(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every live row of the tables a merge touches, every column, in a fixed order."""
    conn = services.store.reads()
    return {t: conn.execute(f"SELECT * FROM {t} WHERE deleted_at IS NULL "  # nosec B608 - identifiers from code, values bound
                            "ORDER BY id").fetchall() for t in TABLES}


def _one(services: Services, sql: str, *args: object) -> tuple[object, ...]:
    row = services.store.reads().execute(sql, args).fetchone()
    assert row is not None, sql
    return tuple(row)


def _cached(services: Services, tmp_path: Path) -> None:
    importer.run(services, "accounts", _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES),
                 "salesforce")
    importer.run(services, "contacts", _file(tmp_path, "c.csv", s.SF_CONTACTS_BYTES),
                 "salesforce")


def test_merge_fills_empty_fields_keeps_conflicts_and_undo_is_exact(
        services: Services, tmp_path: Path) -> None:
    _cached(services, tmp_path)
    before = _rows(services)
    (acme_site,) = _one(services, "SELECT website FROM accounts WHERE name = 'Acme Feed & Seed'")
    checked = importer.run(services, "accounts", _file(tmp_path, "again.csv", AGAIN),
                           "salesforce", duplicates="merge", dry_run=True)
    by_line = {m.line: m for m in checked.matches}
    assert sorted(by_line) == [2, 3]
    assert "Prairie Tractors" in by_line[2].label and "same phone" in by_line[2].reasons
    assert by_line[2].fills == {"website": "https://www.prairie.example"}
    assert by_line[3].conflicts["website"] == (acme_site, "https://www.other.example")
    assert "website" not in by_line[3].fills
    assert _rows(services) == before  # a dry run writes nothing

    acc = importer.run(services, "accounts", _file(tmp_path, "again.csv", AGAIN), "salesforce",
                       duplicates="merge")
    assert (acc.imported, acc.merged, acc.skipped) == (1, 2, 0)  # Acme: nothing to fill
    assert _one(services, "SELECT website, industry FROM accounts WHERE name = "
                "'Prairie Tractors'") == ("https://www.prairie.example", "Machinery")
    assert _one(services, "SELECT website FROM accounts WHERE name = 'Acme Feed & Seed'"
                ) == (acme_site,)
    assert _one(services, "SELECT count(*) FROM accounts WHERE deleted_at IS NULL") == (4,)

    con = importer.run(services, "contacts", _file(tmp_path, "p.csv", PEOPLE), "salesforce",
                       duplicates="merge")
    assert (con.imported, con.merged, len(con.rejected)) == (2, 1, 0)
    assert _one(services, "SELECT a.name FROM contacts c JOIN accounts a ON a.id = c.account_id"
                " WHERE c.last_name = 'Field'") == ("Prairie Tractors",)  # by the file's id
    assert _one(services, "SELECT count(*) FROM accounts WHERE name LIKE 'Prairie%' "
                "AND deleted_at IS NULL") == (1,)

    assert con.batch and acc.batch
    assert _one(services, "SELECT mobile_phone FROM contacts WHERE last_name = 'Lee'"
                ) == ("+12175550177",)
    assert batches.undo(services, con.batch) == 3  # two contacts tombstoned, Ann put back
    assert batches.undo(services, acc.batch) == 2  # one tombstoned, one put back
    assert _rows(services) == before


def test_the_choice_per_row_beats_the_one_for_all(services: Services, tmp_path: Path) -> None:
    _cached(services, tmp_path)
    path = _file(tmp_path, "again.csv", AGAIN)
    result = importer.run(services, "accounts", path, "salesforce", duplicates="merge",
                          choices={3: "new"})
    assert (result.imported, result.merged) == (2, 1)  # Prairie merged, Acme new
    assert _one(services, "SELECT count(*) FROM accounts WHERE name IN ('Acme Feed & Seed', "
                "'Acme Feed and Seed') AND deleted_at IS NULL") == (2,)
    assert result.batch
    batches.undo(services, result.batch)
    skipped = importer.run(services, "accounts", path, "salesforce", duplicates="skip",
                           choices={2: "merge"})
    assert (skipped.imported, skipped.merged, skipped.skipped) == (1, 1, 1)


def test_stopped_merge_is_undone_exactly(services: Services, tmp_path: Path) -> None:
    _cached(services, tmp_path)
    before = _rows(services)
    asks: list[int] = []

    def stop() -> bool:  # let the new rows' chunk land, stop before the merges
        asks.append(1)
        return len(asks) > 1

    result = importer.run(services, "accounts", _file(tmp_path, "again.csv", AGAIN),
                          "salesforce", duplicates="merge", cancelled=stop)
    assert result.cancelled and (result.imported, result.merged) == (1, 0)
    assert result.batch
    batches.undo(services, result.batch)
    assert _rows(services) == before


def test_an_unknown_choice_is_refused(services: Services, tmp_path: Path) -> None:
    import pytest

    with pytest.raises(ValueError, match="merge, skip, new"):
        importer.run(services, "accounts", _file(tmp_path, "again.csv", AGAIN), "salesforce",
                     duplicates="overwrite")
