"""The words residents and officials type (CONTRACT.md), recognised whatever their case and spacing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .references import DEFAULT_KINDS, ReferenceKinds


class Word(Enum):
    REPORT = "report"
    ASPIRATION = "aspiration"
    IDEAS = "ideas"
    VOTE = "vote"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    MENU = "menu"
    HELP = "help"
    CANCEL = "cancel"
    STOP = "stop"
    START = "start"
    LANGUAGE = "language"
    DONE = "done"
    YES = "yes"
    NO = "no"


_WORDS: dict[str, Word] = {
    "lapor": Word.REPORT, "report": Word.REPORT,
    "aspirasi": Word.ASPIRATION, "idea": Word.ASPIRATION,
    "usulan": Word.IDEAS, "ideas": Word.IDEAS,
    "pilih": Word.VOTE, "vote": Word.VOTE,
    "langganan": Word.SUBSCRIBE, "subscribe": Word.SUBSCRIBE, "berlangganan": Word.SUBSCRIBE,
    "berhenti langganan": Word.UNSUBSCRIBE, "unsubscribe": Word.UNSUBSCRIBE, "stop langganan": Word.UNSUBSCRIBE,
    "batal langganan": Word.UNSUBSCRIBE,
    "menu": Word.MENU,
    "bantuan": Word.HELP, "help": Word.HELP,
    "batal": Word.CANCEL, "cancel": Word.CANCEL,
    "berhenti": Word.STOP, "stop": Word.STOP,
    "mulai": Word.START, "start": Word.START,
    "bahasa": Word.LANGUAGE, "language": Word.LANGUAGE,
    "selesai": Word.DONE, "done": Word.DONE,
    "ya": Word.YES, "yes": Word.YES,
    "tidak": Word.NO, "no": Word.NO,
}

#: At the summary, ``ubah lokasi`` (a button) or ``ubah deskripsi`` changes one field and comes back.
EDITS = {"ubah lokasi": "location", "change location": "location", "ubah alamat": "location",
         "ubah deskripsi": "description", "change description": "description"}
#: At the summary only, the button's word typed: ``kirim`` sends (elsewhere it is no answer).
SEND_WORDS = {"kirim", "send"}

#: While an aspiration is written: where (``seluruh kota`` is the button's word), and at its
#: summary the field ``ubah …`` changes (any words at the optional picture skip it).
CITY_WIDE_WORDS = {"seluruh kota", "semua", "kota", "whole city", "city", "all"}
#: Browsing ideas: the next page of the list, and (on one idea) its buttons' words.
MORE_WORDS = {"lainnya", "lihat lainnya", "more", "see more", "next"}
SUPPORT_WORDS = {"dukung", "support"}
BACK_WORDS = {"kembali", "back", "daftar", "list"}
#: The first word of a support's withdrawal: ``batal dukung``, ``cancel support``, ``withdraw support``.
WITHDRAW_VERBS = {"batal", "cancel", "withdraw"}
ASPIRATION_EDITS = {"ubah judul": "title", "change title": "title",
                    "ubah usulan": "idea", "ubah isi": "idea", "ubah ide": "idea", "change idea": "idea",
                    "ubah tempat": "place", "ubah lokasi": "place", "ubah wilayah": "place",
                    "change place": "place", "change location": "place"}

#: Words that work at every step of the conversation, before the step sees the message.
GLOBAL_WORDS = {Word.REPORT, Word.ASPIRATION, Word.IDEAS, Word.VOTE, Word.SUBSCRIBE, Word.UNSUBSCRIBE, Word.MENU, Word.HELP, Word.CANCEL, Word.STOP, Word.START, Word.LANGUAGE}

OFFICIAL_COMMANDS = {
    "proses": "process", "process": "process",
    "selesai": "resolve", "resolve": "resolve", "done": "resolve",
    "tolak": "decline", "decline": "decline", "reject": "decline",
    "kasus": "cases", "cases": "cases",
    "terlambat": "late", "late": "late",
    "bantuan": "help", "help": "help",
}

_COMMAND_RE = re.compile(r"^/\s*([a-zA-Z]+)\b\s*(.*)$", re.DOTALL)


@lru_cache(maxsize=8)
def _patterns(kinds: ReferenceKinds) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """``status REF``, ``#REF text`` and a command's leading ``REF``, for the city's prefixes."""
    ref = kinds.pattern
    return (re.compile(rf"^(?:status|cek)(?:\s*{ref})?\s*$", re.IGNORECASE),
            re.compile(rf"^#\s*{ref}\b[\s:,-]*(.*)$", re.IGNORECASE | re.DOTALL),
            re.compile(rf"^{ref}\b[\s:,-]*(.*)$", re.DOTALL))


def normalise(text: str) -> str:
    """Lower case with runs of white space folded, for comparing typed words."""
    return " ".join(text.lower().split())


def word(text: str) -> Word | None:
    """The keyword ``text`` is, ignoring case, spaces and trailing punctuation."""
    return _WORDS.get(normalise(text).strip(".!?*"))


_FIXED_RE = re.compile(r"^\s*(ya|yes|sudah)[\s.!]*$", re.IGNORECASE)
_NOT_YET_RE = re.compile(r"^\s*(belum|not\s+yet)\b[\s.,:;!-]*(.*)$", re.IGNORECASE | re.DOTALL)
_BARE_NO_RE = re.compile(r"^\s*(tidak|no)[\s.!]*$", re.IGNORECASE)


@dataclass(frozen=True)
class FixAnswer:
    fixed: bool
    note: str


def fix_answer(text: str, *, replying: bool = False) -> FixAnswer | None:
    """The answer to "is it really fixed?": ``ya`` alone → fixed; ``belum, airnya masih naik`` → not
    fixed, the rest being the resident's note. A bare ``tidak`` counts only as a reply to the
    question itself (``replying``): typed at the menu it may mean anything. ``ya, tapi …`` is no
    answer: the resident is asked again rather than the case closed on half a sentence."""
    if _FIXED_RE.match(text):
        return FixAnswer(fixed=True, note="")
    not_yet = _NOT_YET_RE.match(text)
    if not_yet:
        return FixAnswer(fixed=False, note=not_yet.group(2).strip())
    if replying and _BARE_NO_RE.match(text):
        return FixAnswer(fixed=False, note="")
    return None


#: Thanks and okays: relayed as they are, and never taken for an answer to a question.
_ACKNOWLEDGEMENT_RE = re.compile(
    r"^\s*((ok(e|ey|ay)?|oke+|siap|baik|sip|mantap|terima\s*kasih|makasih|trims|tq|thanks?(\s+you)?|thx)"
    r"(\s+(pak|bu|bapak|ibu|kak|mas|mbak|ya|banyak|sekali|sir|ma'?am))*|[\s👍🙏👌😊🙂❤️👏]+)[\s.!,]*$",
    re.IGNORECASE)


def is_acknowledgement(text: str) -> bool:
    """``ok pak``, ``terima kasih bu``, ``👍``: a resident acknowledging, not asking or answering."""
    return bool(text.strip()) and bool(_ACKNOWLEDGEMENT_RE.match(text))


@dataclass(frozen=True)
class StatusQuery:
    ref: str | None


def status_query(text: str, kinds: ReferenceKinds = DEFAULT_KINDS) -> StatusQuery | None:
    """``status LPR-00042`` → StatusQuery('LPR-00042'); a bare ``status`` has no ref."""
    match = _patterns(kinds)[0].match(text.strip())
    if not match:
        return None
    prefix, digits = match.groups()
    return StatusQuery(kinds.read(prefix, digits).text if digits else None)


@dataclass(frozen=True)
class SupportCommand:
    ref: str
    #: ``batal dukung``: the support withdrawn.
    withdraw: bool = False


@lru_cache(maxsize=8)
def _support_pattern(kinds: ReferenceKinds) -> re.Pattern:
    return re.compile(rf"^(batal\s+dukung|cancel\s+support|withdraw\s+support|dukung|support)\s*:?\s*{kinds.pattern}"
                      r"[\s.!]*$", re.IGNORECASE)


def support_command(text: str, kinds: ReferenceKinds = DEFAULT_KINDS) -> SupportCommand | None:
    """``dukung ASP-00012`` → SupportCommand('ASP-00012'); ``batal dukung ASP-12`` withdraws. Only
    a reference of a declared kind counts (a case's is refused by the caller, not here)."""
    match = _support_pattern(kinds).match(text.strip())
    if not match:
        return None
    verb, prefix, digits = match.groups()
    return SupportCommand(kinds.read(prefix, digits).text, withdraw=verb.split()[0].lower() in WITHDRAW_VERBS)


@dataclass(frozen=True)
class RefMessage:
    ref: str
    text: str


def hash_ref_message(text: str, kinds: ReferenceKinds = DEFAULT_KINDS) -> RefMessage | None:
    """``#LPR-42 the road is fixed`` → RefMessage('LPR-00042', 'the road is fixed')."""
    match = _patterns(kinds)[1].match(text.strip())
    if not match:
        return None
    prefix, digits, rest = match.groups()
    return RefMessage(kinds.read(prefix, digits).text, rest.strip())


@dataclass(frozen=True)
class Command:
    name: str
    ref: str | None
    text: str


def official_command(text: str, kinds: ReferenceKinds = DEFAULT_KINDS) -> Command | None:
    """``/selesai LPR-00042 sudah ditambal`` → Command('resolve', 'LPR-00042', 'sudah ditambal')."""
    match = _COMMAND_RE.match(text.strip())
    if not match or match.group(1).lower() not in OFFICIAL_COMMANDS:
        return None
    name, rest = OFFICIAL_COMMANDS[match.group(1).lower()], match.group(2).strip()
    ref_match = _patterns(kinds)[2].match(rest)
    if ref_match:
        prefix, digits, remainder = ref_match.groups()
        return Command(name, kinds.read(prefix, digits).text, remainder.strip())
    return Command(name, None, rest)
