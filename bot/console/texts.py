"""Every word of the admin console, in Indonesian and English; templates call ``_("key")``. Also
how long ago ("3 hari"), codes such as ``in_progress`` in words, and WhatsApp's *bold* and _italic_,
as the console's templates show them (the filters at the end)."""
from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from markupsafe import Markup, escape

from handlers.deadlines import due_words
from models import CaseStatus, MediaStatus, MessageStatus, as_utc, utcnow

from . import bp, city_timezone

TEXTS: dict[str, tuple[str, str]] = {
    # key: (Indonesian, English)
    "title": ("Konsol Lapor Wali Kota", "Mayor's Report console"),
    "sign_in": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "email": ("Email", "Email"),
    "password": ("Kata sandi", "Password"),
    "bad_login": ("Email atau kata sandi salah.", "Wrong email or password."),
    "too_many_attempts": ("Terlalu banyak percobaan. Coba lagi dalam {minutes} menit.",
                          "Too many attempts. Try again in {minutes} minutes."),
    "form_expired": ("Formulir kedaluwarsa; silakan kirim ulang.", "The form expired; please submit it again."),
    "form_incomplete": ("Isian kosong atau terlalu panjang.", "Something is empty or too long."),
    "cases": ("Laporan", "Cases"),
    "overview": ("Ringkasan", "Overview"),
    "map": ("Peta", "Map"),
    # aspirations (bot/console/aspirations.py)
    "aspirations": ("Aspirasi", "Ideas"),
    "aspiration_status.pending": ("Menunggu moderasi", "Waiting for moderation"),
    "aspiration_status.published": ("Terbit", "Published"),
    "aspiration_status.declined": ("Tidak diterbitkan", "Declined"),
    "aspiration_status.forwarded": ("Menunggu jawaban dinas", "Awaiting the office's answer"),
    "aspiration_status.in_discussion": ("Sedang dibahas", "In discussion"),
    "aspiration_status.accepted": ("Diterima dalam rencana", "Accepted into a plan"),
    "aspiration_status.turned_down": ("Tidak dapat dilaksanakan", "Turned down"),
    "aspiration_event.forwarded": ("dukungan mencapai ambang; diteruskan ke dinas",
                                   "supports reached the threshold; sent to the office"),
    "aspiration_event.in_discussion": ("dijawab: sedang dibahas", "answered: in discussion"),
    "aspiration_event.accepted": ("dijawab: diterima dalam rencana", "answered: accepted into a plan"),
    "aspiration_event.turned_down": ("dijawab: tidak dapat dilaksanakan", "answered: turned down"),
    "aspiration_event.reminder_answer": ("pengingat ke petugas: belum dijawab", "officials reminded: not answered"),
    "aspiration_event.head_answer": ("pimpinan unit diberi tahu: belum dijawab", "head of office told: not answered"),
    "aspiration_event.mayor_answer": ("eskalasi ke Kantor Wali Kota", "escalated to the mayor's office"),
    "forum": ("Forum", "Forum"),
    "forum.show": ("Tampilkan", "Show"),
    "forum.print": ("Cetak", "Print"),
    "forum.hint": ("Agenda forum berikutnya: aspirasi warga terbuka untuk {area} (juga untuk kecamatannya atau "
                   "kelurahan di dalamnya, dan untuk seluruh kota), yang paling banyak didukung lebih dulu.",
                   "The agenda of the next forum: residents' open ideas for {area} (and for its kecamatan or its "
                   "kelurahan, and the whole city's), the most supported first."),
    "forum.empty": ("Belum ada aspirasi terbuka untuk wilayah ini.", "No open ideas for this area yet."),
    "forum.record": ("Catat hasil forum", "Record the forum's outcome"),
    "forum.outcome": ("Hasil forum (dikirim ke penulis dan semua pendukung)",
                      "The forum's outcome (sent to the author and every supporter)"),
    "forum.recorded": ("Tercatat; penulis dan pendukung diberi tahu.", "Recorded; the author and supporters are told."),
    "forum.rank": ("Urutan", "Rank"),
    "aspiration_event.forum": ("hasil forum", "forum outcome"),
    "aspiration.answer": ("Jawaban dinas", "The office's answer"),
    "aspiration.answer_note": ("Catatan (dikirim ke penulis dan semua pendukung)",
                               "Note (sent to the author and every supporter)"),
    "aspiration.answered": ("Terkirim ke penulis dan semua pendukung.", "Sent to the author and every supporter."),
    "aspiration.note_required": ("Tulis catatannya (minimal 5 huruf): penulis dan pendukung membacanya.",
                                 "Write the note (at least 5 characters): the author and supporters read it."),
    "aspiration.not_answerable": ("Jawaban itu tidak bisa diberikan pada tahap ini.",
                                  "That answer cannot be given at this stage."),
    "aspiration.late": ("belum dijawab lewat tenggat", "not answered by the deadline"),
    "aspiration.already_recorded": ("Hasil forum itu sudah tercatat; tidak dikirim lagi.",
                                    "That outcome is recorded already; it was not sent again."),
    "aspiration.threshold": ("ambang", "threshold"),
    "aspiration_event.created": ("dikirim warga", "sent by the resident"),
    "aspiration_event.published": ("diterbitkan", "published"),
    "aspiration_event.declined": ("tidak diterbitkan", "declined"),
    "aspiration.queue_hint": ("Aspirasi baru menunggu di sini sampai staf dinas yang menjawab (atau admin) "
                              "menerbitkan atau menolaknya. Nomor HP, e-mail dan NIK sudah disamarkan.",
                              "New ideas wait here until staff of the answering office (or an admin) publish or "
                              "decline them. Phone numbers, e-mail addresses and NIK are masked already."),
    "aspiration.none": ("Tidak ada aspirasi di sini.", "No ideas here."),
    "aspiration.title": ("Judul", "Title"),
    "aspiration.idea": ("Usulan", "Idea"),
    "aspiration.theme": ("Tema", "Theme"),
    "aspiration.pictures": ("Gambar", "Pictures"),
    "aspiration.no_pictures": ("Tanpa gambar.", "No pictures."),
    "aspiration.masked": ("{count} data pribadi disamarkan", "{count} personal details masked"),
    "aspiration.masked_hint": ("{count} data pribadi (nomor HP, e-mail atau NIK) disamarkan sebelum Anda "
                               "membacanya; teks aslinya hanya ada di percakapan warga.",
                               "{count} personal details (phone numbers, e-mail addresses or NIK) were masked "
                               "before you read it; the original is in the resident's conversation only."),
    "aspiration.author": ("Pengirim", "Author"),
    "aspiration.supports": ("Dukungan", "Supports"),
    "aspiration.moderated": ("Dimoderasi", "Moderated"),
    "aspiration.publish": ("Terbitkan", "Publish"),
    "aspiration.decline": ("Tolak", "Decline"),
    "aspiration.reason": ("Alasan (dikirim ke warga)", "Reason (sent to the resident)"),
    "aspiration.reason_required": ("Tulis alasannya (minimal 5 huruf): warga membacanya.",
                                   "Write the reason (at least 5 characters): the resident reads it."),
    "aspiration.already_moderated": ("Aspirasi ini sudah dimoderasi.", "This idea was moderated already."),
    "aspiration.published": ("Diterbitkan; warga pengirim diberi tahu.", "Published; its author is told."),
    "aspiration.declined": ("Ditolak; warga pengirim diberi tahu alasannya.", "Declined; its author is told why."),
    # participatory budgeting (bot/console/rounds.py)
    "budget": ("Anggaran", "Budget"),
    "round.rounds": ("Anggaran partisipatif", "Participatory budgeting"),
    "round.intro": ("Setiap putaran punya anggaran untuk seluruh kota atau satu kecamatan. Warga mengusulkan "
                    "aspirasi, staf dinas menjadikan yang layak proyek dengan biayanya, lalu warga memilih lewat "
                    "WhatsApp (mereka mengetik \"pilih\").",
                    "Each round has a budget for the whole city or one kecamatan. Residents share ideas, staff of "
                    "the answering office make the feasible ones projects with their cost, then residents vote on "
                    "WhatsApp (they type \"vote\")."),
    "round.none": ("Belum ada putaran anggaran partisipatif.", "No participatory budgeting round yet."),
    "round.name": ("Nama putaran", "The round's name"),
    "round.name_hint": ("mis. Anggaran Partisipatif Oebobo 2027", "e.g. Anggaran Partisipatif Oebobo 2027"),
    "round.city": ("Seluruh kota", "The whole city"),
    "round.budget": ("Anggaran (rupiah)", "Budget (rupiah)"),
    "round.phase": ("Tahap", "Phase"),
    "round_phase.upcoming": ("Belum dimulai", "Not started"),
    "round_phase.proposals": ("Pengusulan", "Proposals"),
    "round_phase.review": ("Penilaian usulan", "Review"),
    "round_phase.voting": ("Pemungutan suara", "Voting"),
    "round_phase.results": ("Hasil", "Results"),
    "round_starts.proposals": ("Pengusulan mulai", "Proposals from"),
    "round_starts.review": ("Penilaian mulai", "Review from"),
    "round_starts.voting": ("Pemungutan suara mulai", "Voting from"),
    "round_starts.results": ("Hasil diumumkan", "Results on"),
    "round.closes": ("Pemungutan suara ditutup", "Voting closes"),
    "round.projects": ("Proyek", "Projects"),
    "round.ballots": ("Surat suara", "Ballots"),
    "round.create": ("Buat putaran baru", "Create a round"),
    "round.dates_hint": ("Setiap tahap mulai pukul 00.00 waktu kota pada tanggalnya. Pemungutan suara ditutup "
                         "pukul 23.59 sehari sebelum tanggal hasil; lalu suara dihitung sekali.",
                         "Each phase starts at 00:00 city time on its date. Voting closes at 23:59 the day before "
                         "the results' date; then the votes are counted once."),
    "round.created": ("Putaran dibuat.", "The round is created."),
    "round.form_invalid": ("Isi nama, anggaran (angka rupiah, mis. 500.000.000) dan keempat tanggal.",
                           "Fill in the name, the budget (rupiah in figures, e.g. 500.000.000) and all four dates."),
    "round.no_such_area": ("Wilayah itu tidak ada.", "There is no such area."),
    "round.code": ("Kode", "Code"),
    "round.project_title": ("Judul proyek", "Project title"),
    "round.project_title_hint": ("Judul proyek (dibaca warga di surat suara)",
                                 "The project's title (residents read it on the ballot)"),
    "round.from_aspiration": ("Dari aspirasi", "From the idea"),
    "round.cost": ("Biaya", "Cost"),
    "round.cost_rupiah": ("Biaya (rupiah)", "Cost (rupiah)"),
    "round.no_projects": ("Belum ada proyek.", "No projects yet."),
    "round.remove": ("Hapus", "Remove"),
    "round.candidates": ("Aspirasi yang dapat dijadikan proyek", "Ideas that can become projects"),
    "round.candidates_hint": ("Aspirasi terbuka di wilayah putaran ini, yang paling banyak didukung lebih dulu. "
                              "Staf dinas yang menjawab aspirasi (atau admin) menjadikannya proyek dengan biayanya; "
                              "proyek dapat ditambah atau dihapus sampai pemungutan suara dimulai {day}.",
                              "Open ideas in this round's area, the most supported first. Staff of the office that "
                              "answers an idea (or an admin) make it a project with its cost; projects can be added "
                              "or removed until voting starts {day}."),
    "round.no_candidates": ("Tidak ada aspirasi terbuka lagi untuk wilayah ini.", "No open ideas left for this area."),
    "round.make_project": ("Jadikan proyek", "Make it a project"),
    "round.project_form_invalid": ("Isi biaya dalam rupiah (angka, mis. 150.000.000); judul paling panjang 200 huruf.",
                                   "Fill in the cost in rupiah (figures, e.g. 150.000.000); a title has at most 200 "
                                   "characters."),
    "round.project_added": ("Proyek {code} ditambahkan.", "Project {code} added."),
    "round.project_removed": ("Proyek {code} dihapus.", "Project {code} removed."),
    "round.voting_now": ("{count} surat suara masuk sejauh ini. Hasilnya dihitung setelah pemungutan suara ditutup "
                         "{closes}.",
                         "{count} ballots so far. The result is counted once voting closes {closes}."),
    "round.counting": ("Pemungutan suara sudah ditutup; worker sedang menghitung suara. Muat ulang halaman ini "
                       "sebentar lagi.",
                       "Voting has closed; the worker is counting the votes. Reload this page in a moment."),
    "round.results": ("Hasil", "Results"),
    "round.tallied": ("Dihitung {at}; {ballots} surat suara.", "Counted {at}; {ballots} ballots."),
    "round.rank": ("Peringkat", "Rank"),
    "round.votes": ("Suara", "Votes"),
    "round.funded": ("Didanai", "Funded"),
    "round.funded_yes": ("ya", "yes"),
    "round.funded_no": ("tidak", "no"),
    "round.total_funded": ("Didanai {funded} dari anggaran {budget} (sisa {left}).",
                           "{funded} funded of the {budget} budget ({left} left)."),
    "round.rule": ("Aturan: suara terbanyak lebih dulu; bila sama, biaya yang lebih rendah lebih dulu; menurut "
                   "urutan itu, setiap proyek yang masih tercakup sisa anggaran didanai (proyek tanpa suara tidak).",
                   "The rule: most votes first; a tie goes to the lower cost; going down the ranking, each project "
                   "the remaining budget still covers is funded (a project without votes is not)."),
    "round.ballots_csv": ("Unduh surat suara (CSV)", "Download the ballots (CSV)"),
    "round.ballots_csv_hint": ("Satu baris per surat suara, dengan kodenya (tanpa nomor HP) dan angka 1 di kolom "
                               "setiap proyek yang dipilih: jumlah setiap kolom proyek sama dengan suaranya, "
                               "sehingga siapa pun dapat menghitung ulang.",
                               "One row per ballot, with its code (never a phone number) and a 1 in the column of "
                               "each project it picked: each project column's sum is its votes, so anyone can "
                               "repeat the count."),
    # What create_round, add_project and remove_project refuse (handlers/budgeting.py's RoundError
    # keys); ``flask rounds create`` says the English ones.
    "round_error.round_needs_name": ("Putaran perlu nama.", "The round needs a name."),
    "round_error.round_needs_budget": ("Anggaran harus lebih dari nol.", "The budget must be more than zero."),
    "round_error.round_area_kecamatan": ("Wilayah putaran adalah seluruh kota atau satu kecamatan, bukan {area}.",
                                         "A round's area is the whole city or a kecamatan, not {area}."),
    "round_error.round_dates_in_order": ("Tanggal harus berurutan: pengusulan < penilaian < pemungutan suara < hasil.",
                                         "The dates must follow each other: proposals < review < voting < results."),
    "round_error.projects_fixed": ("Pemungutan suara sudah dimulai: proyek tidak dapat lagi ditambah atau dihapus.",
                                   "Voting has started: projects can no longer be added or removed."),
    "round_error.project_needs_title": ("Proyek perlu judul.", "The project needs a title."),
    "round_error.project_cost": ("Biaya harus lebih dari nol dan paling banyak sebesar anggaran, {budget}.",
                                 "The cost must be more than zero and at most the budget, {budget}."),
    "round_error.project_not_feasible": ("{ref} tidak dapat dijadikan proyek: aspirasi itu belum terbit atau "
                                         "ditolak dinasnya.",
                                         "{ref} cannot become a project: it is not published, or its office turned "
                                         "it down."),
    "round_error.round_dates_range": ("Tanggal putaran harus di antara tahun {first} dan {last}.",
                                      "A round's dates must be between the years {first} and {last}."),
    "round_error.project_elsewhere": ("{ref} bukan aspirasi wilayah putaran ini.",
                                      "{ref} is not an idea of this round's area."),
    "round_error.project_taken": ("Aspirasi itu sudah menjadi proyek di putaran ini.",
                                  "That idea is a project of this round already."),
    # news to subscribers (bot/console/broadcasts.py)
    "broadcasts": ("Kabar", "News"),
    "broadcast.broadcasts": ("Kabar untuk pelanggan", "News to subscribers"),
    "broadcast.intro": ("Kabar hanya dikirim ke warga yang mengetik *langganan* (dan belum mengetik *berhenti "
                        "langganan* atau *berhenti*), paling banyak {rate} pesan per detik: TWILIO_SENDER_MPS "
                        "({mps}) dikurangi sepersepuluh, yang disisakan untuk menjawab warga. Di luar jendela 24 jam "
                        "seorang warga, WhatsApp menagih setiap pesan sebagai pesan marketing.",
                        "News goes only to residents who typed *langganan* (or *subscribe*, and have not typed "
                        "*berhenti langganan* or *berhenti* since), at most {rate} messages a second: "
                        "TWILIO_SENDER_MPS ({mps}) less a tenth, kept for answering residents. Outside a resident's "
                        "24-hour window, WhatsApp charges each one as a marketing message."),
    "broadcast.compose": ("Kabar baru", "A new broadcast"),
    #: The area choice: a city's broadcast reaches every subscriber, the kelurahan's ones too.
    "broadcast.city": ("Seluruh kota (semua pelanggan)", "The whole city (every subscriber)"),
    "broadcast.whole_city": ("Seluruh kota", "The whole city"),
    "broadcast.audience": ("{area}: {count} pelanggan aktif saat ini.", "{area}: {count} active subscribers now."),
    "broadcast.text": ("Teks ({low}–{high} huruf)", "Text ({low}–{high} characters)"),
    "broadcast.text_hint": ("Warga membacanya di bawah judul *Kabar untuk warga* dan wilayahnya, diakhiri cara "
                            "berhenti berlangganan. *Tebal*, _miring_ dan ~coret~ seperti di WhatsApp.",
                            "Residents read it under the heading *News for residents of* and the area, followed by "
                            "how to unsubscribe. *Bold*, _italic_ and ~strike~ as in WhatsApp."),
    "broadcast.round": ("Umumkan putaran anggaran", "Announce a budget round"),
    "broadcast.round_hint": ("Hanya putaran yang sedang pemungutan suara: pesannya menawarkan *Pilih*, yang membuka "
                             "surat suara.",
                             "Only rounds in their voting: the message offers *Vote*, which opens the ballot."),
    "broadcast.send": ("Kirim kabar", "Send the news"),
    "broadcast.queued": ("Kabar masuk antrean kirim: akan sampai ke {count} pelanggan.",
                         "The news is queued: it will reach {count} subscribers."),
    "broadcast.sent_news": ("Kabar yang dikirim", "News sent"),
    "broadcast.none": ("Belum ada kabar yang dikirim.", "No news sent yet."),
    "broadcast.one": ("Kabar #{id}", "News #{id}"),
    "broadcast.news": ("Kabar", "News"),
    "broadcast.by": ("Oleh", "By"),
    "broadcast.round_of": ("Putaran", "Round"),
    "broadcast.body": ("Teks", "Text"),
    "broadcast.finished_at": ("Selesai", "Finished"),
    "broadcast.finished": ("selesai {at}", "finished {at}"),
    "broadcast.sending": ("sedang dikirim…", "sending…"),
    "broadcast.figures": ("Angka pengiriman", "Sending figures"),
    "broadcast.recipients": ("Penerima", "Recipients"),
    "broadcast.sent": ("Terkirim", "Sent"),
    "broadcast.delivered": ("Sampai", "Delivered"),
    "broadcast.failed": ("Gagal", "Failed"),
    "broadcast.opted_out": ("Berhenti langganan", "Opted out"),
    "broadcast.waiting": ("Menunggu", "Waiting"),
    "broadcast.figures_hint": ("Penerima: pelanggan yang sudah dibuatkan pesannya. Terkirim: diserahkan ke WhatsApp. "
                               "Sampai: tiba di ponsel warga. Berhenti langganan: warga yang berhenti sebelum "
                               "gilirannya tiba, atau sesudah kabar ini. Menunggu: belum dikirim (mis. template "
                               "belum disetujui).",
                               "Recipients: subscribers whose message has been made. Sent: handed to WhatsApp. "
                               "Delivered: reached the resident's phone. Opted out: residents who stopped before "
                               "their turn came, or after this news. Waiting: not sent yet (e.g. its template is not "
                               "approved yet)."),
    # What create_broadcast refuses (handlers/broadcasts.py's BroadcastError keys), and what the
    # console refuses the same way: a choice the form no longer offers.
    "broadcast_error.broadcast_length": ("Teks kabar harus {low} sampai {high} huruf.",
                                         "The text must be {low} to {high} characters long."),
    "broadcast_error.round_not_voting": ("{round} tidak sedang dalam pemungutan suara: sebuah putaran hanya "
                                         "diumumkan selama pemungutan suaranya.",
                                         "{round} is not in its voting: a round is announced only while it votes."),
    "broadcast_error.no_such_area": ("Wilayah itu tidak ada.", "There is no such area."),
    "broadcast_error.round_elsewhere": ("{round} hanya dipilih warga kecamatannya: umumkan ke kecamatan itu atau "
                                        "salah satu kelurahannya.",
                                        "Only residents of its kecamatan vote in {round}: announce it to that "
                                        "kecamatan or one of its kelurahan."),
    "broadcast_error.broadcast_repeated": ("Kabar yang sama ke wilayah yang sama baru saja dikirim (dalam {minutes} "
                                           "menit terakhir); tidak dikirim dua kali.",
                                           "The same news went to the same area in the last {minutes} minutes; it is "
                                           "not sent twice."),
    "broadcast_error.no_such_round": ("Putaran itu tidak ada.", "There is no such round."),
    # the map (bot/console/map.py)
    "map.map": ("Peta laporan terbuka", "Map of open cases"),
    "map.list_link": ("Lihat sebagai daftar", "See as a list"),
    "map.geojson": ("Unduh GeoJSON", "Download GeoJSON"),
    "map.open_only": ("Peta hanya menampilkan laporan yang masih terbuka (diterima atau sedang diproses).",
                      "The map shows open cases only (received or in progress)."),
    "map.on_map": ("{count} laporan di peta", "{count} cases on the map"),
    "map.on_map_one": ("1 laporan di peta", "1 case on the map"),
    "map.unpinned": ("{count} laporan terbuka tidak punya titik lokasi (alamat diketik): lihat daftar.",
                    "{count} open cases have no pin (a typed address): see the list."),
    "map.unpinned_one": ("1 laporan terbuka tidak punya titik lokasi (alamat diketik): lihat daftar.",
                        "1 open case has no pin (a typed address): see the list."),
    "map.legend": ("Keterangan", "Legend"),
    "map.older_than": ("lebih dari {days} hari", "older than {days} days"),
    f"map.marker.{CaseStatus.OPEN}": ("diterima", "received"),
    f"map.marker.{CaseStatus.IN_PROGRESS}": ("sedang diproses", "in progress"),
    "map.marker.late": ("terlambat (lewat tenggat)", "late (past a deadline)"),
    "map.boundary": ("batas wilayah", "area boundary"),
    "map.tiles_failed": ("Peta dasar tidak dapat dimuat; laporan dan batas wilayah tetap tampil.",
                         "The background map could not be loaded; cases and boundaries still show."),
    "map.no_script": ("Peta ini memerlukan JavaScript. Daftar laporan tetap bisa dipakai tanpa JavaScript.",
                      "This map needs JavaScript. The list of cases works without it."),
    "map.days": ("{count} hari", "{count} days"),
    "map.today": ("hari ini", "today"),
    "map.open_case": ("Buka laporan", "Open the case"),
    "on_the_map": ("Lihat di peta", "See on the map"),
    "language": ("English", "Bahasa Indonesia"),
    "all": ("Semua", "All"),
    "status": ("Status", "Status"),
    "category": ("Kategori", "Category"),
    "department": ("Dinas", "Department"),
    "from": ("Dari", "From"),
    "to": ("Sampai", "To"),
    "search": ("Cari", "Search"),
    "search_hint": ("nomor laporan, nomor HP atau kata", "reference, phone number or words"),
    "search_hint_staff": ("nomor laporan atau kata", "reference or words"),
    "filter": ("Saring", "Filter"),
    "export_csv": ("Unduh CSV", "Download CSV"),
    "reference": ("Nomor", "Reference"),
    "place": ("Lokasi", "Place"),
    "area": ("Wilayah", "Area"),
    "due": ("Tenggat", "Due"),
    "late.first_answer": ("belum dijawab", "not answered"),
    "late.resolve": ("belum selesai", "not resolved"),
    "late": ("terlambat", "late"),
    "first_answer_due": ("Tenggat jawaban pertama", "First answer due"),
    "resolve_due": ("Tenggat penyelesaian", "Resolution due"),
    "first_answer_due_date": ("Tanggal tenggat jawaban pertama", "First answer due date"),
    "resolve_due_date": ("Tanggal tenggat penyelesaian", "Resolution due date"),
    "age": ("Umur", "Age"),
    "answered": ("Dijawab", "Answered"),
    "yes": ("ya", "yes"),
    "no": ("belum", "not yet"),
    "no_cases": ("Tidak ada laporan yang cocok.", "No cases match."),
    "no_cases_yet": ("Belum ada laporan.", "No cases yet."),
    "clear_filters": ("Hapus saringan", "Clear the filters"),
    "newer": ("← Lebih baru", "← Newer"),
    "older": ("Lebih lama →", "Older →"),
    "resident": ("Pelapor", "Resident"),
    "description": ("Deskripsi", "Description"),
    "location": ("Lokasi", "Location"),
    "open_map": ("buka peta", "open map"),
    "evidence": ("Bukti", "Evidence"),
    "no_evidence": ("Tidak ada bukti.", "No evidence."),
    "no_messages": ("Belum ada pesan.", "No messages yet."),
    "open_full_size": ("Buka ukuran penuh di tab baru", "Open full size in a new tab"),
    "media.photo": ("Foto", "Photo"),
    "media.video": ("Video", "Video"),
    "media.audio": ("Rekaman suara", "Voice recording"),
    "media.document": ("Dokumen", "Document"),
    f"media_status.{MediaStatus.PENDING}": ("sedang diunduh", "downloading"),
    f"media_status.{MediaStatus.HELD}": ("disisihkan, belum diunduh", "set aside, not downloaded"),
    f"media_status.{MediaStatus.REJECTED}": ("ditolak", "refused"),
    f"media_status.{MediaStatus.FAILED}": ("gagal diunduh", "could not be downloaded"),
    "details": ("Rincian", "Details"),
    "on_this_page": ("Di halaman ini", "On this page"),
    "jump_to_newest": ("↓ Pesan terbaru", "↓ Newest message"),
    "action.reply": ("Balas pelapor", "Reply to the resident"),
    "action.reassign": ("Alihkan ke dinas lain", "Reassign"),
    "action.note": ("Catatan internal", "Internal note"),
    "created": ("Dibuat", "Created"),
    "forwarded": ("Diteruskan", "Forwarded"),
    "first_answer": ("Jawaban pertama", "First answer"),
    "timeline": ("Riwayat", "Timeline"),
    "transcript": ("Percakapan", "Transcript"),
    "bot": ("Bot", "Bot"),
    "official": ("Petugas", "Official"),
    "actions": ("Tindakan", "Actions"),
    "change_status": ("Ubah status", "Change status"),
    "note": ("Catatan", "Note"),
    "note_for_resident": ("Catatan (dikirim ke pelapor)", "Note (sent to the resident)"),
    "reassign": ("Alihkan ke dinas lain", "Reassign to another department"),
    "reply_to_resident": ("Balas pelapor sebagai Kantor Wali Kota", "Reply to the resident as the mayor's office"),
    "internal_note": ("Catatan internal (tidak dikirim ke warga)", "Internal note (never sent to the resident)"),
    "send": ("Kirim", "Send"),
    "save": ("Simpan", "Save"),
    "queued": ("Tersimpan; pesan masuk antrean kirim.", "Saved; the message is queued for sending."),
    "saved": ("Tersimpan.", "Saved."),
    "not_allowed": ("Tidak dapat dilakukan: {reason}", "Not possible: {reason}"),
    "messages": ("Pesan", "Messages"),
    "resident_cases": ("Laporan warga ini", "This resident's cases"),
    "resident_no_cases": ("Warga ini belum membuat laporan.", "This resident has filed no case."),
    "opted_out": ("berhenti berlangganan", "opted out"),
    "open_by_status": ("Laporan terbuka per status", "Open cases by status"),
    "open_by_category": ("Laporan terbuka per kategori", "Open cases by category"),
    "open_by_department": ("Laporan terbuka per dinas", "Open cases by department"),
    "oldest_unanswered": ("Laporan terlama yang belum dijawab", "Oldest unanswered cases"),
    "count": ("Jumlah", "Count"),
    "no_open_cases": ("Tidak ada laporan terbuka.", "No open cases."),
    "no_figures": ("Belum ada laporan dalam {days} hari terakhir.", "No cases in the last {days} days."),
    "none_unanswered": ("Semua laporan terbuka sudah dijawab.", "Every open case has had an answer."),
    "overview_empty": ("Belum ada angka: tidak ada laporan terbuka, dan tidak ada yang masuk dalam {days} hari terakhir.",
                       "No figures yet: no case is open, and none was filed in the last {days} days."),
    "none": ("—", "—"),
    "earlier_messages": ("Pesan sebelumnya", "Earlier messages"),
    f"status.{CaseStatus.OPEN}": ("diterima", "received"),
    f"status.{CaseStatus.IN_PROGRESS}": ("sedang diproses", "in progress"),
    f"status.{CaseStatus.RESOLVED}": ("selesai", "resolved"),
    f"status.{CaseStatus.DECLINED}": ("ditolak", "declined"),
    f"status.{CaseStatus.CLOSED}": ("ditutup", "closed"),
    # What became of a message the bot sent (Twilio's status, or the outbox's own before it).
    f"delivery_status.{MessageStatus.PENDING}": ("menunggu dikirim", "waiting to be sent"),
    f"delivery_status.{MessageStatus.SENDING}": ("sedang dikirim", "sending"),
    f"delivery_status.{MessageStatus.ACCEPTED}": ("diterima Twilio", "accepted by Twilio"),
    f"delivery_status.{MessageStatus.QUEUED}": ("dalam antrean Twilio", "queued at Twilio"),
    f"delivery_status.{MessageStatus.SENT}": ("terkirim", "sent"),
    f"delivery_status.{MessageStatus.DELIVERED}": ("sampai", "delivered"),
    f"delivery_status.{MessageStatus.READ}": ("dibaca", "read"),
    f"delivery_status.{MessageStatus.UNDELIVERED}": ("tidak sampai", "undelivered"),
    f"delivery_status.{MessageStatus.FAILED}": ("gagal", "failed"),
    f"delivery_status.{MessageStatus.SUPPRESSED}": ("tidak dikirim", "not sent"),
    f"delivery_status.{MessageStatus.HELD}": ("ditahan", "held"),
    f"delivery_status.{MessageStatus.WAITING_TEMPLATE}": ("menunggu template", "waiting for its template"),
    "failing_officials": ("Petugas yang nomor WhatsApp-nya terus gagal",
                          "Officials whose WhatsApp keeps failing"),
    "official": ("Petugas", "Official"),
    "last_error": ("Kesalahan terakhir", "Last error"),
    "since": ("Sejak", "Since"),
    "unreachable_resident": ("Nomor ini tidak bisa menerima pesan WhatsApp dari bot",
                             "This number cannot receive the bot's WhatsApp messages"),
    "template_sent": ("template", "template"),
    f"delivery.{MessageStatus.HELD}": ("ditahan sampai penerima membalas (jendela 24 jam)",
                                       "held until the recipient writes (24-hour window)"),
    f"delivery.{MessageStatus.WAITING_TEMPLATE}": ("menunggu persetujuan template WhatsApp",
                                                   "waiting for WhatsApp to approve its template"),
    "event.created": ("laporan dibuat", "case filed"),
    "event.forwarded": ("diteruskan ke", "forwarded to"),
    "event.status_changed": ("status diubah", "status changed"),
    "event.official_reply": ("petugas menjawab", "official answered"),
    "event.resident_reply": ("warga menjawab", "resident answered"),
    "event.admin_reply": ("Kantor Wali Kota menjawab", "mayor's office answered"),
    "event.internal_note": ("catatan internal", "internal note"),
    "event.reassigned": ("dialihkan", "reassigned"),
    "event.confirmed_fixed": ("warga menyatakan sudah beres", "resident confirmed it is fixed"),
    "event.reopened": ("warga menyatakan belum beres: dibuka kembali", "resident said not fixed: reopened"),
    "event.closed_unconfirmed": ("ditutup tanpa konfirmasi warga (7 hari)", "closed, not confirmed by the resident (7 days)"),
    "event.rated": ("warga memberi nilai", "resident rated the handling"),
    "event.reminder_first_answer": ("pengingat: belum dijawab", "reminder: not answered"),
    "event.head_first_answer": ("pimpinan unit diberi tahu: belum dijawab", "head of office told: not answered"),
    "event.mayor_first_answer": ("eskalasi ke Kantor Wali Kota: belum dijawab", "escalated to the mayor's office: not answered"),
    "event.reminder_resolve": ("pengingat: belum selesai", "reminder: not resolved"),
    "event.head_resolve": ("pimpinan unit diberi tahu: belum selesai", "head of office told: not resolved"),
    "event.mayor_resolve": ("eskalasi ke Kantor Wali Kota: belum selesai", "escalated to the mayor's office: not resolved"),
    "per_office": ("Per dinas / kantor", "Per department / office"),
    "per_area": ("Per wilayah", "Per area"),
    "figures_note": ("Terbuka, terlambat dan dieskalasi: saat ini. Selesai: dalam {days} hari terakhir. "
                     "Median, dibuka lagi dan penilaian: laporan yang masuk dalam {days} hari terakhir.",
                     "Open, late and escalated: right now. Resolved: in the last {days} days. "
                     "Medians, reopened and rating: cases filed in the last {days} days."),
    "col.office": ("Dinas / kantor", "Department / office"),
    "col.first_answer": ("Jawaban pertama (median)", "First answer (median)"),
    "col.answered": ("Dijawab", "Answered"),
    "col.resolve": ("Sampai selesai (median)", "To resolve (median)"),
    "col.open": ("Terbuka", "Open"),
    "col.late": ("Terlambat", "Late"),
    "col.escalated": ("Dieskalasi", "Escalated"),
    "col.resolved": ("Selesai", "Resolved"),
    "col.reopened": ("Dibuka lagi", "Reopened"),
    "col.rating": ("Penilaian", "Rating"),
    "no_area": ("tanpa wilayah", "no area"),
    "yesterday": ("Kemarin", "Yesterday"),
    "right_now": ("Saat ini", "Right now"),
    "new_cases": ("laporan baru", "new cases"),
    "resolved_cases": ("selesai", "resolved"),
    "open_cases": ("terbuka", "open"),
    "escalated_cases": ("dieskalasi ke Kantor Wali Kota", "escalated to the mayor's office"),
}

LANGUAGES = ("id", "en")


def text(key: str, language: str = "id", **values) -> str:
    indonesian, english = TEXTS[key]
    chosen = english if language == "en" else indonesian
    return chosen.format(**values) if values else chosen


def label(kind: str, code: str | None, language: str = "id") -> str:
    """A code the database holds (a case's ``in_progress``, a message's ``delivered``, an event's
    kind) in words; a code with no words yet shows as itself rather than failing the page."""
    key = f"{kind}.{code}"
    return text(key, language) if key in TEXTS else str(code or "")


#: The units of a duration, largest first: (seconds, Indonesian, English one, English many).
UNITS = ((86400, "hari", "day", "days"), (3600, "jam", "hour", "hours"), (60, "menit", "minute", "minutes"))


def duration(span: timedelta, language: str = "id") -> str:
    """``3 hari``, ``2 jam``, ``5 menit`` (``3 days`` …): the largest whole unit, short enough for a phone."""
    seconds = max(span.total_seconds(), 0)
    for size, indonesian, one, many in UNITS:
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {indonesian if language != 'en' else (one if count == 1 else many)}"
    return "< 1 menit" if language != "en" else "< 1 minute"


_MONOSPACE = re.compile(r"```(.+?)```", re.S)
#: WhatsApp's *bold*, _italic_ and ~strike~: a marker that opens after a space or punctuation and
#: before a non-space, closes after a non-space and before a space or punctuation, on one line.
_STYLES = [(re.compile(rf"(?<![\w{marker}]){marker}(?=\S)([^\n]*?\S){marker}(?![\w{marker}])"), tag)
           for marker, tag in ((r"\*", "strong"), ("_", "em"), ("~", "s"))]


def whatsapp(value: str | None) -> Markup:
    """A message as WhatsApp shows it: escaped first, so that what residents typed stays text,
    then *bold*, _italic_, ~strike~ and ```monospace``` as HTML."""
    parts = _MONOSPACE.split(str(value or ""))
    html = []
    for index, part in enumerate(parts):
        escaped = str(escape(part))
        if index % 2:  # between ``` and ```: as typed, no further styles
            html.append(f"<code>{escaped}</code>")
            continue
        for pattern, tag in _STYLES:
            escaped = pattern.sub(rf"<{tag}>\1</{tag}>", escaped)
        html.append(escaped)
    return Markup("".join(html))



# --- for templates: in the signed-in account's language, from the app's clock -------------------

def _language() -> str:
    return g.user.language if g.get("user") is not None else "id"


@bp.app_template_filter("deadline")
def deadline_words(deadline) -> str:
    """A deadline in the words WhatsApp uses for it (``paling lambat Senin, 30-11-2026``)."""
    return due_words(deadline, city_timezone(), _language()) if deadline is not None else "—"


@bp.app_template_filter("ago")
def ago(moment) -> str:
    """How long ago, in the account's language: ``3 hari``, ``2 jam`` (``3 days``, ``2 hours``)."""
    return duration(utcnow() - as_utc(moment), _language()) if moment else "—"


@bp.app_template_filter("span")
def span(value: timedelta) -> str:
    """A length of time (an overview's median) in the account's language."""
    return duration(value, _language())


@bp.app_template_global("label")
def code_label(kind: str, code: str | None) -> str:
    """A status or kind the database holds, in the account's words: ``label("status", case.status)``."""
    return label(kind, code, _language())


@bp.app_template_global("media_kind")
def media_kind(content_type: str | None) -> str:
    """``photo``, ``video``, ``audio`` or ``document``: what a piece of evidence is, to show it so."""
    family = (content_type or "").split("/", 1)[0]
    return {"image": "photo", "video": "video", "audio": "audio"}.get(family, "document")


bp.add_app_template_filter(whatsapp, "whatsapp")
