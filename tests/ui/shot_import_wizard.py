"""``python -m tests.ui.shot_import_wizard [OUT.png]``: the import wizard's
mapping page over a Salesforce Accounts sample (tests/desktop/imports/samples.py),
rendered offscreen to packaging/screenshots/import-wizard.png."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWizard

    from desktop.settings import SettingsFile
    from tests.desktop.imports import samples
    from ui.app import Fieldbook, make_qapp
    from ui.dialogs.import_wizard import open_wizard
    from ui.tasks import ImmediateRunner

    make_qapp()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "Accounts.csv"
        sample.write_bytes(samples.SF_ACCOUNTS_BYTES)
        app = Fieldbook.build(folder / "cache.sqlite3", SettingsFile(folder / "settings.json"),
                              tasks=ImmediateRunner(), threaded_writer=False,
                              qsettings=QSettings(str(folder / "qt.ini"),
                                                  QSettings.Format.IniFormat))
        wizard = open_wizard(app.window)
        wizard.file_page.path_edit.setText(str(sample))
        wizard.button(QWizard.WizardButton.NextButton).click()
        for _ in range(5):
            QApplication.processEvents()
        wizard.grab().save(str(out))
        wizard.close()
        app.services.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path("packaging/screenshots/import-wizard.png"))
