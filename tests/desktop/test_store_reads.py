"""Outside the writer a unit of work may read but never write."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store.store import WriteOutsideWriter


def test_reads_work_outside_the_writer_and_writes_are_refused(tmp_path: Path) -> None:
    services = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "s.json"),
                             writes_in_jobs=True)
    try:
        saved = services.store.writer.call(
            lambda: services.accounts.create_account({"name": "Keller Supply"}))
        assert services.store.writer.call(
            lambda: services.proposals.create(saved.id)).id  # a write as a job
        [row] = services.proposals.rows()
        assert services.proposal_edit.header(row.id).account == "Keller Supply"  # an ORM read
        with pytest.raises(WriteOutsideWriter):
            services.accounts.create_account({"name": "Bayside Dental"})
        with pytest.raises(WriteOutsideWriter):
            services.proposal_edit.update_header(row.id, {"title": "Changed"})
        assert services.proposal_edit.header(row.id).title != "Changed"
    finally:
        services.close()
