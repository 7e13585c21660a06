"""What the bot says to residents, in Indonesian and English (``handlers.catalog.t`` fills them in)."""
from __future__ import annotations

from .prompts import (ASK_CATEGORY, ASK_EVIDENCE_OPTIONAL, ASK_EVIDENCE_REQUIRED, ASK_IF_FIXED, ASK_LEAVE_REPORT,
                      CONFIRM_REPROMPT, EVIDENCE_RECEIVED, EVIDENCE_REPROMPT, EVIDENCE_STILL_NEEDED,
                      LEAVE_REPORT_REPROMPT, SUMMARY)

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "id": "Selamat datang di layanan *Lapor Wali Kota*. Lewat nomor ini laporan Anda diteruskan "
              "langsung ke pejabat kota yang bertanggung jawab. Petugas kota membaca laporan Anda dan nama "
              "WhatsApp Anda; nomor HP Anda tidak diperlihatkan kepada mereka. Ketik *language* for English.",
        "en": "Welcome to the *Mayor's Report* service. Reports sent to this number go straight to the "
              "city officials responsible. City staff read your report and your WhatsApp name; your phone "
              "number is never shown to them. Ketik *bahasa* untuk Bahasa Indonesia.",
    },
    # The menu, its re-prompt and bantuan list the registered flows' entries (MENU_ENTRIES below).
    "menu": {
        "id": "Menu:\n{lines}\n\nBalas dengan angka.",
        "en": "Menu:\n{lines}\n\nReply with a number.",
    },
    "menu_reprompt": {
        "id": "Maaf, kami belum mengerti. Balas angka dari menu: {names}.",
        "en": "Sorry, we did not understand. Reply with a number from the menu: {names}.",
    },
    "menu_list_body": {
        "id": "*Menu utama*\nApa yang ingin Anda lakukan? Ketuk *Pilih menu*, atau ketik {words}.",
        "en": "*Main menu*\nWhat would you like to do? Tap *Menu*, or type {words}.",
    },
    "menu_list_button": {"id": "Pilih menu", "en": "Menu"},
    "help": {
        "id": "Kata yang bisa Anda ketik kapan saja:\n{flows}\n*menu* – menu utama\n*batal* – batalkan laporan "
              "atau aspirasi yang sedang ditulis\n*bahasa* – ganti bahasa\n*berhenti* – berhenti menerima pesan, *mulai* – "
              "aktif lagi\n\nUntuk membalas petugas: balas (geser) pesan mereka, atau ketik *#{example} pesan Anda*.",
        "en": "Words you can type at any time:\n{flows}\n*menu* – main menu\n*cancel* – drop the report or idea you "
              "are writing\n*language* – change language\n*stop* – no more messages, *start* – back again\n\n"
              "To answer an official: reply (swipe) to their message, or type *#{example} your text*.",
    },
    "or": {"id": "atau", "en": "or"},
    "language_set": {
        "id": "Bahasa: Indonesia.",
        "en": "Language: English.",
    },
    "ask_category": ASK_CATEGORY.typed,
    "category_reprompt": {
        "id": "Maaf, kategori itu tidak ada di daftar. Balas dengan angka 1–{count} atau nama kategori.",
        "en": "Sorry, that category is not on the list. Reply with a number 1–{count} or a category name.",
    },
    "no_categories": {
        "id": "Maaf, layanan laporan belum siap. Silakan coba lagi nanti.",
        "en": "Sorry, reporting is not set up yet. Please try again later.",
    },
    "ask_description": {
        "id": "Kategori: *{category}*.\nCeritakan masalahnya: apa yang terjadi, sejak kapan, seberapa parah. "
              "Satu foto dengan keterangan juga cukup: fotonya menjadi bukti, keterangannya deskripsi.",
        "en": "Category: *{category}*.\nDescribe the problem: what happened, since when, how bad it is. "
              "A photo with a caption will do too: the photo is the evidence, its caption the description.",
    },
    "description_too_short": {
        "id": "Mohon jelaskan dengan kata-kata, minimal {min} huruf, agar petugas bisa menindaklanjuti.",
        "en": "Please describe it in words, at least {min} letters, so officials can act on it.",
    },
    "description_cut": {
        "id": "Deskripsi Anda {length} huruf; yang kami simpan {max} huruf pertama (sampai “…{end}”). "
              "Bagian setelahnya tidak ikut: bila penting, kirim nanti sebagai balasan ke petugas.",
        "en": "Your description was {length} characters; we kept the first {max} (up to “…{end}”). The rest "
              "is not included: if it matters, send it later as a reply to the officials.",
    },
    "caption_evidence_received": {
        "id": "Foto diterima sebagai bukti, dan keterangannya sebagai deskripsi.",
        "en": "Photo received as evidence, and its caption as the description.",
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
    "ask_evidence_required": ASK_EVIDENCE_REQUIRED.typed,
    "ask_evidence_optional": ASK_EVIDENCE_OPTIONAL.typed,
    "evidence_received": EVIDENCE_RECEIVED.typed,
    "evidence_saved": {"id": "Bukti ke-{count} disimpan.", "en": "Evidence {count} saved."},
    "evidence_required_reprompt": EVIDENCE_STILL_NEEDED.typed,
    "evidence_reprompt": EVIDENCE_REPROMPT.typed,
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
    "media_refused_image": {
        "id": "Maaf, foto itu tidak dapat dibuka sebagai gambar dan tidak disimpan. Silakan kirim ulang fotonya.",
        "en": "Sorry, that photo could not be opened as an image and was not kept. Please send it again.",
    },
    "media_unavailable": {
        "id": "(lampiran tidak dapat diambil)",
        "en": "(the attachment could not be fetched)",
    },
    "media_held_for_report": {
        "id": "Berkas Anda kami sisihkan, belum dibuka. Ketik *lapor* (atau *1*) untuk membuat laporan: "
              "berkas ini menjadi bukti pertamanya. Tanpa laporan, berkas ini tidak diunduh.",
        "en": "We set your file aside, unopened. Type *report* (or *1*) to file a report: it becomes its "
              "first evidence. Without a report, it is never downloaded.",
    },
    "held_evidence_used": {
        "id": "Berkas yang Anda kirim tadi ({count}) menjadi bukti pertama laporan ini.",
        "en": "The file(s) you sent just before ({count}) are this report's first evidence.",
    },
    "sticker_outside_report": {
        "id": "Terima kasih atas stikernya 🙂 Stiker tidak kami teruskan ke petugas. Ada masalah di kota? "
              "Pilih dari menu di bawah.",
        "en": "Thanks for the sticker 🙂 Stickers are not passed on to officials. A problem in the city? "
              "Pick from the menu below.",
    },
    "odd_media_outside_report": {
        "id": "Maaf, berkas jenis {content_type} tidak bisa kami terima. Untuk melapor, ketik *lapor*, lalu "
              "kirim foto (JPG/PNG), video (MP4) atau dokumen (PDF/Office).",
        "en": "Sorry, we cannot take a file of type {content_type}. To report a problem, type *report*, "
              "then send a photo (JPG/PNG), a video (MP4) or a document (PDF/Office).",
    },
    "summary": SUMMARY.typed,
    "summary_area": {
        "id": "\n*Wilayah:* {area}",
        "en": "\n*Area:* {area}",
    },
    "ask_area": {
        "id": "Lokasi itu ada di kelurahan mana? Balas dengan nomornya:\n{choices_text}\n\n"
              "Tidak tahu? Balas *0*: laporan diteruskan ke dinas yang menangani.",
        "en": "Which kelurahan (urban village) is it in? Reply with its number:\n{choices_text}\n\n"
              "Not sure? Reply *0*: the report goes to the department in charge.",
    },
    "area_skipped": {
        "id": "Baik, tanpa kelurahan.",
        "en": "All right, without a kelurahan.",
    },
    "confirm_reprompt": CONFIRM_REPROMPT.typed,
    "case_created": {
        "id": "Laporan terkirim. Nomor laporan Anda: *{ref}*.\nLaporan diteruskan ke {department}. "
              "Ketik *status {ref}* kapan saja untuk melihat perkembangannya.",
        "en": "Report sent. Your reference: *{ref}*.\nIt has been passed to {department}. "
              "Type *status {ref}* at any time to follow it.",
    },
    "ask_leave_report": ASK_LEAVE_REPORT.typed,
    "leave_report_reprompt": LEAVE_REPORT_REPROMPT.typed,
    "cancelled": {
        "id": "Laporan dibatalkan. Ketik *lapor* untuk membuat laporan baru.",
        "en": "Report dropped. Type *report* to start a new one.",
    },
    "finish_report_first": {
        "id": "Anda sedang menulis laporan. Selesaikan dulu, atau ketik *batal* untuk membatalkannya.",
        "en": "You are writing a report. Finish it first, or type *cancel* to drop it.",
    },
    "nothing_to_cancel": {
        "id": "Tidak ada laporan atau aspirasi yang sedang ditulis.",
        "en": "There is no report or idea being written.",
    },
    "draft_expired": {
        "id": "Laporan Anda yang belum selesai sudah kedaluwarsa (lebih dari sehari tanpa balasan) "
              "dan dihapus. Silakan mulai lagi kapan saja.",
        "en": "Your unfinished report expired (no reply for over a day) and was dropped. "
              "You can start again at any time.",
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
    "status_official_reply": {
        "id": "Balasan terakhir dari {official} ({department}):\n“{reply}”",
        "en": "Latest reply from {official} ({department}):\n“{reply}”",
    },
    "status_reply_attachment": {"id": "📎 lampiran", "en": "📎 attachment"},
    "status_last_note": {
        "id": "Catatan status terakhir (*{status}*):\n“{note}”",
        "en": "Latest status note (*{status}*):\n“{note}”",
    },
    "status_not_found": {
        "id": "Laporan {ref} tidak ditemukan di antara laporan Anda.",
        "en": "Report {ref} was not found among your reports.",
    },
    "open_cases": {
        "id": "Laporan Anda yang masih berjalan ({count}):\n{lines}\n\nKetik *status {example}* untuk rinciannya. "
              "Untuk menjawab petugas, balas (geser) pesan tentang laporan itu.",
        "en": "Your reports still under way ({count}):\n{lines}\n\nType *status {example}* for the details. "
              "To answer the officials, reply (swipe) to a message about that report.",
    },
    "open_case_line": {
        "id": "• *{ref}* – {category} – *{status}*\n  {last}",
        "en": "• *{ref}* – {category} – *{status}*\n  {last}",
    },
    "finished_cases": {
        "id": "\n({finished} laporan lain sudah selesai atau ditutup.)",
        "en": "\n({finished} other report(s) finished or closed.)",
    },
    "no_open_cases": {
        "id": "Tidak ada laporan Anda yang masih berjalan; {finished} sudah selesai atau ditutup. Ketik "
              "*status* diikuti nomor laporan untuk melihat salah satunya.",
        "en": "None of your reports is still under way; {finished} finished or closed. Type *status* and a "
              "reference to see one.",
    },
    "no_cases_yet": {
        "id": "Anda belum pernah membuat laporan. Ketik *lapor* untuk membuat laporan baru.",
        "en": "You have not filed a report yet. Type *report* to file one.",
    },
    "old_tap": {
        "id": "Tombol itu dari pertanyaan sebelumnya. Pertanyaannya sekarang:",
        "en": "That button belongs to an earlier question. The question now:",
    },
    "last_step.created": {"id": "{when}: laporan dikirim", "en": "{when}: report sent"},
    "last_step.official_reply": {"id": "{when}: jawaban dari {who}: “{note}”", "en": "{when}: answer from {who}: “{note}”"},
    "last_step.admin_reply": {"id": "{when}: jawaban dari Kantor Wali Kota: “{note}”",
                              "en": "{when}: answer from the mayor's office: “{note}”"},
    "last_step.status_changed": {"id": "{when}: status menjadi *{status}*", "en": "{when}: status became *{status}*"},
    "last_step.resident_reply": {"id": "{when}: pesan Anda diteruskan ke petugas",
                                 "en": "{when}: your message was passed to the officials"},
    "last_step.reopened": {"id": "{when}: Anda membukanya kembali", "en": "{when}: you reopened it"},
    "last_step.reassigned": {"id": "{when}: dialihkan ke {department}", "en": "{when}: passed on to {department}"},
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
    "nothing_held": {
        "id": "Semua pesan untuk Anda sudah terkirim. Ketik *status* untuk melihat laporan Anda.",
        "en": "Every message for you has been delivered. Type *status* to see your reports.",
    },
    "internal_error": {
        "id": "Maaf, terjadi gangguan saat memproses pesan Anda. Pesan Anda tersimpan; silakan coba lagi.",
        "en": "Sorry, something went wrong while handling your message. It is saved; please try again.",
    },
    "relay_to_resident": {
        "id": "💬 *{department}* — laporan {ref}:\n{text}\n\n(Balas pesan ini untuk menjawab.)",
        "en": "💬 *{department}* — report {ref}:\n{text}\n\n(Reply to this message to answer.)",
    },
    "acknowledgement_relayed": {
        "id": "🙏 Diteruskan ke petugas laporan {ref}.",
        "en": "🙏 Passed on to the officials of {ref}.",
    },
    "which_case": {
        "id": "Pesan Anda tentang laporan yang mana? Balas dengan nomornya:\n{lines}",
        "en": "Which report is your message about? Reply with its number:\n{lines}",
    },
    "which_case_reprompt": {
        "id": "Balas dengan nomor laporan dari daftar, atau *batal*.",
        "en": "Reply with the number of a report in the list, or *cancel*.",
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
    "reassigned": {
        "id": "Laporan *{ref}* dialihkan oleh {office} ke {department}, yang kini menanganinya.",
        "en": "Report *{ref}* was passed on by {office} to {department}, which now handles it.",
    },
    "due_by": {"id": "paling lambat {weekday}, {day}", "en": "by {weekday}, {day}"},
    **{f"weekday.{number}": {"id": indonesian, "en": english} for number, (indonesian, english) in enumerate((
        ("Senin", "Monday"), ("Selasa", "Tuesday"), ("Rabu", "Wednesday"), ("Kamis", "Thursday"),
        ("Jumat", "Friday"), ("Sabtu", "Saturday"), ("Minggu", "Sunday")))},
    "status_note": {"id": "\nCatatan: {note}", "en": "\nNote: {note}"},
    "case_status.open": {"id": "diterima", "en": "received"},
    "case_status.in_progress": {"id": "sedang diproses", "en": "in progress"},
    "case_status.resolved": {"id": "selesai", "en": "resolved"},
    "case_status.declined": {"id": "ditolak", "en": "declined"},
    "case_status.closed": {"id": "ditutup", "en": "closed"},
    "ask_if_fixed": ASK_IF_FIXED.typed,
    "fixed_thanks": {
        "id": "Terima kasih! Laporan *{ref}* ditutup.\n\nBagaimana penanganannya? Beri nilai *1* sampai *5* "
              "(5 = sangat baik), atau ketik *menu* untuk melewati.",
        "en": "Thank you! Report *{ref}* is closed.\n\nHow was it handled? Rate it *1* to *5* (5 = very "
              "good), or type *menu* to skip.",
    },
    "fixed_thanks_no_rating": {
        "id": "Terima kasih! Laporan *{ref}* ditutup.",
        "en": "Thank you! Report *{ref}* is closed.",
    },
    "reopened": {
        "id": "Laporan *{ref}* dibuka kembali dan diteruskan lagi ke {department} bersama keterangan Anda. "
              "Untuk menambah foto atau keterangan, balas (geser) pesan ini.",
        "en": "Report *{ref}* is open again and has gone back to {department} with your words. To add a "
              "photo or a note, reply (swipe) to this message.",
    },
    "rating_thanks": {
        "id": "Terima kasih atas penilaian Anda ({rating}/5).",
        "en": "Thank you for your rating ({rating}/5).",
    },
}


#: Each registered flow's row in the main menu (``MenuEntry.key``): its title (the typed menu's line
#: and the list picker's row), the row's description, the word the list picker's text names, and
#: its line in ``bantuan`` (none: not listed there).
MENU_ENTRIES: dict[str, dict[str, dict[str, str]]] = {
    "report": {
        "id": {"title": "Buat laporan baru", "description": "Masalah di kota, dengan foto dan lokasi",
               "word": "lapor", "help": "*lapor* – buat laporan baru"},
        "en": {"title": "File a new report", "description": "A problem in the city, with a photo and place",
               "word": "report", "help": "*report* – file a new report"},
    },
    "status": {
        "id": {"title": "Cek status laporan", "description": "Laporan Anda yang masih berjalan",
               "word": "status", "help": "*status {example}* – cek laporan"},
        "en": {"title": "Check my reports", "description": "Your reports still being handled",
               "word": "status", "help": "*status {example}* – check a report"},
    },
    "aspiration": {
        "id": {"title": "Kirim aspirasi", "description": "Usulan atau gagasan untuk kota, bukan pengaduan",
               "word": "aspirasi", "help": "*aspirasi* – kirim usulan untuk kota"},
        "en": {"title": "Share an idea", "description": "A proposal for the city, not a complaint",
               "word": "idea", "help": "*idea* – share a proposal for the city"},
    },
    "ideas": {
        "id": {"title": "Dukung usulan warga", "description": "Usulan warga di sekitar Anda: baca dan dukung",
               "word": "usulan", "help": "*usulan* – lihat dan dukung usulan warga"},
        "en": {"title": "Support residents' ideas", "description": "Ideas near you: read and support them",
               "word": "ideas", "help": "*ideas* – read and support residents' ideas"},
    },
    "help": {
        "id": {"title": "Bantuan", "description": "Kata-kata yang bisa Anda ketik", "word": "bantuan"},
        "en": {"title": "Help", "description": "Words you can type", "word": "help"},
    },
}
