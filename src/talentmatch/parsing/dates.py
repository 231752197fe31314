"""Dates and date ranges as resumes write them, in English, French, Spanish, German and
Portuguese.

One compiled regular expression finds every date-like token of a text in a single pass
(month names and abbreviations in the five languages, numeric forms, seasons, two-digit
years such as "’19", and words for "present"); a linear pass then pairs tokens joined by a
dash or a word ("to", "à", "a", "bis", "até", ...) into ranges. Precision is never invented:
"2019" stays a year, "Summer 2018" is a year with its season noted.

Example:
    >>> r = parse_date_range("Jan 2020 – Present")
    >>> r.first.iso(), r.last, r.current
    ('2020-01', None, True)
    >>> parse_date_range("3/2019 - 5/2021").last.iso()
    '2021-05'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from talentmatch.models.resume import DatePrecision, PartialDate, Season

__all__ = [
    "DateKind",
    "DateRange",
    "DateToken",
    "find_date_ranges",
    "find_date_tokens",
    "parse_date",
    "parse_date_range",
]

# Month words (lower case; accented and unaccented spellings), by month number.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "enero", "ene", "januar", "jänner", "janeiro"),
    2: (
        "february",
        "feb",
        "febr",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "fév",
        "fev",
        "febrero",
        "februar",
        "fevereiro",
    ),
    3: ("march", "mar", "mars", "marzo", "märz", "maerz", "marz", "mär", "março", "marco"),
    4: ("april", "apr", "avril", "avr", "abril", "abr"),
    5: ("may", "mai", "mayo", "maio"),
    6: ("june", "jun", "juin", "junio", "juni", "junho"),
    7: ("july", "jul", "juillet", "juil", "julio", "juli", "julho"),
    8: ("august", "aug", "août", "aout", "agosto", "ago"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre", "setembro", "set"),
    10: ("october", "oct", "octobre", "octubre", "oktober", "okt", "outubro", "out"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: (
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dezember",
        "dez",
        "dezembro",
    ),
}
_MONTHS = {word: month for month, group in _MONTH_WORDS.items() for word in group}

_SEASON_WORDS: dict[Season, tuple[str, ...]] = {
    Season.SPRING: (
        "spring",
        "printemps",
        "primavera",
        "frühling",
        "fruhling",
        "frühjahr",
        "fruhjahr",
    ),
    Season.SUMMER: ("summer", "été", "ete", "verano", "sommer", "verão", "verao"),
    Season.AUTUMN: ("autumn", "fall", "automne", "otoño", "otono", "herbst", "outono"),
    Season.WINTER: ("winter", "hiver", "invierno", "inverno"),
}
_SEASONS = {word: season for season, group in _SEASON_WORDS.items() for word in group}

_PRESENT = (
    r"present|current(?:ly)?|now|today|ongoing|to\s+date|till\s+date|date|"
    r"aujourd['’]hui|pr[ée]sent|actuel(?:lement)?|en\s+cours|maintenant|"
    r"(?:la\s+)?actualidad|actual(?:mente)?|presente|hoy|"
    r"heute|aktuell|jetzt|derzeit|dato|laufend|"
    r"atual(?:mente)?|o\s+momento|hoje|"
    r"至今|现在|今"
)


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered)


_MONTH_RE = _alternation(_MONTHS)
_SEASON_RE = _alternation(_SEASONS)
_Y4 = r"(?:19[4-9]\d|20\d\d)"
_Y2 = r"['’‘`´]\d\d"
_SEP = r"[\s\-/.,]*"  # between a month word and its year: "Jan 2020", "Jan-2020", "Jan. 2020"
_DE = r"(?:\s*(?:de|del|of)\s+)?"  # "enero de 2020", "janeiro de 2020"

# Alternatives are tried in order at each position, so longer forms come first.
_TOKEN = re.compile(
    rf"""
    (?<![\w.])(?P<d1>[0-3]?\d)(?:st|nd|rd|th|er|º|ª|\.)?[ \t]*(?:de[ \t]+)?
        (?P<m1>{_MONTH_RE})\.?,?{_DE}\s*(?P<y1>{_Y4})(?!\d)
    | (?<!\w)(?P<m2>{_MONTH_RE})\.?[ \t]+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?[ \t]+(?P<y2>{_Y4})(?!\d)
    | (?<!\w)(?P<s3>{_SEASON_RE})(?:\s+(?:de|del|of)\s+|\s+)(?P<y3>{_Y4}|{_Y2})(?!\d)
    | (?<!\w)(?P<m4>{_MONTH_RE})\.?{_DE}{_SEP}(?P<y4>{_Y4}|{_Y2})(?!\d)
    | (?<!\w)(?P<m11>{_MONTH_RE})\.?\s?(?P<y11>\d\d)(?![\d:.,]|\s*(?:st|nd|rd|th)\b)
    | (?<![\d.])(?P<y5>{_Y4})(?P<sep5>[-/.])(?P<m5>0?[1-9]|1[0-2])(?P=sep5)
        (?P<d5>0?[1-9]|[12]\d|3[01])(?![\d])
    | (?<![\d./])(?P<a6>[0-3]?\d)(?P<sep6>[/.\-])(?P<b6>[0-3]?\d)(?P=sep6)(?P<y6>{_Y4})(?!\d)
    | (?<![\d./])(?P<y7>{_Y4})[-/.](?P<m7>0[1-9]|1[0-2]|[1-9](?![\d]))(?![\d])
    | (?<![\d./])(?P<m8>0?[1-9]|1[0-2])[/.](?P<y8>{_Y4})(?!\d)
    | (?<![\d./])(?P<m12>0[1-9]|1[0-2])/(?P<y12>\d\d)(?![\d/])
    | (?<![\w.])(?P<y9>{_Y4})(?![\d])
    | (?<![\w])(?P<y10>{_Y2})(?![\w])
    | (?<!\w)(?P<present>{_PRESENT})(?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Where a token can start: a digit run, an apostrophe before two digits, or a word that
# opens a month, a season or a "present" phrase. Trying the full pattern only there keeps
# the scan linear and cheap (the full pattern at every character costs ten times more).
_CANDIDATE = re.compile(r"(?<!\d)\d|['’‘`´](?=\d\d)|[^\W\d_]+|至今|现在|今")
_PRESENT_OPENERS = frozenset(
    """
    present current currently now today ongoing to till date aujourd présent actuel actuellement
    en maintenant la actualidad actual actualmente presente hoy heute aktuell jetzt derzeit
    dato laufend atual atualmente o hoje
    """.split()
)
_TRIGGERS = frozenset(_MONTHS) | frozenset(_SEASONS) | _PRESENT_OPENERS

# What may stand between two dates of a range (the second may be a "present" word).
_CONNECTOR = re.compile(
    r"""\s*(?:[-–—‐‑‒−~―]+>?|→)?\s*(?:
        to|till|until|through|thru|
        à|au|a|al|hasta|bis|até|ate|
        jusqu['’]?(?:à|au|en)?
    )?\s*(?:\(?exp(?:ected)?\.?\s*)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_SINCE = re.compile(
    r"(?<!\w)(?:since|depuis(?:\s+le)?|desde|seit|a\s+partir\s+de|à\s+partir\s+de|from)\s*$",
    re.IGNORECASE,
)
# "2018–20": a four-digit year, a connector, a two-digit year.
_SHORT_END = re.compile(r"\s*[-–—‐‑‒−~/]\s*(\d\d)(?![\d\w])")


class DateKind(StrEnum):
    """How a date mention reads.

    Example:
        >>> parse_date_range("Since 2021").kind is DateKind.SINCE
        True
    """

    RANGE = "range"
    """Two dates, or a date and a "present" word, joined by a connector."""
    SINCE = "since"
    """A start only, introduced by "since", "depuis", "desde", "seit": ongoing."""
    SINGLE = "single"
    """A lone date."""


@dataclass(frozen=True, slots=True)
class DateToken:
    """One date-like token of a text: a date, or a word meaning "present".

    Example:
        >>> find_date_tokens("now")[0].present
        True
    """

    start: int
    end: int
    value: PartialDate | None
    present: bool = False
    ambiguous_order: bool = False  # a numeric a/b/yyyy where both a and b could be the month
    weak: bool = False  # "Jan 19", "06/18": a two-digit year only a range can confirm


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date mention: a range, an open start ("since"), or a single date.

    ``start``/``end`` are offsets into the searched text; ``first``/``last`` the dates.

    Example:
        >>> m = parse_date_range("2018 – 2020")
        >>> (m.start, m.end, m.kind.value)
        (0, 11, 'range')
    """

    start: int
    end: int
    first: PartialDate | None
    last: PartialDate | None
    current: bool
    kind: DateKind


def _year(text: str) -> int:
    digits = text.lstrip("'’‘`´")
    if len(digits) == 2:
        value = int(digits)
        # Two-digit years pivot at 50: '49 is 2049, '50 is 1950.
        return 2000 + value if value < 50 else 1900 + value
    return int(digits)


def _safe(
    year: int, month: int | None = None, day: int | None = None, season: Season | None = None
) -> PartialDate | None:
    if not 1940 <= year <= 2099:
        return None
    if day is not None and (month is None or day > calendar.monthrange(year, month)[1]):
        return None
    return PartialDate.of(year, month, day, season=season)


def _token(match: re.Match[str], day_first: bool) -> DateToken | None:
    g = match.group
    value: PartialDate | None
    ambiguous = False
    if g("present"):
        return DateToken(match.start(), match.end(), None, present=True)
    if g("m1"):
        value = _safe(int(g("y1")), _MONTHS[g("m1").lower()], int(g("d1")))
    elif g("m2"):
        value = _safe(int(g("y2")), _MONTHS[g("m2").lower()], int(g("d2")))
    elif g("s3"):
        value = _safe(_year(g("y3")), season=_SEASONS[g("s3").lower()])
    elif g("m4"):
        value = _safe(_year(g("y4")), _MONTHS[g("m4").lower()])
    elif g("y5"):
        value = _safe(int(g("y5")), int(g("m5")), int(g("d5")))
    elif g("y6"):
        a, b = int(g("a6")), int(g("b6"))
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            ambiguous = a != b
            day, month = (a, b) if day_first else (b, a)
        value = _safe(int(g("y6")), month, day) if month <= 12 else None
    elif g("m11") or g("m12"):
        month = _MONTHS[g("m11").lower()] if g("m11") else int(g("m12"))
        value = _safe(_year(g("y11") or g("y12")), month)
        if value is None:
            return None
        return DateToken(match.start(), match.end(), value, weak=True)
    elif g("y7"):
        value = _safe(int(g("y7")), int(g("m7")))
    elif g("y8"):
        value = _safe(int(g("y8")), int(g("m8")))
    elif g("y9"):
        value = _safe(int(g("y9")))
    else:
        value = _safe(_year(g("y10")))
    if value is None:
        return None
    return DateToken(match.start(), match.end(), value, ambiguous_order=ambiguous)


def find_date_tokens(text: str, *, day_first: bool = True) -> list[DateToken]:
    """Return every date-like token of ``text`` in order, in one pass.

    Args:
        text: any text.
        day_first: how to read an ambiguous numeric date such as 03/04/2019 (True: 3 April).

    Returns:
        Tokens in text order; "present" words are tokens with ``present=True``.

    Example:
        >>> [t.value.iso() for t in find_date_tokens("Juni 2019 bis 2021") if t.value]
        ['2019-06', '2021']
    """
    tokens: list[DateToken] = []
    covered = 0
    for candidate in _CANDIDATE.finditer(text):
        start = candidate.start()
        if start < covered:
            continue
        first = candidate.group(0)
        if first[0].isalpha() and first.lower() not in _TRIGGERS and first not in "至今现在":
            continue
        match = _TOKEN.match(text, start)
        if match is None:
            continue
        token = _token(match, day_first)
        if token is not None:
            tokens.append(token)
            covered = match.end()
    return tokens


def _pair(text: str, tokens: list[DateToken], index: int) -> tuple[DateRange, int] | None:
    """Try to read a range starting at ``tokens[index]``; return it and the next index."""
    first = tokens[index]
    if first.value is None:
        return None
    if index + 1 < len(tokens):
        second = tokens[index + 1]
        between = text[first.end : second.start]
        if len(between) <= 12 and (
            _CONNECTOR.match(between) is not None and _has_connector_or_gap(between, first, second)
        ):
            if second.present:
                return DateRange(
                    first.start, second.end, first.value, None, True, DateKind.RANGE
                ), index + 2
            if (
                second.value is not None
                and first.weak == second.weak  # "Jan 19 - Mar 21" pairs; "Jan 19 - 2021" not
                and not _year_list(first, second, between)
            ):
                return DateRange(
                    first.start, second.end, first.value, second.value, False, DateKind.RANGE
                ), index + 2
    if first.value.precision is DatePrecision.YEAR and first.value.season is None:
        short = _SHORT_END.match(text, first.end)
        if short is not None:
            century = first.value.year - first.value.year % 100
            year = century + int(short.group(1))
            if first.value.year <= year <= first.value.year + 20:
                end = PartialDate.of(year)
                return DateRange(
                    first.start, short.end(), first.value, end, False, DateKind.RANGE
                ), index + 1
    return None


def _has_connector_or_gap(between: str, first: DateToken, second: DateToken) -> bool:
    """A range needs a dash or a word between its dates, or only spaces on one line between
    two month dates or a date and "present" (the dash glyph was lost in extraction)."""
    if between.strip():
        return True
    if "\n" in between:
        return False
    if second.present or len(between) >= 2:
        return True
    assert first.value is not None
    months = first.value.precision is not DatePrecision.YEAR
    return (
        months
        and second.value is not None
        and (
            second.value.precision is not DatePrecision.YEAR
            and second.value.sort_key() >= first.value.sort_key()
        )
    )


def _year_list(first: DateToken, second: DateToken, between: str) -> bool:
    """Two bare years separated only by spaces ("2014 2015") are a list, not a range."""
    assert first.value is not None
    assert second.value is not None
    bare = first.value.precision is second.value.precision is DatePrecision.YEAR
    return bare and not between.strip() and len(between) < 2


def find_date_ranges(
    text: str,
    *,
    day_first: bool = True,
    tokens: list[DateToken] | None = None,
) -> list[DateRange]:
    """Return the date mentions of ``text``: ranges, "since" starts and single dates.

    Args:
        text: any text.
        day_first: how to read ambiguous numeric dates (True: 03/04/2019 is 3 April).
        tokens: tokens already found by ``find_date_tokens`` on the same text (saves a pass).

    Returns:
        Mentions in text order, non-overlapping. A "present" word alone is not a mention.

    Example:
        >>> [(m.kind.value, m.current) for m in find_date_ranges("Since 2021; 2017 - 2019")]
        [('since', True), ('range', False)]
    """
    if tokens is None:
        tokens = find_date_tokens(text, day_first=day_first)
    out: list[DateRange] = []
    index = 0
    while index < len(tokens):
        paired = _pair(text, tokens, index)
        if paired is not None:
            mention, index = paired
            out.append(_with_prefix(text, mention))
            continue
        token = tokens[index]
        index += 1
        if token.value is None or token.weak:
            continue
        since = _SINCE.search(text, max(0, token.start - 20), token.start)
        if since is not None:
            out.append(DateRange(since.start(), token.end, token.value, None, True, DateKind.SINCE))
        else:
            out.append(
                DateRange(token.start, token.end, token.value, token.value, False, DateKind.SINGLE)
            )
    return out


_FROM = re.compile(r"(?:from|de|desde|von|du)\s+$", re.IGNORECASE)


def _with_prefix(text: str, mention: DateRange) -> DateRange:
    """Extend a range over a leading "from"/"de"/"von" so the raw date text is whole."""
    prefix = _FROM.search(text, max(0, mention.start - 8), mention.start)
    if prefix is None:
        return mention
    return DateRange(
        prefix.start(), mention.end, mention.first, mention.last, mention.current, mention.kind
    )


def parse_date(text: str, *, day_first: bool = True) -> PartialDate | None:
    """Return the first date written in ``text``, or None.

    Example:
        >>> parse_date("15. März 2019").iso()
        '2019-03-15'
        >>> parse_date("Summer 2018").season.value
        'summer'
    """
    for token in find_date_tokens(text, day_first=day_first):
        if token.value is not None:
            return token.value
    return None


def parse_date_range(text: str, *, day_first: bool = True) -> DateRange | None:
    """Return the first date mention (range, "since" or single date) in ``text``, or None.

    Example:
        >>> parse_date_range("janvier 2020 à aujourd'hui").current
        True
        >>> parse_date_range("2018–20").last.iso()
        '2020'
    """
    mentions = find_date_ranges(text, day_first=day_first)
    return mentions[0] if mentions else None
