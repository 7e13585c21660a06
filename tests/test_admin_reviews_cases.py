"""The mayor's office and department staff review cases, transcripts and residents in the console."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.console.texts import duration, whatsapp
from console import Staff, make_account, signed_in_admin
from factories import add_cases
from harness import DESCRIPTION, counted_queries, file_pothole_report
from models import clock, utcnow


@pytest.fixture
def admin(city):
    return signed_in_admin(city)


@pytest.fixture
def dlh_staff(city):
    """Staff of Dinas Lingkungan Hidup: rubbish, not roads."""
    make_account(city, "staf@dlh.go.id", role="staff", department="dlh")
    staff = Staff(city, "staf@dlh.go.id")
    staff.sign_in()
    return staff


def answered_case(city):
    """LPR-00001, forwarded to Dinas PU and answered by its official."""
    file_pothole_report(city.resident(name="Siti"))
    city.work()
    city.official().send("#LPR-00001 Tim kami ke lokasi besok pagi.")
    city.work()


def test_the_list_shows_newest_first_with_reference_category_place_status_age_and_answered(city, admin):
    answered_case(city)
    add_cases(city, 1, category="sampah", description="Sampah menumpuk di pasar")
    page = admin.get("/admin/cases").text
    assert page.index("LPR-00002") < page.index("LPR-00001")
    assert "Jalan rusak" in page and "Sampah menumpuk" in page
    assert "SD Negeri 1, Jl. Merdeka No. 1, Bandung" in page and "diterima" in page
    assert "✔ ya" in page and "belum" in page


def test_filters_by_status_category_department_and_dates(city, admin):
    add_cases(city, 2, category="jalan")
    add_cases(city, 1, category="sampah", status="resolved")
    add_cases(city, 1, category="jalan", created_at=utcnow() - timedelta(days=40))
    assert admin.get("/admin/cases?status=resolved").text.count('href="/admin/cases/LPR-') == 1
    assert admin.get("/admin/cases?category=jalan").text.count('href="/admin/cases/LPR-') == 3
    assert admin.get("/admin/cases?department=dlh").text.count('href="/admin/cases/LPR-') == 1
    recent = (utcnow() - timedelta(days=7)).date().isoformat()
    assert admin.get(f"/admin/cases?date_from={recent}").text.count('href="/admin/cases/LPR-') == 3
    until_last_week = admin.get(f"/admin/cases?date_to={recent}").text
    assert until_last_week.count('href="/admin/cases/LPR-') == 1 and "LPR-00004" in until_last_week


def test_dates_are_the_days_the_console_shows_in_wib(city, admin):
    add_cases(city, 1, created_at=datetime(2026, 4, 30, 23, 0, tzinfo=timezone.utc))  # 1 May, 06:00 WIB
    may_day = admin.get("/admin/cases?date_from=2026-05-01&date_to=2026-05-01").text
    assert "LPR-00001" in may_day and "01-05-2026 06:00" in admin.get("/admin/cases/LPR-00001").text
    assert "LPR-00001" not in admin.get("/admin/cases?date_from=2026-04-30&date_to=2026-04-30").text


def test_search_by_reference_phone_or_words(city, admin):
    add_cases(city, 1, description="Lampu jalan mati di gang Mawar", phone="+6281200000011")
    add_cases(city, 1, description="Got mampet di jalan Melati", phone="+6281200000022")
    assert "LPR-00002" in admin.get("/admin/cases?q=lpr-2").text
    found = admin.get("/admin/cases?q=0812-0000-0011").text
    assert "LPR-00001" in found and "LPR-00002" not in found
    found = admin.get("/admin/cases?q=got+MELATI").text
    assert "LPR-00002" in found and "LPR-00001" not in found
    assert "Tidak ada laporan" in admin.get("/admin/cases?q=100%25").text


def test_a_word_and_a_number_are_searched_as_words_unless_they_are_a_reference(city, admin):
    add_cases(city, 1, description="Lampu mati di RT 05 dekat masjid")
    add_cases(city, 1, description="Jalan 12 berlubang")
    assert "LPR-00001" in admin.get("/admin/cases?q=RT+05").text
    assert "LPR-00002" in admin.get("/admin/cases?q=jalan+12").text
    assert "LPR-00001" in admin.get("/admin/cases?q=LPR+1").text


def test_the_list_is_paginated(city, admin):
    add_cases(city, 55)
    first = admin.get("/admin/cases").text
    assert first.count('href="/admin/cases/LPR-') == 50 and "LPR-00055" in first and "LPR-00005" not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = admin.get(older).text
    assert second.count('href="/admin/cases/LPR-') == 5 and "LPR-00001" in second


def test_the_list_issues_the_same_few_queries_however_many_rows(city, admin):
    add_cases(city, 3)
    with counted_queries(city) as few:
        admin.get("/admin/cases")
    add_cases(city, 50, category="sampah")
    with counted_queries(city) as many:
        admin.get("/admin/cases")
    assert 0 < len(many) == len(few) <= 6


def test_a_case_shows_its_fields_evidence_timeline_and_whole_transcript(city, admin):
    answered_case(city)
    page = admin.get("/admin/cases/LPR-00001").text
    assert DESCRIPTION in page and "Dinas Pekerjaan Umum" in page
    assert "https://www.openstreetmap.org/?mlat=-6.917464" in page
    assert '<img src="/admin/media/' in page
    for moment in ("laporan dibuat", "diteruskan ke", "petugas menjawab"):
        assert moment in page
    assert "Tim kami ke lokasi besok pagi." in page and "Petugas: Budi Santoso" in page
    assert "Periksa laporan Anda" in page  # the bot's side of the conversation
    assert "dalam antrean Twilio" in page  # the delivery status of what the bot sent, in words


def test_a_case_page_issues_the_same_few_queries_however_long_the_transcript(city, admin):
    answered_case(city)
    with counted_queries(city) as short:
        admin.get("/admin/cases/LPR-00001")
    for number in range(10):
        city.official().send(f"#LPR-00001 Kabar ke-{number}")
    with counted_queries(city) as long:
        admin.get("/admin/cases/LPR-00001")
    assert 0 < len(long) == len(short) <= 10


def test_everything_people_typed_is_shown_escaped(city, admin):
    resident = city.resident(name="<b>Siti</b>")
    resident.send("lapor")
    resident.send("5")  # Lainnya
    resident.send('<script>alert("x")</script> lampu jalan mati total')
    resident.send("<img src=x onerror=alert(1)> Gang Mawar")
    resident.send("selesai")
    resident.send("ya")
    for path in ("/admin/cases", "/admin/cases/LPR-00001", "/admin/residents/1"):
        page = admin.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>Siti</b>" not in page
    page = admin.get("/admin/cases/LPR-00001").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_staff_see_only_their_departments_cases(city, dlh_staff):
    answered_case(city)  # a road: Dinas PU's
    add_cases(city, 1, category="sampah")  # rubbish: DLH's, LPR-00002
    listing = dlh_staff.get("/admin/cases").text
    assert "LPR-00002" in listing and "LPR-00001" not in listing
    assert dlh_staff.get("/admin/cases/LPR-00001").status_code == 404
    assert dlh_staff.get("/admin/cases?q=LPR-00001").text.count('href="/admin/cases/LPR-') == 0
    assert dlh_staff.get("/admin/residents/1").status_code == 404
    assert dlh_staff.get("/admin/media/1").status_code == 404
    assert "LPR-00001" not in dlh_staff.get("/admin/cases.csv").text
    assert dlh_staff.submit("/admin/cases/LPR-00002", "/admin/cases/LPR-00001/status",
                            {"status": "resolved"}).status_code == 404
    assert city.case("LPR-00001").status == "open"


def test_staff_do_not_see_residents_phone_numbers(city, dlh_staff, admin):
    add_cases(city, 1, category="sampah", phone="+6281200000033")
    assert "+6281200000033" not in dlh_staff.get("/admin/cases/LPR-00001").text
    assert "+6281200000033" in admin.get("/admin/cases/LPR-00001").text


def test_a_residents_page_shows_every_message_and_all_their_cases(city, admin):
    answered_case(city)
    resident = city.resident(name="Siti")
    resident.send("status LPR-00001")
    page = admin.get("/admin/residents/1").text
    assert "LPR-00001" in page and "status LPR-00001" in page and "halo" in page
    assert "Selamat datang" in page


def test_staff_see_a_resident_through_their_own_departments_cases_only(city, dlh_staff, admin):
    answered_case(city)  # Siti's road: Dinas PU's
    add_cases(city, 1, category="sampah", phone="+6281200000001")  # Siti's rubbish: DLH's, LPR-00002
    page = dlh_staff.get("/admin/residents/1").text
    assert "LPR-00002" in page and "LPR-00001" not in page
    assert "Tim kami ke lokasi besok pagi" not in page and DESCRIPTION not in page
    assert "Tim kami ke lokasi besok pagi" in admin.get("/admin/residents/1").text


def test_evidence_opens_only_for_signed_in_accounts(city, admin):
    answered_case(city)
    photo = admin.get("/admin/media/1")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert city.app.test_client().get("/admin/media/1").status_code == 302


def test_the_filtered_list_exports_as_csv_that_spreadsheets_open(city, admin):
    add_cases(city, 2, category="jalan", description="=HYPERLINK(\"http://evil\") jalan rusak, parah")
    add_cases(city, 1, category="sampah")
    response = admin.get("/admin/cases.csv?category=jalan")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert response.is_streamed
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Nomor", "Dibuat", "Status"]
    assert [row[0] for row in rows[1:]] == ["LPR-00002", "LPR-00001"]
    assert rows[1][6].startswith("'=HYPERLINK")  # a formula stays text


def test_the_overview_counts_open_cases_and_times_first_answers(city, admin):
    add_cases(city, 3, category="jalan", created_at=utcnow() - timedelta(days=3), answered_after=timedelta(hours=2))
    add_cases(city, 1, category="jalan", created_at=utcnow() - timedelta(days=3), answered_after=timedelta(hours=10))
    add_cases(city, 2, category="sampah", created_at=utcnow() - timedelta(days=9))
    add_cases(city, 1, category="sampah", status="resolved")
    page = admin.get("/admin/overview").text
    assert "<svg" in page and "Dinas Pekerjaan Umum" in page
    assert re.search(r"<td>Dinas Pekerjaan Umum</td><td[^>]*>2 jam</td><td[^>]*>4</td>", page)
    oldest = page.split("Laporan terlama yang belum dijawab")[1]
    assert oldest.index("LPR-00005") < oldest.index("LPR-00006")
    assert "LPR-00001" not in oldest  # answered


def test_english_when_the_account_prefers_it(city, admin):
    add_cases(city, 1, category="jalan")
    admin.submit("/admin/cases", "/admin/language", {})
    assert "Cases" in admin.get("/admin/cases").text
    overview = admin.get("/admin/overview").text
    assert "Damaged road" in overview and "Jalan rusak" not in overview


def test_a_csv_streaming_to_a_slow_phone_does_not_hold_up_residents(city, admin):
    add_cases(city, 1200)
    export = admin.get("/admin/cases.csv", buffered=False)
    rows = iter(export.response)
    next(rows), next(rows)  # the export has begun reading, and is waiting on the phone
    # Were the export holding SQLite's write lock, the webhook would wait out busy_timeout and fail.
    city.resident().send("halo")
    assert city.messages(direction="in")[0].body == "halo"
    export.close()


@pytest.mark.parametrize("path", ["/admin/residents/99999999999999999999", "/admin/media/99999999999999999999",
                                  "/admin/residents/0", "/admin/cases/LPR-99999999999999999999"])
def test_a_number_too_big_for_any_row_is_not_found(city, admin, path):
    assert admin.get(path).status_code == 404


def test_a_page_marker_too_big_for_any_row_opens_the_first_page(city, admin):
    add_cases(city, 1)
    assert "LPR-00001" in admin.get("/admin/cases?before=99999999999999999999").text
    assert admin.get("/admin/residents/1?before=99999999999999999999").status_code == 200


# --- what staff read: their language, WhatsApp's formatting, ages, empty pages ---------------------

def visible_text(page: str) -> str:
    """The words a person sees: no tags, no attributes."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))


def test_whatsapp_formatting_is_shown_and_what_residents_typed_stays_text():
    assert whatsapp("*Besok* _pagi_ ~kemarin~ ```kode *x*```") == (
        "<strong>Besok</strong> <em>pagi</em> <s>kemarin</s> <code>kode *x*</code>")
    assert whatsapp("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert whatsapp("*<b>x</b>*") == "<strong>&lt;b&gt;x&lt;/b&gt;</strong>"
    assert whatsapp("nama_file_foto.jpg 2*3*4 http://a.id/x_y_") == "nama_file_foto.jpg 2*3*4 http://a.id/x_y_"


def test_a_transcript_shows_whatsapps_bold_and_italic_escaped(city, admin):
    answered_case(city)
    city.official().send("#LPR-00001 *Besok* _pagi_ <script>alert(1)</script> *<b>x</b>*")
    page = admin.get("/admin/cases/LPR-00001").text
    assert "<strong>Besok</strong> <em>pagi</em> &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong>" in page and "<script>alert" not in page


def test_statuses_and_deliveries_are_in_the_accounts_language_never_codes(city, admin):
    answered_case(city)
    city.official().send("/proses LPR-00001")
    add_cases(city, 1, status="declined")
    for path in ("/admin/cases", "/admin/cases/LPR-00001", "/admin/residents/1", "/admin/overview"):
        words = visible_text(admin.get(path).text)
        for code in ("in_progress", "status_changed", "official_reply", "queued", "pending", "image/jpeg"):
            assert code not in words, (path, code)
    assert "sedang diproses" in visible_text(admin.get("/admin/cases/LPR-00001").text)
    admin.submit("/admin/cases", "/admin/language", {})
    english = visible_text(admin.get("/admin/cases/LPR-00001").text)
    assert "in progress" in english and "queued at Twilio" in english


def test_ages_read_as_days_hours_and_minutes_on_the_apps_clock(city, admin):
    add_cases(city, 1, created_at=utcnow() - timedelta(hours=2, minutes=10))
    assert "2 jam" in visible_text(admin.get("/admin/cases").text)
    clock.travel(timedelta(days=3))
    assert "3 hari" in visible_text(admin.get("/admin/cases").text)
    admin.submit("/admin/cases", "/admin/language", {})
    assert "3 days" in visible_text(admin.get("/admin/cases").text)
    assert "1 day" == duration(timedelta(hours=30), "en") and "5 menit" == duration(timedelta(minutes=5, seconds=9))


def test_empty_pages_say_so(city, admin):
    assert "Belum ada laporan." in admin.get("/admin/cases").text
    filtered = admin.get("/admin/cases?status=resolved").text
    assert "Tidak ada laporan yang cocok." in filtered and 'href="/admin/cases">Hapus saringan' in filtered
    overview = admin.get("/admin/overview").text
    assert "Belum ada angka" in overview and "Tidak ada laporan terbuka." in overview
    assert "Semua laporan terbuka sudah dijawab." in overview
    city.resident(name="Siti").send("halo")
    assert "Warga ini belum membuat laporan." in admin.get("/admin/residents/1").text
    [ref] = add_cases(city, 1)
    assert "Tidak ada bukti." in admin.get(f"/admin/cases/{ref}").text


def test_a_case_page_puts_its_actions_first_and_opens_photos_full_size(city, admin):
    answered_case(city)
    page = admin.get("/admin/cases/LPR-00001").text
    assert page.index('id="actions"') < page.index('id="evidence"') < page.index('id="transcript"')
    for action in ("/status", "/reply", "/reassign", "/note"):
        assert page.index(f'action="/admin/cases/LPR-00001{action}"') < page.index('id="evidence"')
    evidence = page.split('id="evidence"', 1)[1]
    assert re.search(r'<a href="/admin/media/1" target="_blank" rel="noopener"[^>]*><img src="/admin/media/1"', evidence)
    newest = re.findall(r'id="(m\d+)"', page)[-1]
    assert f'href="#{newest}"' in page.split('id="actions"', 1)[0]  # the jump to the newest message, at the top
