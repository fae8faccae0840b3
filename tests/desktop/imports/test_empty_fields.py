"""An import's rows leave most fields empty: ``clean`` settles an empty optional
field without running its check, and must say what the check says."""

from __future__ import annotations

import pytest

from desktop.domain import rules as r
from desktop.domain.schema import Account, Contact, Interaction
from desktop.services import fields
from desktop.services.fields import _EMPTY_IS_NONE, clean

SETS = {"accounts": (Account, r.ACCOUNT_RULES), "contacts": (Contact, r.CONTACT_RULES),
        "interactions": (Interaction, r.INTERACTION_RULES)}


@pytest.mark.parametrize("kind", sorted(SETS))
def test_an_empty_optional_field_is_what_its_check_makes_of_it(
        kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    entity, rules = SETS[kind]
    names = [n for n, rule in rules.items() if rule.kind in _EMPTY_IS_NONE and not rule.required]
    assert len(names) >= 3
    for empty in ("", None):
        short = [clean(entity, rules, {n: empty}, region="US") for n in names]
        with monkeypatch.context() as full:
            full.setattr(fields, "_EMPTY_IS_NONE", frozenset())  # every field's own check
            checked = [clean(entity, rules, {n: empty}, region="US") for n in names]
        assert short == checked == [{n: None} for n in names]
