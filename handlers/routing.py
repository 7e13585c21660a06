"""What a resident's message is, before the step they are at sees it: the ordered interceptors.

Each interceptor looks at the message and the state the resident is in and either handles it
(returning the next state) or passes (None). The first that handles it wins; a message none of
them takes is the current step's. The order is the routing: a tap goes first (its id says what it
answers), ``#REF text``, ``status`` and ``dukung REF`` next, then the words that work at every step (``stop`` must
always stop, even typed as a swipe-reply), then what is pending (a rating asked for), swipe-replies
about a case, a typed answer to "is it fixed?", and last plain text, for the case an office is
talking with the resident about.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from enum import Enum

from models import Case, utcnow

from .broadcasts import unsubscribe
from .cases import case_for_reply, cases_written_on, find_case
from .choices import FIX_QUESTION
from .confirmation import is_rating
from .context import Turn
from .references import ASPIRATION
from .flows import REGISTRY, fixed, ideas, is_drafting, prompt, status, which_case
from .flows.base import clear_drafts
from .flows.menu import MenuState, chosen_entry
from .words import Word, hash_ref_message, status_query, support_command, word

Interceptor = Callable[[Turn, Enum], "Enum | None"]
#: A case an office wrote on this recently is what a resident's plain message at the menu is about.
LATELY = timedelta(days=7)


# --- taps ------------------------------------------------------------------------------------

def fix_tap(turn: Turn, state: Enum) -> Enum | None:
    """*Sudah beres* / *Belum* tapped, whatever the state; a tap no case awaits is an old one."""
    tap = turn.tap
    if tap is None or tap.question != FIX_QUESTION:
        return None
    return fixed.tapped_answer(turn, state, tap.word) or _old_tap_answer(turn, state)


def old_tap(turn: Turn, state: Enum) -> Enum | None:
    """A button of an earlier question (a double tap, an old message) answers nothing now."""
    tap = turn.tap
    answers = REGISTRY.questions.get(tap.question) if tap is not None and tap.question else None
    if answers is None or answers == state:
        return None
    return _old_tap_answer(turn, state)


def _old_tap_answer(turn: Turn, state: Enum) -> Enum:
    turn.say("old_tap")
    return prompt(turn, state if is_drafting(state) else MenuState.MENU)


def tapped_answer(turn: Turn, state: Enum) -> Enum | None:
    """The answer to the question asked goes to its step, never read as a keyword (a category
    coded ``status``)."""
    tap = turn.tap
    if tap is None or tap.question is None:
        return None
    return REGISTRY.handle(turn, state)


# --- references and words --------------------------------------------------------------------

def tagged_reply(turn: Turn, state: Enum) -> Enum | None:
    """``#LPR-00042 text``: about that case of theirs."""
    tagged = hash_ref_message(turn.text, turn.config.references)
    if tagged is None:
        return None
    if turn.config.references.parse(tagged.ref).kind == ASPIRATION:  # nobody answers an idea's thread
        status.tell_status(turn, tagged.ref)
        return fixed.after_aside(state)
    case = find_case(turn.session, tagged.ref)
    if case is None or case.resident_id != turn.resident.id:
        turn.say("status_not_found", ref=tagged.ref)
        return fixed.after_aside(state)
    return _about_case(turn, state, case, tagged.text)


def status_lookup(turn: Turn, state: Enum) -> Enum | None:
    """``status`` or ``status LPR-00042``, mid-report too (the report's question is asked again)."""
    query = status_query(turn.text, turn.config.references)
    if query is None:
        return None
    status.tell_status(turn, query.ref)
    return _reprompt_if_drafting(turn, state)


def support_typed(turn: Turn, state: Enum) -> Enum | None:
    """``dukung ASP-00012`` / ``batal dukung ASP-00012``, mid-report too (its question is asked again)."""
    command = support_command(turn.text, turn.config.references)
    if command is None:
        return None
    ideas.support_by_ref(turn, command.ref, command.withdraw)
    return _reprompt_if_drafting(turn, state)


def global_word(turn: Turn, state: Enum) -> Enum | None:
    action = WORD_ACTIONS.get(word(turn.text))
    return action(turn, state) if action is not None else None


# --- what is pending -------------------------------------------------------------------------

def rating_given(turn: Turn, state: Enum) -> Enum | None:
    """A number while a rating is asked for, even swiped on the thank-you message."""
    if state == fixed.RatingState.RATING and is_rating(turn.text):
        return REGISTRY.handle(turn, state)
    return None


def swipe_reply(turn: Turn, state: Enum) -> Enum | None:
    """A swipe-reply to a message about one of the resident's cases; not about a case of theirs (a
    forward this number got as an official, say): not this."""
    case = case_for_reply(turn.session, turn.message.replied_to_sid, turn.resident.phone)
    if case is None or case.resident_id != turn.resident.id:
        return None
    return _about_case(turn, state, case, turn.text)


def typed_fix_answer(turn: Turn, state: Enum) -> Enum | None:
    """``ya`` / ``belum, …`` at the menu answers "is it fixed?" (at a report's summary it is the
    summary's)."""
    return fixed.typed_answer(turn) if state in fixed.ANSWERING_FREELY else None


def _about_case(turn: Turn, state: Enum, case: Case, text: str) -> Enum:
    return fixed.message_about_case(turn, state, case, text=text)


def plain_text_to_a_case(turn: Turn, state: Enum) -> Enum | None:
    """Text that is no command, at the menu: to the case under way that an office wrote on
    lately (most people never swipe to reply); with several such cases, the resident picks one.
    None of them: the menu's re-prompt."""
    if state not in fixed.ANSWERING_FREELY or not turn.text or chosen_entry(turn.text) is not None:
        return None
    if turn.message.media:
        return None  # a photo at the menu is kept for the next report, or added to a reopened case
    cases = cases_written_on(turn.session, turn.resident, utcnow() - LATELY)
    if not cases:
        return None
    if len(cases) == 1:
        return _about_case(turn, state, cases[0], turn.text)
    return which_case.ask_which_case(turn, cases)


#: In this order; the first that handles the message wins, else the current step does.
INTERCEPTORS: tuple[Interceptor, ...] = (
    fix_tap,
    old_tap,
    tapped_answer,
    tagged_reply,
    status_lookup,
    support_typed,
    global_word,
    rating_given,
    swipe_reply,
    typed_fix_answer,
    plain_text_to_a_case,
)


def respond(turn: Turn, state: Enum) -> Enum:
    for intercept in INTERCEPTORS:
        handled = intercept(turn, state)
        if handled is not None:
            return handled
    return REGISTRY.handle(turn, state)


def _reprompt_if_drafting(turn: Turn, state: Enum) -> Enum:
    return prompt(turn, state) if is_drafting(state) else state


# --- the words that work at every step, besides the flows' own (``lapor``, ``bantuan``) --------

def on_menu_word(turn: Turn, state: Enum) -> Enum:
    """The menu; in the middle of a report or an aspiration, after asking whether to drop it
    (``menu`` again: yes)."""
    if is_drafting(state):
        flow = REGISTRY.flow_of(state)
        if state == flow.leave_state:
            clear_drafts(turn)
            turn.say(flow.dropped)
        elif flow.leave is not None:
            return flow.leave(turn, state)
    return prompt(turn, MenuState.MENU)


def on_cancel(turn: Turn, state: Enum) -> Enum:
    turn.say(REGISTRY.flow_of(state).dropped if is_drafting(state) else "nothing_to_cancel")
    clear_drafts(turn)
    return prompt(turn, MenuState.MENU)


def on_stop(turn: Turn, state: Enum) -> Enum:
    turn.say("stopped", kind="opt_out")  # the last message they get: the worker lets this kind through
    turn.resident.opted_out = True
    unsubscribe(turn.session, turn.resident, "stop", turn.now)  # news needs a new opt-in after ``mulai``
    return state


def on_start(turn: Turn, state: Enum) -> Enum:
    turn.say("restarted")
    return prompt(turn, MenuState.MENU) if state == MenuState.MENU else _reprompt_if_drafting(turn, state)


def on_language(turn: Turn, state: Enum) -> Enum:
    turn.resident.language = "en" if turn.resident.language == "id" else "id"
    turn.say("language_set")
    return _reprompt_if_drafting(turn, state) if is_drafting(state) else prompt(turn, MenuState.MENU)


WORD_ACTIONS: dict[Word, Callable[[Turn, Enum], Enum]] = {
    Word.MENU: on_menu_word,
    Word.CANCEL: on_cancel,
    Word.STOP: on_stop,
    Word.START: on_start,
    Word.LANGUAGE: on_language,
    **REGISTRY.words,
}
