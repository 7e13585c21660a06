"""Every text the bot sends, in Indonesian and English. Logic never holds a sentence of its own."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "id": "Selamat datang di layanan *Lapor Wali Kota*. Lewat nomor ini laporan Anda diteruskan "
              "langsung ke pejabat kota yang bertanggung jawab. Nomor WhatsApp dan isi laporan Anda "
              "akan dibaca oleh petugas kota. Ketik *language* for English.",
        "en": "Welcome to the *Mayor's Report* service. Reports sent to this number go straight to the "
              "city officials responsible. Your WhatsApp number and your report will be read by city "
              "staff. Ketik *bahasa* untuk Bahasa Indonesia.",
    },
    "menu": {
        "id": "Menu:\n1. Buat laporan baru\n2. Cek status laporan\n3. Bantuan\n\nBalas dengan angka.",
        "en": "Menu:\n1. File a new report\n2. Check a report's status\n3. Help\n\nReply with a number.",
    },
    "menu_reprompt": {
        "id": "Maaf, pilihan itu tidak ada. Balas *1*, *2* atau *3*.",
        "en": "Sorry, that is not an option. Reply *1*, *2* or *3*.",
    },
    "help": {
        "id": "Kata yang bisa Anda ketik kapan saja:\n*lapor* – buat laporan baru\n*status {example}* – "
              "cek laporan\n*menu* – menu utama\n*batal* – batalkan laporan yang sedang ditulis\n"
              "*bahasa* – ganti bahasa\n*berhenti* – berhenti menerima pesan, *mulai* – aktif lagi\n\n"
              "Untuk membalas petugas: balas (geser) pesan mereka, atau ketik *#{example} pesan Anda*.",
        "en": "Words you can type at any time:\n*report* – file a new report\n*status {example}* – "
              "check a report\n*menu* – main menu\n*cancel* – drop the report you are writing\n"
              "*language* – change language\n*stop* – no more messages, *start* – back again\n\n"
              "To answer an official: reply (swipe) to their message, or type *#{example} your text*.",
    },
    "language_set": {
        "id": "Bahasa: Indonesia.",
        "en": "Language: English.",
    },
    "ask_category": {
        "id": "Apa jenis masalahnya? Balas dengan angka atau nama:\n{choices}",
        "en": "What kind of problem is it? Reply with a number or a name:\n{choices}",
    },
    "category_reprompt": {
        "id": "Maaf, kategori itu tidak ada di daftar. Balas dengan angka 1–{count} atau nama kategori.",
        "en": "Sorry, that category is not on the list. Reply with a number 1–{count} or a category name.",
    },
    "no_categories": {
        "id": "Maaf, layanan laporan belum siap. Silakan coba lagi nanti.",
        "en": "Sorry, reporting is not set up yet. Please try again later.",
    },
    "ask_description": {
        "id": "Kategori: *{category}*.\nCeritakan masalahnya: apa yang terjadi, sejak kapan, seberapa parah.",
        "en": "Category: *{category}*.\nDescribe the problem: what happened, since when, how bad it is.",
    },
    "description_too_short": {
        "id": "Mohon jelaskan dengan kata-kata, minimal {min} huruf, agar petugas bisa menindaklanjuti.",
        "en": "Please describe it in words, at least {min} letters, so officials can act on it.",
    },
    "description_too_long": {
        "id": "Deskripsi terlalu panjang ({length} huruf). Mohon ringkas menjadi paling banyak {max} huruf.",
        "en": "That description is too long ({length} characters). Please keep it to {max} at most.",
    },
    "evidence_kept_ask_description": {
        "id": "Foto/berkas sudah disimpan sebagai bukti. Sekarang mohon jelaskan masalahnya dengan kata-kata.",
        "en": "The photo/file is saved as evidence. Now please describe the problem in words.",
    },
    "ask_location": {
        "id": "Di mana lokasinya? Kirim *lokasi* (📎 → Lokasi) atau ketik alamatnya "
              "(jalan, nomor, RT/RW, kelurahan).",
        "en": "Where is it? Send a *location* pin (📎 → Location) or type the address "
              "(street, number, neighbourhood).",
    },
    "location_reprompt": {
        "id": "Lokasi belum jelas. Kirim *lokasi* lewat 📎 → Lokasi, atau ketik alamat minimal {min} huruf.",
        "en": "The location is not clear yet. Send a pin via 📎 → Location, or type an address of at "
              "least {min} characters.",
    },
    "evidence_kept_ask_location": {
        "id": "Bukti sudah disimpan. Sekarang kirim *lokasi* atau ketik alamatnya.",
        "en": "Evidence saved. Now send the *location* or type the address.",
    },
    "ask_evidence_required": {
        "id": "Kirim bukti: foto, video atau dokumen (satu per pesan, boleh beberapa). "
              "Ketik *selesai* jika sudah.",
        "en": "Send evidence: photos, videos or documents (one per message, several are fine). "
              "Type *done* when finished.",
    },
    "ask_evidence_optional": {
        "id": "Jika ada, kirim bukti: foto, video atau dokumen. Ketik *selesai* jika sudah atau tidak ada.",
        "en": "If you have any, send evidence: photos, videos or documents. Type *done* when finished "
              "or if you have none.",
    },
    "evidence_received": {
        "id": "Bukti ke-{count} diterima. Kirim lagi atau ketik *selesai*.",
        "en": "Evidence {count} received. Send more or type *done*.",
    },
    "evidence_required_reprompt": {
        "id": "Laporan kategori ini wajib disertai bukti. Kirim minimal satu foto, video atau dokumen, "
              "lalu ketik *selesai*.",
        "en": "This category needs evidence. Send at least one photo, video or document, then type *done*.",
    },
    "evidence_reprompt": {
        "id": "Kirim foto, video atau dokumen sebagai bukti, atau ketik *selesai*.",
        "en": "Send a photo, video or document as evidence, or type *done*.",
    },
    "media_refused_type": {
        "id": "Maaf, jenis berkas itu ({content_type}) tidak bisa dipakai sebagai bukti. "
              "Kirim foto (JPG/PNG), video (MP4) atau dokumen (PDF/Office).",
        "en": "Sorry, that kind of file ({content_type}) cannot be used as evidence. "
              "Send a photo (JPG/PNG), a video (MP4) or a document (PDF/Office).",
    },
    "media_refused_sticker": {
        "id": "Stiker tidak bisa dipakai sebagai bukti.",
        "en": "Stickers cannot be used as evidence.",
    },
    "media_refused_size": {
        "id": "Maaf, berkas bukti terlalu besar ({size_mb} MB; paling besar {max_mb} MB) dan tidak disimpan. "
              "Silakan kirim versi yang lebih kecil.",
        "en": "Sorry, that evidence file is too large ({size_mb} MB; at most {max_mb} MB) and was not kept. "
              "Please send a smaller version.",
    },
    "media_failed": {
        "id": "Maaf, satu berkas bukti gagal kami unduh. Jika penting, silakan kirim ulang.",
        "en": "Sorry, we could not download one evidence file. If it matters, please send it again.",
    },
    "media_not_expected": {
        "id": "Terima kasih, tapi saat ini kami tidak sedang meminta berkas.",
        "en": "Thank you, but we are not asking for a file right now.",
    },
    "summary": {
        "id": "Periksa laporan Anda:\n*Kategori:* {category}\n*Deskripsi:* {description}\n"
              "*Lokasi:* {location}\n*Bukti:* {evidence} berkas\n\nKirim laporan ini? Balas *ya* atau *tidak*.",
        "en": "Check your report:\n*Category:* {category}\n*Description:* {description}\n"
              "*Location:* {location}\n*Evidence:* {evidence} file(s)\n\nSend this report? Reply *yes* or *no*.",
    },
    "confirm_reprompt": {
        "id": "Balas *ya* untuk mengirim laporan atau *tidak* untuk membatalkannya.",
        "en": "Reply *yes* to send the report or *no* to drop it.",
    },
    "case_created": {
        "id": "Laporan terkirim. Nomor laporan Anda: *{ref}*.\nLaporan diteruskan ke {department}. "
              "Ketik *status {ref}* kapan saja untuk melihat perkembangannya.",
        "en": "Report sent. Your reference: *{ref}*.\nIt has been passed to {department}. "
              "Type *status {ref}* at any time to follow it.",
    },
    "cancelled": {
        "id": "Laporan dibatalkan. Ketik *lapor* untuk membuat laporan baru.",
        "en": "Report dropped. Type *report* to start a new one.",
    },
    "nothing_to_cancel": {
        "id": "Tidak ada laporan yang sedang ditulis.",
        "en": "There is no report being written.",
    },
    "draft_expired": {
        "id": "Laporan Anda yang belum selesai sudah kedaluwarsa (lebih dari sehari tanpa balasan) "
              "dan dihapus. Silakan mulai lagi kapan saja.",
        "en": "Your unfinished report expired (no reply for over a day) and was dropped. "
              "You can start again at any time.",
    },
    "ask_status_ref": {
        "id": "Ketik *status* diikuti nomor laporan, misalnya *status {example}*.",
        "en": "Type *status* followed by the reference, e.g. *status {example}*.",
    },
    "status_line": {
        "id": "*{ref}* ({category})\nStatus: *{status}*\nDiperbarui: {updated}",
        "en": "*{ref}* ({category})\nStatus: *{status}*\nUpdated: {updated}",
    },
    "status_latest_reply": {
        "id": "Balasan terakhir dari {department}:\n“{reply}”",
        "en": "Latest reply from {department}:\n“{reply}”",
    },
    "status_no_reply": {
        "id": "Belum ada balasan dari petugas.",
        "en": "No reply from officials yet.",
    },
    "status_not_found": {
        "id": "Laporan {ref} tidak ditemukan di antara laporan Anda.",
        "en": "Report {ref} was not found among your reports.",
    },
    "your_cases": {
        "id": "Laporan Anda:\n{lines}",
        "en": "Your reports:\n{lines}",
    },
    "stopped": {
        "id": "Anda tidak akan menerima pesan lagi dari layanan ini. Ketik *mulai* untuk aktif kembali.",
        "en": "You will receive no more messages from this service. Type *start* to come back.",
    },
    "restarted": {
        "id": "Selamat datang kembali.",
        "en": "Welcome back.",
    },
    "unexpected_input": {
        "id": "Maaf, kami tidak mengerti pesan itu.",
        "en": "Sorry, we did not understand that message.",
    },
    "internal_error": {
        "id": "Maaf, terjadi gangguan saat memproses pesan Anda. Pesan Anda tersimpan; silakan coba lagi.",
        "en": "Sorry, something went wrong while handling your message. It is saved; please try again.",
    },
    "relay_to_resident": {
        "id": "💬 *{department}* — laporan {ref}:\n{text}\n\n(Balas pesan ini untuk menjawab.)",
        "en": "💬 *{department}* — report {ref}:\n{text}\n\n(Reply to this message to answer.)",
    },
    "resident_reply_sent": {
        "id": "Pesan Anda untuk laporan {ref} sudah diteruskan ke petugas.",
        "en": "Your message about {ref} has been passed to the officials.",
    },
    "case_closed_for_replies": {
        "id": "Laporan {ref} sudah ditutup ({status}). Ketik *lapor* untuk membuat laporan baru.",
        "en": "Report {ref} is closed ({status}). Type *report* to file a new one.",
    },
    "status_changed": {
        "id": "Laporan *{ref}* sekarang berstatus *{status}* ({department}).{note}",
        "en": "Report *{ref}* is now *{status}* ({department}).{note}",
    },
    "status_note": {"id": "\nCatatan: {note}", "en": "\nNote: {note}"},
    "case_status.open": {"id": "diterima", "en": "received"},
    "case_status.in_progress": {"id": "sedang diproses", "en": "in progress"},
    "case_status.resolved": {"id": "selesai", "en": "resolved"},
    "case_status.declined": {"id": "ditolak", "en": "declined"},
}

#: Officials work in Indonesian; these texts have no English version on purpose.
OFFICIAL_TEXTS: dict[str, str] = {
    "forward": "📋 *Laporan baru {ref}*\n*Kategori:* {category}\n*Pelapor:* {resident}\n"
               "*Deskripsi:* {description}\n*Lokasi:* {location}{map}\n*Bukti:* {evidence}\n\n"
               "Balas (geser) pesan ini untuk menjawab warga, atau ketik *#{ref} pesan*. "
               "Perintah: */proses {ref}*, */selesai {ref} catatan*, */tolak {ref} alasan*.",
    "forward_evidence": "{ref} — bukti {index}/{count}",
    "no_evidence": "tidak ada",
    "relay_from_resident": "💬 *Warga ({resident})* — laporan {ref}:\n{text}\n\n"
                           "(Balas pesan ini atau ketik *#{ref} pesan* untuk menjawab.)",
    "reply_sent": "Terkirim ke pelapor {ref}.",
    "status_set": "{ref} sekarang: *{status}*.",
    "help": "Perintah petugas:\n*#{example} pesan* – balas pelapor (atau geser untuk membalas pesan laporan)\n"
            "*/proses REF* – tandai sedang diproses\n*/selesai REF catatan* – tandai selesai\n"
            "*/tolak REF alasan* – tolak laporan\n*/kasus* – daftar laporan terbuka\n*/bantuan* – pesan ini",
    "unknown": "Pesan tidak dikenali. Balas (geser) pesan laporan, atau ketik *#REF pesan*. "
               "Ketik */bantuan* untuk daftar perintah.",
    "no_such_case": "Laporan {ref} tidak ditemukan.",
    "not_your_case": "Laporan {ref} ditangani {department}, bukan unit Anda.",
    "need_ref": "Sebutkan nomor laporan, misalnya */{command} {example}*.",
    "need_reason": "Alasan penolakan wajib diisi: */tolak {ref} alasan*.",
    "need_text": "Tulis pesan setelah nomor laporan: *#{ref} pesan Anda*.",
    "already": "{ref} sudah berstatus *{status}*.",
    "closed": "{ref} sudah ditutup (*{status}*); tidak bisa diubah lagi.",
    "open_cases": "Laporan terbuka ({count}):\n{lines}{more}",
    "more_cases": "\n… dan {count} lainnya; lihat konsol.",
    "resident_opted_out": "Pelapor {ref} sudah berhenti menerima pesan bot; jawaban Anda tersimpan di "
                          "laporan, tetapi tidak terkirim.",
    "no_open_cases": "Tidak ada laporan terbuka untuk unit Anda.",
    "media_relay": "📎 lampiran",
}


def t(key: str, language: str = "id", **values) -> str:
    """The text ``key`` in ``language`` (Indonesian when English is missing), filled in."""
    variants = TEXTS[key]
    return variants.get(language, variants["id"]).format(**values)


def official_text(key: str, **values) -> str:
    return OFFICIAL_TEXTS[key].format(**values)


def status_label(status: str, language: str = "id") -> str:
    return t(f"case_status.{status}", language)
