"""A ballot in a participatory budgeting round: ``pilih`` / ``vote`` shows the open round's projects
as a list picker; each pick (or unpick) answers with the running total and what is left of the
budget; *Kirim pilihan* records the ballot, one per number per round, which the resident may change
until the close (``handlers/budgeting.py`` keeps the rules)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from sqlalchemy import select

from models import Project, Round

from ..budgeting import ballot_of, cast_ballot, closes_words, day_words, rounds_to_vote_in, rupiah
from ..catalog import t
from ..choices import BALLOT_LIST, BALLOT_QUESTION, MAX_ROWS, ballot_rows, offer
from ..context import Turn
from ..words import MORE_WORDS, SEND_WORDS, Word, normalise
from .base import DraftSlot, Flow, Step, as_at_the_menu, finish_first, prompt
from .menu import MenuState

#: A ballot left this long is over: the next message is the menu's (what was sent stays recorded).
BALLOT_LASTS = timedelta(hours=1)
#: ``kirim pilihan`` is the button's title typed.
SEND_BALLOT_WORDS = SEND_WORDS | {"kirim pilihan", "send ballot"}


class BallotState(str, Enum):
    #: Several rounds vote at once (the city's and a kecamatan's): which one.
    ROUND = "vote_round"
    #: The round's projects offered; each pick answers with the running total.
    BALLOT = "vote_ballot"


@dataclass
class BallotDraft:
    round_id: int | None = None
    #: Picked projects' ids, in the order picked.
    picks: list[int] = field(default_factory=list)
    #: The list picker's page (a round may have more projects than a list's rows).
    offset: int = 0
    #: What the last pick did, told above the ballot.
    news: str | None = None
    round_choices: list[int] = field(default_factory=list)


BALLOT = DraftSlot("ballot", BallotDraft)


def start_voting(turn: Turn) -> Enum:
    rounds = rounds_to_vote_in(turn.session, turn.resident, turn.now)
    if not rounds:
        turn.say("no_round_voting", next=_next_round(turn))
        return MenuState.MENU
    if len(rounds) == 1:
        return open_ballot(turn, rounds[0])
    BALLOT.put(turn, BallotDraft(round_choices=[round_.id for round_ in rounds]))
    return prompt(turn, BallotState.ROUND)


def open_ballot(turn: Turn, round_: Round) -> Enum:
    """The round's ballot, starting from the resident's recorded one when they voted already."""
    if not round_.projects:
        turn.say("round_has_no_projects", round=round_.name)
        return MenuState.MENU
    recorded = ballot_of(turn.session, round_, turn.resident)
    unsent = BALLOT.of(turn)
    closes = _closes(turn, round_)
    news = (t("ballot_resume", turn.language, closes=closes) if recorded is not None else
            t("ballot_start", turn.language, budget=rupiah(round_.budget), closes=closes))
    if unsent.round_id == round_.id and unsent.picks:  # picked, not sent, and left for a moment
        picks = [project.id for project in round_.projects if project.id in set(unsent.picks)]
        news = t("ballot_unsent", turn.language, closes=closes)
    else:
        picks = [pick.project_id for pick in recorded.picks] if recorded else []
    BALLOT.put(turn, BallotDraft(round_id=round_.id, news=news, picks=picks))
    return prompt(turn, BallotState.BALLOT)


def on_round(turn: Turn) -> Enum:
    answer = normalise(turn.text).strip(" .")
    choices = BALLOT.of(turn).round_choices
    if answer.isdecimal() and 1 <= int(answer) <= len(choices):
        round_ = turn.session.get(Round, choices[int(answer) - 1])
        if round_ is not None:
            return open_ballot(turn, round_)
    if answer.isdecimal() or len(answer) <= 3:
        turn.say("ask_round_reprompt", count=len(choices))
        return BallotState.ROUND
    return as_at_the_menu(turn)


def on_ballot(turn: Turn) -> Enum:
    draft = BALLOT.of(turn)
    round_ = turn.session.get(Round, draft.round_id) if draft.round_id else None
    if round_ is None:
        return start_voting(turn)
    answer = normalise(turn.text).strip(" .")
    projects = list(round_.projects)
    if answer in SEND_BALLOT_WORDS:
        return _send(turn, round_, draft)
    if answer in MORE_WORDS:
        offset = draft.offset + MAX_ROWS - 2
        fits = len(projects) <= MAX_ROWS - 1  # one list holds them all: nothing more to show
        BALLOT.update(turn, offset=0 if fits or offset >= len(projects) else offset, news=None)
        return prompt(turn, BallotState.BALLOT)
    project = _project_named(projects, answer)
    if project is not None:
        return _toggle(turn, round_, draft, project)
    if answer.isdecimal() and len(answer) <= 3:
        turn.say("ballot_no_such_project", number=answer, count=len(projects))
        return BallotState.BALLOT
    return as_at_the_menu(turn)  # the picks not yet sent stay in the draft


def _project_named(projects: list[Project], answer: str) -> Project | None:
    """A project by its number in the typed list, or by its code (a tapped row's id)."""
    if answer.isdecimal() and 1 <= int(answer) <= len(projects):
        return projects[int(answer) - 1]
    return next((project for project in projects if project.code.lower() == answer), None)


def _toggle(turn: Turn, round_: Round, draft: BallotDraft, project: Project) -> Enum:
    cost = rupiah(project.cost)
    if project.id in draft.picks:
        picks = [picked for picked in draft.picks if picked != project.id]
        news = t("ballot_removed", turn.language, title=project.title)
    elif _total(round_, draft.picks) + project.cost > round_.budget:
        picks = draft.picks
        news = t("ballot_over_budget", turn.language, title=project.title, cost=cost,
                 left=rupiah(round_.budget - _total(round_, draft.picks)))
    else:
        picks = [*draft.picks, project.id]
        news = t("ballot_added", turn.language, title=project.title, cost=cost)
    BALLOT.update(turn, picks=picks, news=news)
    return prompt(turn, BallotState.BALLOT)


def _send(turn: Turn, round_: Round, draft: BallotDraft) -> Enum:
    if not draft.picks:
        BALLOT.update(turn, news=t("ballot_empty", turn.language))
        return prompt(turn, BallotState.BALLOT)
    cast = cast_ballot(turn.session, round_, turn.resident, draft.picks, turn.now)
    turn.message.kind = "ballot"
    if cast.what == "closed":
        voted = ballot_of(turn.session, round_, turn.resident) is not None
        turn.say("ballot_closed" if voted else "ballot_closed_none", round=round_.name)
    elif cast.what in ("cast", "changed"):
        turn.say(f"ballot_{cast.what}", round=round_.name, picked=_picked_titles(turn, round_, draft.picks),
                 total=rupiah(_total(round_, draft.picks)), closes=_closes(turn, round_))
    else:  # the projects changed under the draft (none left of it, or over the budget): pick again
        BALLOT.update(turn, picks=[], news=t("ballot_empty", turn.language))
        return prompt(turn, BallotState.BALLOT)
    BALLOT.put(turn, BallotDraft())
    return MenuState.MENU


# --- what each state asks -------------------------------------------------------------------

def _ask_round(turn: Turn) -> None:
    rounds = [turn.session.get(Round, round_id) for round_id in BALLOT.of(turn).round_choices]
    lines = "\n".join(t("round_line", turn.language, number=number, round=round_.name, where=_where(turn, round_),
                        closes=_closes(turn, round_))
                      for number, round_ in enumerate(rounds, start=1) if round_ is not None)
    turn.say("ask_round", choices_text=lines)


def _ask_ballot(turn: Turn) -> None:
    draft = BALLOT.of(turn)
    round_ = turn.session.get(Round, draft.round_id)
    projects = list(round_.projects)
    picked = set(draft.picks)
    lines = "\n" + "\n".join(t("ballot_line", turn.language, number=number, mark="✅ " if project.id in picked else "",
                               title=project.title, cost=rupiah(project.cost))
                             for number, project in enumerate(projects, start=1))
    total = _total(round_, draft.picks)
    values = {"news": draft.news or t("ballot_start", turn.language, budget=rupiah(round_.budget),
                                      closes=_closes(turn, round_)),
              "round": round_.name, "picked": _picked_titles(turn, round_, draft.picks),
              "total": rupiah(total), "left": rupiah(round_.budget - total)}
    rows = ballot_rows(projects, draft.offset, turn.language, rupiah)
    turn.say("ballot", lines=lines, choices=offer(BALLOT_LIST, values, rows=rows), **values)


def _total(round_: Round, picks: list[int]) -> int:
    return sum(project.cost for project in round_.projects if project.id in set(picks))


def _picked_titles(turn: Turn, round_: Round, picks: list[int]) -> str:
    titles = [project.title for project in round_.projects if project.id in set(picks)]
    return ", ".join(titles) or t("ballot_none_picked", turn.language)


def _closes(turn: Turn, round_: Round) -> str:
    return closes_words(round_, turn.config.city_timezone, turn.language)


def _where(turn: Turn, round_: Round) -> str:
    return round_.area.label() if round_.area is not None else t("round_city", turn.language)


def _next_round(turn: Turn) -> str:
    """The next vote to open, if one is planned, so that "none now" is not the whole answer."""
    upcoming = turn.session.scalars(select(Round).where(Round.voting_from > turn.now)
                                    .order_by(Round.voting_from).limit(1)).first()
    if upcoming is None:
        return ""
    opens = day_words(upcoming.voting_from, turn.config.city_timezone, turn.language)
    return t("next_round_voting", turn.language, round=upcoming.name, opens=opens)


def _on_vote_word(turn: Turn, state: Enum) -> Enum:
    return finish_first(turn, state, FLOW) or start_voting(turn)


FLOW = Flow(
    name="ballot",
    steps={
        BallotState.ROUND: Step(on_round, _ask_round),
        BallotState.BALLOT: Step(on_ballot, _ask_ballot, question=BALLOT_QUESTION),
    },
    words={Word.VOTE: _on_vote_word},
    draft=BALLOT,
    lasts=BALLOT_LASTS,
)
