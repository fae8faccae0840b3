"""``fieldbook-server audiences LOGIN [AUDIENCE ...]``: which flagged field notes
a user reads besides their scope's (product, marketing, support, management).
With no audience, the user reads none; the change syncs like any user row."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update

from desktop.domain.schema.enums import NoteAudience
from server.db import Database
from server.rows import table_of
from server.users import user_id_of

COMMANDS = ("audiences",)


def add_commands(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    audiences = command("audiences", "set which field notes a user reads "
                        "(product, marketing, support, management)")
    audiences.add_argument("login")
    audiences.add_argument("audience", nargs="*")  # checked below (argparse's choices
    # refuse an empty list with nargs="*" on Python 3.11)


def run(args: argparse.Namespace, db: Database, now: datetime) -> int:
    known = [a.value for a in NoteAudience]
    wrong = [a for a in args.audience if a not in known]
    if wrong:
        raise ValueError(f"{', '.join(wrong)}: not an audience (choose from {', '.join(known)})")
    user = user_id_of(db, args.login)
    chosen = sorted(set(args.audience))
    users = table_of("users")
    with db.write() as txn:
        txn.conn.execute(update(users).where(users.c.id == user).values(
            audiences=chosen, updated_at=now, sync_version=txn.next_version()))
    print(f"{args.login} reads field notes for: {', '.join(chosen) or 'no audience'}.")
    return 0
