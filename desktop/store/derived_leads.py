"""Lead search and the indexes the lead inbox and the duplicate check read.

``lead_search`` is an FTS5 index over a lead's company, person, contact details
and need, keyed by ``leads.rowid`` and kept by triggers like the account search
(so sync, imports and bulk loads keep it right; a bulk load rebuilds it with
:data:`REBUILD`). Converted, merged and deleted leads stay searchable only while
live: a tombstone leaves the index.
"""

from __future__ import annotations

from desktop.store.derived import SUSPENDED, _phone_tokens

_SELECT = (
    "SELECT l.rowid, coalesce(l.company, ''), "
    "coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '') || ' ' || "
    "coalesce(l.title, ''), "
    "coalesce(l.email, '') || ' ' || " + _phone_tokens("l.phone") + " || ' ' || "
    "coalesce(l.city, '') || ' ' || coalesce(l.region, '') || ' ' || coalesce(l.postal_code, ''), "
    "coalesce(l.need, '') || ' ' || coalesce(l.notes, '') "
    "FROM leads l WHERE l.deleted_at IS NULL"
)
_INSERT = "INSERT INTO lead_search(rowid, company, person, reach, need) "

DDL: list[str] = [
    "CREATE VIRTUAL TABLE lead_search USING fts5(company, person, reach, need, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2')",
    # The inbox's sorts and filters.
    "CREATE INDEX ix_leads_company_nocase ON leads (company COLLATE NOCASE)",
    "CREATE INDEX ix_leads_fit_score ON leads (fit_score)",
    "CREATE INDEX ix_leads_status_received ON leads (status, received_at)",
    # The duplicate check's exact lookups (phones are E.164, emails any case).
    "CREATE INDEX ix_leads_phone ON leads (phone)",
    "CREATE INDEX ix_leads_email_nocase ON leads (email COLLATE NOCASE)",
    "CREATE INDEX ix_accounts_phone ON accounts (phone)",
    "CREATE INDEX ix_contacts_work_phone ON contacts (work_phone)",
    "CREATE INDEX ix_contacts_mobile_phone ON contacts (mobile_phone)",
    "CREATE INDEX ix_contacts_email_nocase ON contacts (email COLLATE NOCASE)",
    "CREATE INDEX ix_contacts_alt_email_nocase ON contacts (alt_email COLLATE NOCASE)",
    f"CREATE TRIGGER leads_search_ai AFTER INSERT ON leads WHEN {SUSPENDED} "
    f"BEGIN {_INSERT}{_SELECT} AND l.id = NEW.id; END",
    "CREATE TRIGGER leads_search_au AFTER UPDATE OF company, first_name, last_name, title, "
    "email, phone, city, region, postal_code, need, notes, deleted_at ON leads "
    f"WHEN {SUSPENDED} BEGIN DELETE FROM lead_search WHERE rowid = NEW.rowid; "
    f"{_INSERT}{_SELECT} AND l.id = NEW.id; END",
    f"CREATE TRIGGER leads_search_ad AFTER DELETE ON leads WHEN {SUSPENDED} "
    "BEGIN DELETE FROM lead_search WHERE rowid = OLD.rowid; END",
]

REBUILD: list[str] = [
    "DELETE FROM lead_search",
    _INSERT + _SELECT,
]

# Local-only objects (not in the schema's metadata: the model comparison skips them).
INDEXES = frozenset(
    s.split()[2] for s in DDL if s.startswith("CREATE INDEX"))
TABLES = frozenset({"lead_search"})

DROP: list[str] = [
    *(f"DROP TRIGGER IF EXISTS leads_search_{s}" for s in ("ai", "au", "ad")),
    *(f"DROP INDEX IF EXISTS {name}" for name in sorted(INDEXES)),
    "DROP TABLE IF EXISTS lead_search",
]

# An event's deals (migration 0026): those it sourced directly, and those of the
# leads it brought in. Without them the Events view's return read every deal, on
# the one read thread: 1.6 s for an event at 1,000,000 accounts, and the search
# typed next waited for it. Partial: most deals have neither.
EVENT_DEALS: dict[str, str] = {
    "ix_opportunities_event_id": "CREATE INDEX IF NOT EXISTS ix_opportunities_event_id "
                                 "ON opportunities (event_id) WHERE event_id IS NOT NULL",
    "ix_opportunities_source_lead_id": "CREATE INDEX IF NOT EXISTS "
                                       "ix_opportunities_source_lead_id ON opportunities "
                                       "(source_lead_id) WHERE source_lead_id IS NOT NULL",
}
