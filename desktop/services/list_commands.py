"""``fieldbook proposals|orders|trips|plans list``, ``fieldbook shipping
pdf|csv`` and ``fieldbook order status-pdf``: what the window lists and prints,
from the command line (ids included, so other commands can be given them)."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.container import Services

LISTS = ("proposals", "orders", "trips", "plans")
# The columns the text table shows (JSON has every field).
COLUMNS = {
    "proposals": ("id", "number", "revision", "status", "account", "issued_on", "amount",
                  "currency"),
    "orders": ("id", "number", "status", "account", "entered_at", "amount", "currency"),
    "trips": ("id", "name", "status", "first_date", "last_date", "stops", "visited"),
    "plans": ("id", "name", "period_start", "period_end"),
}
HIDDEN = frozenset({"rowid"})


def add_commands(sub: Any) -> None:
    for name in LISTS:
        cmd = sub.add_parser(name, help=f"list the cache's {name}")
        cmd_sub = cmd.add_subparsers(dest="action", required=True)
        listing = cmd_sub.add_parser("list", help=f"list the {name}, newest first")
        listing.add_argument("--db", type=Path, default=None, dest="sub_db")
        listing.add_argument("--format", choices=["text", "json"], default="text", dest="fmt")
    shipping = sub.add_parser("shipping", help="the shipping schedule")
    shipping_sub = shipping.add_subparsers(dest="action", required=True)
    for kind in ("pdf", "csv"):
        cmd = shipping_sub.add_parser(kind, help=f"write the shipping schedule as {kind.upper()}")
        cmd.add_argument("--db", type=Path, default=None, dest="sub_db")
        cmd.add_argument("--days", type=int, default=30, help="days ahead (default 30)")
        cmd.add_argument("--out", type=Path, required=True)
    order = sub.add_parser("order", help="one order's documents")
    order_sub = order.add_subparsers(dest="action", required=True)
    status = order_sub.add_parser("status-pdf", help="write an order's status update as PDF")
    status.add_argument("order", metavar="ORDER", help="the order's id or number")
    status.add_argument("--db", type=Path, default=None, dest="sub_db")
    status.add_argument("--out", type=Path, required=True)


COMMANDS = frozenset({*LISTS, "shipping", "order"})


def run(args: Any, db: Path) -> int:
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    if not db.exists():
        print(f"fieldbook: no cache at {db}", file=sys.stderr)
        return 2
    services = Services.open(db, SettingsFile(cache=db))
    try:
        if args.command in LISTS:
            rows = [_plain(r) for r in _rows(services, args.command)]
            sys.stdout.write(_json(rows) if args.fmt == "json"
                             else _table(rows, COLUMNS[args.command]))
            return 0
        if args.command == "shipping":
            return _shipping(services, args.action, args.days, args.out)
        return _status_pdf(services, args.order, args.out)
    finally:
        services.close()


def _rows(services: Services, name: str) -> Iterator[Any]:
    if name == "proposals":
        from desktop.services.proposal_list import ProposalFilter

        pfilter, pcursor = ProposalFilter(), None
        while True:
            ppage = services.proposal_list.page(pfilter, pcursor, limit=500)
            yield from ppage.rows
            if (pcursor := ppage.next) is None:
                return
    elif name == "orders":
        from desktop.services.order_list import OrderFilter

        ofilter, ocursor = OrderFilter(), None
        while True:
            opage = services.order_list.page(ofilter, ocursor, limit=500)
            yield from opage.rows
            if (ocursor := opage.next) is None:
                return
    elif name == "trips":
        yield from services.trips.trips()
    else:
        yield from services.action_plans.plans()


def _plain(row: Any) -> dict[str, Any]:
    values = asdict(row) if is_dataclass(row) and not isinstance(row, type) else row._asdict()
    out = {}
    for key, value in values.items():
        if key in HIDDEN:
            continue
        if isinstance(value, uuid.UUID):
            value = value.hex
        elif isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, float):
            value = round(value, 2)
        out[key] = value
    return out


def _json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    def text(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}"
        return "" if value is None else str(value)

    cells = [list(columns)] + [[text(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(row[n]) for row in cells) for n in range(len(columns))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    return "\n".join(lines) + "\n"


def _shipping(services: Services, kind: str, days: int, out: Path) -> int:
    rows = services.shipping.schedule(days=days)
    if kind == "csv":
        out.write_text(services.shipping.schedule_csv(rows), encoding="utf-8")
    else:
        from desktop.documents.schedule_pdf import render

        out.write_bytes(render(rows, services.clock().date(), days, services.branding))
    print(out)
    return 0


def _status_pdf(services: Services, order: str, out: Path) -> int:
    from desktop.documents.order_status_pdf import render
    from desktop.services.base import NotFound

    row = services.store.reads().execute(
        "SELECT id FROM orders WHERE deleted_at IS NULL AND (id = ? OR number = ? "
        "OR provisional_number = ?)", (_hex(order), order, order)).fetchone()
    if row is None:
        print(f"fieldbook: no order {order} in {services.store.path}", file=sys.stderr)
        return 2
    try:
        doc = services.shipping.status_document(uuid.UUID(hex=row[0]))
    except NotFound:
        print(f"fieldbook: no order {order}", file=sys.stderr)
        return 2
    out.write_bytes(render(doc, services.branding))
    print(out)
    return 0


def _hex(text: str) -> str:
    try:
        return uuid.UUID(text).hex
    except ValueError:
        return text
