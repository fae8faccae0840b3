"""The sales-materials library and the brochures picked for a proposal.

A brochure added to the library is a synced ``sales_materials`` row (its bytes a
blob by SHA-256, like every attachment), so every rep's library holds it after
the next sync. Brochures a cache kept before the library synced (the local
``materials`` table) still show, on that laptop only. Picking one for a proposal makes a synced
attachment of kind "brochure" on that proposal, so the pick travels with the
proposal and its blob uploads before the push. The proposal's PDF, as
previewed, printed, saved and sent, is its own pages followed by its brochures.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from desktop.documents.materials import BadMaterial, append_materials
from desktop.domain.schema.pipeline import SalesMaterial
from desktop.domain.schema.sales import Attachment, Proposal
from desktop.domain.schema.sync_tables import materials
from desktop.i18n import _
from desktop.services.base import Service
from desktop.services.validation import ValidationError
from desktop.store.blobs import BlobStore
from desktop.store.changes import Changes

MAX_BYTES = 40 * 1024 * 1024


class Material(NamedTuple):
    sha256: str
    title: str
    file_name: str
    size: int


class MaterialsService(Service):
    @property
    def blobs(self) -> BlobStore:
        return self.store.blobs

    def library(self) -> list[Material]:
        """The shared library, then what only this laptop kept; one entry per file."""
        rows = self.store.reads().execute(
            "SELECT sha256, min(title), min(file_name), min(size) FROM sales_materials"
            " WHERE deleted_at IS NULL GROUP BY sha256"
            " UNION ALL SELECT sha256, title, file_name, size FROM materials m"
            " WHERE NOT EXISTS (SELECT 1 FROM sales_materials s"
            "  WHERE s.sha256 = m.sha256 AND s.deleted_at IS NULL)"
            " ORDER BY 2 COLLATE NOCASE, 1")
        return [Material(*r) for r in rows]

    def add_file(self, path: Path, title: str | None = None) -> Material:
        """Add a brochure PDF to the library (again is harmless: stored once)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError({"file": _("{name} cannot be read: {error}").format(
                name=path.name, error=exc.strerror or exc)}) from None
        return self.add(path.name, data, title)

    def add(self, file_name: str, data: bytes, title: str | None = None) -> Material:
        if len(data) > MAX_BYTES:
            raise ValidationError({"file": _("{name} is larger than 40 MB.").format(
                name=file_name)})
        _check_pdf(file_name, data)
        sha = self.blobs.put(data)
        name = (title or Path(file_name).stem.replace("-", " ").replace("_", " ")).strip()
        title_text = name[:200] or file_name[:200]
        with self.store.unit_of_work() as uow:
            s = uow.session
            existing = s.execute(select(SalesMaterial).where(
                SalesMaterial.sha256 == sha, SalesMaterial.deleted_at.is_(None))).scalars().first()
            if existing is None:
                s.add(self._new(SalesMaterial, sha256=sha, title=title_text,
                                file_name=file_name[:200], size=len(data),
                                added_by=self.user_id))
            elif title:
                self._apply(existing, {"title": title_text})
            uow.session.execute(materials.delete().where(materials.c.sha256 == sha))
            uow.commit()
        return Material(sha, title_text, file_name, len(data))

    def picked(self, proposal_id: uuid.UUID) -> list[str]:
        """The SHA-256 of each brochure attached to the proposal, in the order picked."""
        rows = self.store.reads().execute(
            "SELECT sha256 FROM attachments WHERE record_table = 'proposals' AND record_id = ? "
            "AND kind = 'brochure' AND deleted_at IS NULL ORDER BY created_at, file_name",
            (proposal_id.hex,))
        return [r[0] for r in rows]

    def pick(self, proposal_id: uuid.UUID, shas: Sequence[str]) -> Changes:
        """Attach exactly these library brochures to a draft proposal."""
        known = {m.sha256: m for m in self.library()}
        with self.store.unit_of_work() as uow:
            s = uow.session
            proposal = s.get(Proposal, proposal_id)
            if proposal is None or proposal.status != "draft":
                raise ValidationError({"materials": _(
                    "Brochures can change only on a draft: make a new revision.")})
            current = {a.sha256: a for a in s.execute(select(Attachment).where(
                Attachment.record_table == "proposals", Attachment.record_id == proposal.id,
                Attachment.kind == "brochure", Attachment.deleted_at.is_(None))).scalars()}
            for sha, attachment in current.items():
                if sha not in shas:
                    self._apply(attachment, {"deleted_at": self.clock()})
            for sha in shas:
                if sha in current:
                    continue
                if sha not in known and not self.blobs.has(sha):
                    raise ValidationError({"materials": _("That brochure is not in the library.")})
                material = known.get(sha)
                s.add(self._new(Attachment, account_id=proposal.account_id,
                                record_table="proposals", record_id=proposal.id, kind="brochure",
                                file_name=material.file_name if material else f"{sha[:12]}.pdf",
                                sha256=sha, size=material.size if material else 0))
            return uow.commit()

    def with_brochures(self, proposal_id: uuid.UUID, pdf: bytes) -> bytes:
        """The proposal's pages followed by its brochures (those whose bytes are here)."""
        shas = [sha for sha in self.picked(proposal_id) if self.blobs.has(sha)]
        if not shas:
            return pdf
        return append_materials(pdf, [(sha[:12], self.blobs.read(sha)) for sha in shas])


def _check_pdf(name: str, data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise ValidationError({"file": str(BadMaterial(
            _("{name} is not a readable PDF ({error}).").format(name=name, error=exc)))}) from None
    if pages == 0:
        raise ValidationError({"file": _("{name} has no pages.").format(name=name)})
