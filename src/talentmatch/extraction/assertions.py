"""Light assertion detection: is a skill claimed, negated or only wished for?

A cue ("no experience with", "not familiar with", "willing to learn", "would like to gain
experience in") opens a scope that runs to the end of its clause: the next sentence or line
end, semicolon, or a contrastive word ("but", "however", "although"). Every occurrence inside
the scope gets the cue's assertion, so "no experience with Java, Go or Rust" covers all three
and "no Java but strong Python" keeps Python claimed.

Example:
    >>> text = "Strong Python; no experience with Java or Go, but keen to learn Rust."
    >>> [(text[a:b], kind.value) for a, b, kind in assertion_scopes(text)]
    [('Java or Go, ', 'negated'), ('Rust', 'aspirational')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from itertools import compress

from talentmatch.models.skills import Assertion

__all__ = [
    "assertion_scopes",
    "benefit_spans",
    "honorific_name_spans",
    "link_spans",
    "name_line_span",
]

_QUALIFIER = (
    r"(?:any\s+|prior\s+|previous\s+|professional\s+|formal\s+|hands[- ]on\s+|real\s+|"
    r"practical\s+|commercial\s+|direct\s+|working\s+)?"
)
_NEGATED = re.compile(
    r"(?:"
    rf"(?:no|without|zero|lack(?:ing|s)?(?:\s+of)?)\s+{_QUALIFIER}"
    r"(?:experience|exposure|knowledge|background|familiarity|expertise)\s+"
    # or a gerund ("no experience managing X"), not a preposition or noun in -ing
    r"(?:with|in|of|using|on|(?!(?:during|including|regarding|according|concerning|following"
    r"|pending|nothing|something|anything|everything|bring|string|spring|king|thing)\b)"
    r"(?=[a-z]+ing\b))"
    r"|not\s+(?:yet\s+)?(?:very\s+)?(?:familiar|experienced|proficient|comfortable|skilled)"
    r"\s+(?:with|in|using)"
    r"|(?:have|has|had)\s+(?:not|never)\s+(?:used|worked\s+with|touched|programmed\s+in)"
    r"|(?:haven't|hasn't|hadn't|never)\s+(?:used|worked\s+with|touched|programmed\s+in)"
    r"|unfamiliar\s+with"
    r"|(?:don't|do\s+not|doesn't|does\s+not)\s+(?:know|have\s+"
    rf"{_QUALIFIER}(?:experience|knowledge)\s+(?:with|in|of))"
    r")\b",
    re.IGNORECASE,
)
_ASPIRATIONAL = re.compile(
    r"(?:"
    r"(?:willing|eager|keen|happy|excited|hoping|hope|want|wanting|plan|planning|looking|aim|"
    r"aiming|like|motivated|ready|open|desire)\s+to\s+(?:learn|pick\s+up|study|explore)"
    r"|(?:interested|open)\s+in\s+learning"
    r"|currently\s+learning"
    r"|(?:like|want|hope|hoping|looking|eager|keen|wish)\s+to\s+(?:gain|get|build|develop)\s+"
    r"(?:some\s+|more\s+)?(?:experience|exposure|knowledge|skills)\s+(?:with|in|of|using)"
    r")\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[.;!?\n]|\b(?:but|however|although|though|whereas|while|yet)\b", re.IGNORECASE
)


_CUE_WORDS = re.compile(
    r"\b(?:no|without|zero|lack|lacks|lacking|not|have|has|had|haven't|hasn't|hadn't|never|"
    r"unfamiliar|don't|do|doesn't|does|willing|eager|keen|happy|excited|hoping|hope|want|"
    r"wanting|plan|planning|looking|aim|aiming|like|motivated|ready|open|desire|interested|"
    r"currently|wish)\b",
    re.IGNORECASE,
)
_CUE_KEYS = frozenset(
    "no without zero lack lacks lacking not have has had haven hasn hadn never unfamiliar don "
    "do doesn does willing eager keen happy excited hoping hope want wanting plan planning "
    "looking aim aiming like motivated ready open desire interested currently wish".split()
)


def assertion_scopes(
    text: str, keys: Sequence[str] | None = None, starts: Sequence[int] | None = None
) -> list[tuple[int, int, Assertion]]:
    """Character ranges ``[start, end)`` of ``text`` under a negation or aspiration cue.

    Args:
        text: the document text.
        keys: the text's token keys, when the caller has them: cues are then tried only
            where a cue word starts (much faster on long texts).
        starts: offsets of those tokens.

    Returns:
        Scopes in text order, each with its assertion. Empty when no cue is present.
    """
    if keys is not None and starts is not None:
        wanted: frozenset[str] | set[str] = _CUE_KEYS
        if not text.isascii():
            # "haven't": the key holds an apostrophe (NFKC of non-ASCII text can make one).
            wanted = _CUE_KEYS | {k for k in set(keys) if "'" in k and k.split("'")[0] in _CUE_KEYS}
        elif "'" in text:
            wanted = _CUE_KEYS | _apostrophe_cues(text, keys, starts)
        # The token loop at C speed: this runs over every token of every text.
        offsets = list(compress(starts, map(wanted.__contains__, keys)))
    else:
        offsets = [m.start() for m in _CUE_WORDS.finditer(text)]
    scopes: list[tuple[int, int, Assertion]] = []
    for pattern, kind in ((_NEGATED, Assertion.NEGATED), (_ASPIRATIONAL, Assertion.ASPIRATIONAL)):
        cues = (pattern.match(text, offset) for offset in offsets)
        for cue in (c for c in cues if c is not None):
            start = cue.end()
            stop = _CLAUSE_END.search(text, start + 1)
            end = stop.start() if stop else len(text)
            # Start at the first word after the cue so scopes read cleanly ("with: Java").
            lead = len(text[start:end]) - len(text[start:end].lstrip(" :"))
            scopes.append((start + lead, end, kind))
    scopes.sort()
    return scopes


def _apostrophe_cues(text: str, keys: Sequence[str], starts: Sequence[int]) -> set[str]:
    """Keys of ASCII ``text`` holding an apostrophe after a cue word ("haven't", "don't").

    An ASCII key is its token lowered, so it holds an apostrophe only where the text does:
    the few apostrophes of the text lead to their tokens, where testing every key of a long
    text cost as much as the rest of the cue search.
    """
    found = set()
    at = text.find("'")
    while at >= 0:
        index = bisect_right(starts, at) - 1
        if index >= 0:
            key = keys[index]
            if "'" in key and key.split("'")[0] in _CUE_KEYS:
                found.add(key)
        at = text.find("'", at + 1)
    return found


_BOILERPLATE = re.compile(
    r"equal (?:employment )?opportunit|reasonable accommodation|affirmative action|"
    r"regardless of (?:race|age|gender|sex|religion|colou?r|national|disability|sexual|creed)|"
    r"without regard to (?:race|age|gender|sex|religion|colou?r|national|disability|sexual)|"
    r"(?:does|do) not discriminate|protected (?:veteran|characteristic|class)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


_BOILERPLATE_HINTS = ("opportunit", "accommodat", "affirmative", "regard", "discriminat",
                      "protected")  # fmt: skip


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of equal-opportunity and accommodation statements, which name no skills.

    Job postings close with legal statements ("We are an equal opportunity employer and
    value diversity and inclusion"); the HR concepts they mention are not requirements.

    Example:
        >>> text = "Python required. We are an equal opportunity employer."
        >>> [text[a:b] for a, b in boilerplate_spans(text)]
        [' We are an equal opportunity employer.']
    """
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    if not any(hint in lowered for hint in _BOILERPLATE_HINTS):
        return spans
    for cue in _BOILERPLATE.finditer(text):
        start = max(text.rfind(c, 0, cue.start()) for c in ".!?\n") + 1
        stop = _SENTENCE.match(text, cue.end())
        spans.append((start, stop.end() if stop else len(text)))
    return spans


# Where a link shows itself: an e-mail's "@", a scheme's "://", "www.", or a lower-case
# host's domain before a lower-case path ("github.com/jane"). Brands written like domains
# ("Monday.com/Asana", "socket.io/WebSockets", "VB.net/C#") are no links: only the common
# generic domains count, the host must be in lower case and the path must not be capitalised.
_BARE_LINK = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|edu|gov)/[a-z0-9_~-]")
_LINK_CHARS = re.compile(r"[^\s<>()\[\]{}\"'|,;]")
_LOCAL_PART = re.compile(r"[\w.+%'’-]")
_DOMAIN_CHARS = re.compile(r"[\w.-]")
_LINK_RUN = re.compile(r"[^\s<>()\[\]{}\"'|,;]*")
_DOMAIN_RUN = re.compile(r"[\w.-]*")


def _link_marks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is an e-mail's "@") of every link mark, in text order."""
    marks = []
    for needle in ("@", "://", "www."):
        at = text.find(needle)
        while at >= 0:
            if needle != "www." or at == 0 or not text[at - 1].isalnum():
                marks.append((at, at + len(needle), needle == "@"))
            at = text.find(needle, at + 1)
    at = text.find("/")
    while at >= 0:
        host = at
        while host > 0 and _DOMAIN_CHARS.match(text, host - 1):
            host -= 1
        if _BARE_LINK.match(text, host) and (host == 0 or not _LINK_CHARS.match(text, host - 1)):
            marks.append((host, at + 1, False))
        at = text.find("/", at + 1)
    marks.sort()
    return marks


def link_spans(text: str) -> list[tuple[int, int]]:
    """E-mail addresses and web links, which claim no skill whatever words they hold.

    "emma.jenkins@mail.com" names no CI server and "kafka-demo.herokuapp.com" no claim of
    Kafka; an address is personal data besides, not evidence. A link is found by its mark:
    an "@" between a local part and a dotted domain, a scheme, "www.", or a lower-case host
    in a common generic domain before a lower-case path ("github.com/jane"). A web link
    runs over the characters around it up to a space, a bracket, a quote, a bar, a comma or
    a semicolon; an address over its local part and domain only. Every character is read
    a bounded number of times, whatever the text holds.

    Example:
        >>> text = "Jenkins CI; e-mail jane.jenkins@mail.com, site https://kafka.dev/x"
        >>> [text[a:b] for a, b in link_spans(text)]
        ['jane.jenkins@mail.com', 'https://kafka.dev/x']
    """
    spans: list[tuple[int, int]] = []
    covered_to = -1
    for mark_start, mark_end, email in _link_marks(text):
        if mark_start < covered_to:
            continue
        # An address runs over its local part ("Email:jane@x.io" starts at "jane") and its
        # domain; a web link over link characters, less a sentence's full stop or colon.
        before, after, trailing = (
            (_LOCAL_PART, _DOMAIN_RUN, ".-") if email else (_LINK_CHARS, _LINK_RUN, ".:!?")
        )
        start, floor = mark_start, max(covered_to, 0)
        while start > floor and before.match(text, start - 1):
            start -= 1
        run = after.match(text, mark_end)  # always matches (may be empty)
        end = run.end() if run is not None else mark_end
        while end > mark_end and text[end - 1] in trailing:
            end -= 1
        # An address needs a local part and a dotted domain ("Kafka@LinkedIn" is none).
        if email and (start == mark_start or "." not in text[mark_end:end]):
            continue
        spans.append((start, end))
        covered_to = end
    return spans


# Honorifics as written, by token key. "Ms" without a dot is left out ("Ms Excel", "Ms Power
# BI" name Microsoft products), and so is "Dame" ("Notre Dame").
_HONORIFICS_WRITTEN = {
    "mr": ("Mr", "MR"), "mrs": ("Mrs", "MRS"), "ms": ("Ms.", "MS."), "mx": ("Mx",),
    "dr": ("Dr",), "prof": ("Prof", "PROF"), "sir": ("Sir",),
    # Labels that lead a line with a person's name ("Name: Emma Jenkins", "Contact: ...").
    "name": ("Name:", "NAME:", "name:"), "contact": ("Contact:", "CONTACT:"),
    "nom": ("Nom:", "NOM:"), "nombre": ("Nombre:", "NOMBRE:"), "nome": ("Nome:", "NOME:"),
}  # fmt: skip
_LABEL_QUALIFIERS = frozenset(
    {"", "full", "candidate", "candidate's", "applicant", "applicant's", "legal", "complete",
     "your", "first and last", "primary", "emergency", "prénom et", "nom et"}
)  # fmt: skip
"""Words that may come before a name label on its line ("Full name:")."""
# After an honorific: an optional dot, spaces, then one to three capitalised words, with a
# dot only after an initial ("Dr. Paul J. Jenkins"): a full stop ends the name.
_NAME_AFTER = re.compile(r"\.?[ \t]+((?:(?:[A-Z]\.|[A-Z][\w'’-]*)[ \t]+){0,2}[A-Z][\w'’-]*)")


def honorific_name_spans(text: str, keys: Collection[str]) -> list[tuple[int, int]]:
    """Names led by an honorific ("Mr. Jenkins", "Dr. Paul Kafka") or a name label at the
    start of a line ("Name: Emma Jenkins", "Contact: Paul Kafka"), which name no skill.

    References, contacts and narratives name people, and surnames are often skill names.
    An honorific (Mr, Mrs, Ms., Mx, Dr, Prof, Sir; "Ms" only with its dot) or a label
    ("Name:", "Full name:", "Contact:", "Nom:", "Nombre:", "Nome:") followed by one to three
    capitalised words marks those words as a name; a full stop after a word that is no
    initial ends it. ``keys`` are the text's token keys (``TokenizedText.keys``): only
    honorifics and labels among them are looked for.

    Example:
        >>> from talentmatch.taxonomy.tokens import tokenize
        >>> text = "Reported to Mr. Jenkins. Jenkins pipelines built by me."
        >>> [text[a:b] for a, b in honorific_name_spans(text, tokenize(text).keys)]
        ['Jenkins']
    """
    spans = []
    # The keys answer whether any honorific is there; str.find and one anchored match per
    # place then cost far less than a regular-expression scan of the whole text.
    for key in _HONORIFICS_WRITTEN.keys() & keys:
        for honorific in _HONORIFICS_WRITTEN[key]:
            bare = honorific.rstrip(".")
            at = text.find(honorific)
            while at >= 0:
                if (at == 0 or not text[at - 1].isalnum()) and (
                    not bare.endswith(":") or _leads_line(text, at)
                ):
                    name = _NAME_AFTER.match(text, at + len(bare))
                    if name is not None:
                        spans.append(name.span(1))
                at = text.find(honorific, at + 1)
    return sorted(spans)


def _leads_line(text: str, at: int) -> bool:
    """A label at ``at`` starts its line, after indentation, a bullet or a qualifier
    ("Full name:", "Candidate name:")."""
    before = text[text.rfind("\n", 0, at) + 1 : at].strip(" \t•*-|").lower()
    return before in _LABEL_QUALIFIERS


_BENEFITS = re.compile(
    r"^[ \t•*#>\-–]*(?:job\s+|our\s+|employee\s+|the\s+)?"
    r"(?:benefits|perks|perks\s+(?:and|&)\s+benefits|benefits\s+(?:and|&)\s+perks|"
    r"what\s+we\s+offer|we\s+offer|what\s+you\s+get|what's\s+in\s+it\s+for\s+you|"
    r"compensation\s+(?:and|&)\s+benefits)"
    r"[ \t]*(?::[^\n]*|\??[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_HEADING = re.compile(r"^[ \t•*#>\-–]*[A-Z][^\n,.;]{0,40}:[ \t]*$|^[ \t]*$", re.MULTILINE)
_MAX_BENEFIT_CHARS = 1200


def benefit_spans(text: str) -> list[tuple[int, int]]:
    """Benefits blocks of a job posting: a "Benefits:" or "What we offer" line and the lines
    after it up to a blank line or the next heading.

    Perks name things the employer gives ("Learning & Development programmes", "fitness
    membership"), not skills it asks for.

    Example:
        >>> text = "Requirements: Python\\nBenefits:\\nLearning & Development budget\\n\\nSQL"
        >>> [text[a:b] for a, b in benefit_spans(text)]
        ['Benefits:\\nLearning & Development budget']
    """
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    if (
        "benefit" not in lowered
        and "offer" not in lowered
        and "perks" not in lowered
        and ("what you get" not in lowered and "in it for you" not in lowered)
    ):
        return spans
    for heading in _BENEFITS.finditer(text):
        start = heading.start()
        line_end = heading.end()
        limit = min(len(text), line_end + _MAX_BENEFIT_CHARS)
        stop = _NEXT_HEADING.search(text, line_end + 1, limit)
        spans.append((start, stop.start() - 1 if stop else limit))
    return spans


ROLE_NOUNS = frozenset(
    {
        "developer", "developers", "engineer", "engineers", "architect", "architects",
        "programmer", "programmers", "consultant", "consultants", "specialist", "specialists",
        "administrator", "administrators", "admin", "admins", "analyst", "analysts",
        "designer", "designers", "tester", "testers", "scientist", "scientists", "intern",
        "interns", "expert", "experts", "lead", "leads", "dev", "devs", "ninja", "guru",
        "technician", "technicians", "officer", "officers", "evangelist", "advocate",
        "manager", "managers", "director", "directors", "owner", "champion",
    }
)  # fmt: skip
"""Nouns that end a job title: a skill right before one names a role ("Java Developer")."""

ORG_NOUNS = frozenset(
    {
        "team", "teams", "department", "departments", "dept", "division", "divisions",
        "unit", "units", "organisation", "organization", "org", "company", "companies",
        "firm", "firms", "agency", "agencies", "practice", "community", "squad", "squads",
        "chapter", "tribe", "function", "functions", "group", "office", "offices",
    }
)  # fmt: skip
"""Nouns of an organisational unit: "the software development team" names a team, not a skill."""

_TITLE_FILLERS = frozenset(
    {
        "senior", "sr", "junior", "jr", "lead", "staff", "principal", "chief", "head",
        "software", "web", "application", "applications", "app", "mobile", "cloud",
        "platform", "systems", "system", "data", "solutions", "solution", "stack", "full",
        "technical", "tech", "team", "and", "or", "&", "/", ",", "+", ".", "(", ")",
    }
)  # fmt: skip


def ends_in_role(keys: list[str], seps: list[str], after: int, skills: set[int]) -> bool:
    """True when a role noun follows token ``after - 1`` within a title-like phrase.

    Only title words ("senior", "software", "web", ...), list joiners and other skills
    (``skills``: token indices covered by skills) may sit between, at most four tokens, on
    the same line.

    Example:
        >>> keys = "senior backend java engineer".split()
        >>> seps = ["", " ", " ", " "]
        >>> ends_in_role(keys, seps, 2, {1, 2}), ends_in_role(keys[:3], seps, 2, {1, 2})
        (True, False)
    """
    index = after
    for step in range(5):
        if index >= len(keys) or "\n" in seps[index]:
            return False
        key = keys[index]
        if key in ROLE_NOUNS or (step == 0 and key in ORG_NOUNS):
            return True
        if key not in _TITLE_FILLERS and index not in skills:
            return False
        index += 1
    return False


TITLE_HEADS = frozenset({"manager", "head", "director", "vp", "lead", "chief"})
"""Role heads a skill can be named after: "Head of DevOps", "Manager DevOps"."""


def starts_after_role(keys: list[str], seps: list[str], first: int) -> bool:
    """True for a skill named after a role head: "Head of DevOps", "Manager DevOps".

    Example:
        >>> keys = ["reports", "to", "head", "of", "devops"]
        >>> starts_after_role(keys, [""] * 5, 4), starts_after_role(keys, [""] * 5, 1)
        (True, False)
    """
    before = first - 1
    if before >= 0 and keys[before] == "of" and "\n" not in seps[first]:
        before -= 1
    return before >= 0 and keys[before] in TITLE_HEADS and "\n" not in seps[before + 1]


def title_line_end(text: str) -> int:
    """End offset of the document's first line when it reads as a job title, else 0.

    A posting or resume headline ("Senior Backend Engineer (Java, Kafka)") names a role;
    the skills in it describe the role rather than claim experience. It must hold a role
    noun, be short (at most 16 words) and read as a title, not a sentence or a labelled
    list (no ":", ";" or sentence end inside).

    Example:
        >>> title_line_end("Full-Stack Engineer (Java, React)\\nWe build things.")
        33
        >>> title_line_end("We use Java and React.\\nMore text")
        0
    """
    lead = _NON_SPACE.search(text)
    start = lead.start() if lead is not None else len(text)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end]
    words = re.findall(r"[A-Za-z][\w+#.]*", line)
    if re.search(r"[:;]|\.\s", line):
        return 0
    if 0 < len(words) <= 16 and any(w.lower() in ROLE_NOUNS for w in words):
        return end
    return 0


# Lower-case name particles ("Ludwig van Beethoven") a name line may hold.
_NAME_PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le bin ibn al el ten ter y".split()
)
# Words of job titles and organisations that a name line does not hold ("Warehouse
# Operations Supervisor", "Acme Logistics Inc"). Occupations that are common surnames
# (Baker, Cook, Mason, Porter, Smith, Taylor, Turner, ...) are left out on purpose.
_NOT_NAME_WORDS = frozenset(
    """
    supervisor supervisors coordinator coordinators assistant assistants associate associates
    representative representatives rep reps clerk clerks operator operators agent agents
    nurse nurses teacher teachers accountant accountants auditor auditors cashier cashiers
    driver drivers electrician electricians estimator estimators executive executives
    inspector inspectors installer installers instructor instructors lawyer lawyers
    librarian librarians machinist machinists mechanic mechanics paralegal paralegals
    pharmacist pharmacists physician physicians planner planners plumber plumbers
    recruiter recruiters researcher researchers secretary secretaries therapist therapists
    trainer trainers tutor tutors welder welders worker workers writer writers buyer buyers
    caregiver caregivers aide aides attendant attendants bartender bartenders barista
    baristas dispatcher dispatchers housekeeper housekeepers receptionist receptionists
    scheduler schedulers stocker stockers superintendent superintendents teller tellers
    underwriter underwriters veterinarian veterinarians waiter waiters waitress trainee
    trainees apprentice apprentices president vice controller treasurer bookkeeper
    bookkeepers actuary actuaries economist economists statistician statisticians
    handler handlers picker pickers packer packers loader loaders forklift warehouse
    technologist technologists therapist hygienist hygienists dentist dentists surgeon
    surgeons midwife midwives paramedic paramedics counselor counselors counsellor
    counsellors advisor advisors adviser advisers strategist strategists editor editors
    producer producers photographer photographers journalist journalists translator
    translators interpreter interpreters chemist chemists biologist biologists
    resume résumé cv curriculum vitae profile portfolio job position vacancy opening
    inc inc. ltd ltd. llc llc. gmbh corp corp. co co. plc company group hospital clinic
    university college school department services solutions technologies
    project projects platform platforms program programme summary overview objective
    development engineering management operations systems consulting design analytics
    marketing sales support infrastructure software web mobile security network networking
    technology digital strategy experience skills qualifications education certifications
    """.split()
)
# Post-nominal letters a name line may end with ("Paul Jenkins MD"); any other word in
# capitals on a line that is not all capitals is an acronym, and no name holds one.
_POST_NOMINALS = frozenset(
    """md do rn lpn lvn bsn msn np aprn cna ccrn cen pa phd mba cpa cfa cfp pe pmp cissp
    dds dmd lcsw jr sr ii iii iv esq""".split()
)
# Contact details under the name: what tells a resume's header from a posting's title.
_CONTACT = re.compile(r"[\w.+%'-]@[\w-]+\.[\w.-]|\+?\(?\d{2,4}\)?[ .\-]?\d{3}[ .\-]?\d{3,4}\b")
_HEADER_CHARS = 600
# The honorifics a name line may start with; "Sir" counts there as a name word.
_LINE_HONORIFICS = frozenset(_HONORIFICS_WRITTEN) - {"sir"}
_WORD = re.compile(r"\S+")
_NON_SPACE = re.compile(r"\S")
# Where the name ends on its line: credentials, contact details or a title follow these.
_NAME_END = re.compile(r"[,|/•·(]|\s[-–—]\s")


def name_line_span(
    text: str, starts: Sequence[int], keys: Sequence[str], covered: set[int]
) -> tuple[int, int] | None:
    """Where the document's first line names a person, the span of that name, else None.

    A resume opens with its owner's name, and surnames and given names are also skill names
    ("Emma Jenkins", "Blaise Pascal", "Jane Doe", "Jasmine Lee"). A skill found there is no
    claim: reading it as one would credit a nurse named Jenkins with a CI server. The name
    is the first non-blank line up to a comma, bar, slash, bullet, bracket or spaced dash
    (credentials such as ", RN, BSN" after it stay claims). It reads as a name when it has
    two to five words, each capitalised (or a particle such as "van", or an honorific such
    as "Dr."), made of letters, apostrophes, hyphens and dots only, none of them a word of
    job titles, organisations or headlines ("Supervisor", "Nurse", "Inc", "Platform") nor,
    unless the whole line is in capitals, an acronym ("AWS Migration Project" is a
    headline); post-nominal letters end the name ("Paul Jenkins MD"); and when at least one of
    its words is no skill (``covered`` holds the token indices that found skills cover): a
    first line of skills only ("Kafka Streams") is not a name. The rule holds only for a
    resume's header: an e-mail address or a phone number must follow within the first 600
    characters, so a posting's title line keeps its skills.

    Args:
        text: the document text.
        starts: token start offsets; ``keys`` the token keys (``TokenizedText``).
        covered: indices of tokens covered by the skills found.

    Example:
        >>> from talentmatch.taxonomy.tokens import tokenize
        >>> text = "Emma Jenkins, RN\\nemma@mail.com\\nICU nurse"
        >>> t = tokenize(text)
        >>> name_line_span(text, t.starts, t.keys, covered={1, 3})
        (0, 12)
        >>> name_line_span("Apache Kafka\\nStreams", [0, 7], ["apache", "kafka"], {0, 1}) is None
        True
    """
    lead = _NON_SPACE.search(text)
    start = lead.start() if lead is not None else len(text)
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    # Only a resume's header: contact details (an e-mail address or a phone number) within
    # the first lines. A posting's title ("Bilingual Spanish Speaker", "Scrum Master") has
    # the shape of a name too, but no contact details under it.
    if _CONTACT.search(text, start, min(len(text), start + _HEADER_CHARS)) is None:
        return None
    cut = _NAME_END.search(text, start, line_end)
    end = cut.start() if cut is not None else line_end
    while end > start and text[end - 1].isspace():
        end -= 1  # (a leading \s* in the pattern made a long run of spaces quadratic)
    found = list(_WORD.finditer(text, start, end))
    # Post-nominal letters end the name ("Jane Doe RN"): they stay claims, like ", RN".
    for index, match in enumerate(found):
        if index >= 2 and match.group().lower().replace(".", "") in _POST_NOMINALS:
            found = found[:index]
            end = found[-1].end()
            break
    words = [match.group() for match in found]
    if not 2 <= len(words) <= 5:
        return None
    shouted = all(not w.isalpha() or w.isupper() for w in words)
    named = 0
    for word in words:
        # An acronym ("AWS Migration Project" is a headline), but not an initial ("J.") or
        # a surname in capitals ("Emma JENKINS"): acronyms are short.
        if not shouted and 2 <= len(word.rstrip(".")) <= 4 and word.isupper():
            return None
        lowered = word.lower()
        if lowered.rstrip(".") in _LINE_HONORIFICS:
            continue  # "Dr.", "Mr"
        letters = word.replace("-", "").replace("'", "").replace("’", "").rstrip(".")
        if lowered in _NAME_PARTICLES:
            continue
        bare = lowered.strip(".")
        if (
            not letters.isalpha()
            or not word[0].isupper()
            or bare in ROLE_NOUNS
            or bare in TITLE_HEADS
            or bare in _NOT_NAME_WORDS
        ):
            return None
        named += 1
    if named < 2 and not (named == 1 and words[0].lower().rstrip(".") in _LINE_HONORIFICS):
        return None  # one name word is a name only after an honorific ("Dr. Pascal")
    first = bisect_right(starts, start - 1)
    last = bisect_right(starts, end - 1)
    if all(i in covered for i in range(first, last) if keys[i][:1].isalnum()):
        return None
    return start, end


_APPLICATION = re.compile(
    r"\b(?:appl(?:y|ying|ication|ications)|submit(?:ted)?|attach(?:ed)?|cover letter|"
    r"curriculum vitae|CV|résumé|transcripts?|translation|thesis|dissertation|lessons|courses?)\b",
    re.IGNORECASE,
)


_PROFICIENCY_BEFORE = re.compile(
    r"\b(?:fluent(?:ly)?|fluency|proficien(?:t|cy)|native|bilingual|speaks?|spoken|speaking|"
    r"command)(?:\s+(?:in|of|the|and|written|spoken|verbal|oral))*\s+$",
    re.IGNORECASE,
)


def application_language(text: str, start: int, end: int) -> bool:
    """True when a language name at ``[start, end)`` says what to write or learn, not a skill.

    "Send your application in English", "an official translation into English", "free
    Danish lessons" and "Danish Universities" (an adjective before a capitalised noun) name a
    language without asking for it as a skill.

    Example:
        >>> text = "The application in English must be submitted online."
        >>> application_language(text, 19, 26)
        True
        >>> application_language("Fluent English is required.", 7, 14)
        False
    """
    # Only a capitalised word on the same line is a noun the name qualifies: across a line
    # break it starts the next sentence or list item.
    following = re.match(r"[ \t]+([A-Z][a-z]+)", text[end : end + 40])
    if (
        following
        and text[start : start + 1].isupper()
        and following.group(1) not in {"Language", "Languages", "Speaking", "Skills"}
        # "Fluent in English Good to have": after a proficiency cue the name is the skill,
        # whatever capitalised word runs on in text without punctuation.
        and not _PROFICIENCY_BEFORE.search(text[max(0, start - 30) : start])
    ):
        return True
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    stop = re.search(r"[.!?\n]", text[end:])
    sentence = text[sentence_start : end + (stop.start() if stop else len(text) - end)]
    preceding = text[max(sentence_start, start - 12) : start].lower()
    return bool(_APPLICATION.search(sentence)) and bool(re.search(r"\b(?:in|into)\s*$", preceding))
