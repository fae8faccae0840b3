"""Demo brochures and contracts: in the library and archived, same bytes each run."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pypdf import PdfReader

from desktop.store.blobs import BlobStore
from tests.desktop.test_demo import make


def test_demo_has_brochures_and_archived_contracts(tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        store, _summary = make(tmp_path / f"{name}.sqlite3", 400, seed=3)
        reads = store.reads()
        contracts = reads.execute(
            "SELECT a.sha256, a.file_name, p.status FROM attachments a "
            "JOIN proposals p ON p.id = a.record_id WHERE a.kind = 'contract' "
            "ORDER BY a.file_name").fetchall()
        library = reads.execute("SELECT sha256, title FROM materials ORDER BY title").fetchall()
        runs.append((contracts, library))
        blobs = BlobStore(store.path)
        assert contracts and {status for _s, _f, status in contracts} == {"accepted"}
        for sha, file_name, _status in contracts:
            pdf = blobs.read(sha)
            assert hashlib.sha256(pdf).hexdigest() == sha
            assert file_name.removesuffix(".pdf") in PdfReader(io.BytesIO(pdf)).pages[0] \
                .extract_text()
        assert [t for _s, t in library] == ["Packaging catalogue 2027", "Stretch film guide"]
        assert all(len(PdfReader(io.BytesIO(blobs.read(s))).pages) == 2 for s, _t in library)
        store.close()
    assert runs[0] == runs[1]  # deterministic: the same book, the same bytes
