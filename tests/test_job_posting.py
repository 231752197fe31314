"""Job-posting parsing: title, importance cues, sections, years, education, languages."""

from __future__ import annotations

import pytest

from talentmatch.errors import InputError, TaxonomyError
from talentmatch.models.job import Importance, RemotePolicy, Seniority
from talentmatch.models.resume import EducationLevel, LanguageLevel
from talentmatch.parsing.job_posting import job_from_requirements, parse_job

POSTING = """Senior Backend Engineer - Parcel Platform (Hybrid)
Location: Berlin, Germany

About us
We move parcels across Europe. Our office runs on Slack.

What you'll do
- Operate services on Kubernetes

Requirements
- 5+ years of professional software development experience
- 3+ years of Python in production
- PostgreSQL is required
- Tableau or Power BI
- Bachelor's degree in Computer Science or equivalent experience
- Fluent English; German is a plus

Nice to have
- Terraform, Kafka

Benefits
- Learning budget and Notion workspace
"""


@pytest.fixture(scope="module")
def job():
    return parse_job(POSTING)


def _skill(job, label):
    found = [s for s in job.skills if s.label == label]
    assert found, f"{label} not in {[s.label for s in job.skills]}"
    return found[0]


def test_title_seniority_location_remote(job) -> None:
    assert job.title == "Senior Backend Engineer"
    assert job.normalized_title == "senior backend engineer"
    assert job.seniority is Seniority.SENIOR
    assert job.location == "Berlin, Germany"
    assert job.remote is RemotePolicy.HYBRID


def test_sections_decide_importance(job) -> None:
    assert _skill(job, "Python").importance is Importance.REQUIRED
    assert _skill(job, "Terraform").importance is Importance.PREFERRED
    duty = _skill(job, "Kubernetes")
    assert duty.importance is Importance.PREFERRED
    assert duty.weight == 0.5  # responsibilities are not a requirement list
    labels = {s.label for s in job.skills}
    assert "Slack" not in labels  # "About us" is ignored
    assert "Notion" not in labels  # so are benefits


def test_years_per_skill_and_overall(job) -> None:
    assert _skill(job, "Python").min_years == 3.0
    assert job.min_years_experience == 5.0


def test_must_have_needs_a_predicate(job) -> None:
    assert _skill(job, "PostgreSQL").must_have is True
    assert _skill(job, "Python").must_have is False


def test_alternatives_form_one_requirement(job) -> None:
    either = _skill(job, "Tableau or Power BI")
    assert either.alternatives == ("tm:power_bi",)
    assert either.quote == "Tableau or Power BI"


def test_education_and_languages(job) -> None:
    assert job.education is not None
    assert job.education.level is EducationLevel.BACHELOR
    assert job.education.or_equivalent_experience is True
    assert job.education.fields == ("Computer Science",)
    languages = {lang.iso639_1: lang for lang in job.languages}
    assert languages["en"].min_level is LanguageLevel.C1
    assert languages["en"].importance is Importance.REQUIRED
    assert languages["de"].importance is Importance.PREFERRED


def test_every_requirement_quotes_the_text(job) -> None:
    for skill in job.skills:
        assert skill.span is not None
        assert skill.quote == job.text[skill.span.start : skill.span.end]


def test_bullets_are_never_headings() -> None:
    job = parse_job(
        "Account Executive\nYou have\n- Salesforce\nBonus points\n"
        "- Experience with MEDDIC or another framework\n- Experience selling HubSpot\n"
    )
    assert _skill(job, "HubSpot").importance is Importance.PREFERRED


def test_no_headings_means_required() -> None:
    job = parse_job("Welder needed. TIG welding and blueprint reading.")
    assert job.skills
    assert all(s.importance is Importance.REQUIRED for s in job.skills)


def test_other_languages_headings() -> None:
    job = parse_job("Développeur Python\nProfil recherché\n- Python, Django\nAtouts\n- Docker\n")
    assert _skill(job, "Python").importance is Importance.REQUIRED
    assert _skill(job, "Docker").importance is Importance.PREFERRED


def test_parse_job_rejects_bad_input() -> None:
    with pytest.raises(InputError):
        parse_job("   ")
    with pytest.raises(InputError):
        parse_job(42)  # type: ignore[arg-type]


def test_job_from_requirements_resolves_names_and_ids() -> None:
    job = job_from_requirements(
        "Backend Engineer",
        required=["Python", "k8s"],
        preferred=["tm:terraform"],
        must_have=["PostgreSQL"],
        min_years=3,
        skill_years={"Python": 2},
    )
    by_id = {s.concept_id: s for s in job.skills}
    assert by_id["tm:postgresql"].must_have
    assert by_id["tm:kubernetes"].importance is Importance.REQUIRED
    assert by_id["tm:terraform"].importance is Importance.PREFERRED
    assert by_id["tm:python"].min_years == 2
    assert job.min_years_experience == 3


def test_job_from_requirements_unknown_skill_is_a_typed_error() -> None:
    with pytest.raises(TaxonomyError, match="No concept"):
        job_from_requirements("X", required=["Definitely Not A Skill 123"])
