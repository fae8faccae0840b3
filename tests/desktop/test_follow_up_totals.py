"""The Follow-ups view's count: every open follow-up due (and overdue), the same
as counting the listed rows, a deleted account's left out, read from indexes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from desktop.services.account_detail import FOLLOW_UPS_DUE_TOTALS
from desktop.services.container import Services


def test_totals_count_what_the_list_shows(services: Services) -> None:
    today = services.clock().date()
    history = services.history
    kept, gone = (services.accounts.create_account({"name": name}).id
                  for name in ("Kept Co", "Gone Co"))
    for account in (kept, gone):
        for days in (-5, -1, 0, 3, 40):
            history.add_follow_up(account, {"title": f"In {days} days",
                                            "due_date": today + timedelta(days=days)})
    done = history.add_follow_up(kept, {"title": "Done", "due_date": today}).id
    history.set_follow_up_done(done, True)
    until = today + timedelta(days=14)
    reader = services.reader
    assert reader.follow_ups_due_totals(until, today) == (8, 4)
    conn = sqlite3.connect(services.store.path)
    conn.execute("UPDATE accounts SET deleted_at = '2026-11-20 10:00:00.000000' WHERE id = ?",
                 (gone.hex,))
    conn.commit()
    conn.close()
    listed = reader.follow_ups_due(until, limit=1_000)
    assert {r.account_id for r in listed} == {kept}
    overdue = sum(1 for r in listed if r.due_date < today)
    assert reader.follow_ups_due_totals(until, today) == (len(listed), overdue) == (4, 2)
    plan = " | ".join(r[3] for r in services.store.reads().execute(
        f"EXPLAIN QUERY PLAN {FOLLOW_UPS_DUE_TOTALS}",
        {"until": until.isoformat(), "today": today.isoformat()}))
    assert "SEARCH f USING INDEX ix_follow_ups_open_due" in plan, plan
    # From the few deleted accounts to their follow-ups, not each due one to its account.
    assert "SCAN a USING INDEX ix_accounts_deleted" in plan, plan
    assert "SEARCH f USING INDEX ix_follow_ups_account_id" in plan, plan
    assert "SCAN f" not in plan and "(id=?)" not in plan, plan


def test_today_without_a_user_lists_a_page_and_counts_them_all(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache with no one signed in: Today lists the first page of every open
    follow-up due and counts them all from the indexes (it read all 41,000 due at
    1,000,000 accounts to show 50)."""
    from desktop.services import today as today_module

    monkeypatch.setattr(today_module, "LIMIT", 2)
    today = services.clock().date()
    kept, gone = (services.accounts.create_account({"name": name}).id
                  for name in ("Kept Co", "Gone Co"))
    for account in (kept, gone):
        for days in (-5, -1, 0, 3):
            services.history.add_follow_up(account, {"title": f"In {days} days",
                                                     "due_date": today + timedelta(days=days)})
    conn = sqlite3.connect(services.store.path)
    conn.execute("UPDATE accounts SET deleted_at = '2026-11-20 10:00:00.000000' WHERE id = ?",
                 (gone.hex,))
    conn.commit()
    conn.close()
    due = services.today.follow_ups(today).due
    assert [item.title for item in due.items] == ["In -5 days", "In -1 days"]
    assert (due.total, due.overdue) == (3, 2)  # due by today, and before it
