"""build_profile: what a candidate profile may count as evidence of a skill."""

from __future__ import annotations

from talentmatch.extraction import extract_skills
from talentmatch.matching.profile import build_profile
from talentmatch.parsing import parse_resume

RESUME = """Jane Roe
EXPERIENCE
Registered Nurse, Buckeye Family Medicine   2019 - 2023
- Triaged patients and administered vaccines
Medical Assistant, Java Solutions Ltd   2017 - 2019
- Scheduled appointments; charted in Epic and Cerner
EDUCATION
BSN, Ohio School of Nursing and Pharmacy, 2017
SKILLS
Patient care, Python
"""


def _skills(text: str) -> set[str]:
    resume = parse_resume(text)
    return {s.concept_id for s in build_profile(resume, extract_skills(resume)).skills}


def test_a_skill_named_only_inside_an_employer_name_is_no_evidence() -> None:
    resume = parse_resume(RESUME)
    employers = [p.employer.text for p in resume.positions if p.employer is not None]
    assert employers == ["Buckeye Family Medicine", "Java Solutions Ltd"]
    found = {m.concept_id for m in extract_skills(resume)}
    assert {"tm:family_medicine", "tm:java"} <= found  # the extractor still reports the words
    skills = _skills(RESUME)
    assert "tm:family_medicine" not in skills
    assert "tm:java" not in skills
    assert {"tm:patient_care", "tm:python", "tm:epic"} <= skills


def test_the_same_skill_described_in_the_work_still_counts() -> None:
    text = RESUME.replace(
        "- Scheduled appointments;", "- Wrote Java services for the scheduling system;"
    )
    assert "tm:java" in _skills(text)


def test_school_names_still_tell_what_was_studied() -> None:
    assert "tm:nursing" in _skills(RESUME)


def test_a_skills_line_read_as_an_employer_keeps_its_skills() -> None:
    # The parser may take the line under "Title, Company  dates" for the employer; a line
    # made of skills only is no organisation name, so its skills stay evidence.
    text = "EXPERIENCE\nBackend Engineer, Acme  2018 - 2023\nPython, Django"
    assert {"tm:python", "tm:django"} <= _skills(text)
