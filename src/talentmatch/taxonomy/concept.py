"""``Concept``: one skill of a taxonomy, with its surface forms and links.

Example:
    >>> c = Concept(id="tm:python", label="Python", type=ConceptType.TOOL, category="software",
    ...             aliases=("Python3",), broader=("tm:programming",))
    >>> c.surfaces()
    ('Python', 'Python3')
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from talentmatch.models.skills import ConceptType

__all__ = ["BUILTIN_CATEGORIES", "FLAGS", "Concept", "ConceptType"]

BUILTIN_CATEGORIES: tuple[str, ...] = (
    "software",
    "data",
    "cloud_devops",
    "design",
    "healthcare",
    "finance",
    "sales_marketing",
    "hr",
    "operations_logistics",
    "manufacturing_trades",
    "education",
    "legal",
    "hospitality_retail",
    "soft_skills",
    "languages",
    "certifications",
)
"""Categories of the built-in taxonomy. Loaded taxonomies may use any category string."""

FLAGS: tuple[str, ...] = ("in_demand", "hot_technology")
"""Known flags: O*NET's 'In Demand' and 'Hot Technology' markers."""

_ID = re.compile(r"^[a-z][a-z0-9_]*:\S+$")


class Concept(BaseModel):
    """A skill: stable id, preferred label, surface forms, type, category and links.

    ``aliases`` are matched anywhere; ``ambiguous`` surfaces (which may include the label)
    are matched only with supporting context (a skills list, neighbouring skills of the same
    field, capitalisation). ``broader`` and ``related`` hold ids of the same taxonomy.

    Example:
        >>> Concept(id="tm:go", label="Go", type="tool", category="software",
        ...         aliases=("Golang",), ambiguous=("Go",)).label_is_ambiguous
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="Stable id 'namespace:local', e.g. 'tm:python', 'esco:<uuid>'.")
    label: str = Field(min_length=1, description="Preferred label as people write it.")
    type: ConceptType = Field(description="Kind of skill.")
    category: str = Field(description="Category (built-in: one of BUILTIN_CATEGORIES).")
    aliases: tuple[str, ...] = Field(default=(), description="Other surface forms.")
    ambiguous: tuple[str, ...] = Field(
        default=(), description="Surface forms matched only with supporting context."
    )
    broader: tuple[str, ...] = Field(default=(), description="Ids of broader concepts.")
    related: tuple[str, ...] = Field(
        default=(), description="Ids of sibling concepts that earn partial credit in matching."
    )
    source: str = Field(
        default="talentmatch", description="Where it comes from: talentmatch, esco, onet, custom."
    )
    source_id: str | None = Field(
        default=None, description="Identifier in the source (ESCO URI, O*NET commodity code)."
    )
    flags: tuple[str, ...] = Field(default=(), description="Flags such as 'in_demand'.")

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"concept id {value!r} must look like 'namespace:local'")
        return value

    @field_validator("label")
    @classmethod
    def _label_clean(cls, value: str) -> str:
        cleaned = " ".join(value.split())
        if not cleaned:
            raise ValueError("label is blank")
        return cleaned

    @field_validator("aliases", "ambiguous")
    @classmethod
    def _surfaces_clean(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = (" ".join(alias.split()) for alias in value)
        return tuple(dict.fromkeys(alias for alias in cleaned if alias))

    @model_validator(mode="after")
    def _no_self_links(self) -> Concept:
        if self.id in self.broader or self.id in self.related:
            raise ValueError(f"concept {self.id} links to itself")
        return self

    @property
    def label_is_ambiguous(self) -> bool:
        """True when the preferred label itself needs context to be matched."""
        folded = self.label.casefold()
        return any(surface.casefold() == folded for surface in self.ambiguous)

    def surfaces(self) -> tuple[str, ...]:
        """Label, then aliases, then ambiguous forms, without duplicates.

        Example:
            >>> Concept(id="x:a", label="A", type="tool", category="c",
            ...         aliases=("B",), ambiguous=("A",)).surfaces()
            ('A', 'B')
        """
        seen: dict[str, str] = {}
        for surface in (self.label, *self.aliases, *self.ambiguous):
            seen.setdefault(surface.casefold(), surface)
        return tuple(seen.values())
