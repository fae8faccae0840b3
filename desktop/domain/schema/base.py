"""Declarative base, the synced-row mixin and portable column types."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    MetaData,
    Numeric,
    String,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no timezone type, so values are stored as naive UTC text and
    come back aware; naive input is refused rather than guessed.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Fieldbook stores only aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """An exact decimal: NUMERIC on PostgreSQL, canonical text on SQLite (whose
    NUMERIC would round through a float). Canonical = no exponent, no trailing
    zeros ("19.9", "100"), the same form the wire uses. PRECISION and SCALE are
    the column's on PostgreSQL and the bounds the server checks on both (a value
    that does not fit is refused, never rounded)."""

    impl = String(40)
    cache_ok = True
    PRECISION = 24  # digits in all
    SCALE = 8  # digits after the point

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(self.PRECISION, self.SCALE))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = Decimal(value)
        return value if dialect.name == "postgresql" else canonical_decimal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


def canonical_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0.0") else text


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        uuid.UUID: Uuid(),
        datetime: UTCDateTime(),
        date: Date(),
        Decimal: Money(),
        str: String(),
    }


class SyncedBase(Base):
    """A row that syncs: UUID key, creation/update times and a tombstone.

    Nothing synced is hard-deleted; ``deleted_at`` marks it gone so that the
    deletion itself can travel to other replicas.
    """

    __abstract__ = True
    # Many rows per account (the contact history): a bulk load (the first sync,
    # demo data) drops these tables' secondary indexes and builds them once at the end.
    bulk: ClassVar[bool] = False

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    # The server's commit-ordered version of this row: assigned by the server
    # on every accepted change; 0 on a row the server has not seen yet.
    sync_version: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0", info={"meta": True}
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def synced_entities() -> list[type[SyncedBase]]:
    """Every synced entity class, in foreign-key dependency order."""
    import desktop.domain.schema.entities  # noqa: F401 - registers the mappers
    tables = [t for t in Base.metadata.sorted_tables]
    by_table = {m.class_.__table__: m.class_ for m in Base.registry.mappers}
    return [by_table[t] for t in tables if issubclass(by_table.get(t, object), SyncedBase)]


@cache
def account_children() -> tuple[str, ...]:
    """Every table whose rows belong to an account (``account_id`` references
    ``accounts.id``): they travel with it into a rep's scope and leave with it.
    Parents before children (``proposals`` before ``proposal_lines``); delete in
    reverse."""
    import desktop.domain.schema.entities  # noqa: F401 - registers every table

    return tuple(
        table.name for table in Base.metadata.sorted_tables
        if any(fk.parent.name == "account_id" and fk.column.table.name == "accounts"
               for fk in table.foreign_keys))


@cache
def bulk_tables() -> tuple[str, ...]:
    """The tables of entities marked ``bulk`` (the contact history)."""
    return tuple(entity.__tablename__ for entity in synced_entities() if entity.bulk)


def short(n: int) -> String:
    """A bounded text column; the bound is also the validation limit."""
    return String(n)
