"""The app refuses, before it stores, what the server would refuse
(``desktop.domain.bounds``, checked in the unit of work): a decimal with more
places than the column keeps, a date outside the years the server takes, text
longer than its column. The rep sees it at once next to the field, instead of a
rejection after the next sync, and nothing is written or queued."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.test_opportunities import seed_stages
from tests.desktop.test_proposals import _setup


def _queued(services: Services) -> int:
    return int(services.store.reads().execute("SELECT count(*) FROM sync_outbox").fetchone()[0])


def test_a_decimal_past_the_columns_places_is_refused_not_rounded(services: Services) -> None:
    seed_stages(services)
    account, _wrap = _setup(services)
    before = _queued(services)
    with pytest.raises(ValidationError) as refused:
        services.opportunities.create({"account_id": account, "name": "Fine print",
                                       "amount": "10.123456789", "close_date": date(2027, 1, 31)})
    assert set(refused.value.errors) == {"amount"}
    assert "8 decimal places" in refused.value.errors["amount"]
    assert _queued(services) == before
    saved = services.opportunities.create({"account_id": account, "name": "Fine print",
                                           "amount": "10.12345678",
                                           "close_date": date(2027, 1, 31)})
    assert str(services.opportunities.detail(saved.id).values["amount"]) == "10.12345678"


def test_dates_outside_the_servers_years_are_refused(services: Services
                                                                       ) -> None:
    seed_stages(services)
    account, _wrap = _setup(services)
    with pytest.raises(ValidationError) as refused:
        services.opportunities.create({"account_id": account, "name": "Far off",
                                       "close_date": date(2300, 1, 31)})
    assert "years 1900 to 2200" in refused.value.errors["close_date"]
    deal = services.opportunities.create({"account_id": account, "name": "Near",
                                          "close_date": date(2027, 1, 31)}).id
    with pytest.raises(ValidationError) as refused:
        services.opportunities.update(deal, {"next_step_on": date(1850, 5, 1)})
    assert set(refused.value.errors) == {"next_step_on"}
    assert services.opportunities.detail(deal).values["next_step_on"] is None
