"""``fieldbook-server stages | lead-weights | quotas`` and the stages seeded on migrate."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from server.cli import main
from server.db import Database
from server.rows import table_of
from tests.server import factories
from tests.server.pipeline_rows import create, row


def _migrated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert "7 default stages" in capsys.readouterr().out
    assert main(["migrate", "--database-url", url]) == 0  # never twice
    assert "default stages" not in capsys.readouterr().out
    return url


def test_stages_seeded_listed_and_changed(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    url = _migrated(tmp_path, capsys)
    assert main(["stages", "list", "--database-url", url]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in listed] == [
        "prospecting", "qualification", "needs_analysis", "proposal", "negotiation",
        "closed_won", "closed_lost"]
    assert "10 %" in listed[0] and "100 %  won" in listed[5] and "0 %  lost" in listed[6]
    assert main(["stages", "set", "demo", "--name", "Demo given", "--probability", "50%",
                 "--position", "4", "--database-url", url]) == 0
    assert main(["stages", "set", "proposal", "--probability", "65",
                 "--database-url", url]) == 0
    assert main(["stages", "deactivate", "needs_analysis", "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["stages", "set", "new_one", "--database-url", url]) == 2
    assert "needs --name and --probability" in capsys.readouterr().err
    assert main(["stages", "set", "x", "--name", "X", "--probability", "150",
                 "--database-url", url]) == 2
    assert main(["stages", "deactivate", "nope", "--database-url", url]) == 2
    db = Database(url)
    try:
        t = table_of("opportunity_stages")
        with db.read() as conn:
            got = {r.key: (r.name, float(r.probability), r.active, r.sync_version > 7)
                   for r in conn.execute(select(t))}
    finally:
        db.dispose()
    assert got["demo"] == ("Demo given", 0.5, True, True)
    assert got["proposal"] == ("Proposal", 0.65, True, True)
    assert got["needs_analysis"][2] is False
    assert len(got) == 8


def test_lead_weights_rescore_leads(tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    import uuid
    from datetime import UTC, datetime

    from server.push import push

    url = _migrated(tmp_path, capsys)
    db = Database(url)
    try:
        ann = factories.user(db, "ann", "rep")
        lead = row("leads", source="referral", company=None, timing="unknown")
        push(db, ann, uuid.uuid4(), [create(1, "leads", lead)],
             datetime.now(UTC))
        assert main(["lead-weights", "set", "source:referral", "60", "--database-url",
                     url]) == 0
        assert "1 lead(s) scored again" in capsys.readouterr().out
        assert main(["lead-weights", "set", "budget_per_1000", "2", "--cap", "10",
                     "--database-url", url]) == 0
        assert main(["lead-weights", "set", "source:pigeon", "5", "--database-url", url]) == 2
        assert main(["lead-weights", "set", "colour:red", "5", "--database-url", url]) == 2
        capsys.readouterr()
        assert main(["lead-weights", "list", "--database-url", url]) == 0
        out = capsys.readouterr().out
        assert "source:referral" in out and "(at most 10)" in out
        leads = table_of("leads")
        with db.read() as conn:
            assert conn.execute(select(leads.c.fit_score)).scalar() == 60
    finally:
        db.dispose()


def test_quotas_set_from_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = _migrated(tmp_path, capsys)
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse\n"))
    assert main(["create-user", "Ann", "--login", "ann", "--role", "rep", "--database-url", url,
                 "--password-stdin"]) == 0
    base = ["quotas", "set", "ann", "--period", "quarter", "--start", "2027-01-01",
            "--database-url", url]
    assert main([*base, "--metric", "revenue", "--target", "250000"]) == 0
    assert main([*base, "--metric", "revenue", "--target", "300000"]) == 0
    assert main([*base, "--metric", "units", "--target", "40", "--product-line", "Shelving"]) == 0
    capsys.readouterr()
    assert main([*base[:6], "2027-02-01", *base[7:], "--metric", "revenue",
                 "--target", "1"]) == 2
    assert "first day of the quarter" in capsys.readouterr().err
    assert main([*base, "--metric", "units", "--target", "4"]) == 2
    assert main(["quotas", "list", "--login", "ann", "--database-url", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert any("revenue  300000 USD" in line for line in out)
    assert any("units Shelving  40 USD" in line for line in out)
