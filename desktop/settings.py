"""Every user setting declared once, typed, with its default.

Stored as JSON with a version number; ``_UPGRADES`` turns an older file into
the current shape. What belongs to one cache (who works in it, its server,
whether demo data was offered) lives in a file beside that cache, so
``fieldbook --db other.sqlite3`` shows that cache's user and sync state; the
rest (preferences, branding, planning defaults) is per machine, in the
platform's config folder. Secrets never go here: they belong in the OS
keyring. Window geometry lives in QSettings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from types import UnionType
from typing import Any, get_args, get_origin, get_type_hints

import platformdirs

APP = "Fieldbook"
VERSION = 1


@dataclass
class Settings:
    current_user_id: str | None = None  # the rep using this laptop (uuid hex)
    home_region: str = "US"  # phone numbers here show in national format
    stale_contact_days: int = 90  # default for "no contact in the last N days"
    # The Sales Pipe: a deal with nothing logged on its account for this many days
    # is stale; totals of the board and the forecast are in this currency.
    stale_after_days: int = 30
    # Dormant customers (desktop.services.dormant): no order in this many months
    # and/or ("either" or "both") nothing logged in this many days.
    dormant_order_months: int = 12
    dormant_contact_days: int = 180
    dormant_match: str = "either"
    home_currency: str = "USD"
    demo_accounts: int = 1000  # size of the demo book offered on first start
    offered_demo_data: bool = False
    timeline_channels: list[str] = field(default_factory=list)  # last channel filter
    # Sync. The token is in the OS keyring, never here; no password is stored.
    sync_server_url: str | None = None  # None: local only
    sync_login: str | None = None
    sync_allow_insecure: bool = False  # plain http:// to another machine
    # PEM of the CA that signed the server's certificate (a server with a CA of
    # its own); None: the system's trusted certificates (desktop.sync.tls).
    sync_ca_file: str | None = None
    sync_interval_minutes: int = 5
    # Call planning. A tier's accounts are due for a visit this many days after
    # the last one (an account without a tier counts as C).
    visit_days_tier_a: int = 30
    visit_days_tier_b: int = 90
    visit_days_tier_c: int = 182
    # Where trip days start and end unless the rep says otherwise.
    home_place_name: str = "Home"
    home_place_address: str = ""
    home_latitude: float | None = None
    home_longitude: float | None = None
    trip_work_start: str = "08:00"  # local time, each day's own time zone
    trip_work_end: str = "17:30"
    trip_lunch_earliest: str = "11:30"
    trip_lunch_latest: str = "13:30"
    trip_lunch_minutes: int = 45
    trip_max_drive_minutes: int = 480
    trip_visit_minutes: int = 45
    # A night at home may become a stay near the work when that saves driving;
    # places to stay the rep likes: [{"name", "address", "latitude", "longitude"}].
    trip_stay_away: bool = True
    trip_lodging: list[dict[str, Any]] = field(default_factory=list)
    # Busy times imported before they synced (now ``busy_times``), per trip id, read
    # until the trip's next import: [{"start", "end", "summary"}] as ISO times.
    trip_busy: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Opening hours of an account that has none of its own (its local time).
    default_opening_hours: dict[str, list[list[str]]] = field(default_factory=lambda: {
        day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")})
    trip_solve_seconds: int = 20  # how long Optimise searches (Stop ends it sooner)

    reservation_days: int = 7  # how long a soft hold for a quote lasts
    # Proposals and the company's branding on every PDF (desktop.documents.branding).
    proposal_valid_days: int = 30  # a new proposal's valid-until, from today
    brand_company: str = "Fieldbook Supply Co."
    brand_address: list[str] = field(default_factory=lambda: [
        "100 Market Street", "Springfield, IL 62701", "United States"])
    brand_footer: str = "Fieldbook Supply Co. · +1 217 555 0100 · sales@fieldbook.example"
    brand_colour: str = "#1f6f78"  # headings, table header and rules
    brand_logo: str | None = None  # PNG or JPEG; a relative path is under the config folder

    @property
    def sync_configured(self) -> bool:
        """A server and a login are set (the token may still need a sign-in)."""
        return bool(self.sync_server_url and self.sync_login)


# Fields stored with the cache rather than per machine.
CACHE_FIELDS = frozenset({"current_user_id", "sync_server_url", "sync_login",
                          "sync_allow_insecure", "sync_ca_file", "offered_demo_data",
                          "trip_busy"})

_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # 1: lambda old: {...}  -- add an entry for each future version bump
}


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "fieldbook.sqlite3"


def _fits(value: Any, hint: Any) -> bool:
    """Whether a loaded JSON value has the declared type (list items included)."""
    options = get_args(hint) if get_origin(hint) is UnionType else (hint,)
    for option in options:
        origin = get_origin(option) or option
        if isinstance(value, bool) and origin is not bool:
            continue
        if not isinstance(value, origin):
            continue
        if origin is list:
            (item,) = get_args(option) or (Any,)
            if item is not Any and not all(_fits(v, item) for v in value):
                continue
        return True
    return False


def cache_settings_path(cache: Path) -> Path:
    """The settings file that belongs to one cache: beside it, named after it."""
    return cache.with_name(cache.stem + ".settings.json")


def _read(path: Path) -> dict[str, Any] | None:
    """A settings file's values brought to the current version; None if absent."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings must be a JSON object")
        version = int(raw.pop("version", VERSION))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        # A damaged file must not stop the app; keep it for inspection.
        path.replace(path.with_suffix(".damaged.json"))
        return {}
    while version < VERSION:
        version += 1
        raw = _UPGRADES[version](raw)
    return raw


def _write(path: Path, data: dict[str, Any]) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": VERSION, **data}, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SettingsFile:
    """Loads and saves :class:`Settings`; unknown keys are kept out, bad values reset.

    With ``cache``, the cache's own fields (:data:`CACHE_FIELDS`) are read from
    and written to the file beside that cache; a cache without one starts local
    only, except the default cache, which takes them from the machine file once
    (where they lived before)."""

    def __init__(self, path: Path | None = None, cache: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"
        self.cache_path = cache_settings_path(cache) if cache is not None else None
        self._inherit = cache is not None and cache.resolve() == default_db_path().resolve()

    def load(self) -> Settings:
        raw = _read(self.path) or {}
        if self.cache_path is not None:
            own = _read(self.cache_path)
            if own is None:
                own = {k: v for k, v in raw.items() if k in CACHE_FIELDS} if self._inherit else {}
            raw = {k: v for k, v in raw.items() if k not in CACHE_FIELDS}
            raw.update({k: v for k, v in own.items() if k in CACHE_FIELDS})
        hints = get_type_hints(Settings)
        values = {}
        for f in fields(Settings):
            if f.name in raw and _fits(raw[f.name], hints[f.name]):
                values[f.name] = raw[f.name]
        return Settings(**values)

    def save(self, settings: Settings) -> None:
        data = asdict(settings)
        if self.cache_path is None:
            _write(self.path, data)
            return
        _write(self.path, {k: v for k, v in data.items() if k not in CACHE_FIELDS})
        _write(self.cache_path, {k: v for k, v in data.items() if k in CACHE_FIELDS})
