"""``bantuan``: the words that work everywhere, the registered flows' first."""
from __future__ import annotations

from enum import Enum

from ..context import Turn
from ..words import Word
from .base import Flow, MenuEntry, is_drafting, prompt
from .menu import MenuState


def say_help(turn: Turn) -> None:
    turn.say("help")


def _from_menu(turn: Turn) -> Enum:
    say_help(turn)
    return MenuState.MENU


def _on_help_word(turn: Turn, state: Enum) -> Enum:
    say_help(turn)
    return prompt(turn, state) if is_drafting(state) else state


FLOW = Flow(name="help", steps={}, words={Word.HELP: _on_help_word}, menu=MenuEntry("help", "bantuan", _from_menu))
