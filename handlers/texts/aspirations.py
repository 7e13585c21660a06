"""What the bot says about aspirations (residents' ideas for the city), in Indonesian and English:
the conversation that files one, what its author is told, and the masks over personal data."""
from __future__ import annotations

from .prompts import both_ways

ASK_THEME = both_ways(
    {"id": "💡 *Aspirasi warga*: usulan atau gagasan untuk kota, bukan pengaduan (untuk masalah yang perlu "
           "ditangani, ketik *lapor*). Tentang apa aspirasi Anda? [answer]",
     "en": "💡 *Residents' ideas*: a proposal for the city, not a complaint (for a problem to be fixed, type "
           "*report*). What is your idea about? [answer]"},
    typed={"id": "Balas dengan angka atau nama tema:\n{choices_text}",
           "en": "Reply with a number or a theme's name:\n{choices_text}"},
    tapped={"id": "Ketuk *Pilih tema*, atau ketik namanya.", "en": "Tap *Themes*, or type its name."},
)

ASK_PLACE = both_ways(
    {"id": "Untuk wilayah mana? Kirim *lokasi* (📎 → Lokasi), ketik nama kelurahannya, atau [answer]",
     "en": "For which place? Send a *location* pin (📎 → Location), type the kelurahan's name, or [answer]"},
    typed={"id": "ketik *seluruh kota*.", "en": "type *whole city*."},
    tapped={"id": "ketuk *Seluruh kota*.", "en": "tap *Whole city*."},
)

ASK_PHOTO = both_ways(
    {"id": "Ada foto atau gambar yang menjelaskan usulan Anda? Kirimkan (boleh juga dokumen PDF). Bila tidak "
           "ada, [answer]",
     "en": "A photo or picture that shows your idea? Send it (a PDF document is fine too). If you have none, "
           "[answer]"},
    typed={"id": "ketik *lewati*.", "en": "type *skip*."},
    tapped={"id": "ketuk *Lewati*.", "en": "tap *Skip*."},
)

ASPIRATION_SUMMARY = both_ways(
    {"id": "Periksa aspirasi Anda:\n*Tema:* {theme}\n*Judul:* {title}\n*Usulan:* {idea}\n*Wilayah:* {place}\n"
           "*Foto:* {photos}\n\nSebelum tampil untuk umum, aspirasi dibaca dulu oleh petugas; nomor HP, e-mail "
           "dan NIK di dalamnya disamarkan. [answer]",
     "en": "Check your idea:\n*Theme:* {theme}\n*Title:* {title}\n*Idea:* {idea}\n*Place:* {place}\n"
           "*Photos:* {photos}\n\nBefore it is public, staff read it first; phone numbers, e-mail addresses and "
           "NIK in it are masked. [answer]"},
    typed={"id": "Balas *kirim* untuk mengirim, *ubah judul* / *ubah usulan* / *ubah tempat* untuk mengganti, "
                 "atau *batal*.",
           "en": "Reply *send* to send it, *ubah judul* / *ubah usulan* / *ubah tempat* to change one, or *cancel*."},
    tapped={"id": "Judul atau usulan salah? Ketik *ubah judul* atau *ubah usulan*. Kirim aspirasi ini?",
            "en": "Title or idea wrong? Type *ubah judul* or *ubah usulan*. Send this idea?"},
    variables=("theme", "title", "idea", "place", "photos"),
)

ASK_LEAVE_ASPIRATION = both_ways(
    {"id": "Aspirasi yang sedang Anda tulis akan dibatalkan bila kembali ke menu. Kembali ke menu?[answer]",
     "en": "Going back to the menu drops the idea you are writing. Go to the menu?[answer]"},
    typed={"id": " Balas *ya* untuk ke menu, atau *tidak* untuk melanjutkan aspirasi.",
           "en": " Reply *yes* for the menu, or *no* to carry on with your idea."},
    tapped={"id": "", "en": ""},
)

IDEA_SHOWN = both_ways(
    {"id": "💡 *{ref}* “{title}”\n*Wilayah:* {place}\n*Usulan:* {idea}\n*Dukungan:* {count} warga\n\n[answer]",
     "en": "💡 *{ref}* “{title}”\n*Place:* {place}\n*Idea:* {idea}\n*Supported by:* {count} residents\n\n[answer]"},
    typed={"id": "Balas *dukung* untuk mendukungnya, atau *lainnya* untuk kembali ke daftar.",
           "en": "Reply *support* to support it, or *more* for the list again."},
    tapped={"id": "Ketuk *Dukung* untuk mendukungnya, atau *Lihat lainnya*.",
            "en": "Tap *Support* to support it, or *See more*."},
    variables=("ref", "title", "place", "idea", "count"),
)

ASPIRATION_SUMMARY_REPROMPT = both_ways(
    {"id": "[answer]", "en": "[answer]"},
    typed={"id": "Balas *kirim* untuk mengirim aspirasi, *ubah judul*, *ubah usulan* atau *ubah tempat* untuk "
                 "mengganti, atau *batal* untuk membatalkannya.",
           "en": "Reply *send* to send the idea, *ubah judul*, *ubah usulan* or *ubah tempat* to change one, or "
                 "*cancel* to drop it."},
    tapped={"id": "Ketuk *Kirim* untuk mengirim aspirasi, *Ubah tempat* untuk menggantinya (atau ketik *ubah "
                  "judul* / *ubah usulan*), atau *Batal*.",
            "en": "Tap *Send* to send the idea, *Change place* to change it (or type *ubah judul* / *ubah "
                  "usulan*), or *Cancel*."},
)

LEAVE_ASPIRATION_REPROMPT = both_ways(
    {"id": "[answer]", "en": "[answer]"},
    typed={"id": "Balas *ya* untuk membatalkan aspirasi dan ke menu, atau *tidak* untuk melanjutkannya.",
           "en": "Reply *yes* to drop the idea and go to the menu, or *no* to carry on with it."},
    tapped={"id": "Ketuk *Ke menu* untuk membatalkan aspirasi, atau *Lanjutkan aspirasi*.",
            "en": "Tap *Go to the menu* to drop the idea, or *Carry on*."},
)

ASPIRATION_TEXTS: dict[str, dict[str, str]] = {
    "ask_theme": ASK_THEME.typed,
    "theme_reprompt": {
        "id": "Maaf, tema itu tidak ada di daftar. Balas dengan angka 1–{count} atau nama tema.",
        "en": "Sorry, that theme is not on the list. Reply with a number 1–{count} or a theme's name.",
    },
    "no_themes": {
        "id": "Maaf, layanan aspirasi belum dibuka di kota ini. Untuk masalah yang perlu ditangani, ketik *lapor*.",
        "en": "Sorry, ideas are not open in this city yet. For a problem to be fixed, type *report*.",
    },
    "aspiration_limit": {
        "id": "Terima kasih atas semangat Anda! Satu nomor bisa mengirim paling banyak {limit} aspirasi per "
              "hari, dan hari ini sudah {limit}. Silakan kirim lagi besok.",
        "en": "Thank you for your enthusiasm! One number may send at most {limit} ideas a day, and today "
              "it has sent {limit}. Please send more tomorrow.",
    },
    "ask_title": {
        "id": "Tema: *{theme}*.\nTulis judul singkat aspirasi Anda (paling banyak {max} huruf), misalnya "
              "“Taman bermain di RT 05”.",
        "en": "Theme: *{theme}*.\nWrite a short title for your idea (at most {max} characters), for example "
              "“A playground in RT 05”.",
    },
    "title_too_long": {
        "id": "Judulnya {length} huruf; paling banyak {max}. Mohon tulis lebih singkat: rinciannya menyusul "
              "di langkah berikut.",
        "en": "The title is {length} characters; at most {max}. Please make it shorter: the details come "
              "in the next step.",
    },
    "title_too_short": {
        "id": "Mohon tulis judul dengan kata-kata, minimal {min} huruf.",
        "en": "Please write a title in words, at least {min} letters.",
    },
    "ask_idea": {
        "id": "Ceritakan usulan Anda: apa yang sebaiknya dilakukan, untuk siapa, dan mengapa.",
        "en": "Describe your idea: what should be done, for whom, and why.",
    },
    "idea_too_short": {
        "id": "Mohon ceritakan usulan Anda dengan kata-kata, minimal {min} huruf.",
        "en": "Please describe your idea in words, at least {min} letters.",
    },
    "idea_cut": {
        "id": "Usulan Anda {length} huruf; yang kami simpan {max} huruf pertama (sampai “…{end}”).",
        "en": "Your idea was {length} characters; we kept the first {max} (up to “…{end}”).",
    },
    "ask_place": ASK_PLACE.typed,
    "place_unknown": {
        "id": "Maaf, kami tidak mengenal wilayah “{text}”. Kelurahan yang mirip: {names}.",
        "en": "Sorry, we do not know the place “{text}”. Kelurahan with similar names: {names}.",
    },
    "place_unknown_no_names": {
        "id": "Maaf, kami tidak mengenal wilayah “{text}”.",
        "en": "Sorry, we do not know the place “{text}”.",
    },
    "ask_aspiration_photo": ASK_PHOTO.typed,
    "aspiration_photo_kept": {
        "id": "Gambar disimpan untuk aspirasi ini.",
        "en": "Picture saved for this idea.",
    },
    "aspiration_photos_full": {
        "id": "Aspirasi ini sudah membawa {max} gambar; yang lain tidak kami simpan.",
        "en": "This idea carries {max} pictures already; we did not keep more.",
    },
    "aspiration_summary": ASPIRATION_SUMMARY.typed,
    "aspiration_summary_reprompt": ASPIRATION_SUMMARY_REPROMPT.typed,
    "city_wide": {"id": "Seluruh kota", "en": "The whole city"},
    "place_not_named": {"id": "lokasi di peta", "en": "a place on the map"},
    "aspiration_created": {
        "id": "Aspirasi terkirim. Nomornya: *{ref}*.\nPetugas {department} membacanya dulu; setelah "
              "diterbitkan, warga lain bisa mendukungnya. Kami kabari Anda. Ketik *status {ref}* kapan saja.",
        "en": "Idea sent. Its reference: *{ref}*.\nStaff of {department} read it first; once published, "
              "other residents can support it. We will let you know. Type *status {ref}* at any time.",
    },
    "ask_leave_aspiration": ASK_LEAVE_ASPIRATION.typed,
    "leave_aspiration_reprompt": LEAVE_ASPIRATION_REPROMPT.typed,
    "finish_aspiration_first": {
        "id": "Anda sedang menulis aspirasi. Selesaikan dulu, atau ketik *batal* untuk membatalkannya.",
        "en": "You are writing an idea. Finish it first, or type *cancel* to drop it.",
    },
    "sticker_for_idea": {
        "id": "Stiker tidak bisa disertakan pada aspirasi. Kirim foto, gambar atau dokumen PDF.",
        "en": "Stickers cannot go with an idea. Send a photo, a picture or a PDF document.",
    },
    "odd_media_for_idea": {
        "id": "Maaf, berkas jenis {content_type} tidak bisa kami terima. Kirim foto (JPG/PNG), video (MP4) atau "
              "dokumen (PDF/Office).",
        "en": "Sorry, we cannot take a file of type {content_type}. Send a photo (JPG/PNG), a video (MP4) or a "
              "document (PDF/Office).",
    },
    "aspiration_dropped": {
        "id": "Aspirasi dibatalkan. Ketik *aspirasi* untuk menulis yang baru.",
        "en": "Idea dropped. Type *idea* to write a new one.",
    },
    "aspiration_expired": {
        "id": "Aspirasi Anda yang belum selesai sudah kedaluwarsa (lebih dari sehari tanpa balasan) dan "
              "dihapus. Silakan mulai lagi kapan saja dengan *aspirasi*.",
        "en": "Your unfinished idea expired (no reply for over a day) and was dropped. You can start again "
              "at any time with *idea*.",
    },
    "aspiration_not_found": {
        "id": "Aspirasi {ref} tidak ditemukan di antara aspirasi Anda.",
        "en": "Idea {ref} was not found among your ideas.",
    },
    "aspiration_status": {
        "id": "Aspirasi *{ref}* “{title}” ({theme}, {place}): *{status}*, {count} dukungan.{note}",
        "en": "Idea *{ref}* “{title}” ({theme}, {place}): *{status}*, {count} supports.{note}",
    },
    "aspiration_status_note": {"id": "\nCatatan: {note}", "en": "\nNote: {note}"},
    "aspiration_status.pending": {"id": "menunggu dibaca petugas", "en": "waiting for staff to read it"},
    "aspiration_status.published": {"id": "terbit, terbuka untuk dukungan", "en": "published, open to supports"},
    "aspiration_status.declined": {"id": "tidak diterbitkan", "en": "not published"},
    "aspiration_status.forwarded": {"id": "diteruskan ke dinas, menunggu jawaban", "en": "with the office, awaiting its answer"},
    "aspiration_status.in_discussion": {"id": "sedang dibahas", "en": "in discussion"},
    "aspiration_status.accepted": {"id": "diterima dalam rencana", "en": "accepted into a plan"},
    "aspiration_status.turned_down": {"id": "tidak dapat dilaksanakan", "en": "turned down"},
    "aspiration_forwarded": {
        "id": "Aspirasi Anda *{ref}* “{title}” didukung {count} warga dan kini diteruskan ke {office}, yang wajib "
              "menjawab {due}. Semua pendukung akan diberi tahu jawabannya.",
        "en": "Your idea *{ref}* “{title}” is supported by {count} residents and now goes to {office}, which must "
              "answer {due}. Every supporter will hear the answer.",
    },
    "aspiration_answered": {
        "id": "💡 Kabar dari {office} tentang {whose} *{ref}* “{title}”: *{outcome}*.\nCatatan: {note}",
        "en": "💡 News from {office} about {whose} *{ref}* “{title}”: *{outcome}*.\nNote: {note}",
    },
    "aspiration_forum": {
        "id": "🏛️ Hasil {forum} untuk {whose} *{ref}* “{title}”:\n{note}",
        "en": "🏛️ What the {forum} made of {whose} *{ref}* “{title}”:\n{note}",
    },
    "forum_name.kelurahan": {"id": "Musrenbang Kelurahan {name}", "en": "Kelurahan {name} planning forum (musrenbang)"},
    "forum_name.kecamatan": {"id": "Forum Komunikasi Publik Kecamatan {name}",
                             "en": "Kecamatan {name} public forum (Forum Komunikasi Publik)"},
    "whose.author": {"id": "aspirasi Anda", "en": "your idea"},
    "whose.supporter": {"id": "aspirasi yang Anda dukung", "en": "the idea you support"},
    # What its author is told (the ``aspiration_update`` template carries it outside the window).
    "aspiration_published": {
        "id": "Aspirasi Anda *{ref}* “{title}” sudah diterbitkan. Warga lain kini bisa membaca dan mendukungnya.",
        "en": "Your idea *{ref}* “{title}” is published. Other residents can now read and support it.",
    },
    "aspiration_declined": {
        "id": "Aspirasi Anda *{ref}* “{title}” tidak diterbitkan. Alasan dari petugas: {reason}",
        "en": "Your idea *{ref}* “{title}” was not published. The staff's reason: {reason}",
    },
    # Browsing and supporting ideas (``usulan``, ``dukung ASP-00012``).
    "ask_home_area": {
        "id": "Usulan warga di kelurahan mana yang ingin Anda lihat? Balas dengan nomornya atau ketik nama "
              "kelurahan Anda:\n{choices_text}\n\nBalas *0* untuk usulan seluruh kota.",
        "en": "Ideas of which kelurahan would you like to see? Reply with its number or type your kelurahan's "
              "name:\n{choices_text}\n\nReply *0* for ideas for the whole city.",
    },
    "home_area_unknown": {
        "id": "Maaf, kelurahan itu tidak kami kenal.",
        "en": "Sorry, we do not know that kelurahan.",
    },
    "ideas_list": {
        "id": "💡 *Usulan warga* untuk {where}, yang paling banyak didukung:\n{lines}{more}\n\nBalas dengan "
              "angka untuk membaca dan mendukungnya, atau ketik *dukung {example}*.",
        "en": "💡 *Residents' ideas* for {where}, the most supported first:\n{lines}{more}\n\nReply with a "
              "number to read and support one, or type *support {example}*.",
    },
    "ideas_more": {"id": "\n(ketik *lainnya* untuk usulan berikutnya)", "en": "\n(type *more* for the next ones)"},
    "ideas_more_row": {"id": "Lainnya…|Usulan berikutnya", "en": "More…|The next ideas"},
    "supports_count": {"id": "{count} dukungan", "en": "{count} supports"},
    "no_ideas_here": {
        "id": "Belum ada usulan warga yang terbit untuk {where}. Ketik *aspirasi* untuk mengirim yang pertama.",
        "en": "No residents' ideas are published for {where} yet. Type *idea* to send the first one.",
    },
    "ideas_list_reprompt": {
        "id": "Balas angka 1–{count} untuk membaca usulan, *lainnya* untuk usulan berikutnya, atau *menu*.",
        "en": "Reply 1–{count} to read an idea, *more* for the next ones, or *menu*.",
    },
    "idea_shown": IDEA_SHOWN.typed,
    "idea_shown_reprompt": {
        "id": "Balas *dukung* untuk mendukung usulan ini, *lainnya* untuk kembali ke daftar, atau *menu*.",
        "en": "Reply *support* to support this idea, *more* for the list again, or *menu*.",
    },
    "support_added": {
        "id": "Terima kasih! Dukungan Anda untuk *{ref}* “{title}” tercatat: kini *{count}* dukungan. Ketik "
              "*batal dukung {ref}* bila Anda berubah pikiran.",
        "en": "Thank you! Your support for *{ref}* “{title}” is recorded: *{count}* supports now. Type "
              "*batal dukung {ref}* if you change your mind.",
    },
    "support_already": {
        "id": "Anda sudah mendukung *{ref}* ({count} dukungan). Satu nomor, satu dukungan.",
        "en": "You support *{ref}* already ({count} supports). One number, one support.",
    },
    "support_withdrawn": {
        "id": "Dukungan Anda untuk *{ref}* dibatalkan; kini {count} dukungan.",
        "en": "Your support for *{ref}* is withdrawn; {count} supports now.",
    },
    "support_not_supporting": {
        "id": "Anda belum mendukung *{ref}*: tidak ada yang dibatalkan.",
        "en": "You do not support *{ref}*: nothing to withdraw.",
    },
    "support_own": {
        "id": "*{ref}* adalah aspirasi Anda sendiri; dukungan datang dari warga lain ({count} sejauh ini).",
        "en": "*{ref}* is your own idea; supports come from other residents ({count} so far).",
    },
    "support_not_open": {
        "id": "*{ref}* tidak terbuka untuk dukungan.",
        "en": "*{ref}* is not open to supports.",
    },
    "support_case_ref": {
        "id": "Yang bisa didukung hanya aspirasi warga (mis. *dukung {example}*); {ref} bukan aspirasi.",
        "en": "Only residents' ideas can be supported (e.g. *support {example}*); {ref} is not one.",
    },
    # The same news in the template's words, after its ref and title.
    "aspiration_news.published": {
        "id": "Sudah diterbitkan; warga lain kini bisa membaca dan mendukungnya.",
        "en": "It is published; other residents can now read and support it.",
    },
    "aspiration_news.forwarded": {
        "id": "Didukung {count} warga; diteruskan ke {office}, yang wajib menjawab {due}.",
        "en": "Supported by {count} residents; it goes to {office}, which must answer {due}.",
    },
    "aspiration_news.answered": {
        "id": "{office}: *{outcome}*. Catatan: {note}",
        "en": "{office}: *{outcome}*. Note: {note}",
    },
    "aspiration_news.forum": {
        "id": "Hasil {forum}: {note}",
        "en": "What the {forum} made of it: {note}",
    },
    "aspiration_news.declined": {
        "id": "Tidak diterbitkan. Alasan dari petugas: {reason}",
        "en": "It was not published. The staff's reason: {reason}",
    },
    # Put where personal data was in a published text.
    "mask.phone": {"id": "[nomor disamarkan]", "en": "[nomor disamarkan]"},
    "mask.email": {"id": "[e-mail disamarkan]", "en": "[e-mail disamarkan]"},
    "mask.nik": {"id": "[NIK disamarkan]", "en": "[NIK disamarkan]"},
}
