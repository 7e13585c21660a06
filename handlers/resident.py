"""A resident's message: an expired draft dropped, then the interceptors and the current step
(``handlers/routing.py``)."""
from __future__ import annotations

from datetime import timedelta

from models import as_utc

from .context import Turn
from .flows import REGISTRY, is_drafting, prompt
from .flows.base import clear_drafts
from .flows.fixed import rating_expired
from .flows.menu import MenuState, chosen_entry
from .routing import WORD_ACTIONS, on_start, respond
from .words import Word, hash_ref_message, status_query, support_command, word


def handle_resident(turn: Turn) -> None:
    """Decide what to say to the resident and where the conversation goes next."""
    conversation = turn.conversation
    if turn.resident.opted_out:
        _while_opted_out(turn)
        return
    state = REGISTRY.state(conversation.state)
    if is_drafting(state) and _idle(turn) > timedelta(hours=turn.config.draft_ttl_hours):
        clear_drafts(turn)
        turn.say(REGISTRY.flow_of(state).expired)
        state = MenuState.MENU
    elif rating_expired(state, lambda: _idle(turn)):
        clear_drafts(turn)
        state = MenuState.MENU
    elif (lasts := REGISTRY.flow_of(state).lasts) is not None and _idle(turn) > lasts:
        state = MenuState.MENU  # browsing left off: the next message is the menu's
    conversation.state = respond(turn, state).value
    conversation.updated_at = turn.now


def _idle(turn: Turn) -> timedelta:
    return turn.now - as_utc(turn.conversation.updated_at)


def first_contact(turn: Turn) -> None:
    """A first-time resident: who we are and that officials will read what they send; then what
    their first message asked for (``lapor``, ``status LPR-00042``, …), or the menu."""
    turn.say("greeting")
    turn.conversation.state = MenuState.MENU.value
    if _asks_for_something(turn):
        handle_resident(turn)
    else:
        prompt(turn, MenuState.MENU)
        turn.conversation.updated_at = turn.now


def _asks_for_something(turn: Turn) -> bool:
    text, kinds = turn.text, turn.config.references
    return (word(text) in WORD_ACTIONS or status_query(text, kinds) is not None
            or support_command(text, kinds) is not None
            or hash_ref_message(text, kinds) is not None or chosen_entry(text) is not None)


def _while_opted_out(turn: Turn) -> None:
    """Stored, but unanswered, until the resident says ``mulai``."""
    if word(turn.text) == Word.START:
        turn.resident.opted_out = False
        turn.conversation.state = on_start(turn, MenuState.MENU).value
        turn.conversation.updated_at = turn.now
