from __future__ import annotations

from datetime import date

import pytest

from desktop.reports import period


@pytest.mark.parametrize(("text", "kind", "start", "end", "label"), [
    ("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 10, 1), "2026-Q3"),
    ("2026q4", "quarter", date(2026, 10, 1), date(2027, 1, 1), "2026-Q4"),
    ("2026-07", "month", date(2026, 7, 1), date(2026, 8, 1), "2026-07"),
    ("2026", "year", date(2026, 1, 1), date(2027, 1, 1), "2026"),
    ("2026-W49", "week", date(2026, 11, 30), date(2026, 12, 7), "2026-W49"),
    ("2026-07-05..2026-07-18", "custom", date(2026, 7, 5), date(2026, 7, 19),
     "2026-07-05..2026-07-18"),
])
def test_parse(text: str, kind: str, start: date, end: date, label: str) -> None:
    p = period.parse(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "26", "Q3", "2026-W60",
                                  "2026-07-09..2026-07-01", "last week", ""])
def test_bad_periods_say_what_would_do(text: str) -> None:
    with pytest.raises(period.PeriodError) as err:
        period.parse(text)
    assert repr(text) in str(err.value) or "ends before" in str(err.value)


def test_previous_and_year_before() -> None:
    q = period.parse("2026-Q1")
    assert q.previous() == period.parse("2025-Q4")
    assert q.year_before() == period.parse("2025-Q1")
    assert period.parse("2026-03").previous() == period.parse("2026-02")
    custom = period.parse("2026-07-05..2026-07-18")
    assert (custom.previous().start, custom.previous().end) == (date(2026, 6, 21),
                                                                 date(2026, 7, 5))
    assert period.parse("2026-W49").year_before() == period.parse("2025-W49")
