"""Which step an order may take next: the rule the service enforces and the
window offers (plain values, no database).

The timeline runs entered, confirmed, material reserved, allocated, picked,
shipped, delivered, invoiced. Reserving may be skipped (allocate at once).
"Shipped" repeats while something is left to ship (partial shipments), and
delivery waits until everything has shipped. Cancelling is possible until
the first shipment leaves.
"""

from __future__ import annotations

from desktop.i18n import N_, _

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

# What the rep does (the step's verb) and what the order then is; marked for the
# catalogue, shown through action_label and state_label.
ACTION = {
    "confirmed": N_("Confirm"), "reserved": N_("Reserve material"),
    "allocated": N_("Allocate material"), "picked": N_("Picked"), "shipped": N_("Ship"),
    "delivered": N_("Delivered"), "invoiced": N_("Invoiced"), "cancelled": N_("Cancel order"),
}
STATE = {
    "entered": N_("Entered"), "confirmed": N_("Confirmed"), "reserved": N_("Material reserved"),
    "allocated": N_("Allocated"), "picked": N_("Picked"), "shipped": N_("Shipped"),
    "delivered": N_("Delivered"), "invoiced": N_("Invoiced"), "cancelled": N_("Cancelled"),
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
    return _(STATE[status]) if status in STATE else status


def action_label(step: str) -> str:
    """The step's verb, as the rep picks it ("Confirm", "Ship")."""
    return _(ACTION[step]) if step in ACTION else step
