"""Team work in the demo book: tasks handed between the demo rep ("you"), a
colleague and the manager, and field notes flagged for product, marketing,
support and management (the demo rep reads product's; the manager management's).

Written last with a generator of its own (seeded from the book's rep), so every
row before it comes out exactly as it did without it."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.demo.book import _UUID_CLEAR, _UUID_SET, _stamp

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

TASKS_FOR_YOU = (("Call about the damaged pallet claim", -2),
                 ("Quote the 18 in. stretch wrap for the new line", 0),
                 ("Bring the catalogue on your next visit", 3))
TASKS_YOU_GAVE = (("Check the delivery window with receiving", 1),
                  ("Visit while you are in the area", 6))
NOTES = (  # (author: 0 you, 1 colleague), audience, topic, body, status
    (1, "product", "Wrap tears at the core",
     "Two buyers say the 18 in. wrap tears near the core in cold storage.", "open"),
    (1, "product", "Ask for a 500-count case",
     "A chain of dental offices wants gloves in 500-count cases, not 100.", "open"),
    (0, "marketing", "Competitor price sheet",
     "Northside Supply hands out a price sheet 8 % under ours on cups and lids.", "open"),
    (0, "management", "Credit limit holding orders",
     "Two A-tier accounts had orders held for credit; both pay on time.", "acknowledged"),
    (1, "support", "Invoices in the wrong currency",
     "A Canadian branch received USD invoices twice this month.", "closed"),
)


def write_team(w: BookWriter) -> None:
    rng = random.Random(w.rep_id.int)
    new_id = lambda: f"{(rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET:032x}"  # noqa: E731
    rep, colleague = w.reps[0], w.reps[1]
    cur, handed = w.cur, _stamp(w.now - 2 * 86_400)  # handed over two days ago
    manager = cur.execute("SELECT manager_id FROM users WHERE id = ?", (rep,)).fetchone()[0]
    cur.execute("UPDATE users SET audiences = ? WHERE id = ?", (json.dumps(["product"]), rep))
    cur.execute("UPDATE users SET audiences = ? WHERE id = ?", (json.dumps(["management"]),
                                                                  manager))
    shared = [r[0] for r in cur.execute(  # yours, in the colleague's territory: both cover it
        "SELECT a.id FROM accounts a JOIN users u ON u.id = ? WHERE a.owner_id = ? "
        "AND a.territory_id = u.territory_id AND a.status = 'active' ORDER BY a.id LIMIT 8",
        (colleague, rep))]
    mine = [r[0] for r in cur.execute(
        "SELECT id, territory_id FROM accounts WHERE owner_id = ? AND status = 'active' "
        "ORDER BY id LIMIT 8", (rep,))]
    theirs = [r[0] for r in cur.execute(
        "SELECT id FROM accounts WHERE owner_id = ? AND status = 'active' ORDER BY id LIMIT 8",
        (colleague,))]
    rows = []
    if mine:  # a tiny book may give the rep no active account, or few
        for n, (title, days) in enumerate(TASKS_FOR_YOU):
            giver = manager if n != 1 else colleague
            pool = mine if giver == manager else (shared or mine)
            rows.append((new_id(), pool[n % len(pool)], rep, giver, title,
                         w.today + timedelta(days=days)))
    for n, (title, days) in enumerate(TASKS_YOU_GAVE[:len(shared)]):
        rows.append((new_id(), shared[-1 - n], colleague, rep, title,
                     w.today + timedelta(days=days)))
    cur.executemany(
        "INSERT INTO follow_ups (id, account_id, assignee_id, assigned_by, title, due_date, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(*r[:5], r[5].isoformat(), handed, handed) for r in rows])
    notes = []
    for n, (author, audience, topic, body, status) in enumerate(NOTES):
        who, accounts = (rep, mine) if author == 0 else (colleague, theirs)
        account = accounts[(n + 3) % len(accounts)] if accounts else None
        territory = cur.execute("SELECT territory_id FROM accounts WHERE id = ?",
                                (account,)).fetchone()[0] if account else None
        noted = w.now - (n * 2 + 1) * 86_400 - rng.randrange(36_000)
        answered = status != "open"
        stamp = _stamp(noted)
        notes.append((new_id(), who, territory, account, audience, topic, body, stamp, status,
                      "Thanks: we are on it." if answered else None,
                      manager if answered else None, _stamp(noted + 7_200) if answered else None,
                      stamp, stamp))
    cur.executemany(
        "INSERT INTO field_notes (id, author_id, territory_id, about_account_id, audience, "
        "topic, body, noted_at, status, response, responded_by, responded_at, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", notes)
    w.counts["field_notes"] = len(notes)
    w.counts["tasks"] = len(rows)
