"""Job-title normalisation and weighted title tokens.

Titles are compared as weighted token sets after normalisation: lower case, accents kept,
abbreviations expanded ("Sr." -> senior, "Mgr" -> manager, "SWE" -> software engineer),
role synonyms folded to one token (developer / programmer / engineer in software titles
all become "engineer"), and seniority words given a low weight so "Senior Nurse" and
"Nurse" are close while "Nurse" and "Engineer" are not.

Example:
    >>> normalize_title("Sr. Backend Developer (m/w/d)")
    'senior backend engineer'
    >>> title_tokens("Senior Registered Nurse")["nurse"]
    1.0
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["MODIFIER_WEIGHT", "normalize_title", "title_similarity", "title_tokens"]

MODIFIER_WEIGHT = 0.25
"""Weight of seniority and level words (senior, junior, lead, II, ...)."""

# Gender markers and filler that carry no meaning about the role.
_NOISE = re.compile(
    r"\((?:m|f|w|d|h|x|e)(?:\s*/\s*(?:m|f|w|d|h|x|e))+\)|\b(?:m|f|w|d)/(?:m|f|w|d)(?:/(?:m|f|w|d))?\b",
    re.I,
)
_TOKEN = re.compile(r"[^\W_]+(?:[+#.][^\W_]*)*", re.UNICODE)

_PHRASES: tuple[tuple[str, str], ...] = (
    ("full stack", "fullstack"),
    ("full-stack", "fullstack"),
    ("front end", "frontend"),
    ("front-end", "frontend"),
    ("back end", "backend"),
    ("back-end", "backend"),
    ("dev ops", "devops"),
    ("machine learning", "ml"),
    ("registered nurse", "registered nurse"),
    ("vice president", "vp"),
    ("human resources", "hr"),
    ("quality assurance", "qa"),
    ("site reliability", "sre"),
    ("customer service", "customer_service"),
    ("customer success", "customer_success"),
    ("data scientist", "data scientist"),
)

_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "sr": ("senior",),
    "snr": ("senior",),
    "jr": ("junior",),
    "jnr": ("junior",),
    "mgr": ("manager",),
    "mngr": ("manager",),
    "eng": ("engineer",),
    "engr": ("engineer",),
    "dev": ("engineer",),
    "swe": ("software", "engineer"),
    "sde": ("software", "engineer"),
    "asst": ("assistant",),
    "assoc": ("associate",),
    "admin": ("administrator",),
    "coord": ("coordinator",),
    "rn": ("nurse",),
    "lpn": ("nurse",),
    "cna": ("nursing", "assistant"),
    "acct": ("accountant",),
    "exec": ("executive",),
    "tech": ("technician",),
    "rep": ("representative",),
    "hr": ("hr",),
}

# Role words written differently for the same job.
_SYNONYMS: dict[str, str] = {
    "developer": "engineer",
    "programmer": "engineer",
    "engineering": "engineer",
    "développeur": "engineer",
    "developpeur": "engineer",
    "ingénieur": "engineer",
    "ingenieur": "engineer",
    "desarrollador": "engineer",
    "entwickler": "engineer",
    "softwareentwickler": "engineer",
    "desenvolvedor": "engineer",
    "nursing": "nurse",
    "infirmier": "nurse",
    "infirmière": "nurse",
    "enfermera": "nurse",
    "enfermero": "nurse",
    "krankenschwester": "nurse",
    "pflegefachkraft": "nurse",
    "enfermeiro": "nurse",
    "enfermeira": "nurse",
    "accounting": "accountant",
    "comptable": "accountant",
    "contador": "accountant",
    "buchhalter": "accountant",
    "teaching": "teacher",
    "enseignant": "teacher",
    "professeur": "teacher",
    "profesor": "teacher",
    "lehrer": "teacher",
    "professor": "teacher",
    "management": "manager",
    "gestionnaire": "manager",
    "gerente": "manager",
    "leiter": "manager",
    "analytics": "analyst",
    "analyste": "analyst",
    "analista": "analyst",
    "sales": "sales",
    "salesperson": "sales",
    "vendeur": "sales",
    "designing": "designer",
    "administration": "administrator",
    "consulting": "consultant",
    "technologist": "technician",
    "mechanic": "technician",
}

_MODIFIERS = frozenset(
    "senior junior lead principal staff head chief associate assistant trainee intern "
    "apprentice entry level i ii iii iv v vp mid experienced graduate jr sr deputy".split()
)
_STOP = frozenset(
    "of and the for in at to a an & - / with de des du la le et y e el und der die das "
    "para em".split()
)


def _fold_accents(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def normalize_title(title: str) -> str:
    """Return the normalised form of a job title (lower case, expanded, synonyms folded).

    Args:
        title: a job title as written.

    Returns:
        Space-separated normalised tokens; empty for an empty title.

    Example:
        >>> normalize_title("RN, ICU")
        'nurse icu'
    """
    text = _NOISE.sub(" ", _fold_accents(title).lower())
    for phrase, replacement in _PHRASES:
        text = text.replace(phrase, replacement)
    tokens: list[str] = []
    for raw in _TOKEN.findall(text):
        token = raw.strip(".")
        if not token or token in _STOP:
            continue
        expanded = _ABBREVIATIONS.get(token, (token,))
        for part in expanded:
            tokens.append(_SYNONYMS.get(part) or part)
    return " ".join(tokens)


@lru_cache(maxsize=65536)
def title_tokens(title: str) -> dict[str, float]:
    """Return ``{token: weight}`` for a title: role words 1.0, seniority words 0.25.

    Example:
        >>> title_tokens("Senior Data Analyst")
        {'senior': 0.25, 'data': 1.0, 'analyst': 1.0}
    """
    weights: dict[str, float] = {}
    for token in normalize_title(title).split():
        weights[token] = MODIFIER_WEIGHT if token in _MODIFIERS else 1.0
    return weights


def title_similarity(job_title: str, candidate_titles: tuple[str, ...], decay: float) -> float:
    """Weighted share of the job title's tokens found in the candidate's titles.

    The most recent title counts fully, each older one ``decay`` times less; a token's
    credit is the best over the titles that contain it. Symmetric synonyms are folded by
    ``normalize_title``. Used by tests as the reference for the vectorised scorer.

    Example:
        >>> title_similarity("Senior Backend Engineer", ("Backend Developer",), 0.8)
        0.8889
    """
    job = title_tokens(job_title)
    total = sum(job.values())
    if total == 0:
        return 0.0
    credit: dict[str, float] = {}
    factor = 1.0
    for title in candidate_titles:
        for token in title_tokens(title):
            if token in job:
                credit[token] = max(credit.get(token, 0.0), factor)
        factor *= decay
    return round(sum(job[t] * c for t, c in credit.items()) / total, 4)
