"""What the bot says about participatory budgeting, in Indonesian and English: the ballot a resident
fills (``pilih`` / ``vote``), and the result each voter hears."""
from __future__ import annotations

from .prompts import both_ways

#: The ballot, after each pick: what changed, the round, the picks so far and the running total.
BALLOT = both_ways(
    {"id": "🗳️ {news}\n\n*{round}*{lines}\n*Pilihan Anda:* {picked}\n*Total:* {total} · *sisa anggaran:* {left}\n\n[answer]",
     "en": "🗳️ {news}\n\n*{round}*{lines}\n*Your picks:* {picked}\n*Total:* {total} · *budget left:* {left}\n\n[answer]"},
    typed={"id": "Balas dengan angka proyek untuk memilih (atau membatalkan pilihan), lalu *kirim*.",
           "en": "Reply with a project's number to pick it (or unpick it), then *send*."},
    tapped={"id": "Ketuk *Pilih proyek* untuk memilih atau membatalkan, lalu *Kirim pilihan*.",
            "en": "Tap *Projects* to pick or unpick one, then *Send ballot*."},
    variables=("news", "round", "picked", "total", "left"),
    only_typed=("lines",),
)

BUDGETING_TEXTS: dict[str, dict[str, str]] = {
    "ballot": BALLOT.typed,
    "ballot_line": {"id": "{number}. {mark}{title} — {cost}", "en": "{number}. {mark}{title} — {cost}"},
    "ballot_start": {
        "id": "Pilih proyek yang ingin Anda danai dengan anggaran {budget}, sampai anggarannya habis. Pemungutan "
              "suara ditutup {closes}; sebelum itu Anda boleh mengubah pilihan (yang terakhir dihitung).",
        "en": "Pick the projects you would fund with a budget of {budget}, until it is spent. Voting closes "
              "{closes}; until then you may change your ballot (the last one counts).",
    },
    "ballot_resume": {
        "id": "Ini pilihan Anda yang tercatat. Ubah lalu kirim lagi sebelum pemungutan suara ditutup {closes}.",
        "en": "This is your recorded ballot. Change it and send it again before voting closes {closes}.",
    },
    "ballot_unsent": {
        "id": "Ini pilihan yang belum Anda kirim. Ubah bila perlu, lalu *kirim* sebelum pemungutan suara ditutup "
              "{closes}.",
        "en": "These are the picks you have not sent yet. Change them if you like, then *send* before voting "
              "closes {closes}.",
    },
    "ballot_added": {"id": "Ditambahkan: *{title}* ({cost}).", "en": "Added: *{title}* ({cost})."},
    "ballot_removed": {"id": "Tidak jadi dipilih: *{title}*.", "en": "Unpicked: *{title}*."},
    "ballot_over_budget": {
        "id": "*{title}* ({cost}) melebihi sisa anggaran ({left}). Batalkan salah satu pilihan dulu.",
        "en": "*{title}* ({cost}) is more than the budget left ({left}). Unpick one of your projects first.",
    },
    "ballot_no_such_project": {
        "id": "Tidak ada proyek nomor {number}. Pilih nomor 1 sampai {count}.",
        "en": "There is no project {number}. Pick a number from 1 to {count}.",
    },
    "ballot_empty": {
        "id": "Belum ada proyek yang Anda pilih: pilih setidaknya satu, lalu *kirim*.",
        "en": "You have not picked a project yet: pick at least one, then *send*.",
    },
    "ballot_none_picked": {"id": "belum ada", "en": "none yet"},
    "ballot_cast": {
        "id": "✅ Suara Anda untuk *{round}* tercatat: {picked} (total {total}). Anda boleh mengubahnya (ketik "
              "*pilih*) sampai pemungutan suara ditutup {closes}; hasilnya kami kabarkan.",
        "en": "✅ Your ballot for *{round}* is recorded: {picked} (total {total}). You may change it (type "
              "*vote*) until voting closes {closes}; we will tell you the result.",
    },
    "ballot_changed": {
        "id": "✅ Pilihan baru Anda untuk *{round}* tercatat dan menggantikan yang lama: {picked} (total {total}). "
              "Pemungutan suara ditutup {closes}.",
        "en": "✅ Your new ballot for *{round}* is recorded and replaces the earlier one: {picked} (total "
              "{total}). Voting closes {closes}.",
    },
    "ballot_closed": {
        "id": "Maaf, pemungutan suara *{round}* sudah ditutup; pilihan baru ini tidak tercatat, suara Anda yang "
              "sebelumnya tetap dihitung. Hasilnya akan kami kabarkan.",
        "en": "Sorry, voting in *{round}* has closed; this new ballot was not recorded, your earlier one counts. "
              "We will tell you the result.",
    },
    "ballot_closed_none": {
        "id": "Maaf, pemungutan suara *{round}* sudah ditutup; suara ini tidak tercatat.",
        "en": "Sorry, voting in *{round}* has closed; this ballot was not recorded.",
    },
    "no_round_voting": {
        "id": "Saat ini tidak ada pemungutan suara anggaran partisipatif yang dibuka. {next}Ketik *menu* untuk "
              "pilihan lain.",
        "en": "No participatory budgeting vote is open now. {next}Type *menu* for everything else.",
    },
    "next_round_voting": {
        "id": "Pemungutan suara *{round}* dibuka {opens}. ",
        "en": "Voting in *{round}* opens {opens}. ",
    },
    "round_has_no_projects": {
        "id": "*{round}* belum punya proyek untuk dipilih. Ketik *menu* untuk pilihan lain.",
        "en": "*{round}* has no projects to vote on yet. Type *menu* for everything else.",
    },
    "ask_round": {
        "id": "🗳️ Ada beberapa pemungutan suara yang dibuka. Yang mana?\n{choices_text}\n\nBalas dengan angkanya.",
        "en": "🗳️ Several votes are open. Which one?\n{choices_text}\n\nReply with its number.",
    },
    "ask_round_reprompt": {
        "id": "Balas dengan angka 1 sampai {count} untuk memilih pemungutan suara, atau *menu*.",
        "en": "Reply with a number from 1 to {count} to choose a vote, or *menu*.",
    },
    "round_line": {"id": "{number}. {round} ({where}), ditutup {closes}", "en": "{number}. {round} ({where}), closes {closes}"},
    # The result each voter hears (outside the window, the ``round_result`` template carries it).
    "round_result": {
        "id": "🗳️ Hasil *{round}*. Proyek yang didanai:\n{lines}\n\nPilihan Anda yang didanai: {yours}. Terima kasih "
              "sudah memilih!",
        "en": "🗳️ The result of *{round}*. The projects funded:\n{lines}\n\nYour picks that were funded: {yours}. "
              "Thank you for voting!",
    },
    "round_result_line": {"id": "• {title} — {votes} suara, {cost}", "en": "• {title} — {votes} votes, {cost}"},
    "round_nothing_funded": {"id": "tidak ada", "en": "none"},
    "round_none_of_yours": {"id": "tidak ada", "en": "none"},
    "round_city": {"id": "seluruh kota", "en": "the whole city"},
    "weekday_day": {"id": "{weekday}, {day}", "en": "{weekday}, {day}"},
    "round_closes": {"id": "{day} pukul 23.59", "en": "{day} at 23:59"},
}
