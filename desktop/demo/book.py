"""Writes the demo rows: territories, reps, accounts and everything under them."""

from __future__ import annotations

import json
import random
import sqlite3
import time
import unicodedata
import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from desktop.demo import vocab
from desktop.demo.places import TERRITORIES, TERRITORY_OF, Place, us_places

Row = tuple[Any, ...]
DAY = 86_400
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)
TWO_YEARS = 730 * DAY
KINDS = (("customer", 55), ("prospect", 25), ("broker", 6), ("partner", 5),
         ("distributor", 5), ("vendor", 4))
CHANNELS = (("phone", 30), ("email", 28), ("visit", 12), ("meeting", 8), ("chat", 6),
            ("web", 5), ("note", 9), ("fax", 2))
TIMED = frozenset(("phone", "visit", "meeting", "chat"))
ANSWERABLE = frozenset(("phone", "email", "chat", "fax"))  # channels a client starts too
DURATIONS = (5, 10, 15, 30, 45, 60, 90)
SUBJECTS = vocab.SUBJECTS
OUTCOMES = vocab.OUTCOMES
AREA_CODES = vocab.AREA_CODES
ROLES = ("decision_maker", "buyer", "influencer", "technical", "accounts_payable", "user")


def _stamp(epoch: float) -> str:
    """Seconds since 1970 as SQLAlchemy's SQLite datetime text (naive UTC)."""
    return time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime(epoch))


class Stamps:
    """``_stamp`` for a million timestamps: day and time-of-day texts are cached."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._clock = [f" {h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60)
                       for s in range(60)]

    def __call__(self, epoch: float) -> str:
        seconds = int(epoch)
        day, second = divmod(seconds, DAY)
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = time.strftime("%Y-%m-%d", time.gmtime(day * DAY))
        return text + self._clock[second]


_LATIN = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d"})


@cache
def _mailbox(first: str, last: str) -> str:
    """first.last in ASCII for an email address (non-Latin names: "contact")."""
    plain = unicodedata.normalize("NFKD", f"{first}.{last}".lower().translate(_LATIN))
    text = "".join(c for c in plain if c.isascii() and (c.isalnum() or c == "."))
    return text.strip(".") or "contact"


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    """A tuple in which each value appears as often as its weight: ``choice`` on it is a
    weighted choice at the cost of an unweighted one."""
    return tuple(value for value, weight in pairs for _ in range(weight))


class BookWriter:
    def __init__(self, cursor: sqlite3.Cursor, rng: random.Random, anchor: datetime) -> None:
        self.cur = cursor
        self.rng = rng
        self.now = anchor.timestamp()
        self.now_text = _stamp(self.now)
        self.today = anchor.date()
        self.places: tuple[Place, ...] = us_places()
        self.counts = dict.fromkeys(
            ("accounts", "contacts", "interactions", "follow_ups", "concerns"), 0)
        self.stamp = Stamps()
        self.kinds = _weighted(KINDS)
        self.channels = _weighted(CHANNELS)
        self.notes = [f"{a} {b}. {c}" for a in vocab.NOTE_OPENERS for b in vocab.NOTE_TOPICS
                      for c in vocab.NOTE_CLOSERS]
        self.territory_ids: dict[str, str] = {}
        self.reps: list[str] = []
        self.rep_id = uuid.UUID(int=0)

    def new_id(self) -> str:
        """A version-4 UUID as 32 hex digits, from the seeded generator."""
        value = (self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        return f"{value:032x}"

    # -- people and places ------------------------------------------------------
    def write_people(self) -> None:
        now = self.now_text
        rows = []
        for code, name in enumerate(TERRITORIES, start=1):
            self.territory_ids[name] = self.new_id()
            rows.append((self.territory_ids[name], f"T{code:02d}", name, "United States",
                         now, now))
        self.cur.executemany(
            "INSERT INTO territories (id, code, name, region, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", rows)
        manager = self.new_id()
        people: list[Row] = [
            (manager, "Dana Whitfield", "dana.whitfield@fieldbook.example", "manager", None, None)
        ]
        for n, name in enumerate(("Alex Morgan", "Jordan Reyes", "Sam Okafor", "Priya Natarajan",
                                  "Chris Lindqvist")):
            rep = self.new_id()
            self.reps.append(rep)
            email = name.lower().replace(" ", ".") + "@fieldbook.example"
            territory = list(self.territory_ids.values())[n % len(self.territory_ids)]
            people.append((rep, name, email, "rep", territory, manager))
        self.rep_id = uuid.UUID(hex=self.reps[0])
        self.cur.executemany(
            "INSERT INTO users (id, name, email, role, territory_id, manager_id, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*p, now, now) for p in people])

    # -- accounts and what hangs off them ------------------------------------------
    def write_accounts(self, count: int) -> None:
        accounts: list[Row] = []
        contacts: list[Row] = []
        interactions: list[Row] = []
        follow_ups: list[Row] = []
        concerns: list[Row] = []
        rng = self.rng
        for _ in range(count):
            account = self._account()
            accounts.append(account[0])
            account_id, owner, status = account[0][0], account[1], account[0][2]
            people = self._contacts(account_id, account[2], account[3], account[0][-1])
            contacts.extend(people)
            interactions.extend(self._history(account_id, owner, status,
                                              [p[0] for p in people]))
            if rng.random() < 0.6:
                follow_ups.append(self._follow_up(account_id, owner))
            if rng.random() < 0.15:
                concerns.append(self._concern(account_id, people))
        cur = self.cur
        cur.executemany(
            "INSERT INTO accounts (id, name, status, kind, industry, segment, tier, "
            "billing_street, billing_city, billing_region, billing_postal_code, billing_country, "
            "shipping_street, shipping_city, shipping_region, shipping_postal_code, "
            "shipping_country, latitude, longitude, phone, website, currency, locale, owner_id, "
            "territory_id, tags, notes, archived, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'US', ?, ?, ?, ?, 'US', ?, ?, ?, ?, 'USD', "
            "'en_US', ?, ?, ?, ?, 0, ?, ?)", accounts)
        cur.executemany(
            "INSERT INTO contacts (id, account_id, first_name, last_name, title, role, "
            "work_phone, mobile_phone, email, preferred_channel, do_not_contact, archived, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)", contacts)
        cur.executemany(
            "INSERT INTO interactions (id, account_id, contact_id, author_id, channel, "
            "direction, occurred_at, duration_minutes, subject, notes, outcome, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", interactions)
        cur.executemany(
            "INSERT INTO follow_ups (id, account_id, assignee_id, title, due_date, done_at, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", follow_ups)
        cur.executemany(
            "INSERT INTO concerns (id, account_id, contact_id, title, details, opened_at, "
            "status, resolution, resolved_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", concerns)
        for key, rows in (("accounts", accounts), ("contacts", contacts),
                          ("interactions", interactions), ("follow_ups", follow_ups),
                          ("concerns", concerns)):
            self.counts[key] += len(rows)

    def _account(self) -> tuple[Row, str, str, str | None]:
        rng = self.rng
        place = rng.choice(self.places)
        first, last = rng.choice(vocab.COMPANY_FIRST), rng.choice(vocab.COMPANY_LAST)
        suffix = rng.choice(vocab.SUFFIXES)
        if suffix.strip() in last.split():  # no "Dental Group Group"
            suffix = ""
        name = f"{first} {last}{suffix}"
        domain = _mailbox(first, last).replace(".", "")
        kind = rng.choice(self.kinds)
        roll = rng.random()
        status = ("prospect" if kind == "prospect" else "dormant" if roll < 0.08
                  else "closed" if roll < 0.10 else "active")
        roll = rng.random()
        tier = "A" if roll > 0.85 else "B" if roll > 0.50 else "C"
        owner = self.reps[0] if rng.random() < 0.4 else rng.choice(self.reps[1:])
        created = _stamp(self.now - TWO_YEARS - rng.randrange(365 * DAY))
        street = f"{rng.randrange(10, 9900)} {rng.choice(vocab.STREETS)}"
        tags = json.dumps(rng.sample(vocab.TAGS, rng.choice((0, 0, 1, 1, 2, 3))))
        # Some ship to a warehouse across town; some carry a note.
        ship_to = (f"{rng.randrange(10, 9900)} {rng.choice(vocab.STREETS)}"
                   if rng.random() < 0.12 else street)
        notes = rng.choice(vocab.ACCOUNT_NOTES) if rng.random() < 0.15 else None
        row = (self.new_id(), name, status, kind, vocab.INDUSTRIES[last],
               rng.choice(vocab.SEGMENTS), tier, street, place.city, place.state,
               place.zip_code, ship_to, place.city, place.state, place.zip_code,
               place.latitude, place.longitude, self._phone(place.area_code),
               f"https://www.{domain}.example",
               owner, self.territory_ids[TERRITORY_OF[place.state]], tags,
               notes, created, created)
        return row, owner, domain, place.area_code

    def _phone(self, area_code: str | None = None) -> str:
        """A NANP number in the place's own area code, exchange 2XX-9XX (never 555)."""
        r = self.rng.random
        exchange = 200 + int(r() * 800)
        if exchange == 555:
            exchange = 556
        area = area_code or AREA_CODES[int(r() * len(AREA_CODES))]
        return f"+1{area}{exchange}{int(r() * 10_000):04d}"

    def _contacts(self, account_id: str, domain: str, area: str | None,
                  created: str) -> list[Row]:
        rng = self.rng
        rows: list[Row] = []
        mailboxes: set[str] = set()
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))):
            # A few percent of names in other scripts and accents, as in a real book.
            foreign = rng.random() < 0.04
            first = rng.choice(vocab.FIRST_NAMES_INTL if foreign else vocab.FIRST_NAMES)
            last = rng.choice(vocab.LAST_NAMES_INTL if foreign else vocab.LAST_NAMES)
            local = _mailbox(first, last)
            while local in mailboxes:  # two Jane Does at one company
                local += str(len(mailboxes) + 1)
            mailboxes.add(local)
            rows.append((self.new_id(), account_id, first, last, rng.choice(vocab.TITLES),
                         rng.choice(ROLES), self._phone(area),
                         self._phone() if rng.random() < 0.4 else None,
                         f"{local}@{domain}.example",
                         rng.choice(("phone", "email", "email", "visit", "chat")),
                         1 if rng.random() < 0.03 else 0, created, created))
        return rows

    def _history(self, account_id: str, owner: str, status: str,
                 contact_ids: list[str]) -> list[Row]:
        rng = self.rng
        busy = rng.random() < 0.005
        count = rng.randrange(150, 220) if busy else min(int(rng.expovariate(0.1)), 25)
        quiet = 270 * DAY if status == "dormant" else 0  # dormant: nothing for 9 months
        rows: list[Row] = []
        random_ = rng.random
        stamp, new_id, span = self.stamp, self.new_id, TWO_YEARS - quiet - DAY
        midnight = self.now - self.now % DAY
        midnight_day = int(midnight // DAY)
        channels, notes, subjects, outcomes = self.channels, self.notes, SUBJECTS, OUTCOMES
        people = len(contact_ids)
        for _ in range(count):
            # Newer contact is likelier: bias the age towards the present. Calls and
            # visits happen in US business hours (13:00-23:00 UTC), on an earlier day.
            days = (quiet + int(span * random_() ** 1.6)) // DAY + 1
            weekday = (midnight_day - days + 3) % 7  # 1970-01-01 was a Thursday
            if weekday == 5:  # Saturday: Friday instead
                days += 1
            elif weekday == 6:  # Sunday: Monday, or Friday if Monday is today
                days = days - 1 if days > 1 else days + 2
            channel = channels[int(random_() * len(channels))]
            when = stamp(midnight - days * DAY + 46_800 + int(random_() * 36_000))
            topics = subjects[channel]
            rows.append((
                new_id(), account_id,
                None if channel == "note" else contact_ids[int(random_() * people)], owner,
                channel, "in" if channel == "web" or (channel in ANSWERABLE and random_() < 0.3)
                else "out", when,
                DURATIONS[int(random_() * 7)] if channel in TIMED else None,
                topics[int(random_() * len(topics))], notes[int(random_() * len(notes))],
                outcomes[int(random_() * len(outcomes))] or None, when, when))
        return rows

    def _follow_up(self, account_id: str, owner: str) -> Row:
        """Due from four months ago to six weeks ahead; most past ones done, on time or
        a little late, but never after today and never before they were set."""
        rng = self.rng
        offset = rng.randrange(-120, 43)
        due = self.today + timedelta(days=offset)
        created = self.now + (min(offset, 0) - rng.randrange(3, 30)) * DAY
        done = None
        if offset < -14 or (offset < 0 and rng.random() < 0.2):
            done_at = self.now + (offset + rng.randrange(-2, 4)) * DAY + 50_400
            done = _stamp(min(max(done_at, created + DAY), self.now - 3_600))
        return (self.new_id(), account_id, owner, rng.choice(vocab.FOLLOW_UPS),
                due.isoformat(), done, _stamp(created), _stamp(created))

    def _concern(self, account_id: str, people: list[Row]) -> Row:
        rng = self.rng
        opened = self.now - rng.randrange(3, 400) * DAY
        status = rng.choices(("open", "in_progress", "resolved"), (2, 1, 5))[0]
        resolved = status == "resolved"
        age_days = int((self.now - opened) // DAY)
        fixed = opened + min(rng.randrange(1, 30), age_days - 1) * DAY  # before today
        return (self.new_id(), account_id, rng.choice(people)[0], rng.choice(vocab.CONCERNS),
                rng.choice(self.notes), _stamp(opened), status,
                rng.choice(vocab.RESOLUTIONS) if resolved else None,
                _stamp(fixed) if resolved else None,
                _stamp(opened), _stamp(fixed if resolved else opened))
