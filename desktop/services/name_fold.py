"""Names folded for comparison: case, accents, punctuation and "&"/"and"
folded, and for companies the legal form dropped ("Acme Inc." and "ACME, LLC"
are both "acme"). Used by the duplicate check and the CSV import's report."""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not take apart.
_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
                          "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ı": "i", "þ": "th"})
_JOIN = str.maketrans("", "", ".'’`´")  # "L.L.C." is "llc", "O'Brien" is "obrien"
_SPLIT = re.compile(r"[\W_]+")

# Legal forms, written as the folded tokens joined ("S. A. de C.V." -> "sadecv").
LEGAL_FORMS = frozenset({
    "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg",
    "gmbhandcokg", "andcokg", "ohg", "ug", "ev", "sa", "sarl", "sas", "sasu", "sadecv", "sab",
    "sabdecv", "bv", "nv", "co", "cos", "corp", "corporation", "company", "plc", "pty",
    "ptyltd", "kk", "株式会社", "株", "有限会社", "kabushikikaisha", "srl", "spa", "sl", "slu",
    "oy", "oyj", "ab", "as", "asa", "aps", "se", "ltda", "bhd", "sdnbhd", "pvt", "pvtltd",
    "pte", "ptelimited", "sro", "spzoo", "zrt", "kft", "doo", "ou",
})
_MAX_FORM_TOKENS = 4


# The ASCII case in one pass (most names): punctuation to spaces, "&" to "and".
_ASCII = {c: (None if chr(c) in ".'`" else " and " if chr(c) == "&" else " ")
          for c in range(128) if not chr(c).isalnum()}


def fold(text: str | None) -> str:
    """Lower case, no accents or punctuation, "&" as "and", single spaces."""
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII).split())
    t = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.casefold().replace("&", " and ").translate(_JOIN)
    return " ".join(_SPLIT.sub(" ", t).split())


def fold_company(text: str | None) -> str:
    """A company name without its legal form (kept when the name is nothing else)."""
    if not text:
        return ""
    t = text.replace("株式会社", " 株式会社 ").replace("有限会社", " 有限会社 ")
    tokens = fold(t).split()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if tokens[0] in ("株式会社", "有限会社", "株"):
            tokens = tokens[1:]
            changed = True
            continue
        for n in range(min(_MAX_FORM_TOKENS, len(tokens) - 1), 0, -1):
            if "".join(tokens[-n:]) in LEGAL_FORMS:
                tokens = tokens[:-n]
                changed = True
                break
        else:
            if tokens[-1] == "and" or _misspelt_form(tokens[-1]):  # "Smith & Co." -> "smith"
                tokens = tokens[:-1]
                changed = True
    return " ".join(tokens)


# Long legal forms are misspelt too ("Corportion", "Compnay"): one slip (a transposition
# counts one) in 6-8 letters, two beyond.
_LONG_FORMS = ("incorporated", "corporation", "company", "limited", "kabushikikaisha")


def _misspelt_form(word: str) -> bool:
    if len(word) < 6 or not word.isalpha():
        return False
    from rapidfuzz.distance import OSA

    slips = 1 if len(word) <= 8 else 2
    return any(abs(len(word) - len(form)) <= slips
               and OSA.distance(word, form, score_cutoff=slips) <= slips
               for form in _LONG_FORMS)


def fold_person(first: str | None, last: str | None) -> str:
    return fold(f"{first or ''} {last or ''}")
