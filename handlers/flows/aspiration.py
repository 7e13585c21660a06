"""Filing an aspiration (an idea for the city, not a complaint): theme, a short title, the idea,
where (a pin, a kelurahan, or the whole city), an optional picture, then the summary to send.
No evidence is asked for. At most ``ASPIRATIONS_PER_DAY`` a day per number; ``menu`` half-way asks
before dropping what was written."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from models.directory import area_label

from ..aspirations import file_aspiration, may_file_another
from ..catalog import t
from ..choices import (ASPIRATION_CONFIRM_BUTTONS, ASPIRATION_CONFIRM_REPROMPT_BUTTONS, ASPIRATION_LEAVE_BUTTONS,
                       ASPIRATION_LEAVE_REPROMPT_BUTTONS, PHOTO_BUTTONS, PLACE_BUTTONS,
                       THEME_LIST, THEME_QUESTION, offer, theme_rows)
from ..context import Turn
from ..directory import ThemeChoice
from ..evidence import FOR_AN_IDEA, has_media, take_evidence
from ..words import ASPIRATION_EDITS, CITY_WIDE_WORDS, SEND_WORDS, Word, normalise, word
from .base import DraftSlot, Flow, LeaveQuestion, MenuEntry, Step, clear_drafts, finish_first, prompt
from .menu import MenuState

MAX_TITLE = 80
MIN_TITLE = 5
MIN_IDEA = 20
MAX_IDEA = 1500
#: Pictures one aspiration carries at most.
MAX_PHOTOS = 3
#: Kelurahan names offered when a typed place is not one.
PLACE_SUGGESTIONS = 3
#: The theme list's last row when there are more than ten: every theme, as typed text.
ALL_THEMES = "semua tema"
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class AspirationState(str, Enum):
    THEME = "aspiration_theme"
    TITLE = "aspiration_title"
    IDEA = "aspiration_idea"
    PLACE = "aspiration_place"
    PHOTO = "aspiration_photo"
    CONFIRM = "aspiration_confirm"
    #: ``menu`` typed half-way: drop it? (``ya``: the menu; ``tidak``: back to it)
    LEAVE = "aspiration_leave"


@dataclass
class AspirationDraft:
    """What the resident has said so far; ``file_aspiration`` turns it into an aspiration."""

    theme_id: int | None = None
    theme: str | None = None
    title: str | None = None
    body: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    area_id: int | None = None
    area: str | None = None
    city_wide: bool = False
    photos: list[int] = field(default_factory=list)
    #: ``title``, ``idea`` or ``place`` while ``ubah …`` at the summary changes it.
    editing: str | None = None
    #: The state ``menu`` interrupted, to go back to on ``tidak``.
    resume_state: str | None = None


ASPIRATION = DraftSlot("aspiration", AspirationDraft)


def themes(turn: Turn) -> list[ThemeChoice]:
    return turn.config.directory.themes(turn.session)


def start_aspiration(turn: Turn) -> Enum:
    if not themes(turn):
        turn.say("no_themes")
        return MenuState.MENU
    if not may_file_another(turn.session, turn.resident, turn.config, turn.now):
        turn.say("aspiration_limit", limit=turn.config.aspirations_per_day)
        return MenuState.MENU
    # Beside what the menu holds (a photo kept for the next report), not instead of it.
    ASPIRATION.put(turn, AspirationDraft())
    return prompt(turn, AspirationState.THEME)


# --- one handler per state ------------------------------------------------------------------

def on_theme(turn: Turn) -> Enum:
    options = themes(turn)
    if normalise(turn.text) == ALL_THEMES:
        turn.say("ask_theme", choices_text=_numbered_themes(turn))
        return AspirationState.THEME
    chosen = _match_theme(turn.text, options)
    if chosen is None:
        if not (_keep_photo(turn) and not turn.text):  # a picture alone was kept, and said so
            turn.say("theme_reprompt", count=len(options))
        return prompt(turn, AspirationState.THEME)
    ASPIRATION.update(turn, theme_id=chosen.id, theme=chosen.label(turn.language))
    return prompt(turn, AspirationState.TITLE)


def on_title(turn: Turn) -> Enum:
    kept = _keep_photo(turn)
    title = " ".join(turn.text.split())
    if len(title) > MAX_TITLE:
        turn.say("title_too_long", length=len(title), max=MAX_TITLE)
        return AspirationState.TITLE
    if len(_LETTERS.findall(title)) < MIN_TITLE:
        if not kept:
            turn.say("title_too_short", min=MIN_TITLE)
        return prompt(turn, AspirationState.TITLE) if kept else AspirationState.TITLE
    ASPIRATION.update(turn, title=title)
    return _back_to_summary(turn) or prompt(turn, AspirationState.IDEA)


def on_idea(turn: Turn) -> Enum:
    kept = _keep_photo(turn)
    text = turn.text
    if len(_LETTERS.findall(text)) < MIN_IDEA:
        if kept and not text:
            return prompt(turn, AspirationState.IDEA)
        turn.say("idea_too_short", min=MIN_IDEA)
        return AspirationState.IDEA
    if len(text) > MAX_IDEA:
        text = text[:MAX_IDEA].rsplit(" ", 1)[0].rstrip()
        turn.say("idea_cut", length=len(turn.text), max=MAX_IDEA, end=text[-40:].lstrip())
    ASPIRATION.update(turn, body=text)
    return _back_to_summary(turn) or prompt(turn, AspirationState.PLACE)


def on_place(turn: Turn) -> Enum:
    message, areas = turn.message, turn.config.directory.areas(turn.session)
    if message.latitude is not None and message.longitude is not None:
        area = areas.at_point(message.latitude, message.longitude)
        return _placed(turn, latitude=message.latitude, longitude=message.longitude,
                       address=message.address or message.place_label, area=area)
    kept, answer = _keep_photo(turn), normalise(turn.text).strip(" .")
    if answer in CITY_WIDE_WORDS:
        return _placed(turn, city_wide=True)
    if kept and not answer:
        return prompt(turn, AspirationState.PLACE)
    area = areas.named_in(turn.text) if answer else None
    if area is not None:
        return _placed(turn, area=area)
    if answer and not len(areas) and len(_LETTERS.findall(answer)) >= MIN_TITLE:
        return _placed(turn, address=turn.text.strip())  # a city that lists no kelurahan: the words
    names = [shape.name for shape in areas.closest_names(turn.text, limit=PLACE_SUGGESTIONS)] if answer else []
    shown = turn.text.strip()[:60]
    if names:
        turn.say("place_unknown", text=shown, names=", ".join(names))
    else:
        turn.say("place_unknown_no_names", text=shown)
    return prompt(turn, AspirationState.PLACE)


def on_photo(turn: Turn) -> Enum:
    if has_media(turn):
        if _keep_photo(turn):
            return prompt(turn, AspirationState.CONFIRM)
        return prompt(turn, AspirationState.PHOTO)  # only refused files, each told why
    if turn.text:  # "lewati", "tidak ada foto", "ok kirim": words at an optional step mean none
        return prompt(turn, AspirationState.CONFIRM)
    return prompt(turn, AspirationState.PHOTO)


def on_confirm(turn: Turn) -> Enum:
    kept, typed = _keep_photo(turn), normalise(turn.text).strip(" .")
    edit = ASPIRATION_EDITS.get(typed)
    if edit is not None:
        ASPIRATION.update(turn, editing=edit)
        return prompt(turn, {"title": AspirationState.TITLE, "idea": AspirationState.IDEA,
                             "place": AspirationState.PLACE}[edit])
    answer = Word.YES if typed in SEND_WORDS else word(turn.text)
    if answer == Word.YES:
        return _send(turn)
    if answer == Word.NO:
        clear_drafts(turn)
        turn.say("aspiration_dropped")
        return MenuState.MENU
    if kept or answer == Word.DONE:
        return prompt(turn, AspirationState.CONFIRM)  # with the new picture counted
    turn.say("aspiration_summary_reprompt", choices=offer(ASPIRATION_CONFIRM_REPROMPT_BUTTONS))
    return AspirationState.CONFIRM


def _send(turn: Turn) -> Enum:
    if not may_file_another(turn.session, turn.resident, turn.config, turn.now):
        turn.say("aspiration_limit", limit=turn.config.aspirations_per_day)
        return AspirationState.CONFIRM  # kept: it may go tomorrow
    aspiration = file_aspiration(turn.session, turn.resident, ASPIRATION.of(turn), turn.config, turn.now)
    turn.say("aspiration_created", ref=aspiration.ref, department=aspiration.department.name)
    clear_drafts(turn)
    return MenuState.MENU


#: ``menu`` half-way through an aspiration: drop it?
LEAVE = LeaveQuestion(ASPIRATION, AspirationState.LEAVE, AspirationState.THEME, dropped="aspiration_dropped",
                      reprompt="leave_aspiration_reprompt", reprompt_buttons=ASPIRATION_LEAVE_REPROMPT_BUTTONS)


# --- what each state asks -------------------------------------------------------------------

def _ask_theme(turn: Turn) -> None:
    turn.say("ask_theme", choices_text=_numbered_themes(turn),
             choices=offer(THEME_LIST, rows=theme_rows(themes(turn), turn.language)))


def _numbered_themes(turn: Turn) -> str:
    return "\n".join(f"{number}. {theme.label(turn.language)}" for number, theme in enumerate(themes(turn), start=1))


def _ask_confirm(turn: Turn) -> None:
    draft = ASPIRATION.of(turn)
    fields = {"theme": draft.theme or "-", "title": draft.title or "-", "idea": draft.body or "-",
              "place": _place(turn, draft), "photos": len(draft.photos)}
    turn.say("aspiration_summary", choices=offer(ASPIRATION_CONFIRM_BUTTONS, fields), **fields)


def _place(turn: Turn, draft: AspirationDraft) -> str:
    if draft.city_wide:
        return t("city_wide", turn.language)
    if draft.area:
        return draft.area
    if draft.address:
        return draft.address
    if draft.latitude is not None:
        return f"{draft.latitude:.6f}, {draft.longitude:.6f}"
    return "-"


# --- helpers ---------------------------------------------------------------------------------

def _keep_photo(turn: Turn) -> int:
    """A picture sent at any step is kept for the aspiration (up to MAX_PHOTOS); how many were."""
    if not has_media(turn):
        return 0
    draft = ASPIRATION.of(turn)
    room = MAX_PHOTOS - len(draft.photos)
    added = take_evidence(turn, FOR_AN_IDEA) if room > 0 else []
    if room <= 0 or len(added) > room:
        turn.say("aspiration_photos_full", max=MAX_PHOTOS)
    added = added[:max(room, 0)]
    if added:
        ASPIRATION.update(turn, photos=[*draft.photos, *added])
        turn.say("aspiration_photo_kept")
    return len(added)


def _placed(turn: Turn, *, latitude: float | None = None, longitude: float | None = None,
            address: str | None = None, area=None, city_wide: bool = False) -> Enum:
    areas = turn.config.directory.areas(turn.session)
    label = None
    if area is not None:
        parent = areas.get(area.parent_id) if area.parent_id else None
        label = area_label(area.kind, area.name, parent.name if parent is not None else None)
    ASPIRATION.update(turn, latitude=latitude, longitude=longitude, address=address,
                      area_id=area.id if area is not None else None, area=label, city_wide=city_wide)
    if ASPIRATION.of(turn).photos:
        ASPIRATION.update(turn, editing=None)
        return prompt(turn, AspirationState.CONFIRM)
    return _back_to_summary(turn) or prompt(turn, AspirationState.PHOTO)


def _back_to_summary(turn: Turn) -> Enum | None:
    """After ``ubah …`` at the summary: the summary again."""
    if not ASPIRATION.of(turn).editing:
        return None
    ASPIRATION.update(turn, editing=None)
    return prompt(turn, AspirationState.CONFIRM)


def _match_theme(text: str, options: list[ThemeChoice]) -> ThemeChoice | None:
    wanted = normalise(text).strip(" .")
    if wanted.isdigit() and 1 <= int(wanted) <= len(options):
        return options[int(wanted) - 1]
    return next((theme for theme in options
                 if wanted and wanted in {theme.code.lower(), theme.name.lower(), (theme.name_en or "").lower()}),
                None)


def _on_aspiration_word(turn: Turn, state: Enum) -> Enum:
    """``aspirasi`` half-way through an idea starts afresh; through a report, it is not dropped unasked."""
    return finish_first(turn, state, FLOW) or start_aspiration(turn)


FLOW = Flow(
    name="aspiration",
    steps={
        AspirationState.THEME: Step(on_theme, _ask_theme, question=THEME_QUESTION),
        AspirationState.TITLE: Step(on_title, lambda turn: turn.say(
            "ask_title", theme=ASPIRATION.of(turn).theme, max=MAX_TITLE)),
        AspirationState.IDEA: Step(on_idea, lambda turn: turn.say("ask_idea")),
        AspirationState.PLACE: Step(on_place, lambda turn: turn.say(
            "ask_place", choices=offer(PLACE_BUTTONS)), question="place"),
        AspirationState.PHOTO: Step(on_photo, lambda turn: turn.say(
            "ask_aspiration_photo", choices=offer(PHOTO_BUTTONS)), question="photo"),
        AspirationState.CONFIRM: Step(on_confirm, _ask_confirm, question="aspiration"),
        AspirationState.LEAVE: Step(LEAVE.answer, lambda turn: turn.say(
            "ask_leave_aspiration", choices=offer(ASPIRATION_LEAVE_BUTTONS)), question="aspiration_leave"),
    },
    drafting=frozenset(AspirationState),
    words={Word.ASPIRATION: _on_aspiration_word},
    menu=MenuEntry("aspiration", "aspirasi", start_aspiration),
    draft=ASPIRATION,
    leave=LEAVE.ask,
    leave_state=AspirationState.LEAVE,
    dropped="aspiration_dropped",
    expired="aspiration_expired",
    unfinished="finish_aspiration_first",
)
