"""Turn experience entries into ``Position``s: title, employer, location, dates, bullets.

Header text is cut into parts at the separators resumes use ("Title, Company", "Company —
Title", "Title at Company", "COMPANY | Title", separate lines, a place at the end). Each
part is scored as a job title (title words in five languages, seniority words, German
compounds such as "Softwareentwickler") and as an employer (legal forms such as "GmbH" or
"S.A.", organisation words such as "Hospital", "Banco", "Groupe"). Where the scores cannot
tell, the section's own habit decides: the orientation that the confident entries of the
same section use, because one resume lays out all its entries the same way.

Example:
    >>> split_title_employer(["Senior Nurse", "Harbor Clinic"])
    (0, 1)
    >>> split_title_employer(["ACME CORP", "Software Engineer"])
    (1, 0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from talentmatch.models import Span
from talentmatch.models.resume import EntryIssue, PartialDate, Position, TextValue
from talentmatch.parsing._lines import Line
from talentmatch.parsing._normalise import fold, words
from talentmatch.parsing.entries import Entry, Fragment
from talentmatch.parsing.geography import city_words, country_code, is_place, read_location

__all__ = [
    "Part",
    "completes_position",
    "description_items",
    "employer_score",
    "header_parts",
    "positions_from",
    "split_title_employer",
    "title_score",
]

_TITLE_WORDS = """
engineer developer programmer manager director analyst consultant specialist coordinator
administrator assistant associate intern trainee apprentice officer executive president vp
ceo cto cfo coo cio founder cofounder co-founder owner lead head chief supervisor
representative rep agent advisor adviser architect designer scientist researcher teacher
professor lecturer instructor tutor nurse physician doctor surgeon pharmacist therapist
technician electrician plumber mechanic carpenter welder driver operator accountant auditor
bookkeeper clerk cashier receptionist secretary editor writer journalist reporter producer
artist photographer chef cook waiter waitress bartender barista attendant guard sergeant
lieutenant captain paralegal lawyer attorney counsel solicitor librarian counselor counsellor
coach trainer recruiter buyer planner strategist marketer salesperson fellow postdoc student
volunteer worker labourer laborer handler inspector estimator surveyor dispatcher controller
treasurer economist statistician mathematician biologist chemist physicist geologist
veterinarian dentist hygienist paramedic caregiver aide nanny housekeeper janitor custodian
foreman superintendent contributor member ambassador mentor tester devops sre swe sde
freelancer freelance contractor partner principal staff senior junior sr jr teaching
research ingenieur ingenieure developpeur developpeuse responsable directeur directrice
gerant gerante analyste consultante assistante stagiaire alternant alternante apprenti
apprentie charge chargee technicien technicienne infirmier infirmiere comptable vendeur
vendeuse conseiller conseillere enseignant enseignante professeur formateur formatrice
architecte chercheur chercheuse medecin pharmacien secretaire employe employee ouvrier
ouvriere cuisinier serveur serveuse redacteur redactrice juriste avocat avocate controleur
acheteur acheteuse gestionnaire coordinateur coordinatrice administrateur administratrice
adjoint adjointe operateur operatrice animateur animatrice educateur educatrice auxiliaire
fondateur fondatrice cofondateur specialiste expert experte ingeniero ingeniera
desarrollador desarrolladora programador programadora gerente jefe jefa analista consultor
consultora asistente becario becaria practicante tecnico tecnica enfermero enfermera medico
medica contador contadora contable vendedor vendedora asesor asesora profesora maestro
maestra docente investigador investigadora disenador disenadora arquitecto arquitecta
administrativo administrativa administrador administradora coordinador coordinadora
encargado encargada operario operaria cajero cajera camarero camarera cocinero cocinera
abogado abogada auditora especialista supervisora representante fundador fundadora socio
socia redactora periodista electricista mecanico conductor conductora recepcionista
secretario secretaria gestor gestora lider engenheiro engenheira desenvolvedor
desenvolvedora diretor diretora chefe estagiario estagiaria enfermeiro pesquisador
pesquisadora arquiteto arquiteta coordenador coordenadora operador operadora atendente
advogado advogada motorista eletricista cozinheiro garcom krankenschwester kaufmann
kauffrau azubi auszubildender auszubildende arzt arztin koch kochin vorstand inhaber
inhaberin geschaftsfuhrer geschaftsfuhrerin
""".split()

# German job titles are compounds ("Softwareentwickler", "Projektleiterin"): match endings.
_DE_ENDINGS = tuple(
    stem + gender
    for stem in (
        "entwickler",
        "ingenieur",
        "leiter",
        "manager",
        "berater",
        "analyst",
        "pfleger",
        "techniker",
        "elektroniker",
        "mechaniker",
        "buchhalter",
        "sachbearbeiter",
        "referent",
        "mitarbeiter",
        "assistent",
        "praktikant",
        "werkstudent",
        "lehrer",
        "dozent",
        "architekt",
        "designer",
        "gestalter",
        "wissenschaftler",
        "forscher",
        "apotheker",
        "verkaufer",
        "kellner",
        "fahrer",
        "monteur",
        "schlosser",
        "elektriker",
        "meister",
        "direktor",
        "controller",
        "redakteur",
        "journalist",
        "jurist",
        "spezialist",
        "koordinator",
        "administrator",
        "betreuer",
        "erzieher",
        "sekretar",
        "beauftragter",
        "engineer",
        "developer",
        "consultant",
    )
    for gender in ("", "in")
)

_LEGAL_FORMS = """
inc incorporated ltd limited llc llp lp plc corp corporation co company gmbh ag kg ohg ug
sa sas sasu sarl eurl srl sl slu spa bv nv oy pty pvt ltda eireli sae kk gbr mbh se
""".split()

_ORGANISATION_WORDS = """
university universite universidad universidade universitat universita college school
hospital hopital clinic clinique clinica klinikum klinik bank banque banco group groupe
grupo gruppe agency agence agencia ministry ministere ministerio council institute institut
instituto foundation fondation fundacion fundacao stiftung association verein laboratory
laboratories lab labs studio studios consulting conseil consultora consultoria solutions
systems technologies technology tecnologias technologie software services partners
associes asociados logistics logistik logistique energy energie energia media capital
holdings holding industries international global networks center centre centro zentrum
hotel restaurant cafe bakery backerei stadtwerke mairie ayuntamiento prefeitura gemeinde
stadt district army navy police government kanzlei cabinet atelier editions editorial
editora transports transportes transportadora construction constructora construtora
versicherung versicherungen assurance assurances seguros maschinenbau retail health
healthcare medical pharma pharmaceuticals motors airlines foods hospitality insurance
enterprises ventures corp. firm societe sociedad empresa unternehmen werke fabrik
manufacturing factory store stores shop supermarket department county city municipality
office bureau commission authority agency startup start-up inc. llc. ltd.
""".split()

_AT_WORDS = re.compile(r"\s+(?:at|@|chez|bei|na|no|em|en|in der|im)\s+(?=\S)", re.IGNORECASE)
_STRONG_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[–—-]+\s+|\t+|\s{3,}|\s+/\s+|;\s+")
_ALL_SPLIT = re.compile(_STRONG_SPLIT.pattern + r"|,\s+")


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(_TITLE_WORDS)


@dataclass(frozen=True, slots=True)
class Part:
    """A candidate value cut from the header, with its offsets.

    Example:
        >>> Part("Acme", 0, 4, 0, "start").separator
        'start'
    """

    text: str
    start: int
    end: int
    line: int
    separator: str  # what preceded it: "start", "line", ",", "|", "-", "at", "gap"


def title_score(text: str) -> int:
    """Score how much ``text`` reads like a job title (0 = not at all).

    Example:
        >>> title_score("Senior Softwareentwicklerin") > 0, title_score("Acme GmbH")
        (True, 0)
    """
    tokens = words(text)
    if not tokens:
        return 0
    titles = _title_set()
    score = 0
    if any(t in titles or (len(t) > 8 and t.endswith(_DE_ENDINGS)) for t in tokens):
        score += 2
    if any(t.endswith(_DE_ENDINGS) and t not in titles for t in tokens if len(t) <= 8):
        score += 1
    if any(fold(t.strip(".")) in _LEGAL_FORMS for t in text.split()[1:]):
        score -= 1
    return max(score, 0)


def employer_score(text: str) -> int:
    """Score how much ``text`` reads like an organisation name (0 = not at all).

    Example:
        >>> employer_score("Müller & Söhne GmbH") >= 3, employer_score("Data Analyst")
        (True, 0)
    """
    raw_tokens = text.split()
    if not raw_tokens:
        return 0
    score = 0
    if any(fold(t.strip(".,()")) in _LEGAL_FORMS for t in raw_tokens[1:]) or re.search(
        r"\b(?:S\.A\.|S\.L\.|S\.p\.A\.|Co\.|B\.V\.|N\.V\.)", text
    ):
        score += 3
    folded = words(text)
    if any(t in _ORGANISATION_WORDS for t in folded):
        score += 2
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters) and not title_score(text):
        score += 1
    if "&" in text or re.search(r"\.(?:com|io|org|net)\b", text):
        score += 1
    if title_score(text) >= 2:
        score -= 1
    return max(score, 0)


def split_title_employer(parts: list[str], prior: int = 0) -> tuple[int | None, int | None]:
    """Choose which parts are the title and the employer; return their indexes.

    Args:
        parts: candidate texts in reading order (places already removed).
        prior: the section's habit: >0 title first, <0 employer first, 0 unknown.

    Returns:
        ``(title index, employer index)``; either may be None.

    Example:
        >>> split_title_employer(["Harbor Clinic", "Charge Nurse"])
        (1, 0)
    """
    if not parts:
        return None, None
    titles = [title_score(p) for p in parts]
    employers = [employer_score(p) for p in parts]
    if len(parts) == 1:
        if employers[0] > titles[0]:
            return None, 0
        return 0, None
    best: tuple[int, int, int] | None = None
    for i in range(len(parts)):
        for j in range(len(parts)):
            if i == j:
                continue
            score = titles[i] - employers[i] + employers[j] - titles[j]
            # Neighbours and early parts are likelier than a title and company far apart.
            score_key = (score * 4 - abs(i - j) - min(i, j), 1 if (i < j) == (prior >= 0) else 0)
            if best is None or score_key > (best[0], best[1]):
                best = (score_key[0], score_key[1], i * 100 + j)
    assert best is not None
    return best[2] // 100, best[2] % 100


def _separator(mark: str) -> str:
    mark = mark.strip()
    if mark in {",", ";"}:
        return ","
    if not mark:
        return "gap"
    if mark in {"|", "•", "·", "/"}:
        return "|"
    return "-"


def _cut(fragments: list[Fragment], *, commas: bool) -> list[Part]:
    parts: list[Part] = []
    splitter = _ALL_SPLIT if commas else _STRONG_SPLIT
    for fragment in fragments:
        separator = "line" if parts else "start"
        pieces: list[tuple[int, int, str]] = []
        position = 0
        text = fragment.text
        for match in splitter.finditer(text):
            pieces.append((position, match.start(), separator))
            separator = _separator(match.group(0))
            position = match.end()
        pieces.append((position, len(text), separator))
        for lo, hi, sep in pieces:
            for sub_lo, sub_hi, sub_sep in _cut_at(text, lo, hi, sep):
                piece = _trim(text[sub_lo:sub_hi])
                if not piece:
                    continue
                local = sub_lo + text[sub_lo:sub_hi].index(piece)
                if _keeps_dot(piece) and text[local + len(piece) : local + len(piece) + 1] == ".":
                    piece += "."
                offset = fragment.start + local
                parts.append(Part(piece, offset, offset + len(piece), fragment.line, sub_sep))
    return _rejoin_legal_forms(parts)


def _trim(piece: str) -> str:
    """Strip separators and unbalanced brackets at the ends; keep "(KarrotPay)" whole."""
    piece = piece.strip(" .,;:|-–—\t")
    while piece.startswith("(") and ")" not in piece:
        piece = piece[1:].strip(" .,;:|-–—\t")
    while piece.endswith(")") and piece.count(")") > piece.count("("):
        piece = piece[:-1].strip(" .,;:|-–—\t")
    while piece.endswith(("(", "[")):
        piece = piece[:-1].strip(" .,;:|-–—\t")
    return piece


def _keeps_dot(piece: str) -> bool:
    """ "Acme Inc." and "Quimera S.L." keep their final dot; sentences do not."""
    last = piece.split()[-1] if piece.split() else ""
    return fold(last) in _LEGAL_FORMS or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last))


def header_parts(fragments: list[Fragment], document_text: str) -> tuple[list[Part], Part | None]:
    """Cut header fragments into parts and take out the place, if one is written.

    A place at the end of a line ("Acme Corp  Berlin, Germany") is taken first. Lines are
    then cut at bars, dashes and wide gaps; at commas only when the whole header is one
    line ("Title, Company, City"), because on a line of its own a comma belongs to the
    name ("R.O.K Cyber Command, MND").

    Returns:
        The remaining parts in reading order, and the place (or None).

    Example:
        >>> from talentmatch.parsing.entries import Fragment
        >>> text = "Acme Corp  Berlin, Germany"
        >>> parts, place = header_parts([Fragment(text, 0, len(text), 0)], text)
        >>> [p.text for p in parts], place.text
        (['Acme Corp'], 'Berlin, Germany')
    """
    kept, place = _strip_place(_join_wrapped(fragments, document_text), document_text)
    parts = _cut(kept, commas=len(kept) == 1)
    if place is None:
        parts, place = _take_location(parts, document_text)
    return parts, place


def _city_tail(text: str) -> int:
    tokens = text.split()
    if tokens and fold(tokens[-1].strip(".")) in _LEGAL_FORMS:
        return 0
    return city_words(text)


_OPEN_ENDING = re.compile(
    r"(?:[,&/+\-–]|\b(?:of|for|by|and|the|at|in|to|on|de|du|des|la|le|et|y|und|für|fur|"
    r"e|do|da|em|en|del|der|von|zur|zum))$",
    re.IGNORECASE,
)


def _join_wrapped(fragments: list[Fragment], document_text: str) -> list[Fragment]:
    """Rejoin a name wrapped onto the next line in a narrow column: the first line leaves a
    bracket open or ends with a joining word ("Software Maestro (funded by Korea",
    "University of")."""
    out: list[Fragment] = []
    for fragment in fragments:
        if out:
            last = out[-1]
            text = last.text
            unbalanced = any(text.count(o) > text.count(c) for o, c in ("()", "<>", "[]"))
            adjacent = (
                last.line != fragment.line and not document_text[last.end : fragment.start].strip()
            )
            if adjacent and (unbalanced or _OPEN_ENDING.search(text)):
                out[-1] = Fragment(
                    document_text[last.start : fragment.end],
                    last.start,
                    fragment.end,
                    last.line,
                    last.on_date_line or fragment.on_date_line,
                )
                continue
        out.append(fragment)
    return out


def _is_region(text: str) -> bool:
    """A state, province or region name: a known code or name, or one capitalised word."""
    text = text.strip()
    if read_location("x, " + text) is not None:
        return True
    return len(text.split()) == 1 and text[:1].isupper() and not any(c.isdigit() for c in text)


_LAST_SEPARATOR = re.compile(r".*(?:,\s+|\s[|•·–—-]\s|\t|\s{3,})", re.DOTALL)


def _city_start(head: str) -> int | None:
    """Where the city starts at the end of ``head`` ("Acme Corp Berlin", "Meta | Menlo
    Park"), or None when no word there can be one."""
    separator = _LAST_SEPARATOR.match(head)
    if separator is not None:
        segment = head[separator.end() :]
        words = segment.split()
        title_case = all(w[:1].isupper() and not w.isupper() for w in words if len(w) > 1)
        legal = any(fold(w.strip(".,")) in _LEGAL_FORMS for w in words)
        if 1 <= len(words) <= 2 and title_case and not legal and not employer_score(segment):
            return separator.end() + (len(segment) - len(segment.lstrip()))
    count = _city_tail(head)
    if count == 0 or count >= len(head.split()):
        return None
    return head.index(head.split()[-count], len(head.rsplit(None, count)[0]))


def _strip_place(fragments: list[Fragment], text: str) -> tuple[list[Fragment], Part | None]:
    """Remove a place from the last fragment that is one or ends with one."""
    for index in range(len(fragments) - 1, -1, -1):
        fragment = fragments[index]
        whole = fragment.text
        if is_place(whole):
            place = Part(whole, fragment.start, fragment.end, fragment.line, "line")
            return fragments[:index] + fragments[index + 1 :], place
        comma = whole.rfind(", ")
        if comma <= 0:
            continue
        tail = whole[comma + 2 :].strip(" .")
        if (
            not tail
            or len(tail.split()) > 4
            or (country_code(tail) is None and read_location("x, " + tail) is None)
        ):
            continue
        head = whole[:comma]
        region = head.rfind(", ")
        if (
            region > 0
            and country_code(tail) is not None
            and _is_region(head[region + 2 :])
            and _city_tail(head[:region])
        ):
            head = head[:region]  # "City, Region, Country": the city comes before the region
        city_start = _city_start(head)
        if city_start is None:
            continue
        rest = whole[:city_start].rstrip(" ,;|-–—\t")
        if not any(ch.isalpha() for ch in rest):
            continue
        end = fragment.start + comma + 2 + len(whole[comma + 2 :].rstrip(" ."))
        place = Part(
            text[fragment.start + city_start : end],
            fragment.start + city_start,
            end,
            fragment.line,
            ",",
        )
        shrunk = Fragment(
            rest, fragment.start, fragment.start + len(rest), fragment.line, fragment.on_date_line
        )
        return [*fragments[:index], shrunk, *fragments[index + 1 :]], place
    return fragments, None


def _cut_at(text: str, lo: int, hi: int, sep: str) -> list[tuple[int, int, str]]:
    """Split "Title at Company" once, only when what follows looks like a name.

    "at", "@", "chez" and "bei" split before any capitalised name; the ambiguous "en", "em",
    "na", "no", "im" (also "Técnico em Enfermagem") split only before an organisation.
    """
    match = _AT_WORDS.search(text, lo, hi)
    if match is None:
        return [(lo, hi, sep)]
    after = text[match.end() : hi].strip()
    word = match.group(0).strip().lower()
    if not after or not after[0].isupper():
        return [(lo, hi, sep)]
    if word not in {"at", "@", "chez", "bei"} and not (
        title_score(text[lo : match.start()]) and employer_score(after)
    ):
        return [(lo, hi, sep)]
    return [(lo, match.start(), sep), (match.end(), hi, "at")]


def _rejoin_legal_forms(parts: list[Part]) -> list[Part]:
    """Glue "Inc." or "Ltd" cut off by a comma back onto the name before it."""
    out: list[Part] = []
    for part in parts:
        if (
            out
            and part.separator == ","
            and part.line == out[-1].line
            and all(fold(t.strip(".")) in _LEGAL_FORMS for t in part.text.split())
        ):
            last = out[-1]
            out[-1] = Part(
                last.text + ", " + part.text, last.start, part.end, last.line, last.separator
            )
            continue
        out.append(part)
    return out


def _take_location(parts: list[Part], text: str) -> tuple[list[Part], Part | None]:
    """Remove a place from the parts: "Berlin, Germany", "Austin, TX", "Remote"."""
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if is_place(part.text) and len(part.text.split()) == 1:
            return parts[:index] + parts[index + 1 :], part
        is_region = (
            country_code(part.text) is not None or read_location("x, " + part.text) is not None
        )
        if index > 0 and part.separator == "," and is_region and len(part.text.split()) <= 4:
            previous = parts[index - 1]
            city_words = _city_tail(previous.text)
            if city_words == len(previous.text.split()) and index - 1 > 0:
                place = Part(
                    text[previous.start : part.end],
                    previous.start,
                    part.end,
                    previous.line,
                    previous.separator,
                )
                return parts[: index - 1] + parts[index + 1 :], place
            if 0 < city_words < len(previous.text.split()):
                head = previous.text.rsplit(None, city_words)[0]
                kept = Part(
                    head,
                    previous.start,
                    previous.start + len(head),
                    previous.line,
                    previous.separator,
                )
                city_start = previous.start + previous.text.index(
                    previous.text.split()[-city_words], len(head)
                )
                place = Part(text[city_start : part.end], city_start, part.end, previous.line, ",")
                return [*parts[: index - 1], kept, *parts[index + 1 :]], place
        if is_place(part.text) or (len(parts) > 1 and country_code(part.text) is not None):
            return parts[:index] + parts[index + 1 :], part
    return parts, None


def _text_value(document_text: str, part: Part | None) -> TextValue | None:
    if part is None:
        return None
    return TextValue(
        text=document_text[part.start : part.end], span=Span(start=part.start, end=part.end)
    )


@dataclass(slots=True)
class _Draft:
    entry: Entry
    parts: list[Part]
    place: Part | None
    title: int | None = None
    employer: int | None = None
    confident: int = 0  # >0 the title came first, <0 the employer came first


def positions_from(
    entries: list[Entry],
    document_text: str,
    *,
    section_index: int | None,
) -> list[Position]:
    """Build positions from a section's entries.

    Args:
        entries: from ``entries.segment``.
        document_text: ``Document.text`` (spans point into it).
        section_index: index of the enclosing section in ``Resume.sections``.

    Returns:
        One ``Position`` per entry that has a date or a title or an employer.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> from talentmatch.parsing.dates import find_date_ranges
        >>> from talentmatch.parsing.entries import segment
        >>> doc = load_document("Cook, Cafe Uno  2019 - 2021")
        >>> entries = segment(document_lines(doc), {0: find_date_ranges(doc.text)})
        >>> positions_from(entries, doc.text, section_index=None)[0].employer.text
        'Cafe Uno'
    """
    drafts: list[_Draft] = []
    for entry in entries:
        parts, place = header_parts(entry.header, document_text)
        drafts.append(_Draft(entry, parts, place))
    votes = 0
    for draft in drafts:
        if len(draft.parts) >= 2:
            texts = [p.text for p in draft.parts]
            title, employer = split_title_employer(texts)
            if title is not None and employer is not None:
                margin = (
                    title_score(texts[title])
                    - employer_score(texts[title])
                    + employer_score(texts[employer])
                    - title_score(texts[employer])
                )
                if margin > 0:
                    draft.confident = 1 if title < employer else -1
                    votes += draft.confident
    positions: list[Position] = []
    previous: _Draft | None = None
    for draft in drafts:
        texts = [p.text for p in draft.parts]
        draft.title, draft.employer = split_title_employer(texts, prior=votes)
        _inherit_employer(draft, previous)
        previous = draft
        position = _position(draft, document_text, section_index)
        if position is not None:
            positions.append(position)
    return positions


def _inherit_employer(draft: _Draft, previous: _Draft | None) -> None:
    """A promotion listed under one employer: a dated title line with no employer of its own
    takes the employer of the entry above it."""
    if previous is None or draft.employer is not None or previous.employer is None:
        return
    if draft.entry.above == 0 and draft.entry.layout_k > 0 and draft.title is not None:
        draft.parts.append(previous.parts[previous.employer])
        draft.employer = len(draft.parts) - 1


def _plausible_undated(draft: _Draft) -> bool:
    """An undated entry counts only when its header names a job or an organisation; a
    label ("Detailed achievements:") or a stray line does not."""
    header = draft.entry.header
    if not header or header[-1].text.rstrip().endswith(":"):
        return False
    return any(title_score(p.text) or employer_score(p.text) for p in draft.parts)


def _position(draft: _Draft, document_text: str, section_index: int | None) -> Position | None:
    entry = draft.entry
    title = draft.parts[draft.title] if draft.title is not None else None
    employer = draft.parts[draft.employer] if draft.employer is not None else None
    mention = entry.date
    if mention is None and title is None and employer is None:
        return None
    if mention is None and not _plausible_undated(draft):
        return None
    start: PartialDate | None = mention.first if mention else None
    end: PartialDate | None = mention.last if mention and not mention.current else None
    issues: list[EntryIssue] = []
    if start is None:
        issues.append(EntryIssue.NO_START_DATE)
    elif end is not None and end.sort_key() < start.sort_key():
        issues.append(EntryIssue.END_BEFORE_START)
    date_text = None
    if mention is not None:
        date_text = TextValue(
            text=document_text[mention.start : mention.end],
            span=Span(start=mention.start, end=mention.end),
        )
    page = entry.lines[0].page
    return Position(
        title=_text_value(document_text, title),
        employer=_text_value(document_text, employer),
        location=_text_value(document_text, draft.place),
        start=start,
        end=end,
        current=bool(mention and mention.current),
        date_text=date_text,
        description=description_items(entry.body, document_text),
        span=Span(start=entry.start, end=entry.end, page=page),
        section_index=section_index,
        issues=tuple(issues),
    )


def description_items(lines: list[Line], document_text: str) -> tuple[TextValue, ...]:
    """Bullets and description lines; a wrapped bullet's continuation lines join it.

    Example:
        >>> from talentmatch import load_document
        >>> from talentmatch.parsing._lines import document_lines
        >>> doc = load_document("• Led a team of\\nfive people.")
        >>> [d.text for d in description_items(document_lines(doc), doc.text)]
        ['Led a team of\\nfive people.']
    """
    spans: list[tuple[int, int, int | None]] = []
    previous_bullet = False
    for line in lines:
        continues = (
            spans
            and not line.bullet
            and previous_bullet
            and (line.text[:1].islower() or document_text[spans[-1][1] - 1] not in ".!?;:")
        )
        if continues:
            start, _, page = spans[-1]
            spans[-1] = (start, line.end, page)
            continue
        spans.append((line.body_start, line.end, line.page))
        previous_bullet = line.bullet
    return tuple(
        TextValue(text=document_text[start:end], span=Span(start=start, end=end, page=page))
        for start, end, page in spans
    )


def completes_position(text: str, header: list[Fragment]) -> bool:
    """A line under the date line supplies what the header lacks: the job title, or the
    employer under a header that holds only a title ("Accountant   2019 - Present" over
    "Deloitte LLP, New York, NY"). A list of short items ("Python, Django") is no employer.

    Example:
        >>> completes_position("Senior Accountant", [])
        True
    """
    if title_score(text) > 0:
        return not any(title_score(f.text) for f in header)
    only_title = bool(header) and all(title_score(f.text) for f in header)
    if not only_title:
        return False
    kept, _ = _strip_place([Fragment(text, 0, len(text), 0)], text)
    name = kept[0].text if kept else text.split(",")[0]
    if employer_score(name) > 0:
        return True
    items = name.split(",")
    if len(items) > 1 and all(len(item.split()) <= 2 for item in items):
        return False  # "Python, Django": a list of short items, not an organisation's name
    words = name.split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words if w[:1].isalpha())
