"""A resident files a report on WhatsApp, and it reaches the right officials with its evidence.

What the conversation asks and answers at each step is tested on the conversation alone (the
``conversation`` tester); what reaches officials, and the evidence they open, end to end (``city``)."""
from __future__ import annotations

import io

import requests
from PIL import Image

from harness import DESCRIPTION, a_photo, file_pothole_report, official_wrote_today

PHOTO = a_photo("pothole")


def test_a_first_message_is_greeted_with_who_we_are_and_the_menu(conversation):
    conversation.send("halo")
    greeting, menu = conversation.replies()
    assert "Lapor Wali Kota" in greeting and "Petugas kota" in greeting
    assert "1. Buat laporan baru" in menu


def test_the_conversation_walks_through_category_description_location_evidence_and_confirmation(conversation):
    conversation.send("halo")
    conversation.replies()
    conversation.send("lapor")
    assert "1. Jalan rusak" in conversation.last_reply()
    conversation.send("jalan rusak")  # a category by its name works as well as its number
    assert "Jalan rusak" in conversation.last_reply()
    conversation.send(DESCRIPTION)
    assert "lokasi" in conversation.last_reply().lower()
    conversation.send_location(-6.917464, 107.619123, address="Jl. Merdeka No. 1, Bandung", label="SD Negeri 1")
    assert "bukti" in conversation.last_reply().lower()
    conversation.send_media(PHOTO, "image/jpeg")
    assert "Bukti ke-1 diterima" in conversation.last_reply()
    conversation.send_media(b"%PDF-1.4 letter", "application/pdf", message_type="document")
    assert "Bukti ke-2 diterima" in conversation.last_reply()
    conversation.send("SELESAI")
    summary = conversation.last_reply()
    assert "Jalan rusak" in summary and DESCRIPTION in summary and "SD Negeri 1" in summary
    assert "2 berkas" in summary
    conversation.send("ya")
    confirmation = conversation.last_reply()
    assert "LPR-00001" in confirmation and "Dinas Pekerjaan Umum" in confirmation

    case = conversation.only_case()
    assert (case.ref, case.status, case.description) == ("LPR-00001", "open", DESCRIPTION)
    assert (case.latitude, case.longitude, case.place_label) == (-6.917464, 107.619123, "SD Negeri 1")


def test_a_confirmed_case_is_forwarded_to_every_official_of_its_department_without_the_residents_number(city):
    resident = city.resident("+6281200000001", name="Siti Aminah")
    official, before = official_wrote_today(city)  # Budi, Dinas PU: "jalan" routes there
    file_pothole_report(resident)
    city.work()

    forward, evidence = official.received()[before:]
    assert "LPR-00001" in forward.body and "Jalan rusak" in forward.body
    assert DESCRIPTION in forward.body and "Siti Aminah" in forward.body
    assert "https://www.openstreetmap.org/?mlat=-6.917464&mlon=107.619123" in forward.body
    assert "Jl. Merdeka No. 1, Bandung" in forward.body
    assert "6281200000001" not in forward.body + evidence.body
    assert evidence.media_urls and evidence.media_urls[0].startswith(city.base_url + "/media/")
    assert city.official("+6281234500002").received() == []  # DLH's official is not involved
    assert city.official("+6281234500009").received() == []  # nor the mayor's office: PU has someone


def test_the_evidence_is_ours_and_opens_from_an_officials_phone_without_a_password(city):
    official, before = official_wrote_today(city)
    file_pothole_report(city.resident())
    city.work()
    evidence = official.received()[before + 1]
    photo = requests.get(evidence.media_urls[0], timeout=10)
    assert photo.status_code == 200
    kept = Image.open(io.BytesIO(photo.content))  # re-encoded, without metadata: tests/test_evidence_downloads.py
    assert kept.format == "JPEG" and kept.size == (32, 24) and photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["Content-Security-Policy"] == "sandbox"  # never run as part of this site
    # Twilio's copy was fetched with our credentials on its API host only, never on its CDN.
    assert city.fake.cdn_requests_with_auth == 0


def test_a_tampered_or_guessed_evidence_link_opens_nothing(city):
    official, before = official_wrote_today(city)
    file_pothole_report(city.resident())
    city.work()
    link = official.received()[before + 1].media_urls[0]
    assert requests.get(link.replace("/media/", "/media/x"), timeout=10).status_code == 404
    assert requests.get(city.base_url + "/media/1/bukti-1.jpg", timeout=10).status_code == 404


def test_a_category_without_department_goes_to_the_default_department(city):
    resident = city.resident()
    resident.send("lapor")
    resident.send("5")  # Lainnya: no department, evidence optional
    resident.send("Lampu penerangan jalan di gang kami mati sejak minggu lalu.")
    resident.send("Gang Mawar RT 03 RW 05, Kelurahan Sukajadi")
    resident.send("selesai")  # no evidence needed for this category
    resident.send("ya")
    assert "Kantor Wali Kota" in resident.last_reply()
    city.work()
    forward, = city.official("+6281234500009").received()  # never wrote: the forward template
    assert "Gang Mawar RT 03 RW 05" in forward.rendered and "Bukti: tidak ada" in forward.rendered


def test_a_long_caption_on_the_first_photo_serves_as_the_description(conversation):
    conversation.send("lapor")
    conversation.send("2")  # Sampah menumpuk
    conversation.send_media(PHOTO, "image/jpeg", caption="Sampah menumpuk di pinggir pasar sejak tiga hari.")
    assert "lokasi" in conversation.last_reply().lower()
    conversation.send("Pasar Baru, Jl. Otto Iskandardinata")
    assert "1 berkas" in conversation.last_reply()  # the photo is in: straight to the summary


def test_status_answers_with_the_state_and_latest_reply_and_only_for_the_residents_own_cases(conversation):
    file_pothole_report(conversation)
    conversation.send("status LPR-00001")
    status = conversation.last_reply()
    assert "LPR-00001" in status and "diterima" in status
    stranger = conversation.someone_else("+6281200000777", profile_name="Orang Lain")
    stranger.send("status lpr-1")
    assert "tidak ditemukan" in stranger.last_reply()


def test_english_on_request(conversation):
    conversation.send("halo")
    conversation.send("language")
    assert "English" in conversation.replies()[-2]
    conversation.send("report")
    assert "1. Damaged road" in conversation.last_reply()


def test_cancel_menu_and_help_work_at_every_step(conversation):
    conversation.send("lapor")
    conversation.send("1")
    conversation.send("bantuan")
    help_text, reprompt = conversation.replies()[-2:]
    assert "status LPR-00042" in help_text and "Ceritakan masalahnya" in reprompt
    conversation.send(DESCRIPTION)
    conversation.send("BATAL")
    assert "dibatalkan" in conversation.replies()[-2]
    assert conversation.draft == {} and conversation.state == "menu"  # dropped: nothing left to file
    conversation.send("menu")
    assert "1. Buat laporan baru" in conversation.last_reply()


def test_the_conversation_that_wrote_the_report_is_kept_as_the_cases_transcript(city):
    resident = city.resident()
    file_pothole_report(resident)
    city.work()
    case = city.only_case()
    transcript = city.messages(case_id=case.id)
    inbound = [message.body for message in transcript if message.direction == "in"]
    assert inbound == ["1", "1", DESCRIPTION, "", "", "selesai", "ya"]  # from "file a report" on
    assert "LPR-00001" in [message for message in transcript if message.direction == "out"
                           and message.phone == resident.number][-1].body
    # Sent, or (the photo) held until the official, who never wrote to the bot, answers or taps *Baca*.
    assert all((message.sid or message.status == "held") and message.created_at for message in transcript)
    assert {message.phone for message in transcript} == {resident.number, "+6281234500001"}


def test_asking_about_another_case_while_reporting_stays_out_of_the_new_cases_transcript(conversation):
    """LPR-00001 is the mayor's office's; Dinas PU, who get LPR-00002, must not read about it."""
    conversation.send("lapor")
    conversation.send("5")  # Lainnya: the mayor's office
    conversation.send("Lampu penerangan jalan di gang kami mati sejak minggu lalu.")
    conversation.send("Gang Mawar RT 03 RW 05, Kelurahan Sukajadi")
    conversation.send("selesai")
    conversation.send("ya")
    conversation.send("lapor")
    conversation.send("1")
    conversation.send("status LPR-00001")
    conversation.send("status")
    conversation.send(DESCRIPTION)
    conversation.send("Jl. Merdeka No. 1, Bandung")
    conversation.send_media()
    conversation.send("selesai")
    conversation.send("ya")
    second = conversation.case("LPR-00002")
    transcript = " ".join(message.body for message in conversation.messages(case_id=second.id))
    assert DESCRIPTION in transcript
    assert "LPR-00001" not in transcript and "Laporan Anda:" not in transcript
    assert "Lampu penerangan" not in transcript and "Gang Mawar" not in transcript
    about_first = [message.body for message in conversation.messages(case_id=conversation.case("LPR-00001").id)]
    assert "status LPR-00001" in about_first


def test_the_greeting_says_officials_see_the_report_and_the_name_never_the_number(conversation):
    conversation.send("halo")
    greeting = conversation.replies()[0]
    assert "nama WhatsApp" in greeting and "nomor HP Anda tidak diperlihatkan" in greeting


def test_a_description_over_the_limit_is_kept_up_to_it_and_the_resident_told_what_was_cut(conversation):
    conversation.send("lapor")
    conversation.send("5")  # Lainnya
    long = ("Jalan di depan sekolah rusak parah dan berlubang. " * 40).strip()  # 1,999 characters
    conversation.send(long)
    told, asked = conversation.replies()[-2:]
    assert f"{len(long)} huruf" in told and "1500 huruf pertama" in told and "lokasi" in asked.lower()
    conversation.send("Jl. Merdeka No. 1, Kelurahan Sukamaju")
    conversation.send("selesai")
    conversation.send("ya")
    description = conversation.only_case().description
    assert len(description) <= 1500 and long.startswith(description) and description.endswith("berlubang.")


def test_a_photo_whose_caption_became_the_description_is_acknowledged_as_evidence(conversation):
    conversation.send("lapor")
    conversation.send("2")  # Sampah menumpuk
    conversation.send_media(PHOTO, "image/jpeg", caption="Sampah menumpuk di pinggir pasar sejak tiga hari.")
    acknowledged, asked = conversation.replies()[-2:]
    assert "Foto diterima sebagai bukti" in acknowledged and "lokasi" in asked.lower()


def test_menu_in_the_middle_of_a_report_asks_before_dropping_it(conversation):
    conversation.send("lapor")
    conversation.send("1")
    conversation.send(DESCRIPTION)
    conversation.send("menu")
    assert "akan dibatalkan" in conversation.last_reply()
    conversation.send("tidak")  # carry on: asked for the location again, the description kept
    assert "lokasi" in conversation.last_reply().lower()
    conversation.send_location(-6.917464, 107.619123)
    conversation.send("menu")
    conversation.send("ya")
    dropped, menu = conversation.replies()[-2:]
    assert "dibatalkan" in dropped and "1. Buat laporan baru" in menu
    conversation.send("1")  # the menu works as ever
    assert "jenis masalahnya" in conversation.last_reply()


def test_a_photo_sent_before_the_report_is_its_first_evidence(city):
    resident = city.resident()
    resident.send("halo")
    resident.send_media(PHOTO, "image/jpeg")
    resident.send("lapor")
    used, categories = resident.replies()[-2:]
    assert "bukti pertama" in used and "jenis masalahnya" in categories
    resident.send("1")  # Jalan rusak: evidence required, and already there
    resident.send(DESCRIPTION)
    resident.send_location(-6.917464, 107.619123)
    resident.send("selesai")
    assert "1 berkas" in resident.last_reply()
    resident.send("ya")
    city.work()
    media, = city.media()
    assert media.status == "stored" and media.case_id == city.only_case().id
    photo_message = city.messages(direction="in", kind="media")[0]
    assert photo_message.case_id == media.case_id, "the photo's message is part of the case's transcript"
