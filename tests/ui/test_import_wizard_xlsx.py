"""File > Import from another CRM… with an Excel workbook: the sheets show to
choose from once the path is typed, the chosen sheet's columns are mapped,
checked and imported as a CSV's are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWizard

from tests.desktop.imports.test_xlsx_import import _workbook
from ui.dialogs.import_wizard import ImportWizard

from .clicks import click, shown, trigger, type_into

NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton


def _typed(app: Any, qtbot: Any, path: Path) -> ImportWizard:
    window = shown(app, qtbot)
    trigger(window.menus.import_crm)
    wizard = window.active_dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    type_into(qtbot, wizard.file_page.path_edit, str(path))
    return wizard


def test_a_workbooks_first_sheet_is_checked_and_imported(make_app: Any, qtbot: Any,
                                                          tmp_path: Path) -> None:
    app = make_app()
    wizard = _typed(app, qtbot, _workbook(tmp_path / "Export.xlsx"))
    combo = wizard.file_page.sheet_combo
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == ["Accounts", "Deals"]
    click(qtbot, wizard.button(NEXT))
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert "Salesforce export of accounts" in page.detected.text()
    assert "Excel sheet: Accounts." in page.detected.text()
    assert wizard.model is not None and wizard.model.mapping()["Phone"] == "phone"
    click(qtbot, wizard.button(NEXT))
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.new_count.text() == "2", timeout=10_000)
    assert check.rejected_count.text() == "2"
    lines = sorted(check.problems.row_at(n).line for n in range(check.problems.rowCount()))
    assert lines == [6, 7]  # the sheet's row numbers
    click(qtbot, wizard.button(COMMIT))
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.over, timeout=10_000)
    assert run.result is not None and run.result.imported == 2
    assert app.services.store.reads().execute(
        "SELECT phone FROM accounts WHERE name = 'Acme Feed & Seed' AND deleted_at IS NULL"
    ).fetchone() == ("+12175550100",)


def test_a_chosen_sheet_is_the_one_read(make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    app = make_app()
    wizard = _typed(app, qtbot, _workbook(tmp_path / "Export.xlsx"))
    combo = wizard.file_page.sheet_combo
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    combo.setFocus()
    qtbot.keyClicks(combo, "D")
    assert combo.currentText() == "Deals"
    click(qtbot, wizard.button(NEXT))
    assert "export of opportunities" in wizard.mapping_page.detected.text()
    assert "Excel sheet: Deals." in wizard.mapping_page.detected.text()
    type_into(qtbot, wizard.file_page.path_edit, str(tmp_path / "plain.csv"))
    assert combo.isHidden() and combo.count() == 0  # only a workbook has sheets
