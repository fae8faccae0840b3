"""Filter choices read without a scan of the book (migration 0028; local only,
like every index of this cache).

* The reports' segments: ``SELECT DISTINCT segment FROM accounts`` read every
  account (51 ms at 100,000 accounts, about 0.5 s at a million, on the read
  lane a search waits for). A partial index of the accounts that have a
  segment and a walk from one value to the next (each step a seek for the next
  larger value) read one index entry per distinct segment.
* The events the Leads view offers, each with its attendees counted: the count
  went through the event's index entries to each attendee's row (to skip the
  deleted ones); a partial index of the live attendees by event answers it
  from the index alone (8.4 -> 2.5 ms at 100,000 accounts, 256 events).
"""

from __future__ import annotations

SEGMENTS = "ix_accounts_segment"  # both created by migration 0028 (its DDL is frozen there)
LIVE_ATTENDEES = "ix_event_attendees_live"
INDEXES = (SEGMENTS, LIVE_ATTENDEES)

# Each distinct segment, ascending (as DISTINCT ... ORDER BY 1 gives them).
DISTINCT_SEGMENTS = (
    "WITH RECURSIVE seg(v) AS ("
    "SELECT (SELECT min(segment) FROM accounts WHERE segment IS NOT NULL) "
    "UNION ALL SELECT (SELECT min(segment) FROM accounts WHERE segment > seg.v) "
    "FROM seg WHERE seg.v IS NOT NULL) "
    "SELECT v, v FROM seg WHERE v IS NOT NULL"
)
