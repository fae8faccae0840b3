"""What the import wizard starts from: the file's columns, the CRM that wrote
it, the kind of records, and a mapping the rep can change and import with."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.imports import importer
from desktop.imports.detect import detect, fields, initial_mapping, read_columns
from desktop.services.container import Services
from tests.desktop.imports import samples as s


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "product", "kind"), [
    (s.SF_ACCOUNTS_BYTES, "salesforce", "accounts"),
    (s.SF_CONTACTS_BYTES, "salesforce", "contacts"),
    (s.SF_TASKS.encode(), "salesforce", "activities"),
    (s.SF_OPPORTUNITIES.encode(), "salesforce", "opportunities"),
    (s.SAGE_COMPANIES_BYTES, "sage", "accounts"),
    (s.SAGE_PEOPLE_BYTES, "sage", "contacts"),
    (s.SAGE_COMMUNICATIONS_BYTES, "sage", "activities"),
    (b"Firma;Ort;Telefon\r\nHof Meier;Ulm;0731 1234\r\n", "other", "accounts"),
])
def test_the_product_and_kind_are_recognised(tmp_path: Path, data: bytes, product: str,
                                             kind: str) -> None:
    columns = read_columns(_file(tmp_path, "x.csv", data))
    found = detect(columns.header)
    assert (found.product, found.kind) == (product, kind)


def test_a_utf16_file_is_text_not_binary(tmp_path: Path) -> None:
    columns = read_columns(_file(tmp_path, "u.csv", s.SF_CONTACTS.encode("utf-16")))
    assert columns.header[:2] == ["First Name", "Last Name"]
    assert detect(columns.header).kind == "contacts"


def test_columns_and_first_rows_are_read_in_the_files_encoding(tmp_path: Path) -> None:
    columns = read_columns(_file(tmp_path, "c.csv", s.SAGE_COMPANIES_BYTES), samples=2)
    assert columns.encoding == "cp1252"
    assert columns.header[1] == "Comp_Name"
    assert [r[1] for r in columns.samples] == ["Bäckerei Schmidt", "Müller & Söhne KG"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "is empty"), (b"PK\x03\x04\x14\x00rest", "not a CSV"),
    (b"\r\n\r\n", "is empty"), (b",,,\r\na,b,c,d\r\n", "no header"),
])
def test_a_file_that_cannot_be_imported_says_why(tmp_path: Path, data: bytes,
                                                 reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        read_columns(_file(tmp_path, "bad.csv", data))
    with pytest.raises(ValueError, match="cannot read"):
        read_columns(tmp_path / "missing.csv")


def test_the_initial_mapping_is_what_an_import_reads(tmp_path: Path) -> None:
    header = read_columns(_file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES)).header
    mapping = initial_mapping("accounts", header)
    assert mapping["Account Name"] == "name"
    assert mapping["Billing Zip/Postal Code"] == "billing_postal_code"
    assert mapping["Account Owner"] == ""  # no field: left out
    assert set(mapping.values()) - {""} <= set(fields("accounts"))
    assert "name" in fields("accounts") and "first_name" in fields("contacts")


def test_a_hand_made_mapping_imports_another_crms_file(services: Services,
                                                       tmp_path: Path) -> None:
    path = _file(tmp_path, "hof.csv",
                 b"Firma;Ort;Telefon;Notiz\r\nHof Meier;Ulm;+49 731 1234;\r\n;Ulm;;x\r\n")
    mapping = {"Firma": "name", "Ort": "billing_city", "Telefon": "phone", "Notiz": ""}
    dry = importer.run(services, "accounts", path, mapping, dry_run=True)
    assert (dry.rows, dry.imported, [r.line for r in dry.rejected]) == (2, 0, [3])
    assert dry.columns == {"Firma": "name", "Ort": "billing_city", "Telefon": "phone"}
    assert dry.ignored == ["Notiz"]
    done = importer.run(services, "accounts", path, mapping)
    assert done.imported == 1
    assert services.store.reads().execute(
        "SELECT name, billing_city, phone FROM accounts WHERE name = 'Hof Meier'"
    ).fetchone() == ("Hof Meier", "Ulm", "+497311234")
    with pytest.raises(ValueError, match="unknown field"):
        importer.run(services, "accounts", path, {"Firma": "shoe_size"}, dry_run=True)


def test_checking_reports_and_can_be_cancelled_before_anything_is_written(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHECKED", 2)
    path = _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES)  # six rows
    heard: list[int] = []
    dry = importer.run(services, "accounts", path, "salesforce", dry_run=True,
                       checked=heard.append)
    assert heard == [2, 4, 6] and not dry.cancelled
    heard.clear()
    stopped = importer.run(services, "accounts", path, "salesforce", checked=heard.append,
                           cancelled=lambda: bool(heard))
    assert heard == [2] and stopped.cancelled
    assert (stopped.imported, stopped.batch, stopped.rows) == (0, None, 2)
    assert services.store.reads().execute("SELECT count(*) FROM accounts").fetchone() == (0,)


def test_a_checked_file_is_written_without_checking_again(services: Services, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = _file(tmp_path, "a.csv", s.SF_ACCOUNTS_BYTES)
    kept: list[importer.Parsed] = []
    dry = importer.run(services, "accounts", path, "salesforce", dry_run=True, keep=kept)
    assert [p.line for p in kept] == [2, 4, 6] and dry.imported == 0
    monkeypatch.setattr(importer, "_parse", None)  # a second check would fail here
    done = importer.write_checked(services, dry, kept, path)
    assert (done.imported, done.rows, len(done.rejected), done.cancelled) == (3, 6, 3, False)
    assert done.batch is not None and dry.batch is None
    assert sorted(r[0] for r in services.store.reads().execute("SELECT name FROM accounts")) == [
        "Acme Feed & Seed", "Café Müller GmbH", "Prairie Tractors"]
