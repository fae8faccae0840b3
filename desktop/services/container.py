"""Builds the services once; the app and tests pass this object around.

The write services load SQLAlchemy's ORM, so they are created on first use:
the account list is all the first paint needs (the account page's reader
follows right after it).
"""

from __future__ import annotations

import uuid
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.clock import Clock, utc_now
from desktop.services.account_list import AccountList
from desktop.session import UserSession
from desktop.settings import Settings, SettingsFile
from desktop.store.cipher import CacheKey, is_encrypted
from desktop.store.store import Store

if TYPE_CHECKING:
    from desktop.documents.model import Branding
    from desktop.planning.action_plans import ActionPlanService
    from desktop.planning.checkin import CheckInService
    from desktop.planning.geo import GeoService
    from desktop.planning.targets import TargetSearch
    from desktop.planning.trips import TripService
    from desktop.reports.service import ReportService
    from desktop.services.account_detail import AccountReader
    from desktop.services.accounts import AccountService
    from desktop.services.catalogue import Catalogue
    from desktop.services.cross_sell import CrossSell
    from desktop.services.documents import DocumentService
    from desktop.services.dormant import DormantList
    from desktop.services.duplicates import DuplicateFinder
    from desktop.services.event_sources import EventSources
    from desktop.services.events import EventService
    from desktop.services.field_notes import FieldNoteService
    from desktop.services.forecast import ForecastService
    from desktop.services.history import HistoryService
    from desktop.services.lead_list import LeadList
    from desktop.services.leads import LeadService
    from desktop.services.materials import MaterialsService
    from desktop.services.merge import MergeService
    from desktop.services.opportunities import OpportunityService
    from desktop.services.order_list import OrderList
    from desktop.services.orders import OrderService
    from desktop.services.outreach import Outreach
    from desktop.services.pipeline_board import PipelineBoard
    from desktop.services.proposal_edit import ProposalEditor
    from desktop.services.proposal_list import ProposalList
    from desktop.services.proposals import ProposalService
    from desktop.services.quotas import QuotaService
    from desktop.services.shipping import ShippingService
    from desktop.services.stock import StockService
    from desktop.services.tasks import TaskService
    from desktop.services.team import Team
    from desktop.services.today import TodayService


class Services:
    def __init__(self, store: Store, settings_file: SettingsFile, clock: Clock = utc_now,
                 settings: Settings | None = None) -> None:
        self.store = store
        self.session = UserSession(settings, settings_file, clock)
        self.settings_file = settings_file
        self.settings = self.session.settings
        self.clock = clock
        self.account_list = AccountList(store, clock)

    @classmethod
    def open(cls, db_path: Path, settings_file: SettingsFile, clock: Clock = utc_now, *,
             threaded_writer: bool = False, writes_in_jobs: bool = False,
             key: CacheKey | None = None) -> Services:
        """``threaded_writer``: every write runs on a writer thread (the app);
        otherwise on the calling thread, one at a time (scripts, tests).
        ``key``: the cache's key (the app's start always gives one); without it a
        plain cache opens plain, and an encrypted one (the CLI) takes its key from
        the keyring or a passphrase typed on the terminal."""
        if key is None and is_encrypted(db_path):
            from desktop.store.cache_keys import script_key

            key = script_key(db_path)
        writer = None
        if threaded_writer:
            from desktop.store.writer import ThreadWriter

            writer = ThreadWriter(db_path, key)
        return cls(Store(db_path, writer=writer, writes_in_jobs=writes_in_jobs, key=key),
                   settings_file, clock)

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.session.user_id

    @cached_property
    def reader(self) -> AccountReader:
        """The account page's reads; built with the page, after the first paint."""
        from desktop.services.account_detail import AccountReader

        return AccountReader(self.store)

    @cached_property
    def accounts(self) -> AccountService:
        from desktop.services.accounts import AccountService

        return AccountService(self.store, session=self.session)

    @cached_property
    def history(self) -> HistoryService:
        from desktop.services.history import HistoryService

        return HistoryService(self.store, session=self.session)

    @cached_property
    def proposals(self) -> ProposalService:
        from desktop.services.proposals import ProposalService

        return ProposalService(self.store, session=self.session)

    @cached_property
    def orders(self) -> OrderService:
        from desktop.services.orders import OrderService

        return OrderService(self.store, session=self.session)

    @cached_property
    def shipping(self) -> ShippingService:
        from desktop.services.shipping import ShippingService

        return ShippingService(self.store, session=self.session)

    @cached_property
    def trips(self) -> TripService:
        from desktop.planning.trips import TripService

        return TripService(self.store, session=self.session)

    @cached_property
    def targets(self) -> TargetSearch:
        from desktop.planning.targets import TargetSearch

        return TargetSearch(self.store, self.settings, self.clock)

    @cached_property
    def geo(self) -> GeoService:
        from desktop.planning.geo import GeoService

        return GeoService(self.store, session=self.session)

    @cached_property
    def checkin(self) -> CheckInService:
        from desktop.planning.checkin import CheckInService

        return CheckInService(self.store, session=self.session)

    @cached_property
    def action_plans(self) -> ActionPlanService:
        from desktop.planning.action_plans import ActionPlanService

        return ActionPlanService(self.store, session=self.session)

    @cached_property
    def proposal_edit(self) -> ProposalEditor:
        from desktop.services.proposal_edit import ProposalEditor

        return ProposalEditor(self.store, session=self.session)

    @cached_property
    def catalogue(self) -> Catalogue:
        from desktop.services.catalogue import Catalogue

        return Catalogue(self.store)

    @cached_property
    def materials(self) -> MaterialsService:
        from desktop.services.materials import MaterialsService

        return MaterialsService(self.store, session=self.session)

    @cached_property
    def documents(self) -> DocumentService:
        from desktop.services.documents import DocumentService

        return DocumentService(self.proposals, self.materials, lambda: self.branding)

    @property
    def branding(self) -> Branding:
        """The company's branding for PDFs, from the settings (read each time)."""
        from desktop.documents.branding import from_settings

        return from_settings(self.settings, self.settings_file.path.parent)

    @cached_property
    def order_list(self) -> OrderList:
        from desktop.services.order_list import OrderList

        return OrderList(self.store)

    @cached_property
    def proposal_list(self) -> ProposalList:
        from desktop.services.proposal_list import ProposalList

        return ProposalList(self.store, lambda: self.session.clock())

    @cached_property
    def stock(self) -> StockService:
        from desktop.services.stock import StockService

        return StockService(self.store, session=self.session)

    @cached_property
    def leads(self) -> LeadService:
        from desktop.services.leads import LeadService

        return LeadService(self.store, session=self.session)

    @cached_property
    def lead_list(self) -> LeadList:
        from desktop.services.lead_list import LeadList

        return LeadList(self.store)

    @cached_property
    def duplicates(self) -> DuplicateFinder:
        """Build its index off the GUI thread (``duplicates.build``) before typing."""
        from desktop.services.duplicates import DuplicateFinder

        return DuplicateFinder(self.store, self.settings.home_region)

    @cached_property
    def merge(self) -> MergeService:
        from desktop.services.merge import MergeService

        return MergeService(self.store, session=self.session)

    @cached_property
    def reports(self) -> ReportService:
        """The reports (read-only; run them off the GUI thread) and their exports."""
        from desktop.reports.service import ReportService

        service = ReportService(self.store, session=self.session)
        service.branding = lambda: self.branding
        return service

    @cached_property
    def team(self) -> Team:
        """Who is working and whom they manage (the manager-only parts of the UI)."""
        from desktop.services.team import Team

        return Team(self.store, self.session)

    @cached_property
    def opportunities(self) -> OpportunityService:
        from desktop.services.opportunities import OpportunityService

        return OpportunityService(self.store, session=self.session)

    @cached_property
    def pipeline(self) -> PipelineBoard:
        """The kanban board's and the pipeline list's reads."""
        from desktop.services.pipeline_board import PipelineBoard

        return PipelineBoard(self.store, session=self.session)

    @cached_property
    def forecast(self) -> ForecastService:
        from desktop.services.forecast import ForecastService

        return ForecastService(self.store, session=self.session)

    @cached_property
    def quotas(self) -> QuotaService:
        from desktop.services.quotas import QuotaService

        return QuotaService(self.store, session=self.session, forecast=self.forecast)

    @cached_property
    def events(self) -> EventService:
        from desktop.services.events import EventService

        return EventService(self.store, session=self.session)

    @cached_property
    def event_sources(self) -> EventSources:
        from desktop.services.event_sources import EventSources

        return EventSources(self.store)

    @cached_property
    def cross_sell(self) -> CrossSell:
        """Cross-sell suggestions; its baskets are kept until ``apply(changes)`` drops them."""
        from desktop.services.cross_sell import CrossSell

        return CrossSell(self.store)

    @cached_property
    def dormant(self) -> DormantList:
        from desktop.services.dormant import DormantList

        return DormantList(self.store, self.session)

    @cached_property
    def outreach(self) -> Outreach:
        """Accounts to an action plan, a trip or follow-ups, in one step."""
        from desktop.services.outreach import Outreach

        return Outreach(self.store, self.action_plans, self.trips, session=self.session)

    @cached_property
    def tasks(self) -> TaskService:
        """Follow-ups handed to a colleague (assign, reassign, the lists)."""
        from desktop.services.tasks import TaskService

        return TaskService(self.store, session=self.session)

    @cached_property
    def field_notes(self) -> FieldNoteService:
        from desktop.services.field_notes import FieldNoteService

        return FieldNoteService(self.store, session=self.session)

    @cached_property
    def today(self) -> TodayService:
        """The Today view's sections (plain SQL: read while the window starts)."""
        from desktop.services.today import TodayService

        return TodayService(self.store, session=self.session)

    def set_current_user(self, user_id: uuid.UUID | None) -> None:
        """Who is working: new rows are owned and authored by this rep. Every
        service reads the session at call time, so this is the only place."""
        self.session.rebind(user_id)

    def warm_up(self) -> None:
        """Load the write path (ORM, validation) ahead of the first save."""
        _ = (self.accounts, self.history, self.store.engine)
        import phonenumbers  # noqa: F401

    def keep_name_order(self) -> int:
        """Put back in name order the accounts a write could not place (see
        :mod:`desktop.store.derived_name_order`), on the writer; how many moved.
        The search stays right meanwhile, only slower (it sorts its matches)."""
        from desktop.store import derived_name_order

        if not derived_name_order.needs_repair(self.store.reads()):
            return 0
        return int(self.store.writer.transaction(derived_name_order.repair))

    def is_empty(self) -> bool:
        return not self.account_list.any_accounts()

    def close(self) -> None:
        self.store.close()
