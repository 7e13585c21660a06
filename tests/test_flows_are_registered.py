"""A conversation is one registered flow: every tap id names a question and a state that exist,
and a flow's menu entry shows in the menu, its list picker, its re-prompt and ``bantuan`` from
the one line that registers it."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from handlers.catalog import t
from handlers.budgeting import rupiah
from handlers.choices import (BALLOT_LIST, CASE_LIST, CATEGORY_LIST, CHOICES, FIX_QUESTION, IDEA_LIST, THEME_LIST,
                              ballot_rows, case_row, category_rows, offer, rows_of, texts, theme_rows)
from handlers.directory import CategoryChoice, ThemeChoice
from handlers.flows import FLOWS, REGISTRY
from handlers.flows.base import Flow, MenuEntry
from handlers.flows.menu import MenuState
from handlers.routing import WORD_ACTIONS
from handlers.texts import residents
from handlers.whatsapp_templates import LANGUAGES
from handlers.words import status_query, word

#: More categories than a list holds, so that the "every category" row is offered too.
CATEGORIES = [CategoryChoice(id=n, code=f"c{n}", name=f"Kategori {n}", name_en=None, evidence_required=False)
              for n in range(1, 13)]


@dataclass
class ProjectRow:
    code: str
    title: str
    cost: int


#: More projects than a list holds, so that the "more projects" row is offered too.
PROJECTS = [ProjectRow(f"P{n:02d}", f"Proyek {n}", n * 1_000_000) for n in range(1, 13)]

THEMES = [ThemeChoice(id=n, code=f"t{n}", name=f"Tema {n}", name_en=None) for n in range(1, 13)]


#: What each list whose rows come with the message offers.
ROWS_FROM_MESSAGE = {
    CATEGORY_LIST: lambda language: category_rows(CATEGORIES, language, []),
    CASE_LIST: lambda language: [case_row("LPR-00001", "LPR-00001 Jalan rusak", "Dalam proses")],
    THEME_LIST: lambda language: theme_rows(THEMES, language),
    IDEA_LIST: lambda language: [("Taman bermain", "idea:ASP-00001", "3 dukungan · Taman"),
                                 ("Lainnya…", "idea:lainnya", "Usulan berikutnya")],
    BALLOT_LIST: lambda language: ballot_rows(PROJECTS, 0, language, rupiah),
}


def every_tap_id() -> list[tuple[str, str]]:
    offered = []
    for purpose, spec in CHOICES.items():
        for language in LANGUAGES:
            choices = offer(purpose, rows=ROWS_FROM_MESSAGE[purpose](language) if spec.rows_from_message else None)
            offered += [(purpose, choice_id) for _, choice_id, _ in rows_of(choices, language)]
    return offered


@pytest.mark.parametrize("purpose,tap_id", every_tap_id())
def test_every_tap_answers_a_question_a_registered_state_asks_or_is_a_word_that_works_anywhere(purpose, tap_id):
    question, _, typed = tap_id.rpartition(":")
    if question == FIX_QUESTION:
        return  # "is it fixed?" is answered whatever the state
    if question:
        assert question in REGISTRY.questions, f"{purpose}: no registered step asks {question!r}"
        assert REGISTRY.questions[question].value in REGISTRY.steps
    else:
        assert word(typed) in WORD_ACTIONS or status_query(typed) is not None, f"{purpose}: {typed!r} works nowhere"


def test_every_question_a_step_asks_is_offered_by_some_tap():
    offered = {tap_id.rpartition(":")[0] for _, tap_id in every_tap_id()}
    assert set(REGISTRY.questions) <= offered


def test_states_are_unique_across_flows_and_each_has_a_prompt():
    states = [state.value for flow in FLOWS for state in flow.steps]
    assert len(states) == len(set(states))
    assert all(callable(REGISTRY.steps[state].ask) for state in states)


@dataclass
class IdeaDraft:
    text: str = ""


def test_a_new_flow_needs_one_registration_to_appear_in_the_menu_its_list_and_help(monkeypatch):
    idea = Flow(name="idea", steps={}, menu=MenuEntry("idea", "ide", lambda turn: MenuState.MENU))
    monkeypatch.setattr(REGISTRY, "flows", [*REGISTRY.flows, idea])
    monkeypatch.setitem(residents.MENU_ENTRIES, "idea", {
        "id": {"title": "Usulkan ide", "description": "Ide untuk kota", "word": "ide", "help": "*ide* – usulkan ide"},
        "en": {"title": "Suggest an idea", "description": "An idea for the city", "word": "idea"}})

    last = len(REGISTRY.menu())
    assert f"{last}. Usulkan ide" in t("menu")
    assert f"*{last}*" in t("menu_reprompt") and f"*{last - 2}*, *{last - 1}*" not in t("menu_reprompt")
    assert "*ide* – usulkan ide" in t("help", example="LPR-00042")
    list_picker = texts(offer("menu_list"), "id")
    assert ("Usulkan ide", "ide", "Ide untuk kota") in list_picker["items"] and "*ide*" in list_picker["body"]
    assert f"{last}. Suggest an idea" in t("menu", "en")


def test_a_new_flows_menu_row_starts_it_tapped_or_typed_by_number(conversation, monkeypatch):
    started = []

    def start_idea(turn):
        started.append(turn.text)
        return MenuState.MENU

    idea = Flow(name="idea", steps={}, menu=MenuEntry("idea", "ide", start_idea))
    monkeypatch.setattr(REGISTRY, "flows", [*REGISTRY.flows, idea])
    monkeypatch.setitem(residents.MENU_ENTRIES, "idea", {
        "id": {"title": "Usulkan ide", "description": "Ide untuk kota", "word": "ide"}})
    conversation.send("halo")
    conversation.tap("Usulkan ide")
    last = str(len(REGISTRY.menu()))
    conversation.send(last)
    assert started == ["ide", last]


def test_a_report_left_half_written_by_the_previous_version_carries_on(city):
    """Before drafts were kept per flow, the report's fields lay flat in the draft; a resident
    mid-report when the new version starts goes on where they were."""
    from sqlalchemy import select

    from models import Conversation

    resident = city.resident()
    resident.send("lapor")
    resident.send("1")
    with city.session() as session:
        conversation = session.scalars(select(Conversation)).one()
        flat = conversation.draft["report"]
        conversation.draft = {key: value for key, value in flat.items() if value not in (None, [], False)}
        session.commit()
    resident.send("Got mampet di depan rumah, air meluap ke jalan tiap hujan.")
    assert "lokasi" in resident.last_reply().lower()
    with city.session() as session:
        draft = session.scalars(select(Conversation)).one().draft
    assert draft["report"]["category"] == "Jalan rusak"
    assert draft["report"]["description"].startswith("Got mampet")


def test_an_old_flat_draft_is_split_into_the_flows_drafts():
    from types import SimpleNamespace

    from handlers.flows.base import drafts_of
    from handlers.flows.fixed import RATING
    from handlers.flows.menu import HELD

    turn = SimpleNamespace(conversation=SimpleNamespace(draft={
        "category": "Jalan rusak", "evidence": [7], "held_evidence": [3, 4], "held_since": 11, "rating_case_id": 2}))
    assert drafts_of(turn)["report"] == {"category": "Jalan rusak", "evidence": [7]}
    assert HELD.of(turn).media_ids == [3, 4] and HELD.of(turn).since_message_id == 11
    assert RATING.of(turn).case_id == 2
