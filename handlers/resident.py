"""A resident's message: words that work at every step first, then the current step."""
from __future__ import annotations

from datetime import timedelta

from models import Case, as_utc

from .catalog import status_label
from .cases import case_for_reply, find_case, relay_to_officials, status_report
from .choices import FIX_QUESTION
from .context import Turn
from .steps import (DRAFTING, MENU_ACTIONS, STEPS, State, ask_to_leave_report, list_own_cases, prompt,
                    start_report)
from .fixed import answer_fix_question, asked_case, awaits_confirmation, is_rating
from .words import GLOBAL_WORDS, FixAnswer, Word, fix_answer, hash_ref_message, status_query, word


#: How long after "is it fixed?" was answered a number still rates the handling.
RATING_TTL = timedelta(hours=1)


def handle_resident(turn: Turn) -> None:
    """Decide what to say to the resident and where the conversation goes next."""
    conversation = turn.conversation
    if turn.resident.opted_out:
        _while_opted_out(turn)
        return
    state = State(conversation.state)
    if state in DRAFTING and _draft_expired(turn):
        conversation.draft = {}
        turn.say("draft_expired")
        state = State.MENU
    elif state == State.RATING and turn.now - as_utc(conversation.updated_at) > RATING_TTL:
        conversation.draft = {}  # a rating not given at once is not taken days later: "1" is a report again
        state = State.MENU
    conversation.state = _respond(turn, state).value
    conversation.updated_at = turn.now


def first_contact(turn: Turn) -> None:
    """A first-time resident: who we are and that officials will read what they send; then what
    their first message asked for (``lapor``, ``status LPR-00042``, …), or the menu."""
    turn.say("greeting")
    turn.conversation.state = State.MENU.value
    if _asks_for_something(turn.text):
        handle_resident(turn)
    else:
        prompt(turn, State.MENU)
        turn.conversation.updated_at = turn.now


def _asks_for_something(text: str) -> bool:
    return (word(text) in GLOBAL_WORDS or status_query(text) is not None
            or hash_ref_message(text) is not None or text.strip(" .") in MENU_ACTIONS)


def _respond(turn: Turn, state: State) -> State:
    """``#REF text`` first; then the words that work at every step, even typed as a swipe-reply
    (``stop`` must always stop); then a rating being asked for; then a swipe-reply about a case;
    then an answer to "is it fixed?"; then the current step. A tap goes first: "is it fixed?"
    answered by button, or a button of an earlier question (a double tap, an old message), which
    answers nothing now."""
    tap = turn.tap
    if tap is not None and tap.question == FIX_QUESTION:
        return _fix_tap(turn, state, tap.word)
    if tap is not None and not tap.answers(state.value):
        turn.say("old_tap")
        return prompt(turn, state if state in DRAFTING else State.MENU)
    if tap is not None and tap.question is not None:
        return STEPS[state](turn)  # the answer to the question asked, never a keyword (a category coded "status")
    if hash_ref_message(turn.text) is not None:
        about_a_case = _case_reply(turn, state)
        if about_a_case is not None:
            return about_a_case
    query = status_query(turn.text)
    if query is not None:
        return _answer_status(turn, query.ref, state)
    keyword = word(turn.text)
    if keyword in GLOBAL_ACTIONS:
        return GLOBAL_ACTIONS[keyword](turn, state)
    if state == State.RATING and is_rating(turn.text):  # even swiped on the thank-you message
        return STEPS[state](turn)
    about_a_case = _case_reply(turn, state)
    if about_a_case is not None:
        return about_a_case
    if state in ANSWERING_FREELY:
        answered = _answers_fix_question(turn)
        if answered is not None:
            return answered
    return STEPS[state](turn)


#: States where a plain ``ya`` or ``belum`` can only answer "is it fixed?" (not a report's summary).
ANSWERING_FREELY = {State.MENU, State.RATING}


def _answers_fix_question(turn: Turn) -> State | None:
    answer = fix_answer(turn.text)
    case = asked_case(turn) if answer is not None else None
    if case is None:
        return None
    return _apply_fix_answer(turn, case, answer, State.MENU)


def _fix_tap(turn: Turn, state: State, word: str) -> State:
    """*Sudah beres* / *Belum* tapped: for the case of the message tapped, else the one asked last."""
    replied = case_for_reply(turn.session, turn.message.replied_to_sid, turn.resident.phone)
    case = replied if replied is not None and replied.resident_id == turn.resident.id else None
    case = case if turn.message.replied_to_sid and case is not None else asked_case(turn)
    if case is None or not awaits_confirmation(case):
        turn.say("old_tap")
        return prompt(turn, state if state in DRAFTING else State.MENU)
    return _apply_fix_answer(turn, case, FixAnswer(fixed=word == "ya", note=""), state)


def _apply_fix_answer(turn: Turn, case: Case, answer: FixAnswer, state: State) -> State:
    """Close or reopen ``case``; a resident who closed it outside a report is asked for a rating."""
    rating = state in ANSWERING_FREELY
    answer_fix_question(turn, case, answer, ask_rating=rating)
    if answer.fixed and rating:
        turn.conversation.draft = {"rating_case_id": case.id}
        return State.RATING
    return State.MENU if state == State.RATING else state


def _case_reply(turn: Turn, state: State) -> State | None:
    """``#LPR-00042 text`` or a swipe-reply to a message about one of the resident's cases, handled:
    the conversation's next state; None if the message is neither. To a resolved case it answers
    "is it fixed?"."""
    tagged = hash_ref_message(turn.text)
    if tagged is not None:
        case = find_case(turn.session, tagged.ref)
        text = tagged.text
    else:
        case = case_for_reply(turn.session, turn.message.replied_to_sid, turn.resident.phone)
        text = turn.text
        if case is None or case.resident_id != turn.resident.id:
            return None  # not about a case of theirs: a forward this number got as an official, say
    if case is None or case.resident_id != turn.resident.id:
        turn.say("status_not_found", ref=tagged.ref)
    elif awaits_confirmation(case):
        answer = fix_answer(text, replying=True)
        if answer is not None:
            return _apply_fix_answer(turn, case, answer, state)
        turn.say("fix_reprompt", ref=case.ref)
    elif not case.is_open:
        turn.say("case_closed_for_replies", ref=case.ref, status=status_label(case.status, turn.language))
    elif not text and not turn.message.media:
        turn.say("help")
    else:
        relay_to_officials(turn.session, case, turn.resident, turn.message, turn.outbox, text)
    return State.MENU if state == State.RATING else state


def _answer_status(turn: Turn, ref: str | None, state: State) -> State:
    """The state of one of the resident's cases. The question and the answer belong to that case,
    never to a report being written meanwhile (whose department must not read them)."""
    turn.message.kind = "status"
    if ref is None:
        list_own_cases(turn)
    else:
        case = find_case(turn.session, ref)
        if case is None or case.resident_id != turn.resident.id:
            turn.say("status_not_found", ref=ref, kind="status")
        else:
            turn.message.case_id = case.id
            turn.say_text(status_report(turn.session, case, turn.language, turn.config.city_timezone),
                          about=case, kind="status")
    return _reprompt_if_drafting(turn, state)


def _reprompt_if_drafting(turn: Turn, state: State) -> State:
    return prompt(turn, state) if state in DRAFTING else state


def _draft_expired(turn: Turn) -> bool:
    age = turn.now - as_utc(turn.conversation.updated_at)
    return age > timedelta(hours=turn.config.draft_ttl_hours)


def _while_opted_out(turn: Turn) -> None:
    """Stored, but unanswered, until the resident says ``mulai``."""
    if word(turn.text) == Word.START:
        turn.resident.opted_out = False
        turn.conversation.state = _on_start(turn, State.MENU).value
        turn.conversation.updated_at = turn.now


# --- words that work at every step ------------------------------------------------------------

def _on_report(turn: Turn, state: State) -> State:
    return start_report(turn)


def _on_menu(turn: Turn, state: State) -> State:
    """The menu; in the middle of a report, after asking whether to drop it (``menu`` again: yes)."""
    if state == State.LEAVE_REPORT:
        turn.conversation.draft = {}
        turn.say("cancelled")
    elif state in DRAFTING:
        return ask_to_leave_report(turn, state)
    return prompt(turn, State.MENU)


def _on_help(turn: Turn, state: State) -> State:
    turn.say("help")
    return _reprompt_if_drafting(turn, state)


def _on_cancel(turn: Turn, state: State) -> State:
    turn.say("cancelled" if state in DRAFTING else "nothing_to_cancel")
    turn.conversation.draft = {}
    return prompt(turn, State.MENU)


def _on_stop(turn: Turn, state: State) -> State:
    turn.say("stopped", kind="opt_out")  # the last message they get: the worker lets this kind through
    turn.resident.opted_out = True
    return state


def _on_start(turn: Turn, state: State) -> State:
    turn.say("restarted")
    return prompt(turn, State.MENU) if state == State.MENU else _reprompt_if_drafting(turn, state)


def _on_language(turn: Turn, state: State) -> State:
    turn.resident.language = "en" if turn.resident.language == "id" else "id"
    turn.say("language_set")
    return _reprompt_if_drafting(turn, state) if state in DRAFTING else prompt(turn, State.MENU)


GLOBAL_ACTIONS = {
    Word.REPORT: _on_report,
    Word.MENU: _on_menu,
    Word.HELP: _on_help,
    Word.CANCEL: _on_cancel,
    Word.STOP: _on_stop,
    Word.START: _on_start,
    Word.LANGUAGE: _on_language,
}
