"""Months used and last used per skill, from the dated positions that mention it.

A skill's months are the union of the month ranges of the positions whose span holds one of
its claimed occurrences, so overlapping jobs never count twice. The ranges follow the resume
model's convention (``Position.month_interval``): the end month counts ("Jan - Mar 2020" is
three months), a date known only to the year stands for July (so "2018 - 2020" is 24
months), a season for its middle month when the date offers ``month_index()``, an ongoing
position runs to ``as_of`` (its month included), and a position with a start but no end adds
one month. Positions without a start, or flagged ``end_before_start``, add none.

Example:
    >>> from datetime import date
    >>> class D:
    ...     def __init__(self, year, month=None): self.year, self.month = year, month
    >>> class P:
    ...     def __init__(self, start, end, current=False):
    ...         self.start, self.end, self.current = start, end, current
    >>> months_and_last([P(D(2019, 1), D(2020, 12)), P(D(2020, 6), None, True)],
    ...                 as_of=date(2021, 5, 1))
    (29, '2021-05')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

__all__ = ["months_and_last"]


class _DateLike(Protocol):
    @property
    def year(self) -> int: ...

    @property
    def month(self) -> int | None: ...


class _Dated(Protocol):
    @property
    def start(self) -> _DateLike | None: ...

    @property
    def end(self) -> _DateLike | None: ...

    @property
    def current(self) -> bool: ...


def _valid(value: _DateLike | None) -> _DateLike | None:
    if value is None:
        return None
    year, month = getattr(value, "year", None), getattr(value, "month", None)
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        return None
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        return None
    return value


def _index(value: _DateLike) -> int:
    """Month index ``year * 12 + month - 1``; July for a year, the date's own estimate if any."""
    estimate = getattr(value, "month_index", None)
    if callable(estimate):
        result = estimate()
        if isinstance(result, int):
            return result
    return value.year * 12 + (value.month - 1 if value.month else 6)


def _label(value: _DateLike) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value.month else f"{value.year:04d}"


def _interval(position: _Dated, as_of: date) -> tuple[int, int, str] | None:
    """Half-open month range and the label of its end, or None without a usable start."""
    start = _valid(position.start)
    issues = getattr(position, "issues", ())
    if start is None or any(str(getattr(i, "value", i)) == "end_before_start" for i in issues):
        return None
    end = _valid(position.end)
    begin = _index(start)
    if end is not None:
        finish = _index(end) + (1 if end.month else 0)
        label = _label(end)
    elif bool(getattr(position, "current", False)):
        finish = as_of.year * 12 + as_of.month
        label = f"{as_of.year:04d}-{as_of.month:02d}"
    else:
        finish = begin + 1
        label = _label(start)
    return begin, max(finish, begin + 1), label


def months_and_last(positions: Iterable[_Dated], *, as_of: date) -> tuple[int | None, str | None]:
    """Months covered by ``positions`` (overlaps merged) and the latest end as YYYY[-MM].

    Returns ``(None, None)`` when no position has a usable start date.
    """
    intervals = [i for i in (_interval(p, as_of) for p in positions) if i is not None]
    if not intervals:
        return None, None
    intervals.sort()
    total = 0
    run_start, run_stop = intervals[0][0], intervals[0][1]
    for first, stop, _ in intervals[1:]:
        if first > run_stop:
            total += run_stop - run_start
            run_start, run_stop = first, stop
        else:
            run_stop = max(run_stop, stop)
    total += run_stop - run_start
    latest = max(intervals, key=lambda i: (i[1], len(i[2])))
    return total, latest[2]
