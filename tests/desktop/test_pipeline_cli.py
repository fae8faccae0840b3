"""``fieldbook pipeline --db PATH [--format json|csv]`` through the CLI's entry:
open deals with weighted amounts, totals by stage and by close month."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop.domain.money import round_money
from desktop.store.store import Store
from tests.bench.forecast_bench import seed_book
from tests.desktop.test_forecast import STAGE_P
from ui.cli import main


def test_pipeline_json_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cache.sqlite3"
    store = Store(db)
    store.writer.transaction(lambda conn: seed_book(conn, accounts=60))
    store.close()
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, stage, close_date, currency, amount, probability "
                        "FROM opportunities WHERE outcome = 'open'").fetchall()
    conn.close()
    stage_totals: dict[tuple[str, str], list[D]] = defaultdict(lambda: [D(0), D(0), D(0)])
    month_totals: dict[tuple[str, str], list[D]] = defaultdict(lambda: [D(0), D(0), D(0)])
    for _id, stage, close, currency, amount, own in rows:
        weighted = D(amount) * (D(own) if own else STAGE_P[stage])
        for totals, key in ((stage_totals, stage), (month_totals, close[:7])):
            t = totals[key, currency]
            t[0] += 1
            t[1] += D(amount)
            t[2] += weighted

    assert main(["pipeline", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["id"] for d in data["opportunities"]} == {r[0] for r in rows}
    assert [d["close_date"] for d in data["opportunities"]] == sorted(
        d["close_date"] for d in data["opportunities"])
    for kind, expected in (("by_stage", stage_totals), ("by_month", month_totals)):
        got = {(t["key"], t["currency"]): (t["count"], D(t["amount"]), D(t["weighted"]))
               for t in data[kind]}
        assert got == {k: (int(c), a, round_money(w, k[1]))
                       for k, (c, a, w) in expected.items()}
    assert [t["key"] for t in data["by_stage"] if t["currency"] == "USD"] == list(STAGE_P)
    assert any(d["stale"] for d in data["opportunities"])

    assert main(["pipeline", "--db", str(db), "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sum(1 for r in table if r["row"] == "opportunity") == len(rows)
    month_rows = [r for r in table if r["row"] == "month_total"]
    assert len(month_rows) == len(month_totals) and all(r["weighted"] for r in month_rows)

    assert main(["pipeline", "--db", str(tmp_path / "none.sqlite3")]) == 2
