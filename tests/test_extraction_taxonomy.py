"""TaxonomyExtractor and extract_skills: spans, context rules, assertions, near misses."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentmatch.documents import load_document
from talentmatch.errors import DocumentTooLargeError, InputError
from talentmatch.extraction import TaxonomyExtractor, extract_skills
from talentmatch.models.skills import Assertion, MatchKind, SkillMention


def ids(text: str, **kw: object) -> list[str]:
    return [m.concept_id for m in extract_skills(text, **kw)]  # type: ignore[arg-type]


def by_id(text: str, **kw: object) -> dict[str, SkillMention]:
    return {m.concept_id: m for m in extract_skills(text, **kw)}  # type: ignore[arg-type]


def test_every_occurrence_points_at_its_text() -> None:
    text = "Built APIs in Python 3, Postgres, k8s and C#/.NET; JavaScript (JS) daily."
    mentions = extract_skills(text)
    assert [m.label for m in mentions][:4] == ["APIs", "Python", "PostgreSQL", "Kubernetes"]
    for mention in mentions:
        assert mention.source == "taxonomy"
        assert mention.taxonomy.startswith("talentmatch-")
        for occurrence in mention.occurrences:
            assert text[occurrence.span.start : occurrence.span.end] == occurrence.surface
    javascript = by_id(text)["tm:javascript"]
    assert [o.surface for o in javascript.occurrences] == ["JavaScript", "JS"]
    assert javascript.confidence > javascript.occurrences[0].confidence - 0.01


def test_names_with_punctuation_plurals_and_inflections() -> None:
    found = ids("C++, C#, .NET, Node.js, CI/CD, A/B testing, microservice, APIs, optimisation")
    for concept_id in ("tm:cpp", "tm:csharp", "tm:dotnet", "tm:nodejs", "tm:cicd",
                       "tm:ab_testing", "tm:microservices", "tm:apis"):  # fmt: skip
        assert concept_id in found
    assert "tm:c" not in found


def test_spans_include_versions_and_vendors_but_not_durations() -> None:
    mentions = by_id("Microsoft SQL Server 2019, Java 8, PHP 7.4, Angular 2+ and Python 5 years")
    assert mentions["tm:sql_server"].surface == "Microsoft SQL Server 2019"
    assert mentions["tm:java"].surface == "Java 8"
    assert mentions["tm:php"].surface == "PHP 7.4"
    assert mentions["tm:angular"].surface == "Angular 2+"
    assert mentions["tm:python"].surface == "Python"


def test_unicode_and_document_input_keep_offsets_and_pages() -> None:
    document = load_document("Résumé\nＰｙｔｈｏｎ・Kubernetes")
    mentions = extract_skills(document)
    python = next(m for m in mentions if m.concept_id == "tm:python")
    span = python.occurrences[0].span
    assert document.text[span.start : span.end] == "Ｐｙｔｈｏｎ"
    assert span.page == 1


# -- ambiguous short names: one test each, with and without supporting context ---------------


def test_go() -> None:
    assert "tm:go" in ids("Languages: Go, Python, Rust")
    assert "tm:go" in ids("We write services in Go and Python.")
    assert "tm:go" not in ids("Ready to go the extra mile with Python.")
    assert "tm:go" not in ids("Go-to-market strategy for Python tooling.")


def test_r() -> None:
    assert "tm:r" in ids("Skills: R, SQL, Python")
    assert "tm:r" not in ids("R&D lead for Python products")
    assert "tm:r" not in ids("Section R of the handbook")


def test_c() -> None:
    assert "tm:c" in ids("Programming: C, C++, Python")
    assert "tm:c" not in ids("C-level stakeholders and Python")
    assert "tm:c" not in ids("Grade C in chemistry")


def test_swift() -> None:
    assert "tm:swift" in ids("Built iOS apps in Swift and Objective-C.")
    assert "tm:swift" not in ids("A swift response to every customer.")


def test_rust() -> None:
    assert "tm:rust" in ids("Systems: Rust, C++, Go")
    assert "tm:rust" not in ids("Removed rust from old pipes in the plant.")


def test_ruby() -> None:
    assert "tm:ruby" in ids("Backend in Ruby, Python and PostgreSQL")
    assert "tm:ruby" not in ids("Ruby Chen\nAccountant")


def test_spring() -> None:
    assert "tm:spring" in ids("Java, Spring, Hibernate and Kafka")
    assert "tm:spring" not in ids("Graduated in Spring 2020 from State University.")


def test_excel_as_verb_or_product() -> None:
    assert "tm:microsoft_excel" in ids("Reporting with Excel and Power BI.")
    assert "tm:excel_analytics" in ids("Advanced Excel skills, pivot tables")
    assert "tm:microsoft_excel" not in ids("I excel in fast-paced teams.")
    assert "tm:microsoft_excel" not in ids("Excel at building relationships with clients.")


def test_word() -> None:
    assert "tm:microsoft_word" in ids("Tools: Word, Excel, PowerPoint")
    assert "tm:microsoft_word" not in ids("Word of mouth brought most customers.")


def test_access() -> None:
    assert "tm:ms_access" in ids("Databases: Access, SQL Server, MySQL")
    assert "tm:ms_access" not in ids("Access to the building was restricted.")


def test_sas() -> None:
    assert "tm:sas" in ids("Statistics with SAS, SPSS and R")
    assert "tm:sas" not in ids("Flew SAS to Copenhagen for the conference.")


def test_chef() -> None:
    assert "tm:chef" in ids("Configuration management with Chef, Ansible and Terraform")
    assert "tm:chef" not in ids("Worked as a chef in a busy restaurant kitchen.")


def test_puppet() -> None:
    assert "tm:puppet" in ids("Automation: Puppet, Ansible, Jenkins")
    assert "tm:puppet" not in ids("Performed a puppet show for the children.")


def test_lead() -> None:
    assert "tm:team_leadership" in ids("Summary\nServed as Team Lead for the payments squad.")
    assert "tm:team_leadership" not in ids("I lead the weekly planning meeting.")


# -- assertions -------------------------------------------------------------------------------


def test_negated_and_aspirational_skills_are_not_claimed() -> None:
    text = "Strong Python; no experience with Java or Kotlin, but willing to learn Rust."
    assert ids(text) == ["tm:python"]
    everything = by_id(text, keep_unclaimed=True)
    assert everything["tm:java"].negated
    assert not everything["tm:java"].claimed
    assert everything["tm:kotlin"].negated
    assert everything["tm:rust"].aspirational
    assert everything["tm:java"].occurrences[0].assertion is Assertion.NEGATED


def test_job_titles_name_roles_rather_than_claims() -> None:
    text = "Senior Java Developer\nWe need Kubernetes and Terraform skills."
    assert ids(text) == ["tm:kubernetes", "tm:terraform"]
    kept = by_id(text, keep_unclaimed=True)
    assert kept["tm:java"].role_only


def test_equal_opportunity_statements_hold_no_skills() -> None:
    text = (
        "Python required.\nWe are an equal opportunity employer and value diversity and inclusion."
    )
    assert ids(text) == ["tm:python"]


def test_application_language_is_not_a_skill() -> None:
    assert "tm:lang_en" not in ids("Please send your application in English.")
    assert "tm:lang_en" in ids("Fluent English and German are required.")


def test_a_language_after_a_proficiency_cue_is_a_skill_even_before_a_capitalised_word() -> None:
    # Text without punctuation (a flattened PDF, a scraped posting) runs sentences together.
    assert "tm:lang_en" in ids("Fluency in English Job benefits: free parking")
    assert "tm:lang_en" in ids("Team player Fluent in English Good to have: Docker")
    # Without a cue, a language name before a capitalised noun is an adjective of a name.
    assert "tm:lang_en" not in ids("We partner with English Heritage on archives.")
    assert "tm:lang_da" not in ids("We collaborate with Danish Universities.")


# -- near misses --------------------------------------------------------------------------------


def test_misspellings_next_to_skills_are_found_as_fuzzy() -> None:
    mentions = by_id("Skills: Python, Javscript, Kubernates, Java Script")
    assert mentions["tm:javascript"].occurrences[0].match is MatchKind.FUZZY
    assert mentions["tm:kubernetes"].occurrences[0].surface == "Kubernates"
    assert mentions["tm:javascript"].confidence < 0.8


def test_no_fuzzy_matching_in_ordinary_prose() -> None:
    assert ids("The talent team was testing the leading candidates.") == []


# -- resumes: sections, positions, months used ----------------------------------------------


class FakeDate:
    def __init__(self, year: int, month: int | None = None) -> None:
        self.year, self.month = year, month


class FakeSpan:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


class FakeSection:
    def __init__(self, kind: str, start: int, end: int) -> None:
        from talentmatch.models.document import Span

        self.kind, self.span = kind, Span(start=start, end=end)


class FakePosition:
    def __init__(self, start: int, end: int, begin: FakeDate, finish: FakeDate | None,
                 current: bool = False) -> None:  # fmt: skip
        from talentmatch.models.document import Span

        self.span = Span(start=start, end=end)
        self.start, self.end, self.current = begin, finish, current


class FakeResume:
    def __init__(self, text: str) -> None:
        self.document = load_document(text)
        t = self.document.text
        jobs = t.index("EXPERIENCE")
        second = t.index("Data Engineer")
        skills = t.index("SKILLS")
        self.sections = [
            FakeSection("experience", jobs, skills),
            FakeSection("skills", skills, len(t)),
        ]
        self.positions = [
            FakePosition(jobs, second, FakeDate(2018, 1), FakeDate(2020, 12)),
            FakePosition(second, skills, FakeDate(2020, 6), None, current=True),
        ]


RESUME = (
    "EXPERIENCE\nBackend Engineer, Acme (2018-2020)\nBuilt services in Python and Kafka.\n"
    "Data Engineer, Beta (2020-now)\nPipelines in Python, Airflow and Spark.\n"
    "SKILLS\nPython, Kafka, Airflow, Spark, Terraform, Go\n"
)


def test_resume_sections_positions_and_months_used() -> None:
    mentions = by_id(FakeResume(RESUME), as_of=date(2021, 5, 1))
    python = mentions["tm:python"]
    # 2018-01 .. 2020-12 and 2020-06 .. now (2021-05), overlap counted once: 41 months.
    assert python.months_used == 41
    assert python.last_used == "2021-05"
    assert python.position_indices == (0, 1)
    assert set(python.section_kinds) == {"experience", "skills"}
    kafka = mentions["tm:kafka"]
    assert kafka.months_used == 36
    assert kafka.last_used == "2020-12"
    terraform = mentions["tm:terraform"]
    assert terraform.skills_section_only
    assert terraform.months_used is None
    assert "tm:go" in mentions  # a skills section is context for "Go"


def test_resume_from_the_parser_gets_months() -> None:
    from talentmatch.parsing import parse_resume

    resume = parse_resume(
        "Jane Roe\njane@example.com\n\nEXPERIENCE\nSoftware Engineer, Acme Corp\n"
        "Jan 2019 - Dec 2020\n- Built payment services in Python and PostgreSQL\n\n"
        "SKILLS\nPython, PostgreSQL, Terraform\n"
    )
    mentions = by_id(resume, as_of=date(2024, 1, 1))
    assert mentions["tm:python"].months_used == 24
    assert mentions["tm:terraform"].skills_section_only


# -- inputs, limits, determinism ------------------------------------------------------------


def test_bad_inputs_raise_typed_errors() -> None:
    with pytest.raises(InputError, match="Cannot extract"):
        extract_skills(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Taxonomy"):
        extract_skills("Python", taxonomy="builtin")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="as_of"):
        extract_skills("Python", as_of="2021-01-01")  # type: ignore[arg-type]
    from talentmatch.config import Limits

    with pytest.raises(DocumentTooLargeError):
        TaxonomyExtractor(limits=Limits(max_chars=10)).extract("Python " * 10)


def test_output_is_deterministic_and_serialisable() -> None:
    first = extract_skills(RESUME)
    second = extract_skills(RESUME)
    assert [m.model_dump_json() for m in first] == [m.model_dump_json() for m in second]
    again = SkillMention.model_validate_json(first[0].model_dump_json())
    assert again == first[0]


@given(st.text(alphabet=st.sampled_from(list("Go R C++ Python, k8s.\n-/&#Javscript")), max_size=80))
def test_spans_always_slice_the_input(text: str) -> None:
    for mention in extract_skills(text):
        assert mention.occurrences
        for occurrence in mention.occurrences:
            span = occurrence.span
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == occurrence.surface


def test_a_fresh_matcher_shared_by_threads_gives_the_same_answers() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from talentmatch.taxonomy import Taxonomy

    builtin = Taxonomy.builtin()
    fresh = Taxonomy(builtin.concepts, name="copy", version="1")  # its matcher builds lazily
    extractor = TaxonomyExtractor(fresh)
    texts = [RESUME, "Go, Rust, k8s and Terraform", "Kafka Streams on Kubernetes", RESUME] * 4
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(extractor.extract, texts))
    expected = [TaxonomyExtractor(builtin).extract(t) for t in texts]
    assert [[m.concept_id for m in r] for r in results] == [
        [m.concept_id for m in r] for r in expected
    ]
