"""``fieldbook export accounts|contacts|history|follow-ups --db PATH --format
csv|xlsx --out FILE`` (accounts take the list's filters)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    from desktop.exports.lists import LISTS

    cmd = sub.add_parser("export", help="write a list to CSV or XLSX")
    cmd.add_argument("list", choices=LISTS)
    cmd.add_argument("--db", type=Path, default=None, dest="sub_db")
    cmd.add_argument("--format", choices=["csv", "xlsx", "vcf"], default=None, dest="fmt",
                     help="default: the --out file's extension (vcf: contacts as vCards)")
    cmd.add_argument("--out", type=Path, required=True)
    cmd.add_argument("--search", default="", help="accounts: the list's search text")
    cmd.add_argument("--kind", action="append", default=[], help="accounts: a kind (repeat)")
    cmd.add_argument("--status", action="append", default=[],
                     help="accounts: a status (repeat)")
    cmd.add_argument("--tier", action="append", default=[], help="accounts: a tier (repeat)")
    cmd.add_argument("--city", default=None, help="accounts: a city")
    cmd.add_argument("--include-archived", action="store_true")


def run(args: Any, db: Path) -> int:
    from desktop.exports.files import write
    from desktop.exports.lists import sheet
    from desktop.services.account_list import AccountFilter
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    fmt = args.fmt or args.out.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx") and not (fmt == "vcf" and args.list == "contacts"):
        print("fieldbook: give --format csv|xlsx (vcf for contacts) or an --out ending in "
              ".csv or .xlsx", file=sys.stderr)
        return 2
    flt = AccountFilter(text=args.search, kinds=frozenset(args.kind),
                        statuses=frozenset(args.status), tiers=frozenset(args.tier),
                        city=args.city, include_archived=args.include_archived)
    services = Services.open(db, SettingsFile(cache=db))
    try:
        if fmt == "vcf":
            from desktop.imports.vcard import export

            count = export(services, args.out)
        else:
            count = write(sheet(services, args.list, flt), fmt, args.out)
    finally:
        services.close()
    print(f"wrote {count} {args.list} row(s) to {args.out}")
    return 0
