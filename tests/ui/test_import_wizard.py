"""File > Import from another CRM… as a rep uses it: type the file's path, see
the CRM and the mapping, change a column's field with its combo, read the
check's counts and reasons, import, stop, undo; a bad file is refused with the
reason and nothing written."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from desktop.imports import importer, writing
from tests.desktop.imports import samples as s
from ui.dialogs.import_wizard import ImportWizard
from ui.tasks import TaskRunner

from .clicks import click, shown, trigger, type_into

NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
FINISH = QWizard.WizardButton.FinishButton


def _sample(tmp_path: Path, name: str = "Accounts.csv",
            data: bytes = s.SF_ACCOUNTS_BYTES) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _names(app: Any) -> list[str]:
    return sorted(r[0] for r in app.services.store.reads().execute(
        "SELECT name FROM accounts WHERE deleted_at IS NULL"))


def _open(app: Any, qtbot: Any, path: Path) -> ImportWizard:
    window = shown(app, qtbot)
    trigger(window.menus.import_crm)
    wizard = window.active_dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    type_into(qtbot, wizard.file_page.path_edit, str(path))
    click(qtbot, wizard.button(NEXT))
    return wizard


def _choose(qtbot: Any, combo: Any, text: str) -> None:
    """Pick a combo's entry by typing its first letters, as with the keyboard
    (after a pause: typing goes on the last search within the key interval)."""
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    combo.setFocus()
    qtbot.keyClicks(combo, text)


def test_salesforce_accounts_are_mapped_checked_imported_and_undone(
        make_app: Any, qtbot: Any, tmp_path: Path, qtmodeltester: Any) -> None:
    app = make_app()
    before = _names(app)
    wizard = _open(app, qtbot, _sample(tmp_path))
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert "Salesforce export of accounts" in page.detected.text()
    assert "Encoding: UTF-8 (with a BOM)" in page.detected.text()
    model = wizard.model
    assert model is not None
    qtmodeltester.check(model, force_py=True)
    assert model.mapping()["Account Name"] == "name"
    assert model.mapping()["Account Owner"] == ""
    assert model.index(0, 1).data() == "Acme Feed & Seed"  # the example column
    owner = wizard.columns.header.index("Account Owner")
    _choose(qtbot, page.combo(owner), "Notes")
    assert model.mapping()["Account Owner"] == "notes"
    assert model.index(owner, 2).data() == "Notes"

    click(qtbot, wizard.button(NEXT))
    check = wizard.check_page
    assert wizard.currentPage() is check
    assert (check.new_count.text(), check.rejected_count.text()) == ("3", "3")
    problems = {check.problems.row_at(n).line: check.problems.row_at(n).what
                for n in range(check.problems.rowCount())}
    assert sorted(problems) == sorted(s.SF_ACCOUNTS_BAD)
    for line, part in s.SF_ACCOUNTS_BAD.items():
        assert part in problems[line] and problems[line].startswith("Rejected")
    assert _names(app) == before  # the check wrote nothing
    first = check.first_rows
    heads = [first.headerData(c, Qt.Orientation.Horizontal) for c in range(first.columnCount())]
    qtmodeltester.check(first, force_py=True)
    landing = [dict(zip(heads, (first.index(r, c).data() for c in range(len(heads))),
                        strict=True)) for r in range(first.rowCount())]
    assert [row["Line"] for row in landing] == ["2", "4", "6"]  # of the first 5: 5, 7 bad
    assert landing[0]["Name"] == "Acme Feed & Seed" and landing[0]["Phone"] == "+12175550100"
    assert landing[1]["Notes"] == "Dana Rep" and landing[1]["Kind"] == "prospect"
    assert landing[2]["Billing country"] == "DE" and landing[2]["Kind"] == "partner"

    click(qtbot, wizard.button(COMMIT))
    run = wizard.run_page
    assert wizard.currentPage() is run
    assert run.over and run.result is not None and run.result.imported == 3
    assert "Imported 3 accounts" in run.status.text()
    assert run.progress.value() == run.progress.maximum() == 3
    assert _names(app) == sorted([*before, "Acme Feed & Seed", "Café Müller GmbH",
                                  "Prairie Tractors"])
    assert app.services.store.reads().execute(
        "SELECT notes FROM accounts WHERE name = 'Prairie Tractors'").fetchone() == ("Dana Rep",)
    accounts = app.window.accounts.model
    shown_names = {accounts.index(r, 0).data() for r in range(accounts.rowCount())}
    assert "Prairie Tractors" in shown_names  # the list reloaded after the import

    click(qtbot, run.undo)
    assert _names(app) == before
    assert "Undone: 3 accounts removed" in run.status.text()
    click(qtbot, wizard.button(FINISH))
    assert not wizard.isVisible()


def test_a_bad_file_is_refused_with_the_reason_and_nothing_written(
        make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    app = make_app()
    before = _names(app)
    zipped = _sample(tmp_path, "Accounts.xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00rest")
    wizard = _open(app, qtbot, zipped)
    assert wizard.currentPage() is wizard.file_page
    assert "not a CSV file" in wizard.file_page.error.text()
    type_into(qtbot, wizard.file_page.path_edit, str(tmp_path / "missing.csv"))
    assert wizard.file_page.error.text() == ""
    click(qtbot, wizard.button(NEXT))
    assert "cannot read missing.csv" in wizard.file_page.error.text()
    assert wizard.currentPage() is wizard.file_page
    assert _names(app) == before


def test_another_crms_file_is_mapped_by_hand_and_the_kind_can_change(
        make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    app = make_app()
    path = _sample(tmp_path, "firmen.csv", b"Firma;Ort\r\nHof Meier;Ulm\r\n")
    wizard = _open(app, qtbot, path)
    page = wizard.mapping_page
    assert "Not an export this app knows" in page.detected.text()
    assert not wizard.button(NEXT).isEnabled()  # nothing mapped yet
    _choose(qtbot, page.kind_combo, "Contacts")
    assert wizard.kind == "contacts"
    _choose(qtbot, page.kind_combo, "Accounts")
    assert wizard.kind == "accounts"
    _choose(qtbot, page.combo(0), "Name")
    _choose(qtbot, page.combo(1), "Billing ci")
    assert wizard.model is not None
    assert wizard.model.mapping() == {"Firma": "name", "Ort": "billing_city"}
    click(qtbot, wizard.button(NEXT))
    assert wizard.check_page.new_count.text() == "1"
    click(qtbot, wizard.button(COMMIT))
    assert app.services.store.reads().execute(
        "SELECT billing_city FROM accounts WHERE name = 'Hof Meier'").fetchone() == ("Ulm",)


def test_stop_leaves_what_landed_and_undo_removes_it(make_app: Any, qtbot: Any,
                                                     tmp_path: Path,
                                                     monkeypatch: Any) -> None:
    monkeypatch.setattr(writing, "CHUNK", 2)  # three good rows: two chunks
    monkeypatch.setattr(writing, "TRANSACTION", 2)
    app = make_app()
    before = _names(app)
    wizard = _open(app, qtbot, _sample(tmp_path))
    click(qtbot, wizard.button(NEXT))
    run = wizard.run_page
    # The rep presses Stop while the first chunk's progress shows (the test's
    # runner works on the spot, before the page is painted: a click signal).
    def press_stop(value: int) -> None:
        if value and run.stop.isEnabled():
            run.stop.click()

    run.progress.valueChanged.connect(press_stop)
    click(qtbot, wizard.button(COMMIT))
    assert run.result is not None and run.result.cancelled and run.result.imported == 2
    assert "Stopped: 2 accounts of 3 imported" in run.status.text()
    assert len(_names(app)) == len(before) + 2
    click(qtbot, run.undo)
    assert _names(app) == before


def test_the_import_runs_off_the_gui_thread(make_app: Any, qtbot: Any, tmp_path: Path,
                                            monkeypatch: Any) -> None:
    """The check (a dry run) and the write of the rows it kept both run on a
    worker; the rows are not checked a second time."""
    app = make_app()
    threads: list[tuple[str, int]] = []
    real_run, real_write = importer.run, importer.write_checked

    def run(*args: Any, **kwargs: Any) -> importer.Result:
        threads.append(("check", threading.get_ident()))
        return real_run(*args, **kwargs)

    def write(*args: Any, **kwargs: Any) -> importer.Result:
        threads.append(("write", threading.get_ident()))
        return real_write(*args, **kwargs)

    monkeypatch.setattr(importer, "run", run)
    monkeypatch.setattr(importer, "write_checked", write)
    wizard = _open(app, qtbot, _sample(tmp_path))
    wizard.tasks = runner = TaskRunner()
    click(qtbot, wizard.button(NEXT))
    qtbot.waitUntil(lambda: wizard.check_page.isComplete(), timeout=10000)
    click(qtbot, wizard.button(COMMIT))
    qtbot.waitUntil(lambda: wizard.run_page.over, timeout=10000)
    runner.wait()
    assert wizard.run_page.result is not None and wizard.run_page.result.imported == 3
    assert [what for what, _thread in threads] == ["check", "write"]
    assert threading.get_ident() not in {thread for _what, thread in threads}
    assert wizard.button(FINISH).isEnabled()


def test_vcards_skip_the_mapping_and_land_as_contacts(make_app: Any, qtbot: Any,
                                                      tmp_path: Path) -> None:
    app = make_app()
    importer.run(app.services, "accounts", _sample(tmp_path), "salesforce")  # their accounts
    cards = _sample(tmp_path, "people.vcf", (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nORG:Prairie Tractors\r\n"
        b"TEL;TYPE=CELL:217-555-0199\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ghost;Gary;;;\r\nFN:Gary Ghost\r\nORG:Nowhere Ltd\r\n"
        b"END:VCARD\r\n"))
    wizard = _open(app, qtbot, cards)
    check = wizard.check_page
    assert wizard.currentPage() is check  # no columns to map
    assert (check.new_count.text(), check.rejected_count.text()) == ("1", "1")
    assert check.problems.row_at(0).what == ("Rejected: account 'Nowhere Ltd' is not in "
                                             "the cache")
    assert not check.save_rejects.isEnabled()
    click(qtbot, wizard.button(COMMIT))
    assert "Imported 1 contact." in wizard.run_page.status.text()
    assert app.services.store.reads().execute(
        "SELECT c.mobile_phone, a.name FROM contacts c JOIN accounts a ON a.id = c.account_id "
        "WHERE c.last_name = 'Lee'").fetchone() == ("+12175550199", "Prairie Tractors")


def test_rejected_rows_are_saved_to_a_csv_with_their_reasons(make_app: Any, qtbot: Any,
                                                             prompts: Any,
                                                             tmp_path: Path) -> None:
    app = make_app()
    wizard = _open(app, qtbot, _sample(tmp_path))
    click(qtbot, wizard.button(NEXT))
    out = tmp_path / "bad.csv"
    prompts.save_answers.append(out)
    click(qtbot, wizard.check_page.save_rejects)
    assert ("save_file", "Accounts-rejected.csv") in prompts.asked
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["line", "reason", "Account Name"]
    assert [int(r[0]) for r in rows[1:]] == sorted(s.SF_ACCOUNTS_BAD)
    assert all(s.SF_ACCOUNTS_BAD[int(r[0])] in r[1] for r in rows[1:])
    assert "Rejected rows saved to" in wizard.check_page.status.text()
    assert _names(app) == []  # still nothing written


def test_stop_on_the_worker_leaves_whole_chunks_and_undo_removes_them(
        make_app: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """A larger file on the worker, as in the app: Stop while the bar moves ends
    the import after the chunk being written; Undo removes what landed."""
    monkeypatch.setattr(writing, "CHUNK", 200)
    monkeypatch.setattr(writing, "TRANSACTION", 200)
    app = make_app()
    lines = ["Account Name,Billing City,Phone"] + [
        f"Farm {n:05d},Urbana,(217) 555-{n:04d}" for n in range(4000)]
    wizard = _open(app, qtbot, _sample(tmp_path, data="\r\n".join(lines).encode()))
    wizard.tasks = runner = TaskRunner()
    click(qtbot, wizard.button(NEXT))
    qtbot.waitUntil(lambda: wizard.check_page.isComplete(), timeout=60000)
    assert wizard.check_page.new_count.text() == "4000"
    click(qtbot, wizard.button(COMMIT))
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.progress.value() > 0, timeout=30000)
    click(qtbot, run.stop)
    qtbot.waitUntil(lambda: run.over, timeout=60000)
    runner.wait()
    result = run.result
    assert result is not None and result.cancelled
    assert 0 < result.imported < 4000 and result.imported % 200 == 0
    assert len(_names(app)) == result.imported
    assert run.status.text().startswith(f"Stopped: {result.imported} accounts of 4000")
    click(qtbot, run.undo)
    runner.wait()
    qtbot.waitUntil(lambda: _names(app) == [], timeout=30000)
