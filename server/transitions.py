"""Status changes checked against the entity's state machine
(``desktop.domain.transitions``, the table the app follows too).

Every pushed change of an order's, a proposal's or a stock request's status is
a step from what the server holds to what the merged row would hold: a step
the table does not allow, or one that only the server takes (granting stock),
is refused with the reason, and the rest of the push applies. A new row starts
in the first state. The server's own decisions (``server.rules``) do not pass
through here.
"""

from __future__ import annotations

from typing import Any

from desktop.domain.transitions import CLIENT, MACHINES
from server.merge import Mutation
from server.validate import Invalid


def check(m: Mutation, current: dict[str, Any] | None, row: dict[str, Any]) -> None:
    """Refuse a status the client may not move the row to (see the module's doc)."""
    machine = MACHINES.get(m.table)
    if machine is None:
        return
    before = None if current is None else current.get("status")
    after = row.get("status")
    reason = machine.refusal(before if isinstance(before, str) else None,
                             after if isinstance(after, str) else None, CLIENT)
    if reason is not None:
        raise Invalid(reason)
