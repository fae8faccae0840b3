"""What the demo Sales Pipe is built on: the accounts and contacts already
written, read once; and the links between accounts (the broker or partner who
brought a client, parent accounts) and the deliberate duplicates to merge.

One scan of each table, no per-row queries: the secondary indexes are dropped
during the load, so a lookup by anything but the primary key would be a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

BUYERS = frozenset(("customer", "prospect", "distributor"))  # accounts that buy
INTERMEDIARIES = frozenset(("broker", "partner"))


class Acct(NamedTuple):
    id: str
    owner: str
    status: str
    kind: str
    territory: str
    name: str
    phone: str
    city: str
    region: str
    rowid: int


class Person(NamedTuple):
    id: str
    first: str
    last: str
    phone: str
    email: str


@dataclass
class Book:
    accounts: list[Acct]
    first_contact: dict[str, Person]  # account id -> its first contact
    contact_ids: list[str]
    contact_account: dict[str, str]  # contact id -> account id
    brokers: dict[str, list[str]]  # territory -> broker/partner account ids
    proposals: dict[str, tuple[str, str, str, Decimal]]  # account -> (id, status, issued, net)
    orders: dict[str, tuple[str, str, str, Decimal]]  # account -> (id, status, entered, net)
    broker_of: dict[str, str] = field(default_factory=dict)  # client -> broker/partner
    reserved: set[str] = field(default_factory=set)  # accounts the plans and trip use
    duplicate_lead: tuple[Acct, str] | None = None  # an account, and its name on a lead


def load(w: BookWriter) -> Book:
    cur = w.cur
    accounts = [Acct(*row) for row in cur.execute(
        "SELECT id, owner_id, status, kind, territory_id, name, phone, billing_city, "
        "billing_region, rowid FROM accounts ORDER BY rowid")]
    first: dict[str, Person] = {}
    ids: list[str] = []
    owner_of: dict[str, str] = {}
    for cid, account, first_name, last_name, phone, email in cur.execute(
            "SELECT id, account_id, first_name, last_name, work_phone, email FROM contacts "
            "ORDER BY rowid"):
        ids.append(cid)
        owner_of[cid] = account
        if account not in first:
            first[account] = Person(cid, first_name, last_name, phone, email)
    brokers: dict[str, list[str]] = {}
    for a in accounts:
        if a.kind in INTERMEDIARIES and a.status == "active":
            brokers.setdefault(a.territory, []).append(a.id)
    reserved = {row[0] for row in cur.execute(
        "SELECT account_id FROM trip_stops UNION SELECT account_id FROM action_plan_targets")}
    return Book(accounts, first, ids, owner_of, brokers, _proposals(w), _orders(w),
                reserved=reserved)


def _net(quantity: str, price: str, percent: str = "0") -> Decimal:
    return Decimal(quantity) * Decimal(price) * (100 - Decimal(percent)) / 100


def _proposals(w: BookWriter) -> dict[str, tuple[str, str, str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for pid, quantity, price, percent, optional in w.cur.execute(
            "SELECT proposal_id, quantity, unit_price, discount_percent, optional "
            "FROM proposal_lines"):
        if not optional:
            totals[pid] = totals.get(pid, Decimal(0)) + _net(quantity, price, percent)
    return {account: (pid, status, issued, totals.get(pid, Decimal(0)).quantize(Decimal("0.01")))
            for pid, account, status, issued in w.cur.execute(
                "SELECT id, account_id, status, issued_on FROM proposals")}


def _orders(w: BookWriter) -> dict[str, tuple[str, str, str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for oid, quantity, price in w.cur.execute(
            "SELECT order_id, quantity, unit_price FROM order_lines"):
        totals[oid] = totals.get(oid, Decimal(0)) + _net(quantity, price)
    return {account: (oid, status, entered, totals.get(oid, Decimal(0)).quantize(Decimal("0.01")))
            for oid, account, status, entered in w.cur.execute(
                "SELECT id, account_id, status, entered_at FROM orders")}


def write_links(w: BookWriter, book: Book) -> None:
    """A broker or partner of the same territory for one buying account in five;
    a few parent accounts with two to four branches each (one branch with
    branches of its own), the branches named after their parent."""
    rng = w.rng
    updates: list[tuple[str | None, str | None, str, str]] = []
    every_broker = [b for group in book.brokers.values() for b in group]
    for a in book.accounts:
        if a.kind in BUYERS and every_broker and rng.random() < 0.2:
            near = book.brokers.get(a.territory) or every_broker
            book.broker_of[a.id] = near[int(rng.random() * len(near))]
    # Renamed below: not an account the plans, trip, proposals or orders show.
    taken = book.reserved | set(book.proposals) | set(book.orders)
    free = [a for a in book.accounts if a.kind == "customer" and a.status == "active"
            and a.id not in taken]
    by_territory: dict[str, list[Acct]] = {}
    for a in free:
        by_territory.setdefault(a.territory, []).append(a)
    parent_of: dict[str, str] = {}
    names: dict[str, str] = {}
    families = max(3, len(book.accounts) // 250)
    pools = sorted((group for group in by_territory.values() if len(group) >= 3),
                   key=len, reverse=True)
    for n in range(min(families, sum(len(g) // 3 for g in pools))):
        group = pools[n % len(pools)]
        if len(group) < 3:
            continue
        parent = group.pop(int(rng.random() * len(group)))
        branches = [group.pop(int(rng.random() * len(group)))
                    for _ in range(min(len(group), rng.choice((2, 3, 4))))]
        for branch in branches:
            parent_of[branch.id] = parent.id
            names[branch.id] = f"{parent.name}, {branch.city}"
        if n == 0 and len(group) >= 2:  # three levels under the first family
            for _ in range(2):
                leaf = group.pop(int(rng.random() * len(group)))
                parent_of[leaf.id] = branches[0].id
                names[leaf.id] = f"{parent.name}, {leaf.city}"
    for a in book.accounts:
        broker, above = book.broker_of.get(a.id), parent_of.get(a.id)
        if broker or above:
            updates.append((broker, above, names.get(a.id, a.name), a.id))
    w.cur.executemany("UPDATE accounts SET broker_id = ?, parent_id = ?, name = ? WHERE id = ?",
                      updates)
    book.accounts = [a._replace(name=names[a.id]) if a.id in names else a
                     for a in book.accounts]
    book.reserved.update(parent_of, parent_of.values())
    w.counts["hierarchies"] = len(set(parent_of.values()))


def write_duplicates(w: BookWriter, book: Book) -> dict[str, str]:
    """Deliberate duplicates for the merge view: one client entered twice with
    another legal suffix ("Acme Tools Inc." / "ACME TOOLS, LLC", same phone and
    street), one contact entered twice (the same number typed another way,
    stored as E.164 as the app stores it, another email), and a lead for a
    company that is already an account. Returns the ids, by role."""
    taken = book.reserved | set(book.proposals) | set(book.orders) | set(book.broker_of)
    mine = [a for a in book.accounts if a.owner == w.reps[0] and a.kind == "customer"
            and a.status == "active" and a.id not in taken and a.id in book.first_contact]
    if len(mine) < 3:
        return {}
    first, second, third = mine[len(mine) // 3], mine[len(mine) // 3 + 1], mine[len(mine) // 2]
    cur = w.cur
    street, postal, latitude, longitude = cur.execute(
        "SELECT billing_street, billing_postal_code, latitude, longitude FROM accounts "
        "WHERE id = ?", (first.id,)).fetchone()
    cur.execute("UPDATE accounts SET name = 'Acme Tools Inc.', industry = 'Retail', "
                "website = 'https://www.acmetools.example' WHERE id = ?", (first.id,))
    typed = street.replace(" Dr", " Drive").replace(" St", " Street").replace(" Ave", " Avenue")
    cur.execute(
        "UPDATE accounts SET name = 'ACME TOOLS, LLC', industry = 'Retail', phone = ?, "
        "website = NULL, billing_street = ?, shipping_street = ?, billing_city = ?, "
        "shipping_city = ?, billing_region = ?, shipping_region = ?, billing_postal_code = ?, "
        "shipping_postal_code = ?, latitude = ?, longitude = ?, territory_id = ? WHERE id = ?",
        (first.phone, typed, typed, first.city, first.city, first.region, first.region, postal,
         postal, latitude, longitude, first.territory, second.id))
    person = book.first_contact[first.id]
    twin = w.new_id()
    cur.execute(
        "INSERT INTO contacts (id, account_id, first_name, last_name, title, role, work_phone, "
        "email, preferred_channel, do_not_contact, archived, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'Buyer', 'buyer', ?, ?, 'phone', 0, 0, ?, ?)",
        (twin, first.id, person.first, person.last, person.phone,
         f"{person.first[:1]}{person.last}@acmetools.example".lower(), w.now_text, w.now_text))
    w.counts["contacts"] += 1
    bare = third.name
    for suffix in (" Inc.", " LLC", " Co.", " Corp.", " & Sons", " Group"):
        bare = bare.removesuffix(suffix)
    book.duplicate_lead = (third, f"{bare} Incorporated")
    return {"account": first.id, "account_twin": second.id, "contact": person.id,
            "contact_twin": twin, "lead_account": third.id}
