"""Filing a report: category, description, location (a pin or an address, and the kelurahan when
no area covers it), evidence, then the summary to send or change. ``menu`` half-way asks before
dropping what was written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from sqlalchemy import func, select

from models import Case, as_utc
from models.directory import area_label

from ..areas import AreaIndex, AreaShape
from ..catalog import t
from ..cases import file_case, link_transcript, location_text
from ..choices import (CATEGORY_LIST, CATEGORY_QUESTION, CONFIRM_BUTTONS, CONFIRM_REPROMPT_BUTTONS,
                       EVIDENCE_NEEDED_BUTTONS, EVIDENCE_OPTIONAL_BUTTONS, EVIDENCE_RECEIVED_BUTTONS,
                       EVIDENCE_REPROMPT_BUTTONS, EVIDENCE_REQUIRED_BUTTONS, LEAVE_BUTTONS, LEAVE_REPROMPT_BUTTONS,
                       category_rows, offer)
from ..context import Turn
from ..directory import CategoryChoice
from ..evidence import has_media, take_evidence, use_held_evidence
from ..words import EDITS, SEND_WORDS, Word, normalise, word
from .base import DraftSlot, Flow, LeaveQuestion, MenuEntry, Step, clear_drafts, finish_first, prompt
from .menu import HELD, MenuState

MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 1500
MIN_ADDRESS = 8
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class ReportState(str, Enum):
    CATEGORY = "category"
    DESCRIPTION = "description"
    LOCATION = "location"
    AREA = "area"
    EVIDENCE = "evidence"
    CONFIRM = "confirm"
    #: ``menu`` typed in the middle of a report: drop it? (``ya``: the menu; ``tidak``: back to it)
    LEAVE_REPORT = "leave_report"


@dataclass
class ReportDraft:
    """What the resident has said so far; ``file_case`` turns it into a case."""

    #: Where the report began: once filed, the conversation from here on is its transcript.
    since_message_id: int | None = None
    category_id: int | None = None
    category: str | None = None
    evidence_required: bool = False
    route: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    place_label: str | None = None
    area_id: int | None = None
    area: str | None = None
    #: The kelurahan offered by number while the area is asked.
    area_choices: list[int] | None = None
    evidence: list[int] = field(default_factory=list)
    #: ``location`` or ``description`` while ``ubah …`` at the summary changes it.
    editing: str | None = None
    #: The state ``menu`` interrupted, to go back to on ``tidak``.
    resume_state: str | None = None


REPORT = DraftSlot("report", ReportDraft)


#: How many kelurahan a resident whose location could not be placed picks from.
AREA_CHOICES = 5
#: The last row of a long category list: every category, as typed text.
ALL_CATEGORIES = "semua kategori"
#: Which categories lead a list longer than WhatsApp's ten rows: the most used over this many days.
POPULAR_OVER_DAYS = 90


def _take_evidence(turn: Turn) -> int:
    """The message's attachments added to the report's evidence; how many."""
    added = take_evidence(turn)
    if added:
        REPORT.update(turn, evidence=[*REPORT.of(turn).evidence, *added])
    return len(added)


def categories(turn: Turn) -> list[CategoryChoice]:
    return turn.config.directory.categories(turn.session)


def start_report(turn: Turn) -> Enum:
    if not categories(turn):
        turn.say("no_categories")
        return MenuState.MENU
    held = _recently_held(turn)
    # Remember where the report began: once filed, the conversation from here on is its transcript
    # (from the photo the resident sent just before, if it is taken as evidence).
    since = HELD.of(turn).since_message_id if held else turn.message.id
    REPORT.start(turn, ReportDraft(since_message_id=since))
    used = use_held_evidence(turn, held) if held else []
    if used:
        REPORT.update(turn, evidence=used)
        turn.say("held_evidence_used", count=len(used))
    return prompt(turn, ReportState.CATEGORY)


def _recently_held(turn: Turn) -> list[int]:
    """Attachments the resident sent from the menu within the draft's lifetime, to be this
    report's first evidence."""
    updated = turn.conversation.updated_at
    fresh = updated is not None and turn.now - as_utc(updated) <= timedelta(hours=turn.config.draft_ttl_hours)
    return list(HELD.of(turn).media_ids) if fresh else []


# --- one handler per state ------------------------------------------------------------------

def on_category(turn: Turn) -> Enum:
    options = categories(turn)
    if normalise(turn.text) == ALL_CATEGORIES:
        turn.say("ask_category", choices_text=_numbered_categories(turn))  # typed: the whole list
        return ReportState.CATEGORY
    chosen = _match_category(turn.text, options)
    if chosen is None:
        if has_media(turn):
            _take_evidence(turn)
        turn.say("category_reprompt", count=len(options))
        return prompt(turn, ReportState.CATEGORY)
    REPORT.update(turn, category_id=chosen.id, category=chosen.label(turn.language),
                  evidence_required=chosen.evidence_required, route=chosen.route)
    return prompt(turn, ReportState.DESCRIPTION)


def on_description(turn: Turn) -> Enum:
    kept = _take_evidence(turn) if has_media(turn) else 0
    text = turn.text
    if len(_LETTERS.findall(text)) >= MIN_DESCRIPTION:
        if len(text) > MAX_DESCRIPTION:  # kept up to the limit, and the resident told what was cut
            text = _cut_at_word(text, MAX_DESCRIPTION)
            turn.say("description_cut", length=len(turn.text), max=MAX_DESCRIPTION, end=text[-40:].lstrip())
        if kept:
            turn.say("caption_evidence_received")
        REPORT.update(turn, description=text)
        return _back_to_summary(turn) or prompt(turn, ReportState.LOCATION)
    if kept and not text:
        turn.say("evidence_kept_ask_description")
    else:
        turn.say("description_too_short", min=MIN_DESCRIPTION)
    return ReportState.DESCRIPTION


def on_location(turn: Turn) -> Enum:
    message = turn.message
    if message.latitude is not None and message.longitude is not None:
        REPORT.update(turn, latitude=message.latitude, longitude=message.longitude,
                      address=message.address, place_label=message.place_label)
        return _placed(turn, areas(turn).at_point(message.latitude, message.longitude)
                       or _named_area(turn, message.address, message.place_label))
    if has_media(turn) and _take_evidence(turn):
        turn.say("evidence_kept_ask_location")
        return ReportState.LOCATION
    if len(_LETTERS.findall(turn.text)) >= MIN_ADDRESS and len(turn.text) <= 500:
        # A typed address replaces a pin given before (``ubah lokasi``): never the new words at the old place.
        REPORT.update(turn, address=turn.text, latitude=None, longitude=None, place_label=None)
        return _placed(turn, _named_area(turn, turn.text))
    turn.say("location_reprompt", min=MIN_ADDRESS)
    return ReportState.LOCATION


def on_area(turn: Turn) -> Enum:
    """Asked once: a number from the list, a kelurahan's name or another pin; anything else goes on
    without one (the case goes to the category's department). A photo is kept as evidence."""
    message = turn.message
    if has_media(turn) and _take_evidence(turn) and not turn.text:
        turn.say("evidence_saved", count=len(REPORT.of(turn).evidence))
        return prompt(turn, ReportState.AREA)
    choices = REPORT.of(turn).area_choices or []
    answer = turn.text.strip(" .")
    picked = None
    if message.latitude is not None and message.longitude is not None:
        picked = areas(turn).at_point(message.latitude, message.longitude)
    elif answer.isdecimal() and 1 <= int(answer) <= len(choices):
        picked = areas(turn).get(choices[int(answer) - 1])
    elif answer:
        picked = areas(turn).named_in(answer)
    if picked is None:
        turn.say("area_skipped")
    REPORT.update(turn, area_choices=None)
    return _placed(turn, picked, ask=False)


def on_evidence(turn: Turn) -> Enum:
    """Every answer here comes with the *Selesai* button the question came with."""
    if has_media(turn):
        if _take_evidence(turn):
            count = len(REPORT.of(turn).evidence)
            turn.say("evidence_received", count=count, choices=offer(EVIDENCE_RECEIVED_BUTTONS, {"count": count}))
        else:  # only refused files (each told why): the question again, with its button
            _prompt_evidence(turn)
        return ReportState.EVIDENCE
    draft = REPORT.of(turn)
    still_needed = draft.evidence_required and not draft.evidence
    if word(turn.text) in (Word.DONE, Word.NO) and not still_needed:
        return prompt(turn, ReportState.CONFIRM)
    if still_needed:  # never "…or if you have none" where evidence is required
        turn.say("evidence_required_reprompt", choices=offer(EVIDENCE_NEEDED_BUTTONS))
    else:
        turn.say("evidence_reprompt", choices=offer(EVIDENCE_REPROMPT_BUTTONS))
    return ReportState.EVIDENCE


def on_confirm(turn: Turn) -> Enum:
    answer = Word.YES if normalise(turn.text) in SEND_WORDS else word(turn.text)
    edit = EDITS.get(normalise(turn.text).strip(" ."))
    if edit is not None:
        REPORT.update(turn, editing=edit)
        return prompt(turn, ReportState.LOCATION if edit == "location" else ReportState.DESCRIPTION)
    if answer == Word.YES:
        draft = REPORT.of(turn)
        case = file_case(turn.session, turn.resident, draft, turn.config, turn.outbox)
        # About the case, so that a swipe-reply to it reaches the case's officials.
        turn.say_text(t("case_created", turn.language, ref=case.ref, department=case.department.name), about=case)
        link_transcript(turn.session, case, turn.conversation.id, draft.since_message_id)
        clear_drafts(turn)
        return MenuState.MENU
    if answer == Word.NO:
        clear_drafts(turn)
        turn.say("cancelled")
        return MenuState.MENU
    if (has_media(turn) and _take_evidence(turn)) or answer == Word.DONE:
        return prompt(turn, ReportState.CONFIRM)  # with the new photo counted; "selesai" from habit: again
    turn.say("confirm_reprompt", choices=offer(CONFIRM_REPROMPT_BUTTONS))
    return ReportState.CONFIRM


#: ``menu`` in the middle of a report: drop it?
LEAVE = LeaveQuestion(REPORT, ReportState.LEAVE_REPORT, ReportState.CATEGORY, dropped="cancelled",
                      reprompt="leave_report_reprompt", reprompt_buttons=LEAVE_REPROMPT_BUTTONS)


# --- what each state asks -------------------------------------------------------------------

def _prompt_category(turn: Turn) -> None:
    options = categories(turn)
    rows = category_rows(options, turn.language, _most_used(turn) if len(options) > 10 else [])
    turn.say("ask_category", choices_text=_numbered_categories(turn), choices=offer(CATEGORY_LIST, rows=rows))


def _numbered_categories(turn: Turn) -> str:
    return "\n".join(f"{number}. {category.label(turn.language)}"
                     for number, category in enumerate(categories(turn), start=1))


def _most_used(turn: Turn) -> list[int]:
    """Category ids by the number of reports filed in the last POPULAR_OVER_DAYS days, most first."""
    since = turn.now - timedelta(days=POPULAR_OVER_DAYS)
    counted = turn.session.execute(
        select(Case.category_id, func.count()).where(Case.created_at >= since)
        .group_by(Case.category_id).order_by(func.count().desc(), Case.category_id)).all()
    return [category_id for category_id, _ in counted]


def _prompt_area(turn: Turn) -> None:
    draft = REPORT.of(turn)
    where = draft.address or draft.place_label or ""
    options = areas(turn).closest_names(where, limit=AREA_CHOICES)
    REPORT.update(turn, area_choices=[area.id for area in options])
    # Typed, not a list picker: the kelurahan nearest to each address differ, and a list picker's
    # rows are fixed when its Content is created.
    turn.say("ask_area", choices_text="\n".join(f"{number}. {area.name}"
                                                 for number, area in enumerate(options, start=1)))


def _prompt_evidence(turn: Turn) -> None:
    required = REPORT.of(turn).evidence_required
    turn.say("ask_evidence_required" if required else "ask_evidence_optional",
             choices=offer(EVIDENCE_REQUIRED_BUTTONS if required else EVIDENCE_OPTIONAL_BUTTONS))


def _prompt_confirm(turn: Turn) -> None:
    draft = REPORT.of(turn)
    location = location_text(draft.address, draft.place_label, draft.latitude, draft.longitude)
    fields = {"category": draft.category or "-", "description": draft.description or "-",
              "evidence": len(draft.evidence)}
    buttons = offer(CONFIRM_BUTTONS, {**fields, "location": f"{location} ({draft.area})" if draft.area
                                        else location})
    turn.say("summary", location=location, choices=buttons,
             area=t("summary_area", turn.language, area=draft.area) if draft.area else "", **fields)


# --- helpers ---------------------------------------------------------------------------------

def areas(turn: Turn) -> AreaIndex:
    return turn.config.directory.areas(turn.session)


def _named_area(turn: Turn, *texts: str | None) -> AreaShape | None:
    for text in texts:
        area = areas(turn).named_in(text) if text else None
        if area is not None:
            return area
    return None


def _placed(turn: Turn, area: AreaShape | None, ask: bool = True) -> Enum:
    """Keep where the report is; a report routed by area whose place is unknown asks for the
    kelurahan once (when the city listed any). Then evidence, unless a photo came already (with
    its caption as the description): then the summary, which takes more photos too."""
    if area is not None:
        REPORT.update(turn, area_id=area.id, area=_area_label(turn, area))
    else:
        REPORT.update(turn, area_id=None, area=None)
        if ask and REPORT.of(turn).route == "area" and len(areas(turn)):
            return prompt(turn, ReportState.AREA)
    if REPORT.of(turn).evidence:
        REPORT.update(turn, editing=None)
        return prompt(turn, ReportState.CONFIRM)
    return _back_to_summary(turn) or prompt(turn, ReportState.EVIDENCE)


def _back_to_summary(turn: Turn) -> Enum | None:
    """After ``ubah lokasi``/``ubah deskripsi`` at the summary: the summary again."""
    if not REPORT.of(turn).editing:
        return None
    REPORT.update(turn, editing=None)
    return prompt(turn, ReportState.CONFIRM)


def _area_label(turn: Turn, area: AreaShape) -> str:
    parent = areas(turn).get(area.parent_id) if area.parent_id else None
    return area_label(area.kind, area.name, parent.name if parent is not None else None)


def _match_category(text: str, options: list[CategoryChoice]) -> CategoryChoice | None:
    wanted = " ".join(text.lower().split()).strip(" .")
    if wanted.isdigit() and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1]
    for category in options:
        names = {category.code.lower(), category.name.lower(), (category.name_en or "").lower()}
        if wanted and wanted in names:
            return category
    return None


def _cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at the last space if one is near the end."""
    cut = text[:limit]
    at_space = cut.rfind(" ")
    return (cut[:at_space] if at_space > limit - 80 else cut).rstrip()


def _on_report_word(turn: Turn, state: Enum) -> Enum:
    """``lapor`` mid-report starts afresh; mid-idea, the idea is not dropped unasked."""
    return finish_first(turn, state, FLOW) or start_report(turn)


FLOW = Flow(
    name="report",
    steps={
        ReportState.CATEGORY: Step(on_category, _prompt_category, question=CATEGORY_QUESTION),
        ReportState.DESCRIPTION: Step(on_description, lambda turn: turn.say(
            "ask_description", category=REPORT.of(turn).category)),
        ReportState.LOCATION: Step(on_location, lambda turn: turn.say("ask_location")),
        ReportState.AREA: Step(on_area, _prompt_area),
        ReportState.EVIDENCE: Step(on_evidence, _prompt_evidence, question="evidence"),
        ReportState.CONFIRM: Step(on_confirm, _prompt_confirm, question="confirm"),
        ReportState.LEAVE_REPORT: Step(LEAVE.answer, lambda turn: turn.say(
            "ask_leave_report", choices=offer(LEAVE_BUTTONS)), question="leave"),
    },
    drafting=frozenset(ReportState),
    words={Word.REPORT: _on_report_word},
    menu=MenuEntry("report", "lapor", start_report),
    draft=REPORT,
    leave=LEAVE.ask,
    leave_state=ReportState.LEAVE_REPORT,
)
