"""What the server decides on pipeline rows, and the reasons it gives a hand-made
mutation it refuses (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from tests.server.pipeline_rows import create, edit, row, tombstone
from tests.server.test_pipeline_scope import NOW, Office, applied, office  # noqa: F401

CLOSED = NOW.strftime("%Y-%m-%d %H:%M:%S.%f")


def _account(o: Office, **values: Any) -> dict[str, Any]:
    account = row("accounts", territory_id=o.east, **values)
    assert applied(o.push(o.root, create(1, "accounts", account)))
    return account


def _one(o: Office, user: Any, table: str, row_id: str) -> dict[str, Any]:
    return next(r for r in o.rows(user, table) if r["id"] == row_id)


def test_hand_made_mutations_get_reasons(office: Office) -> None:  # noqa: F811
    o = office
    acme, other = _account(o), _account(o, name="Other")
    deal = row("opportunities", account_id=acme["id"])
    proposal = row("proposals", account_id=acme["id"])
    assert applied(o.push(o.ann, create(1, "opportunities", deal),
                          create(2, "proposals", proposal)))
    change = row("opportunity_stage_changes", opportunity_id=deal["id"], account_id=acme["id"])
    assert applied(o.push(o.ann, create(1, "opportunity_stage_changes", change)))
    attempts = {
        "bad enum": create(1, "leads", row("leads", source="pigeon")),
        "unknown stage": create(2, "opportunities",
                                row("opportunities", account_id=acme["id"], stage="dreaming")),
        "line elsewhere": create(3, "opportunity_lines", row(
            "opportunity_lines", opportunity_id=deal["id"], account_id=other["id"])),
        "history elsewhere": create(4, "opportunity_stage_changes", row(
            "opportunity_stage_changes", opportunity_id=deal["id"], account_id=other["id"])),
        "proposal elsewhere": create(5, "proposals", row(
            "proposals", account_id=other["id"], opportunity_id=deal["id"])),
        "proposal to nothing": edit(6, "proposals", proposal["id"], {"opportunity_id": None},
                                    {"opportunity_id": "f" * 32}),
        "history rewritten": edit(7, "opportunity_stage_changes", change["id"],
                                  {"to_stage": "prospecting"}, {"to_stage": "closed_won"}),
        "history deleted": tombstone(8, "opportunity_stage_changes", change),
        "bad forecast": edit(9, "opportunities", deal["id"], {"forecast_category": "pipeline"},
                             {"forecast_category": "certain"}),
        "merge of a quota": create(10, "record_merges", row(
            "record_merges", account_id=acme["id"], table_name="quotas",
            survivor_id="1" * 32, loser_id="2" * 32)),
    }
    results = dict(zip(attempts, o.push(o.ann, *attempts.values()), strict=True))
    assert {k: r["status"] for k, r in results.items()} == dict.fromkeys(attempts, "rejected")
    reasons = {k: r["reason"] for k, r in results.items()}
    assert "'pigeon' is not a valid source" in reasons["bad enum"]
    assert "'dreaming' is not an active stage" in reasons["unknown stage"]
    for key in ("line elsewhere", "history elsewhere", "proposal elsewhere"):
        assert "belongs to another account" in reasons[key], key
    assert "not on the server" in reasons["proposal to nothing"]
    assert "cannot be changed once written" in reasons["history rewritten"]
    assert "cannot be changed once written" in reasons["history deleted"]
    assert "'certain' is not a valid forecast_category" in reasons["bad forecast"]
    assert "can be merged" in reasons["merge of a quota"]


def test_outcome_and_closed_at_follow_the_stage(office: Office) -> None:  # noqa: F811
    o = office
    acme = _account(o)
    deal = row("opportunities", account_id=acme["id"], stage="closed_won", outcome="open",
               closed_at="2020-01-01 00:00:00.000000")
    assert applied(o.push(o.ann, create(1, "opportunities", deal)))
    stored = _one(o, o.ann, "opportunities", deal["id"])
    assert (stored["outcome"], stored["closed_at"]) == ("won", CLOSED)
    assert applied(o.push(o.ann, edit(1, "opportunities", deal["id"],
                                      {"stage": "closed_won"}, {"stage": "negotiation"})))
    stored = _one(o, o.ann, "opportunities", deal["id"])
    assert (stored["outcome"], stored["closed_at"]) == ("open", None)
    assert applied(o.push(o.ann, edit(1, "opportunities", deal["id"],
                                      {"stage": "negotiation", "outcome": "open"},
                                      {"stage": "closed_lost", "outcome": "won"})))
    stored = _one(o, o.ann, "opportunities", deal["id"])
    assert (stored["outcome"], stored["closed_at"]) == ("lost", CLOSED)


def test_an_administrators_stages_replace_the_defaults(office: Office) -> None:  # noqa: F811
    o = office
    acme = _account(o)
    stages = [row("opportunity_stages", key="talk", name="Talk", position=1),
              row("opportunity_stages", key="old", name="Old", position=2, active=False),
              row("opportunity_stages", key="signed", name="Signed", position=3, kind="won",
                  probability="1")]
    assert applied(o.push(o.root, *[create(i, "opportunity_stages", s)
                                    for i, s in enumerate(stages, 1)]))
    results = o.push(o.ann, *[create(i, "opportunities", row(
        "opportunities", account_id=acme["id"], stage=key))
        for i, key in enumerate(("talk", "old", "prospecting", "signed"), 1)])
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    outcomes = sorted(r["outcome"] for r in o.rows(o.ann, "opportunities"))
    assert outcomes == ["open", "won"]


def test_server_sets_who_and_the_fit_score(office: Office) -> None:  # noqa: F811
    o = office
    acme = _account(o)
    deal = row("opportunities", account_id=acme["id"])
    change = row("opportunity_stage_changes", opportunity_id=deal["id"], account_id=acme["id"],
                 changed_by=o.bob)
    merge = row("record_merges", account_id=acme["id"], survivor_id=acme["id"],
                loser_id="3" * 32, merged_by=o.bob)
    lead = row("leads", source="referral", timing="now", fit_score=99, email="a@b.example")
    assert applied(o.push(o.ann, create(1, "opportunities", deal),
                          create(2, "opportunity_stage_changes", change),
                          create(3, "record_merges", merge), create(4, "leads", lead)))
    assert _one(o, o.ann, "opportunity_stage_changes", change["id"])["changed_by"] == o.ann.hex
    assert _one(o, o.ann, "record_merges", merge["id"])["merged_by"] == o.ann.hex
    assert _one(o, o.ann, "leads", lead["id"])["fit_score"] == 60  # defaults: 25+25+email+company
    weights = [row("lead_score_weights", factor="source:referral", weight=40),
               row("lead_score_weights", factor="budget_per_1000", weight=1, cap=5)]
    assert applied(o.push(o.root, *[create(i, "lead_score_weights", w)
                                    for i, w in enumerate(weights, 1)]))
    assert applied(o.push(o.ann, edit(1, "leads", lead["id"], {"budget": None},
                                      {"budget": "9000"})))
    assert _one(o, o.ann, "leads", lead["id"])["fit_score"] == 40 + 5
    # The moved history row may follow its deal to another account, nothing else.
    [moved] = o.push(o.ann, edit(1, "opportunity_stage_changes", change["id"],
                                 {"changed_by": o.ann}, {"changed_by": o.bob}))
    assert moved["status"] == "rejected"
