"""Unexpected input gets a helpful answer and leaves the draft intact; forged requests get nothing.

A step's answer to bad input is the conversation's alone (the ``conversation`` tester); forged
requests, and what the worker makes of an attachment, are tested end to end (``city``)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from twilio.request_validator import RequestValidator

from jobs.sweep import sweep
from handlers.outbox import DOWNLOAD_JOB
from harness import WEBHOOK_PATH


def at_the_category_question(resident) -> None:
    """``lapor``, and the categories read; ``resident``: a city's Phone or the conversation tester."""
    resident.send("lapor")
    resident.replies()


def at_the_evidence_question(resident) -> None:
    """A damaged-road report written up to its evidence, and the question read."""
    at_the_category_question(resident)
    resident.send("1")
    resident.send("Got mampet di depan rumah, air meluap ke jalan tiap hujan.")
    resident.send("Jl. Cihampelas No. 10, Bandung")
    resident.replies()



def test_a_missing_or_wrong_signature_is_refused_with_403_and_nothing_is_stored(city):
    resident = city.resident()
    assert resident.post(resident.form("halo"), signature="").status_code == 403
    assert resident.post(resident.form("halo"), signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    form = resident.form("halo")
    signature = RequestValidator(city.auth_token).compute_signature(city.base_url + WEBHOOK_PATH, form)
    assert resident.post({**form, "Body": "status LPR-00001"}, signature=signature).status_code == 403
    assert city.messages() == []


def test_status_callbacks_need_a_signature_too(city):
    response = requests.post(city.base_url + "/webhooks/twilio/status",
                             data={"MessageSid": "SM" + "0" * 32, "MessageStatus": "read"}, timeout=10)
    assert response.status_code == 403


@pytest.mark.parametrize("body", ["👍", "?", "", "   "])
def test_an_unexpected_answer_to_the_category_question_reprompts(conversation, body):
    at_the_category_question(conversation)
    conversation.send(body)
    assert "kategori itu tidak ada" in conversation.replies()[0]
    conversation.send("1")
    assert "Jalan rusak" in conversation.last_reply()


def test_a_location_when_a_category_was_asked_for_reprompts(conversation):
    at_the_category_question(conversation)
    conversation.send_location(-6.9, 107.6)
    assert "kategori itu tidak ada" in conversation.replies()[0]


def test_a_sticker_is_refused_politely(conversation):
    at_the_evidence_question(conversation)
    conversation.send_media(b"RIFF....WEBP", "image/webp", message_type="sticker")
    assert "Stiker tidak bisa" in conversation.replies()[0]
    assert conversation.draft.get("evidence") in (None, [])


def test_five_thousand_characters_are_kept_up_to_the_limit_and_the_resident_told(conversation):
    at_the_category_question(conversation)
    conversation.send("1")
    conversation.send("a" * 5000)
    told, asked = conversation.replies()[-2:]
    assert "5000 huruf" in told and "1500 huruf pertama" in told and "lokasi" in asked.lower()
    draft = conversation.draft
    assert draft["category"] == "Jalan rusak" and draft["description"] == "a" * 1500


def test_an_odd_file_type_is_refused_politely(conversation):
    at_the_evidence_question(conversation)
    conversation.send_media(b"MZ\x90\x00", "application/x-msdownload", message_type="document")
    assert "tidak bisa dipakai sebagai bukti" in conversation.replies()[0]


def test_oversize_evidence_is_refused_politely_when_the_worker_sees_its_size(city):
    city.restart_worker(MEDIA_MAX_BYTES="1000")
    resident = city.resident()
    at_the_evidence_question(resident)
    resident.send_media(b"\xff\xd8" + b"x" * 5000, "image/jpeg")
    city.work()
    assert any("terlalu besar" in message.body for message in resident.received())


def test_evidence_is_required_where_the_category_says_so(conversation):
    at_the_evidence_question(conversation)
    conversation.send("selesai")
    assert "wajib disertai bukti" in conversation.last_reply()


def test_a_draft_left_alone_for_a_day_expires_politely(conversation):
    at_the_category_question(conversation)
    conversation.send("1")
    conversation.replies()
    conversation.later(hours=25)
    conversation.send("Jalan berlubang dalam sekali di tikungan dekat masjid.")
    assert "kedaluwarsa" in conversation.replies()[0]
    assert conversation.draft == {}


def test_stop_silences_the_bot_until_start(conversation):
    conversation.send("halo")
    conversation.send("berhenti")
    assert "tidak akan menerima pesan" in conversation.last_reply()
    conversation.send("lapor")
    assert conversation.replies() == []
    conversation.send("mulai")
    assert "Selamat datang kembali" in conversation.replies()[0]


def test_a_photo_nobody_asked_for_is_set_aside_and_never_downloaded_without_a_report(city):
    resident = city.resident()
    resident.send("halo")
    resident.replies()
    resident.send_media(b"\xff\xd8 a selfie", "image/jpeg")
    held, menu = resident.replies()
    assert "belum dibuka" in held and "Tanpa laporan, berkas ini tidak diunduh" in held and "Menu" in menu
    media, = city.media()
    assert media.status == "held"
    city.work()
    swept = sweep(city.worker_runtime, older_than=timedelta(0)).calls
    assert [call for call in swept if call[0] == DOWNLOAD_JOB] == []
    assert city.media()[0].status == "held"


def test_a_sticker_outside_a_report_is_still_declined(conversation):
    conversation.send("halo")
    conversation.send_media(b"RIFF....WEBP", "image/webp", message_type="sticker")
    assert conversation.replies()[-2].startswith("Terima kasih atas stikernya")
    assert conversation.media()[0].status == "rejected"
