"""Patterns of instruction-like content, by category and language.

Each rule targets wording addressed to a model or an evaluator, not wording a person uses
to describe their own work: "rank this candidate" is flagged, "ranked first in class" is
not; "System:" at the start of a line is a role tag, "system administrator" is prose.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["Rule", "rules"]

Rule = tuple[str, str, str, re.Pattern[str]]
"""(rule id, category, language, pattern)."""

_WS = r"[\s\u00a0]+"

_RAW: tuple[tuple[str, str, str, str], ...] = (
    # ---- English --------------------------------------------------------------------------
    (
        "en.override",
        "instruction_override",
        "en",
        r"\b(?:ignore|disregard|forget|override|bypass)(?:\s+(?:all|any|the|your|my|of|these"
        r"|those|previous|prior|above|earlier|preceding|foregoing|other|system|original|former"
        r"|existing)){1,4}\s+(?:instructions?|prompts?|directions?|rules|guidelines|context"
        r"|commands?|guidance)\b",
    ),
    (
        "en.new_instructions",
        "instruction_override",
        "en",
        r"\bnew\s+(?:system\s+)?instructions?\s*:",
    ),
    (
        "en.do_not_follow",
        "instruction_override",
        "en",
        r"\bdo\s+not\s+follow\s+(?:the|your|any)\s+(?:previous|prior|system|original)?\s*"
        r"(?:instructions?|rules|prompt)\b",
    ),
    ("en.you_are_now", "role_change", "en", r"\byou\s+are\s+now\b"),
    ("en.from_now_on", "role_change", "en", r"\bfrom\s+now\s+on,?\s+(?:you|act|respond|answer)\b"),
    ("en.pretend", "role_change", "en", r"\bpretend\s+(?:to\s+be|you\s+are)\b"),
    (
        "en.new_role",
        "role_change",
        "en",
        r"\byour\s+(?:new\s+)?(?:role|task|job|instructions?)\s+(?:is|are)\s+(?:now|to)\b",
    ),
    (
        "en.rank_this",
        "evaluation_manipulation",
        "en",
        r"\b(?:rate|rank|score|grade|evaluate|assess|mark|recommend|select|shortlist|hire"
        r"|advance|approve|prioriti[sz]e|accept|pass)\s+(?:this|the\s+following)\s+"
        r"(?:candidate|applicant|resume|cv|profile|person|application)\b",
    ),
    (
        "en.rank_me",
        "evaluation_manipulation",
        "en",
        r"\b(?:rate|rank|score|grade|mark|place|put|list)\s+(?:me|him|her|them|this\s+candidate)"
        r"\s+(?:as\s+|at\s+)?(?:the\s+)?(?:top|best|first|highest|#\s?1|number\s+one|a\s+10"
        r"|10/10|100)\b",
    ),
    (
        "en.give_score",
        "evaluation_manipulation",
        "en",
        r"\bgive\s+(?:this\s+candidate|the\s+candidate|this\s+applicant|me|him|her|them)\s+"
        r"(?:a\s+|the\s+)?(?:perfect|high(?:est)?|top|maximum|max|full|10/10|100)\b",
    ),
    (
        "en.candidate_is_best",
        "evaluation_manipulation",
        "en",
        r"\b(?:this|the)\s+(?:candidate|applicant)\s+(?:is|should\s+be)\s+(?:the\s+)?"
        r"(?:best|ideal|perfect|most\s+qualified|top|an?\s+(?:excellent|perfect|ideal)\s+"
        r"(?:fit|match)|(?:ranked|rated|scored)\s+(?:first|highest))\b",
    ),
    (
        "en.addresses_model",
        "addresses_model",
        "en",
        r"\b(?:note|message|instructions?|attention)\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|llm"
        r"|language\s+model|chatbot|gpt|chatgpt|claude|assistant|model|bot|screening\s+"
        r"(?:software|system|tool)|ats|recruit(?:ing|ment)\s+(?:ai|software|bot))\b",
    ),
    (
        "en.if_you_are_ai",
        "addresses_model",
        "en",
        r"\bif\s+you\s+are\s+(?:an?\s+)?(?:ai|llm|language\s+model|gpt|chatgpt|bot|assistant"
        r"|automated)\b",
    ),
    (
        "en.model_reading",
        "addresses_model",
        "en",
        r"\b(?:ai|llm|chatgpt|gpt|language\s+model|screening\s+(?:bot|software))s?\s+"
        r"(?:reading|reviewing|screening|parsing|evaluating|processing)\s+this\b",
    ),
    # ---- Role tags (any language) ---------------------------------------------------------
    (
        "tag.chat_token",
        "role_tag",
        "any",
        r"<\|\s*(?:system|assistant|user|im_start|im_end|endoftext|eot_id|start_header_id"
        r"|end_header_id|begin_of_text)\s*\|>",
    ),
    ("tag.inst", "role_tag", "any", r"\[/?INST\]|<</?SYS>>"),
    (
        "tag.xml",
        "role_tag",
        "any",
        r"</?\s*(?:system|instructions?|assistant|user|prompt|system_prompt)\s*>",
    ),
    ("tag.line_role", "role_tag", "any", r"(?m)^[ \t>*-]*(?:system|assistant|user|human)\s*:"),
    (
        "tag.markdown",
        "role_tag",
        "any",
        r"(?m)^\s*#{2,}\s*(?:instructions?|system(?:\s+prompt)?|response|new\s+task)\b",
    ),
    # ---- French ---------------------------------------------------------------------------
    (
        "fr.override",
        "instruction_override",
        "fr",
        r"\b(?:ignore[zr]?|oublie[zr]?|ne\s+tiens\s+pas\s+compte\s+des?)\s+(?:toutes\s+)?"
        r"(?:les|tes|vos)\s+(?:\w+\s+){0,2}?(?:instructions?|consignes)\b",
    ),
    (
        "fr.you_are_now",
        "role_change",
        "fr",
        r"\b(?:tu\s+es|vous\s+êtes)\s+(?:maintenant|désormais|dorénavant)\b",
    ),
    (
        "fr.rank_this",
        "evaluation_manipulation",
        "fr",
        r"\b(?:classe[zr]?|note[zr]?|évalue[zr]?|recommande[zr]?|sélectionne[zr]?|retiens"
        r"|retenez|choisis(?:sez)?)\s+(?:ce|cette)\s+(?:candidat(?:e)?|profil|cv)\b",
    ),
    (
        "fr.candidate_is_best",
        "evaluation_manipulation",
        "fr",
        r"\bce(?:tte)?\s+candidat(?:e)?\s+est\s+(?:le|la)\s+(?:meilleur(?:e)?|plus\s+qualifiée?)",
    ),
    # ---- Spanish --------------------------------------------------------------------------
    (
        "es.override",
        "instruction_override",
        "es",
        r"\b(?:ignora(?:r)?|olvida(?:r)?|ignore|olvide)\s+(?:todas\s+)?(?:las|tus|sus)\s+"
        r"(?:\w+\s+){0,2}?instrucciones\b",
    ),
    (
        "es.you_are_now",
        "role_change",
        "es",
        r"\b(?:ahora\s+eres|a\s+partir\s+de\s+ahora\s+(?:eres|serás|actúa))\b",
    ),
    (
        "es.rank_this",
        "evaluation_manipulation",
        "es",
        r"\b(?:califica(?:r)?|clasifica(?:r)?|evalúa|evaluar|recomienda|recomendar"
        r"|selecciona(?:r)?|puntúa|puntuar)\s+(?:a\s+)?(?:este|esta)\s+"
        r"(?:candidat[oa]|perfil|cv|currículum)\b",
    ),
    (
        "es.candidate_is_best",
        "evaluation_manipulation",
        "es",
        r"\best[ea]\s+candidat[oa]\s+es\s+(?:el|la)\s+(?:mejor|más\s+cualificad[oa])",
    ),
    # ---- German ---------------------------------------------------------------------------
    (
        "de.override",
        "instruction_override",
        "de",
        r"\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte)\s+(?:alle\s+)?"
        r"(?:\w+\s+){0,2}?(?:anweisungen|instruktionen|anordnungen|vorgaben)\b",
    ),
    (
        "de.you_are_now",
        "role_change",
        "de",
        r"\b(?:du\s+bist|sie\s+sind)\s+(?:jetzt|nun|ab\s+sofort|ab\s+jetzt)\s+(?:ein|eine|der"
        r"|die)\b",
    ),
    (
        "de.rank_this",
        "evaluation_manipulation",
        "de",
        r"\b(?:bewerte|bewerten\s+sie|stufe|stufen\s+sie|empfiehl|empfehlen\s+sie|wähle"
        r"|wählen\s+sie)\s+(?:diesen|diese)\s+(?:kandidaten|kandidatin|bewerber(?:in)?"
        r"|lebenslauf)\b",
    ),
    (
        "de.candidate_is_best",
        "evaluation_manipulation",
        "de",
        r"\b(?:dieser|diese)\s+(?:kandidat(?:in)?|bewerber(?:in)?)\s+ist\s+(?:der|die)\s+"
        r"(?:beste|bester|geeignetste)",
    ),
    # ---- Portuguese -----------------------------------------------------------------------
    (
        "pt.override",
        "instruction_override",
        "pt",
        r"\b(?:ignore|ignora|ignorar|esqueça|esqueca|desconsidere)\s+(?:todas\s+)?"
        r"(?:as|suas|tuas)\s+(?:\w+\s+){0,2}?instru(?:ções|coes)\b",
    ),
    (
        "pt.you_are_now",
        "role_change",
        "pt",
        r"\b(?:agora\s+voc[êe]\s+é|voc[êe]\s+agora\s+é|a\s+partir\s+de\s+agora\s+voc[êe])\b",
    ),
    (
        "pt.rank_this",
        "evaluation_manipulation",
        "pt",
        r"\b(?:classifique|avalie|recomende|selecione|pontue|aprove)\s+(?:este|esta)\s+"
        r"(?:candidat[oa]|perfil|currículo|cv)\b",
    ),
    (
        "pt.candidate_is_best",
        "evaluation_manipulation",
        "pt",
        r"\best[ea]\s+candidat[oa]\s+é\s+(?:o|a)\s+(?:melhor|mais\s+qualificad[oa])",
    ),
)


@cache
def rules() -> tuple[Rule, ...]:
    """The compiled rules (compiled once, on first use)."""
    return tuple(
        (rule_id, category, language, re.compile(pattern.replace(r"\s+", _WS), re.IGNORECASE))
        for rule_id, category, language, pattern in _RAW
    )
