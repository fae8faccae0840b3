"""What a web form's, Salesforce Web-to-Lead's or HubSpot's column means, and
its text turned into a lead's value (source, timing, country, date)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

from desktop.domain.headers import fold_header as fold_header  # the lead import's too
from desktop.domain.schema.enums import LeadSource, LeadTiming

# A header folded (lower case, letters and digits only) -> the lead field.
ALIASES: dict[str, str] = {}
for field, names in {
    "first_name": "firstname first givenname fname forename vorname prenom",
    "last_name": "lastname last surname familyname lname nachname nom",
    "full_name": "name fullname contactname yourname contact",
    "company": "company companyname organization organisation organizationname business "
               "accountname account firm firma employer",
    "email": "email emailaddress mail email1 workemail",
    "phone": "phone phonenumber telephone tel mobile mobilephone mobilephonenumber cell "
             "workphone businessphone telefon",
    "title": "title jobtitle position role",
    "need": "message description need needs comments comment inquiry enquiry question "
            "details yourmessage howcanwehelp howcanwehelpyou request interest",
    "budget": "budget estimatedbudget amount budgetamount",
    "timing": "timeline timeframe timing purchasetimeframe whentobuy purchasetimeline",
    "source": "source leadsource originalsource channel",
    "country": "country countrycode countryregion nation land",
    "street": "street address streetaddress address1 addressline1",
    "city": "city town ort",
    "region": "state region province stateprovince stateregion",
    "postal_code": "zip zipcode postalcode postcode plz",
    "currency": "currency currencyisocode currencycode",
    "received_at": "date created createddate createdate submitted submittedat submissiondate "
                   "received receivedat timestamp datesubmitted conversiondate",
    "notes": "notes note remarks",
}.items():
    for name in names.split():
        ALIASES[name] = field


_SOURCES = (
    ("referral", LeadSource.REFERRAL), ("partner", LeadSource.REFERRAL),
    ("trade show", LeadSource.EVENT), ("tradeshow", LeadSource.EVENT),
    ("event", LeadSource.EVENT), ("seminar", LeadSource.EVENT), ("webinar", LeadSource.EVENT),
    ("telemarketing", LeadSource.TELEMARKETING), ("cold call", LeadSource.TELEMARKETING),
    ("fax", LeadSource.FAX), ("email", LeadSource.EMAIL), ("e-mail", LeadSource.EMAIL),
    ("phone", LeadSource.PHONE), ("call", LeadSource.PHONE), ("field", LeadSource.FIELD),
    ("web", LeadSource.WEB), ("search", LeadSource.WEB), ("social", LeadSource.WEB),
    ("direct traffic", LeadSource.WEB), ("form", LeadSource.WEB), ("online", LeadSource.WEB),
)


def source(text: str, default: str) -> str:
    """A source as written ("Web-to-Lead", "Trade Show", "Organic Search"); the
    import's default when unknown or empty."""
    folded = text.strip().lower()
    if folded in {s.value for s in LeadSource}:
        return folded
    return next((s.value for key, s in _SOURCES if key in folded), default)


def timing(text: str) -> str:
    """ "ASAP", "0-3 months", "This year" ... -> a LeadTiming value (unknown if unclear)."""
    folded = text.strip().lower().replace("_", " ")
    if not folded:
        return LeadTiming.UNKNOWN.value
    if folded in {t.value.replace("_", " ") for t in LeadTiming}:
        return folded.replace(" ", "_")
    if any(k in folded for k in ("now", "immediate", "asap", "urgent", "this month")):
        return LeadTiming.NOW.value
    months = [int(m) for m in re.findall(r"\d+", folded)]
    if "quarter" in folded or (months and max(months) <= 3 and "month" in folded):
        return LeadTiming.QUARTER.value
    if "half" in folded or (months and max(months) <= 6 and "month" in folded):
        return LeadTiming.HALF_YEAR.value
    if "year" in folded or (months and max(months) <= 12 and "month" in folded):
        return LeadTiming.YEAR.value
    return LeadTiming.UNKNOWN.value


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "de", "fr", "es"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = code
    names.update({"usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "uk": "GB",
                  "england": "GB", "great britain": "GB", "deutschland": "DE"})
    return names


def country(text: str) -> str | None:
    """A two-letter code from "US", "us", "United States", "Deutschland"; None if unknown."""
    folded = text.strip()
    if len(folded) == 2 and folded.isalpha():
        return folded.upper()
    return _country_names().get(folded.lower())


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S",
                 "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y", "%d.%m.%Y %H:%M",
                 "%d.%m.%Y")


def received(text: str) -> datetime:
    """A submission time (ISO 8601, US or German style); naive times are UTC.
    ValueError when it is none of these."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
