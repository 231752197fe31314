"""Positions: title / employer layouts, dates left or right, bullets, places, experience."""

from __future__ import annotations

from datetime import date

import pytest

from talentmatch.models.resume import EntryIssue, Position
from talentmatch.parsing import parse_resume
from talentmatch.parsing.positions import employer_score, split_title_employer, title_score


def _positions(body: str) -> list[Position]:
    return list(parse_resume("Jo Roe\njo@example.com\n\nEXPERIENCE\n" + body).positions)


def _pair(position: Position) -> tuple[str | None, str | None]:
    return (
        position.title.text if position.title else None,
        position.employer.text if position.employer else None,
    )


@pytest.mark.parametrize(
    ("body", "title", "employer"),
    [
        ("Staff Nurse, Harbor Clinic    Jan 2020 – Present\n", "Staff Nurse", "Harbor Clinic"),
        ("Harbor Clinic — Staff Nurse\nJan 2020 – Present\n", "Staff Nurse", "Harbor Clinic"),
        ("Staff Nurse at Harbor Clinic | Jan 2020 – Present\n", "Staff Nurse", "Harbor Clinic"),
        ("Staff Nurse @ Harbor Clinic, 2019 - 2021\n", "Staff Nurse", "Harbor Clinic"),
        ("Staff Nurse\nHarbor Clinic\nJan 2020 – Present\n", "Staff Nurse", "Harbor Clinic"),
        ("Harbor Clinic\nStaff Nurse    Jan 2020 – Present\n", "Staff Nurse", "Harbor Clinic"),
        ("Jan 2020 – Present    Staff Nurse, Harbor Clinic\n", "Staff Nurse", "Harbor Clinic"),
        (
            "HARBOR CLINIC | Staff Nurse\nJan 2020 - Present | Leeds, UK\n",
            "Staff Nurse",
            "HARBOR CLINIC",
        ),
        ("2019 – 2021\nStaff Nurse\nHarbor Clinic\n", "Staff Nurse", "Harbor Clinic"),
        (
            "Ingénieure logiciel chez Groupe Valmont SA | 2019 – 2021\n",
            "Ingénieure logiciel",
            "Groupe Valmont SA",
        ),
        (
            "Softwareentwicklerin bei Müller GmbH, 2019 – 2021\n",
            "Softwareentwicklerin",
            "Müller GmbH",
        ),
        (
            "Analista de datos en Banco del Sur    2019 – 2021\n",
            "Analista de datos",
            "Banco del Sur",
        ),
    ],
)
def test_title_and_employer_layouts(body: str, title: str, employer: str) -> None:
    positions = _positions(body)
    assert len(positions) == 1
    assert _pair(positions[0]) == (title, employer)


def test_section_habit_decides_ambiguous_entries() -> None:
    # "Northwind | Falcon" says nothing by itself; the other entries put the employer first.
    body = (
        "Acme Logistics GmbH | Warehouse Manager\n2019 - 2021\n\n"
        "Beta Foods Inc. | Shift Supervisor\n2017 - 2019\n\n"
        "Northwind | Falcon\n2015 - 2017\n"
    )
    positions = _positions(body)
    assert [_pair(p) for p in positions][-1] == ("Falcon", "Northwind")


def test_places_are_taken_out_of_the_employer() -> None:
    body = (
        "Acme Corp  Berlin, Germany\nBackend Engineer  Mar 2021 - Present\n- Built APIs\n\n"
        "Beta Health Mountain View, CA\nData Analyst  2018 - 2021\n"
    )
    positions = _positions(body)
    assert [_pair(p) for p in positions] == [
        ("Backend Engineer", "Acme Corp"),
        ("Data Analyst", "Beta Health"),
    ]
    assert [p.location.text if p.location else None for p in positions] == [
        "Berlin, Germany",
        "Mountain View, CA",
    ]


def test_bullets_attach_to_their_position_and_keep_wrapped_lines() -> None:
    body = (
        "Cook, Cafe Uno    2019 - 2021\n"
        "• Prepared 200 covers a night for a busy\n  city-centre restaurant.\n"
        "• Trained two apprentices in 2020.\n"
        "Chef, Bistro Due    2016 - 2019\n"
        "• Ran the pastry section.\n"
    )
    first, second = _positions(body)
    assert [d.text for d in first.description] == [
        "Prepared 200 covers a night for a busy\n  city-centre restaurant.",
        "Trained two apprentices in 2020.",
    ]
    assert [d.text for d in second.description] == ["Ran the pastry section."]


def test_dates_inside_bullets_do_not_open_positions() -> None:
    body = "Clerk, City Hall    2015 - 2020\n- Digitised the 2000 archive boxes in 2018\n"
    positions = _positions(body)
    assert len(positions) == 1
    assert positions[0].start is not None
    assert positions[0].start.year == 2015


def test_promotions_under_one_employer_share_it() -> None:
    body = (
        "Harbor Clinic\nCharge Nurse    2020 - Present\n- Led a ward\nStaff Nurse    2016 - 2020\n"
    )
    positions = _positions(body)
    assert [_pair(p) for p in positions] == [
        ("Charge Nurse", "Harbor Clinic"),
        ("Staff Nurse", "Harbor Clinic"),
    ]


def test_every_field_points_at_its_evidence() -> None:
    resume = parse_resume("EXPERIENCE\nCook, Cafe Uno  Mar 2019 – Jun 2021\n• Fed the city\n")
    text = resume.document.text
    (position,) = resume.positions
    assert position.title is not None
    assert position.employer is not None
    assert position.date_text is not None
    assert position.title.span.slice(text) == position.title.text == "Cook"
    assert position.employer.span.slice(text) == "Cafe Uno"
    assert position.date_text.span.slice(text) == "Mar 2019 – Jun 2021"
    assert position.description[0].span.slice(text) == "Fed the city"
    assert position.span.slice(text).startswith("Cook")
    assert resume.sections[position.section_index or 0].kind.value == "experience"


def test_end_before_start_is_flagged_and_not_counted() -> None:
    resume = parse_resume("EXPERIENCE\nCook, Cafe Uno  2021 - 2019\nChef, Bistro  2015 - 2016\n")
    cook, _ = resume.positions
    assert EntryIssue.END_BEFORE_START in cook.issues
    assert cook.month_interval(None) is None
    assert resume.total_experience_months == 12


def test_experience_merges_overlaps_and_uses_the_reference_date() -> None:
    text = (
        "EXPERIENCE\n"
        "Nurse, Harbor Clinic    Jan 2020 - Present\n"
        "Tutor, Night School     Jun 2020 - Dec 2020\n"
        "Aide, City Hospital     Jan 2018 - Dec 2018\n"
    )
    resume = parse_resume(text, as_of=date(2021, 12, 31))
    # Jan 2020 - Dec 2021 (24 months, the tutoring overlaps it) + 12 months in 2018.
    assert resume.total_experience_months == 36
    assert resume.experience_months(date(2020, 12, 1)) == 24
    # Without as_of, open positions run to the latest date written: Dec 2020 here.
    assert parse_resume(text).total_experience_months == 24


def test_year_only_ranges_count_whole_years() -> None:
    resume = parse_resume("EXPERIENCE\nWelder, Northline    2016 - 2020\n")
    assert resume.total_experience_months == 48


def test_scores() -> None:
    assert title_score("Senior Data Analyst") > 0
    assert title_score("Projektleiterin") > 0
    assert employer_score("Clínica San Rafael") > 0
    assert employer_score("Pinecrest Capital LLC") >= 3
    assert split_title_employer(["Acme GmbH", "Warehouse Manager"]) == (1, 0)
    assert split_title_employer(["Warehouse Manager"]) == (0, None)
    assert split_title_employer(["Acme GmbH"]) == (None, 0)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Google (2019 – Present)\nSoftware Engineer\n- Built things\n"
            "Meta (2016 – 2019)\nSoftware Engineer II\n",
            [("Software Engineer", "Google", None), ("Software Engineer II", "Meta", None)],
        ),
        (
            "Software Engineer | Google | Mountain View, CA | 2019 – Present\n• Did x\n"
            "Intern | Meta | Menlo Park, CA | Jun 2018 – Aug 2018\n",
            [
                ("Software Engineer", "Google", "Mountain View, CA"),
                ("Intern", "Meta", "Menlo Park, CA"),
            ],
        ),
        (
            "Senior Accountant                                         2019 - Present\n"
            "Deloitte LLP, New York, NY\n● Managed audits\n\n"
            "Accountant                                                2016 - 2019\n"
            "KPMG, Boston, MA\n● Prepared statements\n",
            [
                ("Senior Accountant", "Deloitte LLP", "New York, NY"),
                ("Accountant", "KPMG", "Boston, MA"),
            ],
        ),
        (
            "ACME CORPORATION, Dallas, TX                      June 2018 – Present\n"
            "Senior Accountant\n• Prepared the monthly close\n",
            [("Senior Accountant", "ACME CORPORATION", "Dallas, TX")],
        ),
        (
            "Teacher at Lincoln Elementary School, Chicago, IL (Aug 2015 - Jun 2020)\n",
            [("Teacher", "Lincoln Elementary School", "Chicago, IL")],
        ),
        (
            "Acme Corp\nSenior Data Engineer\nMarch 2021 - Present (3 years 2 months)\n"
            "San Francisco, California, United States\nBuilt the streaming platform.\n"
            "Beta Inc\nData Engineer\nJune 2018 - February 2021 (2 years 9 months)\n"
            "Migrated 200 ETL jobs to Airflow.\n"
            "Gamma Analytics\nData Analyst\n2016 - 2018 (2 years)\n",
            [
                ("Senior Data Engineer", "Acme Corp", "San Francisco, California, United States"),
                ("Data Engineer", "Beta Inc", None),
                ("Data Analyst", "Gamma Analytics", None),
            ],
        ),
        (
            # The skills line under "Title, Company  dates" is no employer.
            "Backend Engineer, Acme  2018 - 2023\nPython, Django\n",
            [("Backend Engineer", "Acme", None)],
        ),
    ],
)
def test_common_real_world_layouts(body: str, expected: list[tuple[str, str, str | None]]) -> None:
    got = [(*_pair(p), p.location.text if p.location else None) for p in _positions(body)]
    assert got == expected
