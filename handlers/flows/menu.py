"""The main menu: where every conversation starts and ends. Its rows are the registered flows'
menu entries, typed as numbers or tapped in a list picker; a photo sent here waits for the next
report."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..catalog import menu_entry_text, or_list, t
from ..choices import MENU_LIST, Row, offer
from ..confirmation import add_to_reopened, recently_reopened
from ..context import Turn
from ..evidence import has_media, hold_for_next_report
from ..words import normalise
from .base import REGISTRY, DraftSlot, Flow, MenuEntry, Step, prompt


class MenuState(str, Enum):
    MENU = "menu"


@dataclass
class HeldEvidence:
    """Attachments sent from the menu, offered as the first evidence of the next report."""

    media_ids: list[int] = field(default_factory=list)
    #: The message they came with: the report's transcript starts there if it takes them.
    since_message_id: int | None = None


HELD = DraftSlot("held", HeldEvidence)


def on_menu(turn: Turn) -> Enum:
    entry = chosen_entry(turn.text)
    if entry is not None:
        return entry.start(turn)
    if has_media(turn):
        reopened = recently_reopened(turn)
        if reopened is not None:
            add_to_reopened(turn, reopened)
            return MenuState.MENU
        if _hold(turn):  # else each file was refused, in words that fit the menu
            turn.say("media_held_for_report")
    else:
        turn.say("menu_reprompt")
    return prompt(turn, MenuState.MENU)


def _hold(turn: Turn) -> int:
    held = hold_for_next_report(turn)
    if held:
        before = HELD.of(turn)
        HELD.update(turn, media_ids=[*before.media_ids, *held],
                    since_message_id=before.since_message_id or turn.message.id)
    return len(held)


def chosen_entry(text: str) -> MenuEntry | None:
    """The menu entry ``text`` picks: by its number, or by its word (its row's id, when tapped)."""
    picked = normalise(text).strip(" .")
    return next((entry for number, entry in _numbered() if picked in (number, entry.word)), None)


def _numbered() -> list[tuple[str, MenuEntry]]:
    return [(str(number), entry) for number, entry in enumerate(REGISTRY.menu(), start=1)]


def ask_menu(turn: Turn) -> None:
    turn.say("menu", choices=offer(MENU_LIST))


def menu_lines(language: str, values: dict) -> dict:
    """The typed menu's numbered lines, and the numbers its re-prompt names."""
    numbered = _numbered()
    return {"lines": "\n".join(f"{number}. {menu_entry_text(entry.key, language)['title']}"
                               for number, entry in numbered),
            "numbers": or_list([f"*{number}*" for number, _ in numbered], language),
            "names": or_list([f"*{number}* {menu_entry_text(entry.key, language)['title']}"
                              for number, entry in numbered], language)}


def menu_list_texts(language: str) -> dict:
    """The menu's list picker: a row per entry, its id the entry's word (which works anywhere)."""
    entries = [(entry, menu_entry_text(entry.key, language)) for entry in REGISTRY.menu()]
    rows: list[Row] = [(text["title"], entry.word, text["description"]) for entry, text in entries]
    words = or_list([f"*{text['word']}*" for _, text in entries], language)
    return {"body": t("menu_list_body", language, words=words), "button": t("menu_list_button", language),
            "items": rows}


def help_lines(language: str, values: dict) -> dict:
    """``bantuan``'s first lines: the words that start each flow."""
    return {"flows": "\n".join(text["help"].format(**values)
                               for text in (menu_entry_text(entry.key, language) for entry in REGISTRY.menu())
                               if text.get("help"))}


FLOW = Flow(
    name="menu",
    steps={MenuState.MENU: Step(on_menu, ask_menu)},
    draft=HELD,
)
