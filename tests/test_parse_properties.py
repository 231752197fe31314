"""Properties of parsing that must hold for any input (Hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.errors import TalentMatchError
from talentmatch.models.resume import EntryIssue, merged_months
from talentmatch.parsing import parse_resume

_JOB = st.tuples(
    st.integers(1990 * 12, 2023 * 12),  # start month index
    st.integers(-6, 60),  # length in months (negative: end written before start)
    st.booleans(),  # open-ended ("present")
)


def _month(index: int) -> str:
    return f"{index % 12 + 1:02d}/{index // 12}"


def _resume_text(jobs: list[tuple[int, int, bool]]) -> str:
    lines = ["Jo Roe", "jo@example.com", "", "EXPERIENCE"]
    for n, (start, length, current) in enumerate(jobs):
        end = "Present" if current else _month(start + length)
        lines.append(f"Engineer {n}, Company{n} GmbH    {_month(start)} - {end}")
        lines.append(f"- Delivered project {n}")
    return "\n".join(lines) + "\n"


@settings(max_examples=60)
@given(st.lists(_JOB, min_size=1, max_size=6))
def test_merged_experience_never_exceeds_the_covered_span(
    jobs: list[tuple[int, int, bool]],
) -> None:
    resume = parse_resume(_resume_text(jobs), as_of=date(2024, 6, 30))
    assert len(resume.positions) == len(jobs)
    intervals = [p.month_interval(resume.experience_as_of) for p in resume.positions]
    counted = [i for i in intervals if i is not None]
    if counted:
        span = max(end for _, end in counted) - min(start for start, _ in counted)
        assert 0 < resume.total_experience_months <= span
        covered = {m for start, end in counted for m in range(start, end)}
        assert resume.total_experience_months == len(covered)
    else:
        assert resume.total_experience_months == 0
    for position in resume.positions:
        assert position.start is not None
        if position.end is not None:
            assert (
                position.end.sort_key() >= position.start.sort_key()
                or EntryIssue.END_BEFORE_START in position.issues
            )


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 60)), max_size=12))
def test_merged_months_counts_each_month_once(pairs: list[tuple[int, int]]) -> None:
    intervals = [(start, start + length) for start, length in pairs]
    covered = {m for start, end in intervals for m in range(start, end)}
    assert merged_months(intervals) == len(covered)


_RESUMEISH = st.lists(
    st.one_of(
        st.sampled_from(["EXPERIENCE", "Education:", "SKILLS", "Langues", "—", "• ", "", "\t"]),
        st.sampled_from(["Jan 2020 – Present", "2018-2020", "’19", "Since 2021", "03/2019"]),
        st.text(min_size=0, max_size=40),
    ),
    max_size=25,
).map("\n".join)


@settings(max_examples=80)
@given(_RESUMEISH)
def test_any_text_parses_deterministically_or_raises_a_typed_error(text: str) -> None:
    try:
        first = parse_resume(text)
    except TalentMatchError as exc:
        first = None
        error = exc
    if first is None:
        assert error.code  # a typed error with its stable code
        return
    assert parse_resume(text).model_dump_json() == first.model_dump_json()
    source = first.document.text
    for position in first.positions:
        assert 0 <= position.span.start <= position.span.end <= len(source)


@settings(max_examples=40)
@given(st.binary(max_size=400))
def test_any_bytes_raise_nothing_but_typed_errors(data: bytes) -> None:
    outcome: object
    try:
        outcome = parse_resume(data)
    except TalentMatchError as exc:
        outcome = exc
    assert isinstance(outcome, TalentMatchError) or outcome.id.startswith("res_")  # type: ignore[attr-defined]
