"""The bot's WhatsApp templates: which purposes exist, what each carries, and how a message's values
fill one within WhatsApp's rules. The texts are in ``catalog.py``; the worker sends, ``flask templates
sync`` submits, and this module is the one place that shapes variables.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from .catalog import TEMPLATE_BUTTON, TEMPLATE_SAMPLES, TEMPLATE_TEXTS, TEMPLATE_WORD_BUTTONS, status_label

#: WhatsApp's cap on a template's body, filled variables included.
MAX_TEMPLATE_BODY = 1024
LANGUAGES = ("id", "en")
#: The quick reply's id: it comes back as ButtonPayload when someone taps it.
READ_BUTTON_ID = "lapor_read"
#: Any name that WhatsApp accepts: lower case letters, digits and underscores.
NAME_PREFIX = "lapor"

_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")
_WHITESPACE = re.compile(r"\s+")
ELLIPSIS = "…"


@dataclass(frozen=True)
class TemplateSpec:
    """One purpose: its variables in placeholder order, and how long each may grow. The one
    variable named ``long`` takes whatever room the body has left."""

    purpose: str
    variables: tuple[str, ...]
    long: str | None = None
    #: Who receives it; officials read Indonesian.
    audience: str = "resident"
    #: The template is a summary: the whole message follows once the person writes, even when
    #: every value fitted (a forward's map link, resident's name and every evidence link).
    summary: bool = False
    #: WhatsApp's category: ``UTILITY`` (news of something the person started) or ``MARKETING``
    #: (news they opted in to), which Meta prices and limits apart.
    category: str = "UTILITY"
    #: Quick replies beside *Baca*, by the word each stands for (a tap on it is that word typed).
    words: tuple[str, ...] = ()

    def body(self, language: str) -> str:
        return TEMPLATE_TEXTS[self.purpose][language]

    def actions(self, language: str) -> list[dict[str, str]]:
        """Its quick replies: *Baca*, which opens the window, then one per word."""
        return [{"title": TEMPLATE_BUTTON[language], "id": READ_BUTTON_ID},
                *({"title": TEMPLATE_WORD_BUTTONS[typed][language], "id": typed} for typed in self.words)]


#: Every business-initiated purpose (the worker falls back on ``news`` for anything else).
TEMPLATES: dict[str, TemplateSpec] = {spec.purpose: spec for spec in (
    TemplateSpec("forward", ("ref", "category", "place", "description", "evidence"), long="description",
                 audience="official", summary=True),
    TemplateSpec("answer", ("ref", "who", "text"), long="text"),
    TemplateSpec("status", ("ref", "status", "note"), long="note"),
    TemplateSpec("news", ("ref",)),
    TemplateSpec("resident_message", ("ref", "resident", "text"), long="text", audience="official"),
    TemplateSpec("news_official", ("ref",), audience="official"),
    TemplateSpec("onboarding", ("name", "department"), audience="official"),
    TemplateSpec("reminder", ("ref", "office", "what", "due"), audience="official"),
    TemplateSpec("head_warning", ("ref", "office", "what", "due"), audience="official"),
    TemplateSpec("escalation", ("ref", "office", "what", "due"), audience="official"),
    TemplateSpec("aspiration_update", ("aspiration_ref", "title", "text"), long="text"),
    TemplateSpec("aspiration_reminder", ("aspiration_ref", "office", "what", "due"), audience="official"),
    TemplateSpec("aspiration_head_warning", ("aspiration_ref", "office", "what", "due"), audience="official"),
    TemplateSpec("aspiration_escalation", ("aspiration_ref", "office", "what", "due"), audience="official"),
    TemplateSpec("aspiration_forward", ("aspiration_ref", "count", "office", "title", "due"), audience="official",
                 summary=True),
    TemplateSpec("broadcast", ("area", "text"), long="text", category="MARKETING"),
    TemplateSpec("round_announcement", ("round", "area", "closes", "text"), long="text", category="MARKETING",
                 words=("pilih",)),
    TemplateSpec("round_result", ("round", "funded", "yours"), long="funded", summary=True),
    TemplateSpec("digest", ("day", "new", "resolved", "open", "late", "escalated", "slowest", "ideas", "rounds"),
                 long="rounds", audience="official"),
)}

#: The most a short variable may take; the long one gets the rest of the 1,024 characters.
SHORT_LIMITS = {"ref": 30, "category": 80, "place": 200, "who": 120, "status": 40, "resident": 60,
                "name": 100, "department": 150, "evidence": 300, "office": 150, "what": 40, "due": 60,
                "day": 40, "new": 10, "open": 10, "late": 10, "escalated": 10, "resolved": 10, "slowest": 300,
                "location": 300, "aspiration_ref": 30, "title": 80, "count": 10, "ideas": 200,
                "round": 100, "yours": 300, "rounds": 300, "area": 120,
                "closes": 60}


def clean_variable(value: object, limit: int) -> str:
    """A value WhatsApp accepts in a template: one line (no newline or tab, no run of spaces), never
    empty, at most ``limit`` characters, shortened with ``…`` at a word where it can be."""
    text = _WHITESPACE.sub(" ", str(value if value is not None else "")).strip()
    if not text:
        return "-"
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    at_word = cut.rsplit(" ", 1)[0]
    if len(at_word) >= limit // 2:
        cut = at_word
    return cut.rstrip(" ,.;:-") + ELLIPSIS


@dataclass(frozen=True)
class Filled:
    """A template ready to send: the ContentVariables, the text the phone shows, and whether every
    value fitted whole (if not, the full message is held until the recipient writes)."""

    variables: dict[str, str]
    text: str
    complete: bool


def fill(purpose: str, language: str, values: dict) -> Filled:
    spec = TEMPLATES[purpose]
    return fill_body(spec.body(language), spec.variables, spec.long, _language_values(purpose, language, values),
                     summary=spec.summary)


def fill_body(body: str, names: tuple[str, ...], long: str | None, shown: dict, *,
              summary: bool = False) -> Filled:
    """``body``'s placeholders filled from ``shown`` (by name, in ``names`` order) within WhatsApp's
    rules: one line each, the short ones capped, the ``long`` one taking what room is left."""
    fixed = len(_PLACEHOLDER.sub("", body))
    cleaned: dict[str, str] = {}
    for name in names:
        if name != long:
            cleaned[name] = clean_variable(shown.get(name), SHORT_LIMITS.get(name, 100))
    if long:
        room = MAX_TEMPLATE_BODY - fixed - sum(len(value) for value in cleaned.values())
        cleaned[long] = clean_variable(shown.get(long), max(room, 20))
    complete = not summary and all(
        not value.endswith(ELLIPSIS) or str(shown.get(name, "")).strip().endswith(ELLIPSIS)
        for name, value in cleaned.items())
    variables = {str(position): cleaned[name] for position, name in enumerate(names, start=1)}
    text = _PLACEHOLDER.sub(lambda match: variables[match.group(1)], body)
    return Filled(variables, text, complete)


def _language_values(purpose: str, language: str, values: dict) -> dict:
    """Values stored language-neutral (a status code) shown in the recipient's language."""
    if purpose == "status" and values.get("status"):
        return {**values, "status": status_label(values["status"], language)}
    return values


# --- what ``flask templates sync`` submits ------------------------------------------------------

def samples(purpose: str, language: str) -> dict[str, str]:
    """The sample value WhatsApp's reviewers see for each of the template's variables, by position."""
    return {str(position): TEMPLATE_SAMPLES[name][language]
            for position, name in enumerate(TEMPLATES[purpose].variables, start=1)}


def definition_hash(purpose: str, language: str) -> str:
    spec = TEMPLATES[purpose]
    content = {"body": spec.body(language), "button": TEMPLATE_BUTTON[language], "variables": spec.variables}
    if spec.words:  # a template without them keeps the name WhatsApp approved
        content["words"] = [(typed, TEMPLATE_WORD_BUTTONS[typed][language]) for typed in spec.words]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def template_name(purpose: str, language: str) -> str:
    """WhatsApp's name for it; the hash makes a changed text a new name, as WhatsApp requires."""
    return f"{NAME_PREFIX}_{purpose}_{language}_{definition_hash(purpose, language)[:8]}"


def is_read_tap(message) -> bool:
    """A tap on the *Baca*/*Read* quick reply of one of our templates."""
    return message.tap_id == READ_BUTTON_ID


def language_for(audience_language: str | None) -> str:
    return audience_language if audience_language in LANGUAGES else "id"
