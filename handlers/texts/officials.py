"""What the bot says to officials (in Indonesian: the city's working language)."""
from __future__ import annotations

OFFICIAL_TEXTS: dict[str, str] = {
    "forward": "📋 *Laporan baru {ref}*\n*Kategori:* {category}\n*Pelapor:* {resident}\n"
               "*Deskripsi:* {description}\n*Lokasi:* {location}{map}\n*Wilayah:* {area}\n"
               "*Tenggat jawab:* {first_due}\n*Tenggat penyelesaian:* {resolve_due}\n*Bukti:* {evidence}\n\n"
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
    "office_set_status": "🏛️ {office} mengubah status laporan *{ref}* menjadi *{status}* lewat konsol.{note}",
    "office_note": "\nCatatan: {note}",
    "office_replied": "🏛️ {office} menjawab pelapor laporan *{ref}* lewat konsol:\n“{text}”\n\n(Balas pesan ini "
                      "atau ketik *#{ref} pesan* bila ada yang perlu Anda tambahkan.)",
    "office_reassigned": "🏛️ {office} mengalihkan laporan *{ref}* ke {department}; laporan ini tidak lagi "
                         "ditangani unit Anda.",
    "aspiration_forwarded": "💡 *Aspirasi warga {ref}* “{title}”\n*Tema:* {theme}\n*Wilayah:* {place}\n"
                            "*Usulan:* {body}\n\nDidukung *{count}* warga, aspirasi ini kini menunggu jawaban "
                            "{office}.\n*Tenggat jawab:* {due}\nJawab dengan */selesai {ref} catatan* (diterima "
                            "dalam rencana), */proses {ref} catatan* (sedang dibahas) atau */tolak {ref} alasan* "
                            "(tidak dapat dilaksanakan), atau lewat konsol, halaman *Aspirasi*. Penulis dan semua "
                            "pendukung diberi tahu.",
    "aspiration_answered": "{ref}: *{outcome}*. Penulis dan {count} pendukung diberi tahu.",
    "aspiration_note_required": "Tulis catatannya, penulis dan semua pendukung membacanya: */selesai {ref} catatan* "
                                "(diterima dalam rencana), */proses {ref} catatan* (sedang dibahas) atau */tolak {ref} "
                                "alasan*.",
    "aspiration_not_answerable": "{ref} berstatus *{status}*: jawaban itu tidak bisa diberikan sekarang.",
    "no_such_aspiration": "Aspirasi {ref} tidak ditemukan, atau belum sampai ke dinas.",
    "not_your_aspiration": "Aspirasi {ref} ditangani {department}, bukan unit Anda.",
    "reply_sent": "Terkirim ke pelapor {ref}.",
    "status_set": "{ref} sekarang: *{status}*.",
    "help": "Perintah petugas:\n*#{example} pesan* – balas pelapor (atau geser untuk membalas pesan laporan)\n"
            "*/proses REF* – tandai sedang diproses\n*/selesai REF catatan* – tandai selesai\n"
            "*/tolak REF alasan* – tolak laporan\n*/kasus* – daftar laporan terbuka\n"
            "*/terlambat* – laporan yang lewat tenggat\n*/bantuan* – pesan ini\n\nAspirasi warga yang sampai ke "
            "unit Anda dijawab dengan perintah yang sama dan nomor aspirasinya, selalu dengan catatan: "
            "*/selesai ASP-… catatan* (diterima dalam rencana), */proses ASP-… catatan* (sedang dibahas), "
            "*/tolak ASP-… alasan*.",
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
              "Unit dengan laporan terlambat terbanyak: {slowest}.\n💡 Aspirasi warga: {ideas}.\n"
              "🗳️ Anggaran partisipatif: {rounds}.\n\nRincian di konsol.",
    "digest_none_late": "tidak ada",
    "digest_ideas": "{crossed} mencapai ambang dukungan{refs}, {late} belum dijawab lewat tenggat",
    "digest_ideas_none": "tidak ada yang baru",
    "digest_rounds_none": "tidak ada yang dibuka atau ditutup",
    "digest_rounds_opened": "pemungutan suara dibuka: {names}",
    "digest_rounds_closing": "ditutup malam ini: {names}",
    "digest_rounds_closed": "ditutup, hasil di konsol: {names}",
    "no_note": "(tanpa keterangan)",
    "aspiration_reminder": "⏰ Pengingat: aspirasi warga *{ref}* “{title}” untuk {office} belum {what}; "
                           "tenggatnya {due}. Jawab dengan */selesai {ref} catatan*, */proses {ref} catatan* atau "
                           "*/tolak {ref} alasan*, atau lewat konsol, halaman *Aspirasi*.",
    "aspiration_head_warning": "⚠️ Aspirasi warga *{ref}* “{title}” untuk {office} belum {what}; tenggatnya "
                               "{due} dan petugas sudah diingatkan. Sebagai pimpinan unit, mohon pastikan "
                               "aspirasi ini dijawab.",
    "aspiration_escalation": "🚨 Eskalasi ke Kantor Wali Kota: aspirasi warga *{ref}* “{title}” untuk {office} "
                             "belum {what}; tenggatnya {due}, petugas dan pimpinan unit sudah diingatkan.",
    "late_what_first_answer": "dijawab",
    "late_what_resolve": "diselesaikan",
    "nobody_to_tell": "tidak ada penerima di direktori",
    "open_cases": "Laporan terbuka ({count}), yang terlama dulu:\n{lines}{more}",
    "late_cases": "⚠️ Laporan lewat tenggat ({count}), yang terlama dulu:\n{lines}{more}",
    "no_late_cases": "Tidak ada laporan unit Anda yang lewat tenggat. Terima kasih!",
    "case_line": "• {ref} – {category}{area} – {status} – {due}",
    "due_first_answer": "jawab {due}",
    "due_resolve": "selesai {due}",
    "late_first_answer": "⚠️ terlambat dijawab (tenggat {due})",
    "late_resolve": "⚠️ terlambat selesai (tenggat {due})",
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
