"""Imported rows get version 7 ids (RFC 9562): ordered by creation, so rows
written together sit together in every index keyed on them, and as unique as
version 4 ids."""

from __future__ import annotations

import uuid

from desktop.domain.ids import time_ordered_id


def test_ids_are_version_7_and_rise() -> None:
    made = [time_ordered_id() for _ in range(20_000)]  # many in one millisecond
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in made)
    assert made == sorted(made) and len(set(made)) == len(made)
    assert [i.bytes for i in made] == sorted(i.bytes for i in made)  # as blobs too
    assert [i.hex for i in made] == sorted(i.hex for i in made)  # as the cache's text


def test_the_random_part_differs() -> None:
    made = [time_ordered_id().int & ((1 << 62) - 1) for _ in range(1000)]
    assert len(set(made)) == 1000


def test_the_time_is_the_first_48_bits() -> None:
    import time

    before = time.time_ns() // 1_000_000
    made = time_ordered_id()
    after = time.time_ns() // 1_000_000
    assert before <= made.int >> 80 <= after + 1
