"""``python -m tests.ui.shot_accounts_scripts [OUT.png]``: the account list with
Japanese, Arabic, Hebrew and emoji names beside the conftest's small book, the
Japanese account open, rendered offscreen through ``fieldbook screenshot``'s own
code (ui/screenshot.py) to packaging/screenshots/accounts-scripts.png. On a
machine whose only fonts are DejaVu, the names show through the shipped
fallbacks (ui/fonts.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(out: Path) -> None:
    from desktop.services.container import Services
    from desktop.settings import SettingsFile
    from tests.ui.conftest import seed
    from tests.ui.test_window_fonts import NAMES
    from ui.screenshot import take

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "cache.sqlite3"
        services = Services.open(db, SettingsFile(folder / "settings.json"))
        seed(services)
        where = {"japanese": ("Osaka", "JP", "+81661234567"),
                 "arabic": ("Riyadh", "SA", "+966112345678"),
                 "hebrew": ("Tel Aviv", "IL", "+97235551234"),
                 "emoji": ("Tulsa", "US", "+19185550142")}
        ids = {script: services.accounts.create_account({
            "name": NAMES[script], "billing_city": city, "billing_country": country,
            "billing_region": "OK" if country == "US" else None, "phone": phone,
            "status": "active", "kind": "customer"}).id
            for script, (city, country, phone) in where.items()}
        services.close()
        take(db, out, account=str(ids["japanese"]), tab="details")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path("packaging/screenshots/accounts-scripts.png"))
