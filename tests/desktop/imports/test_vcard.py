"""Contacts to a .vcf and back keep names, phones and emails."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.imports import batches, importer, vcard
from desktop.services.container import Services
from tests.desktop.imports import samples as s
from ui.cli import main

CONTACTS = ("SELECT a.name, c.first_name, c.last_name, c.title, c.email, c.work_phone, "
            "c.mobile_phone FROM contacts c JOIN accounts a ON a.id = c.account_id "
            "WHERE c.deleted_at IS NULL ORDER BY c.last_name")


def test_vcard_round_trip(services: Services, tmp_path: Path) -> None:
    for kind, data in (("accounts", s.SF_ACCOUNTS_BYTES), ("contacts", s.SF_CONTACTS_BYTES)):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(data)
        result = importer.run(services, kind, path, "salesforce")
    before = services.store.reads().execute(CONTACTS).fetchall()
    assert len(before) == 3 and ("Acme Feed & Seed", "Jane", "Doe", "Buyer",
                                 "jane@acmefeed.example", "+12175550110",
                                 "+12175550111") in before
    out = tmp_path / "contacts.vcf"
    assert vcard.export(services, out) == 3
    text = out.read_text(encoding="utf-8")
    assert "BEGIN:VCARD" in text and "Weiß" in text
    assert result.batch is not None
    batches.undo(services, result.batch)
    assert services.store.reads().execute(CONTACTS).fetchall() == []
    out.write_text(text + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ghost;Gary;;;\r\nFN:Gary Ghost\r\n"
                   "ORG:Nowhere Ltd\r\nEND:VCARD\r\n", encoding="utf-8")
    written, rejected, batch = vcard.import_cards(services, out)
    assert written == 3 and batch is not None
    assert [(r.line, r.reason) for r in rejected] == [
        (4, "account 'Nowhere Ltd' is not in the cache")]
    assert services.store.reads().execute(CONTACTS).fetchall() == before


def test_vcard_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    for kind, data in (("accounts", s.SF_ACCOUNTS_BYTES), ("contacts", s.SF_CONTACTS_BYTES)):
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(data)
        main(["import", kind, str(path), "--db", str(db), "--mapping", "salesforce"])
    out = tmp_path / "all.vcf"
    assert main(["export", "contacts", "--db", str(db), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == 3
    capsys.readouterr()
    assert main(["import", "vcard", str(out), "--db", str(db), "--dry-run"]) == 0
    assert "imported 0 contact(s); 0 rejected" in capsys.readouterr().out


def test_vcard_run_reports_as_a_csv_import_does(services: Services, tmp_path: Path) -> None:
    """The wizard's view of a .vcf: a dry run's counts, duplicates named or left
    out, progress per chunk, and a batch to undo."""
    from desktop.imports.detect import is_vcard

    accounts = tmp_path / "accounts.csv"
    accounts.write_bytes(s.SF_ACCOUNTS_BYTES)
    importer.run(services, "accounts", accounts, "salesforce")
    cards = tmp_path / "people.txt"  # a vCard under another name is still one
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;;\r\nFN:Jane Doe\r\nORG:Acme Feed & Seed\r\n"
        "EMAIL:jane@acmefeed.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Prairie Tractors\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ghost;Gary;;;\r\nFN:Gary Ghost\r\nORG:Nowhere Ltd\r\n"
        "END:VCARD\r\n", encoding="utf-8")
    assert is_vcard(cards) and not is_vcard(accounts)
    dry = vcard.run(services, cards, dry_run=True)
    assert (dry.rows, dry.imported, dry.batch, dry.duplicates) == (3, 0, None, [])
    assert [(r.line, r.reason) for r in dry.rejected] == [
        (3, "account 'Nowhere Ltd' is not in the cache")]
    seen: list[tuple[int, int]] = []
    done = vcard.run(services, cards, progress=lambda d, t: seen.append((d, t)))
    assert done.imported == 2 and seen == [(2, 2)] and done.batch is not None
    again = vcard.run(services, cards, dry_run=True, duplicates="skip")
    assert again.skipped == 2 and [line for line, _what in again.duplicates] == [1, 2]
    assert "Jane Doe" in again.duplicates[0][1] or "email" in again.duplicates[0][1]
    assert batches.undo(services, done.batch) == 2
