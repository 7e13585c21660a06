"""What goes outside a person's 24-hour window (handlers/whatsapp_templates.py fills them). WhatsApp
approves each text as it stands: {{n}} are the only parts that change, never first or last, never
two side by side; a changed text is a new template that needs approval again."""
from __future__ import annotations

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
              "Aspirasi warga: {{8}}. Anggaran partisipatif: {{9}}. Rincian di konsol.",
        "en": "📊 Residents' reports {{1}}: new {{2}}, resolved {{3}}; now open {{4}}, late {{5}}, escalated "
              "{{6}}. Offices with the most late reports: {{7}}. Residents' ideas: {{8}}. Participatory budgeting: "
              "{{9}}. Details in the console.",
    },
    "aspiration_update": {
        "id": "💡 Kabar tentang aspirasi *{{1}}* “{{2}}”:\n{{3}}\n\nKetuk *Baca* bila pesannya terpotong.",
        "en": "💡 News of the idea *{{1}}* “{{2}}”:\n{{3}}\n\nTap *Read* if the message was cut short.",
    },
    "aspiration_reminder": {
        "id": "⏰ Pengingat: aspirasi warga *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}}. Jawab dengan "
              "/selesai, /proses atau /tolak diikuti nomornya dan catatan, atau lewat konsol.",
        "en": "⏰ Reminder: residents' idea *{{1}}* for {{2}} is not yet {{3}}; it was due {{4}}. Answer with "
              "/selesai, /proses or /tolak followed by its reference and a note, or in the console.",
    },
    "aspiration_head_warning": {
        "id": "⚠️ Aspirasi warga *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}} dan petugas sudah diingatkan. "
              "Sebagai pimpinan unit, mohon pastikan aspirasi ini dijawab lewat konsol.",
        "en": "⚠️ Residents' idea *{{1}}* for {{2}} is not yet {{3}}; it was due {{4}} and its officials were "
              "reminded. As the head of the office, please see that it is answered in the console.",
    },
    "aspiration_escalation": {
        "id": "🚨 Eskalasi ke Kantor Wali Kota: aspirasi warga *{{1}}* untuk {{2}} belum {{3}}; tenggatnya {{4}}, "
              "petugas dan pimpinan unit sudah diingatkan.",
        "en": "🚨 Escalated to the mayor's office: residents' idea *{{1}}* for {{2}} is not yet {{3}}; it was due "
              "{{4}}, and its officials and the head of the office were reminded.",
    },
    "aspiration_forward": {
        "id": "💡 Aspirasi warga *{{1}}* didukung {{2}} warga dan kini menunggu jawaban {{3}}: “{{4}}”. Tenggat "
              "jawab: {{5}}.\n\nKetuk *Baca* untuk isi lengkapnya; jawab dengan /selesai, /proses atau /tolak "
              "diikuti nomornya dan catatan, atau lewat konsol.",
        "en": "💡 Residents' idea *{{1}}* is supported by {{2}} residents and now awaits the answer of {{3}}: "
              "“{{4}}”. Answer due: {{5}}.\n\nTap *Read* for all of it; answer with /selesai, /proses or /tolak "
              "followed by its reference and a note, or in the console.",
    },
    "round_result": {
        "id": "🗳️ Hasil pemungutan suara *{{1}}* sudah ada. Proyek yang didanai: {{2}}.\nPilihan Anda yang "
              "didanai: {{3}}.\n\nTerima kasih sudah memilih! Ketuk *Baca* untuk jumlah suaranya.",
        "en": "🗳️ The vote *{{1}}* has a result. The projects funded: {{2}}.\nYour picks that were funded: "
              "{{3}}.\n\nThank you for voting! Tap *Read* for the votes each got.",
    },
    # MARKETING: news the resident opted in to with *langganan* (WhatsApp charges it as marketing).
    "broadcast": {
        "id": "📢 Kabar untuk warga {{1}}:\n{{2}}\n\nAnda menerima ini karena berlangganan. Balas *berhenti "
              "langganan* untuk berhenti.",
        "en": "📢 News for residents of {{1}}:\n{{2}}\n\nYou get this because you subscribed. Reply "
              "*unsubscribe* to stop.",
    },
    # MARKETING too: a budget round's voting opened, to subscribers; its *Pilih* button opens the ballot.
    "round_announcement": {
        "id": "🗳️ Pemungutan suara *{{1}}* untuk warga {{2}} dibuka sampai {{3}}.\n{{4}}\n\nKetuk *Pilih* atau "
              "ketik *pilih* untuk memilih proyek. Balas *berhenti langganan* untuk berhenti menerima kabar.",
        "en": "🗳️ Voting in *{{1}}* for residents of {{2}} is open until {{3}}.\n{{4}}\n\nTap *Vote* or type "
              "*vote* to pick projects. Reply *unsubscribe* to stop the news.",
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
#: The other quick replies a template may carry, by the word a tap on one stands for.
TEMPLATE_WORD_BUTTONS = {"pilih": {"id": "Pilih", "en": "Vote"}}

#: Sample values WhatsApp's reviewers see beside each template (the Content API requires them).
TEMPLATE_SAMPLES: dict[str, dict[str, str]] = {
    "ref": {"id": "LPR-00042", "en": "LPR-00042"},
    "closes": {"id": "Minggu, 28-02-2027 pukul 23.59", "en": "Sunday, 28-02-2027 at 23:59"},
    "area": {"id": "Kel. Fatululi, Kec. Oebobo", "en": "Kel. Fatululi, Kec. Oebobo"},
    "round": {"id": "Anggaran Partisipatif Oebobo 2027", "en": "Oebobo Participatory Budget 2027"},
    "funded": {"id": "Taman baca RW 03, Lampu jalan Jl. Frans Seda", "en": "A reading park in RW 03, Street lights"},
    "yours": {"id": "Taman baca RW 03", "en": "A reading park in RW 03"},
    "aspiration_ref": {"id": "ASP-00012", "en": "ASP-00012"},
    "count": {"id": "50", "en": "50"},
    "title": {"id": "Taman bermain di RT 05", "en": "A playground in RT 05"},
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
    "due": {"id": "paling lambat Senin, 30-11-2026", "en": "by Monday, 30-11-2026"},
    "day": {"id": "25-11-2026", "en": "25-11-2026"},
    "new": {"id": "12", "en": "12"},
    "open": {"id": "40", "en": "40"},
    "late": {"id": "7", "en": "7"},
    "escalated": {"id": "2", "en": "2"},
    "resolved": {"id": "9", "en": "9"},
    "ideas": {"id": "2 mencapai ambang dukungan (ASP-00012, ASP-00015), 1 belum dijawab lewat tenggat",
              "en": "2 mencapai ambang dukungan (ASP-00012, ASP-00015), 1 belum dijawab lewat tenggat"},
    "rounds": {"id": "pemungutan suara dibuka: Anggaran Partisipatif Oebobo 2027",
               "en": "pemungutan suara dibuka: Anggaran Partisipatif Oebobo 2027"},
    "slowest": {"id": "Dinas Pekerjaan Umum (4); Kelurahan Fatululi (2)",
                "en": "Dinas Pekerjaan Umum (4); Kelurahan Fatululi (2)"},
}
