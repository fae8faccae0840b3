"""The app writes phones of the rep's home region (a setting) in national format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain import formats
from desktop.settings import SettingsFile


@pytest.fixture(autouse=True)
def _style_reset() -> Any:
    yield
    formats.use()


@pytest.mark.parametrize(("region", "german", "american"), [
    ("DE", "0221 1234567", "+1 217-555-0100"),
    ("US", "+49 221 1234567", "(217) 555-0100"),
])
def test_the_home_region_setting_picks_the_national_format(
        make_app: Any, tmp_path: Path, region: str, german: str, american: str) -> None:
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings = settings_file.load()
    settings.home_region = region
    settings_file.save(settings)
    make_app()
    assert formats.phone("+492211234567") == german
    assert formats.phone("+12175550100") == american
