"""What the bot says about news residents subscribe to, in Indonesian and English: the opt-in
(``langganan``), its end, and a broadcast as it reaches a subscriber inside their window (outside it,
the ``broadcast`` template carries it)."""
from __future__ import annotations

from .prompts import both_ways

#: A budget round's announcement inside the subscriber's window, with its *Pilih* button.
ROUND_ANNOUNCEMENT = both_ways(
    {"id": "🗳️ *Kabar untuk warga {where}*: pemungutan suara *{round}* dibuka sampai {closes}.\n{text}\n\n[answer]",
     "en": "🗳️ *News for residents of {where}*: voting in *{round}* is open until {closes}.\n{text}\n\n[answer]"},
    typed={"id": "Ketik *pilih* untuk memilih proyek. (Ketik *berhenti langganan* untuk berhenti menerima kabar.)",
           "en": "Type *vote* to pick projects. (Type *unsubscribe* to stop the news.)"},
    tapped={"id": "Ketuk *Pilih* untuk memilih proyek. (Ketik *berhenti langganan* untuk berhenti menerima kabar.)",
            "en": "Tap *Vote* to pick projects. (Type *unsubscribe* to stop the news.)"},
    variables=("where", "round", "closes", "text"),
)

NEWS_TEXTS: dict[str, dict[str, str]] = {
    "ask_subscription_area": {
        "id": "📢 Kabar dari kelurahan mana yang ingin Anda terima? Balas dengan nomornya atau ketik nama "
              "kelurahan Anda:\n{choices_text}\n\nBalas *0* untuk kabar seluruh kota saja.",
        "en": "📢 News of which kelurahan would you like? Reply with its number or type your kelurahan's "
              "name:\n{choices_text}\n\nReply *0* for news of the whole city only.",
    },
    "subscription_subscribed": {
        "id": "✅ Anda berlangganan kabar dari layanan *Lapor Wali Kota* untuk {where} dan kabar anggaran "
              "partisipatif kota (pemungutan suara dan hasilnya), paling banyak beberapa pesan sebulan. Ketik "
              "*berhenti langganan* kapan saja untuk berhenti; laporan dan aspirasi Anda tetap kami layani.",
        "en": "✅ You are subscribed to news from the *Mayor's Report* service for {where} and to the city's "
              "participatory budgeting (votes and their results), a few messages a month at most. Type "
              "*unsubscribe* at any time to stop; your reports and ideas are still served.",
    },
    "subscription_renewed": {
        "id": "✅ Langganan kabar Anda aktif kembali, untuk {where}. Ketik *berhenti langganan* untuk berhenti.",
        "en": "✅ Your news subscription is on again, for {where}. Type *unsubscribe* to stop.",
    },
    "subscription_moved": {
        "id": "✅ Langganan kabar Anda kini untuk {where}. Ketik *berhenti langganan* untuk berhenti.",
        "en": "✅ Your news subscription is now for {where}. Type *unsubscribe* to stop.",
    },
    "subscription_already": {
        "id": "Anda sudah berlangganan kabar untuk {where}. Ketik *berhenti langganan* untuk berhenti.",
        "en": "You are already subscribed to news for {where}. Type *unsubscribe* to stop.",
    },
    "unsubscribed": {
        "id": "Anda tidak lagi menerima kabar dan pengumuman. Laporan dan aspirasi Anda tetap kami layani. Ketik "
              "*langganan* bila ingin menerimanya lagi.",
        "en": "You will no longer get news and announcements. Your reports and ideas are still served. Type "
              "*subscribe* to get them again.",
    },
    "not_subscribed": {
        "id": "Anda tidak berlangganan kabar. Ketik *langganan* bila ingin menerimanya.",
        "en": "You are not subscribed to news. Type *subscribe* if you would like it.",
    },
    "round_announcement": ROUND_ANNOUNCEMENT.typed,
    "broadcast_text": {
        "id": "📢 *Kabar untuk warga {where}*\n{text}\n\n_Anda menerima ini karena berlangganan. Balas *berhenti "
              "langganan* untuk berhenti._",
        "en": "📢 *News for residents of {where}*\n{text}\n\n_You get this because you subscribed. Reply "
              "*unsubscribe* to stop._",
    },
}
