"""``fieldbook plan``: solve, calendar and itinerary on a real demo cache."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.generator import generate
from desktop.planning.problem import DropReason
from desktop.planning.targets import TargetFilter
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store.uow import Store
from tests.rep_at_home import settle_home
from ui.cli import main


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Demo data, a rep at home among their accounts, a two-day trip of 10 stops."""
    folder = tmp_path_factory.mktemp("plan-cli")
    db, settings = folder / "cache.sqlite3", folder / "settings.json"
    store = Store(db)
    summary = generate(store, accounts=200, seed=7)
    store.close()
    services = Services.open(db, SettingsFile(settings))
    services.set_current_user(summary.rep_id)
    home = settle_home(services)
    trip = services.trips.create("Demo trip", date(2026, 12, 7), 2).id
    services.trips.add_stops(trip, services.targets.search(
        TargetFilter(near=home, within_miles=150, limit=10)))
    stops = {s.id for s in services.trips.stops(trip)}
    services.close()
    return {"db": db, "settings": settings, "trip": trip, "stops": stops, "folder": folder}


def plan(demo: dict[str, Any], *args: str) -> list[str]:
    return ["plan", args[0], "--db", str(demo["db"]), "--settings", str(demo["settings"]),
            "--trip", str(demo["trip"]), *args[1:]]


@pytest.fixture(scope="module")
def solved(demo: dict[str, Any]) -> dict[str, Any]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(plan(demo, "solve", "--seconds", "1")) == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_solve_prints_every_stop_once_with_local_times(demo: dict[str, Any],
                                                       solved: dict[str, Any]) -> None:
    assert solved["trip"] == str(demo["trip"]) and solved["status"] in ("solved", "stopped")
    visited = [v["stop_id"] for d in solved["days"] for v in d["visits"]]
    dropped = [d["stop_id"] for d in solved["dropped"]]
    assert sorted(visited + dropped) == sorted(str(s) for s in demo["stops"])
    assert solved["visits"] == len(visited) > 0
    assert [d["day"] for d in solved["days"]] == [1, 2]
    for day in solved["days"]:
        assert [v["sequence"] for v in day["visits"]] == list(range(1, len(day["visits"]) + 1))
        assert day["drive_minutes"] == sum(v["drive_minutes"] for v in day["visits"]) + \
            day["return_drive_minutes"]
        leave, back = datetime.fromisoformat(day["leave"]), datetime.fromisoformat(day["back"])
        assert leave.utcoffset() is not None  # local, with its offset
        assert time(8, 0) <= leave.time() and back.time() <= time(17, 30)
        previous = leave
        for v in day["visits"]:
            arrive, start = datetime.fromisoformat(v["arrive"]), datetime.fromisoformat(v["start"])
            depart = datetime.fromisoformat(v["depart"])
            assert previous <= arrive <= start < depart <= back
            assert (depart - start).total_seconds() == 45 * 60  # the settings' visit length
            previous = depart
    for d in solved["dropped"]:
        assert d["reason"] in {r.value for r in DropReason} and d["message"]
    assert solved["drive_minutes"] == sum(d["drive_minutes"] for d in solved["days"])


def test_solve_saves_the_plan(demo: dict[str, Any], solved: dict[str, Any]) -> None:
    services = Services.open(demo["db"], SettingsFile(demo["settings"]))
    try:
        stored = services.trips.stored_plan(demo["trip"])
    finally:
        services.close()
    assert stored is not None
    assert [[str(v.stop_id) for v in sorted(d.visits, key=lambda v: v.sequence)]
            for d in stored.days] == [[v["stop_id"] for v in d["visits"]]
                                      for d in solved["days"]]


def test_ics_has_one_event_per_visit(demo: dict[str, Any], solved: dict[str, Any],
                                     capsys: Any) -> None:
    import vobject
    from icalendar import Calendar

    out = demo["folder"] / "trip.ics"
    assert main(plan(demo, "ics", "--out", str(out))) == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == solved["visits"]
    names = sorted(v["name"] for d in solved["days"] for v in d["visits"])
    assert sorted(str(e["SUMMARY"]) for e in events) == sorted(f"Visit: {n}" for n in names)
    parsed = vobject.readOne(out.read_text(encoding="utf-8"))
    assert len(parsed.vevent_list) == solved["visits"]
    day_one = demo["folder"] / "day1.ics"
    assert main(plan(demo, "ics", "--out", str(day_one), "--day", "1")) == 0
    first = Calendar.from_ical(day_one.read_bytes()).walk("VEVENT")
    assert len(first) == len(solved["days"][0]["visits"])
    starts = {datetime.fromisoformat(v["start"]) for v in solved["days"][0]["visits"]}
    assert {e.decoded("DTSTART") for e in first} == starts
    capsys.readouterr()
    assert main(plan(demo, "ics", "--out", str(day_one), "--day", "9")) == 2
    assert "--day must be 1 to 2" in capsys.readouterr().err


def test_pdf_lists_the_stops(demo: dict[str, Any], solved: dict[str, Any]) -> None:
    import io

    from pypdf import PdfReader

    out = demo["folder"] / "itinerary.pdf"
    assert main(plan(demo, "pdf", "--out", str(out))) == 0
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    for day in solved["days"]:
        for v in day["visits"]:
            assert v["name"].split(" &")[0] in text


def test_bad_ids_and_missing_plans_say_so(demo: dict[str, Any], tmp_path: Path,
                                          capsys: Any) -> None:
    base = ["--db", str(demo["db"]), "--settings", str(demo["settings"])]
    assert main(["plan", "solve", *base, "--trip", "nonsense"]) == 2
    assert "'nonsense' is not a trip id" in capsys.readouterr().err
    assert main(["plan", "solve", *base, "--trip", str(uuid.uuid4())]) == 2
    assert "no trip" in capsys.readouterr().err
    assert main(["plan", "solve", "--db", str(tmp_path / "none.sqlite3"), "--trip",
                 str(demo["trip"])]) == 2
    assert "no cache at" in capsys.readouterr().err
    services = Services.open(demo["db"], SettingsFile(demo["settings"]))
    fresh = services.trips.create("Unsolved", date(2026, 12, 14), 1).id
    services.close()
    assert main(["plan", "ics", *base, "--trip", str(fresh), "--out",
                 str(tmp_path / "x.ics")]) == 2
    assert "no start or end place on the map" in capsys.readouterr().err  # no home set
    services = Services.open(demo["db"], SettingsFile(demo["settings"]))
    services.settings.home_latitude, services.settings.home_longitude = 37.54, -77.44
    unsolved = services.trips.create("Also unsolved", date(2026, 12, 14), 1).id
    services.close()
    assert main(["plan", "ics", *base, "--trip", str(unsolved), "--out",
                 str(tmp_path / "x.ics")]) == 2
    assert "no plan yet: run `fieldbook plan solve` first" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()
