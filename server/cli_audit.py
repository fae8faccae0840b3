"""``fieldbook-server audit --account ID`` prints who changed what under an
account; ``fieldbook-server prune`` removes replay results (and, when asked,
audit entries) older than their retention window (see ``server.retention``)."""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from server import audit_query, retention
from server.config import ServerConfig
from server.db import Database

COMMANDS = ("audit", "prune")


def add_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    audit = command("audit", "print the audit log of an account and its rows")
    audit.add_argument("--account", required=True, metavar="ID", help="the account's id")
    audit.add_argument("--since", metavar="DATE", help="YYYY-MM-DD or an ISO time (UTC if "
                       "no offset)")
    audit.add_argument("--format", choices=["text", "json"], default="text")
    audit.add_argument("--limit", type=int, default=10_000, metavar="N",
                       help="at most N entries, the newest (default 10000)")
    prune = command("prune", "remove replay results (and optionally audit entries) past "
                    "their retention window")
    prune.add_argument("--days", type=int, metavar="N",
                       help=f"keep replay results N days (default "
                            f"{ServerConfig.replay_retention_days})")
    prune.add_argument("--audit-days", type=int, metavar="N",
                       help="also remove audit entries older than N days (default: keep all)")


def run(args: argparse.Namespace, db: Database, now: datetime, config: ServerConfig) -> int:
    if args.command == "prune":
        days = config.replay_retention_days if args.days is None else args.days
        done = retention.prune(db, now, days, args.audit_days)
        print(f"Removed {done.replays} replay result(s) older than {days} days "
              f"({done.clients} device(s)); {done.audit} audit entries removed; "
              f"{done.uploads} abandoned upload chunk(s) removed.")
        return 0
    try:
        account = uuid.UUID(args.account.strip())
    except ValueError:
        raise ValueError(f"--account {args.account!r}: not an id (32 hex digits)") from None
    if args.limit < 1:
        raise ValueError("--limit must be at least 1")
    since = parse_since(args.since) if args.since else None
    with db.read() as conn:
        found, more = audit_query.entries(conn, account_id=account, since=since,
                                          limit=args.limit)
    found.reverse()  # oldest first, as a log reads
    if args.format == "json":
        print(json.dumps(found, indent=1, ensure_ascii=False))
    else:
        for entry in found:
            print(_text(entry))
        if not found:
            print("No audit entries for this account" + (" since then." if since else "."))
    if more:
        print(f"fieldbook-server: only the newest {args.limit} entries were printed "
              "(--limit)", file=sys.stderr)
    return 0


def parse_since(text: str) -> datetime:
    """A date (midnight UTC) or an ISO time; without an offset, UTC."""
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since {text!r}: not a date (YYYY-MM-DD) or ISO time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(entry: dict[str, Any]) -> str:
    who = entry["user_name"] or ("the server" if entry["user_id"] is None else entry["user_id"])
    device = f" on {entry['device']}" if entry["device"] else ""
    lines = [f"{entry['at']}  {entry['table']} {entry['row_id']}  {entry['op']}  by {who}"
             f"{device}  (version {entry['version']})"]
    for change in entry["changes"]:
        mark = "  [server]" if change["decided"] else ""
        lines.append(f"    {change['field']}: {_value(change['old'])} -> "
                     f"{_value(change['new'])}{mark}")
    return "\n".join(lines)


def _value(value: Any) -> str:
    return "-" if value is None else json.dumps(value, ensure_ascii=False)
