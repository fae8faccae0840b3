"""Web inquiries from a CSV file (web forms, Salesforce Web-to-Lead, HubSpot).

Headers are matched by name (``First Name``, ``FirstName``, ``first_name`` ...,
``lead_columns.ALIASES``); the encoding (a BOM, UTF-8, else cp1252) and the
delimiter (``,`` ``;`` tab) are detected; quoted fields may span lines. Every
bad row is named by the line it starts on; nothing is written when any row is
bad. Likely duplicates of existing leads, accounts and contacts (and of earlier
rows of the file) are reported, not refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.domain.lead_rules import LEAD_RULES
from desktop.i18n import _
from desktop.services import lead_columns as cols
from desktop.services.csv_text import decode, records
from desktop.services.validation import ValidationError

if TYPE_CHECKING:
    from desktop.services.container import Services
    from desktop.services.leads import LeadService

_LABELS = {"budget": "Budget", "received_at": "Received"}


class BadRow(NamedTuple):
    line: int  # the file's line where the record starts (1 = the header)
    reason: str


class DuplicateNote(NamedTuple):
    line: int
    what: str  # "same email: lead Acme, Jane Doe"


class ImportReport(NamedTuple):
    rows: int  # data rows read (blank rows skipped)
    imported: int  # leads written (0 on a dry run or when any row is bad)
    bad: list[BadRow]
    duplicates: list[DuplicateNote]
    columns: dict[str, str]  # file header -> lead field
    ignored: list[str]  # headers not used
    encoding: str
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.bad


def map_headers(headers: list[str]) -> tuple[dict[int, str], dict[str, str], list[str]]:
    """(column index -> field, header -> field, unused headers); the first
    column of a field wins."""
    by_index: dict[int, str] = {}
    named: dict[str, str] = {}
    ignored: list[str] = []
    for i, header in enumerate(headers):
        field = cols.ALIASES.get(cols.fold_header(header))
        if field is None or field in by_index.values():
            if header.strip():
                ignored.append(header)
            continue
        by_index[i] = field
        named[header] = field
    return by_index, named, ignored


def row_values(fields: dict[str, str], default_source: str) -> tuple[dict[str, Any], list[str]]:
    """A row's text as ``LeadService.capture`` values, and the problems found here."""
    problems: list[str] = []
    values: dict[str, Any] = {k: v for k, v in fields.items()
                              if v and k in LEAD_RULES and k not in (
                                  "source", "timing", "country", "currency")}
    full = fields.get("full_name", "")
    if full and not (fields.get("first_name") or fields.get("last_name")):
        first, _sep, last = full.rpartition(" ")
        values["first_name"], values["last_name"] = (first, last) if first else (None, last)
    values["source"] = cols.source(fields.get("source", ""), default_source)
    values["timing"] = cols.timing(fields.get("timing", ""))
    if fields.get("country"):
        code = cols.country(fields["country"])
        if code is None:
            problems.append(_("country '{v}' is not known (use a two-letter code such as "
                              "US or DE)").format(v=fields["country"]))
        else:
            values["country"] = code
    if fields.get("currency"):
        values["currency"] = fields["currency"]
    if fields.get("budget"):
        values["budget"] = fields["budget"]
    if fields.get("received_at"):
        try:
            values["received_at"] = cols.received(fields["received_at"])
        except ValueError:
            problems.append(_("date '{v}' is not a date (use 2026-11-30 or 11/30/2026)")
                            .format(v=fields["received_at"]))
    return values, problems


def _reason(exc: ValidationError) -> list[str]:
    out = []
    for field, message in exc.errors.items():
        rule = LEAD_RULES.get(field)
        label = rule.label if rule else _(_LABELS.get(field, field))
        out.append(f"{label}: {message}")
    return out


def import_leads(services: Services, path: Path, *, dry_run: bool = False,
                 source: str = "web") -> ImportReport:
    """Read ``path``, check every row, and (unless ``dry_run`` or any row is
    bad) write all leads in one unit of work."""
    text, encoding = decode(path.read_bytes())
    rows = iter(records(text))
    header_line = next(rows, None)
    if header_line is None:
        return ImportReport(0, 0, [BadRow(1, _("The file is empty."))], [], {}, [], encoding,
                            dry_run)
    by_index, named, ignored = map_headers(header_line[1])
    if not {"company", "first_name", "last_name", "full_name"} & set(by_index.values()):
        return ImportReport(0, 0, [BadRow(1, _(
            "No company or name column: the header names none of Company, Organization, "
            "First Name, Last Name, Name."))], [], named, ignored, encoding, dry_run)
    leads: LeadService = services.leads
    bad: list[BadRow] = []
    notes: list[DuplicateNote] = []
    pending: list[Any] = []
    count = 0
    with services.store.unit_of_work() as uow:
        for line, raw in rows:
            if not any(cell.strip() for cell in raw):
                continue
            count += 1
            if len(raw) > len(header_line[1]):
                bad.append(BadRow(line, _("{n} fields where the header has {m} (a stray "
                                          "delimiter or quote?)").format(
                                              n=len(raw), m=len(header_line[1]))))
                continue
            fields = {by_index[i]: raw[i].strip() for i in by_index if i < len(raw)}
            values, problems = row_values(fields, source)
            try:
                lead = leads.new_lead(uow.session, values)
            except ValidationError as exc:
                problems += _reason(exc)
            if problems:
                bad.append(BadRow(line, "; ".join(problems)))
                continue
            pending.append((line, lead))
        notes = _duplicates(services, pending)
        imported = 0
        if not bad and not dry_run and pending:
            uow.session.add_all([lead for _line, lead in pending])
            services.duplicates.apply(uow.commit())
            imported = len(pending)
    return ImportReport(count, imported, bad, notes, named, ignored, encoding, dry_run)


def _duplicates(services: Services, pending: list[Any]) -> list[DuplicateNote]:
    """Likely duplicates in the cache and among the file's earlier rows."""
    finder = services.duplicates
    notes: list[DuplicateNote] = []
    seen: dict[tuple[str, str], int] = {}
    for line, lead in pending:
        fields = {"company": lead.company, "first_name": lead.first_name,
                  "last_name": lead.last_name, "phone": lead.phone, "email": lead.email,
                  "country": lead.country}
        for candidate in finder.candidates("leads", fields, limit=3):
            kind = {"leads": _("lead"), "accounts": _("account"),
                    "contacts": _("contact")}[candidate.table]
            notes.append(DuplicateNote(line, f"{candidate.reasons()}: {kind} {candidate.label}"))
        for key in (("email", (lead.email or "").lower()), ("phone", lead.phone or "")):
            if key[1]:
                if key in seen:
                    notes.append(DuplicateNote(line, _("same {what} as line {n}").format(
                        what=_("email") if key[0] == "email" else _("phone"), n=seen[key])))
                else:
                    seen[key] = line
    return notes
