"""Browsing and supporting residents' ideas: ``usulan`` (or the menu's row) lists the most supported
published aspirations where the resident lives (the area of their latest report or aspiration,
else the kelurahan they name when asked once) as a list picker; a row shows one idea with *Dukung*
/ *Lihat lainnya*. ``dukung ASP-00012`` and ``batal dukung ASP-00012`` work typed from anywhere
(``handlers/routing.py``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from sqlalchemy import select

from models import Area, Aspiration, Message

from ..areas import AreaIndex
from ..aspirations import find_aspiration, forward_if_supported, public_place
from ..catalog import t
from ..choices import IDEA_BUTTONS, IDEA_LIST, IDEA_QUESTION, MAX_ROWS, Row, offer
from ..context import Turn
from ..references import ASPIRATION
from ..supports import OPEN_TO_SUPPORT, SupportOutcome, add_support, home_area_id, ideas_for, withdraw_support
from ..words import BACK_WORDS, MORE_WORDS, SUPPORT_WORDS, Word, normalise
from .base import DraftSlot, Flow, MenuEntry, Step, as_at_the_menu, finish_first, prompt
from .home_area import HomeAnswer, offer_home_areas, read_home_area
from .menu import MenuState

#: Browsing left this long is over: the next message is the menu's.
BROWSING_LASTS = timedelta(hours=1)
#: How much of an idea one message shows (the rest is in the console and, later, its public page).
SHOWN_IDEA = 700


class IdeasState(str, Enum):
    #: Asked once: which kelurahan's ideas (a number, a name, or ``seluruh kota``).
    AREA = "ideas_area"
    #: The list offered, or one idea of it shown (with *Dukung* and *Lihat lainnya*): a row of the
    #: list stays a good tap while an idea is shown.
    BROWSING = "ideas_list"


@dataclass
class Browsing:
    """Where the resident is browsing: an area (None and ``city_wide``: the whole city), the page."""

    area_id: int | None = None
    city_wide: bool = False
    offset: int = 0
    #: The refs listed, in order, so that a typed number picks one.
    listed: list[str] = field(default_factory=list)
    #: The idea shown last.
    shown: str | None = None
    area_choices: list[int] = field(default_factory=list)


BROWSING = DraftSlot("ideas", Browsing)


def start_browsing(turn: Turn) -> Enum:
    area_id = home_area_id(turn.session, turn.resident)
    if area_id is None and len(_areas(turn)):
        return prompt(turn, IdeasState.AREA)
    BROWSING.put(turn, Browsing(area_id=area_id, city_wide=area_id is None))
    return _list(turn)


def on_area(turn: Turn) -> Enum:
    answer, picked = read_home_area(turn, BROWSING.of(turn).area_choices)
    if answer == HomeAnswer.CITY:
        BROWSING.put(turn, Browsing(city_wide=True))
        return _list(turn)
    if answer == HomeAnswer.UNKNOWN:
        turn.say("home_area_unknown")
        return prompt(turn, IdeasState.AREA)
    if answer == HomeAnswer.ELSEWHERE:
        return as_at_the_menu(turn)
    turn.resident.home_area_id = picked.id  # asked once: remembered
    BROWSING.put(turn, Browsing(area_id=picked.id))
    return _list(turn)


def on_browsing(turn: Turn) -> Enum:
    answer = normalise(turn.text).strip(" .")
    browsing = BROWSING.of(turn)
    if answer in BACK_WORDS or (answer in MORE_WORDS and browsing.shown):  # from an idea: the list again
        BROWSING.update(turn, shown=None)
        return _list(turn)
    if answer in MORE_WORDS:  # the list's next page
        BROWSING.update(turn, offset=browsing.offset + len(browsing.listed))
        return _list(turn)
    shown = _offered_ref(turn) or browsing.shown  # an older idea's *Dukung* supports that idea
    supported = find_aspiration(turn.session, shown) if answer in SUPPORT_WORDS and shown else None
    if supported is not None:
        support(turn, supported)
        return IdeasState.BROWSING  # the list's other rows still work
    reference = turn.config.references.parse(answer)
    ref = (reference.text if reference is not None and reference.kind == ASPIRATION else
           browsing.listed[int(answer) - 1] if answer.isdecimal() and 1 <= int(answer) <= len(browsing.listed)
           else None)
    aspiration = find_aspiration(turn.session, ref) if ref else None
    if aspiration is not None and aspiration.status in OPEN_TO_SUPPORT:
        return _show(turn, aspiration)
    if ref or (answer.isdecimal() and len(answer) <= 2):
        turn.say("idea_shown_reprompt" if browsing.shown else "ideas_list_reprompt", count=len(browsing.listed))
        return IdeasState.BROWSING
    return as_at_the_menu(turn)


def _offered_ref(turn: Turn) -> str | None:
    """The idea whose buttons the tap answered: the ref the message it replies to offered."""
    if not turn.message.replied_to_sid:
        return None
    choices = turn.session.scalar(select(Message.choices).where(
        Message.sid == turn.message.replied_to_sid, Message.phone == turn.resident.phone))
    return ((choices or {}).get("values") or {}).get("ref")


def support_by_ref(turn: Turn, ref: str, withdraw: bool) -> None:
    """``dukung ASP-00012`` / ``batal dukung ASP-00012`` typed, whatever the state."""
    turn.message.kind = "support"
    reference = turn.config.references.parse(ref)
    if reference is None or reference.kind != ASPIRATION:
        turn.say("support_case_ref", ref=ref, example=turn.config.references.format(ASPIRATION, 12))
        return
    aspiration = find_aspiration(turn.session, ref)
    visible = aspiration is not None and (aspiration.status in OPEN_TO_SUPPORT or aspiration.resident_id == turn.resident.id
                                          or withdraw)
    if not visible:  # an unpublished idea of someone else's is nobody's business
        turn.say("aspiration_not_found", ref=ref)
        return
    if withdraw:
        _tell_support(turn, aspiration, withdraw_support(turn.session, aspiration, turn.resident))
    else:
        support(turn, aspiration)


def support(turn: Turn, aspiration: Aspiration) -> None:
    """The resident's support, told with the new count; the one that reaches the threshold sends
    the idea to its office."""
    outcome = add_support(turn.session, aspiration, turn.resident)
    _tell_support(turn, aspiration, outcome)
    if outcome.what == "added":
        forward_if_supported(turn.session, aspiration, turn.config, turn.outbox, turn.now)


def _tell_support(turn: Turn, aspiration: Aspiration, outcome: SupportOutcome) -> None:
    turn.say(f"support_{outcome.what}", ref=aspiration.ref, title=aspiration.title, count=outcome.count)


# --- what each state asks -------------------------------------------------------------------

def _ask_area(turn: Turn) -> None:
    BROWSING.put(turn, Browsing(area_choices=offer_home_areas(turn, "ask_home_area")))


def _list(turn: Turn) -> Enum:
    """The page of ideas the browsing is at; none at all: say so, and the menu."""
    browsing = BROWSING.of(turn)
    area = turn.session.get(Area, browsing.area_id) if browsing.area_id else None
    where = area.label() if area is not None else t("city_wide", turn.language)
    page = ideas_for(turn.session, area, offset=browsing.offset, limit=MAX_ROWS)
    if not page and browsing.offset:  # past the last page: from the top again
        BROWSING.update(turn, offset=0)
        page = ideas_for(turn.session, area, limit=MAX_ROWS)
    if not page:
        turn.say("no_ideas_here", where=where)
        return MenuState.MENU
    more = len(page) == MAX_ROWS
    page = page[:MAX_ROWS - 1] if more else page
    BROWSING.update(turn, listed=[aspiration.ref for aspiration in page], shown=None)
    lines = "\n".join(f"{number}. {aspiration.title} ({t('supports_count', turn.language, count=aspiration.support_count)})"
                      for number, aspiration in enumerate(page, start=1))
    rows = [_row(turn, aspiration) for aspiration in page] + ([_more_row(turn)] if more else [])
    turn.say("ideas_list", where=where, lines=lines, more=t("ideas_more", turn.language) if more else "",
             example=page[0].ref, choices=offer(IDEA_LIST, rows=rows))
    return IdeasState.BROWSING


def _row(turn: Turn, aspiration: Aspiration) -> Row:
    # No count here: a list's rows are its Content's definition, which a count would change at every support.
    return (aspiration.title, f"{IDEA_QUESTION}:{aspiration.ref}",
            f"{aspiration.theme.label(turn.language)} · {public_place(aspiration, turn.language)}")


def _more_row(turn: Turn) -> Row:
    title, description = t("ideas_more_row", turn.language).split("|")
    return (title, f"{IDEA_QUESTION}:lainnya", description)


def _show(turn: Turn, aspiration: Aspiration) -> Enum:
    BROWSING.update(turn, shown=aspiration.ref)
    body = aspiration.body if len(aspiration.body) <= SHOWN_IDEA else aspiration.body[:SHOWN_IDEA].rsplit(" ", 1)[0] + "…"
    fields = {"ref": aspiration.ref, "title": aspiration.title, "place": public_place(aspiration, turn.language),
              "idea": body, "count": aspiration.support_count}
    turn.say("idea_shown", theme=aspiration.theme.label(turn.language), choices=offer(IDEA_BUTTONS, fields), **fields)
    return IdeasState.BROWSING


def _ask_browsing(turn: Turn) -> None:
    _list(turn)


def _areas(turn: Turn) -> AreaIndex:
    return turn.config.directory.areas(turn.session)


def _on_ideas_word(turn: Turn, state: Enum) -> Enum:
    return finish_first(turn, state, FLOW) or start_browsing(turn)


FLOW = Flow(
    name="ideas",
    steps={
        IdeasState.AREA: Step(on_area, _ask_area),
        IdeasState.BROWSING: Step(on_browsing, _ask_browsing, question=IDEA_QUESTION),
    },
    words={Word.IDEAS: _on_ideas_word},
    menu=MenuEntry("ideas", "usulan", start_browsing),
    draft=BROWSING,
    lasts=BROWSING_LASTS,
)
