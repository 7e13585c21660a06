"""The resident's conversations, one module each; registering one here is all it takes to have its
states handled, its words heard, its row in the menu and its line in ``bantuan``.

The menu's rows come in the order registered."""
from __future__ import annotations

from ..catalog import provide_values
from ..choices import MENU_LIST, provide_texts
from . import aspiration, ballot, fixed, subscribe, help, ideas, menu, report, status, which_case
from .base import REGISTRY, Flow, is_drafting, prompt

FLOWS: tuple[Flow, ...] = (
    menu.FLOW,
    report.FLOW,
    status.FLOW,
    help.FLOW,
    aspiration.FLOW,
    ideas.FLOW,
    ballot.FLOW,
    subscribe.FLOW,
    fixed.FLOW,
    which_case.FLOW,
)

for _flow in FLOWS:
    REGISTRY.register(_flow)
provide_texts(MENU_LIST, menu.menu_list_texts)
provide_values("menu", menu.menu_lines)
provide_values("menu_reprompt", menu.menu_lines)
provide_values("help", menu.help_lines)

__all__ = ["FLOWS", "REGISTRY", "is_drafting", "prompt"]
