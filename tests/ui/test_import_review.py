"""The import wizard's review of possible duplicates, as a rep uses it: the
check names them, Next shows each with the record it matches, why, what a
merge fills and the conflicts it keeps; a choice per row (picked in its combo)
or one for all; Import writes as chosen and Undo puts every record back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWizard

from desktop.imports import importer
from tests.desktop.imports import samples as s
from tests.desktop.imports.test_merge import AGAIN
from ui.dialogs.import_wizard import ImportWizard
from ui.models.import_review import CHOICE

from .clicks import click, click_row, shown, trigger, type_into
from .test_import_wizard import _choose

NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton


def _live(app: Any) -> list[tuple[object, ...]]:
    return app.services.store.reads().execute(
        "SELECT * FROM accounts WHERE deleted_at IS NULL ORDER BY id").fetchall()


def _website(app: Any, name: str) -> list[object]:
    return [r[0] for r in app.services.store.reads().execute(
        "SELECT website FROM accounts WHERE name = ? AND deleted_at IS NULL", (name,))]


def _review(app: Any, qtbot: Any, tmp_path: Path) -> ImportWizard:
    first = tmp_path / "Accounts.csv"
    first.write_bytes(s.SF_ACCOUNTS_BYTES)
    importer.run(app.services, "accounts", first, "salesforce")  # the cache holds them
    again = tmp_path / "Again.csv"
    again.write_text(AGAIN, encoding="utf-8")
    window = shown(app, qtbot)
    trigger(window.menus.import_crm)
    wizard = window.active_dialog
    assert isinstance(wizard, ImportWizard)
    type_into(qtbot, wizard.file_page.path_edit, str(again))
    click(qtbot, wizard.button(NEXT))
    click(qtbot, wizard.button(NEXT))
    check = wizard.check_page
    assert wizard.currentPage() is check
    assert check.duplicate_count.text().startswith("2")
    assert check.new_count.text() == "1"  # duplicates skipped unless chosen otherwise
    assert not wizard.button(COMMIT).isVisible()  # the review commits
    click(qtbot, wizard.button(NEXT))
    assert wizard.currentPage() is wizard.review_page
    return wizard


def test_each_duplicate_is_merged_skipped_or_imported_as_chosen(
        make_app: Any, qtbot: Any, tmp_path: Path, qtmodeltester: Any) -> None:
    app = make_app()
    wizard = _review(app, qtbot, tmp_path)
    before = _live(app)
    review = wizard.review_page
    qtmodeltester.check(review.model, force_py=True)
    shown_rows = {review.model.row_at(n).line: [review.model.index(n, c).data()
                                                for c in range(5)]
                  for n in range(review.model.rowCount())}
    assert sorted(shown_rows) == [2, 3]
    line, name, matches, why, merge = shown_rows[2]
    assert (line, name, matches) == ("2", "Prairie Tractors Inc.", "Prairie Tractors, Champaign")
    assert set(why.split(", ")) == {"same name", "same phone"}  # the legal form folded away
    assert merge == ("fills website; name: cached Prairie Tractors, file Prairie Tractors Inc. "
                     "(cached kept)")
    assert "website: cached https://www.acmefeed.example, file https://www.other.example " \
        "(cached kept)" in shown_rows[3][4]
    assert review.model.index(review.row_of(2), CHOICE).data() == "Skip"

    click_row(qtbot, review.table, review.row_of(2), CHOICE)  # opens the row's combo
    editor = review.editor(2)
    assert editor is not None and editor.currentText() == "Skip"
    _choose(qtbot, editor, "Merge")  # the rep picks Merge for Prairie only
    assert review.choices == {2: "merge", 3: "skip"}
    assert review.summary.text() == "1 to merge, 1 to skip, 0 to import as new."
    click(qtbot, wizard.button(COMMIT))
    run = wizard.run_page
    assert run.result is not None and (run.result.imported, run.result.merged,
                                       run.result.skipped) == (1, 1, 1)
    assert "1 merged, 1 left out" in run.status.text()
    assert _website(app, "Prairie Tractors") == ["https://www.prairie.example"]
    assert _website(app, "Acme Feed & Seed") == ["https://www.acmefeed.example"]
    assert _website(app, "Acme Feed and Seed") == []  # skipped, not imported

    click(qtbot, run.undo)
    assert _live(app) == before  # Prairie back as it was, Brand New gone


def test_one_choice_for_all(make_app: Any, qtbot: Any, tmp_path: Path) -> None:
    app = make_app()
    wizard = _review(app, qtbot, tmp_path)
    review = wizard.review_page
    click(qtbot, review.all_buttons["new"])
    assert review.choices == {2: "new", 3: "new"}
    assert [review.model.index(r, CHOICE).data() for r in range(2)] == ["Import as new"] * 2
    click(qtbot, review.all_buttons["merge"])
    assert review.choices == {2: "merge", 3: "merge"}
    click(qtbot, wizard.button(COMMIT))
    result = wizard.run_page.result
    assert result is not None and (result.imported, result.merged) == (1, 2)
    assert _website(app, "Prairie Tractors") == ["https://www.prairie.example"]
