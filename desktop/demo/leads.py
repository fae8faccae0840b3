"""Demo events (trade shows, seminars, telemarketing campaigns, a webinar now
and then) and leads from every source in every status.

The first events are the demo rep's: one trade show three weeks ahead, one a
week and a half ahead, and past ones; the rest spread over the last year and
the next four months. Leads: every (source, status) pair among the first 40,
then in proportion; some new leads have no owner (the manager assigns them);
referrals name a contact or a broker/partner account; event and telemarketing
leads name their event and attended it; converted leads point at a real deal,
its account and contact (and the deal names its lead).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.demo import pipeline_vocab as words
from desktop.demo import vocab
from desktop.demo.book import DAY, _mailbox
from desktop.demo.places import TERRITORY_OF
from desktop.domain.schema.base import canonical_decimal
from desktop.domain.schema.enums import LeadSource, LeadStatus, LeadTiming
from desktop.domain.scoring import DEFAULT_WEIGHTS, fit_score

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter
    from desktop.demo.deals import Deal
    from desktop.demo.pipeline_book import Book

SOURCES = tuple(s.value for s in LeadSource)
STATUSES = tuple(s.value for s in LeadStatus)
TIMINGS = tuple(t.value for t in LeadTiming)
SOURCE_MIX = ("phone",) * 3 + ("email",) * 3 + ("fax",) + ("web",) * 5 + ("referral",) * 3 + (
    "event",) * 3 + ("telemarketing",) * 2 + ("field",) * 2
STATUS_MIX = ("new",) * 5 + ("working",) * 5 + ("qualified",) * 3 + ("disqualified",) * 3 + (
    "converted",) * 4
KINDS = ("trade_show", "seminar", "telemarketing", "trade_show", "seminar", "webinar")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST_OFFSETS = (21, -38, -75, 10, -150, -12)  # days from today: the demo rep's events


@dataclass(slots=True)
class DemoEvent:
    id: str
    owner: str
    territory: str | None
    kind: str
    starts_on: date
    ends_on: date
    ends: float  # the evening of the last day, seconds since 1970
    row: tuple[Any, ...]


def plan_events(w: BookWriter) -> list[DemoEvent]:
    """The events, sorted by when they end (not yet written: ``write_leads`` does)."""
    rng = w.rng
    events = []
    for n in range(6 + w.counts["accounts"] // 400):
        kind = KINDS[n % len(KINDS)]
        offset = FIRST_OFFSETS[n] if n < len(FIRST_OFFSETS) else rng.randrange(-360, 120)
        starts = w.today + timedelta(days=offset)
        days = {"trade_show": rng.randrange(2, 5), "telemarketing": rng.randrange(10, 31)}.get(
            kind, 1)
        ends = starts + timedelta(days=days - 1)
        owner = w.reps[0] if n % 2 == 0 else w.reps[1 + int(rng.random() * (len(w.reps) - 1))]
        others = [r for r in w.reps if r != owner]
        staff = [owner, *rng.sample(others, rng.choice((0, 1, 1, 2)))]
        city: str | None
        city, state = words.CITIES[int(rng.random() * len(words.CITIES))]
        territory: str | None = w.territory_ids[TERRITORY_OF[state]]
        venue = f"{city} {rng.choice(words.VENUES)}"
        if kind == "trade_show":
            name = f"{words.TRADE_SHOWS[n % len(words.TRADE_SHOWS)]} {city} {starts.year}"
            cost = rng.randrange(32, 180) * 250
        elif kind == "seminar":
            name = f"{rng.choice(words.SEMINARS)}, {city}"
            cost = rng.randrange(12, 60) * 100
        elif kind == "telemarketing":
            name = f"{rng.choice(words.CAMPAIGNS)} {MONTHS[starts.month - 1]} {starts.year}"
            venue, city, territory = words.TELEMARKETING_PLACE, None, None
            cost = rng.randrange(25, 120) * 100
        else:
            name = rng.choice(words.WEBINARS)
            venue, city, territory = "Online", None, None
            cost = rng.randrange(3, 15) * 100
        event_id = w.new_id()
        made = w.stamp(min(w.now, (starts - date(1970, 1, 1)).days * DAY) - 30 * DAY)
        row = (event_id, owner, territory, name, kind, starts.isoformat(), ends.isoformat(),
               venue, city, str(cost), "USD", _json_list(staff), made, made)
        end_epoch = (ends - date(1970, 1, 1)).days * DAY + 79_200.0
        events.append(DemoEvent(event_id, owner, territory, kind, starts, ends, end_epoch, row))
    events.sort(key=lambda e: (e.ends, e.id))
    return events


def _json_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def write_leads(w: BookWriter, book: Book, deals: list[Deal], events: list[DemoEvent]) -> None:
    rng = w.rng
    past = [e for e in events if e.ends < w.now]
    calls = [e for e in past if e.kind == "telemarketing"]
    ends = [e.ends for e in past]
    pool = [d for d in deals if not d.extra and w.now - d.created < 400 * DAY]
    rng.shuffle(pool)
    brokers = [b for group in book.brokers.values() for b in group]
    names = {a.id: a for a in book.accounts}
    leads: list[tuple[Any, ...]] = []
    attendees: dict[tuple[str, str, str], str] = {}  # (event, "contact"|"lead", id) -> status
    count = max(48, len(book.accounts) // 2)
    for n in range(count):
        source = SOURCES[n % 8] if n < 40 else SOURCE_MIX[int(rng.random() * len(SOURCE_MIX))]
        status = STATUSES[n // 8] if n < 40 else STATUS_MIX[int(rng.random() * len(STATUS_MIX))]
        lead_id = w.new_id()
        fields: dict[str, Any] = {"source": source, "status": status}
        event: DemoEvent | None = None
        received = w.now - {"new": rng.randrange(0, 10), "working": rng.randrange(5, 40)}.get(
            status, rng.randrange(10, 90)) * DAY - rng.randrange(3_600, 36_000)
        deal = None
        if status == "converted" and pool:
            deal = _deal_for(pool, source, ends)
        if deal is not None:
            account, person = names[deal.account], book.first_contact.get(deal.account)
            fields.update(owner=deal.owner, territory=account.territory, company=account.name,
                          city=account.city, region=account.region, converted_at=deal.created,
                          converted_account_id=account.id, converted_opportunity_id=deal.id)
            if person:
                fields.update(first=person.first, last=person.last, phone=person.phone,
                              email=person.email, converted_contact_id=person.id)
            deal.source_lead = lead_id
            received = deal.created - rng.randrange(1, 20) * DAY
            if source == "event":
                at = bisect.bisect(ends, deal.created) - 1
                event = past[at]
                deal.event = event.id
                received = event.ends + (deal.created - event.ends) * rng.uniform(0.1, 0.6)
        else:
            if status == "converted":
                fields["status"] = "qualified"  # no deal left to point at (a tiny book)
            _prospect(w, fields)
            if source == "event" and past:
                event = past[int(rng.random() * len(past))]
                received = min(event.ends + rng.randrange(1, 6) * DAY, w.now - 3_600)
        if source == "telemarketing" and calls and deal is None and rng.random() < 0.7:
            event = calls[int(rng.random() * len(calls))]
            opened = event.ends - (event.ends_on - event.starts_on).days * DAY - 43_200
            received = min(opened + (event.ends - opened) * rng.random(), w.now - 3_600)
        if source == "referral":
            if brokers and rng.random() < 0.5:
                fields["referrer_account_id"] = brokers[int(rng.random() * len(brokers))]
            else:
                fields["referrer_contact_id"] = book.contact_ids[
                    int(rng.random() * len(book.contact_ids))]
        if event is not None:
            fields["event_id"] = event.id
            attendees[(event.id, "lead", lead_id)] = "attended"
        leads.append(_row(w, lead_id, fields, received))
    if book.duplicate_lead is not None:
        account, company = book.duplicate_lead
        fields = {"source": "web", "status": "new", "owner": w.reps[0], "company": company,
                  "phone": account.phone, "city": account.city, "region": account.region,
                  "territory": account.territory, "need": words.NEEDS[0]}
        leads.append(_row(w, w.new_id(), fields, w.now - 2 * DAY - 7_200))
    _write(w, leads, events, deals, book, attendees)


def _deal_for(pool: list[Deal], source: str, ends: list[float]) -> Deal | None:
    """A deal for a converted lead to point at: for an event lead, one created after
    a past event ended."""
    for k in range(len(pool) - 1, -1, -1):
        if source != "event" or bisect.bisect(ends, pool[k].created) > 0:
            return pool.pop(k)
    return None


def _prospect(w: BookWriter, fields: dict[str, Any]) -> None:
    """A company and a person that are not (yet) in the book."""
    rng = w.rng
    place = w.places[int(rng.random() * len(w.places))]
    first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
    company = f"{rng.choice(vocab.COMPANY_FIRST)} {rng.choice(vocab.COMPANY_LAST)}"
    owner: str | None = w.reps[0] if rng.random() < 0.4 else w.reps[1 + int(rng.random() * 4)]
    if fields["status"] == "new" and rng.random() < 0.35:
        owner = None  # unassigned: the manager's to give out
    domain = _mailbox(*company.split(" ", 1)).replace(".", "")
    fields.update(
        owner=owner, territory=w.territory_ids[TERRITORY_OF[place.state]], company=company,
        first=first, last=last, title=rng.choice(words.LEAD_TITLES),
        phone=w._phone(place.area_code) if rng.random() < 0.85 else None,
        email=f"{_mailbox(first, last)}@{domain}.example" if rng.random() < 0.8 else None,
        street=f"{rng.randrange(10, 9900)} {rng.choice(vocab.STREETS)}", city=place.city,
        region=place.state, postal_code=place.zip_code,
        need=rng.choice(words.NEEDS) if rng.random() < 0.8 else None,
        budget=Decimal(rng.randrange(2, 120) * 500) if rng.random() < 0.6 else None,
        timing=TIMINGS[int(rng.random() * len(TIMINGS))])
    if fields["status"] == "disqualified":
        fields["reason"] = rng.choice(words.DISQUALIFY)


def _row(w: BookWriter, lead_id: str, f: dict[str, Any], received: float) -> tuple[Any, ...]:
    score = fit_score({"source": f["source"], "timing": f.get("timing"),
                       "budget": f.get("budget"), "need": f.get("need"),
                       "email": f.get("email"), "phone": f.get("phone"),
                       "company": f.get("company")}, DEFAULT_WEIGHTS)
    received_at = w.stamp(received)
    converted = f.get("converted_at")
    budget = f.get("budget")
    return (lead_id, f.get("owner"), f.get("territory"), f["source"],
            f.get("referrer_contact_id"), f.get("referrer_account_id"), f.get("event_id"),
            f.get("company"), f.get("first"), f.get("last"), f.get("title"), f.get("phone"),
            f.get("email"), f.get("street"), f.get("city"), f.get("region"),
            f.get("postal_code"), f.get("need"),
            canonical_decimal(budget) if budget is not None else None,
            f.get("timing") or "unknown", score, f["status"], f.get("reason"), received_at,
            w.stamp(converted) if converted else None, f.get("converted_account_id"),
            f.get("converted_contact_id"), f.get("converted_opportunity_id"), received_at,
            w.stamp(converted) if converted else received_at)


def _write(w: BookWriter, leads: list[tuple[Any, ...]], events: list[DemoEvent],
           deals: list[Deal], book: Book, attendees: dict[tuple[str, str, str], str]) -> None:
    rng, now = w.rng, w.now
    by_id = {e.id: e for e in events}
    for deal in deals:
        if deal.event and deal.contact:
            attendees.setdefault((deal.event, "contact", deal.contact), "attended")
    for e in events:  # invited contacts, some came
        upcoming = e.ends >= now
        for _ in range(rng.randrange(6, 20)):
            contact = book.contact_ids[int(rng.random() * len(book.contact_ids))]
            status = (("invited", "registered")[rng.random() < 0.6] if upcoming
                      else ("no_show", "attended")[rng.random() < 0.8])
            attendees.setdefault((e.id, "contact", contact), status)
    rows = []
    for (event_id, kind, who), status in sorted(attendees.items()):
        e = by_id[event_id]
        made = e.row[-1]
        rows.append((w.new_id(), event_id, e.owner, e.territory,
                     who if kind == "contact" else None, who if kind == "lead" else None,
                     status, made, made))
    cur = w.cur
    cur.executemany(
        "INSERT INTO events (id, owner_id, territory_id, name, kind, starts_on, ends_on, place, "
        "city, cost, currency, staff, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [e.row for e in events])
    cur.executemany(
        "INSERT INTO leads (id, owner_id, territory_id, source, referrer_contact_id, "
        "referrer_account_id, event_id, company, first_name, last_name, title, phone, email, "
        "street, city, region, postal_code, country, need, budget, currency, timing, fit_score, "
        "status, disqualified_reason, received_at, converted_at, converted_account_id, "
        "converted_contact_id, converted_opportunity_id, created_at, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'US', ?, ?, 'USD', ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)", leads)
    cur.executemany(
        "INSERT INTO event_attendees (id, event_id, owner_id, territory_id, contact_id, lead_id, "
        "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    w.counts.update(events=len(events), leads=len(leads), attendees=len(rows))
