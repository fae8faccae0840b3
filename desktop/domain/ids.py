"""Time-ordered row ids (UUID version 7, RFC 9562) for rows written in bulk.

A random (version 4) id lands each new row at a random place in every index
keyed on it: the table's id index, the outbox's ``row_id``, a contact's
``account_id``. An import of 300,000 contacts then dirties most pages of
those indexes in every transaction. A version 7 id starts with the time in
milliseconds, so rows written together sit together at the end of each index.
The 12 bits after the time count up within a millisecond (from a random start,
RFC 9562's method 1), and the last 62 bits are random (a generator seeded from
the system's randomness: drawing each id from ``os.urandom`` cost 9 µs), so ids
stay unique across laptops as version 4 ids are. Python 3.14 has ``uuid.uuid7``; this is
the same layout for 3.11.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

_lock = threading.Lock()
_last = [0, 0]  # the millisecond of the last id, and its 12-bit counter
_random = random.Random(os.urandom(32))  # seeded by the system: ids are not secrets
_pid = [os.getpid()]  # a forked child seeds its own (else it repeats the parent's bits)


def time_ordered_id() -> uuid.UUID:
    """A new version 7 UUID, greater than every one this process made before."""
    with _lock:
        if os.getpid() != _pid[0]:
            _pid[0] = os.getpid()
            _random.seed(os.urandom(32))
        ms = time.time_ns() // 1_000_000
        if ms > _last[0]:
            _last[0], _last[1] = ms, _random.getrandbits(11)  # room to count up
        else:  # the same millisecond (or a clock stepped back): count on
            _last[1] += 1
            if _last[1] > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                _last[0], _last[1] = _last[0] + 1, 0
        ms, counter = _last
        tail = _random.getrandbits(62)
    value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | tail
    return uuid.UUID(int=value)
