"""``python -m ui.map_screenshot OUT.png [WIDTHxHEIGHT]``: the trip map of the
sample three-day trip, solved by the real solver, rendered offscreen.

Used for ``packaging/screenshots/trip-map.png``; the trip and the account pins
are fixed, so the picture changes only when the map or the solver does.
"""

from __future__ import annotations

import os
import random
import sys
import uuid
from pathlib import Path

from desktop.planning.map_scene import AccountPin


def sample_pins(count: int = 400, seed: int = 5) -> list[AccountPin]:
    """Accounts scattered over Indiana and western Ohio, all tiers."""
    rng = random.Random(seed)
    tiers = ["A"] * 2 + ["B"] * 3 + ["C"] * 4 + [None]
    return [AccountPin(uuid.UUID(int=rng.getrandbits(128)), f"Account {n + 1}",
                       rng.uniform(38.6, 41.7), rng.uniform(-87.4, -83.6), rng.choice(tiers),
                       rng.choice(["active", "active", "prospect", "dormant"]))
            for n in range(count)]


def render(out: Path, size: tuple[int, int] = (1366, 768), seconds: float = 3.0) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.planning.sample import sample_trip
    from desktop.planning.solver import solve
    from ui.app import make_qapp
    from ui.widgets.map_view import MapView

    make_qapp()
    problem = sample_trip()
    plan = solve(problem, time_limit_s=seconds)
    view = MapView()
    view.resize(*size)
    view.set_plan(problem, plan)
    view.set_accounts(sample_pins())
    view.show()
    view.grab().save(str(out))
    return out


if __name__ == "__main__":
    width, _sep, height = (sys.argv[2] if len(sys.argv) > 2 else "1366x768").partition("x")
    print(render(Path(sys.argv[1]), (int(width), int(height))))
