"""``fieldbook-server set-user``, ``users``, ``devices`` and ``revoke-device``.

A change to a user is a synced write of their ``users`` row (so every cache
hears of it) and of their territories; the scope fingerprint each pull carries
changes with it, and the affected caches re-check their scope on their next
sync (``desktop.sync.client``). A discount ceiling is read from the users row
on every check, so it holds from the next push on.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from server import devices, user_admin
from server.db import Database
from server.users import ROLES, user_id_of

COMMANDS = ("set-user", "users", "devices", "revoke-device")


def add_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    s = command("set-user", "change a user's territories, manager, role or discount ceiling")
    s.add_argument("login")
    s.add_argument("--territories", nargs="*", metavar="T",
                   help="the territory codes the user works (replaces the current ones; "
                        "none: no territory)")
    s.add_argument("--manager", metavar="LOGIN", help="their manager's login, or 'none'")
    s.add_argument("--role", choices=ROLES)
    s.add_argument("--discount-ceiling", metavar="N",
                   help="the largest discount without approval: 0.15 or 15%%, or 'default'")
    listing = command("users", "list the users, their territories, manager and ceiling")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    d = command("devices", "list a user's devices (each sign-in is one)")
    d.add_argument("login")
    d.add_argument("--format", choices=("text", "json"), default="text")
    r = command("revoke-device", "sign a device out for good: it wipes its cache "
                                 "on its next contact")
    r.add_argument("login")
    r.add_argument("device", help="the device's id (from `devices`) or its name")


def run(args: argparse.Namespace, db: Database, now: datetime) -> int:
    if args.command == "set-user":
        return _set_user(args, db, now)
    if args.command == "users":
        return _users(args, db)
    user_id = user_id_of(db, args.login)
    found = devices.of_user(db, user_id, now)
    if args.command == "devices":
        return _devices(args, found)
    device = devices.find(found, args.device)
    if device.revoked_at is not None:
        print(f"Device {device.short_id} ({device.name}) of {args.login} was already revoked "
              f"on {_when(device.revoked_at)}.")
        return 0
    ended = devices.revoke(db, device, now)
    print(f"Revoked device {device.short_id} ({device.name}) of {args.login}: {ended} "
          "session(s) ended. On its next contact the app removes this user's data from it; "
          "edits it had not sent are lost.")
    return 0


def _set_user(args: argparse.Namespace, db: Database, now: datetime) -> int:
    change = user_admin.Change(
        territories=args.territories, manager=args.manager, role=args.role,
        ceiling=user_admin.parse_ceiling(args.discount_ceiling))
    if change.empty:
        raise ValueError("nothing to change: give --territories, --manager, --role or "
                         "--discount-ceiling")
    done = user_admin.set_user(db, args.login, change, now)
    for line in done:
        print(line)
    return 0


def _users(args: argparse.Namespace, db: Database) -> int:
    rows = user_admin.listing(db)
    if args.format == "json":
        print(json.dumps(rows, indent=1))
        return 0
    table: list[tuple[str, ...]] = [
        ("LOGIN", "NAME", "ROLE", "TERRITORIES", "MANAGER", "CEILING", "ACTIVE")]
    table += [(r["login"], r["name"], r["role"], ",".join(r["territories"]) or "-",
               r["manager"] or "-", r["discount_ceiling"] or "default",
               "yes" if r["active"] else "no") for r in rows]
    _print_table(table)
    return 0


def _devices(args: argparse.Namespace, found: list[devices.Device]) -> int:
    if args.format == "json":
        print(json.dumps([_device_json(d) for d in found], indent=1))
        return 0
    if not found:
        print(f"{args.login} has no devices (no sign-ins yet).")
        return 0
    table: list[tuple[str, ...]] = [
        ("ID", "NAME", "ADDRESS", "FIRST SEEN", "LAST SEEN", "STATE")]
    table += [(d.short_id, d.name, d.address or "-", _when(d.first_seen_at),
               _when(d.last_seen_at), d.state + (f" {_when(d.revoked_at)}" if d.revoked_at
                                                  else "")) for d in found]
    _print_table(table)
    return 0


def _device_json(d: devices.Device) -> dict[str, Any]:
    return {"id": d.id.hex, "short_id": d.short_id, "name": d.name, "address": d.address,
            "first_seen_at": d.first_seen_at.isoformat(),
            "last_seen_at": d.last_seen_at.isoformat(),
            "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None, "state": d.state}


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def _print_table(rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
