"""Phone numbers of a large import checked at a third of the cost.

``phonenumbers.parse`` is most of an import's time (73 µs a number, and a
contacts file has one or two a row). A number written the North American way
("(217) 555-0100", "217.555.0100", "+1 217 555 0100") for a region of country
code 1 parses to country code 1 and those ten digits whatever the separators,
so it is built directly and only ``is_valid_number`` is asked, as
``desktop.services.validation`` asks it: the stored E.164 and the verdict are
the same. Any other way of writing a number takes the full parse.

``is_valid_number`` itself tries every type pattern of every region of country
code 1 (20 regular expressions a number). The United States come first in
that list and have no leading digits, so a number that matches their general
and fixed-line patterns is valid (the library would say so after the same two
matches and a dozen more): checked with those two alone, a fifth of the cost;
any other number asks the library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NANP = re.compile(r"(?:\+1[\s.-]?)?\(?([2-9]\d\d)\)?[\s.-]?(\d{3})[\s.-]?(\d{4})")
_REGIONS: frozenset[str] | None = None
_US: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _nanp_regions() -> frozenset[str]:
    global _REGIONS  # a constant of the library, computed once
    if _REGIONS is None:
        import phonenumbers

        _REGIONS = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
    return _REGIONS


def _us_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    global _US  # the library's metadata, compiled once
    if _US is None:
        import phonenumbers

        meta = phonenumbers.PhoneMetadata.metadata_for_region("US")
        assert meta is not None and not meta.leading_digits
        general, fixed = meta.general_desc, meta.fixed_line
        assert general is not None and fixed is not None
        assert 10 in general.possible_length and 10 in fixed.possible_length
        _US = (re.compile(general.national_number_pattern or "$^"),
               re.compile(fixed.national_number_pattern or "$^"))
    return _US


def _valid_nanp(digits: str) -> bool:
    """``is_valid_number`` for +1 and ten ``digits``, the common case without it."""
    general, fixed = _us_patterns()
    if general.fullmatch(digits) and fixed.fullmatch(digits):
        return True
    import phonenumbers

    return bool(phonenumbers.is_valid_number(
        phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))))


def quick_e164(text: str, region: str) -> str | None:
    """The E.164 form of a valid North American number written plainly, or
    None when the full check must decide (another form, region or an invalid
    number: its message comes from the full check)."""
    found = _NANP.fullmatch(text.strip())
    if found is None or (region.upper() not in _nanp_regions()
                         and not text.lstrip().startswith("+1")):
        return None
    digits = "".join(found.groups())
    return f"+1{digits}" if _valid_nanp(digits) else None


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
