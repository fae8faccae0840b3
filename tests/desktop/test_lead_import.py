"""CSV import of web inquiries: header names, encodings, delimiters, quoted
newlines, every bad row named by its line, nothing written when any is bad,
dry runs, duplicates reported; and the ``fieldbook import leads`` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.container import Services
from desktop.services.lead_import import import_leads
from ui.cli import main as fieldbook

GOOD = (
    "First Name,Last Name,Company,Email,Phone Number,Message,Budget,Timeline,"
    "Country/Region,Create Date,Lead Source,Fax\n"
    'Jane,Doe,Acme Inc.,jane@acme.com,(217) 555-0142,"Three drills,\nand a planter",'
    "\"25,000\",0-3 months,United States,2026-11-30 10:00,Web-to-Lead,\n"
    "Bob,Stone,Zephyr LLC,BOB@ZEPHYR.COM,,Hi,12k,ASAP,US,11/29/2026,Trade Show,x\n"
)


def _leads(services: Services) -> list[tuple[object, ...]]:
    return services.store.reads().execute(
        "SELECT company, first_name, phone, email, budget, timing, country, received_at, "
        "source, need FROM leads ORDER BY company").fetchall()


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_good_file(services: Services, tmp_path: Path) -> None:
    report = import_leads(services, _write(tmp_path, GOOD))
    assert report.ok and (report.rows, report.imported) == (2, 2)
    assert report.columns["Message"] == "need" and report.ignored == ["Fax"]
    assert _leads(services) == [
        ("Acme Inc.", "Jane", "+12175550142", "jane@acme.com", "25000", "quarter", "US",
         "2026-11-30 10:00:00.000000", "web", "Three drills,\nand a planter"),
        ("Zephyr LLC", "Bob", None, "bob@zephyr.com", "12000", "now", "US",
         "2026-11-29 00:00:00.000000", "event", "Hi")]


def test_bad_rows_are_named_by_line_and_nothing_is_written(services: Services,
                                                           tmp_path: Path) -> None:
    text = GOOD + (
        "Ann,Lee,,ann@lee,,,lots,,Narnia,yesterday,,\n"  # line 5
        ",,,,,,,,,,,\n"  # line 6: blank, skipped
        ",,,x@y.com,,,,,,,,\n"  # line 7: no name
        "Al,Bo,Co,a@b.com,1,,,,US,,,,extra\n")  # line 8: too many fields
    report = import_leads(services, _write(tmp_path, text))
    assert [b.line for b in report.bad] == [5, 7, 8]
    assert "Email" in report.bad[0].reason and "Budget" in report.bad[0].reason
    assert "Narnia" in report.bad[0].reason and "yesterday" in report.bad[0].reason
    assert "company" in report.bad[1].reason.lower()
    assert "13 fields" in report.bad[2].reason
    assert report.imported == 0 and _leads(services) == []


def test_a_dry_run_writes_nothing(services: Services, tmp_path: Path) -> None:
    report = import_leads(services, _write(tmp_path, GOOD), dry_run=True)
    assert report.ok and report.dry_run and (report.rows, report.imported) == (2, 0)
    assert _leads(services) == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_encodings_and_semicolons(services: Services, tmp_path: Path, encoding: str) -> None:
    text = ("Vorname;Nachname;Firma;E-Mail;Telefon;Land\n"
            "Jürgen;Müller;Müller & Söhne GmbH;jm@mueller.de;030 1234567;DE\n"
            "Zoë;Café;Crème Brûlée SARL;z@creme.fr;;FR\n")
    report = import_leads(services, _write(tmp_path, text, encoding), source="email")
    assert report.ok and report.imported == 2, report.bad
    rows = _leads(services)
    assert [r[:4] for r in rows] == [
        ("Crème Brûlée SARL", "Zoë", None, "z@creme.fr"),
        ("Müller & Söhne GmbH", "Jürgen", "+49301234567", "jm@mueller.de")]
    assert {r[8] for r in rows} == {"email"}


def test_duplicates_are_reported_not_refused(services: Services, tmp_path: Path) -> None:
    services.accounts.create_account({"name": "ACME, LLC", "phone": "217-555-0142"})
    text = GOOD + "Jane,Doe,Other Co,JANE@acme.com,,,,,US,,,\n"
    report = import_leads(services, _write(tmp_path, text))
    assert report.ok and report.imported == 3
    lines = {(d.line, d.what) for d in report.duplicates}
    assert any(line == 2 and "same phone" in what and "account ACME, LLC" in what
               for line, what in lines)
    assert (5, "same email as line 2") in lines


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cache.sqlite3"
    good = _write(tmp_path, GOOD)
    assert fieldbook(["import", "leads", str(good), "--db", str(db), "--dry-run"]) == 0
    assert "dry run: 2 lead(s) would be imported" in capsys.readouterr().out
    bad = _write(tmp_path, GOOD + "Ann,Lee,,ann@lee,,,,,,,,\n", name="bad.csv")
    assert fieldbook(["import", "leads", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:5: Email: 'ann@lee' is not an email address" in err
    assert "nothing imported" in err
    assert fieldbook(["import", "leads", str(good), "--db", str(db)]) == 0
    assert "imported 2 lead(s)" in capsys.readouterr().out
    assert fieldbook(["import", "leads", str(tmp_path / "none.csv"), "--db", str(db)]) == 2
