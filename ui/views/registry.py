"""The window's views in one place: the sidebar's rows (the View menu is built
from the sidebar), and how each view is built the first time it is shown.

Today and Accounts are built with the window (Today is its first paint,
Accounts answers Ctrl+F at once); every other view is a :class:`LazyView`
attribute of the window, made on first use and added to its stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar, overload

from desktop.i18n import N_

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.main_window import MainWindow
    from ui.views.conflicts_view import ConflictsView
    from ui.views.events_view import EventsView
    from ui.views.follow_ups_view import FollowUpsView
    from ui.views.leads_view import LeadsView
    from ui.views.orders_view import OrdersView
    from ui.views.pipeline_view import PipelineView
    from ui.views.proposals_view import ProposalsView
    from ui.views.reports_page import ReportsPage
    from ui.views.shipping_view import ShippingView
    from ui.views.trips_view import TripsView

V = TypeVar("V", bound="QWidget")


class Row(NamedTuple):
    icon: str
    label: str  # marked for translation, translated when shown
    attr: str  # the window's attribute holding the view


# In sidebar order; Conflicts is added last, and only with a server.
ROWS = (Row("today", N_("Today"), "today"),
        Row("accounts", N_("Accounts"), "accounts"),
        Row("followup", N_("Follow-ups"), "follow_ups"),
        Row("archive", N_("Proposals"), "proposals"),
        Row("outbound", N_("Orders"), "orders"),
        Row("shipping", N_("Shipping"), "shipping"),
        Row("channel-visit", N_("Trips"), "trips"),
        Row("inbound", N_("Leads"), "leads"),
        Row("filter", N_("Pipeline"), "pipeline"),
        Row("channel-meeting", N_("Events"), "events"),
        Row("report", N_("Reports"), "reports"),  # reports, dormant customers, cross-sell
        Row("concern", N_("Conflicts"), "conflicts"))
ROW_OF = {row.attr: n for n, row in enumerate(ROWS)}


class LazyView(Generic[V]):
    """A view of the window, built by ``build`` the first time it is read and
    added to the window's stack; ``window._<name>`` is None until then."""

    def __init__(self, build: Callable[[MainWindow], V]) -> None:
        self.build = build
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    @overload
    def __get__(self, window: None, owner: type) -> LazyView[V]: ...

    @overload
    def __get__(self, window: MainWindow, owner: type) -> V: ...

    def __get__(self, window: MainWindow | None, owner: type) -> LazyView[V] | V:
        if window is None:
            return self
        view: V | None = getattr(window, self.slot, None)
        if view is None:
            view = self.build(window)
            setattr(window, self.slot, view)
            window.stack.addWidget(view)
        return view


def follow_ups(w: MainWindow) -> FollowUpsView:
    from ui.views.follow_ups_view import FollowUpsView

    view = FollowUpsView(w.services, w.bus, w.ops)
    view.open_account.connect(w.show_account)
    return view


def conflicts(w: MainWindow) -> ConflictsView:
    from ui.views.conflicts_view import ConflictsView

    assert w.sync is not None  # the row exists only with a server
    return ConflictsView(w.sync, w.bus, w.prompts, w.ops)


def proposals(w: MainWindow) -> ProposalsView:
    from ui.views.proposals_view import ProposalsView

    view = ProposalsView(w.services, w.bus, w.prompts, w.tasks, w.ops)
    view.order_made.connect(w.show_order)
    return view


def orders(w: MainWindow) -> OrdersView:
    from ui.views.orders_view import OrdersView

    return OrdersView(w.services, w.bus, w.prompts, w.tasks, w.ops)


def shipping(w: MainWindow) -> ShippingView:
    from ui.views.shipping_view import ShippingView

    return ShippingView(w.services, w.bus, w.prompts, w.tasks, ops=w.ops)


def trips(w: MainWindow) -> TripsView:
    from ui.views.trips_view import TripsView

    view = TripsView(w.services, w.bus, w.prompts, w.tasks, w.ops)
    view.open_account.connect(w.show_account)
    return view


def leads(w: MainWindow) -> LeadsView:
    from ui.views.leads_view import LeadsView

    return LeadsView(w.services, w.bus, w.ops, w.lead_actions)


def pipeline(w: MainWindow) -> PipelineView:
    from ui.views.pipeline_view import PipelineView

    return PipelineView(w.services, w.bus, w.prompts, w.tasks, w.ops)


def events(w: MainWindow) -> EventsView:
    from ui.views.events_view import EventsView

    return EventsView(w.services, w.bus, w.ops)


def reports(w: MainWindow) -> ReportsPage:
    from ui.views.reports_page import ReportsPage

    view = ReportsPage(w.services, w.bus, w.prompts, w.ops)
    view.open_account.connect(w.show_account)
    return view


def lazy_attrs() -> list[str]:
    """The window attributes that are :class:`LazyView`\\ s (all but Today and Accounts)."""
    return [row.attr for row in ROWS if row.attr not in ("today", "accounts")]
