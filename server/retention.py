"""How long the server keeps the replay log and the audit log, and the prune job.

The replay log (``client_mutations``) keeps each applied mutation's result so
that a push whose answer was lost can be sent again and change nothing. It only
has to outlive a device's longest wait between sending a push and hearing the
answer, so it is kept ``ServerConfig.replay_retention_days`` (90) days. Pruning
notes per client the highest seq it removed (``replay_pruned``): a mutation sent
again at or below it is answered "applied before" and not applied twice, so
pruning never makes an old replay count again.

The audit log is the record of who changed what; it is kept until an admin
asks otherwise (``--audit-days``), because a compliance window is the
organisation's decision, not the software's.

Uploads left unfinished (a device that never came back) are dropped after
``UPLOAD_DAYS`` days: an upload still going on resumes from its first gap.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, func, insert, select, update

from server.blobs import prune_uploads
from server.db import Database
from server.tables import audit_log, client_mutations, replay_pruned

UPLOAD_DAYS = 7  # an upload untouched this long is abandoned


class Pruned(NamedTuple):
    replays: int
    clients: int
    audit: int
    uploads: int = 0


def pruned_upto(conn: Connection, client_id: uuid.UUID) -> int:
    """The highest seq of this client whose stored result was pruned (0: none)."""
    found = conn.execute(select(replay_pruned.c.seq)
                         .where(replay_pruned.c.client_id == client_id)).scalar()
    return int(found or 0)


def replayed(seq: int) -> dict[str, Any]:
    """The answer to a replay whose stored result is gone: it was applied."""
    return {"seq": seq, "status": "applied", "version": None, "conflicts": 0, "replayed": True}


def prune(db: Database, now: datetime, replay_days: int,
          audit_days: int | None = None) -> Pruned:
    """Remove replay results older than ``replay_days`` (and audit entries older
    than ``audit_days`` when given), under the write lock so no push interleaves;
    then the chunks of uploads abandoned ``UPLOAD_DAYS`` ago."""
    if replay_days < 1 or (audit_days is not None and audit_days < 1):
        raise ValueError("a retention window is at least 1 day")
    cutoff = now - timedelta(days=replay_days)
    old = client_mutations.c.created_at < cutoff
    with db.write() as txn:
        conn = txn.conn
        marks = conn.execute(select(client_mutations.c.client_id,
                                    func.max(client_mutations.c.seq))
                             .where(old).group_by(client_mutations.c.client_id)).all()
        known = dict(conn.execute(select(replay_pruned.c.client_id, replay_pruned.c.seq)
                                  .where(replay_pruned.c.client_id.in_(
                                      [c for c, _ in marks]))).all()) if marks else {}
        for client_id, seq in marks:
            if client_id in known:
                conn.execute(update(replay_pruned).where(replay_pruned.c.client_id == client_id)
                             .values(seq=max(seq, known[client_id]), pruned_at=now))
            else:
                conn.execute(insert(replay_pruned).values(client_id=client_id, seq=seq,
                                                          pruned_at=now))
        replays = conn.execute(delete(client_mutations).where(old)).rowcount
        audit = 0
        if audit_days is not None:
            audit = conn.execute(delete(audit_log).where(
                audit_log.c.at < now - timedelta(days=audit_days))).rowcount
    uploads = prune_uploads(db, now - timedelta(days=UPLOAD_DAYS))
    return Pruned(replays, len(marks), audit, uploads)
