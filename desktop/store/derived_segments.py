"""The account segments the reports' filter offers, read without a scan of the
accounts (migration 0028; local only, like every index of this cache).

``SELECT DISTINCT segment FROM accounts`` reads every account: 51 ms at 100,000
accounts, about 0.5 s at a million, on the read lane a search waits for when
the Reports view opens. A partial index of the accounts that have a segment and
a walk from one value to the next (each step a seek for the next larger value)
read a handful of index entries instead, however large the book.
"""

from __future__ import annotations

INDEX = "ix_accounts_segment"  # created by migration 0028 (its DDL is frozen there)

# Each distinct segment, ascending (as DISTINCT ... ORDER BY 1 gives them).
DISTINCT = (
    "WITH RECURSIVE seg(v) AS ("
    "SELECT (SELECT min(segment) FROM accounts WHERE segment IS NOT NULL) "
    "UNION ALL SELECT (SELECT min(segment) FROM accounts WHERE segment > seg.v) "
    "FROM seg WHERE seg.v IS NOT NULL) "
    "SELECT v, v FROM seg WHERE v IS NOT NULL"
)
