"""ESCO and O*NET loaders, on synthetic files and on the real downloads in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentmatch.errors import TaxonomyError
from talentmatch.models.skills import ConceptType
from talentmatch.taxonomy import Taxonomy
from talentmatch.taxonomy.onet import derived_aliases
from tests.conftest import shared

ESCO_HEADER = "conceptUri,preferredLabel,altLabels,skillType,reuseLevel\n"
SKILL = "http://data.europa.eu/esco/skill/"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_esco_full_file_layout_with_newline_alt_labels_and_relations(tmp_path: Path) -> None:
    write(
        tmp_path,
        "skills_en.csv",
        ESCO_HEADER + f'{SKILL}py,Python (computer programming),"Python 3K\nPython scripting",'
        "knowledge,sector-specific\n"
        + f"{SKILL}js,JavaScript,Mocha | Client-side JavaScript,knowledge,sector-specific\n"
        + f"{SKILL}lead,lead a team,,skill/competence,transversal\n",
    )
    write(
        tmp_path,
        "skillGroups_en.csv",
        "conceptUri,preferredLabel\nhttp://data.europa.eu/esco/isced-f/0613,computer programming\n",
    )
    write(
        tmp_path,
        "broaderRelationsSkillPillar_en.csv",
        "conceptType,conceptUri,broaderType,broaderUri\n"
        f"KnowledgeSkillCompetence,{SKILL}py,SkillGroup,http://data.europa.eu/esco/isced-f/0613\n"
        f"KnowledgeSkillCompetence,{SKILL}js,SkillGroup,http://data.europa.eu/esco/isced-f/0613\n",
    )
    write(
        tmp_path,
        "skillSkillRelations_en.csv",
        "originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri\n"
        f"{SKILL}py,knowledge,optional,knowledge,{SKILL}js\n",
    )
    esco = Taxonomy.from_esco(tmp_path, version="9.9")
    python = esco.concept("esco:skill/py")
    assert python.aliases == ("Python 3K", "Python scripting", "Python")
    assert python.broader == ("esco:isced-f/0613",)
    assert python.category == "computer programming"
    assert python.related == ("esco:skill/js",)
    assert python.source == "esco"
    assert python.source_id == f"{SKILL}py"
    assert esco.concept("esco:isced-f/0613").flags == ("skill_group",)
    assert esco.lookup("computer programming") == []  # groups never match text
    assert esco.concept("esco:skill/lead").type is ConceptType.SOFT_SKILL
    assert "Mocha" not in esco.concept("esco:skill/js").aliases  # default clean-up
    raw = Taxonomy.from_esco(tmp_path / "skills_en.csv", overrides=None)
    assert "Mocha" in raw.concept("esco:skill/js").aliases
    assert esco.version == "9.9+overrides"
    assert raw.version == "unknown"


def test_esco_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="No ESCO"):
        Taxonomy.from_esco(tmp_path / "nowhere")
    with pytest.raises(TaxonomyError, match="neither"):
        Taxonomy.from_esco(tmp_path)
    write(tmp_path, "skills_en.csv", ESCO_HEADER)
    with pytest.raises(TaxonomyError, match="No ESCO skills"):
        Taxonomy.from_esco(tmp_path)
    (tmp_path / "skills_en.csv").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(TaxonomyError):
        Taxonomy.from_esco(tmp_path)


def test_esco_collections_from_shared_data() -> None:
    esco = Taxonomy.from_esco(shared("taxonomy", "esco-1.2.0"))
    assert esco.name == "esco"
    assert esco.version.startswith("1.2.0")
    skills = [c for c in esco.concepts if "skill_group" not in c.flags]
    assert len(skills) > 2000
    javascript = esco.lookup("JavaScript")[0]
    assert "Mocha" not in javascript.aliases
    haskell = esco.lookup("Haskell")[0]
    assert haskell.type is ConceptType.KNOWLEDGE
    assert haskell.broader
    languages = [c for c in skills if c.type is ConceptType.LANGUAGE]
    soft = [c for c in skills if c.type is ConceptType.SOFT_SKILL]
    assert len(languages) > 100
    assert len(soft) > 50
    assert any(c.related for c in skills)
    assert esco.lookup("Python")[0].label == "Python (computer programming)"


def test_onet_derived_aliases() -> None:
    assert derived_aliases("Google Compute Engine (GCE)") == ["GCE", "Google Compute Engine",
                                                             "Compute Engine"]  # fmt: skip
    assert derived_aliases("Microsoft Excel") == ["Excel"]
    assert derived_aliases("Atlassian JIRA") == ["JIRA"]
    assert derived_aliases("Python") == []


def test_onet_synthetic_file_and_errors(tmp_path: Path) -> None:
    file = write(
        tmp_path,
        "technology_skills.txt",
        "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n"
        "15-1252.00\tMicrosoft Excel\t43232110\tSpreadsheet software\tY\tN\n"
        "13-2011.00\tMicrosoft Excel\t43232110\tSpreadsheet software\tN\tY\n",
    )
    onet = Taxonomy.from_onet(tmp_path)
    excel = onet.concept("onet:microsoft_excel")
    assert excel.flags == ("hot_technology", "in_demand")
    assert excel.category == "Spreadsheet software"
    assert excel.source_id == "43232110"
    assert excel.type is ConceptType.TOOL
    assert excel.aliases == ("Excel",)
    assert len(onet) == 1
    with pytest.raises(TaxonomyError, match="No O\\*NET"):
        Taxonomy.from_onet(tmp_path / "missing.txt")
    wrong = write(tmp_path, "other.txt", "a\tb\n1\t2\n")
    with pytest.raises(TaxonomyError, match="columns"):
        Taxonomy.from_onet(wrong)
    del file


def test_onet_from_shared_data_and_merged_size() -> None:
    onet = Taxonomy.from_onet(shared("taxonomy", "onet-29.2", "technology_skills.txt"))
    assert onet.version == "29.2"
    assert len(onet) > 8000
    assert any("hot_technology" in c.flags for c in onet.concepts)
    jira = onet.get("onet:atlassian_jira")
    assert jira is not None
    assert "JIRA" in jira.aliases
    esco = Taxonomy.from_esco(shared("taxonomy", "esco-1.2.0"))
    merged = Taxonomy.builtin().merge(esco, onet)
    assert merged.matcher.size > 20_000
    # The built-in taxonomy comes first, so it wins the shared surface forms.
    assert merged.lookup("JavaScript")[0].id == "tm:javascript"
