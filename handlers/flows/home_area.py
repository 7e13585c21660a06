"""The question two conversations ask once when the bot does not know where a resident lives
(browsing ideas, subscribing to news): a numbered list of kelurahan, answered by a number, a
name, or ``0`` / ``seluruh kota`` for the whole city. Each flow keeps the offered ids in its own draft."""
from __future__ import annotations

from enum import Enum

from ..areas import AreaShape
from ..context import Turn
from ..words import CITY_WIDE_WORDS, normalise

#: Kelurahan offered by number.
AREA_CHOICES = 9
#: A kelurahan's name is a few words: a longer answer is a message for someone else.
MAX_AREA_ANSWER = 40


class HomeAnswer(Enum):
    CITY = "city"
    AREA = "area"
    #: A number or a short name the bot does not know: ask again.
    UNKNOWN = "unknown"
    #: A sentence: no answer to this question, but a message for the menu.
    ELSEWHERE = "elsewhere"


def offer_home_areas(turn: Turn, question: str) -> list[int]:
    """Ask ``question`` (a catalog key taking ``choices_text``) with the kelurahan numbered; their ids."""
    options = turn.config.directory.areas(turn.session).closest_names("", limit=AREA_CHOICES)
    turn.say(question, choices_text="\n".join(f"{number}. {area.name}"
                                              for number, area in enumerate(options, start=1)))
    return [area.id for area in options]


def read_home_area(turn: Turn, offered: list[int]) -> tuple[HomeAnswer, AreaShape | None]:
    answer = normalise(turn.text).strip(" .")
    if answer in CITY_WIDE_WORDS or answer == "0":
        return HomeAnswer.CITY, None
    areas = turn.config.directory.areas(turn.session)
    picked = None
    if answer.isdecimal() and 1 <= int(answer) <= len(offered):
        picked = areas.get(offered[int(answer) - 1])
    elif answer:
        picked = areas.named_in(turn.text)
    if picked is not None and len(answer) <= MAX_AREA_ANSWER:  # a sentence naming a place is no answer
        return HomeAnswer.AREA, picked
    if answer.isdecimal() or len(answer) <= MAX_AREA_ANSWER:
        return HomeAnswer.UNKNOWN, None
    return HomeAnswer.ELSEWHERE, None
