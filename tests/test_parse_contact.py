"""Contact details: name with confidence, emails, phones in E.164, links, location."""

from __future__ import annotations

import pytest

from talentmatch.models.resume import LinkKind
from talentmatch.parsing import parse_resume


def _contact(header: str):  # type: ignore[no-untyped-def]
    return parse_resume(header + "\n\nEXPERIENCE\nCook, Cafe Uno  2019 - 2021\n").contact


@pytest.mark.parametrize(
    ("header", "e164", "region"),
    [
        ("Ana Lima\nPorto, Portugal\nana@example.com | 912 345 678", "+351912345678", "PT"),
        ("Jo Roe\nAustin, TX\n(202) 555-0143", "+12025550143", "US"),
        ("Léa Roux\nLyon, France\nTél : 06 12 34 56 78", "+33612345678", "FR"),
        ("Jan Vogt\nBremen, Deutschland\nTelefon: 0421 1234567", "+494211234567", "DE"),
        ("Kim Park\n(+82) 10-9030-1843", "+821090301843", "KR"),
        ("Ines Sol\n+34 612 34 56 78", "+34612345678", "ES"),
        ("Rui Alves\n0044 7700 900123", "+447700900123", "GB"),
    ],
)
def test_phones_to_e164_when_the_country_is_known(header: str, e164: str, region: str) -> None:
    contact = _contact(header)
    assert [p.e164 for p in contact.phones] == [e164]
    assert contact.phones[0].region == region


def test_no_e164_without_a_country() -> None:
    contact = _contact("Jo Roe\njo@example.com | 06 12 34 56 78")
    assert len(contact.phones) == 1
    assert contact.phones[0].e164 is None
    assert contact.phones[0].text.text == "06 12 34 56 78"


def test_date_ranges_are_not_phones() -> None:
    contact = _contact("Jo Roe\njo@example.com\n2018 - 2020 | 03/2019 - 05/2021")
    assert contact.phones == ()


def test_emails_links_and_handles() -> None:
    contact = _contact(
        "Jo Roe\nmailto:jo.roe+cv@example.co.uk | https://www.linkedin.com/in/jo-roe/ | "
        "github.com/joroe\nPortfolio: joroe.dev | GitHub: @jr-alt"
    )
    assert [e.text for e in contact.emails] == ["jo.roe+cv@example.co.uk"]
    assert [(link.kind, link.url) for link in contact.links] == [
        (LinkKind.LINKEDIN, "https://www.linkedin.com/in/jo-roe"),
        (LinkKind.GITHUB, "https://github.com/joroe"),
        (LinkKind.PORTFOLIO, "https://joroe.dev"),
        (LinkKind.GITHUB, "https://github.com/jr-alt"),
    ]


def test_name_and_location() -> None:
    contact = _contact("Maëlle Durand-Vidal\nIngénieure logiciel\nLyon, France\nm@example.fr")
    assert contact.name is not None
    assert contact.name.text == "Maëlle Durand-Vidal"
    assert contact.name_confidence >= 0.7
    assert contact.location is not None
    assert (contact.location.city, contact.location.country_code) == ("Lyon", "FR")


@pytest.mark.parametrize(
    "header",
    ["Senior Software Engineer\njo@example.com", "Curriculum Vitae\njo@example.com", "123 Main St"],
)
def test_no_name_is_better_than_a_wrong_one(header: str) -> None:
    assert _contact(header).name is None


def test_spans_point_at_the_text() -> None:
    resume = parse_resume("Ana Lima\nana@example.com | +351 912 345 678\n\nSKILLS\nExcel")
    text = resume.document.text
    contact = resume.contact
    assert contact.name is not None
    assert contact.name.span.slice(text) == "Ana Lima"
    assert contact.emails[0].span.slice(text) == "ana@example.com"
    assert contact.phones[0].text.span.slice(text) == "+351 912 345 678"
