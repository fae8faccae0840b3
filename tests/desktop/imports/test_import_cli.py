"""``fieldbook import accounts|contacts ... --mapping`` and ``import undo``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.desktop.imports import samples as s
from ui.cli import main


def test_import_then_undo_from_the_command_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "c.sqlite3"
    acc, con, rej = tmp_path / "a.csv", tmp_path / "p.csv", tmp_path / "rejects.csv"
    acc.write_bytes(s.SAGE_COMPANIES_BYTES)
    con.write_bytes(s.SAGE_PEOPLE_BYTES)
    assert main(["import", "accounts", str(acc), "--db", str(db), "--mapping", "sage",
                 "--rejects", str(rej)]) == 1  # a bad row: named, the good ones land
    out, err = capsys.readouterr()
    assert "imported 3 accounts of 4 row(s) (cp1252); 1 rejected" in out
    assert f"{acc}:4: 14 fields where the header has 12" in err
    assert rej.read_text(encoding="utf-8-sig").splitlines()[1].startswith("4,")
    batch = out.split("batch ")[1].split()[0]
    assert main(["import", "contacts", str(con), "--db", str(db), "--mapping", "sage",
                 "--dry-run"]) == 1
    assert "would import 2 contacts of 3 row(s)" in capsys.readouterr().out
    live = "SELECT count(*) FROM accounts WHERE deleted_at IS NULL"
    assert sqlite3.connect(db).execute(live).fetchone() == (3,)
    assert main(["import", "undo", batch, "--db", str(db)]) == 0
    assert "undone: 3 row(s)" in capsys.readouterr().out
    assert sqlite3.connect(db).execute(live).fetchone() == (0,)
    assert main(["import", "undo", "nope", "--db", str(db)]) == 1
    assert main(["import", "accounts", str(acc), "--db", str(db), "--mapping",
                 str(tmp_path / "missing.json")]) == 2


def test_duplicates_merge_skip_or_new_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.desktop.imports.test_merge import AGAIN

    db = tmp_path / "c.sqlite3"
    first, again = tmp_path / "a.csv", tmp_path / "again.csv"
    first.write_bytes(s.SF_ACCOUNTS_BYTES)
    again.write_text(AGAIN, encoding="utf-8")
    base = ["--db", str(db), "--mapping", "salesforce"]
    main(["import", "accounts", str(first), *base])
    live = "SELECT count(*) FROM accounts WHERE deleted_at IS NULL"
    assert sqlite3.connect(db).execute(live).fetchone() == (3,)
    capsys.readouterr()
    assert main(["import", "accounts", str(again), *base]) == 0  # skip: the default
    assert "imported 1 accounts of 3 row(s) (utf-8); 0 rejected, 2 possible duplicate(s), " \
        "2 skipped" in capsys.readouterr().out
    assert main(["import", "accounts", str(again), *base, "--duplicates", "merge"]) == 0
    out = capsys.readouterr().out
    assert "again.csv:3: website: kept 'https://www.acmefeed.example', the file has " \
        "'https://www.other.example'" in out
    assert "imported 0 accounts" in out and "3 merged" in out  # Brand New landed on the skip
    assert sqlite3.connect(db).execute(
        "SELECT website FROM accounts WHERE name = 'Prairie Tractors'").fetchone() == (
        "https://www.prairie.example",)
    batch = out.split("batch ")[1].split()[0]
    assert main(["import", "undo", batch, "--db", str(db)]) == 0
    assert sqlite3.connect(db).execute(
        "SELECT website FROM accounts WHERE name = 'Prairie Tractors'").fetchone() == (None,)
    assert main(["import", "accounts", str(again), *base, "--duplicates", "new"]) == 0
    assert sqlite3.connect(db).execute(live).fetchone() == (7,)  # 4 + all 3 again


def test_ctrl_c_stops_between_chunks_and_what_landed_undoes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    from desktop.imports import commands, writing

    db, acc = tmp_path / "c.sqlite3", tmp_path / "a.csv"
    acc.write_bytes(s.SAGE_COMPANIES_BYTES)  # three good rows
    monkeypatch.setattr(writing, "CHUNK", 1)
    monkeypatch.setattr(writing, "TRANSACTION", 1)
    monkeypatch.setattr(commands, "_progress",
                        lambda done, _total: signal.raise_signal(signal.SIGINT))
    # What the process had (a shell starting it in the background makes it SIG_IGN).
    before = signal.getsignal(signal.SIGINT)
    assert main(["import", "accounts", str(acc), "--db", str(db), "--mapping", "sage"]) == 1
    out = capsys.readouterr().out
    assert "imported 1 accounts of 4 row(s)" in out
    assert "stopped (Ctrl+C): what landed is one import, undone in one step" in out
    live = "SELECT count(*) FROM accounts WHERE deleted_at IS NULL"
    assert sqlite3.connect(db).execute(live).fetchone() == (1,)
    batch = out.split("\nbatch ")[1].split()[0]
    assert main(["import", "undo", batch, "--db", str(db)]) == 0
    assert sqlite3.connect(db).execute(live).fetchone() == (0,)
    assert signal.getsignal(signal.SIGINT) is before  # given back
