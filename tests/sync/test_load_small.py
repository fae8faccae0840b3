"""A small sales force's day through a real server process (SQLite and
PostgreSQL): reps with their own territories push a morning of offline edits at
once, then sync a few times. No request fails, no edit is refused, and every
acknowledged edit is on the server (tests/bench/load_gen.py; the bench runs
200 reps)."""

from __future__ import annotations

from typing import Any

from tests.bench.load_gen import Day, make_reps, missing, run_day, summary


def test_every_acknowledged_edit_is_on_the_server(server: Any) -> None:
    day = Day(reps=6, accounts=4, calls=8, rounds=2, every_s=0.3, edits=3, open_s=0.3)
    reps = make_reps(server.db_url, day.reps)
    tally, wall = run_day(server.url, reps, day)
    figures = summary(tally, wall, day.reps)

    assert tally.errors == []
    per_rep = day.accounts + day.calls + day.rounds * day.edits
    assert figures["edits"] == day.reps * per_rep
    assert len(tally.acked) >= day.reps * (day.accounts + day.calls)
    assert missing(server.db_url, tally) == []
    # Each rep pulled its own new rows back, nobody else's: the cursors moved.
    assert all(rep.cursor > 0 for rep in reps)
    assert figures["push_requests"] == day.reps * (1 + day.rounds)
