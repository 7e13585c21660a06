"""What residents tap: list pickers' and quick replies' texts, rows and sample values."""
from __future__ import annotations

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
DONE_BUTTON = {"id": "Selesai", "en": "Done"}

CONFIRM_ITEMS = {"id": [("Kirim", "confirm:ya", ""), ("Ubah lokasi", "confirm:ubah lokasi", ""), ("Batal", "batal", "")],
                 "en": [("Send", "confirm:ya", ""), ("Change location", "confirm:ubah lokasi", ""),
                        ("Cancel", "batal", "")]}
LEAVE_ITEMS = {"id": [("Ke menu", "leave:ya", ""), ("Lanjutkan laporan", "leave:tidak", "")],
               "en": [("Go to the menu", "leave:ya", ""), ("Carry on", "leave:tidak", "")]}

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
    **{purpose: {language: {"body": prompt.tapped[language], "items": [(DONE_BUTTON[language], "evidence:selesai", "")]}
                 for language in ("id", "en")}
       for purpose, prompt in (("evidence_required_buttons", ASK_EVIDENCE_REQUIRED),
                               ("evidence_optional_buttons", ASK_EVIDENCE_OPTIONAL),
                               ("evidence_received_buttons", EVIDENCE_RECEIVED),
                               ("evidence_reprompt_buttons", EVIDENCE_REPROMPT),
                               ("evidence_needed_buttons", EVIDENCE_STILL_NEEDED))},
    # A reprompt asks the same question: the same buttons, under its own words.
    **{purpose: {language: {"body": prompt.tapped[language], "items": CONFIRM_ITEMS[language]}
                 for language in ("id", "en")}
       for purpose, prompt in (("confirm_buttons", SUMMARY), ("confirm_reprompt_buttons", CONFIRM_REPROMPT))},
    **{purpose: {language: {"body": prompt.tapped[language], "items": LEAVE_ITEMS[language]}
                 for language in ("id", "en")}
       for purpose, prompt in (("leave_buttons", ASK_LEAVE_REPORT), ("leave_reprompt_buttons", LEAVE_REPORT_REPROMPT))},
    "fixed_buttons": {
        "id": {"body": ASK_IF_FIXED.tapped["id"],
               "items": [("Sudah beres", "fixed:ya", ""), ("Belum", "fixed:belum", "")]},
        "en": {"body": ASK_IF_FIXED.tapped["en"],
               "items": [("Yes, fixed", "fixed:ya", ""), ("Not yet", "fixed:belum", "")]},
    },
}

#: The last row of a category list longer than WhatsApp's ten: the full list as typed text.
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
}
