"""Phone numbers of a large import checked at a third of the cost.

``phonenumbers.parse`` is most of an import's time (73 µs a number, and a
contacts file has one or two a row). A number written the North American way
("(217) 555-0100", "217.555.0100", "+1 217 555 0100") for a region of country
code 1 parses to country code 1 and those ten digits whatever the separators,
so it is built directly and only ``is_valid_number`` is asked, as
``desktop.services.validation`` asks it: the stored E.164 and the verdict are
the same. Any other way of writing a number takes the full parse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NANP = re.compile(r"(?:\+1[\s.-]?)?\(?([2-9]\d\d)\)?[\s.-]?(\d{3})[\s.-]?(\d{4})")
_REGIONS: frozenset[str] | None = None


def _nanp_regions() -> frozenset[str]:
    global _REGIONS  # a constant of the library, computed once
    if _REGIONS is None:
        import phonenumbers

        _REGIONS = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
    return _REGIONS


def quick_e164(text: str, region: str) -> str | None:
    """The E.164 form of a valid North American number written plainly, or
    None when the full check must decide (another form, region or an invalid
    number: its message comes from the full check)."""
    found = _NANP.fullmatch(text.strip())
    if found is None or (region.upper() not in _nanp_regions()
                         and not text.lstrip().startswith("+1")):
        return None
    import phonenumbers

    digits = "".join(found.groups())
    number = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
    return f"+1{digits}" if phonenumbers.is_valid_number(number) else None


def take_quick(raw: dict[str, Any], fields: Mapping[str, Any], region: str
               ) -> dict[str, str]:
    """Take the phone ``fields`` of ``raw`` that :func:`quick_e164` settles out of
    it (so the full check skips them); their E.164 forms, to put back."""
    out: dict[str, str] = {}
    for name in fields:
        value = raw.get(name)
        if isinstance(value, str) and value:
            e164 = quick_e164(value, region)
            if e164 is not None:
                out[name] = e164
                del raw[name]
    return out
