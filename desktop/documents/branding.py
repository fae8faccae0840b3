"""The company's branding for PDFs, from the typed settings.

A relative logo path is looked up in the user's config folder (where
``settings.json`` lives), so a company can hand out one settings file and one
logo. A missing logo or a colour that is not ``#rrggbb`` falls back to the
defaults: a PDF is never refused for its decoration.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.documents.model import Branding
from desktop.settings import Settings

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def from_settings(settings: Settings, config_dir: Path) -> Branding:
    default = Branding()
    logo = None
    if settings.brand_logo:
        path = Path(settings.brand_logo).expanduser()
        path = path if path.is_absolute() else config_dir / path
        logo = path if path.is_file() else None
    return Branding(
        company=settings.brand_company.strip() or default.company,
        address=tuple(line for line in settings.brand_address if line.strip()),
        footer=settings.brand_footer, logo=logo,
        colour=settings.brand_colour if COLOUR.match(settings.brand_colour) else default.colour)
