"""``fieldbook plan solve`` loads neither SQLAlchemy nor pandas (issue 15: 25
stops in at most 1 s, start-up included; the ORM alone was half a second).

The command runs in a fresh interpreter, as the console script runs it, so that
modules other tests imported cannot hide a heavy import; the child lists the
heavy modules loaded once the plan is saved and printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

from desktop.planning.targets import TargetFilter
from desktop.services.container import Services
from tests.desktop.planning.conftest import SPRINGFIELD, account, offset

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("sqlalchemy", "alembic", "pandas", "desktop.domain.schema.entities",
         "desktop.planning.trips", "desktop.store.uow")
CHILD = """
import json, sys
from ui.cli import main
code = main(sys.argv[2:])
heavy = json.loads(sys.argv[1])
print("LOADED " + json.dumps(sorted(m for m in sys.modules
                                    if m.split(".")[0] in heavy or m in heavy)), file=sys.stderr)
sys.exit(code)
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, json.dumps(HEAVY), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_plan_solve_never_loads_the_orm(services: Services, rep: uuid.UUID,
                                        tmp_path: Path) -> None:
    for n in range(4):
        account(services, f"Account {n}", *offset(SPRINGFIELD, 5 + 4 * n, 3 * (n % 2)))
    trip = services.trips.create("Short day", date(2026, 12, 7), 1).id
    services.trips.add_stops(trip, services.targets.search(TargetFilter()))
    services.session.save()
    where = ["--db", str(services.store.path), "--settings", str(services.settings_file.path),
             "--trip", str(trip)]
    done = _run("plan", "solve", *where, "--seconds", "1")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["visits"] == 4 and out["status"] == "solved"
    [line] = [x for x in done.stderr.splitlines() if x.startswith("LOADED ")]
    assert json.loads(line.removeprefix("LOADED ")) == []
    saved = services.trips.stored_plan(trip)  # written through the plain path
    assert saved is not None and sum(len(d.visits) for d in saved.days) == 4
    outbox = services.store.reads().execute(
        "SELECT count(*) FROM sync_outbox WHERE table_name = 'trip_stops' AND op = 'upsert' "
        "AND changes LIKE '%\"start_at\": \"2026-%'").fetchone()[0]
    assert outbox == 4  # sync sends each planned visit

    # The calendar still reads the trip through the service (the ORM), in a
    # process of its own: the trip's foreign keys load with their types.
    ics = _run("plan", "ics", *where, "--out", str(tmp_path / "trip.ics"))
    assert ics.returncode == 0, ics.stderr
    assert (tmp_path / "trip.ics").read_bytes().count(b"BEGIN:VEVENT") == 4
