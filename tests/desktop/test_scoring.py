"""The lead fit score: one pure function for the app and the server."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.scoring import DEFAULT_WEIGHTS, fit_score


def test_defaults_apply_when_no_weights_are_set() -> None:
    lead = {"source": "referral", "timing": "now", "email": "a@b.example", "phone": None,
            "company": "Acme", "budget": Decimal("12500"), "need": " "}
    # referral 25 + now 25 + budget 10 + email 5 + company 5 + 12 per 1,000 (cap 20)
    assert fit_score(lead, {}) == 25 + 25 + 10 + 5 + 5 + 12
    assert fit_score(lead, {}) == fit_score(lead, DEFAULT_WEIGHTS)


def test_weights_caps_and_clamping() -> None:
    lead = {"source": "fax", "timing": "year", "budget": "250000", "company": ""}
    assert fit_score(lead, {"budget_per_1000": (2, 30)}) == 30
    assert fit_score(lead, {"budget_per_1000": (2, None)}) == 100  # clamped
    assert fit_score(lead, {"source:fax": (-40, None), "timing:year": (5, None)}) == 0
    assert fit_score(lead, {"has:company": (50, None), "source:web": (50, None)}) == 0
    assert fit_score(lead, {"timing:year": (7, None), "unknown:thing": (90, None)}) == 7


def test_bad_or_negative_budgets_score_nothing() -> None:
    weights = {"budget_per_1000": (1, None), "has:budget": (3, None)}
    assert fit_score({"budget": "-5000"}, weights) == 0
    assert fit_score({"budget": "lots"}, weights) == 0
    assert fit_score({"budget": Decimal("999.99")}, weights) == 3
    assert fit_score({"budget": 4000}, weights) == 7
