"""The three-way merge rules, on plain dicts."""

from __future__ import annotations

from server.merge import Mutation, merge

ROW = {"id": "a" * 32, "name": "Acme", "phone": "+15551234567", "notes": None,
       "updated_at": "2026-01-01 00:00:00.000000", "deleted_at": None}


def upsert(base: dict | None, changes: dict) -> Mutation:
    return Mutation(1, "accounts", "a" * 32, "upsert", base, changes)


def test_field_changed_only_by_the_client_takes_its_value() -> None:
    out = merge(ROW, upsert({"name": "Acme"}, {"name": "Acme Corp"}))
    assert out.row is not None and out.row["name"] == "Acme Corp"
    assert out.lost == []


def test_field_changed_only_on_the_server_is_kept() -> None:
    server = {**ROW, "phone": "+15559990000"}
    out = merge(server, upsert({"name": "Acme"}, {"name": "Acme Corp"}))
    assert out.row is not None
    assert out.row["phone"] == "+15559990000" and out.row["name"] == "Acme Corp"


def test_same_field_both_sides_later_wins_and_loser_is_kept() -> None:
    server = {**ROW, "name": "Acme Inc"}
    out = merge(server, upsert({"name": "Acme"}, {"name": "Acme Corp"}))
    assert out.row is not None and out.row["name"] == "Acme Corp"
    assert [(c.field, c.kind, c.kept, c.lost) for c in out.lost] == [
        ("name", "field", "Acme Corp", "Acme Inc")]


def test_same_value_on_both_sides_is_no_conflict() -> None:
    server = {**ROW, "name": "Acme Corp"}
    out = merge(server, upsert({"name": "Acme"}, {"name": "Acme Corp"}))
    assert out.row is None and out.lost == []


def test_client_timestamps_never_create_conflicts() -> None:
    server = {**ROW, "updated_at": "2027-01-01 00:00:00.000000"}
    out = merge(server, upsert({"updated_at": "2026-01-01 00:00:00.000000"},
                               {"updated_at": "2025-01-01 00:00:00.000000"}))
    assert out.lost == []


def test_delete_of_an_unchanged_row_deletes() -> None:
    m = Mutation(1, "accounts", "a" * 32, "delete", dict(ROW),
                 {"deleted_at": "2026-02-01 00:00:00.000000"})
    out = merge(ROW, m)
    assert out.row is not None and out.row["deleted_at"] == "2026-02-01 00:00:00.000000"


def test_delete_never_beats_an_edit_it_did_not_see() -> None:
    server = {**ROW, "notes": "called, wants a quote"}
    m = Mutation(1, "accounts", "a" * 32, "delete", dict(ROW),
                 {"deleted_at": "2026-02-01 00:00:00.000000"})
    out = merge(server, m)
    assert out.row is None
    assert out.lost[0].kind == "delete" and out.lost[0].lost["edited"] == ["notes"]


def test_edit_of_a_deleted_row_restores_it_with_a_record() -> None:
    server = {**ROW, "deleted_at": "2026-02-01 00:00:00.000000"}
    out = merge(server, upsert({"notes": None}, {"notes": "still a customer"}))
    assert out.row is not None and out.row["deleted_at"] is None
    assert out.row["notes"] == "still a customer"
    assert out.lost[0].kind == "restored"


def test_new_row_is_created_from_base_and_changes() -> None:
    out = merge(None, upsert(None, {**ROW}))
    assert out.created and out.row == ROW
