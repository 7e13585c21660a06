"""What a resident can tap instead of typing: the menu and the categories as a WhatsApp list picker,
the summary's confirmation and "is it fixed?" as quick-reply buttons.

A prompt is decided as its typed text (the outbound row's body) plus, in ``Message.choices``, what
to offer as taps. Inside the resident's 24-hour window the worker sends the taps instead, through a
Content the Content API created once per purpose, language and definition (``bot/content.py``);
outside it, or where no Content can be had, the typed text goes, and typing keeps working
everywhere. Each choice's id is the word a resident would type after the question it answers
(``confirm:ya``), so a tap arrives (its id parsed into ``Message.tap_id``) and takes the same path as
typing it, while a tap on an earlier question's button is known for what it is.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Message, MessageDirection

from .catalog import CHOICE_SAMPLES, CHOICE_TEXTS, MORE_CATEGORIES, MORE_PROJECTS, MORE_THEMES, SEND_BALLOT
from .whatsapp_templates import NAME_PREFIX, READ_BUTTON_ID, Filled, clean_variable, fill_body

LIST_PICKER = "twilio/list-picker"
QUICK_REPLY = "twilio/quick-reply"
#: WhatsApp's limits: ten rows in a list; three quick replies in a session message.
MAX_ROWS = 10
MAX_BUTTONS = 3
ROW_TITLE, ROW_DESCRIPTION, BUTTON_TITLE = 24, 72, 20


@dataclass(frozen=True)
class ChoiceSpec:
    purpose: str
    kind: str
    variables: tuple[str, ...] = ()
    long: str | None = None
    #: The rows come with each message (the city's categories), not from the catalog.
    rows_from_message: bool = False


MENU_LIST = "menu_list"
CATEGORY_LIST = "category_list"
EVIDENCE_REQUIRED_BUTTONS = "evidence_required_buttons"
EVIDENCE_OPTIONAL_BUTTONS = "evidence_optional_buttons"
EVIDENCE_RECEIVED_BUTTONS = "evidence_received_buttons"
EVIDENCE_REPROMPT_BUTTONS = "evidence_reprompt_buttons"
EVIDENCE_NEEDED_BUTTONS = "evidence_needed_buttons"
CONFIRM_BUTTONS = "confirm_buttons"
LEAVE_BUTTONS = "leave_buttons"
CONFIRM_REPROMPT_BUTTONS = "confirm_reprompt_buttons"
LEAVE_REPROMPT_BUTTONS = "leave_reprompt_buttons"
FIXED_BUTTONS = "fixed_buttons"
CASE_LIST = "case_list"
THEME_LIST = "theme_list"
PLACE_BUTTONS = "place_buttons"
PHOTO_BUTTONS = "photo_buttons"
ASPIRATION_CONFIRM_BUTTONS = "aspiration_confirm_buttons"
ASPIRATION_LEAVE_BUTTONS = "aspiration_leave_buttons"
ASPIRATION_CONFIRM_REPROMPT_BUTTONS = "aspiration_confirm_reprompt_buttons"
IDEA_LIST = "idea_list"
IDEA_BUTTONS = "idea_buttons"
ASPIRATION_LEAVE_REPROMPT_BUTTONS = "aspiration_leave_reprompt_buttons"
BALLOT_LIST = "ballot_list"
ROUND_ANNOUNCEMENT_BUTTONS = "round_announcement_buttons"

CHOICES: dict[str, ChoiceSpec] = {spec.purpose: spec for spec in (
    ChoiceSpec(MENU_LIST, LIST_PICKER),
    ChoiceSpec(CATEGORY_LIST, LIST_PICKER, rows_from_message=True),
    ChoiceSpec(EVIDENCE_REQUIRED_BUTTONS, QUICK_REPLY),
    ChoiceSpec(EVIDENCE_OPTIONAL_BUTTONS, QUICK_REPLY),
    ChoiceSpec(EVIDENCE_RECEIVED_BUTTONS, QUICK_REPLY, ("count",)),
    ChoiceSpec(EVIDENCE_REPROMPT_BUTTONS, QUICK_REPLY),
    ChoiceSpec(EVIDENCE_NEEDED_BUTTONS, QUICK_REPLY),
    ChoiceSpec(CONFIRM_BUTTONS, QUICK_REPLY, ("category", "description", "location", "evidence"),
               long="description"),
    ChoiceSpec(LEAVE_BUTTONS, QUICK_REPLY),
    ChoiceSpec(CONFIRM_REPROMPT_BUTTONS, QUICK_REPLY),
    ChoiceSpec(LEAVE_REPROMPT_BUTTONS, QUICK_REPLY),
    ChoiceSpec(FIXED_BUTTONS, QUICK_REPLY, ("ref",)),
    ChoiceSpec(CASE_LIST, LIST_PICKER, rows_from_message=True),
    ChoiceSpec(THEME_LIST, LIST_PICKER, rows_from_message=True),
    ChoiceSpec(PLACE_BUTTONS, QUICK_REPLY),
    ChoiceSpec(PHOTO_BUTTONS, QUICK_REPLY),
    ChoiceSpec(ASPIRATION_CONFIRM_BUTTONS, QUICK_REPLY, ("theme", "title", "idea", "place", "photos"), long="idea"),
    ChoiceSpec(ASPIRATION_LEAVE_BUTTONS, QUICK_REPLY),
    ChoiceSpec(ASPIRATION_CONFIRM_REPROMPT_BUTTONS, QUICK_REPLY),
    ChoiceSpec(ASPIRATION_LEAVE_REPROMPT_BUTTONS, QUICK_REPLY),
    ChoiceSpec(IDEA_LIST, LIST_PICKER, rows_from_message=True),
    ChoiceSpec(IDEA_BUTTONS, QUICK_REPLY, ("ref", "title", "place", "idea", "count"), long="idea"),
    ChoiceSpec(ROUND_ANNOUNCEMENT_BUTTONS, QUICK_REPLY, ("where", "round", "closes", "text"), long="text"),
    # The picks and totals are variables: the rows (a round's projects) stay one Content per round.
    ChoiceSpec(BALLOT_LIST, LIST_PICKER, ("news", "round", "picked", "total", "left"), long="picked",
               rows_from_message=True),
)}

#: Purposes whose texts are made from what is registered rather than written in the catalog (the
#: menu's rows are the registered flows' entries): ``handlers/flows`` provides them at import.
_TEXT_SOURCES: dict[str, Callable[[str], dict]] = {}


def provide_texts(purpose: str, source: Callable[[str], dict]) -> None:
    _TEXT_SOURCES[purpose] = source


#: Purposes whose definition never changes with the city's data: ``flask templates sync`` creates them.
STATIC_PURPOSES = tuple(purpose for purpose, spec in CHOICES.items() if not spec.rows_from_message)

Row = tuple[str, str, str]  # title, id, description


def offer(purpose: str, values: dict | None = None, rows: list[Row] | None = None) -> dict:
    """What ``Message.choices`` holds for a prompt offering ``purpose``'s taps."""
    choices: dict = {"purpose": purpose}
    if values:
        choices["values"] = {name: str(value) for name, value in values.items()}
    if rows is not None:
        choices["rows"] = [list(row) for row in rows]
    return choices


def rows_of(choices: dict, language: str) -> list[Row]:
    """The taps offered, each cut to WhatsApp's lengths."""
    spec = CHOICES[choices["purpose"]]
    raw = choices.get("rows") if spec.rows_from_message else _texts(spec.purpose, language)["items"]
    title_limit = ROW_TITLE if spec.kind == LIST_PICKER else BUTTON_TITLE
    limit = MAX_ROWS if spec.kind == LIST_PICKER else MAX_BUTTONS
    return [(clean_variable(title, title_limit), str(choice_id)[:200],
             clean_variable(description, ROW_DESCRIPTION) if description else "")
            for title, choice_id, description in (raw or [])[:limit]]


def category_rows(categories: list, language: str, most_used: list[int]) -> list[Row]:
    """The list picker's rows: every category when they fit; else the nine most used (in the
    directory's order) and a last row that asks for the whole list as text."""
    if len(categories) > MAX_ROWS:
        known = {category.id for category in categories}
        top = [category_id for category_id in most_used if category_id in known][:MAX_ROWS - 1]
        # Too few reports yet: the directory's first categories fill up the list.
        top += [category.id for category in categories if category.id not in top][:MAX_ROWS - 1 - len(top)]
        chosen = [category for category in categories if category.id in set(top)]
        return [_category_row(category, language) for category in chosen] + [MORE_CATEGORIES[language]]
    return [_category_row(category, language) for category in categories]


def theme_rows(themes: list, language: str) -> list[Row]:
    """An aspiration's themes as list rows (the answering office beside each); past ten, the first
    nine and a row that asks for them all as text."""
    rows = [(theme.label(language), f"{THEME_QUESTION}:{theme.code}", theme.department) for theme in themes]
    return rows if len(rows) <= MAX_ROWS else rows[:MAX_ROWS - 1] + [MORE_THEMES[language]]


def ballot_rows(projects: list, offset: int, language: str, cost_words: Callable[[int], str]) -> list[Row]:
    """A round's projects from ``offset`` as list rows (their cost beside each), then a row for the
    next ones when they do not all fit, and last the row that sends the ballot."""
    room = MAX_ROWS - 1
    shown = projects[offset:offset + room]
    if len(projects) > room:
        shown = projects[offset:offset + room - 1]
    rows = [(project.title, f"{BALLOT_QUESTION}:{project.code}", cost_words(project.cost)) for project in shown]
    if len(projects) > room:
        rows.append(MORE_PROJECTS[language])
    return rows + [SEND_BALLOT[language]]


def _category_row(category, language: str) -> Row:
    return (category.label(language), f"{CATEGORY_QUESTION}:{category.code}", category.department)


def case_row(ref: str, title: str, description: str) -> Row:
    """A row of the list that asks which case a message is about: tapped, it answers with the ref."""
    return (title, f"{CASE_QUESTION}:{ref}", description)


def texts(choices: dict, language: str) -> dict:
    """The catalog's body (and a list's button) for these taps."""
    return _texts(choices["purpose"], language)


def samples(choices: dict, language: str) -> dict[str, str]:
    """A sample value for each variable, by position (the Content API requires one)."""
    spec = CHOICES[choices["purpose"]]
    return {str(position): CHOICE_SAMPLES[name][language] for position, name in enumerate(spec.variables, start=1)}


def definition_hash(choices: dict, language: str) -> str:
    spec = CHOICES[choices["purpose"]]
    texts = _texts(spec.purpose, language)
    content = {"kind": spec.kind, "body": texts["body"], "button": texts.get("button"),
               "rows": rows_of(choices, language), "variables": spec.variables}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def content_name(choices: dict, language: str) -> str:
    return f"{NAME_PREFIX}_{choices['purpose']}_{language}_{definition_hash(choices, language)[:8]}"


def fill(choices: dict, language: str) -> Filled:
    """The ContentVariables and the text the phone shows above the taps."""
    spec = CHOICES[choices["purpose"]]
    return fill_body(_texts(spec.purpose, language)["body"], spec.variables, spec.long, choices.get("values") or {})


#: ``MessageType`` of an inbound tap on a list row or a quick reply.
TAP_TYPES = ("interactive", "button")
#: A tap's id is ``question:word``; the question names the conversation state it answers (each
#: flow's ``Step.question``), or ``fixed`` ("is it fixed?", whatever the state). The menu's rows are
#: bare words that work anywhere.
CATEGORY_QUESTION = "category"
THEME_QUESTION = "theme"
IDEA_QUESTION = "idea"
BALLOT_QUESTION = "ballot"
FIX_QUESTION = "fixed"
CASE_QUESTION = "case"


@dataclass(frozen=True)
class Tap:
    """What a resident tapped: the word it stands for, and the question it answers (None: any)."""

    word: str
    question: str | None = None


def tapped(session: Session, message: Message, language: str) -> Tap | None:
    """The list row or quick reply the resident tapped (None if they typed), read from its id, not
    from the title in ``Body``. The templates' *Baca* button is not an answer (``handlers/window.py``
    releases what it held). Should a tap come without its id, its title is looked up among the taps
    of the message it replies to, else of the last message that offered any."""
    answer = message.tap_id
    if not answer:
        answer = _id_of_title(session, message, language)
    if not answer or answer == READ_BUTTON_ID:
        return None
    question, _, word = str(answer).rpartition(":")
    return Tap(word, question or None)


def _id_of_title(session: Session, message: Message, language: str) -> str | None:
    title = (message.body or "").strip()
    if message.message_type not in TAP_TYPES or not title:
        return None
    offered = select(Message.choices).where(Message.phone == message.phone,
                                            Message.direction == MessageDirection.OUTBOUND,
                                            Message.choices.is_not(None))
    if message.replied_to_sid:
        offered = offered.where(Message.sid == message.replied_to_sid)
    choices = session.scalars(offered.order_by(Message.id.desc()).limit(1)).first()
    rows = rows_of(choices, language) if choices else []
    return next((choice_id for row_title, choice_id, _ in rows if row_title == title), None)


def _texts(purpose: str, language: str) -> dict:
    if purpose in _TEXT_SOURCES:
        return _TEXT_SOURCES[purpose](language)
    variants = CHOICE_TEXTS[purpose]
    return variants.get(language, variants["id"])
