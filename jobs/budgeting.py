"""Telling every voter of a tallied round its result (``handlers/budgeting.py``), in batches
(``jobs/telling.py``)."""
from __future__ import annotations

from handlers.budgeting import tell_next_voters
from models import Round

from .telling import tell_until_done


def tell_voters(round_id: int) -> None:
    tell_until_done(Round, round_id, tell_next_voters)
