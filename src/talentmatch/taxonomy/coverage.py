"""Coverage of a taxonomy per category, as a Markdown table for ``docs/taxonomy.md``.

Run ``python -m talentmatch.taxonomy.coverage`` to print the table of the built-in taxonomy;
``tests/test_taxonomy_docs.py`` checks that the documentation shows the current numbers.

Example:
    >>> from talentmatch.taxonomy import Taxonomy
    >>> coverage_markdown(Taxonomy.builtin()).splitlines()[0]
    '| category | concepts | surface forms | tools | in demand |'
"""

from __future__ import annotations

from talentmatch.taxonomy.model import Taxonomy

__all__ = ["coverage_markdown"]


def coverage_markdown(taxonomy: Taxonomy) -> str:
    """Markdown table: per category, concepts, surface forms, tools and in-demand flags.

    Args:
        taxonomy: any taxonomy.

    Returns:
        The table, categories sorted by name, with a total row.
    """
    rows: dict[str, list[int]] = {}
    for concept in taxonomy.concepts:
        row = rows.setdefault(concept.category, [0, 0, 0, 0])
        row[0] += 1
        row[1] += len(concept.surfaces())
        row[2] += concept.type.value == "tool"
        row[3] += "in_demand" in concept.flags
    lines = [
        "| category | concepts | surface forms | tools | in demand |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {a:,} | {b:,} | {c:,} | {d:,} |" for name, (a, b, c, d) in sorted(rows.items())
    ]
    totals = [sum(r[i] for r in rows.values()) for i in range(4)]
    lines.append("| **total** | **{:,}** | **{:,}** | **{:,}** | **{:,}** |".format(*totals))
    return "\n".join(lines)


if __name__ == "__main__":
    print(coverage_markdown(Taxonomy.builtin()))
