"""Which attachments a resident may send as evidence; the flows keep their ids in their drafts."""
from __future__ import annotations

from models import Media, MediaStatus

from .context import Turn

#: What WhatsApp carries and an official's phone opens (TWILIO.md, "Sending").
ACCEPTED_TYPES = {
    "image/jpeg", "image/jpg", "image/png",
    "video/mp4", "video/3gpp",
    "audio/ogg", "audio/mpeg", "audio/amr", "audio/aac", "audio/mp4",
    "application/pdf", "text/plain", "text/csv",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

#: What a refused attachment is told: while evidence is asked for, and at the menu, where nobody
#: asked for a file and "cannot be evidence" would not fit.
AS_EVIDENCE = ("media_refused_sticker", "media_refused_type")
OUTSIDE_A_REPORT = ("sticker_outside_report", "odd_media_outside_report")
#: With an idea, where no evidence is asked for.
FOR_AN_IDEA = ("sticker_for_idea", "odd_media_for_idea")


def acceptable(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in ACCEPTED_TYPES


def is_sticker(turn: Turn, content_type: str) -> bool:
    return turn.message.message_type == "sticker" or content_type == "image/webp"


def take_evidence(turn: Turn, refusals: tuple[str, str] = AS_EVIDENCE) -> list[int]:
    """The message's acceptable attachments, downloaded from now on; the others refused politely,
    in the words of ``refusals``. The caller adds the ids to its draft."""
    added = _acceptable(turn, refusals)
    for media_id in added:
        turn.outbox.download(media_id)
    return added


def hold_for_next_report(turn: Turn) -> list[int]:
    """Attachments sent outside a report: kept aside (``held``, not downloaded: we fetch nothing
    nobody asked for), to be offered as the first evidence of the report the resident starts next."""
    held = _acceptable(turn, OUTSIDE_A_REPORT)
    for media in turn.message.media:
        if media.id in held:
            media.status = MediaStatus.HELD
    return held


def use_held_evidence(turn: Turn, held: list[int]) -> list[int]:
    """The attachments held for this report that can still be its first evidence, downloaded now."""
    used = []
    for media_id in held:
        media = turn.session.get(Media, media_id)
        if media is not None and media.status == MediaStatus.HELD and media.case_id is None:
            media.status = MediaStatus.PENDING
            turn.outbox.download(media.id)
            used.append(media.id)
    return used


def _acceptable(turn: Turn, refusals: tuple[str, str] = AS_EVIDENCE) -> list[int]:
    """The ids of the message's attachments that can be evidence; the others refused, politely, in
    the words of ``refusals`` (a sticker's, another type's)."""
    sticker, other = refusals
    accepted = []
    for media in turn.message.media:
        content_type = media.content_type.split(";")[0].strip().lower()
        if is_sticker(turn, content_type):
            media.status, media.error = MediaStatus.REJECTED, "sticker"
            turn.say(sticker)
        elif not acceptable(content_type):
            media.status, media.error = MediaStatus.REJECTED, f"type {content_type} not accepted"
            turn.say(other, content_type=content_type)
        else:
            accepted.append(media.id)
    return accepted


def has_media(turn: Turn) -> bool:
    # Only a message that came with a MediaUrl has media rows: most messages need no query.
    return bool(turn.message.media_count) and bool(turn.message.media)
