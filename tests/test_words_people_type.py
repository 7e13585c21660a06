"""The words of CONTRACT.md are recognised however people type them; long texts split cleanly."""
from __future__ import annotations

import pytest

from handlers.outbox import MAX_BODY, split_body
from handlers.references import CASE, ReferenceKinds
from handlers.words import Word, hash_ref_message, official_command, status_query, word


@pytest.mark.parametrize("typed, meant", [
    ("lapor", Word.REPORT), ("  LAPOR ", Word.REPORT), ("Report", Word.REPORT), ("menu", Word.MENU),
    ("Bantuan", Word.HELP), ("help!", Word.HELP), ("batal", Word.CANCEL), ("CANCEL", Word.CANCEL),
    ("berhenti", Word.STOP), ("stop", Word.STOP), ("mulai", Word.START), ("start", Word.START),
    ("selesai", Word.DONE), ("done", Word.DONE), ("Ya", Word.YES), ("yes.", Word.YES),
    ("tidak", Word.NO), ("no", Word.NO), ("bahasa", Word.LANGUAGE), ("language", Word.LANGUAGE),
])
def test_keywords_whatever_their_case_and_spacing(typed, meant):
    assert word(typed) is meant


@pytest.mark.parametrize("typed", ["lapor jalan", "yaa", "", "👍", "selesai dong"])
def test_other_text_is_no_keyword(typed):
    assert word(typed) is None


@pytest.mark.parametrize("typed, ref", [
    ("status LPR-00042", "LPR-00042"), ("STATUS lpr-42", "LPR-00042"), ("status LPR 00042", "LPR-00042"),
    ("status", None),
])
def test_status_queries(typed, ref):
    assert status_query(typed).ref == ref


@pytest.mark.parametrize("typed", ["status IDE-12", "#IDE-12 setuju", "status X-1"])
def test_a_reference_whose_prefix_no_kind_declares_is_not_read_as_a_case(typed):
    assert status_query(typed) is None and hash_ref_message(typed) is None


def test_a_city_reads_references_in_its_own_prefix():
    kupang = ReferenceKinds({CASE: "KPG"})
    assert status_query("status kpg-7", kupang).ref == "KPG-00007"
    assert status_query("status LPR-7", kupang) is None
    assert official_command("/proses KPG 7", kupang).ref == "KPG-00007"
    assert kupang.parse(" kpg-0007 ").text == "KPG-00007" and kupang.parse("KPG-7 lagi") is None


def test_hash_ref_carries_its_text():
    tagged = hash_ref_message("#LPR-00042 Tim kami ke lokasi besok.\nTerima kasih.")
    assert (tagged.ref, tagged.text) == ("LPR-00042", "Tim kami ke lokasi besok.\nTerima kasih.")


@pytest.mark.parametrize("typed, name, ref, text", [
    ("/proses LPR-00042", "process", "LPR-00042", ""),
    ("/selesai LPR-00042 sudah ditambal", "resolve", "LPR-00042", "sudah ditambal"),
    ("/TOLAK lpr-7 bukan wewenang kota", "decline", "LPR-00007", "bukan wewenang kota"),
    ("/kasus", "cases", None, ""),
    ("/bantuan", "help", None, ""),
])
def test_official_commands(typed, name, ref, text):
    command = official_command(typed)
    assert (command.name, command.ref, command.text) == (name, ref, text)


def test_an_unknown_slash_word_is_no_command():
    assert official_command("/halo") is None


def test_long_texts_are_split_at_line_or_sentence_boundaries_under_the_cap():
    sentence = "Jalan di depan pasar berlubang dan membahayakan pengendara motor. "
    text = sentence * 60  # about 3,900 characters
    parts = split_body(text)
    assert len(parts) == 3
    assert all(len(part) <= MAX_BODY for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text.strip()


def test_a_word_longer_than_the_cap_is_cut():
    parts = split_body("x" * 4000)
    assert [len(part) for part in parts] == [1600, 1600, 800]
