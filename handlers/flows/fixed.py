""""Is it fixed?" as the resident answers it: by button, typed at the menu, or as a reply to the
question; then, once a case is closed, a rating from 1 to 5 asked once. What an answer does to the
case is ``handlers/confirmation.py``'s."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from models import Case, Message

from ..cases import case_for_reply, relay_to_officials
from ..catalog import status_label, t
from ..confirmation import answer_fix_question, asked_case, awaits_confirmation, is_rating, rate
from ..context import Turn
from ..words import FixAnswer, fix_answer, is_acknowledgement
from .base import DraftSlot, Flow, Step, clear_drafts
from .help import say_help
from .menu import MenuState, ask_menu, on_menu


class RatingState(str, Enum):
    #: A closed case's resident may rate its handling; anything else is the menu.
    RATING = "rating"


@dataclass
class RatingDraft:
    case_id: int | None = None


RATING = DraftSlot("rating", RatingDraft)
#: How long after "is it fixed?" was answered a number still rates the handling.
RATING_TTL = timedelta(hours=1)
#: States where a plain ``ya`` or ``belum`` can only answer "is it fixed?" (not a report's summary).
ANSWERING_FREELY = {MenuState.MENU, RatingState.RATING}


def on_rating(turn: Turn) -> Enum:
    case_id = RATING.of(turn).case_id
    clear_drafts(turn)
    if is_rating(turn.text) and case_id:
        rate(turn, case_id, int(turn.text.strip(" .*")))
        return MenuState.MENU
    return on_menu(turn)


def typed_answer(turn: Turn) -> Enum | None:
    """``ya`` or ``belum, …`` typed at the menu, for the case asked last; None if it is neither."""
    answer = fix_answer(turn.text)
    case = asked_case(turn) if answer is not None else None
    if case is None:
        return None
    return apply_answer(turn, case, answer, MenuState.MENU)


def tapped_answer(turn: Turn, state: Enum, word: str) -> Enum | None:
    """*Sudah beres* / *Belum* tapped: for the case of the message tapped, else the one asked last;
    None if no case awaits it any more (an old tap)."""
    replied = case_for_reply(turn.session, turn.message.replied_to_sid, turn.resident.phone)
    case = replied if replied is not None and replied.resident_id == turn.resident.id else None
    case = case if turn.message.replied_to_sid and case is not None else asked_case(turn)
    if case is None or not awaits_confirmation(case):
        return None
    return apply_answer(turn, case, FixAnswer(fixed=word == "ya", note=""), state)


def apply_answer(turn: Turn, case: Case, answer: FixAnswer, state: Enum) -> Enum:
    """Close or reopen ``case``; a resident who closed it outside a report is asked for a rating."""
    rating = state in ANSWERING_FREELY
    answer_fix_question(turn, case, answer, ask_rating=rating)
    if answer.fixed and rating:
        RATING.start(turn, RatingDraft(case_id=case.id))
        return RatingState.RATING
    return after_aside(state)


def message_about_case(turn: Turn, state: Enum, case: Case, message: Message | None = None,
                       text: str | None = None) -> Enum:
    """A message about one of the resident's cases (``turn``'s own, unless one kept for later). To
    a case awaiting "is it fixed?" a yes or a no answers it; anything else, thanks included, goes to
    the case's officials, and the question stays open."""
    message = message or turn.message
    text = turn.text if text is None else text
    if awaits_confirmation(case):
        answer = fix_answer(text, replying=True)
        if answer is not None and not is_acknowledgement(text):
            return apply_answer(turn, case, answer, state)
    elif not case.is_open:
        turn.say("case_closed_for_replies", ref=case.ref, status=status_label(case.status, turn.language))
        return after_aside(state)
    if not text and not message.media:
        say_help(turn)
        return after_aside(state)
    brief = t("acknowledgement_relayed", turn.language, ref=case.ref) if is_acknowledgement(text) else None
    relay_to_officials(turn.session, case, turn.resident, message, turn.outbox, text, acknowledgement=brief)
    return after_aside(state)


def after_aside(state: Enum) -> Enum:
    """Where a message about something else (a case, a word) leaves the resident: a rating not
    given then is not asked again."""
    return MenuState.MENU if state == RatingState.RATING else state


def rating_expired(state: Enum, idle: Callable[[], timedelta]) -> bool:
    """A rating not given at once is not taken days later: "1" is a report again."""
    return state == RatingState.RATING and idle() > RATING_TTL


FLOW = Flow(name="fixed", steps={RatingState.RATING: Step(on_rating, ask_menu)}, draft=RATING)
