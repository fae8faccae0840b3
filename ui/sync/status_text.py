"""The words the status bar shows for sync: how long ago, how far a running sync
is, and what is waiting (changes, conflicts, rejections, files). They must
always be true."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from desktop.domain import formats
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.sync.client import SyncProgress
    from desktop.sync.service import SyncStatus


def status_line(head: str, status: SyncStatus) -> str:
    """``head`` (the state) then each count that is not zero."""
    parts = [head]
    if status.pending:
        parts.append(ngettext("{n:,} change waiting", "{n:,} changes waiting",
                              status.pending).format(n=status.pending))
    if status.conflicts:
        parts.append(ngettext("{n:,} conflict", "{n:,} conflicts",
                              status.conflicts).format(n=status.conflicts))
    if status.rejected:
        parts.append(_("{n:,} rejected").format(n=status.rejected))
    if status.files_missing:
        parts.append(ngettext("{n:,} file not on the server yet",
                              "{n:,} files not on the server yet",
                              status.files_missing).format(n=status.files_missing))
    return " · ".join(parts)


def progress_text(p: SyncProgress | None) -> str:
    if p is None:
        return _("Syncing…")
    if p.phase == "push":
        return _("Syncing… sending {done:,} of {total:,}").format(done=p.done,
                                                                  total=p.total or p.done)
    if p.phase == "pull":
        return _("Syncing… received {done:,} records").format(done=p.done)
    return _("Syncing… checking")


def ago(when: datetime, now: datetime | None = None) -> str:
    seconds = max(0, int(((now or datetime.now(UTC)) - when).total_seconds()))
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{n} min ago").format(n=seconds // 60)
    if seconds < 86400:
        return _("{n} h ago").format(n=seconds // 3600)
    return _("on {day}").format(day=formats.short_day(when.astimezone()))
