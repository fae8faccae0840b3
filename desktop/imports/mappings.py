"""Which column of a Salesforce or Sage CRM export lands in which field.

Headers are folded (lower case, letters and digits only), so the report
export's ``Billing Zip/Postal Code`` and the Data Export's ``BillingPostalCode``
are one key. Targets are record fields, or ``ref`` (the source system's id,
kept in the batch so a later contacts file can name its account by id),
``account`` / ``account_ref`` (the account a contact or activity belongs to)
and ``type`` (a kind or channel as the source writes it).

A JSON mapping file names any other file's columns:
``{"kind": "accounts", "columns": {"Firma": "name", "Ort": "billing_city"}}``
(``kind`` is optional).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from desktop.domain.headers import fold_header as fold

KINDS = ("accounts", "contacts", "activities", "opportunities")

_ACCOUNT = {
    "name": "accountname name compname",
    "ref": "accountid id compcompanyid companyid",
    "kind": "type accounttype comptype",
    "industry": "industry compsector sector",
    "segment": "accountsegment compsegment",
    "phone": "phone accountphone compphonenumber phonenumber",
    "website": "website compwebsite",
    "notes": "description accountdescription compnotes",
    "billing_street": "billingstreet billingaddressline1 billingaddressline2 addraddress1 "
                      "addraddress2 addraddress3",
    "billing_city": "billingcity addrcity",
    "billing_region": "billingstateprovince billingstate addrstate",
    "billing_postal_code": "billingzippostalcode billingpostalcode billingzip addrpostcode",
    "billing_country": "billingcountry addrcountry",
    "shipping_street": "shippingstreet",
    "shipping_city": "shippingcity",
    "shipping_region": "shippingstateprovince shippingstate",
    "shipping_postal_code": "shippingzippostalcode shippingpostalcode",
    "shipping_country": "shippingcountry",
}
_CONTACT = {
    "first_name": "firstname persfirstname",
    "last_name": "lastname perslastname",
    "ref": "contactid id perspersonid",
    "title": "title perstitle",
    "email": "email persemailaddress emailaddress",
    "work_phone": "phone businessphone persphonenumber phonenumber",
    "mobile_phone": "mobile mobilephone persmobilenumber persmobilephone",
    "notes": "description persnotes",
    "country": "mailingcountry country addrcountry",
    "account": "accountname compname company",
    "account_ref": "accountid perscompanyid compcompanyid",
}
_ACTIVITY = {
    "subject": "subject commsubject",
    "occurred_at": "duedate activitydate date commdatetime",
    "type": "type tasktype tasksubtype commaction",
    "notes": "comments description commnote",
    "account": "relatedto accountname compname company",
    "account_ref": "whatid accountid cmlicommcompanyid commcompanyid",
    "duration_minutes": "durationminutes duration",
}

_OPPORTUNITY = {
    "name": "opportunityname name oppodescription",
    "ref": "opportunityid id oppoopportunityid",
    "account": "accountname compname company",
    "account_ref": "accountid oppoprimarycompanyid",
    "amount": "amount oppoforecast",
    "close_date": "closedate oppotargetclose",
    "stage": "stage stagename oppostage",
    "probability": "probability probability oppocertainty",
    "description": "description opponote",
    "next_step": "nextstep",
}


def _table(spec: dict[str, str]) -> dict[str, str]:
    return {name: field for field, names in spec.items() for name in names.split()}


# One table per kind serves both products: their column names never clash.
PRESETS: dict[str, dict[str, str]] = {
    "accounts": _table(_ACCOUNT), "contacts": _table(_CONTACT),
    "activities": _table(_ACTIVITY), "opportunities": _table(_OPPORTUNITY)}
PRODUCTS = ("salesforce", "sage")

# Salesforce Type / Sage Comp_Type -> account kind.
ACCOUNT_KINDS = (("prospect", "prospect"), ("partner", "partner"), ("reseller", "partner"),
                 ("distributor", "distributor"), ("supplier", "vendor"),
                 ("vendor", "vendor"), ("broker", "broker"), ("customer", "customer"))
# Salesforce task Type / Sage Comm_Action -> (channel, direction).
CHANNELS = (("phonein", ("phone", "in")), ("phoneout", ("phone", "out")),
            ("emailin", ("email", "in")), ("emailout", ("email", "out")),
            ("call", ("phone", "out")), ("phone", ("phone", "out")),
            ("email", ("email", "out")), ("meeting", ("meeting", "out")),
            ("appointment", ("meeting", "out")), ("visit", ("visit", "out")),
            ("fax", ("fax", "out")), ("letter", ("note", "out")), ("note", ("note", "out")))


def load(kind: str, mapping: str | Mapping[str, str]) -> dict[str, str]:
    """Folded header -> field for ``salesforce``, ``sage``, a JSON file's path, or
    a header -> field mapping itself (the window's wizard: an empty field leaves
    the column out). ValueError with a reason when the mapping is unusable."""
    if isinstance(mapping, Mapping):
        return _checked(kind, {k: v for k, v in mapping.items() if v}, "the mapping")
    if mapping in PRODUCTS:
        return PRESETS[kind]
    try:
        data = json.loads(Path(mapping).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"mapping {mapping}: {exc}") from exc
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        raise ValueError(f"mapping {mapping}: needs \"columns\": {{header: field}}")
    if data.get("kind", kind) != kind:
        raise ValueError(f"mapping {mapping} is for {data['kind']}, not {kind}")
    return _checked(kind, columns, f"mapping {mapping}")


def _checked(kind: str, columns: Mapping[str, str], what: str) -> dict[str, str]:
    known = set(PRESETS[kind].values())
    wrong = sorted(set(columns.values()) - known)
    if wrong:
        raise ValueError(f"{what}: unknown field(s) {', '.join(wrong)} "
                         f"(known: {', '.join(sorted(known))})")
    return {fold(k): v for k, v in columns.items()}
