"""Section heading vocabulary in English, French, Spanish, German and Portuguese (and common
Chinese headings), and the classifier that maps a heading line to a ``SectionKind``.

A line is a heading by vocabulary when every word in it is either a heading word of some
kind ("experience", "formation", "Berufserfahrung") or a modifier that headings use
("professional", "relevant", "de", "und"), with at most six words. This accepts "Relevant
Work Experience" and "Expérience professionnelle" but not a job title such as "Experience
Designer", because "designer" is neither.

Example:
    >>> heading_kind("PROFESSIONAL EXPERIENCE:").value
    'experience'
    >>> heading_kind("Centres d'intérêt").value
    'interests'
    >>> heading_kind("Experience Designer") is None
    True
"""

from __future__ import annotations

import re

from talentmatch.models.resume import SectionKind
from talentmatch.parsing._normalise import words

__all__ = ["heading_kind", "is_rule", "strip_decoration"]

K = SectionKind

# Words that name a section, folded (lower case, no accents). The first such word in a
# heading decides its kind, except weak words ("work"), which decide only when alone.
_CORE: dict[SectionKind, tuple[str, ...]] = {
    K.EXPERIENCE: (
        "experience",
        "experiences",
        "employment",
        "employments",
        "career",
        "jobs",
        "internships",
        "internship",
        "research",
        "teaching",
        "positions",
        "appointments",
        "parcours",
        "emplois",
        "carriere",
        "stages",
        "experiencia",
        "experiencias",
        "trayectoria",
        "empleo",
        "empleos",
        "practicas",
        "berufserfahrung",
        "berufserfahrungen",
        "werdegang",
        "praxiserfahrung",
        "berufspraxis",
        "berufstatigkeit",
        "taetigkeiten",
        "tatigkeiten",
        "erfahrung",
        "arbeitserfahrung",
        "praktika",
        "experiencia",
        "historico",
        "carreira",
        "atuacao",
        "estagios",
    ),
    K.EDUCATION: (
        "education",
        "educational",
        "academic",
        "academics",
        "studies",
        "schooling",
        "degrees",
        "degree",
        "coursework",
        "courses",
        "training",
        "formation",
        "formations",
        "diplomes",
        "diplome",
        "etudes",
        "cursus",
        "scolarite",
        "formacion",
        "educacion",
        "estudios",
        "titulacion",
        "titulaciones",
        "academica",
        "ausbildung",
        "bildungsweg",
        "studium",
        "schulbildung",
        "bildung",
        "hochschulbildung",
        "schulausbildung",
        "formacao",
        "educacao",
        "escolaridade",
        "academico",
        "qualifications",
    ),
    K.SKILLS: (
        "skills",
        "skill",
        "competencies",
        "competences",
        "competence",
        "expertise",
        "technologies",
        "tools",
        "proficiencies",
        "abilities",
        "strengths",
        "toolbox",
        "stack",
        "savoir-faire",
        "outils",
        "informatique",
        "connaissances",
        "habilidades",
        "competencias",
        "conocimientos",
        "aptitudes",
        "destrezas",
        "herramientas",
        "informatica",
        "kenntnisse",
        "faehigkeiten",
        "fahigkeiten",
        "kompetenzen",
        "edv-kenntnisse",
        "it-kenntnisse",
        "conhecimentos",
        "ferramentas",
        "capacidades",
    ),
    K.SUMMARY: (
        "summary",
        "profile",
        "objective",
        "objectives",
        "overview",
        "introduction",
        "statement",
        "about",
        "profil",
        "resume",
        "objectif",
        "presentation",
        "synthese",
        "perfil",
        "resumen",
        "objetivo",
        "extracto",
        "presentacion",
        "kurzprofil",
        "zusammenfassung",
        "berufsziel",
        "zielsetzung",
        "resumo",
        "apresentacao",
    ),
    K.PROJECTS: (
        "projects",
        "project",
        "portfolio",
        "projets",
        "realisations",
        "proyectos",
        "projekte",
        "projekterfahrung",
        "projetos",
    ),
    K.CERTIFICATIONS: (
        "certifications",
        "certification",
        "certificates",
        "certificate",
        "licenses",
        "licences",
        "license",
        "licence",
        "credentials",
        "accreditations",
        "certificats",
        "habilitations",
        "certificaciones",
        "certificados",
        "licencias",
        "zertifikate",
        "zertifizierungen",
        "weiterbildung",
        "weiterbildungen",
        "certificacoes",
    ),
    K.LANGUAGES: (
        "languages",
        "language",
        "langues",
        "idiomas",
        "lenguas",
        "sprachen",
        "sprachkenntnisse",
        "fremdsprachen",
        "linguas",
    ),
    K.PUBLICATIONS: (
        "publications",
        "papers",
        "presentations",
        "talks",
        "patents",
        "publicaciones",
        "publikationen",
        "veroffentlichungen",
        "veroeffentlichungen",
        "publicacoes",
        "presentation",
    ),
    K.AWARDS: (
        "awards",
        "award",
        "honors",
        "honours",
        "achievements",
        "accomplishments",
        "prizes",
        "scholarships",
        "distinctions",
        "prix",
        "recompenses",
        "premios",
        "reconocimientos",
        "logros",
        "auszeichnungen",
        "preise",
        "premiacoes",
        "conquistas",
    ),
    K.VOLUNTEERING: (
        "volunteer",
        "volunteering",
        "benevolat",
        "associatif",
        "associative",
        "voluntariado",
        "ehrenamt",
        "ehrenamtliches",
        "voluntario",
    ),
    K.INTERESTS: (
        "interests",
        "hobbies",
        "hobby",
        "loisirs",
        "interets",
        "passions",
        "intereses",
        "aficiones",
        "pasatiempos",
        "interessen",
        "hobbys",
        "freizeit",
        "interesses",
    ),
    K.REFERENCES: ("references", "referees", "referencias", "referenzen"),
    K.OTHER: (
        "additional",
        "other",
        "contact",
        "leadership",
        "activities",
        "activity",
        "extracurricular",
        "memberships",
        "affiliations",
        "links",
        "divers",
        "activites",
        "otros",
        "datos",
        "sonstiges",
        "mitgliedschaften",
        "outros",
        "atividades",
        "actividades",
        "details",
        "information",
        "informations",
        "informacion",
        "informacoes",
        "complementaires",
    ),
}
_WEAK = frozenset(
    {
        "work",
        "about",
        "presentation",
        "training",
        "qualifications",
        "academic",
        "summary",
        "profile",
        "overview",
        "profil",
        "perfil",
    }
)

# Multi-word headings whose meaning differs from their words taken one by one.
_PHRASES: dict[str, SectionKind] = {
    "work": K.EXPERIENCE,
    "work history": K.EXPERIENCE,
    "employment history": K.EXPERIENCE,
    "career history": K.EXPERIENCE,
    "summary of qualifications": K.SUMMARY,
    "qualifications summary": K.SUMMARY,
    "highlights of qualifications": K.SUMMARY,
    "career highlights": K.SUMMARY,
    "career summary": K.SUMMARY,
    "career profile": K.SUMMARY,
    "career objective": K.SUMMARY,
    "executive summary": K.SUMMARY,
    "professional profile": K.SUMMARY,
    "profil professionnel": K.SUMMARY,
    "perfil profesional": K.SUMMARY,
    "perfil profissional": K.SUMMARY,
    "about me": K.SUMMARY,
    "a propos": K.SUMMARY,
    "a propos de moi": K.SUMMARY,
    "sobre mi": K.SUMMARY,
    "acerca de mi": K.SUMMARY,
    "sobre mim": K.SUMMARY,
    "uber mich": K.SUMMARY,
    "ueber mich": K.SUMMARY,
    "programming languages": K.SKILLS,
    "computer languages": K.SKILLS,
    "research interests": K.INTERESTS,
    "centres d'interet": K.INTERESTS,
    "centres d'interets": K.INTERESTS,
    "centre d'interet": K.INTERESTS,
    "vie associative": K.VOLUNTEERING,
    "engagement associatif": K.VOLUNTEERING,
    "community service": K.VOLUNTEERING,
    "community involvement": K.VOLUNTEERING,
    "trabalho voluntario": K.VOLUNTEERING,
    "schulischer werdegang": K.EDUCATION,
    "akademischer werdegang": K.EDUCATION,
    "professional development": K.EDUCATION,
    "personal details": K.OTHER,
    "personal information": K.OTHER,
    "persoenliche daten": K.OTHER,
    "personliche daten": K.OTHER,
    "datos personales": K.OTHER,
    "dados pessoais": K.OTHER,
}

# Words that modify a heading without naming a section ("Relevant", "professionnelle", "und").
_FILLER = frozenset(
    """
    professional relevant related selected key core technical other additional recent prior top
    previous industry computer programming software it my and of in the a an for with
    summary qualifications history background details information personal areas area
    experience education skills work employment career volunteer leadership honors
    extracurricular academic technical soft hard general main major select further highlights
    international domestic full-time part-time freelance consulting military teaching
    de d des du et la le les l en aux au professionnel professionnelle professionnels
    professionnelles principales principaux cles techniques complementaires personnelles
    autres academique academiques scolaire universitaire informatiques linguistiques
    del y e el los las con profesional profesionales laboral laborales academica academicas
    tecnicas tecnicos otros otras personales relevante relevantes complementaria
    complementarias adicional adicionales informaticos computacion computacao computadora
    ordenador
    und beruflicher berufliche beruflich akademischer akademische schulischer schulische
    weitere personliche persoenliche fachliche besondere sonstige zur zum meine mein
    praktische relevante
    do da dos das em profissional profissionais academicas tecnicas outras complementar
    complementares relevantes adicionais pessoais
    """.split()
)

_CJK: dict[str, SectionKind] = {
    "教育背景": K.EDUCATION,
    "教育经历": K.EDUCATION,
    "学历": K.EDUCATION,
    "工作经历": K.EXPERIENCE,
    "工作经验": K.EXPERIENCE,
    "工作背景": K.EXPERIENCE,
    "实习经历": K.EXPERIENCE,
    "职业经历": K.EXPERIENCE,
    "项目经验": K.PROJECTS,
    "项目经历": K.PROJECTS,
    "技能": K.SKILLS,
    "专业技能": K.SKILLS,
    "计算机技能": K.SKILLS,
    "技能特长": K.SKILLS,
    "语言能力": K.LANGUAGES,
    "语言技能": K.LANGUAGES,
    "语言": K.LANGUAGES,
    "个人简介": K.SUMMARY,
    "自我评价": K.SUMMARY,
    "个人总结": K.SUMMARY,
    "获奖情况": K.AWARDS,
    "荣誉奖项": K.AWARDS,
    "证书": K.CERTIFICATIONS,
    "个人兴趣": K.INTERESTS,
    "兴趣爱好": K.INTERESTS,
    "其他": K.OTHER,
    "发表论文": K.PUBLICATIONS,
    "论文": K.PUBLICATIONS,
}

_KIND_OF: dict[str, SectionKind] = {w: kind for kind, group in _CORE.items() for w in group}
_VOCABULARY = frozenset(_KIND_OF) | _FILLER
_LEADING = re.compile(r"^(?:[\W_]+|\d{1,2}(?:[.)]|\s)\s*|[ivx]{1,4}[.)]\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s.:\-–—_=|*#>·•]+)$")
_LETTER_SPACED = re.compile(r"^(?:\w\s){3,}\w(?:\s{2,}(?:\w\s)*\w)*$")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_CONJUNCTION = re.compile(r"[&/,+]|\b(?:and|et|y|e|und|i)\b", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-=_~*#━─═—–•·.]{3,}$")


def is_rule(text: str) -> bool:
    """True for a line drawn with dashes, equals signs or underscores ("--------").

    Example:
        >>> is_rule("==========")
        True
    """
    return bool(_RULE.match(text)) and sum(ch.isalnum() for ch in text) == 0


def strip_decoration(text: str) -> str:
    """Remove numbering, symbols, dot leaders and trailing colons around a heading.

    Example:
        >>> strip_decoration("== 2. Experience : ==")
        'Experience'
        >>> strip_decoration("E X P E R I E N C E")
        'EXPERIENCE'
    """
    text = _TRAILING.sub("", _LEADING.sub("", text.strip()))
    if _LETTER_SPACED.match(text):
        text = " ".join(part.replace(" ", "") for part in re.split(r"\s{2,}", text))
    return text


def heading_kind(text: str) -> SectionKind | None:
    """Return the kind of section ``text`` names when it reads as a heading, else None.

    Args:
        text: one line, possibly decorated ("EXPERIENCE:", "— Skills —", "2 教育背景").

    Returns:
        The section kind, or None when the line has words that headings do not use or more
        than six words.

    Example:
        >>> heading_kind("Formación académica").value
        'education'
        >>> heading_kind("Programming Languages").value
        'skills'
    """
    core = strip_decoration(text)
    if not core or len(core) > 60:
        return None
    if _CJK_CHAR.search(core):
        return _CJK.get(re.sub(r"\s+", "", core))
    tokens = words(core)
    if not tokens or len(tokens) > 6:
        return None
    phrase = _PHRASES.get(" ".join(tokens))
    if phrase is not None:
        return phrase
    if any(token not in _VOCABULARY for token in tokens):
        return None
    for start in range(len(tokens) - 1):
        kind = _PHRASES.get(" ".join(tokens[start : start + 2]))
        if kind is not None:
            return kind
    strong = [_KIND_OF[t] for t in tokens if t in _KIND_OF and t not in _WEAK]
    if len(set(strong)) > 1 and not _CONJUNCTION.search(core):
        # "Licence en informatique" names two kinds without "and": a degree, not a heading.
        return None
    if strong:
        return strong[0]
    weak = [_KIND_OF[t] for t in tokens if t in _KIND_OF]
    return weak[0] if weak else None
