"""A demo rep placed at home among their accounts, for planning tests and benches.

Home is the centre of the accounts in the rep's busiest state, so a trip of the
accounts nearest home is a credible day out.
"""

from __future__ import annotations

from collections import Counter

from desktop.planning.geo import Point
from desktop.planning.targets import TargetFilter
from desktop.services.container import Services


def settle_home(services: Services) -> Point:
    """Set the rep's home (settings) among their accounts and return it."""
    rows = [r for r in services.targets.search(TargetFilter(limit=5000))
            if r.latitude is not None and r.longitude is not None]
    state = Counter(r.state for r in rows).most_common(1)[0][0]
    mine = [r for r in rows if r.state == state]
    home = Point(sum(r.latitude or 0 for r in mine) / len(mine),
                 sum(r.longitude or 0 for r in mine) / len(mine))
    services.settings.home_latitude, services.settings.home_longitude = home
    services.settings.home_place_name = "Home office"
    return home
