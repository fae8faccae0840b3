"""Which step an order may take next: the rule the service enforces and the
window offers (plain values, no database).

The timeline runs entered, confirmed, material reserved, allocated, picked,
shipped, delivered, invoiced. Reserving may be skipped (allocate at once).
"Shipped" repeats while something is left to ship (partial shipments), and
delivery waits until everything has shipped. Cancelling is possible until
the first shipment leaves.
"""

from __future__ import annotations

from desktop.i18n import _

NEXT: dict[str, tuple[str, ...]] = {
    "entered": ("confirmed", "cancelled"),
    "confirmed": ("reserved", "allocated", "cancelled"),
    "reserved": ("allocated", "cancelled"),
    "allocated": ("picked", "cancelled"),
    "picked": ("shipped", "cancelled"),
    "shipped": ("shipped", "delivered"),
    "delivered": ("invoiced",),
    "invoiced": (),
    "cancelled": (),
}

# What the rep does (the step's verb) and what the order then is.
ACTION = {
    "confirmed": _("Confirm"), "reserved": _("Reserve material"),
    "allocated": _("Allocate material"), "picked": _("Picked"), "shipped": _("Ship"),
    "delivered": _("Delivered"), "invoiced": _("Invoiced"), "cancelled": _("Cancel order"),
}
STATE = {
    "entered": _("Entered"), "confirmed": _("Confirmed"), "reserved": _("Material reserved"),
    "allocated": _("Allocated"), "picked": _("Picked"), "shipped": _("Shipped"),
    "delivered": _("Delivered"), "invoiced": _("Invoiced"), "cancelled": _("Cancelled"),
}


def allowed_steps(status: str, unshipped: bool = True) -> tuple[str, ...]:
    """The steps that make sense after ``status``; ``unshipped``: whether any
    quantity is still to ship (decides between another shipment and delivery)."""
    steps = NEXT.get(status, ())
    if status == "shipped":
        return ("shipped",) if unshipped else ("delivered",)
    return steps


def state_label(status: str, unshipped: bool = False) -> str:
    if status == "shipped" and unshipped:
        return _("Partly shipped")
    return STATE.get(status, status)
