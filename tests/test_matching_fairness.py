"""Counterfactual fairness: protected or irrelevant attributes never move a score.

Each example renders one resume with a different name (across sexes and ethnicities),
pronouns, graduation year, address, e-mail, phone and profile link, then checks that every
number of the MatchResult is unchanged. Spans may shift (a longer name moves the text);
scores, components, credits, points, verdicts, confidence and review flags may not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.matching import match
from talentmatch.models.match import MatchResult
from talentmatch.parsing.job_posting import parse_job

NAMES = [
    "Emily Walsh",
    "Greg Baker",
    "Lakisha Washington",
    "Jamal Jones",
    "Nguyen Thi Mai",
    "Mohammed Al-Sayed",
    "María José García López",
    "Wei Zhang",
    "Aarav Patel",
    "Olusegun Adeyemi",
    "Ruby Swift",  # skill words as a name must not count as skills
    "Chase Sterling",
    "Ngozi Okonkwo-Smith",
    "Siobhán Ní Bhraonáin",
]
PRONOUNS = [
    ("She", "her"),
    ("He", "his"),
    ("They", "their"),
]
ADDRESSES = [
    "12 Elm Street, Springfield, IL 62701",
    "Flat 4, 22 Brixton Road, London SW9 6BU",
    "Calle Mayor 5, 28013 Madrid",
    "1600 Pennsylvania Ave NW, Washington, DC 20500",
    "Rua Augusta 100, 1100-053 Lisboa",
    "Karl-Marx-Allee 90, 10243 Berlin",
]

TEMPLATE = """{name}
{address}
{email} | {phone} | linkedin.com/in/{handle}

SUMMARY
{pronoun} is a backend engineer; {possessive} focus is reliable Python services.

EXPERIENCE
Senior Backend Engineer, Parcel Logistics GmbH        Mar 2021 – Present
• Built order services in Python and Go on Kubernetes with PostgreSQL and Redis.

Software Engineer, FinData AG        Jan 2016 – Feb 2021
• Built REST APIs with Django and PostgreSQL; CI/CD with GitHub Actions.

EDUCATION
B.Sc. Computer Science, Technische Universität Berlin, {grad_year}

SKILLS
Python, Go, SQL, Docker, Kubernetes, Terraform, AWS

LANGUAGES
English (C1), German (native)
"""

JOB = parse_job(
    """Senior Backend Engineer
Requirements
- 5+ years of professional software development experience
- 3+ years of Python
- PostgreSQL, Redis, Kubernetes
- Bachelor's degree in Computer Science
- Fluent English
Nice to have
- Kafka, Terraform
"""
)
AS_OF = date(2026, 6, 1)


def _numbers(result: MatchResult) -> dict[str, Any]:
    exp = result.explanation
    return {
        "score": result.score,
        "confidence": result.confidence,
        "needs_review": result.needs_review,
        "flags": [(f.reason, f.detail) for f in result.review_flags],
        "components": [(c.name, c.value, c.effective_weight, c.points) for c in exp.components],
        "requirements": [
            (r.label, r.verdict, r.credit, r.points, r.max_points, r.reason, r.matched_concept_id)
            for r in exp.requirements
        ],
        "experience_years": exp.experience_years,
        "uncapped": exp.uncapped_score,
        "knocked_out_by": exp.knocked_out_by,
    }


def _render(name: str, pronoun: tuple[str, str], address: str, grad_year: int, digits: str) -> str:
    handle = name.lower().replace(" ", "-")
    email = handle.replace("-", ".") + "@example.com"
    return TEMPLATE.format(
        name=name,
        address=address,
        email=email,
        phone=f"+1 555 {digits[:3]} {digits[3:7]}",
        handle=handle,
        pronoun=pronoun[0],
        possessive=pronoun[1],
        grad_year=grad_year,
    )


BASELINE = _numbers(
    match(_render(NAMES[0], PRONOUNS[0], ADDRESSES[0], 2015, "0100200"), JOB, as_of=AS_OF)
)


def test_baseline_is_a_meaningful_match() -> None:
    # A counterfactual test on a score of zero would prove nothing.
    assert BASELINE["score"] > 50
    verdicts = {label: verdict.value for label, verdict, *_ in BASELINE["requirements"]}
    assert verdicts["Python"] == "met"


@settings(max_examples=25)
@given(
    name=st.sampled_from(NAMES),
    pronoun=st.sampled_from(PRONOUNS),
    address=st.sampled_from(ADDRESSES),
    grad_year=st.integers(min_value=1975, max_value=2015),
    digits=st.text(alphabet="0123456789", min_size=7, max_size=7),
)
def test_protected_attributes_never_change_any_number(
    name: str, pronoun: tuple[str, str], address: str, grad_year: int, digits: str
) -> None:
    text = _render(name, pronoun, address, grad_year, digits)
    assert _numbers(match(text, JOB, as_of=AS_OF)) == BASELINE


def test_every_name_individually() -> None:
    for name in NAMES:
        text = _render(name, PRONOUNS[2], ADDRESSES[0], 2015, "0100200")
        assert _numbers(match(text, JOB, as_of=AS_OF)) == BASELINE, name
