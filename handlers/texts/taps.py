"""What residents tap: list pickers' and quick replies' texts, rows and sample values."""
from __future__ import annotations

# Inside the 24-hour window a prompt goes as a WhatsApp list picker or quick-reply buttons; its
# typed text above stays the fallback (older phones, the simulator's keyboard, the transcript). Each
# choice's id is the word a resident would type, after the question it answers (``confirm:ya``), so
# that a tap and typing take the same path and an old tap never answers a later question.
# Limits (TWILIO.md): list rows ≤ 24 characters, their descriptions ≤ 72, buttons ≤ 20, a list's
# button ≤ 20; a session quick reply holds at most 3 buttons.

CHOICE_TEXTS: dict[str, dict[str, dict]] = {
    "category_list": {
        "id": {"body": "Apa jenis masalahnya? Ketuk *Pilih kategori*, atau ketik namanya.",
               "button": "Pilih kategori"},
        "en": {"body": "What kind of problem is it? Tap *Categories*, or type its name.",
               "button": "Categories"},
    },
    "evidence_required_buttons": {
        "id": {"body": "Kirim bukti: foto, video atau dokumen (satu per pesan, boleh beberapa). "
                       "Ketuk *Selesai* jika sudah.",
               "items": [("Selesai", "evidence:selesai", "")]},
        "en": {"body": "Send evidence: photos, videos or documents (one per message, several are fine). "
                       "Tap *Done* when finished.",
               "items": [("Done", "evidence:selesai", "")]},
    },
    "evidence_optional_buttons": {
        "id": {"body": "Jika ada, kirim bukti: foto, video atau dokumen. Ketuk *Selesai* jika sudah atau "
                       "tidak ada.",
               "items": [("Selesai", "evidence:selesai", "")]},
        "en": {"body": "If you have any, send evidence: photos, videos or documents. Tap *Done* when "
                       "finished or if you have none.",
               "items": [("Done", "evidence:selesai", "")]},
    },
    "confirm_buttons": {
        "id": {"body": "Periksa laporan Anda:\n*Kategori:* {{1}}\n*Deskripsi:* {{2}}\n*Lokasi:* {{3}}\n"
                       "*Bukti:* {{4}} berkas\n\nFoto lagi? Kirim sekarang. Deskripsi salah? Ketik *ubah deskripsi*. "
                       "Kirim laporan ini?",
               "items": [("Kirim", "confirm:ya", ""), ("Ubah lokasi", "confirm:ubah lokasi", ""),
                         ("Batal", "batal", "")]},
        "en": {"body": "Check your report:\n*Category:* {{1}}\n*Description:* {{2}}\n*Location:* {{3}}\n"
                       "*Evidence:* {{4}} file(s)\n\nAnother photo? Send it now. Description wrong? Type *ubah "
                       "deskripsi*. Send this report?",
               "items": [("Send", "confirm:ya", ""), ("Change location", "confirm:ubah lokasi", ""),
                         ("Cancel", "batal", "")]},
    },
    "leave_buttons": {
        "id": {"body": "Laporan yang sedang Anda tulis akan dibatalkan bila kembali ke menu. Kembali ke menu?",
               "items": [("Ke menu", "leave:ya", ""), ("Lanjutkan laporan", "leave:tidak", "")]},
        "en": {"body": "Going back to the menu drops the report you are writing. Go to the menu?",
               "items": [("Go to the menu", "leave:ya", ""), ("Carry on", "leave:tidak", "")]},
    },
    "fixed_buttons": {
        "id": {"body": "Apakah masalah pada laporan *{{1}}* benar-benar sudah beres? Bila belum, boleh "
                       "kirim keterangan dan foto.",
               "items": [("Sudah beres", "fixed:ya", ""), ("Belum", "fixed:belum", "")]},
        "en": {"body": "Is the problem of report *{{1}}* really fixed? If not, you may send a note and a "
                       "photo.",
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
    "ref": {"id": "LPR-00042", "en": "LPR-00042"},
}
