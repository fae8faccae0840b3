"""Input checks: phones, emails, required fields, schema limits, and search queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.rules import ACCOUNT_RULES, CONTACT_RULES
from desktop.domain.schema import Account, Contact
from desktop.services.container import Services
from desktop.services.fields import clean
from desktop.services.search import fts_query
from desktop.services.validation import ValidationError, format_phone
from desktop.store.uow import Store


def account(values: dict[str, object], region: str = "US", creating: bool = False) -> dict:
    return clean(Account, ACCOUNT_RULES, values, region=region, creating=creating)


def contact(values: dict[str, object], region: str = "US") -> dict:
    return clean(Contact, CONTACT_RULES, values, region=region)


def errors(fn: object, *args: object, **kw: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kw)  # type: ignore[operator]
    assert str(info.value)  # a readable message, too
    return info.value.errors


# --- phones -------------------------------------------------------------------------------

US_FORMS = ["(217) 555-0199", "217-555-0199", "217.555.0199", "2175550199", "+1 217 555 0199",
            "1-217-555-0199", " (217) 555 0199 "]


@pytest.mark.parametrize("typed", US_FORMS)
def test_us_numbers_become_e164(typed: str) -> None:
    assert phonenumbers.is_valid_number(phonenumbers.parse(typed, "US"))
    assert account({"phone": typed}) == {"phone": "+12175550199"}
    assert contact({"work_phone": typed, "mobile_phone": typed}) == {
        "work_phone": "+12175550199", "mobile_phone": "+12175550199"}


def test_other_valid_us_numbers() -> None:
    assert account({"phone": "(217) 244-0000"}) == {"phone": "+12172440000"}
    assert account({"phone": "217 333 1000"}) == {"phone": "+12173331000"}


def test_uk_number_with_country_code_on_us_account() -> None:
    assert account({"phone": "+44 20 7946 0958"}) == {"phone": "+442079460958"}


def test_german_number_without_country_code_on_de_account() -> None:
    assert account({"phone": "030 12345678"}, region="DE") == {"phone": "+493012345678"}
    assert contact({"mobile_phone": "089 1234567"}, region="de") == {
        "mobile_phone": "+49891234567"}
    # the same digits on a US account are not a valid US number
    errs = errors(account, {"phone": "030 12345678"}, region="US")
    assert "030 12345678" in errs["phone"] and "+44" in errs["phone"]


def test_german_number_through_the_services(services: Services) -> None:
    acc = services.accounts.create_account(
        {"name": "Müller GmbH", "billing_country": "de", "phone": "030 12345678"}).id
    c = services.accounts.add_contact(acc, {"first_name": "Jörg", "last_name": "Müller",
                                            "work_phone": "089 1234567"}).id
    detail = services.reader.detail(acc)
    assert detail.values["billing_country"] == "DE"
    assert detail.values["phone"] == "+493012345678"
    assert services.reader.contact_values(c)["work_phone"] == "+49891234567"


@pytest.mark.parametrize("typed", ["555-1234", "12", "abc", "+99 123", "0000000000",
                                   "(217) 555-019"])
def test_invalid_numbers_name_the_value(typed: str) -> None:
    errs = errors(account, {"phone": typed})
    assert set(errs) == {"phone"}
    assert f"'{typed}'" in errs["phone"]


def test_blank_phone_is_none() -> None:
    assert account({"phone": "   "}) == {"phone": None}
    assert contact({"work_phone": None}) == {"work_phone": None}


def test_format_phone_national_at_home_international_abroad() -> None:
    assert format_phone("+12175550199") == "(217) 555-0199"
    assert format_phone("+12175550199", "US") == "(217) 555-0199"
    assert format_phone("+12175550199", "DE") == "+1 217-555-0199"
    assert format_phone("+493012345678", "DE") == "030 12345678"
    assert format_phone("+493012345678", "US") == "+49 30 12345678"
    assert format_phone("+442079460958", "US") == "+44 20 7946 0958"
    assert format_phone(None) == "" and format_phone("") == ""
    assert format_phone("not a number") == "not a number"


# --- emails, urls -------------------------------------------------------------------------


def test_email_is_normalised_lowercase() -> None:
    assert contact({"email": "  Jane.Doe@Example.COM "}) == {"email": "jane.doe@example.com"}
    assert contact({"alt_email": "a+b@sub.example.co.uk"}) == {"alt_email": "a+b@sub.example.co.uk"}
    assert contact({"email": ""}) == {"email": None}


@pytest.mark.parametrize("typed", ["jane@", "jane@example", "jane doe@example.com",
                                   "@example.com", "jane@@example.com", "jane.example.com",
                                   "jane@example.c"])
def test_invalid_email_rejected_with_message(typed: str) -> None:
    errs = errors(contact, {"email": typed})
    assert set(errs) == {"email"}
    assert typed in errs["email"] and "email address" in errs["email"]


def test_email_length_limit_from_schema() -> None:
    limit = Contact.__table__.c.email.type.length
    assert limit == 254
    local = "x" * (limit - len("@example.com") + 1)
    errs = errors(contact, {"email": f"{local}@example.com"})
    assert str(limit) in errs["email"]


def test_website() -> None:
    assert account({"website": "https://acme.example.com/feed"}) == {
        "website": "https://acme.example.com/feed"}
    assert account({"website": "acme.com"}) == {"website": "acme.com"}
    assert "not a web address" in errors(account, {"website": "acme"})["website"]


# --- required fields, limits, choices -----------------------------------------------------


def test_required_fields_on_create() -> None:
    errs = errors(account, {"name": "  ", "kind": "customer", "status": "active",
                            "billing_country": "US"}, creating=True)
    assert errs == {"name": "Name is required."}
    errs = errors(clean, Contact, CONTACT_RULES, {}, creating=True)
    assert errs == {"first_name": "First name is required.",
                    "last_name": "Last name is required."}


def test_every_bad_field_is_reported_at_once() -> None:
    errs = errors(account, {"name": "", "kind": "alien", "tier": "Q", "latitude": "north",
                            "phone": "12", "billing_country": "USA"})
    assert set(errs) == {"name", "kind", "tier", "latitude", "phone", "billing_country"}
    assert "'alien'" in errs["kind"] and "customer" in errs["kind"]
    assert errs["latitude"] == "'north' is not a number."


def test_only_given_fields_are_checked_on_edit() -> None:
    assert account({"industry": " Agriculture "}) == {"industry": "Agriculture"}


def test_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="not editable") as info:
        account({"last_contact_at": None})
    assert not isinstance(info.value, ValidationError)


def test_name_length_limit_from_schema() -> None:
    assert Account.__table__.c.name.type.length == 200
    assert account({"name": "N" * 200}) == {"name": "N" * 200}
    errs = errors(account, {"name": "N" * 201})
    assert "200" in errs["name"] and "201" in errs["name"]
    assert "80" in errors(contact, {"first_name": "F" * 81})["first_name"]


@pytest.mark.parametrize(("typed", "stored"), [("de", "DE"), (" us ", "US"), ("MX", "MX")])
def test_country_codes_normalised(typed: str, stored: str) -> None:
    assert account({"billing_country": typed}) == {"billing_country": stored}


@pytest.mark.parametrize("typed", ["DEU", "1A", "D", "U$"])
def test_bad_country_codes(typed: str) -> None:
    assert "two-letter" in errors(account, {"billing_country": typed})["billing_country"]


def test_country_required_but_shipping_country_optional() -> None:
    assert errors(account, {"billing_country": ""}) == {
        "billing_country": "Country is required."}
    assert account({"shipping_country": ""}) == {"shipping_country": None}


@pytest.mark.parametrize(("lat", "stored"), [("-90", -90.0), (90, 90.0), ("45.5", 45.5),
                                              ("", None), (None, None)])
def test_latitude_in_range(lat: object, stored: float | None) -> None:
    assert account({"latitude": lat}) == {"latitude": stored}


@pytest.mark.parametrize("lat", ["90.0001", -91, "inf", "1e400"])
def test_latitude_out_of_range(lat: object) -> None:
    assert errors(account, {"latitude": lat}) == {
        "latitude": "Latitude must be between -90 and 90."}
    assert "-180 and 180" in errors(account, {"longitude": 180.5})["longitude"]


def test_latitude_nan_rejected() -> None:
    errors(account, {"latitude": "nan"})


def test_tags_normalised() -> None:
    assert account({"tags": " beta, alpha,,alpha , Gamma "}) == {
        "tags": ["alpha", "beta", "Gamma"]}
    assert account({"tags": ["x", " y ", "", "x"]}) == {"tags": ["x", "y"]}
    assert account({"tags": ""}) == {"tags": []}
    assert account({"tags": None}) == {"tags": []}


# --- properties ---------------------------------------------------------------------------


FIXTURE = HealthCheck.function_scoped_fixture  # search_db is module-scoped: safe to reuse


@pytest.fixture(scope="module")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path: Path = tmp_path_factory.mktemp("fts") / "cache.sqlite3"
    Store(path).close()  # migrated: has the real account_search table
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO account_search(rowid, name, place, people) "
                     "VALUES (1, 'Müller Feed', 'Urbana IL', 'Ann \"Q\" Lee')")
        conn.execute("INSERT INTO history_search(rowid, history) VALUES (1, 'called')")
        yield conn


@settings(max_examples=300, deadline=None, suppress_health_check=[FIXTURE])
@given(typed=st.text(), table=st.sampled_from(["account_search", "history_search"]))
def test_fts_query_is_always_valid(search_db: sqlite3.Connection, typed: str,
                                   table: str) -> None:
    query = fts_query(typed)
    if query is None:
        assert not any(ch.isalnum() for ch in typed)  # "_" separates, as in the tokenizer
        return
    search_db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (query,)).fetchall()


@settings(max_examples=100, deadline=None, suppress_health_check=[FIXTURE])
@given(typed=st.text(alphabet=st.sampled_from('"*():^-+{}AND OR NEAR müller feed'), max_size=30))
def test_fts_query_with_operator_characters(search_db: sqlite3.Connection, typed: str) -> None:
    query = fts_query(typed)
    if query is not None:
        search_db.execute("SELECT rowid FROM account_search WHERE account_search MATCH ?",
                          (query,)).fetchall()


def test_fts_query_matches_as_prefixes(search_db: sqlite3.Connection) -> None:
    def hits(typed: str, history: bool = False) -> list[int]:
        query = fts_query(typed)
        assert query is not None
        table = "history_search" if history else "account_search"
        return [r[0] for r in search_db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (query,))]

    assert hits("mul") == [1] and hits("MÜLL fe") == [1] and hits('"q" lee*') == [1]
    assert hits("lee AND nobody") == []  # AND is a word to find, not an operator
    assert hits("call") == [] and hits("call", history=True) == [1]
    assert fts_query(" ,.;!? ") is None and fts_query("") is None


TEXT_FIELDS = [(Account, ACCOUNT_RULES, f) for f in ("name", "billing_city", "notes", "phone",
                                                      "website", "billing_country")]
TEXT_FIELDS += [(Contact, CONTACT_RULES, f) for f in ("first_name", "email", "alt_email",
                                                      "work_phone", "mobile_phone")]


@settings(max_examples=300, deadline=None)
@given(typed=st.text(), region=st.sampled_from(["US", "DE", "GB", "ZZ", "x", ""]))
def test_clean_raises_only_validation_errors(typed: str, region: str) -> None:
    for entity, rules, name in TEXT_FIELDS:
        try:
            out = clean(entity, rules, {name: typed}, region=region)
        except ValidationError as exc:
            assert set(exc.errors) == {name}
            continue
        value = out[name]
        assert value is None or isinstance(value, str)
        if value is not None:
            limit = entity.__table__.c[name].type.length
            assert limit is None or len(value) <= limit
