"""``fieldbook-server stages | lead-weights | quotas``: the pipeline's settings.

    fieldbook-server stages list
    fieldbook-server stages set KEY [--name N] [--probability PCT] [--position P] [--kind K]
    fieldbook-server stages deactivate KEY
    fieldbook-server lead-weights list
    fieldbook-server lead-weights set FACTOR WEIGHT [--cap C]
    fieldbook-server quotas list [--login L]
    fieldbook-server quotas set LOGIN --period quarter --start 2027-01-01 --metric revenue
                                --target 250000 [--currency USD] [--product-line LINE]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from server import pipeline_admin as admin
from server.db import Database

COMMANDS = ("stages", "lead-weights", "quotas")
Factory = Callable[[str, str], argparse.ArgumentParser]


def _percent(text: str) -> Decimal:
    """"25" or "25%" -> 0.25."""
    try:
        value = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    return value / 100


class _Actions:
    """The sub-commands of one command, each also taking ``--database-url``."""

    def __init__(self, parent: argparse.ArgumentParser) -> None:
        self.sub = parent.add_subparsers(dest="action", required=True)

    def add_parser(self, name: str, help: str) -> argparse.ArgumentParser:  # noqa: A002
        p = self.sub.add_parser(name, help=help)
        p.add_argument("--database-url", default=argparse.SUPPRESS,
                       help="SQLAlchemy URL, e.g. postgresql+psycopg://...")
        return p


def add_commands(command: Factory) -> None:
    stages = command("stages", "list or change the Sales Pipe's stages")
    actions = _Actions(stages)
    actions.add_parser("list", help="every stage with its probability")
    put = actions.add_parser("set", help="create or change a stage")
    put.add_argument("key")
    put.add_argument("--name")
    put.add_argument("--probability", type=_percent, metavar="PERCENT")
    put.add_argument("--position", type=int)
    put.add_argument("--kind", choices=["open", "won", "lost"])
    actions.add_parser("deactivate", help="no new deals in this stage").add_argument("key")

    weights = command("lead-weights", "list or change how leads are scored")
    actions = _Actions(weights)
    actions.add_parser("list", help="every weight")
    put = actions.add_parser("set", help="create or change a weight; every lead is rescored")
    put.add_argument("factor", help="source:referral, timing:now, has:email, budget_per_1000")
    put.add_argument("weight", type=int)
    put.add_argument("--cap", type=int)

    quotas = command("quotas", "list or set reps' quotas")
    actions = _Actions(quotas)
    actions.add_parser("list", help="quotas, of one rep or all").add_argument("--login")
    put = actions.add_parser("set", help="create or change one rep's quota for a period")
    put.add_argument("login")
    put.add_argument("--period", required=True, choices=["month", "quarter", "year"])
    put.add_argument("--start", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD")
    put.add_argument("--metric", required=True, choices=["revenue", "units", "new_accounts"])
    put.add_argument("--target", required=True, type=Decimal)
    put.add_argument("--currency", default="USD")
    put.add_argument("--product-line")


def run(args: argparse.Namespace, db: Database, now: datetime) -> int:
    if args.command == "stages":
        _stages(args, db, now)
    elif args.command == "lead-weights":
        if args.action == "list":
            for w in admin.list_weights(db):
                cap = f" (at most {w['cap']})" if w["cap"] is not None else ""
                print(f"{w['factor']:<24} {w['weight']:>4}{cap}")
        else:
            changed = admin.set_weight(db, args.factor, args.weight, args.cap, now)
            print(f"{args.factor} = {args.weight}; {changed} lead(s) scored again.")
    else:
        _quotas(args, db, now)
    return 0


def _stages(args: argparse.Namespace, db: Database, now: datetime) -> None:
    if args.action == "list":
        for s in admin.list_stages(db):
            flag = "" if s["active"] else "  (inactive)"
            print(f"{s['position']:>3}  {s['key']:<16} {s['name']:<20} "
                  f"{s['probability'] * 100:>5.0f} %  {s['kind']}{flag}")
        return
    if args.action == "deactivate":
        if not any(s["key"] == args.key for s in admin.list_stages(db)):
            raise admin.AdminError(f"no stage {args.key!r}")
        admin.set_stage(db, args.key, now, active=False)
        print(f"Stage {args.key} is inactive: deals in it stay, no deal moves into it.")
        return
    done = admin.set_stage(db, args.key, now, name=args.name, probability=args.probability,
                           position=args.position, kind=args.kind)
    print(f"Stage {args.key} {done}.")


def _quotas(args: argparse.Namespace, db: Database, now: datetime) -> None:
    from server import users

    if args.action == "list":
        ids = [users.user_id_of(db, args.login)] if args.login else None
        for q in admin.list_quotas(db, ids):
            line = f" {q['product_line']}" if q["product_line"] else ""
            print(f"{q['owner_id'].hex}  {q['period_kind']:<7} {q['period_start']}  "
                  f"{q['metric']}{line}  {q['target']:f} {q['currency']}")
        return
    done = admin.set_quota(db, users.user_id_of(db, args.login), args.period, args.start,
                           args.metric, args.target, now, product_line=args.product_line,
                           currency=args.currency)
    print(f"Quota of {args.login} {done}.")
