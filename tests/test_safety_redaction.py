"""PII redaction: kinds, placeholders, the hidden mapping, offsets back to the original."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentmatch.errors import InputError
from talentmatch.safety.redaction import PIIKind, RedactionConfig, redact

RESUME = """Jane A. Roe
jane.roe@example.com | +1 (415) 555-0132 | linkedin.com/in/jane-roe
221B Baker Street, London NW1 6XE

Summary
Senior data engineer. Roe, Jane led the migration to Spark. Python, SQL, Node.js, ASP.NET.
Contact JANE ROE at jane.roe@example.com or https://janeroe.dev/portfolio.
"""


def test_every_kind_is_replaced_with_typed_placeholders() -> None:
    r = redact(RESUME, names=["Jane Roe"])
    for secret in ("jane.roe@example.com", "555-0132", "linkedin", "Baker Street", "Roe", "Jane"):
        assert secret not in r.text
    assert "[EMAIL_1]" in r.text
    assert "[PHONE_1]" in r.text
    assert "[URL_1]" in r.text
    assert "[URL_2]" in r.text
    assert "[ADDRESS_1]" in r.text
    assert r.text.startswith("[NAME]\n")
    assert r.counts == {"email": 2, "phone": 1, "url": 2, "address": 1, "name": 3}
    # Skills and technology names survive.
    for kept in ("Spark", "Python, SQL, Node.js, ASP.NET", "Senior data engineer"):
        assert kept in r.text


def test_same_value_same_placeholder() -> None:
    r = redact("a@x.org, A@X.org, b@x.org, +44 20 7946 0958 and +44 (0)20 7946 0958")
    assert r.text.count("[EMAIL_1]") == 2
    assert "[EMAIL_2]" in r.text
    assert r.counts["email"] == 3


def test_mapping_is_never_in_repr_or_json() -> None:
    r = redact(RESUME, names=["Jane Roe"])
    assert r.mapping["[EMAIL_1]"] == "jane.roe@example.com"
    dumped = r.model_dump_json() + repr(r) + json.dumps(r.model_dump())
    assert "jane.roe@example.com" not in dumped
    assert "mapping" not in dumped


@pytest.mark.parametrize(
    "phone",
    [
        "+1 415 555 2671",
        "(415) 555-0132",
        "+44 20 7946 0958",
        "+33 6 12 34 56 78",
        "06 12 34 56 78",
        "+49 30 901820",
        "030 901820",
        "+34 612 34 56 78",
        "+351 912 345 678",
        "+55 11 91234-5678",
        "+91 98765 43210",
    ],
)
def test_international_phone_forms(phone: str) -> None:
    r = redact(f"Phone: {phone}.")
    assert r.text == "Phone: [PHONE_1].", r.text


@pytest.mark.parametrize(
    "address",
    [
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "221B Baker Street, London NW1 6XE",
        "42 Wallaby Way, Sydney",
        "12 bis, rue de la Paix, 75002 Paris",
        "Berliner Straße 12a, 10115 Berlin",
        "Hauptstr. 5, 80331 München",
        "Calle Mayor, 5, 28013 Madrid",
        "Rua Augusta, 120, 1100-053 Lisboa",
        "Av. Paulista, 1578, 01310-200 São Paulo",
    ],
)
def test_street_addresses_in_several_countries(address: str) -> None:
    r = redact(f"Address: {address}\nSkills: Python")
    assert r.counts["address"] == 1, r.text
    assert "Skills: Python" in r.text
    number = next(part for part in address.split() if part[0].isdigit())
    assert number not in r.text


@pytest.mark.parametrize(
    "prose",
    [
        "Worked 2015 - 2019 at Acme; 01/2018 - 12/2020 at Beta.",
        "Increased revenue by 25% to $1,200,000 in 2021 with a team of 12.",
        "ISO 27001, PCI DSS 3.2.1, AWS Certified (2022).",
        "Built services in Node.js, Vue.js, ASP.NET/MVC and .NET 8.",
        "Engineering 2019: led 3 Main projects; Monitoring 24/7.",
        "Senior system administrator, ranked first in class.",
        "Earned 5 Star reviews on 3 Street Fighter tournaments",
        "GPA 3.8/4.0, graduated 2014; 10+ years of experience.",
    ],
)
def test_resume_prose_is_left_alone(prose: str) -> None:
    r = redact(prose, config=RedactionConfig(kinds=frozenset(PIIKind) - {PIIKind.NAME}))
    assert r.text == prose
    assert sum(r.counts.values()) == 0


def test_names_full_reordered_and_parts_in_name_case() -> None:
    text = "Will Smith. Smith, Will will lead. WILL SMITH; W. Smith; will"
    r = redact(text, names=["Will Smith"])
    assert r.text == "[NAME]. [NAME] will lead. [NAME]; W. [NAME]; will"
    no_parts = redact(text, names=["Will Smith"], config=RedactionConfig(name_parts=False))
    assert no_parts.text == "[NAME]. [NAME] will lead. [NAME]; W. Smith; will"


def test_configurable_kinds() -> None:
    text = "x@y.org +1 415 555 2671"
    only_email = redact(text, config=RedactionConfig(kinds=frozenset({PIIKind.EMAIL})))
    assert only_email.text == "[EMAIL_1] +1 415 555 2671"


def test_offsets_map_quotes_back_to_the_original() -> None:
    r = redact(RESUME, names=["Jane Roe"])
    quote = "[NAME] led the migration to Spark"
    start = r.text.index(quote)
    o_start, o_end = r.to_original(start, start + len(quote))
    assert RESUME[o_start:o_end] == "Roe, Jane led the migration to Spark"
    inside = r.text.index("[EMAIL_1]") + 3
    assert RESUME[slice(*r.to_original(inside, inside + 2))] == "jane.roe@example.com"
    with pytest.raises(InputError):
        r.to_original(5, 2)


def test_restore_puts_values_back() -> None:
    r = redact("mail x@y.org or call +44 20 7946 0958")
    assert r.restore(r.text) == "mail x@y.org or call +44 20 7946 0958"


def test_bad_arguments() -> None:
    with pytest.raises(InputError):
        redact(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        redact("text", names="Jane Roe")


pieces = st.sampled_from(
    ["Python ", "jane@x.org ", "+44 20 7946 0958 ", "Jane ", "Roe ", "github.com/jr ", "\n", "é"]
)


@given(st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=20).map("".join))
def test_offset_mapping_is_consistent(text: str) -> None:
    r = redact(text, names=["Jane Roe"])
    assert r.to_original(0, len(r.text)) == (0, len(text))
    cursor_red = cursor_orig = 0
    for rep in r.replacements:
        assert r.text[cursor_red : rep.start] == text[cursor_orig : rep.original_start]
        assert r.text[rep.start : rep.end] == rep.placeholder
        assert r.to_original(rep.start, rep.end) == (rep.original_start, rep.original_end)
        cursor_red, cursor_orig = rep.end, rep.original_end
    assert r.text[cursor_red:] == text[cursor_orig:]
    assert r.restore(r.text) == text or len(r.mapping) < len(r.replacements)
