"""Demo catalogue (products, prices with tiers and volume breaks, stock in
three warehouses) and proposals in every status for a share of the accounts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.domain.proposal_states import ProposalState
from desktop.domain.schema.base import canonical_decimal

if TYPE_CHECKING:
    from desktop.demo.book import BookWriter

FAMILIES = (
    ("SF", "Stretch film", "roll", (
        "17 µm × 500 mm × 300 m", "20 µm × 500 mm × 270 m", "23 µm × 450 mm × 250 m",
        "Pre-stretched 9 µm × 430 mm", "Machine grade 25 µm × 500 mm × 1500 m",
        "Black UV 30 µm")),
    ("CB", "Corrugated box", "bundle", (
        "Single wall 300 × 200 × 150", "Single wall 400 × 300 × 250",
        "Double wall 600 × 400 × 400", "Double wall 800 × 600 × 600", "Mailer 250 × 180 × 60",
        "Archive 390 × 290 × 260")),
    ("PT", "Packing tape", "case", ("PP acrylic 48 mm × 66 m", "PP hot melt 48 mm × 132 m",
                                    "PVC low noise 50 mm × 66 m", "Paper gummed 70 mm × 200 m",
                                    "Fragile print 48 mm × 66 m")),
    ("PL", "Pallet", "each", ("EUR 1200 × 800 wood", "Industrial 1200 × 1000 wood",
                              "Plastic nestable 1200 × 800", "Half 800 × 600 wood")),
    ("LB", "Shipping label", "box", ("A6 thermal 1000/roll", "100 × 150 mm fanfold",
                                     "A4 laser 2-up", "Dangerous goods set")),
    ("GL", "Work gloves", "pack", ("Nitrile grip size 8", "Nitrile grip size 9",
                                   "Cut level C size 9", "Thermal lined size 10")),
    ("VF", "Void fill", "bale", ("Paper 50 g/m²", "Air cushions 200 × 100", "Loose fill 0.5 m³")),
    ("ST", "Strapping", "coil", ("PP 12 mm × 3000 m", "PET 16 mm × 1500 m", "Steel 19 mm")),
)
GRADES = ("Standard", "Premium", "Eco")
PACKS = (1, 6, 24)
WAREHOUSES = ("SPRINGFIELD", "DALLAS", "RENO")
STATUSES = tuple(state.value for state in ProposalState)


def _money(value: float) -> str:
    return canonical_decimal(Decimal(f"{value:.2f}"))


def write_catalogue(w: BookWriter) -> list[tuple[str, str, str, str, Decimal]]:
    """Products, prices and stock; returns (id, sku, name, unit, list price)."""
    now = w.now_text
    products, prices, stock = [], [], []
    made: list[tuple[str, str, str, str, Decimal]] = []
    for code, family, unit, variants in FAMILIES:
        combos = [(v, variant, g, grade, pack) for v, variant in enumerate(variants)
                  for g, grade in enumerate(GRADES) for pack in PACKS]
        for v, variant, g, grade, pack in combos:
            pid = w.new_id()
            sku = f"{code}-{v + 1:02d}{g + 1}-{pack:02d}"
            name = f"{family}, {variant}" + ("" if grade == "Standard" else f" ({grade})") + (
                f", pack of {pack}" if pack > 1 else "")
            base = round(w.rng.uniform(4, 180) * (1.25 if grade == "Premium" else 1.0)
                         * pack * (0.97 if pack > 1 else 1.0), 2)
            products.append((pid, sku, name, f"{grade} grade {family.lower()}.", unit,
                             "0.0825", w.rng.choice((1, 2, 3, 5, 10)), 1, family, now, now))
            for min_qty, factor, tier in ((1, 1.0, None), (50, 0.94, None),
                                          (250, 0.88, None), (1, 0.95, "A"),
                                          (1, 0.97, "B")):
                prices.append((w.new_id(), pid, "USD", str(min_qty),
                               _money(base * factor), tier, None, now, now))
            for house in WAREHOUSES:
                on_hand = w.rng.randrange(0, 4000)
                reserved = min(on_hand, w.rng.randrange(0, 400))
                stock.append((w.new_id(), pid, house, str(on_hand), str(reserved),
                              str(min(on_hand - reserved, w.rng.randrange(0, 200))), now,
                              now))
            made.append((pid, sku, name, unit, Decimal(_money(base))))
    w.cur.executemany(
        "INSERT INTO products (id, sku, name, description, unit, tax_rate, lead_time_days, "
        "active, product_line, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        products)
    w.cur.executemany(
        "INSERT INTO price_entries (id, product_id, currency, min_quantity, unit_price, tier, "
        "account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", prices)
    w.cur.executemany(
        "INSERT INTO stock_levels (id, product_id, warehouse, on_hand, reserved, allocated, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", stock)
    w.counts["products"] = len(products)
    return made


def write_proposals(w: BookWriter, catalogue: list[tuple[str, str, str, str, Decimal]],
                    every: int = 20) -> None:
    """One proposal (with 2-8 lines) for every ``every``-th account, statuses mixed."""
    now = w.now_text
    accounts = w.cur.execute(
        f"SELECT id, owner_id FROM accounts WHERE rowid % {every} = 0 ORDER BY rowid").fetchall()  # nosec B608 - identifiers from code, values bound
    names = dict(w.cur.execute("SELECT id, name FROM users").fetchall())
    sequence: dict[str, int] = {}
    proposals, lines = [], []
    for n, (account, owner) in enumerate(accounts):
        owner = owner or w.reps[0]
        sequence[owner] = sequence.get(owner, 0) + 1
        # As ProposalService numbers them: the rep's initials and id, then a sequence.
        initials = "".join(part[0] for part in names.get(owner, "X X").split()[:2]).upper()
        issued = w.today - timedelta(days=w.rng.randrange(0, 120))
        status = STATUSES[n % len(STATUSES)]
        pid = w.new_id()
        number = f"{initials}{owner[:4].upper()}-{sequence[owner]:04d}"
        proposals.append((pid, account, owner, number,
                          1, status, "Proposal", "USD", issued.isoformat(),
                          (issued + timedelta(days=30)).isoformat(),
                          '["validity", "payment-net", "delivery-dap"]',
                          now if status != "draft" else None, now, now))
        for position in range(1, w.rng.randrange(3, 9)):
            product, sku, name, unit, price = w.rng.choice(catalogue)
            quantity = w.rng.choice((1, 2, 5, 10, 25, 60, 120))
            lines.append((w.new_id(), pid, account, position, product, sku, name, str(quantity),
                          unit, canonical_decimal(price), w.rng.choice(("0", "0", "5", "10")),
                          "0", "0.0825", 0, now, now))
    w.cur.executemany(
        "INSERT INTO proposals (id, account_id, author_id, number, revision, status, title, "
        "currency, issued_on, valid_until, clauses, sent_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", proposals)
    w.cur.executemany(
        "INSERT INTO proposal_lines (id, proposal_id, account_id, position, product_id, sku, "
        "description, quantity, unit, unit_price, discount_percent, discount_amount, tax_rate, "
        "optional, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines)
    w.counts["proposals"] = len(proposals)
