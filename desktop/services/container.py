"""Builds the services once; the app and tests pass this object around."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.clock import Clock, utc_now
from desktop.services.account_detail import AccountReader
from desktop.services.account_list import AccountList
from desktop.services.accounts import AccountService
from desktop.services.history import HistoryService
from desktop.settings import Settings, SettingsFile
from desktop.store.uow import Store


@dataclass
class Services:
    store: Store
    settings: Settings
    settings_file: SettingsFile
    accounts: AccountService
    history: HistoryService
    account_list: AccountList
    reader: AccountReader
    clock: Clock

    @classmethod
    def open(cls, db_path: Path, settings_file: SettingsFile, clock: Clock = utc_now) -> Services:
        store = Store(db_path)
        settings = settings_file.load()
        user = uuid.UUID(hex=settings.current_user_id) if settings.current_user_id else None
        return cls(
            store=store,
            settings=settings,
            settings_file=settings_file,
            accounts=AccountService(store, clock=clock, user_id=user),
            history=HistoryService(store, clock=clock, user_id=user),
            account_list=AccountList(store, clock),
            reader=AccountReader(store),
            clock=clock,
        )

    def set_current_user(self, user_id: uuid.UUID | None) -> None:
        self.settings.current_user_id = user_id.hex if user_id else None
        self.settings_file.save(self.settings)
        for service in (self.accounts, self.history):
            service.user_id = user_id

    def is_empty(self) -> bool:
        return self.account_list.count_all() == 0

    def close(self) -> None:
        self.store.close()
