"""Every text the bot sends, in Indonesian and English. Logic never holds a sentence of its own."""
from __future__ import annotations

from collections.abc import Callable

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
        "id": "Maaf, pilihan itu tidak ada. Balas {numbers}.",
        "en": "Sorry, that is not an option. Reply {numbers}.",
    },
    "menu_list_body": {
        "id": "*Menu utama*\nApa yang ingin Anda lakukan? Ketuk *Pilih menu*, atau ketik {words}.",
        "en": "*Main menu*\nWhat would you like to do? Tap *Menu*, or type {words}.",
    },
    "menu_list_button": {"id": "Pilih menu", "en": "Menu"},
    "help": {
        "id": "Kata yang bisa Anda ketik kapan saja:\n{flows}\n*menu* – menu utama\n*batal* – batalkan laporan "
              "yang sedang ditulis\n*bahasa* – ganti bahasa\n*berhenti* – berhenti menerima pesan, *mulai* – "
              "aktif lagi\n\nUntuk membalas petugas: balas (geser) pesan mereka, atau ketik *#{example} pesan Anda*.",
        "en": "Words you can type at any time:\n{flows}\n*menu* – main menu\n*cancel* – drop the report you are "
              "writing\n*language* – change language\n*stop* – no more messages, *start* – back again\n\n"
              "To answer an official: reply (swipe) to their message, or type *#{example} your text*.",
    },
    "or": {"id": "atau", "en": "or"},
    "language_set": {
        "id": "Bahasa: Indonesia.",
        "en": "Language: English.",
    },
    "ask_category": {
        "id": "Apa jenis masalahnya? Balas dengan angka atau nama:\n{choices_text}",
        "en": "What kind of problem is it? Reply with a number or a name:\n{choices_text}",
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
    "media_not_expected": {
        "id": "Terima kasih, tapi saat ini kami tidak sedang meminta berkas.",
        "en": "Thank you, but we are not asking for a file right now.",
    },
    "summary": {
        "id": "Periksa laporan Anda:\n*Kategori:* {category}\n*Deskripsi:* {description}\n"
              "*Lokasi:* {location}{area}\n*Bukti:* {evidence} berkas\n\nFoto lagi? Kirim sekarang. Kirim laporan "
              "ini? Balas *ya*, atau *ubah lokasi* / *ubah deskripsi* untuk mengganti, atau *tidak*.",
        "en": "Check your report:\n*Category:* {category}\n*Description:* {description}\n"
              "*Location:* {location}{area}\n*Evidence:* {evidence} file(s)\n\nAnother photo? Send it now. Send "
              "this report? Reply *yes*, or *ubah lokasi* / *ubah deskripsi* to change one, or *no*.",
    },
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
    "confirm_reprompt": {
        "id": "Balas *ya* untuk mengirim laporan, *ubah lokasi* atau *ubah deskripsi* untuk mengganti, "
              "atau *tidak* untuk membatalkannya.",
        "en": "Reply *yes* to send the report, *ubah lokasi* or *ubah deskripsi* to change one, or *no* "
              "to drop it.",
    },
    "case_created": {
        "id": "Laporan terkirim. Nomor laporan Anda: *{ref}*.\nLaporan diteruskan ke {department}. "
              "Ketik *status {ref}* kapan saja untuk melihat perkembangannya.",
        "en": "Report sent. Your reference: *{ref}*.\nIt has been passed to {department}. "
              "Type *status {ref}* at any time to follow it.",
    },
    "ask_leave_report": {
        "id": "Laporan yang sedang Anda tulis akan dibatalkan bila kembali ke menu. Kembali ke menu? Balas "
              "*ya* untuk ke menu, atau *tidak* untuk melanjutkan laporan.",
        "en": "Going back to the menu drops the report you are writing. Go to the menu? Reply *yes* for the "
              "menu, or *no* to carry on with the report.",
    },
    "leave_report_reprompt": {
        "id": "Balas *ya* untuk membatalkan laporan dan ke menu, atau *tidak* untuk melanjutkan laporan.",
        "en": "Reply *yes* to drop the report and go to the menu, or *no* to carry on with it.",
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
    "case_status.closed": {"id": "ditutup", "en": "closed"},
    "ask_if_fixed": {
        "id": "Apakah masalah pada laporan *{ref}* benar-benar sudah beres? Balas *ya* bila sudah, atau "
              "*belum* (boleh dengan keterangan dan foto) bila belum.",
        "en": "Is the problem of report *{ref}* really fixed? Reply *yes* if it is, or *not yet* (with a "
              "note and a photo if you like) if it is not.",
    },
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
    "fix_reprompt": {
        "id": "Laporan *{ref}* sudah dinyatakan selesai oleh petugas. Apakah masalahnya benar-benar sudah "
              "beres? Balas *ya* atau *belum* (boleh dengan keterangan dan foto).",
        "en": "Report *{ref}* was marked resolved by the officials. Is it really fixed? Reply *yes* or "
              "*not yet* (with a note and a photo if you like).",
    },
    "rating_thanks": {
        "id": "Terima kasih atas penilaian Anda ({rating}/5).",
        "en": "Thank you for your rating ({rating}/5).",
    },
}

#: Officials work in Indonesian; these texts have no English version on purpose.
OFFICIAL_TEXTS: dict[str, str] = {
    "forward": "📋 *Laporan baru {ref}*\n*Kategori:* {category}\n*Pelapor:* {resident}\n"
               "*Deskripsi:* {description}\n*Lokasi:* {location}{map}\n*Wilayah:* {area}\n"
               "*Tenggat:* jawaban pertama {first_due}, selesai {resolve_due}\n*Bukti:* {evidence}\n\n"
               "Balas (geser) pesan ini untuk menjawab warga, atau ketik *#{ref} pesan*. "
               "Perintah: */proses {ref}*, */selesai {ref} catatan*, */tolak {ref} alasan*.",
    "forward_evidence": "{ref} — bukti {index}/{count}",
    "no_evidence": "tidak ada",
    "more_evidence": " (+{count} lainnya)",
    "evidence_coming": "⏳ {count} lampiran masih diambil dan menyusul",
    "evidence_lost": "⚠️ {count} lampiran tidak dapat diambil",
    "forward_evidence_late": "{ref} — bukti susulan",
    "evidence_given_up": "⚠️ {ref}: satu lampiran dari pelapor tidak dapat diambil dan tidak akan menyusul.",
    "media_unavailable": "(lampiran tidak dapat diambil)",
    "relay_from_resident": "💬 *Warga ({resident})* — laporan {ref}:\n{text}\n\n"
                           "(Balas pesan ini atau ketik *#{ref} pesan* untuk menjawab.)",
    "reopened_by_resident": "🔁 *Laporan {ref} dibuka kembali*: pelapor ({resident}) menyatakan masalahnya "
                            "*belum beres*:\n{text}\n\n(Balas pesan ini atau ketik *#{ref} pesan* untuk "
                            "menjawab; */selesai {ref} catatan* bila sudah beres.)",
    "reply_sent": "Terkirim ke pelapor {ref}.",
    "status_set": "{ref} sekarang: *{status}*.",
    "help": "Perintah petugas:\n*#{example} pesan* – balas pelapor (atau geser untuk membalas pesan laporan)\n"
            "*/proses REF* – tandai sedang diproses\n*/selesai REF catatan* – tandai selesai\n"
            "*/tolak REF alasan* – tolak laporan\n*/kasus* – daftar laporan terbuka\n"
            "*/terlambat* – laporan yang lewat tenggat\n*/bantuan* – pesan ini",
    "unknown": "Pesan tidak dikenali. Balas (geser) pesan laporan, atau ketik *#REF pesan*. "
               "Ketik */bantuan* untuk daftar perintah.",
    "no_such_case": "Laporan {ref} tidak ditemukan.",
    "not_your_case": "Laporan {ref} ditangani {department}, bukan unit Anda.",
    "need_ref": "Sebutkan nomor laporan, misalnya */{command} {example}*.",
    "need_reason": "Alasan penolakan wajib diisi: */tolak {ref} alasan*.",
    "need_text": "Tulis pesan setelah nomor laporan: *#{ref} pesan Anda*.",
    "already": "{ref} sudah berstatus *{status}*.",
    "closed": "{ref} sudah ditutup (*{status}*); tidak bisa diubah lagi.",
    "reminder": "⏰ Pengingat: laporan *{ref}* untuk {office} belum {what}; tenggatnya {due}. Balas (geser) "
                "pesan laporan untuk menjawab warga, atau ketik */kasus* untuk daftar laporan terbuka.",
    "head_warning": "⚠️ Laporan *{ref}* untuk {office} belum {what}; tenggatnya {due} dan petugas sudah "
                    "diingatkan. Sebagai pimpinan unit, mohon pastikan laporan ini ditangani. Ketik "
                    "*/terlambat* untuk semua laporan yang lewat tenggat.",
    "escalation": "🚨 Eskalasi ke Kantor Wali Kota: laporan *{ref}* untuk {office} belum {what}; tenggatnya "
                  "{due}, petugas dan pimpinan unit sudah diingatkan. Laporan ini ditandai *tereskalasi*.",
    "digest": "📊 *Ringkasan laporan warga* ({day}):\n• laporan baru: {new}\n• masih terbuka: {open}\n"
              "• lewat tenggat: {late}\n• tereskalasi: {escalated}\n• selesai: {resolved}\n"
              "Unit dengan laporan terlambat terbanyak: {slowest}.\n\nRincian di konsol.",
    "digest_none_late": "tidak ada",
    "no_note": "(tanpa keterangan)",
    "late_what_first_answer": "dijawab",
    "late_what_resolve": "diselesaikan",
    "nobody_to_tell": "tidak ada penerima di direktori",
    "open_cases": "Laporan terbuka ({count}), yang terlama dulu:\n{lines}{more}",
    "late_cases": "⚠️ Laporan lewat tenggat ({count}), yang terlama dulu:\n{lines}{more}",
    "no_late_cases": "Tidak ada laporan unit Anda yang lewat tenggat. Terima kasih!",
    "case_line": "• {ref} – {category}{area} – {status} – {due}",
    "due_first_answer": "jawab paling lambat {day}",
    "due_resolve": "selesai paling lambat {day}",
    "late_first_answer": "⚠️ terlambat dijawab sejak {day}",
    "late_resolve": "⚠️ terlambat selesai sejak {day}",
    "more_cases": "\n… dan {count} lainnya; lihat konsol.",
    "resident_opted_out": "Pelapor {ref} sudah berhenti menerima pesan bot; jawaban Anda tersimpan di "
                          "laporan, tetapi tidak terkirim.",
    "no_open_cases": "Tidak ada laporan terbuka untuk unit Anda.",
    "media_relay": "📎 lampiran",
    "nothing_held": "Semua pesan untuk Anda sudah terkirim. Ketik */kasus* untuk daftar laporan terbuka.",
    "onboarding": "Halo {name}, nomor ini adalah layanan *Lapor Wali Kota* untuk {department}. Laporan warga "
                  "untuk unit Anda akan dikirim ke nomor ini.\n\nBalas (geser) pesan laporan untuk menjawab "
                  "warga, atau ketik *#{example} pesan*.\n*/kasus* – laporan terbuka\n*/proses REF* – sedang "
                  "diproses\n*/selesai REF catatan* – selesai\n*/tolak REF alasan* – tolak\n*/bantuan* – "
                  "daftar perintah\n\nSimpan nomor ini agar tidak ada laporan yang terlewat.",
}


def t(key: str, language: str = "id", **values) -> str:
    """The text ``key`` in ``language`` (Indonesian when English is missing), filled in."""
    variants = TEXTS[key]
    if key in _PROVIDERS:
        values = {**_PROVIDERS[key](language, values), **values}
    return variants.get(language, variants["id"]).format(**values)


#: Values some texts take from what is registered (the menu's lines from the flows' entries), by key.
_PROVIDERS: dict[str, Callable[[str, dict], dict]] = {}


def provide_values(key: str, provider: Callable[[str, dict], dict]) -> None:
    """Have ``t(key)`` fill some of its values from ``provider(language, values)``."""
    _PROVIDERS[key] = provider


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
    "help": {
        "id": {"title": "Bantuan", "description": "Kata-kata yang bisa Anda ketik", "word": "bantuan"},
        "en": {"title": "Help", "description": "Words you can type", "word": "help"},
    },
}


def menu_entry_text(key: str, language: str = "id") -> dict[str, str]:
    variants = MENU_ENTRIES[key]
    return variants.get(language, variants["id"])


def or_list(items: list[str], language: str = "id") -> str:
    """``*1*, *2* atau *3*``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('or', language)} {items[-1]}"


def official_text(key: str, **values) -> str:
    return OFFICIAL_TEXTS[key].format(**values)


def status_label(status: str, language: str = "id") -> str:
    return t(f"case_status.{status}", language)


# --- WhatsApp templates ---------------------------------------------------------------------
# What goes outside a person's 24-hour window (handlers/whatsapp_templates.py fills them). WhatsApp
# approves each text as it stands: {{n}} are the only parts that change, never first or last, never
# two side by side; a changed text is a new template that needs approval again.

TEMPLATE_TEXTS: dict[str, dict[str, str]] = {
    "forward": {
        "id": "📋 Laporan warga baru *{{1}}*\nKategori: {{2}}\nLokasi: {{3}}\nDeskripsi: {{4}}\n"
              "Bukti: {{5}}\n\nBalas (geser) pesan ini untuk menjawab warga. Ketuk *Baca* untuk laporan "
              "lengkap dan semua bukti. Perintah: /proses, /selesai, /tolak diikuti nomor laporan.",
        "en": "📋 New report from a resident *{{1}}*\nCategory: {{2}}\nPlace: {{3}}\nDescription: {{4}}\n"
              "Evidence: {{5}}\n\nReply (swipe) to this message to answer the resident. Tap *Read* for the "
              "full report and all its evidence. Commands: /proses, /selesai, /tolak followed by the reference.",
    },
    "answer": {
        "id": "💬 Jawaban untuk laporan Anda *{{1}}* dari {{2}}:\n“{{3}}”\n\n"
              "Balas pesan ini untuk menanggapi. Ketuk *Baca* bila jawabannya terpotong.",
        "en": "💬 An answer to your report *{{1}}* from {{2}}:\n“{{3}}”\n\n"
              "Reply to this message to respond. Tap *Read* if the answer was cut short.",
    },
    "status": {
        "id": "Laporan Anda *{{1}}* sekarang berstatus *{{2}}*.\nCatatan: {{3}}\n\n"
              "Balas pesan ini bila ada yang ingin Anda sampaikan.",
        "en": "Your report *{{1}}* is now *{{2}}*.\nNote: {{3}}\n\n"
              "Reply to this message if there is anything you would like to add.",
    },
    "news": {
        "id": "Ada kabar baru tentang laporan Anda *{{1}}*. Ketuk *Baca* atau balas pesan ini untuk membacanya.",
        "en": "There is news about your report *{{1}}*. Tap *Read* or reply to this message to read it.",
    },
    "resident_message": {
        "id": "💬 Pesan dari pelapor laporan *{{1}}* ({{2}}):\n“{{3}}”\n\n"
              "Balas (geser) pesan ini untuk menjawab. Ketuk *Baca* bila pesannya terpotong.",
        "en": "💬 A message from the resident of report *{{1}}* ({{2}}):\n“{{3}}”\n\n"
              "Reply (swipe) to this message to answer. Tap *Read* if the message was cut short.",
    },
    "news_official": {
        "id": "Ada pesan baru untuk laporan *{{1}}*. Ketuk *Baca* atau balas pesan ini untuk membacanya.",
        "en": "There is a new message about report *{{1}}*. Tap *Read* or reply to this message to read it.",
    },
    "reminder": {
        "id": "⏰ Pengingat: laporan *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}}. Balas (geser) pesan "
              "laporan untuk menjawab warga, atau ketik /kasus untuk daftar laporan terbuka.",
        "en": "⏰ Reminder: report *{{1}}* for {{2}} is not yet {{3}}; it was due {{4}}. Reply (swipe) to the "
              "report to answer the resident, or type /kasus for the open reports.",
    },
    "head_warning": {
        "id": "⚠️ Laporan *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}} dan petugas sudah diingatkan. "
              "Sebagai pimpinan unit, mohon pastikan laporan ini ditangani. Ketik /terlambat untuk semua "
              "laporan yang lewat tenggat.",
        "en": "⚠️ Report *{{1}}* for {{2}} is not yet {{3}}; it was due {{4}} and its officials were "
              "reminded. As the head of the office, please see that it is handled. Type /terlambat for "
              "every late report.",
    },
    "escalation": {
        "id": "🚨 Eskalasi ke Kantor Wali Kota: laporan *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}}, "
              "petugas dan pimpinan unit sudah diingatkan. Laporan ini ditandai tereskalasi.",
        "en": "🚨 Escalated to the mayor's office: report *{{1}}* for {{2}} is not yet {{3}}; it was due "
              "{{4}}, and its officials and the head of the office were reminded. It is marked escalated.",
    },
    "digest": {
        "id": "📊 Ringkasan laporan warga {{1}}: laporan baru {{2}}, selesai {{3}}; saat ini masih terbuka "
              "{{4}}, lewat tenggat {{5}}, tereskalasi {{6}}. Unit dengan laporan terlambat terbanyak: {{7}}. "
              "Rincian di konsol.",
        "en": "📊 Residents' reports {{1}}: new {{2}}, resolved {{3}}; now open {{4}}, late {{5}}, escalated "
              "{{6}}. Offices with the most late reports: {{7}}. Details in the console.",
    },
    "onboarding": {
        "id": "Halo {{1}}, nomor ini adalah layanan *Lapor Wali Kota* untuk {{2}}. Laporan warga untuk "
              "unit Anda akan dikirim ke nomor ini; balas (geser) pesan laporan untuk menjawab warga. "
              "Perintah: /kasus, /proses, /selesai, /tolak, /bantuan. Simpan nomor ini agar tidak ada "
              "laporan yang terlewat.",
        "en": "Hello {{1}}, this number is the *Mayor's Report* service for {{2}}. Residents' reports for "
              "your office will come to this number; reply (swipe) to a report to answer its resident. "
              "Commands: /kasus, /proses, /selesai, /tolak, /bantuan. Save this number so that no report "
              "is missed.",
    },
}

#: The one quick-reply button the templates carry: a tap opens the window, and what was held goes.
TEMPLATE_BUTTON = {"id": "Baca", "en": "Read"}

#: Sample values WhatsApp's reviewers see beside each template (the Content API requires them).
TEMPLATE_SAMPLES: dict[str, dict[str, str]] = {
    "ref": {"id": "LPR-00042", "en": "LPR-00042"},
    "category": {"id": "Jalan rusak", "en": "Damaged road"},
    "place": {"id": "Jl. El Tari No. 5, Oebobo", "en": "5 El Tari Street, Oebobo"},
    "description": {"id": "Lubang besar di tengah jalan sejak seminggu; dua motor sudah jatuh.",
                    "en": "A large pothole in the middle of the road for a week; two motorbikes fell."},
    "evidence": {"id": "https://lapor.example.go.id/media/abc123/bukti-1.jpg",
                 "en": "https://lapor.example.go.id/media/abc123/bukti-1.jpg"},
    "who": {"id": "Dinas Pekerjaan Umum", "en": "Dinas Pekerjaan Umum"},
    "text": {"id": "Tim kami akan menambal jalan itu hari Kamis.",
             "en": "Our team will patch the road on Thursday."},
    "status": {"id": "sedang diproses", "en": "in progress"},
    "note": {"id": "Petugas sudah meninjau lokasi.", "en": "An officer has inspected the place."},
    "resident": {"id": "Siti", "en": "Siti"},
    "name": {"id": "Budi Santoso", "en": "Budi Santoso"},
    "department": {"id": "Dinas Pekerjaan Umum", "en": "Dinas Pekerjaan Umum"},
    "office": {"id": "Kelurahan Fatululi", "en": "Kelurahan Fatululi"},
    "what": {"id": "dijawab", "en": "answered"},
    "due": {"id": "30-11-2026", "en": "30-11-2026"},
    "day": {"id": "25-11-2026", "en": "25-11-2026"},
    "new": {"id": "12", "en": "12"},
    "open": {"id": "40", "en": "40"},
    "late": {"id": "7", "en": "7"},
    "escalated": {"id": "2", "en": "2"},
    "resolved": {"id": "9", "en": "9"},
    "slowest": {"id": "Dinas Pekerjaan Umum (4); Kelurahan Fatululi (2)",
                "en": "Dinas Pekerjaan Umum (4); Kelurahan Fatululi (2)"},
}


# --- what residents tap (handlers/choices.py) ------------------------------------------------
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
