"""How many rows a first load asks for per pull page: by bytes, not rows.

A page costs the server a fixed amount (the scope's queries on every table
with rows above the cursor) besides its rows, so a first load asks for pages
of about :data:`PAGE_BYTES` (the server lowers the count to its own maximum),
sized from the bytes per row of the pages before. The steady state keeps the
client's ``pull_page``: its pages are small anyway.
"""

from __future__ import annotations

from typing import Any

PAGE_BYTES = 4 * 1024 * 1024
MOST_ROWS = 20_000


class PageSize:
    def __init__(self, rows: int) -> None:
        self.rows = rows
        self._least = rows

    def seen(self, page: dict[str, Any], size: int) -> None:
        """Size the next page from this one (``size``: its body in bytes)."""
        count = sum(len(t["rows"]) for t in page.get("tables", {}).values())
        if count and size:
            wanted = int(PAGE_BYTES * count / size)
            self.rows = max(self._least, min(MOST_ROWS, wanted))
