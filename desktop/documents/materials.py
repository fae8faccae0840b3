"""Sales materials (brochure PDFs) appended after a proposal's own pages.

The result is one PDF, so it previews, prints and is archived as sent in one
piece; the brochures keep their own page sizes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


class BadMaterial(ValueError):
    """A brochure that is not a readable PDF; the message names it."""


def append_materials(proposal: bytes, materials: Sequence[tuple[str, bytes]]) -> bytes:
    """``proposal`` followed by each (name, pdf) in ``materials``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(proposal)))
    for name, data in materials:
        try:
            writer.append(PdfReader(io.BytesIO(data)))
        except (PdfReadError, ValueError, OSError) as exc:
            raise BadMaterial(f"{name} is not a readable PDF ({exc}).") from None
    writer.add_metadata(PdfReader(io.BytesIO(proposal)).metadata or {})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
