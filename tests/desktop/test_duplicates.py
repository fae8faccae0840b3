"""The duplicate check: legal forms, reformatted phones, emails in any case,
folded names, and an index kept current from change records."""

from __future__ import annotations

import uuid

import pytest

from desktop.services.container import Services
from desktop.services.duplicates import DuplicateFinder
from desktop.services.name_fold import fold, fold_company


@pytest.mark.parametrize(("a", "b"), [
    ("Acme Inc.", "ACME, LLC"), ("Acme Incorporated", "acme l.l.c."), ("Müller GmbH", "Muller AG"),
    ("Smith & Sons Ltd", "Smith and Sons Limited"), ("Peña S.A.", "PENA SA"),
    ("株式会社トヨタ", "トヨタ株式会社"), ("Nordic Co.", "Nordic Corporation"),
    ("Løvås AS", "Lovas"), ("Keller Pty Ltd", "Keller PLC"), ("Zoë's Café BV", "Zoes Cafe NV"),
    ("Gunren Labs Corportion", "Gunren Labs"), ("Acme Compnay", "ACME"),
])
def test_legal_forms_and_spelling_fold_to_one_name(a: str, b: str) -> None:
    assert fold_company(a) == fold_company(b) != ""


def test_a_name_that_is_only_a_legal_form_is_kept() -> None:
    assert fold_company("Company") == "company"
    assert fold("  Dr. O'Brien-Smith ") == "dr obrien smith"
    assert fold_company("Acme Compass") == "acme compass"  # a word, not a misspelt form


@pytest.fixture
def book(services: Services) -> dict[str, uuid.UUID]:
    acme = services.accounts.create_account({
        "name": "Acme Inc.", "phone": "(217) 555-0199", "billing_city": "Urbana"}).id
    jane = services.accounts.add_contact(acme, {
        "first_name": "Jane", "last_name": "Doe", "email": "jane.doe@acme.com",
        "mobile_phone": "+1 312 555 0123"}).id
    other = services.accounts.create_account({"name": "Bayside Dental Group"}).id
    lead = services.leads.capture({"source": "web", "company": "Zephyr Holdings",
                                   "first_name": "Bob", "last_name": "Stone",
                                   "email": "bob@zephyr.com"}).id
    return {"acme": acme, "jane": jane, "other": other, "lead": lead}


def _find(services: Services, kind: str, **fields: str) -> list[tuple[str, uuid.UUID, str]]:
    return [(c.table, c.id, c.reasons()) for c in services.duplicates.candidates(kind, fields)]


def test_another_legal_form_is_found(services: Services, book: dict[str, uuid.UUID]) -> None:
    assert _find(services, "leads", company="ACME, LLC") == [
        ("accounts", book["acme"], "same name")]
    assert _find(services, "accounts", name="Zephyr Holdings Ltd.") == [
        ("leads", book["lead"], "same name")]


def test_a_similar_name_says_how_similar(services: Services, book: dict[str, uuid.UUID]
                                         ) -> None:
    found = services.duplicates.candidates("accounts", {"name": "Bayside Dentl Group"})
    assert [c.id for c in found] == [book["other"]]
    assert found[0].why[0].kind == "name" and 85 <= found[0].score < 100
    assert found[0].reasons() == f"similar name {found[0].score} %"
    assert _find(services, "accounts", name="Baltic Shipping") == []


def test_a_reformatted_phone_is_found(services: Services, book: dict[str, uuid.UUID]) -> None:
    assert _find(services, "leads", phone="217.555.0199") == [
        ("accounts", book["acme"], "same phone")]
    assert _find(services, "contacts", work_phone="(312) 555-0123") == [
        ("contacts", book["jane"], "same phone")]
    assert _find(services, "leads", phone="217 55") == []  # still typing


def test_a_possible_but_unassigned_number_is_normalised(services: Services) -> None:
    """(555) 010-2000 is no valid US number, yet typed two ways it is the same."""
    lead = services.leads.capture({"source": "web", "company": "Q"}).id
    with services.store.unit_of_work() as uow:  # a number synced from elsewhere
        from desktop.domain.schema.pipeline import Lead

        row = uow.session.get(Lead, lead)
        assert row is not None
        row.phone = "+15550102000"
        uow.commit()
    assert _find(services, "leads", phone="(555) 010-2000") == [("leads", lead, "same phone")]


def test_email_any_case_and_person_names(services: Services, book: dict[str, uuid.UUID]
                                         ) -> None:
    assert _find(services, "leads", email="JANE.DOE@ACME.COM") == [
        ("contacts", book["jane"], "same email")]
    found = services.duplicates.candidates(
        "leads", {"first_name": "jane", "last_name": "doe", "email": "Jane.Doe@acme.com",
                  "company": "Acme"})
    assert [(c.table, c.id) for c in found][:2] == [("contacts", book["jane"]),
                                                   ("accounts", book["acme"])]
    assert {w.kind for w in found[0].why} == {"email", "name"}
    assert found[0].label == "Jane Doe (Acme Inc.)"
    assert _find(services, "contacts", first_name="Doe", last_name="Jane") == [
        ("contacts", book["jane"], "same name")]


def test_the_record_being_edited_is_left_out(services: Services, book: dict[str, uuid.UUID]
                                             ) -> None:
    found = services.duplicates.candidates("accounts", {"name": "Acme Inc."},
                                           exclude=book["acme"])
    assert found == []


def test_the_index_follows_change_records(services: Services, book: dict[str, uuid.UUID]
                                          ) -> None:
    finder = DuplicateFinder(services.store)
    finder.build()
    saved = services.accounts.create_account({"name": "Quarry Works LLC"})
    assert finder.candidates("accounts", {"name": "Quarry Works"}) == []  # not told yet
    finder.apply(saved.changes)
    assert [c.id for c in finder.candidates("accounts", {"name": "Quarry Works"})] == [saved.id]
    finder.apply(services.accounts.update_account(saved.id, {"name": "Granite Mill"}))
    assert finder.candidates("accounts", {"name": "Quarry Works"}) == []
    assert [c.id for c in finder.candidates("accounts", {"name": "granite mill inc"})] == [
        saved.id]
    merged = services.merge.merge("accounts", book["acme"], saved.id, {})
    finder.apply(merged.changes)
    assert finder.candidates("accounts", {"name": "Granite Mill"}) == []


def test_converted_leads_are_not_candidates(services: Services, book: dict[str, uuid.UUID]
                                            ) -> None:
    done = services.leads.convert(book["lead"])
    services.duplicates.apply(done.changes)
    found = services.duplicates.candidates("leads", {"company": "Zephyr Holdings"})
    assert [(c.table, c.id) for c in found] == [("accounts", done.account_id)]


def test_rows_sharing_a_name_leave_it_one_by_one(services: Services) -> None:
    finder = DuplicateFinder(services.store)
    ids = [services.accounts.create_account({"name": n}).id
           for n in ("Quarry Works", "Quarry Works LLC", "QUARRY WORKS, INC.")]
    finder.build()
    assert {c.id for c in finder.candidates("accounts", {"name": "Quarry Works Co"})} == set(ids)
    finder.apply(services.merge.merge("accounts", ids[1], ids[0], {}).changes)
    finder.apply(services.accounts.update_account(ids[2], {"name": "Slate Mill"}))
    assert [c.id for c in finder.candidates("accounts", {"name": "Quarry Works Co"})] == [ids[1]]
    finder.apply(services.accounts.update_account(ids[2], {"name": "Quarry Works"}))
    assert {c.id for c in finder.candidates("accounts", {"name": "Quarry Works Co"})} == {
        ids[1], ids[2]}


def test_a_people_only_index_finds_people_and_no_company(
        services: Services, book: dict[str, uuid.UUID]) -> None:
    """An import's contacts check builds only people's names (no company is ever
    looked up for a contact): people are found as in the whole index, companies not."""
    finder = DuplicateFinder(services.store, "US")
    finder.build(people_only=True)
    person = finder.candidates("contacts", {"first_name": "Doe", "last_name": "Jane"})
    assert [(c.table, c.id) for c in person] == [("contacts", book["jane"])]
    assert finder.candidates("accounts", {"name": "Acme Incorporated"}) == []
    finder.build()
    assert [c.id for c in finder.candidates("accounts", {"name": "Acme Incorporated"})] == [
        book["acme"]]
