"""Prompts that go both as typed text and as the body above their buttons, each written once: the
question is shared and only the way to answer differs (typed: ``Ketik *selesai*``; above a button:
``Ketuk *Selesai*``). ``[answer]`` marks where that goes. Above buttons the values are the
Content's ``{{1}}``, ``{{2}}`` … in the order of the taps' variables (``handlers/choices.py``)."""
from __future__ import annotations

from dataclasses import dataclass

Variants = dict[str, str]


@dataclass(frozen=True)
class BothWays:
    typed: Variants
    tapped: Variants


def both_ways(question: Variants, *, typed: Variants, tapped: Variants,
              variables: tuple[str, ...] = (), only_typed: tuple[str, ...] = ()) -> BothWays:
    """``question`` with its ``[answer]`` filled for typing and for tapping. ``only_typed`` names the
    values the typed text shows apart that the buttons' body leaves out (carried in another value)."""
    def tapped_body(language: str) -> str:
        body = question[language].replace("[answer]", tapped[language])
        for name in only_typed:
            body = body.replace("{" + name + "}", "")
        for position, name in enumerate(variables, start=1):
            body = body.replace("{" + name + "}", "{{" + str(position) + "}}")
        return body

    return BothWays(typed={language: text.replace("[answer]", typed[language]) for language, text in question.items()},
                    tapped={language: tapped_body(language) for language in question})


ASK_CATEGORY = both_ways(
    {"id": "Apa jenis masalahnya? [answer]", "en": "What kind of problem is it? [answer]"},
    typed={"id": "Balas dengan angka atau nama:\n{choices_text}",
           "en": "Reply with a number or a name:\n{choices_text}"},
    tapped={"id": "Ketuk *Pilih kategori*, atau ketik namanya.", "en": "Tap *Categories*, or type its name."},
)

_DONE = {"typed": {"id": "Ketik *selesai*", "en": "Type *done*"},
         "tapped": {"id": "Ketuk *Selesai*", "en": "Tap *Done*"}}

#: The same answer in the middle of a sentence.
_DONE_AFTER = {"typed": {"id": "ketik *selesai*", "en": "type *done*"},
               "tapped": {"id": "ketuk *Selesai*", "en": "tap *Done*"}}

ASK_EVIDENCE_REQUIRED = both_ways(
    {"id": "Kirim bukti: foto, video atau dokumen (satu per pesan, boleh beberapa). [answer] jika sudah.",
     "en": "Send evidence: photos, videos or documents (one per message, several are fine). [answer] when finished."},
    **_DONE,
)

ASK_EVIDENCE_OPTIONAL = both_ways(
    {"id": "Jika ada, kirim bukti: foto, video atau dokumen. [answer] jika sudah atau tidak ada.",
     "en": "If you have any, send evidence: photos, videos or documents. [answer] when finished or if you have none."},
    **_DONE,
)

EVIDENCE_RECEIVED = both_ways(
    {"id": "Bukti ke-{count} diterima. Ada lagi? Kirimkan saja. [answer] jika sudah.",
     "en": "Evidence {count} received. More? Just send it. [answer] when finished."},
    **_DONE, variables=("count",),
)

EVIDENCE_REPROMPT = both_ways(
    {"id": "Yang kami tunggu sekarang adalah bukti: foto, video atau dokumen. [answer] jika sudah atau tidak ada.",
     "en": "What we are waiting for now is evidence: a photo, video or document. [answer] when finished or "
           "if you have none."},
    **_DONE,
)

EVIDENCE_STILL_NEEDED = both_ways(
    {"id": "Laporan kategori ini wajib disertai bukti. Kirim minimal satu foto, video atau dokumen, lalu [answer].",
     "en": "This category needs evidence. Send at least one photo, video or document, then [answer]."},
    **_DONE_AFTER,
)

SUMMARY = both_ways(
    {"id": "Periksa laporan Anda:\n*Kategori:* {category}\n*Deskripsi:* {description}\n*Lokasi:* {location}{area}\n"
           "*Bukti:* {evidence} berkas\n\nTambahkan foto? Lampirkan saja sekarang. [answer]",
     "en": "Check your report:\n*Category:* {category}\n*Description:* {description}\n*Location:* {location}{area}\n"
           "*Evidence:* {evidence} file(s)\n\nAnother photo? Just attach it now. [answer]"},
    typed={"id": "Kirim laporan ini? Balas *ya*, atau *ubah lokasi* / *ubah deskripsi* untuk mengganti, atau *tidak*.",
           "en": "Send this report? Reply *yes*, or *ubah lokasi* / *ubah deskripsi* to change one, or *no*."},
    tapped={"id": "Deskripsi salah? Ketik *ubah deskripsi*. Kirim laporan ini?",
            "en": "Description wrong? Type *ubah deskripsi*. Send this report?"},
    variables=("category", "description", "location", "evidence"),
    only_typed=("area",),  # above the buttons the location's value carries its area
)

CONFIRM_REPROMPT = both_ways(
    {"id": "[answer]", "en": "[answer]"},
    typed={"id": "Balas *ya* untuk mengirim laporan, *ubah lokasi* atau *ubah deskripsi* untuk mengganti, "
                 "atau *tidak* untuk membatalkannya.",
           "en": "Reply *yes* to send the report, *ubah lokasi* or *ubah deskripsi* to change one, or *no* "
                 "to drop it."},
    tapped={"id": "Ketuk *Kirim* untuk mengirim laporan, *Ubah lokasi* untuk menggantinya (atau ketik *ubah "
                  "deskripsi*), atau *Batal*.",
            "en": "Tap *Send* to send the report, *Change location* to change it (or type *ubah deskripsi*), "
                  "or *Cancel*."},
)

ASK_LEAVE_REPORT = both_ways(
    {"id": "Laporan yang sedang Anda tulis akan dibatalkan bila kembali ke menu. Kembali ke menu?[answer]",
     "en": "Going back to the menu drops the report you are writing. Go to the menu?[answer]"},
    typed={"id": " Balas *ya* untuk ke menu, atau *tidak* untuk melanjutkan laporan.",
           "en": " Reply *yes* for the menu, or *no* to carry on with the report."},
    tapped={"id": "", "en": ""},
)

LEAVE_REPORT_REPROMPT = both_ways(
    {"id": "[answer]", "en": "[answer]"},
    typed={"id": "Balas *ya* untuk membatalkan laporan dan ke menu, atau *tidak* untuk melanjutkan laporan.",
           "en": "Reply *yes* to drop the report and go to the menu, or *no* to carry on with it."},
    tapped={"id": "Ketuk *Ke menu* untuk membatalkan laporan, atau *Lanjutkan laporan*.",
            "en": "Tap *Go to the menu* to drop the report, or *Carry on*."},
)

ASK_IF_FIXED = both_ways(
    {"id": "Apakah masalah pada laporan *{ref}* benar-benar sudah beres? [answer]",
     "en": "Is the problem of report *{ref}* really fixed? [answer]"},
    typed={"id": "Balas *ya* bila sudah, atau *belum* (boleh dengan keterangan dan foto) bila belum.",
           "en": "Reply *yes* if it is, or *not yet* (with a note and a photo if you like) if it is not."},
    tapped={"id": "Bila belum, boleh kirim keterangan dan foto.", "en": "If not, you may send a note and a photo."},
    variables=("ref",),
)
