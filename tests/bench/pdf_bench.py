"""Proposal PDF render times (50 and 500 lines), best of a few runs."""

from __future__ import annotations

import io
import time
from typing import Any


def run(emit: Any, rounds: int = 3) -> None:
    from pypdf import PdfReader

    from desktop.documents.proposal_pdf import render
    from tests.desktop.test_proposal_pdf import proposal

    render(proposal(5))  # fonts registered, modules loaded: not part of a render
    for lines, target in ((50, 300.0), (500, 3000.0)):
        doc = proposal(lines)
        best = float("inf")
        pdf = b""
        for _ in range(rounds):
            started = time.perf_counter()
            pdf = render(doc)
            best = min(best, time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        emit(f"proposal_pdf_{lines}_lines", best * 1000, "ms", target=target, pages=pages,
             kb=round(len(pdf) / 1024, 1))
