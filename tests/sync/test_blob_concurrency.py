"""Chunks sent at the same time, to a real server process: 8 threads (two
users) upload one shared blob and a blob each, chunk by chunk, several times
over. Each chunk reads and then writes; run side by side on SQLite a plain
transaction failed with "database is locked" (a 500, or the connection reset).
Every answer must be a 200, and every upload must end complete."""

from __future__ import annotations

import hashlib
import threading

import httpx

from server.db import Database
from tests.server import factories
from tests.sync.conftest import ServerProcess

THREADS, ROUNDS, CHUNK = 8, 4, 4096


def _blob(seed: int, chunks: int) -> bytes:
    return hashlib.sha256(str(seed).encode()).digest() * (chunks * CHUNK // 32)


def _send(base: str, token: str, data: bytes, codes: list[int], last: list[dict[str, object]],
          lock: threading.Lock) -> None:
    sha, headers = hashlib.sha256(data).hexdigest(), {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        for offset in range(0, len(data), CHUNK):
            part = data[offset:offset + CHUNK]
            try:
                answer = http.put(f"/v1/blobs/{sha}", content=part,
                                  params={"size": len(data), "offset": offset},
                                  headers={"content-type": "application/octet-stream",
                                           "x-chunk-sha256": hashlib.sha256(part).hexdigest()})
            except httpx.TransportError:  # the server failed without answering
                with lock:
                    codes.append(0)
                continue
            with lock:
                codes.append(answer.status_code)
                if answer.status_code == 200:
                    last.append(answer.json())


def test_simultaneous_chunks_never_fail(server: ServerProcess, admin_db: Database) -> None:
    users = [factories.user(admin_db, login, "rep", ("EAST",)) for login in ("ann", "bob")]
    tokens = [factories.token(admin_db, uid) for uid in users]
    shared = _blob(0, 6)
    own = [_blob(i + 1, 3) for i in range(THREADS)]
    codes: list[int] = []
    answers: list[dict[str, object]] = []
    lock, start = threading.Lock(), threading.Barrier(THREADS)

    def work(i: int) -> None:
        start.wait()
        for _ in range(ROUNDS):
            _send(server.url, tokens[i % 2], shared, codes, answers, lock)
            _send(server.url, tokens[i % 2], own[i], codes, answers, lock)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(codes) == THREADS * ROUNDS * (6 + 3)
    assert sorted(set(codes)) == [200], sorted(codes)[-5:]
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for i, data in enumerate([shared, *own]):
            token = tokens[(i - 1) % 2 if i else 0]
            status = http.get(f"/v1/blobs/{hashlib.sha256(data).hexdigest()}",
                              headers={"authorization": f"Bearer {token}"}).json()
            assert status["complete"] is True and status["size"] == len(data), status
