"""Checks on a trip day's and a stop's values, with messages a rep can act on."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.i18n import _
from desktop.planning.hours import BadHours, parse_hhmm
from desktop.services.validation import ValidationError


def check_day(v: Mapping[str, Any]) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    errors: dict[str, str] = {}
    try:
        ZoneInfo(str(v["time_zone"]))
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("'{v}' is not a time zone (e.g. America/Chicago).").format(
            v=v["time_zone"])
    times = {}
    for name in ("work_start", "work_end", "lunch_earliest", "lunch_latest"):
        if v.get(name) is None and name.startswith("lunch"):
            continue
        try:
            times[name] = parse_hhmm(v[name])
        except BadHours as exc:
            errors[name] = str(exc)
    if "work_start" in times and "work_end" in times and times["work_end"] <= times["work_start"]:
        errors["work_end"] = _("The day must end after it starts.")
    if ("lunch_earliest" in times and "lunch_latest" in times
            and times["lunch_latest"] < times["lunch_earliest"]):
        errors["lunch_latest"] = _("The latest lunch start is before the earliest.")
    for name, high in (("lunch_minutes", 240), ("max_drive_minutes", 24 * 60)):
        if not isinstance(v[name], int) or not 0 <= v[name] <= high:
            errors[name] = _("Between 0 and {n} minutes.").format(n=high)
    for side in ("start", "end"):
        lat, lon = v[f"{side}_latitude"], v[f"{side}_longitude"]
        if (lat is None) != (lon is None) or (lat is not None and not (
                -90 <= lat <= 90 and -180 <= lon <= 180)):
            errors[f"{side}_latitude"] = _("That point is not on the map.")
    if errors:
        raise ValidationError(errors)


def check_stop(v: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not isinstance(v["priority"], int) or not 1 <= v["priority"] <= 5:
        errors["priority"] = _("Priority is 1 (must) to 5 (nice to have).")
    if not isinstance(v["visit_minutes"], int) or not 5 <= v["visit_minutes"] <= 600:
        errors["visit_minutes"] = _("A visit takes 5 to 600 minutes.")
    start, end = v["window_start"], v["window_end"]
    for name in ("window_start", "window_end", "fixed_start"):
        if v[name] is not None and v[name].tzinfo is None:
            errors[name] = _("A time needs its time zone.")
    if (start is None) != (end is None):
        errors["window_end"] = _("An appointment window needs a start and an end.")
    elif (start is not None and end is not None and "window_start" not in errors
          and "window_end" not in errors and end <= start):
        errors["window_end"] = _("The window must end after it starts.")
    purpose = v.get("purpose")
    if purpose and len(purpose.strip()) > 200:
        errors["purpose"] = _("The purpose is too long: at most 200 characters.")
    if errors:
        raise ValidationError(errors)
