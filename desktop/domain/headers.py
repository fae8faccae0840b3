"""A column header folded for matching: "E-mail Address", "email_address" and
"EMAIL ADDRESS" are the same column, in the CRM imports and the lead import."""

from __future__ import annotations

import re


def fold_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.strip().lower())
