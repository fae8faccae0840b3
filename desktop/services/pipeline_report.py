"""``fieldbook pipeline``: the open deals with their weighted amounts, and the
totals by stage and by close month, as JSON or CSV (no window, no Qt).

Totals are per currency (the cache holds no exchange rates); a total's
weighted amount is the sum of its deals' amount x probability, rounded once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from desktop.domain.forecast_math import stale_text
from desktop.domain.money import round_money
from desktop.services.pipeline_board import Card, PipeFilter, PipelineBoard, SortKey

FIELDS = ("row", "key", "name", "account", "stage", "close_date", "currency", "count",
          "amount", "probability", "weighted", "stale")


def open_cards(board: PipelineBoard) -> Iterator[Card]:
    """Every open deal in the cache, by close date."""
    page = board.page(PipeFilter(), SortKey.CLOSE_DATE, limit=1000)
    while True:
        yield from page.cards
        if page.next is None:
            return
        page = board.page(PipeFilter(), SortKey.CLOSE_DATE, after=page.next, limit=1000)


def report(board: PipelineBoard) -> dict[str, Any]:
    stages = {s.key: s for s in board.stages()}
    days = board.session.settings.stale_after_days
    deals, by_stage, by_month = [], {}, {}  # type: ignore[var-annotated]
    for card in open_cards(board):
        deals.append({
            "id": card.id.hex, "name": card.name, "account": card.account,
            "stage": card.stage, "close_date": card.close_date.isoformat(),
            "currency": card.currency, "amount": _text(card.amount),
            "probability": _text(card.probability), "weighted": _text(card.weighted),
            "owner": card.owner, "next_step": card.next_step,
            "stale": stale_text(card.stale, days) or None})
        for totals, key in ((by_stage, card.stage), (by_month, f"{card.close_date:%Y-%m}")):
            count, amount, weighted = totals.get((key, card.currency), (0, Decimal(0),
                                                                        Decimal(0)))
            totals[key, card.currency] = (count + 1, amount + card.amount,
                                          weighted + card.amount * card.probability)
    order = {key: s.position for key, s in stages.items()}

    def rows(totals: dict[tuple[str, str], tuple[int, Decimal, Decimal]],
             sort: Any) -> list[dict[str, Any]]:
        return [{"key": key, "name": stages[key].name if key in stages else key,
                 "currency": currency, "count": count, "amount": _text(amount),
                 "weighted": _text(round_money(weighted, currency))}
                for (key, currency), (count, amount, weighted) in sorted(totals.items(),
                                                                          key=sort)]

    return {"as_of": board.clock().date().isoformat(), "opportunities": deals,
            "by_stage": rows(by_stage, lambda kv: (order.get(kv[0][0], 99), kv[0])),
            "by_month": rows(by_month, lambda kv: kv[0])}


def render(board: PipelineBoard, fmt: str = "json") -> str:
    data = report(board)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    for deal in data["opportunities"]:
        writer.writerow({"row": "opportunity", "key": deal["id"], "count": 1, **{
            k: deal[k] for k in FIELDS if k in deal}})
    for kind, name in (("by_stage", "stage_total"), ("by_month", "month_total")):
        for total in data[kind]:
            writer.writerow({"row": name, **{k: total[k] for k in FIELDS if k in total}})
    return out.getvalue()


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def add_commands(sub: Any) -> None:
    """``fieldbook pipeline --db PATH [--format json|csv]``."""
    from pathlib import Path

    cmd = sub.add_parser("pipeline", help="print the open deals with weighted amounts and "
                                          "totals by stage and close month")
    cmd.add_argument("--db", type=Path, default=None, dest="sub_db")
    cmd.add_argument("--format", choices=["json", "csv"], default="json", dest="fmt")


def run(args: Any, db: Any) -> int:
    import sys

    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    if not db.exists():
        print(f"fieldbook: no cache at {db}", file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        sys.stdout.write(render(services.pipeline, args.fmt))
        if args.fmt == "json":
            sys.stdout.write("\n")
    finally:
        services.close()
    return 0
