"""The lead inbox: keyset pages, filters, sorts and search through the lead index."""

from __future__ import annotations

import uuid
from datetime import timedelta

from desktop.domain.schema import User
from desktop.services.container import Services
from desktop.services.lead_list import LeadFilter, LeadList, LeadSort
from tests.conftest import FIXED_NOW


def _all(listing: LeadList, flt: LeadFilter, size: int = 3) -> list[str]:
    out: list[str] = []
    page = listing.page(flt, None, size)
    while True:
        out += [r.company or r.person for r in page.rows]
        if page.next is None:
            return out
        page = listing.page(flt, page.next, size)


def _book(services: Services) -> dict[str, uuid.UUID]:
    rep = User(id=uuid.uuid4(), created_at=FIXED_NOW, updated_at=FIXED_NOW, name="Rita",
               email="rita@example.com", role="rep")
    with services.store.unit_of_work() as uow:
        uow.session.add(rep)
        uow.commit()
    ids = {}
    for n, (company, source, budget) in enumerate((
            ("Acme Feed", "web", "50000"), ("Bayside Dental", "phone", None),
            ("Cedar Farms", "referral", "1000"), ("delta seed", "web", None),
            ("Évora Vinhos", "event", "9000"), ("Falcon Labs", "web", None),
            ("Granite Supply", "fax", None))):
        ids[company] = services.leads.capture({
            "source": source, "company": company, "budget": budget,
            "received_at": FIXED_NOW - timedelta(hours=n),
            "owner_id": rep.id if n % 2 else None, "need": f"need number {n}"}).id
    ids["rep"] = rep.id
    return ids


def test_newest_first_over_pages(services: Services) -> None:
    _book(services)
    assert _all(services.lead_list, LeadFilter()) == [
        "Acme Feed", "Bayside Dental", "Cedar Farms", "delta seed", "Évora Vinhos",
        "Falcon Labs", "Granite Supply"]
    assert services.lead_list.count(LeadFilter()) == 7


def test_sorts(services: Services) -> None:
    _book(services)
    by_company = _all(services.lead_list, LeadFilter(sort=LeadSort.COMPANY, descending=False))
    assert by_company[:4] == ["Acme Feed", "Bayside Dental", "Cedar Farms", "delta seed"]
    by_score = services.lead_list.page(LeadFilter(sort=LeadSort.FIT_SCORE), None, 10).rows
    scores = [r.fit_score for r in by_score]
    assert scores == sorted(scores, reverse=True) and by_score[0].company == "Acme Feed"


def test_filters_and_search(services: Services) -> None:
    ids = _book(services)
    lst = services.lead_list
    assert _all(lst, LeadFilter(sources=frozenset({"web"}))) == [
        "Acme Feed", "delta seed", "Falcon Labs"]
    assert _all(lst, LeadFilter(unassigned=True)) == [
        "Acme Feed", "Cedar Farms", "Évora Vinhos", "Granite Supply"]
    assert _all(lst, LeadFilter(owner_id=ids["rep"])) == [
        "Bayside Dental", "delta seed", "Falcon Labs"]
    assert _all(lst, LeadFilter(text="evo")) == ["Évora Vinhos"]  # accents folded, prefix
    assert _all(lst, LeadFilter(text="number 3")) == ["delta seed"]
    assert _all(lst, LeadFilter(text="((")) == []
    services.leads.set_status(ids["Cedar Farms"], "disqualified", "too small")
    services.leads.convert(ids["Acme Feed"])
    assert "Cedar Farms" not in _all(lst, LeadFilter())
    assert "Acme Feed" not in _all(lst, LeadFilter())
    assert _all(lst, LeadFilter(statuses=frozenset({"converted"}))) == ["Acme Feed"]
    assert len(_all(lst, LeadFilter(include_closed=True))) == 7


def test_row_follows_edits(services: Services) -> None:
    ids = _book(services)
    lead = ids["Falcon Labs"]
    services.leads.update(lead, {"company": "Falcon Research", "first_name": "Ann"})
    row = services.lead_list.row(lead)
    assert row is not None and (row.company, row.person, row.owner) == (
        "Falcon Research", "Ann", "Rita")
    assert _all(services.lead_list, LeadFilter(text="falcon research")) == ["Falcon Research"]
    assert _all(services.lead_list, LeadFilter(text="labs")) == []


def test_company_order_pages_over_leads_without_a_company(services: Services) -> None:
    _book(services)
    for n, person in enumerate(("Zed", "Amy", "Bo")):
        services.leads.capture({"source": "phone", "first_name": person,
                                "received_at": FIXED_NOW - timedelta(days=n + 1)})
    ascending = _all(services.lead_list, LeadFilter(sort=LeadSort.COMPANY, descending=False),
                     size=1)
    assert ascending[:3] == ["Zed", "Amy", "Bo"]  # no company first, in entry order
    assert ascending[3:] == ["Acme Feed", "Bayside Dental", "Cedar Farms", "delta seed",
                             "Falcon Labs", "Granite Supply", "Évora Vinhos"]  # as NOCASE sorts
    descending = _all(services.lead_list, LeadFilter(sort=LeadSort.COMPANY), size=2)
    assert descending == ascending[3:][::-1] + ["Bo", "Amy", "Zed"]


def test_a_bulk_load_rebuilds_the_lead_search(services: Services) -> None:
    """Sync's first load and the demo data suspend the triggers, then rebuild."""
    from sqlalchemy import text

    from desktop.store import derived

    lead = services.leads.capture({"source": "web", "company": "Acme Feed"}).id
    with services.store.engine.begin() as conn:
        derived.suspend(conn, "test")
        conn.execute(text("UPDATE leads SET company = 'Quarry Works' WHERE id = :i"),
                     {"i": lead.hex})
        derived.resume(conn)
    listing = services.lead_list
    assert _all(listing, LeadFilter(text="quarry")) == []  # the triggers were off
    for statements in (derived.whole_rebuild(), derived.rebuild_statements()):
        with services.store.engine.begin() as conn:
            derived.rebuild(conn, [s for s in statements if "lead_search" in s])
        assert _all(listing, LeadFilter(text="quarry")) == ["Quarry Works"]
        assert _all(listing, LeadFilter(text="acme")) == []
