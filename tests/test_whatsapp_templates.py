"""The templates WhatsApp must approve, and the one place that shapes their variables."""
from __future__ import annotations

import re

import pytest

from bot.content import template_request
from handlers.whatsapp_templates import (
    ELLIPSIS, LANGUAGES, MAX_TEMPLATE_BODY, TEMPLATES, clean_variable, fill, template_name,
)

PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")
EVERY_VALUE = {"ref": "LPR-00042", "category": "Jalan rusak", "place": "Jl. El Tari No. 5",
               "description": "Lubang besar", "evidence": "https://x.example/media/1.jpg", "who": "Dinas PU",
               "text": "Besok ditambal.", "status": "in_progress", "note": "Sudah ditinjau.",
               "resident": "Siti", "name": "Budi", "department": "Dinas PU", "office": "Kelurahan Fatululi",
               "what": "dijawab", "due": "30-11-2026", "day": "25-11-2026", "new": "3", "open": "12",
               "late": "2", "escalated": "1", "resolved": "4", "slowest": "Dinas PU (2)",
               "aspiration_ref": "ASP-00012", "title": "Taman bermain", "count": "50", "ideas": "tidak ada",
               "rounds": "tidak ada", "round": "Anggaran 2027", "funded": "Taman baca", "yours": "Taman baca",
               "area": "Kec. Oebobo", "closes": "Senin, 04-01-2027 pukul 23.59"}
ALL = [(purpose, language) for purpose in TEMPLATES for language in LANGUAGES]


@pytest.mark.parametrize("purpose,language", ALL)
def test_every_template_is_one_whatsapp_will_approve(purpose, language):
    request = template_request(purpose, language)
    body = request["types"]["twilio/quick-reply"]["body"]
    numbers = PLACEHOLDER.findall(body)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)], "numbered 1, 2, 3 … in order, each once"
    assert set(request["variables"]) == set(numbers), "a sample for every variable"
    assert not body.startswith("{{") and not body.rstrip().endswith("}}"), "never first or last"
    assert not re.search(r"\}\}\s*\{\{", body), "never two side by side"
    assert re.fullmatch(r"[a-z0-9_]+", template_name(purpose, language))
    assert all(len(action["title"]) <= 20 for action in request["types"]["twilio/quick-reply"]["actions"])


@pytest.mark.parametrize("purpose,language", ALL)
def test_a_filled_template_stays_within_1024_characters_however_long_the_values(purpose, language):
    huge = {**{name: "kata " * 2000 for name in EVERY_VALUE}, "status": "declined"}
    filled = fill(purpose, language, huge)
    assert len(filled.text) <= MAX_TEMPLATE_BODY
    assert set(filled.variables) == {str(n) for n in range(1, len(TEMPLATES[purpose].variables) + 1)}
    assert not filled.complete


@pytest.mark.parametrize("purpose,language", ALL)
def test_short_values_fill_a_template_whole(purpose, language):
    filled = fill(purpose, language, EVERY_VALUE)
    assert filled.complete != TEMPLATES[purpose].summary, "a summary (the forward) is followed by the whole"
    assert "{{" not in filled.text


def test_a_variable_never_holds_a_newline_a_tab_or_a_run_of_spaces():
    assert clean_variable("baris satu\nbaris dua\r\n\tketiga     empat", 200) == "baris satu baris dua ketiga empat"


def test_an_empty_variable_becomes_a_dash_since_whatsapp_refuses_empty_ones():
    assert clean_variable("", 50) == "-"
    assert clean_variable("  \n ", 50) == "-"
    assert clean_variable(None, 50) == "-"


def test_a_long_value_is_shortened_at_a_word_with_an_ellipsis():
    shortened = clean_variable("Jalan berlubang besar di depan pasar sejak minggu lalu", 30)
    assert len(shortened) <= 30 and shortened.endswith(ELLIPSIS)
    assert shortened == "Jalan berlubang besar di…"


def test_the_answer_template_shows_the_answer_and_who_gave_it_in_the_residents_language():
    english = fill("answer", "en", {"ref": "LPR-00007", "who": "Dinas PU", "text": "Fixed\ntomorrow"})
    assert "LPR-00007" in english.text and "Dinas PU" in english.text and "Fixed tomorrow" in english.text
    assert english.text.startswith("💬 An answer")


def test_a_status_template_names_the_status_in_the_residents_language():
    assert "*sedang diproses*" in fill("status", "id", {"ref": "LPR-1", "status": "in_progress", "note": "-"}).text
    assert "*resolved*" in fill("status", "en", {"ref": "LPR-1", "status": "resolved", "note": "-"}).text


def test_a_changed_text_is_a_new_template_name():
    assert template_name("answer", "id") != template_name("answer", "en")
    assert template_name("answer", "id") == template_name("answer", "id")


@pytest.mark.parametrize("purpose,language", ALL)
def test_every_template_names_every_value_the_tests_fill(purpose, language):
    assert set(TEMPLATES[purpose].variables) <= set(EVERY_VALUE), "a template's value missing from EVERY_VALUE"
