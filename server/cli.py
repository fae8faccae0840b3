"""``fieldbook-server``: serve, migrate, and manage users and tokens.

Every command takes ``--database-url`` (default: ``$FIELDBOOK_DATABASE_URL``,
else a SQLite file in the platform's data folder). Expected failures print one
line to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from typing import Any

from server.config import ServerConfig


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise ValueError("the passwords differ")
    return first


def _is_migrated(config: ServerConfig) -> bool:
    from sqlalchemy import inspect

    from server.db import Database

    db = Database(config.database_url)
    try:
        return bool(inspect(db.engine).has_table("sync_clock"))
    finally:
        db.dispose()


def _run(args: argparse.Namespace) -> int:
    config = ServerConfig.from_env(args.database_url)
    now = datetime.now(UTC)
    if args.command == "migrate":
        from server.db import Database
        from server.schema import migrate

        db = Database(config.database_url)
        migrate(db.engine)
        from server.pipeline_admin import seed_stages

        seeded = seed_stages(db, now)
        db.dispose()
        print(f"Database is up to date: {_safe(config.database_url)}")
        if seeded:
            print(f"Added the {seeded} default stages of the Sales Pipe "
                  "(change them with `fieldbook-server stages`).")
        return 0
    if args.command == "serve" and args.workers != 1:
        _check_workers(args.workers, config.database_url)
    if not _is_migrated(config):
        raise ValueError("the database is not set up: run `fieldbook-server migrate` first")
    if args.command == "serve":
        return _serve(args, config)
    from server import users
    from server.db import Database

    db = Database(config.database_url)
    try:
        from server import cli_pipeline

        if args.command in cli_pipeline.COMMANDS:
            return cli_pipeline.run(args, db, now)
        from server import cli_users

        if args.command in cli_users.COMMANDS:
            return cli_users.run(args, db, now)
        from server import cli_team

        if args.command in cli_team.COMMANDS:
            return cli_team.run(args, db, now)
        from server import cli_audit

        if args.command in cli_audit.COMMANDS:
            return cli_audit.run(args, db, now, config)
        if args.command == "create-user":
            user_id = users.create_user(
                db, name=args.name, email=args.email or f"{args.login}@localhost",
                login=args.login, password=_password(args), role=args.role,
                territory_codes=args.territory or [], manager_login=args.manager, now=now)
            print(f"Created {args.role} {args.login} ({user_id.hex})")
        elif args.command == "reset-password":
            users.reset_password(db, args.login, _password(args), now)
            print(f"New password set for {args.login}; their sessions were ended.")
        elif args.command == "revoke-tokens":
            from server.auth import revoke_all

            count = revoke_all(db, users.user_id_of(db, args.login), now)
            print(f"Revoked {count} session(s) of {args.login}.")
        elif args.command == "deactivate":
            users.set_active(db, args.login, False, now)
            print(f"{args.login} can no longer sign in.")
        elif args.command == "import-catalogue":
            from pathlib import Path

            from server.catalogue_import import ImportError_, import_csv

            try:
                result = import_csv(db, Path(args.file).read_text(encoding="utf-8-sig"), now)
            except ImportError_ as exc:
                for problem in exc.problems:
                    print(f"fieldbook-server: {problem}", file=sys.stderr)
                print("fieldbook-server: nothing was imported", file=sys.stderr)
                return 2
            print(f"Products: {result.products_created} new, {result.products_updated} "
                  f"changed; {result.prices} prices and {result.stock} stock levels written.")
        elif args.command == "mark-restored":
            epoch, start = db.mark_restored()
            print(f"New epoch {epoch} from version {start}: clients will push again what "
                  "they hold above it.")
    finally:
        db.dispose()
    return 0


def _check_workers(workers: int, url: str) -> None:
    """Several processes share nothing but the database: PostgreSQL only (a
    SQLite file has one writer at a time and lives on one machine)."""
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    if not url.startswith("postgresql"):
        raise ValueError(f"--workers {workers} needs a PostgreSQL database "
                         f"(--database-url postgresql+psycopg://...); {_safe(url)} is not one. "
                         "Use --workers 1 with SQLite.")


DB_CONNECTIONS = 60  # all server processes together (serve --workers N)


def _serve(args: argparse.Namespace, config: ServerConfig) -> int:
    """One process, or ``--workers`` processes on one port (uvicorn's
    supervisor restarts a worker that dies); each logs one JSON line per request."""
    import os

    import uvicorn

    from server import request_log, tls

    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": "warning",
                               "timeout_keep_alive": 30,
                               **tls.uvicorn_options(args.certfile, args.keyfile)}
    if args.workers == 1:
        from server.app import create_app

        request_log.configure()
        uvicorn.run(create_app(config), **options)
        return 0
    os.environ["FIELDBOOK_DATABASE_URL"] = config.database_url  # the workers read it
    # The processes share PostgreSQL's connections (100 by default): 60 in all.
    os.environ["FIELDBOOK_DB_CONNECTIONS"] = str(max(4, DB_CONNECTIONS // args.workers))
    uvicorn.run("server.asgi:from_env", factory=True, workers=args.workers, **options)
    return 0


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldbook-server", description="Fieldbook sync server")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, help_: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_)
        c.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://...")
        return c

    serve = command("serve", "run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="server processes on this port (N > 1 needs PostgreSQL)")
    serve.add_argument("--certfile", metavar="PEM", help="serve HTTPS with this certificate "
                       "(with its chain); needs --keyfile")
    serve.add_argument("--keyfile", metavar="PEM", help="the certificate's private key "
                       "(unencrypted PEM)")
    command("migrate", "create or upgrade the database schema")
    create = command("create-user", "add a rep, manager or admin")
    create.add_argument("name")
    create.add_argument("--login", required=True)
    create.add_argument("--email")
    create.add_argument("--role", choices=["rep", "manager", "admin"], required=True)
    create.add_argument("--territory", nargs="*", metavar="T")
    create.add_argument("--manager", metavar="LOGIN")
    create.add_argument("--password-stdin", action="store_true")
    reset = command("reset-password", "set a new password and end all sessions")
    reset.add_argument("login")
    reset.add_argument("--password-stdin", action="store_true")
    command("revoke-tokens", "end every session of a user").add_argument("login")
    command("deactivate", "stop a user from signing in").add_argument("login")
    command("mark-restored", "after restoring a backup: clients re-push what it lacks")
    command("import-catalogue", "create or update products, prices and stock from CSV"
            ).add_argument("file")
    from server import cli_pipeline

    cli_pipeline.add_commands(command)
    from server import cli_users

    cli_users.add_commands(command)
    from server import cli_team

    cli_team.add_commands(command)
    from server import cli_audit

    cli_audit.add_commands(command)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except (ValueError, OSError) as exc:
        print(f"fieldbook-server: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
