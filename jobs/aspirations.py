"""Telling every supporter of an aspiration its office's answer or its forum's outcome
(``handlers/aspirations.py``), in batches (``jobs/telling.py``)."""
from __future__ import annotations

from handlers.aspirations import tell_next_supporters
from models import AspirationEvent

from .telling import tell_until_done


def tell_supporters(event_id: int) -> None:
    tell_until_done(AspirationEvent, event_id, tell_next_supporters)
