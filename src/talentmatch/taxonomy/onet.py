"""Load O*NET Technology Skills (``technology_skills.txt``, tab-separated).

Each distinct ``Example`` becomes a ``tool`` concept: id ``onet:<slug>``, category the
``Commodity Title``, ``source_id`` the ``Commodity Code``, flags ``hot_technology`` and
``in_demand`` when any occupation row marks them "Y". Examples are vendor-qualified product
names, so the loader also derives the forms people write: the acronym in "Google Compute
Engine (GCE)" or "Dynamic host configuration protocol DHCP", the product without a well-known
vendor ("Microsoft Excel" -> "Excel", "Atlassian JIRA" -> "JIRA"), and the name without a
trailing "software". Derived one-word forms that are English words ("Word", "Project") are
treated as ambiguous by the matcher.

Example:
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "technology_skills.txt"
    >>> header = "O*NET-SOC Code\\tExample\\tCommodity Code\\tCommodity Title\\t"
    >>> header += "Hot Technology\\tIn Demand\\n"
    >>> row = "15-1252.00\\tAtlassian JIRA\\t43232201\\tContent workflow software\\tY\\tN\\n"
    >>> _ = f.write_text(header + row)
    >>> c = load_onet(f).concept("onet:atlassian_jira")
    >>> c.aliases, c.flags
    (('JIRA',), ('hot_technology',))
"""

from __future__ import annotations

import csv
import re
from os import PathLike, fspath
from pathlib import Path

from pydantic import ValidationError

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import Concept
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.tabular import slugify

__all__ = ["VENDORS", "derived_aliases", "load_onet"]

VENDORS: frozenset[str] = frozenset(
    {
        "adobe", "alteryx", "amazon", "apache", "apple", "atlassian", "autodesk", "aws",
        "bentley", "cisco", "citrix", "cloudera", "corel", "dassault", "dell", "eclipse",
        "elastic", "epic", "esri", "facebook", "github", "gitlab", "google", "hp", "ibm",
        "informatica", "intel", "intuit", "jetbrains", "meta", "micro focus", "microsoft",
        "mozilla", "nvidia", "oracle", "qlik", "red hat", "sage", "salesforce", "sap",
        "siemens", "tableau", "teradata", "tibco", "trimble", "vmware", "the mathworks",
        "mathworks", "sas institute", "hashicorp", "mongodb", "docker", "jamf",
    }
)  # fmt: skip
"""Vendor names stripped from product names to derive the short form people write."""

_PAREN = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]{2,20})\)$")
_MINOR = frozenset({"and", "of", "for", "the", "to", "in", "on", "&"})


def _initials_match(words: list[str], acronym: str) -> bool:
    letters = [w[0].lower() for w in words if w.lower() not in _MINOR]
    return len(letters) >= len(acronym) and "".join(letters[-len(acronym) :]) == acronym.lower()


def derived_aliases(example: str) -> list[str]:
    """Short forms people write for an O*NET example name.

    Example:
        >>> derived_aliases("Dynamic host configuration protocol DHCP")
        ['DHCP', 'Dynamic host configuration protocol']
        >>> derived_aliases("Microsoft SQL Server"), derived_aliases("MAGIC software")
        (['SQL Server'], ['MAGIC'])
    """
    found: list[str] = []
    name = example.strip()
    paren = _PAREN.match(name)
    if paren:
        found.append(paren.group("short").strip())
        name = paren.group("name").strip()
        found.append(name)
    words = name.split()
    acronym = words[-1] if len(words) >= 3 else ""
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", acronym) and _initials_match(words[:-1], acronym):
        found.extend([acronym, " ".join(words[:-1])])
    base = found[-1] if found else name
    if base.lower().endswith(" software") and len(base.split()) > 1:
        base = base[: -len(" software")].strip()
        found.append(base)
    lowered = base.lower()
    for vendor in sorted(VENDORS, key=len, reverse=True):
        if lowered.startswith(vendor + " ") and len(base) > len(vendor) + 2:
            found.append(base[len(vendor) + 1 :].strip())
            break
    return [a for a in dict.fromkeys(found) if a and a.casefold() != example.casefold()]


def load_onet(path: str | PathLike[str], *, version: str | None = None) -> Taxonomy:
    """Load O*NET Technology Skills as a taxonomy named "onet".

    Args:
        path: ``technology_skills.txt`` (tab-separated, with its header), or its folder.
        version: O*NET release; default: read from the path ("onet-29.2") or "unknown".

    Returns:
        The taxonomy, one ``tool`` concept per distinct example, in file order.

    Raises:
        TaxonomyError: missing file or columns.
    """
    file = Path(fspath(path))
    if file.is_dir():
        file = file / "technology_skills.txt"
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except FileNotFoundError:
        raise TaxonomyError(f"No O*NET technology skills file at {file}.") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TaxonomyError(f"Cannot read {file.name} ({type(exc).__name__}).") from None
    required = {"Example", "Commodity Code", "Commodity Title"}
    if not rows or required - set(rows[0]):
        raise TaxonomyError(
            f"{file.name} must be O*NET Technology Skills with columns {sorted(required)}."
        )
    grouped: dict[str, dict[str, object]] = {}
    for row in rows:
        example = (row.get("Example") or "").strip()
        if not example:
            continue
        entry = grouped.setdefault(
            example,
            {"code": row["Commodity Code"].strip(), "title": row["Commodity Title"].strip(),
             "flags": set()},
        )  # fmt: skip
        flags = entry["flags"]
        assert isinstance(flags, set)
        if (row.get("Hot Technology") or "").strip() == "Y":
            flags.add("hot_technology")
        if (row.get("In Demand") or "").strip() == "Y":
            flags.add("in_demand")
    concepts: list[Concept] = []
    used: set[str] = set()
    for example, entry in grouped.items():
        concept_id = "onet:" + slugify(example)
        if concept_id in used:
            concept_id = f"{concept_id}_{entry['code']}"
        used.add(concept_id)
        flags = entry["flags"]
        assert isinstance(flags, set)
        try:
            concepts.append(
                Concept(
                    id=concept_id,
                    label=example,
                    type=ConceptType.TOOL,
                    category=str(entry["title"]),
                    aliases=tuple(derived_aliases(example)),
                    source="onet",
                    source_id=str(entry["code"]),
                    flags=tuple(sorted(flags)),
                )
            )
        except ValidationError as exc:
            raise TaxonomyError(f"O*NET example {example!r}: {exc.errors()[0]['msg']}.") from None
    match = re.search(r"onet[-_ ]?v?(\d+(?:\.\d+)+)", str(file), re.IGNORECASE)
    return Taxonomy(
        concepts, name="onet", version=version or (match.group(1) if match else "unknown")
    )
