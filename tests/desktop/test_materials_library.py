"""The sales-materials library is shared: a brochure added here syncs to every rep."""

from __future__ import annotations

import sqlite3

from desktop.services.container import Services
from tests.desktop.test_documents_service import brochure


def test_an_added_brochure_is_a_synced_row_waiting_to_be_pushed(services: Services) -> None:
    added = services.materials.add("tape-guide.pdf", brochure("Tape guide"), "Tape guide")
    conn = services.store.reads()
    rows = conn.execute("SELECT sha256, title, file_name, size, deleted_at "
                        "FROM sales_materials").fetchall()
    assert rows == [(added.sha256, "Tape guide", "tape-guide.pdf", added.size, None)]
    queued = conn.execute("SELECT count(*) FROM sync_outbox WHERE table_name = 'sales_materials'"
                          ).fetchone()[0]
    assert queued == 1
    assert [m.title for m in services.materials.library()] == ["Tape guide"]


def test_adding_the_same_file_again_keeps_one_entry_and_takes_the_new_title(
        services: Services) -> None:
    data = brochure("Film")
    services.materials.add("film.pdf", data, "Film")
    services.materials.add("film.pdf", data, "Stretch film")
    assert [m.title for m in services.materials.library()] == ["Stretch film"]
    count = services.store.reads().execute("SELECT count(*) FROM sales_materials").fetchone()[0]
    assert count == 1


def test_brochures_kept_only_on_this_laptop_still_show(services: Services) -> None:
    shared = services.materials.add("a.pdf", brochure("A"), "Alpha")
    with sqlite3.connect(services.store.path) as raw:  # a cache from before the library synced
        raw.execute("INSERT INTO materials (sha256, file_name, title, size, added_at) VALUES "
                    "('ab' || substr(?, 3), 'old.pdf', 'Old leaflet', 10, "
                    "'2026-01-01 00:00:00.000000')", (shared.sha256,))
        raw.execute("INSERT INTO materials (sha256, file_name, title, size, added_at) VALUES "
                    "(?, 'a.pdf', 'Alpha (local copy)', 10, '2026-01-01 00:00:00.000000')",
                    (shared.sha256,))
    titles = [m.title for m in services.materials.library()]
    assert titles == ["Alpha", "Old leaflet"]  # the shared entry wins over its local copy
