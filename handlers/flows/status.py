"""Following one's cases: ``status`` lists those still under way, ``status LPR-00042`` tells one
(``status ASP-00012`` one of one's aspirations).
Kept out of every case's transcript (``status`` messages), and of a report being written meanwhile."""
from __future__ import annotations

from enum import Enum

from ..aspirations import find_aspiration, status_text
from ..cases import find_case, open_cases_report, status_report
from ..context import Turn
from ..references import ASPIRATION
from .base import Flow, MenuEntry
from .menu import MenuState


def list_own_cases(turn: Turn) -> Enum:
    """The resident's cases still under way, each with what happened last."""
    turn.message.kind = "status"
    turn.say_text(open_cases_report(turn.session, turn.resident, turn.language, turn.config.city_timezone),
                  kind="status")
    return MenuState.MENU


def tell_status(turn: Turn, ref: str | None) -> None:
    """The state of one of the resident's cases (all of them without ``ref``). The question and the
    answer belong to that case, never to a report being written meanwhile (whose department must
    not read them)."""
    turn.message.kind = "status"
    if ref is None:
        list_own_cases(turn)
        return
    reference = turn.config.references.parse(ref)
    if reference is not None and reference.kind == ASPIRATION:
        _tell_aspiration(turn, ref)
        return
    case = find_case(turn.session, ref)
    if case is None or case.resident_id != turn.resident.id:
        turn.say("status_not_found", ref=ref, kind="status")
    else:
        turn.message.case_id = case.id
        turn.say_text(status_report(turn.session, case, turn.language, turn.config.city_timezone),
                      about=case, kind="status")


def _tell_aspiration(turn: Turn, ref: str) -> None:
    aspiration = find_aspiration(turn.session, ref)
    if aspiration is None or aspiration.resident_id != turn.resident.id:
        turn.say("aspiration_not_found", ref=ref, kind="status")
    else:
        turn.say_text(status_text(turn.session, aspiration, turn.language), kind="status")


FLOW = Flow(name="status", steps={}, menu=MenuEntry("status", "status", list_own_cases))
