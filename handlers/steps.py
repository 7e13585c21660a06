"""The resident's conversation: its states, one small handler per state, and their prompts.

A step handler gets the Turn, says what it must, and returns the next State. ``STEPS`` and
``PROMPTS`` below are the whole machine at a glance.
"""
from __future__ import annotations

import re
from datetime import timedelta
from enum import Enum

from sqlalchemy import func, select

from models import Case, as_utc
from models.directory import area_label

from .areas import AreaIndex, AreaShape
from .catalog import t
from .cases import file_case, link_transcript, location_text, open_cases_report
from .choices import category_rows, offer
from .context import Turn
from .directory import CategoryChoice
from .evidence import has_media, hold_for_next_report, take_evidence, use_held_evidence
from .fixed import add_to_reopened, is_rating, rate, recently_reopened
from .words import EDITS, SEND_WORDS, Word, normalise, word

MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 1500
MIN_ADDRESS = 8
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class State(str, Enum):
    MENU = "menu"
    CATEGORY = "category"
    DESCRIPTION = "description"
    LOCATION = "location"
    AREA = "area"
    EVIDENCE = "evidence"
    CONFIRM = "confirm"
    #: ``menu`` typed in the middle of a report: drop it? (``ya``: the menu; ``tidak``: back to it)
    LEAVE_REPORT = "leave_report"
    #: A closed case's resident may rate its handling (handlers/fixed.py); anything else is the menu.
    RATING = "rating"


#: States in which a report is being written (and a draft can expire).
DRAFTING = {State.CATEGORY, State.DESCRIPTION, State.LOCATION, State.AREA, State.EVIDENCE, State.CONFIRM,
            State.LEAVE_REPORT}
#: How many kelurahan a resident whose location could not be placed picks from.
AREA_CHOICES = 5
#: The last row of a long category list: every category, as typed text.
ALL_CATEGORIES = "semua kategori"
#: Which categories lead a list longer than WhatsApp's ten rows: the most used over this many days.
POPULAR_OVER_DAYS = 90


def categories(turn: Turn) -> list[CategoryChoice]:
    return turn.config.directory.categories(turn.session)


def start_report(turn: Turn) -> State:
    if not categories(turn):
        turn.say("no_categories")
        return State.MENU
    held = _recently_held(turn)
    # Remember where the report began: once filed, the conversation from here on is its transcript
    # (from the photo the resident sent just before, if it is taken as evidence).
    turn.conversation.draft = {"since_message_id": turn.draft.get("held_since") if held else turn.message.id}
    if held and use_held_evidence(turn, held):
        turn.say("held_evidence_used", count=len(turn.draft["evidence"]))
    return prompt(turn, State.CATEGORY)


def _recently_held(turn: Turn) -> list[int]:
    """Attachments the resident sent from the menu within the draft's lifetime, to be this
    report's first evidence."""
    updated = turn.conversation.updated_at
    fresh = updated is not None and turn.now - as_utc(updated) <= timedelta(hours=turn.config.draft_ttl_hours)
    return list(turn.draft.get("held_evidence") or []) if fresh else []


# --- one handler per state ------------------------------------------------------------------

def on_menu(turn: Turn) -> State:
    choice = turn.text.strip(" .")
    if choice in MENU_ACTIONS:
        return MENU_ACTIONS[choice](turn)
    if has_media(turn):
        reopened = recently_reopened(turn)
        if reopened is not None:
            add_to_reopened(turn, reopened)
            return State.MENU
        turn.say("media_held_for_report" if hold_for_next_report(turn) else "media_not_expected")
    else:
        turn.say("menu_reprompt")
    return prompt(turn, State.MENU)


def on_category(turn: Turn) -> State:
    options = categories(turn)
    if normalise(turn.text) == ALL_CATEGORIES:
        turn.say("ask_category", choices_text=_numbered_categories(turn))  # typed: the whole list
        return State.CATEGORY
    chosen = _match_category(turn.text, options)
    if chosen is None:
        if has_media(turn):
            take_evidence(turn)
        turn.say("category_reprompt", count=len(options))
        return prompt(turn, State.CATEGORY)
    turn.update_draft(category_id=chosen.id, category=chosen.label(turn.language),
                      evidence_required=chosen.evidence_required, route=chosen.route)
    return prompt(turn, State.DESCRIPTION)


def on_description(turn: Turn) -> State:
    kept = take_evidence(turn) if has_media(turn) else 0
    text = turn.text
    if len(_LETTERS.findall(text)) >= MIN_DESCRIPTION:
        if len(text) > MAX_DESCRIPTION:  # kept up to the limit, and the resident told what was cut
            text = _cut_at_word(text, MAX_DESCRIPTION)
            turn.say("description_cut", length=len(turn.text), max=MAX_DESCRIPTION, end=text[-40:].lstrip())
        if kept:
            turn.say("caption_evidence_received")
        turn.update_draft(description=text)
        return _back_to_summary(turn) or prompt(turn, State.LOCATION)
    if kept and not text:
        turn.say("evidence_kept_ask_description")
    else:
        turn.say("description_too_short", min=MIN_DESCRIPTION)
    return State.DESCRIPTION


def on_location(turn: Turn) -> State:
    message = turn.message
    if message.latitude is not None and message.longitude is not None:
        turn.update_draft(latitude=message.latitude, longitude=message.longitude,
                          address=message.address, place_label=message.place_label)
        return _placed(turn, areas(turn).at_point(message.latitude, message.longitude)
                       or _named_area(turn, message.address, message.place_label))
    if has_media(turn) and take_evidence(turn):
        turn.say("evidence_kept_ask_location")
        return State.LOCATION
    if len(_LETTERS.findall(turn.text)) >= MIN_ADDRESS and len(turn.text) <= 500:
        # A typed address replaces a pin given before (``ubah lokasi``): never the new words at the old place.
        turn.update_draft(address=turn.text, latitude=None, longitude=None, place_label=None)
        return _placed(turn, _named_area(turn, turn.text))
    turn.say("location_reprompt", min=MIN_ADDRESS)
    return State.LOCATION


def on_area(turn: Turn) -> State:
    """Asked once: a number from the list, a kelurahan's name or another pin; anything else goes on
    without one (the case goes to the category's department). A photo is kept as evidence."""
    message = turn.message
    if has_media(turn) and take_evidence(turn) and not turn.text:
        turn.say("evidence_received", count=len(turn.draft.get("evidence", [])))
        return prompt(turn, State.AREA)
    choices = turn.draft.get("area_choices") or []
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
    turn.update_draft(area_choices=None)
    return _placed(turn, picked, ask=False)


def on_evidence(turn: Turn) -> State:
    if has_media(turn):
        added = take_evidence(turn)
        if added:
            turn.say("evidence_received", count=len(turn.draft.get("evidence", [])))
        return State.EVIDENCE
    if word(turn.text) in (Word.DONE, Word.NO):
        if turn.draft.get("evidence_required") and not turn.draft.get("evidence"):
            turn.say("evidence_required_reprompt")
            return State.EVIDENCE
        return prompt(turn, State.CONFIRM)
    turn.say("evidence_reprompt")
    return State.EVIDENCE


def on_confirm(turn: Turn) -> State:
    answer = Word.YES if normalise(turn.text) in SEND_WORDS else word(turn.text)
    edit = EDITS.get(normalise(turn.text).strip(" ."))
    if edit is not None:
        turn.update_draft(editing=edit)
        return prompt(turn, State.LOCATION if edit == "location" else State.DESCRIPTION)
    if answer == Word.YES:
        case = file_case(turn.session, turn.resident, turn.draft, turn.config, turn.outbox)
        # About the case, so that a swipe-reply to it reaches the case's officials.
        turn.say_text(t("case_created", turn.language, ref=case.ref, department=case.department.name), about=case)
        link_transcript(turn.session, case, turn.conversation.id, turn.draft.get("since_message_id"))
        turn.conversation.draft = {}
        return State.MENU
    if answer == Word.NO:
        turn.conversation.draft = {}
        turn.say("cancelled")
        return State.MENU
    if (has_media(turn) and take_evidence(turn)) or answer == Word.DONE:
        return prompt(turn, State.CONFIRM)  # with the new photo counted; "selesai" from habit: again
    turn.say("confirm_reprompt")
    return State.CONFIRM


def ask_to_leave_report(turn: Turn, state: State) -> State:
    """``menu`` while writing a report: ask before dropping what was written."""
    turn.update_draft(resume_state=state.value)
    return prompt(turn, State.LEAVE_REPORT)


def on_leave_report(turn: Turn) -> State:
    answer = word(turn.text)
    resume = State(turn.draft.get("resume_state", State.CATEGORY.value))
    if answer == Word.YES:
        turn.conversation.draft = {}
        turn.say("cancelled")
        return prompt(turn, State.MENU)
    if answer == Word.NO:
        turn.update_draft(resume_state=None)
        return prompt(turn, resume)
    turn.say("leave_report_reprompt")
    return State.LEAVE_REPORT


def on_rating(turn: Turn) -> State:
    case_id = turn.draft.get("rating_case_id")
    turn.conversation.draft = {}
    if is_rating(turn.text) and case_id:
        rate(turn, case_id, int(turn.text.strip(" .*")))
        return State.MENU
    return on_menu(turn)


STEPS = {
    State.MENU: on_menu,
    State.RATING: on_rating,
    State.CATEGORY: on_category,
    State.DESCRIPTION: on_description,
    State.LOCATION: on_location,
    State.AREA: on_area,
    State.EVIDENCE: on_evidence,
    State.CONFIRM: on_confirm,
    State.LEAVE_REPORT: on_leave_report,
}


# --- what each state asks -------------------------------------------------------------------

def prompt(turn: Turn, state: State) -> State:
    """Ask what ``state`` needs, and return it as the next state."""
    PROMPTS[state](turn)
    return state


def _prompt_category(turn: Turn) -> None:
    options = categories(turn)
    rows = category_rows(options, turn.language, _most_used(turn) if len(options) > 10 else [])
    turn.say("ask_category", choices_text=_numbered_categories(turn), choices=offer("category_list", rows=rows))


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
    where = turn.draft.get("address") or turn.draft.get("place_label") or ""
    options = areas(turn).closest_names(where, limit=AREA_CHOICES)
    turn.update_draft(area_choices=[area.id for area in options])
    # Typed, not a list picker: the kelurahan nearest to each address differ, and a list picker's
    # rows are fixed when its Content is created.
    turn.say("ask_area", choices_text="\n".join(f"{number}. {area.name}"
                                                 for number, area in enumerate(options, start=1)))


def _prompt_evidence(turn: Turn) -> None:
    required = turn.draft.get("evidence_required")
    turn.say("ask_evidence_required" if required else "ask_evidence_optional",
             choices=offer("evidence_required_buttons" if required else "evidence_optional_buttons"))


def _prompt_confirm(turn: Turn) -> None:
    draft = turn.draft
    location = location_text(draft.get("address"), draft.get("place_label"), draft.get("latitude"),
                             draft.get("longitude"))
    fields = {"category": draft.get("category", "-"), "description": draft.get("description", "-"),
              "evidence": len(draft.get("evidence", []))}
    buttons = offer("confirm_buttons", {**fields, "location": f"{location} ({draft['area']})" if draft.get("area")
                                        else location})
    turn.say("summary", location=location, choices=buttons,
             area=t("summary_area", turn.language, area=draft["area"]) if draft.get("area") else "", **fields)


PROMPTS = {
    State.MENU: lambda turn: turn.say("menu", choices=offer("menu_list")),
    State.RATING: lambda turn: turn.say("menu", choices=offer("menu_list")),
    State.CATEGORY: _prompt_category,
    State.DESCRIPTION: lambda turn: turn.say("ask_description", category=turn.draft.get("category")),
    State.LOCATION: lambda turn: turn.say("ask_location"),
    State.AREA: _prompt_area,
    State.EVIDENCE: _prompt_evidence,
    State.CONFIRM: _prompt_confirm,
    State.LEAVE_REPORT: lambda turn: turn.say("ask_leave_report", choices=offer("leave_buttons")),
}


# --- helpers ---------------------------------------------------------------------------------

def areas(turn: Turn) -> AreaIndex:
    return turn.config.directory.areas(turn.session)


def _named_area(turn: Turn, *texts: str | None) -> AreaShape | None:
    for text in texts:
        area = areas(turn).named_in(text) if text else None
        if area is not None:
            return area
    return None


def _placed(turn: Turn, area: AreaShape | None, ask: bool = True) -> State:
    """Keep where the report is; a report routed by area whose place is unknown asks for the
    kelurahan once (when the city listed any). Then evidence, unless a photo came already (with
    its caption as the description): then the summary, which takes more photos too."""
    if area is not None:
        turn.update_draft(area_id=area.id, area=_area_label(turn, area))
    else:
        turn.update_draft(area_id=None, area=None)
        if ask and turn.draft.get("route") == "area" and len(areas(turn)):
            return prompt(turn, State.AREA)
    if turn.draft.get("evidence"):
        turn.update_draft(editing=None)
        return prompt(turn, State.CONFIRM)
    return _back_to_summary(turn) or prompt(turn, State.EVIDENCE)


def _back_to_summary(turn: Turn) -> State | None:
    """After ``ubah lokasi``/``ubah deskripsi`` at the summary: the summary again."""
    if not turn.draft.get("editing"):
        return None
    turn.update_draft(editing=None)
    return prompt(turn, State.CONFIRM)


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


def list_own_cases(turn: Turn) -> State:
    """The resident's cases still under way, each with what happened last; kept out of any case's
    transcript (``status`` messages)."""
    turn.message.kind = "status"
    turn.say_text(open_cases_report(turn.session, turn.resident, turn.language, turn.config.city_timezone),
                  kind="status")
    return State.MENU


def _show_help(turn: Turn) -> State:
    turn.say("help")
    return State.MENU


#: The main menu's entries by the number residents type; the first is always the report.
MENU_ACTIONS = {"1": start_report, "2": list_own_cases, "3": _show_help}
