"""Dates and ranges as resumes write them: every form the issue lists, five languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentmatch.models.resume import DatePrecision, PartialDate, Season
from talentmatch.parsing.dates import (
    _PRESENT_OPENERS,
    DateKind,
    find_date_ranges,
    find_date_tokens,
    parse_date,
    parse_date_range,
)


def _iso(value: PartialDate | None) -> str | None:
    return value.iso() if value is not None else None


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Jan 2020 – Present", "2020-01", None, True),
        ("January 2020 to current", "2020-01", None, True),
        ("3/2019 - 5/2021", "2019-03", "2021-05", False),
        ("03/2019 – 05/2021", "2019-03", "2021-05", False),
        ("2019-03 — 2021-05", "2019-03", "2021-05", False),
        ("2018 – 2020", "2018", "2020", False),
        ("2018-2020", "2018", "2020", False),
        ("2018–20", "2018", "2020", False),
        ("’17 – ’19", "2017", "2019", False),
        ("Jan ’19 – Mar ’21", "2019-01", "2021-03", False),
        ("2020 - now", "2020", None, True),
        ("2020 ~ 2022", "2020", "2022", False),
        ("Sep 2019 until today", "2019-09", None, True),
        ("May 2013 till date", "2013-05", None, True),
        ("janvier 2020 – aujourd’hui", "2020-01", None, True),
        ("janv. 2020 à déc. 2021", "2020-01", "2021-12", False),
        ("sept. 2018 - présent", "2018-09", None, True),
        ("enero de 2020 – actualidad", "2020-01", None, True),
        ("ene. 2019 a dic. 2020", "2019-01", "2020-12", False),
        ("mayo 2017 - hasta la actualidad", "2017-05", None, True),
        ("Januar 2020 – heute", "2020-01", None, True),
        ("März 2018 bis Dezember 2019", "2018-03", "2019-12", False),
        ("Okt. 2015 - Mai 2017", "2015-10", "2017-05", False),
        ("janeiro de 2020 – atual", "2020-01", None, True),
        ("fev. 2016 até dez. 2018", "2016-02", "2018-12", False),
        ("2021.06‑2021.09", "2021-06", "2021-09", False),
        ("2018‑2022", "2018", "2022", False),
        ("2019 至今", "2019", None, True),
        ("2019-03-15 – 2021-06-30", "2019-03-15", "2021-06-30", False),
        ("15.03.2019 – 30.06.2021", "2019-03-15", "2021-06-30", False),
        ("Mar. 2010  Aug. 2017", "2010-03", "2017-08", False),
        ("nov. 2020 août 2021", "2020-11", "2021-08", False),
        ("Aug. 2014 - Exp. Apr. 2016", "2014-08", "2016-04", False),
        ("from 2015 to 2017", "2015", "2017", False),
    ],
)
def test_ranges_in_every_form(text: str, start: str, end: str | None, current: bool) -> None:
    mention = parse_date_range(text)
    assert mention is not None
    assert mention.kind is DateKind.RANGE
    assert (_iso(mention.first), _iso(mention.last), mention.current) == (start, end, current)
    assert text[mention.start : mention.end].strip()


@pytest.mark.parametrize(
    "text", ["Since 2021", "since March 2021", "Depuis 2021", "Desde 2021", "Seit 2021"]
)
def test_since_is_an_open_start(text: str) -> None:
    mention = parse_date_range(text)
    assert mention is not None
    assert mention.kind is DateKind.SINCE
    assert mention.current is True
    assert mention.last is None
    assert mention.first is not None
    assert mention.first.year == 2021


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2019", "2019", DatePrecision.YEAR),
        ("’19", "2019", DatePrecision.YEAR),
        ("'99", "1999", DatePrecision.YEAR),
        ("2019-03", "2019-03", DatePrecision.MONTH),
        ("03/2019", "2019-03", DatePrecision.MONTH),
        ("Sept. 2014", "2014-09", DatePrecision.MONTH),
        ("15 March 2019", "2019-03-15", DatePrecision.DAY),
        ("March 15, 2019", "2019-03-15", DatePrecision.DAY),
        ("21st January 2015", "2015-01-21", DatePrecision.DAY),
        ("1er janvier 2019", "2019-01-01", DatePrecision.DAY),
        ("15 de marzo de 2019", "2019-03-15", DatePrecision.DAY),
        ("15. März 2019", "2019-03-15", DatePrecision.DAY),
    ],
)
def test_precision_is_what_was_written(text: str, iso: str, precision: DatePrecision) -> None:
    value = parse_date(text)
    assert value is not None
    assert value.iso() == iso
    assert value.precision is precision


@pytest.mark.parametrize(
    ("text", "season"),
    [
        ("Summer 2018", Season.SUMMER),
        ("Fall 2019", Season.AUTUMN),
        ("Été 2017", Season.SUMMER),
        ("Sommer 2016", Season.SUMMER),
        ("verano de 2015", Season.SUMMER),
        ("Verão 2014", Season.SUMMER),
    ],
)
def test_a_season_stays_a_year_with_its_season(text: str, season: Season) -> None:
    value = parse_date(text)
    assert value is not None
    assert value.precision is DatePrecision.YEAR
    assert value.month is None
    assert value.season is season


def test_ambiguous_numeric_dates_follow_day_first() -> None:
    us = parse_date("03/04/2019", day_first=False)
    eu = parse_date("03/04/2019", day_first=True)
    assert us is not None
    assert eu is not None
    assert (us.month, us.day) == (3, 4)
    assert (eu.month, eu.day) == (4, 3)
    unambiguous = parse_date("25/12/2019", day_first=False)
    assert unambiguous is not None
    assert (unambiguous.month, unambiguous.day) == (12, 25)


@pytest.mark.parametrize(
    "text",
    [
        "Managed 2000 customers",  # a lone year-like number is a single mention, not a range
        "GPA 3.83 / 4.0",
        "+1 202 555 0143",
        "2014 2015",
    ],
)
def test_no_false_ranges(text: str) -> None:
    assert all(m.kind is not DateKind.RANGE for m in find_date_ranges(text))


def test_impossible_dates_keep_only_what_is_valid() -> None:
    for text in ("31/02/2019", "2019-13"):
        value = parse_date(text)
        assert value is not None
        assert value.precision is DatePrecision.YEAR  # the year, never an invented day
    assert parse_date("1850") is None


def test_present_words_open_a_token() -> None:
    # The scanner only tries the full pattern where a token can start; every present
    # phrase must open with one of those words, or it would never be seen.
    phrases = [
        "present",
        "Current",
        "now",
        "today",
        "aujourd'hui",
        "actualidad",
        "la actualidad",
        "heute",
        "atual",
        "o momento",
        "en cours",
        "to date",
    ]
    for phrase in phrases:
        assert phrase.split()[0].lower().split("'")[0] in _PRESENT_OPENERS
        tokens = find_date_tokens(f"2019 - {phrase}")
        assert any(t.present for t in tokens), phrase


@given(st.text(max_size=300))
def test_scanning_any_text_never_fails(text: str) -> None:
    mentions = find_date_ranges(text)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        if mention.first is not None and mention.last is not None:
            assert isinstance(mention.first, PartialDate)


@given(
    st.integers(1950, 2030),
    st.integers(1, 12),
    st.integers(0, 8),
    st.integers(1, 12),
    st.sampled_from([" - ", " – ", " to ", "—", " bis "]),
)
def test_month_ranges_round_trip(year: int, month: int, gap: int, month2: int, dash: str) -> None:
    end_year = year + gap
    text = f"{month:02d}/{year}{dash}{month2:02d}/{end_year}"
    mention = parse_date_range(text)
    assert mention is not None
    assert mention.kind is DateKind.RANGE
    assert _iso(mention.first) == f"{year}-{month:02d}"
    assert _iso(mention.last) == f"{end_year}-{month2:02d}"
