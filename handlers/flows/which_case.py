"""A plain message from a resident with several cases under way that offices wrote on lately:
which case is it about? Their cases as a list picker (or numbered, typed); the message they wrote
is then relayed to the one they pick, as if they had swiped to reply to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from models import Case, Message

from ..cases import find_case
from ..catalog import status_label
from ..choices import CASE_LIST, CASE_QUESTION, Row, case_row, offer
from ..context import Turn
from .base import DraftSlot, Flow, Step, clear_drafts, prompt
from .fixed import message_about_case
from .menu import MenuState


class WhichCaseState(str, Enum):
    WHICH_CASE = "which_case"


@dataclass
class WhichCaseDraft:
    #: The resident's message waiting to be relayed, and the cases offered, in the order shown.
    message_id: int | None = None
    refs: list[str] = field(default_factory=list)


WHICH_CASE = DraftSlot("which_case", WhichCaseDraft)


def ask_which_case(turn: Turn, cases: list[Case]) -> Enum:
    """Keep the message, and ask which of ``cases`` it is about."""
    WHICH_CASE.start(turn, WhichCaseDraft(message_id=turn.message.id, refs=[case.ref for case in cases]))
    _prompt(turn)
    return WhichCaseState.WHICH_CASE


def _prompt(turn: Turn) -> None:
    cases = _offered(turn)
    lines = "\n".join(f"{number}. {case.ref} – {case.category.label(turn.language)}"
                      for number, case in enumerate(cases, start=1))
    turn.say("which_case", lines=lines, choices=offer(CASE_LIST, rows=[_row(case, turn.language) for case in cases]))


def _row(case: Case, language: str) -> Row:
    return case_row(case.ref, f"{case.ref} {case.category.label(language)}",
                    f"{status_label(case.status, language)} – {case.description}")


def _offered(turn: Turn) -> list[Case]:
    cases = (find_case(turn.session, ref) for ref in WHICH_CASE.of(turn).refs)
    return [case for case in cases if case is not None and case.resident_id == turn.resident.id]


def on_which_case(turn: Turn) -> Enum:
    case = _picked(turn)
    if case is None:
        turn.say("which_case_reprompt")
        return WhichCaseState.WHICH_CASE
    waiting = turn.session.get(Message, WHICH_CASE.of(turn).message_id or 0)
    clear_drafts(turn)
    if waiting is None:  # a draft without its message (never stored): nothing to relay
        return prompt(turn, MenuState.MENU)
    return message_about_case(turn, MenuState.MENU, case, waiting, (waiting.body or "").strip())


def _picked(turn: Turn) -> Case | None:
    """The case tapped (its ref), typed by its number in the list, or typed as its ref."""
    cases = _offered(turn)
    text = turn.text.strip(" .*").upper()
    if text.isdigit() and 1 <= int(text) <= len(cases):
        return cases[int(text) - 1]
    return next((case for case in cases if case.ref.upper() == text), None)


FLOW = Flow(
    name="which_case",
    steps={WhichCaseState.WHICH_CASE: Step(on_which_case, _prompt, question=CASE_QUESTION)},
    draft=WHICH_CASE,
)
