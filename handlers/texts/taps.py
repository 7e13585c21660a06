"""What residents tap: list pickers' and quick replies' texts, rows and sample values."""
from __future__ import annotations

from .budgeting import BALLOT
from .news import ROUND_ANNOUNCEMENT
from .aspirations import (ASK_LEAVE_ASPIRATION, ASK_PHOTO, ASK_PLACE, ASK_THEME, ASPIRATION_SUMMARY,
                          ASPIRATION_SUMMARY_REPROMPT, IDEA_SHOWN, LEAVE_ASPIRATION_REPROMPT)
from .prompts import (ASK_CATEGORY, ASK_EVIDENCE_OPTIONAL, ASK_EVIDENCE_REQUIRED, ASK_IF_FIXED, ASK_LEAVE_REPORT,
                      CONFIRM_REPROMPT, EVIDENCE_RECEIVED, EVIDENCE_REPROMPT, EVIDENCE_STILL_NEEDED,
                      LEAVE_REPORT_REPROMPT, SUMMARY)

# Inside the 24-hour window a prompt goes as a WhatsApp list picker or quick-reply buttons; its
# typed text above stays the fallback (older phones, the simulator's keyboard, the transcript). Each
# choice's id is the word a resident would type, after the question it answers (``confirm:ya``), so
# that a tap and typing take the same path and an old tap never answers a later question.
# WhatsApp's limits: list rows ≤ 24 characters, their descriptions ≤ 72, buttons ≤ 20, a list's
# button ≤ 20; a session quick reply holds at most 3 buttons.

#: Every question of the evidence step offers the one button that ends it.
DONE_ITEMS = {"id": [("Selesai", "evidence:selesai", "")], "en": [("Done", "evidence:selesai", "")]}
CONFIRM_ITEMS = {"id": [("Kirim", "confirm:ya", ""), ("Ubah lokasi", "confirm:ubah lokasi", ""),
                        ("Batal", "batal", "")],
                 "en": [("Send", "confirm:ya", ""), ("Change location", "confirm:ubah lokasi", ""),
                        ("Cancel", "batal", "")]}
LEAVE_ITEMS = {"id": [("Ke menu", "leave:ya", ""), ("Lanjutkan laporan", "leave:tidak", "")],
               "en": [("Go to the menu", "leave:ya", ""), ("Carry on", "leave:tidak", "")]}

#: The aspiration's questions and their buttons.
CITY_WIDE_ITEMS = {"id": [("Seluruh kota", "place:seluruh kota", "")], "en": [("Whole city", "place:seluruh kota", "")]}
SKIP_PHOTO_ITEMS = {"id": [("Lewati", "photo:lewati", "")], "en": [("Skip", "photo:lewati", "")]}
ASPIRATION_CONFIRM_ITEMS = {"id": [("Kirim", "aspiration:kirim", ""), ("Ubah tempat", "aspiration:ubah tempat", ""),
                                   ("Batal", "batal", "")],
                            "en": [("Send", "aspiration:kirim", ""), ("Change place", "aspiration:ubah tempat", ""),
                                   ("Cancel", "batal", "")]}
LEAVE_ASPIRATION_ITEMS = {"id": [("Ke menu", "aspiration_leave:ya", ""), ("Lanjutkan aspirasi", "aspiration_leave:tidak", "")],
                          "en": [("Go to the menu", "aspiration_leave:ya", ""), ("Carry on", "aspiration_leave:tidak", "")]}

IDEA_ITEMS = {"id": [("Dukung", "idea:dukung", ""), ("Lihat lainnya", "idea:kembali", "")],
              "en": [("Support", "idea:dukung", ""), ("See more", "idea:kembali", "")]}


def _buttons(prompt, items: dict[str, list]) -> dict[str, dict]:
    """A prompt's tapped words above ``items``, in each language: a reprompt asks the same question
    as its prompt, so it offers the same buttons under its own words."""
    return {language: {"body": prompt.tapped[language], "items": items[language]} for language in items}


CHOICE_TEXTS: dict[str, dict[str, dict]] = {
    "case_list": {
        "id": {"body": "Pesan Anda tentang laporan yang mana?", "button": "Pilih laporan"},
        "en": {"body": "Which report is your message about?", "button": "Reports"},
    },
    "category_list": {
        "id": {"body": ASK_CATEGORY.tapped["id"],
               "button": "Pilih kategori"},
        "en": {"body": ASK_CATEGORY.tapped["en"],
               "button": "Categories"},
    },
    "evidence_required_buttons": _buttons(ASK_EVIDENCE_REQUIRED, DONE_ITEMS),
    "evidence_optional_buttons": _buttons(ASK_EVIDENCE_OPTIONAL, DONE_ITEMS),
    "evidence_received_buttons": _buttons(EVIDENCE_RECEIVED, DONE_ITEMS),
    "evidence_reprompt_buttons": _buttons(EVIDENCE_REPROMPT, DONE_ITEMS),
    "evidence_needed_buttons": _buttons(EVIDENCE_STILL_NEEDED, DONE_ITEMS),
    "confirm_buttons": _buttons(SUMMARY, CONFIRM_ITEMS),
    "confirm_reprompt_buttons": _buttons(CONFIRM_REPROMPT, CONFIRM_ITEMS),
    "leave_buttons": _buttons(ASK_LEAVE_REPORT, LEAVE_ITEMS),
    "leave_reprompt_buttons": _buttons(LEAVE_REPORT_REPROMPT, LEAVE_ITEMS),
    "theme_list": {
        "id": {"body": ASK_THEME.tapped["id"], "button": "Pilih tema"},
        "en": {"body": ASK_THEME.tapped["en"], "button": "Themes"},
    },
    "place_buttons": _buttons(ASK_PLACE, CITY_WIDE_ITEMS),
    "photo_buttons": _buttons(ASK_PHOTO, SKIP_PHOTO_ITEMS),
    "aspiration_confirm_buttons": _buttons(ASPIRATION_SUMMARY, ASPIRATION_CONFIRM_ITEMS),
    "aspiration_leave_buttons": _buttons(ASK_LEAVE_ASPIRATION, LEAVE_ASPIRATION_ITEMS),
    "aspiration_confirm_reprompt_buttons": _buttons(ASPIRATION_SUMMARY_REPROMPT, ASPIRATION_CONFIRM_ITEMS),
    "aspiration_leave_reprompt_buttons": _buttons(LEAVE_ASPIRATION_REPROMPT, LEAVE_ASPIRATION_ITEMS),
    "idea_list": {
        "id": {"body": "💡 *Usulan warga*, yang paling banyak didukung. Ketuk *Lihat usulan* untuk membaca dan "
                       "mendukungnya.", "button": "Lihat usulan"},
        "en": {"body": "💡 *Residents' ideas*, the most supported first. Tap *Ideas* to read and support one.",
               "button": "Ideas"},
    },
    "idea_buttons": _buttons(IDEA_SHOWN, IDEA_ITEMS),
    # The bare word: a tap on it starts the ballot whatever the conversation's state.
    "round_announcement_buttons": _buttons(ROUND_ANNOUNCEMENT, {"id": [("Pilih", "pilih", "")],
                                                                 "en": [("Vote", "pilih", "")]}),
    "ballot_list": {
        "id": {"body": BALLOT.tapped["id"], "button": "Pilih proyek"},
        "en": {"body": BALLOT.tapped["en"], "button": "Projects"},
    },
    "fixed_buttons": {
        "id": {"body": ASK_IF_FIXED.tapped["id"],
               "items": [("Sudah beres", "fixed:ya", ""), ("Belum", "fixed:belum", "")]},
        "en": {"body": ASK_IF_FIXED.tapped["en"],
               "items": [("Yes, fixed", "fixed:ya", ""), ("Not yet", "fixed:belum", "")]},
    },
}

#: The last row of a category list longer than WhatsApp's ten: the full list as typed text.
#: The last row of a theme list longer than WhatsApp's ten.
MORE_THEMES = {"id": ("Lainnya…", "theme:semua tema", "Semua tema, diketik dengan angka"),
               "en": ("More…", "theme:semua tema", "Every theme, to type by number")}
#: The ballot's last rows: the next projects (past nine), and sending it.
MORE_PROJECTS = {"id": ("Proyek lainnya…", "ballot:lainnya", "Proyek berikutnya"),
                 "en": ("More projects…", "ballot:lainnya", "The next projects")}
SEND_BALLOT = {"id": ("Kirim pilihan", "ballot:kirim", "Catat suara Anda"),
               "en": ("Send ballot", "ballot:kirim", "Record your vote")}
MORE_CATEGORIES = {"id": ("Lainnya…", "category:semua kategori", "Semua kategori, diketik dengan angka"),
                   "en": ("More…", "category:semua kategori", "Every category, to type by number")}

#: Sample values for the Content API (it requires one per variable).
CHOICE_SAMPLES: dict[str, dict[str, str]] = {
    "category": {"id": "Jalan rusak", "en": "Damaged road"},
    "description": {"id": "Lubang besar di tengah jalan sejak seminggu.", "en": "A large pothole for a week."},
    "location": {"id": "Jl. El Tari No. 5 (Kelurahan Oebobo)", "en": "5 El Tari Street (Oebobo)"},
    "evidence": {"id": "2", "en": "2"},
    "count": {"id": "1", "en": "1"},
    "ref": {"id": "LPR-00042", "en": "LPR-00042"},
    "theme": {"id": "Taman dan ruang hijau", "en": "Parks and green space"},
    "title": {"id": "Taman bermain di RT 05", "en": "A playground in RT 05"},
    "idea": {"id": "Lahan kosong di samping balai RT bisa menjadi taman bermain anak.",
             "en": "The empty plot beside the RT hall could become a children's playground."},
    "place": {"id": "Kel. Fatululi, Kec. Oebobo", "en": "Kel. Fatululi, Kec. Oebobo"},
    "photos": {"id": "1", "en": "1"},
    "news": {"id": "Ditambahkan: *Taman baca RW 03* (Rp 150.000.000).", "en": "Added: *A reading park in RW 03* (Rp 150.000.000)."},
    "round": {"id": "Anggaran Partisipatif Oebobo 2027", "en": "Oebobo Participatory Budget 2027"},
    "picked": {"id": "Taman baca RW 03", "en": "A reading park in RW 03"},
    "total": {"id": "Rp 150.000.000", "en": "Rp 150.000.000"},
    "left": {"id": "Rp 350.000.000", "en": "Rp 350.000.000"},
    "where": {"id": "Kec. Oebobo", "en": "Kec. Oebobo"},
    "closes": {"id": "Minggu, 28-02-2027 pukul 23.59", "en": "Sunday, 28-02-2027 at 23:59"},
    "text": {"id": "Lima proyek usulan warga menunggu pilihan Anda.", "en": "Five projects residents proposed await your vote."},
}
