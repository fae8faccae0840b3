"""Importing a Salesforce export: 100,000 accounts and 300,000 contacts from
CSV into a cache that already holds 1 % of them (target: under 60 s for both
files, duplicates matched and merged).

The files are written once per size under ``bench-out/import-<n>/`` with the
report export's column names (``Account ID``, ``Billing Zip/Postal Code``…),
a UTF-8 BOM, quoted commas and newlines in streets and descriptions, and a
bad row in every 1,000. The cache is seeded (untimed) with 1 % of the accounts
and their contacts as an earlier import left them: the big files carry those
again with a field the cache lacks (filled by the merge) and one it has with
another value (a conflict: the cache's is kept). The timed runs are the
``fieldbook import`` pipeline itself (check, duplicate matching, writer
chunks, batch file), accounts then contacts, ``--duplicates merge``.

CPU (this process's and its check worker's: ``time.process_time`` plus the
ended children's ``getrusage``) and wall time are both reported: the machine
the figures come from is shared, so the wall includes waiting for a core.
``IMPORT_BENCH_PIPELINE=0`` forces the serial path (``=1`` the pipelined one;
by default files of 20,000 rows or more are pipelined).
"""

from __future__ import annotations

import csv
import os
import random
import time
from pathlib import Path
from typing import Any

ACCOUNT_HEADER = ["Account ID", "Account Name", "Account Owner", "Type", "Industry",
                  "Billing Street", "Billing City", "Billing State/Province",
                  "Billing Zip/Postal Code", "Billing Country", "Phone", "Website",
                  "Description"]
CONTACT_HEADER = ["Contact ID", "Account ID", "Account Name", "First Name", "Last Name",
                  "Title", "Email", "Phone", "Mobile", "Mailing Country"]
TYPES = ("Customer - Direct", "Customer - Channel", "Prospect", "Channel Partner / Reseller",
         "Other")
STATES = (("IL", "Urbana", "618"), ("TX", "Austin", "512"), ("CA", "Fresno", "559"),
          ("OH", "Dayton", "937"), ("NY", "Albany", "518"), ("WA", "Yakima", "509"))
SEED_SHARE = 100  # one account in this many is in the cache before the import


SYLLABLES = ("ka", "lo", "mer", "dan", "vi", "sto", "ren", "bel", "tor", "qui", "sa", "nor",
             "fel", "gra", "ho", "lin", "mar", "pe", "ros", "tal", "ul", "ve", "wen", "zi")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).title()


def _account(rng: random.Random, n: int) -> dict[str, str]:
    from desktop.demo import vocab

    state, city, area = STATES[n % len(STATES)]
    name = f"{_word(rng)} {_word(rng)} {rng.choice(vocab.COMPANY_LAST)}{rng.choice(vocab.SUFFIXES)}"
    return {"Account ID": f"0015g{n:010d}", "Account Name": name, "Account Owner": "Dana Rep",
            "Type": rng.choice(TYPES), "Industry": rng.choice(list(vocab.INDUSTRIES)),
            "Billing Street": f"{rng.randrange(1, 9999)} {rng.choice(vocab.STREETS)}"
            + ("\nSuite 4" if n % 7 == 0 else ""),
            "Billing City": city, "Billing State/Province": state,
            "Billing Zip/Postal Code": f"{rng.randrange(10000, 99999)}",
            "Billing Country": "United States" if n % 2 else "USA",
            "Phone": f"({area}) {200 + n // 10_000 % 800:03d}-{n % 10_000:04d}",
            "Website": f"www.account{n}.example" if n % 3 else "",
            "Description": rng.choice(vocab.ACCOUNT_NOTES) if n % 4 == 0 else ""}


def _contact(rng: random.Random, account: dict[str, str], n: int) -> dict[str, str]:
    from desktop.demo import vocab

    first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
    area = account["Phone"][1:4]
    return {"Contact ID": f"0035g{n:010d}", "Account ID": account["Account ID"],
            "Account Name": account["Account Name"], "First Name": first, "Last Name": last,
            "Title": rng.choice(vocab.TITLES), "Email": f"{first}.{last}.{n}@mail.example".lower(),
            "Phone": f"({area}) 3{n // 10_000 % 100:02d}-{n % 10_000:04d}",
            "Mobile": f"({area}) 7{n // 10_000 % 100:02d}-{n % 10_000:04d}" if n % 2 else "",
            "Mailing Country": "US"}


def write_files(folder: Path, accounts: int) -> tuple[Path, Path, Path, Path]:
    """(seed accounts, seed contacts, accounts, contacts) CSV files, made once."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = tuple(folder / n for n in ("seed-accounts.csv", "seed-contacts.csv",
                                       "Accounts.csv", "Contacts.csv"))
    if all(p.exists() for p in paths) and (folder / "ready").exists():
        return paths  # type: ignore[return-value]
    rng = random.Random(16)
    files = [p.open("w", encoding="utf-8-sig", newline="") for p in paths]
    try:
        seed_acc, seed_con, big_acc, big_con = (
            csv.DictWriter(f, ACCOUNT_HEADER if i % 2 == 0 else CONTACT_HEADER,
                           lineterminator="\r\n")
            for i, f in enumerate(files))
        for w in (seed_acc, seed_con, big_acc, big_con):
            w.writeheader()
        contact = 0
        for n in range(accounts):
            row = _account(rng, n)
            people = [_contact(rng, row, contact + k) for k in range(3)]
            contact += 3
            if n % SEED_SHARE == 0:  # in the cache already: no website yet, another industry
                seed_acc.writerow({**row, "Website": "", "Industry": "Other",
                                   "Account ID": f"seed{n}"})
                for person in people:
                    seed_con.writerow({**person, "Title": "", "Account ID": f"seed{n}",
                                       "Contact ID": "seed" + person["Contact ID"]})
                row = {**row, "Website": row["Website"] or f"www.account{n}.example"}
            if n % 1000 == 999:  # a bad row: a phone no one can dial
                row = {**row, "Phone": "call the office"}
            big_acc.writerow(row)
            for person in people:
                big_con.writerow(person)
    finally:
        for f in files:
            f.close()
    (folder / "ready").write_text("ok")
    return paths  # type: ignore[return-value]


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the import's
    check worker, joined before the import returns)."""
    import resource

    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + child.ru_utime + child.ru_stime


PARENT_CPU: list[float] = []  # this process's share of each timed run


def _timed(label: str, work: Any) -> tuple[Any, float, float]:
    started, used, own = time.perf_counter(), _cpu(), time.process_time()
    result = work()
    PARENT_CPU.append(time.process_time() - own)
    return result, time.perf_counter() - started, _cpu() - used


def run(out: Path, emit: Any, *, quick: bool = False) -> None:
    from desktop.imports import batches, importer
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    accounts = 5_000 if quick else 100_000
    # IMPORT_BENCH_PIPELINE=0 / 1 forces the serial / pipelined path (else by size).
    choice = os.environ.get("IMPORT_BENCH_PIPELINE")
    pipelined = None if choice is None else choice == "1"
    seed_acc, seed_con, big_acc, big_con = write_files(out / f"import-{accounts}", accounts)
    db = out / f"import-{accounts}.sqlite3"
    for stale in out.glob(f"import-{accounts}.sqlite3*"):
        stale.unlink() if stale.is_file() else None
    for old in batches.folder(db).glob("*.json") if batches.folder(db).exists() else []:
        old.unlink()
    services = Services.open(db, SettingsFile(cache=db))
    try:
        for kind, path in (("accounts", seed_acc), ("contacts", seed_con)):
            importer.run(services, kind, path, "salesforce", duplicates="new")
        ticks: list[int] = []
        acc, acc_wall, acc_cpu = _timed("accounts", lambda: importer.run(
            services, "accounts", big_acc, "salesforce", duplicates="merge",
            progress=lambda done, _total: ticks.append(done), pipelined=pipelined))
        con, con_wall, con_cpu = _timed("contacts", lambda: importer.run(
            services, "contacts", big_con, "salesforce", duplicates="merge",
            progress=lambda done, _total: ticks.append(done), pipelined=pipelined))
        conn = services.store.reads()
        live = conn.execute("SELECT (SELECT count(*) FROM accounts WHERE deleted_at IS NULL), "
                            "(SELECT count(*) FROM contacts WHERE deleted_at IS NULL)").fetchone()
        indexed = conn.execute("SELECT count(*) FROM account_search_docsize").fetchone()[0]
        extra = {"accounts_rows": acc.rows, "accounts_imported": acc.imported,
                 "accounts_merged": acc.merged, "accounts_rejected": len(acc.rejected),
                 "contacts_rows": con.rows, "contacts_imported": con.imported,
                 "contacts_merged": con.merged, "contacts_rejected": len(con.rejected),
                 "live_accounts": live[0], "live_contacts": live[1],
                 "progress_reports": len(ticks), "accounts_in_search_index": indexed}
        total_wall, total_cpu = acc_wall + con_wall, acc_cpu + con_cpu
        emit("import_accounts_contacts_csv", total_wall, "s",
             target=60.0 if accounts >= 100_000 else None, cpu_s=round(total_cpu, 1),
             accounts_wall_s=round(acc_wall, 1), accounts_cpu_s=round(acc_cpu, 1),
             contacts_wall_s=round(con_wall, 1), contacts_cpu_s=round(con_cpu, 1),
             path="serial" if pipelined is False else "pipelined" if pipelined else "by size",
             parent_cpu_s=round(sum(PARENT_CPU[-2:]), 1),
             **extra)
    finally:
        services.close()
