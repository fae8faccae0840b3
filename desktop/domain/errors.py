"""Errors a rep can act on, raised anywhere in the core (services, the store)
and shown by the window next to the fields they name."""

from __future__ import annotations

from collections.abc import Mapping


class ValidationError(ValueError):
    """One or more fields are wrong; ``errors`` maps field name to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))
