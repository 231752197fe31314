"""Skill taxonomies: the ``Taxonomy`` model, the built-in taxonomy, loaders and the matcher.

``Taxonomy.builtin()`` is the taxonomy talentmatch ships (authored by the project);
``Taxonomy.from_esco``, ``from_onet``, ``from_csv`` and ``from_json`` load others;
``merge`` combines them and ``with_overrides`` fixes noisy aliases. ``Taxonomy.matcher`` is
the compiled alias matcher the offline extractor runs.

Example:
    >>> from talentmatch.taxonomy import Taxonomy
    >>> Taxonomy.builtin().lookup("Postgres")[0].label
    'PostgreSQL'
"""

from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy.concept import BUILTIN_CATEGORIES, Concept
from talentmatch.taxonomy.matcher import AliasMatcher, Ambiguity
from talentmatch.taxonomy.model import Taxonomy
from talentmatch.taxonomy.overrides import Override, Overrides, load_overrides

__all__ = [
    "BUILTIN_CATEGORIES",
    "AliasMatcher",
    "Ambiguity",
    "Concept",
    "ConceptType",
    "Override",
    "Overrides",
    "Taxonomy",
    "load_overrides",
]
