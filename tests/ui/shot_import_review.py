"""``python -m tests.ui.shot_import_review [OUT.png]``: the import wizard's
review of possible duplicates (a Salesforce Accounts file whose rows repeat
cached accounts: tests/desktop/imports/test_merge.py's AGAIN), one row set to
Merge, rendered offscreen to packaging/screenshots/import-review.png."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWizard

    from desktop.imports import importer
    from desktop.settings import SettingsFile
    from tests.desktop.imports import samples
    from tests.desktop.imports.test_merge import AGAIN
    from ui.app import Fieldbook, make_qapp
    from ui.dialogs.import_wizard import open_wizard
    from ui.tasks import ImmediateRunner

    make_qapp()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first, again = folder / "Accounts.csv", folder / "Accounts-again.csv"
        first.write_bytes(samples.SF_ACCOUNTS_BYTES)
        again.write_text(AGAIN, encoding="utf-8")
        app = Fieldbook.build(folder / "cache.sqlite3", SettingsFile(folder / "settings.json"),
                              tasks=ImmediateRunner(), threaded_writer=False,
                              qsettings=QSettings(str(folder / "qt.ini"),
                                                  QSettings.Format.IniFormat))
        importer.run(app.services, "accounts", first, "salesforce")
        wizard = open_wizard(app.window)
        wizard.resize(1100, 560)
        wizard.file_page.path_edit.setText(str(again))
        for _ in range(3):  # mapping, check, review
            wizard.button(QWizard.WizardButton.NextButton).click()
            QApplication.processEvents()
        review = wizard.review_page
        review.model.setData(review.model.index(review.row_of(2), 5), "merge")
        for _ in range(5):
            QApplication.processEvents()
        review.table.resizeRowsToContents()
        wizard.grab().save(str(out))
        wizard.close()
        app.services.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path("packaging/screenshots/import-review.png"))
