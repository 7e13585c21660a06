"""News with consent: ``langganan`` / ``subscribe`` opts the number in to the news of its kelurahan
(the one of its latest report or aspiration, else asked once) and of the city's budget rounds;
``berhenti langganan`` / ``unsubscribe`` ends that alone (``berhenti`` ends everything,
``handlers/routing.py``). The consent, its time and the message that gave it are kept
(``handlers/broadcasts.py``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from models import Area

from ..broadcasts import subscribe, unsubscribe
from ..catalog import t
from ..context import Turn
from ..supports import home_area_id
from ..words import Word
from .base import DraftSlot, Flow, Step, as_at_the_menu, finish_first, prompt
from .home_area import HomeAnswer, offer_home_areas, read_home_area
from .menu import MenuState


class SubscribeState(str, Enum):
    #: Asked once, when the bot does not know where the resident lives: which kelurahan's news.
    AREA = "subscribe_area"


@dataclass
class AreaQuestion:
    area_choices: list[int] = field(default_factory=list)


ASKED = DraftSlot("subscribe", AreaQuestion)


def start_subscription(turn: Turn) -> Enum:
    area_id = home_area_id(turn.session, turn.resident)
    if area_id is None:
        return prompt(turn, SubscribeState.AREA)
    return _subscribed(turn, turn.session.get(Area, area_id))


def on_area(turn: Turn) -> Enum:
    answer, picked = read_home_area(turn, ASKED.of(turn).area_choices)
    if answer == HomeAnswer.CITY:
        return _subscribed(turn, None)
    if answer == HomeAnswer.UNKNOWN:
        turn.say("home_area_unknown")
        return prompt(turn, SubscribeState.AREA)
    if answer == HomeAnswer.ELSEWHERE:
        return as_at_the_menu(turn)
    turn.resident.home_area_id = picked.id
    return _subscribed(turn, turn.session.get(Area, picked.id))


def _subscribed(turn: Turn, area: Area | None) -> Enum:
    what = subscribe(turn.session, turn.resident, area, turn.message, turn.now)
    turn.message.kind = "subscribe"
    where = area.label() if area is not None else t("round_city", turn.language)
    turn.say(f"subscription_{what}", where=where)
    return MenuState.MENU


def _ask_area(turn: Turn) -> None:
    ASKED.put(turn, AreaQuestion(area_choices=offer_home_areas(turn, "ask_subscription_area")))


def _on_subscribe_word(turn: Turn, state: Enum) -> Enum:
    return finish_first(turn, state, FLOW) or start_subscription(turn)


def _on_unsubscribe_word(turn: Turn, state: Enum) -> Enum:
    turn.message.kind = "unsubscribe"
    turn.say("unsubscribed" if unsubscribe(turn.session, turn.resident, "unsubscribe", turn.now) else "not_subscribed")
    return state


FLOW = Flow(
    name="subscribe",
    steps={SubscribeState.AREA: Step(on_area, _ask_area)},
    words={Word.SUBSCRIBE: _on_subscribe_word, Word.UNSUBSCRIBE: _on_unsubscribe_word},
    draft=ASKED,
    lasts=timedelta(hours=1),
)
