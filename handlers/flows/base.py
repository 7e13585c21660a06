"""What a conversation declares, and the registry that assembles the registered ones.

A flow is one module under ``handlers/flows/``: its states (an Enum whose values are stored in
``Conversation.state``), one ``Step`` per state (the handler that answers a message in it, the prompt
that asks for it, and the tap question it answers), the words that start it from anywhere, its
menu entry and the typed draft it keeps under a key of its own in ``Conversation.draft``.
``handlers/flows/__init__.py`` registers them; the menu, its list picker, ``bantuan``'s first
lines and the menu's re-prompt are generated from what is registered.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Generic, TypeVar

from ..context import Turn
from ..words import Word, word

#: A step answers one message in its state and returns the next state (any flow's).
Handler = Callable[[Turn], Enum]
Prompt = Callable[[Turn], None]
#: What a word that works everywhere does: it gets the state the resident is in.
Action = Callable[[Turn, Enum], Enum]


@dataclass(frozen=True)
class Step:
    handle: Handler
    ask: Prompt
    #: The prefix of the tap ids that answer this state's question (``confirm`` in ``confirm:ya``);
    #: a tap with it in another state is an old tap.
    question: str | None = None


@dataclass(frozen=True)
class MenuEntry:
    """One row of the main menu: typed as its number (or its ``word``) at the menu, or tapped as its
    list row, whose id is ``word``. Its title, description and help line are ``MENU_ENTRIES[key]`` in
    ``handlers/texts/residents.py``."""

    key: str
    word: str
    start: Callable[[Turn], Enum]


D = TypeVar("D")


@dataclass(frozen=True)
class DraftSlot(Generic[D]):
    """A flow's typed draft, kept as a JSON object under ``key`` in ``Conversation.draft``; the
    other flows' drafts beside it are left alone."""

    key: str
    type: type[D]

    def of(self, turn: Turn) -> D:
        stored = drafts_of(turn).get(self.key) or {}
        known = {f.name for f in dataclasses.fields(self.type)}
        return self.type(**{name: value for name, value in stored.items() if name in known})

    def update(self, turn: Turn, **values) -> D:
        """Change some fields (a name the draft does not declare is a TypeError, not a new key)."""
        draft = dataclasses.replace(self.of(turn), **values)
        self.put(turn, draft)
        return draft

    def put(self, turn: Turn, draft: D) -> None:
        # A new dict, so that SQLAlchemy sees the JSON column change.
        turn.conversation.draft = {**drafts_of(turn), self.key: dataclasses.asdict(draft)}

    def start(self, turn: Turn, draft: D) -> None:
        """This draft alone: every other flow's draft is dropped (a new report, a new rating)."""
        turn.conversation.draft = {self.key: dataclasses.asdict(draft)}

@dataclass(frozen=True)
class LeaveQuestion:
    """"Drop what you are writing?", asked when ``menu`` comes half-way through a drafting flow:
    ``ya`` drops the draft for the menu, ``tidak`` goes back to the question ``menu`` interrupted.
    The flow's draft keeps that state in its ``resume_state`` field."""

    draft: DraftSlot
    #: The state that asks; the flow's first state, to go back to when none was kept.
    state: Enum
    first: Enum
    #: Text keys: what the dropped draft is told, and the re-prompt of an answer neither yes nor no
    #: (with its buttons' purpose).
    dropped: str
    reprompt: str
    reprompt_buttons: str

    def ask(self, turn: Turn, state: Enum) -> Enum:
        self.draft.update(turn, resume_state=state.value)
        return prompt(turn, self.state)

    def answer(self, turn: Turn) -> Enum:
        from ..choices import offer

        answer = word(turn.text)
        if answer == Word.YES:
            clear_drafts(turn)
            turn.say(self.dropped)
            return prompt(turn, REGISTRY.state("menu"))
        if answer == Word.NO:
            resume = REGISTRY.state(self.draft.of(turn).resume_state or self.first.value)
            self.draft.update(turn, resume_state=None)
            return prompt(turn, resume)
        turn.say(self.reprompt, choices=offer(self.reprompt_buttons))
        return self.state


def clear_drafts(turn: Turn) -> None:
    """Every flow's draft dropped (``batal``, an expired report, a report filed)."""
    turn.conversation.draft = {}


#: Where a draft written before drafts were kept per flow goes: its keys are the report's but for these.
LEGACY_KEYS = {"held_evidence": "held", "held_since": "held", "rating_case_id": "rating"}
LEGACY_NAMES = {"held_evidence": "media_ids", "held_since": "since_message_id", "rating_case_id": "case_id"}


def drafts_of(turn: Turn) -> dict:
    stored = turn.conversation.draft or {}
    if stored and not all(isinstance(value, dict) for value in stored.values()):
        return _split_legacy(stored)
    return stored


def _split_legacy(flat: dict) -> dict:
    """A conversation left mid-report by an older version keeps its draft: one flat dict then."""
    slots: dict[str, dict] = {}
    for name, value in flat.items():
        slots.setdefault(LEGACY_KEYS.get(name, "report"), {})[LEGACY_NAMES.get(name, name)] = value
    return slots


@dataclass(frozen=True)
class Flow:
    name: str
    steps: Mapping[Enum, Step]
    #: States whose draft expires after ``DRAFT_TTL_HOURS`` and that ``menu`` asks before leaving.
    drafting: frozenset[Enum] = frozenset()
    #: Words that start or serve this flow from any state.
    words: Mapping[Word, Action] = field(default_factory=dict)
    menu: MenuEntry | None = None
    draft: DraftSlot | None = None
    #: ``menu`` in a drafting state: asks before dropping the draft, and returns the state that asks.
    leave: Action | None = None
    leave_state: Enum | None = None
    #: What the resident is told when the draft is dropped (``batal``), and when it expired.
    dropped: str = "cancelled"
    expired: str = "draft_expired"
    #: What another flow's word is answered with while this flow's draft is being written.
    unfinished: str = "finish_report_first"
    #: States of a flow that writes no draft (browsing) last this long idle; then the next message
    #: is the menu's.
    lasts: timedelta | None = None


class Registry:
    """The registered flows' steps, by the state value stored in ``Conversation.state``."""

    def __init__(self) -> None:
        self.flows: list[Flow] = []
        self.steps: dict[str, Step] = {}
        self.states: dict[str, Enum] = {}
        self.drafting: set[Enum] = set()
        self.words: dict[Word, Action] = {}
        self.questions: dict[str, Enum] = {}

    def register(self, flow: Flow) -> None:
        for state, step in flow.steps.items():
            if state.value in self.steps:
                raise ValueError(f"state {state.value!r} of flow {flow.name!r} is registered already")
            self.steps[state.value], self.states[state.value] = step, state
            if step.question:
                self.questions[step.question] = state
        for typed, action in flow.words.items():
            if typed in self.words:
                raise ValueError(f"word {typed} of flow {flow.name!r} is registered already")
            self.words[typed] = action
        if flow.draft is not None and flow.draft.key in {f.draft.key for f in self.flows if f.draft}:
            raise ValueError(f"draft key {flow.draft.key!r} of flow {flow.name!r} is another flow's")
        self.drafting |= flow.drafting
        self.flows.append(flow)

    def state(self, value: str) -> Enum:
        return self.states[value]

    def flow_of(self, state: Enum) -> Flow:
        return next(flow for flow in self.flows if state in flow.steps)

    def handle(self, turn: Turn, state: Enum) -> Enum:
        return self.steps[state.value].handle(turn)

    def menu(self) -> list[MenuEntry]:
        return [flow.menu for flow in self.flows if flow.menu is not None]


REGISTRY = Registry()


def prompt(turn: Turn, state: Enum) -> Enum:
    """Ask what ``state`` needs, and return it as the next state."""
    REGISTRY.steps[state.value].ask(turn)
    return state


def is_drafting(state: Enum) -> bool:
    return state in REGISTRY.drafting


def as_at_the_menu(turn: Turn) -> Enum:
    """What is no answer to a browsing or picking step (a message for an office, "ya" to "is it
    fixed?", a photo) is taken as the menu would take it, so that such a step never swallows it."""
    from ..routing import respond  # the routing imports every flow
    from .menu import MenuState

    return respond(turn, MenuState.MENU)


def finish_first(turn: Turn, state: Enum, starting: Flow) -> Enum | None:
    """Starting ``starting`` while another flow's draft is written would drop that draft unasked:
    say so, and ask that flow's question again (None: nothing in the way)."""
    if not is_drafting(state) or state in starting.steps:
        return None
    turn.say(REGISTRY.flow_of(state).unfinished)
    return prompt(turn, state)
