"""Every text the bot sends, read through here: residents' (``texts/residents.py``), officials'
(``texts/officials.py``), the templates WhatsApp approves (``texts/templates.py``) and what
residents tap (``texts/taps.py``), about aspirations (``texts/aspirations.py``) and budget rounds
(``texts/budgeting.py``) and news (``texts/news.py``). Logic never holds a sentence of its own."""
from __future__ import annotations

from collections.abc import Callable

from .texts.aspirations import ASPIRATION_TEXTS
from .texts.budgeting import BUDGETING_TEXTS
from .texts.news import NEWS_TEXTS
from .texts.officials import OFFICIAL_TEXTS
from .texts.residents import MENU_ENTRIES
from .texts.residents import TEXTS as _RESIDENT_TEXTS
from .texts.taps import CHOICE_SAMPLES, CHOICE_TEXTS, MORE_CATEGORIES, MORE_PROJECTS, MORE_THEMES, SEND_BALLOT
from .texts.templates import TEMPLATE_BUTTON, TEMPLATE_SAMPLES, TEMPLATE_TEXTS, TEMPLATE_WORD_BUTTONS

__all__ = ["CHOICE_SAMPLES", "CHOICE_TEXTS", "MENU_ENTRIES", "MORE_CATEGORIES", "MORE_PROJECTS", "MORE_THEMES", "SEND_BALLOT", "OFFICIAL_TEXTS", "TEMPLATE_BUTTON",
           "TEMPLATE_SAMPLES", "TEMPLATE_TEXTS", "TEMPLATE_WORD_BUTTONS", "TEXTS", "menu_entry_text", "official_text", "or_list",
           "provide_values", "status_label", "t"]


#: What residents read, one key for one text whichever module holds it.
TEXTS: dict[str, dict[str, str]] = {**_RESIDENT_TEXTS, **ASPIRATION_TEXTS, **BUDGETING_TEXTS, **NEWS_TEXTS}
assert len(TEXTS) == len(_RESIDENT_TEXTS) + len(ASPIRATION_TEXTS) + len(BUDGETING_TEXTS) + len(NEWS_TEXTS), \
    "a text key is written twice"


def t(key: str, language: str = "id", **values) -> str:
    """The text ``key`` in ``language`` (Indonesian when English is missing), filled in."""
    variants = TEXTS[key]
    if key in _PROVIDERS:
        values = {**_PROVIDERS[key](language, values), **values}
    return variants.get(language, variants["id"]).format(**values)


#: Values some texts take from what is registered (the menu's lines from the flows' entries), by key.
_PROVIDERS: dict[str, Callable[[str, dict], dict]] = {}


def provide_values(key: str, provider: Callable[[str, dict], dict]) -> None:
    """Have ``t(key)`` fill some of its values from ``provider(language, values)``."""
    _PROVIDERS[key] = provider


def menu_entry_text(key: str, language: str = "id") -> dict[str, str]:
    variants = MENU_ENTRIES[key]
    return variants.get(language, variants["id"])


def or_list(items: list[str], language: str = "id") -> str:
    """``*1*, *2* atau *3*``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('or', language)} {items[-1]}"


def official_text(key: str, **values) -> str:
    return OFFICIAL_TEXTS[key].format(**values)


def status_label(status: str, language: str = "id") -> str:
    return t(f"case_status.{status}", language)
