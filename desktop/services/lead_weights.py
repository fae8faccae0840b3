"""The office's fit-score weights as the capture dialog reads them: once per
dialog, off the GUI thread, so the score follows each keystroke without a
query (``desktop.domain.scoring.fit_score`` is pure)."""

from __future__ import annotations

from desktop.domain.scoring import Weights
from desktop.store.store import Store


def read_weights(store: Store) -> Weights:
    """The weights in the cache (empty: ``fit_score`` uses its defaults)."""
    rows = store.reads().execute(
        "SELECT factor, weight, cap FROM lead_score_weights WHERE deleted_at IS NULL").fetchall()
    return {str(r[0]): (int(r[1]), None if r[2] is None else int(r[2])) for r in rows}
