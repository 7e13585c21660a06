"""The offline chat simulator (``/dev/``), registered only without Twilio credentials: play a resident
or an official, each message posted in-process and signed through the webhook production runs."""
from __future__ import annotations

import ipaddress
import mimetypes
from datetime import timedelta
import re
import secrets
from typing import Any

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template,
                   request, send_file, url_for)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import FileStorage, MultiDict

from handlers.catalog import TEMPLATE_BUTTON
from handlers.choices import LIST_PICKER, CHOICES, rows_of, texts
from handlers.choices import fill as fill_taps
from handlers.whatsapp_templates import LANGUAGES, READ_BUTTON_ID, TEMPLATES
from handlers.whatsapp_templates import fill as fill_template
from models import (FINISHED_SENDING, Media, Message, MessageDirection, MessageStatus, Official, Resident,
                    WhatsAppTemplate, as_utc, clock)

from .config import Settings
from .console.texts import whatsapp
from .media import signed_url
from .phones import to_e164, whatsapp_address
from .runtime import Runtime

bp = Blueprint("simulator", __name__, url_prefix="/dev", static_folder="static", static_url_path="/static")

WEBHOOK = "/webhooks/twilio/whatsapp"
DEFAULT_RESIDENT = "+6281200000001"
DEV_ACCOUNT_SID = "AC" + "0" * 32
_TOKEN = re.compile(r"[0-9a-f]{32}")
_MIME = re.compile(r"[\w.+-]+/[\w.+-]+")


def _runtime() -> Runtime:
    return current_app.extensions["lapor"]


def _is_loopback(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return (getattr(ip, "ipv4_mapped", None) or ip).is_loopback


@bp.context_processor
def _formatting() -> dict:
    return {"whatsapp": whatsapp}  # the console's: one reading of WhatsApp's formatting


@bp.before_request
def only_this_machine() -> None:
    """It sends as any official and shows every transcript, so only loopback may use it: the real
    peer and every client a proxy forwarded for, whether or not TRUSTED_PROXIES believes them."""
    if request.endpoint == "simulator.dev_media":
        return  # fetched by the worker; the token is the secret
    peer = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR", request.remote_addr)
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if not all(_is_loopback(address) for address in [peer, request.remote_addr, *forwarded]):
        abort(403)


def _page_url(endpoint: str, phone: str, name: str = "") -> str:
    return url_for(endpoint, **{"as": phone, **({"name": name} if name else {})})


def _party(raw: str | None) -> str:
    """The E.164 number of whoever the person plays; ValueError for something else."""
    return to_e164(raw or DEFAULT_RESIDENT)


def _views(session: Session, settings: Settings, *where: Any) -> list[dict]:
    """Message rows as plain dicts, so templates and JSON never touch a closed session."""
    rows = session.scalars(select(Message).options(selectinload(Message.media))
                           .where(*where).order_by(Message.id)).all()
    wanted = {row.media_id for row in rows if row.media_id}
    types = dict(session.execute(select(Media.id, Media.content_type).where(Media.id.in_(wanted))).all()
                 ) if wanted else {}
    contents = _contents(session, rows)
    languages = dict(session.execute(select(Resident.id, Resident.language).where(
        Resident.id.in_({row.resident_id for row in rows if row.content_sid and row.resident_id}))).all()) if any(
        row.content_sid for row in rows) else {}
    views = []
    for row in rows:
        moment = as_utc(row.created_at)
        attachment = None
        if row.media_id and row.media_id in types:
            attachment = (signed_url(settings, row.media_id, types[row.media_id]), types[row.media_id])
        elif row.media:
            attachment = (row.media[0].source_url, row.media[0].content_type)
        place = ", ".join(str(part) for part in (row.place_label, row.address) if part)
        content = contents.get(row.content_sid)
        as_template = _went_as_template(row, content)
        views.append({
            "id": row.id, "direction": row.direction, "body": row.body or "", "kind": row.kind,
            "status": row.status, "sid": row.sid, "error": row.error_message,
            "time": moment.astimezone(settings.city_timezone).strftime("%d %b %H:%M:%S %Z") if moment else "",
            "iso": moment.isoformat() if moment else "",
            "location": (f"{row.latitude}, {row.longitude}" + (f" — {place}" if place else "")
                         if row.latitude is not None else None),
            "attachment": attachment and attachment[0], "attachment_type": attachment and attachment[1],
            "template": (content.name if content else row.template) if as_template else None,
            "template_text": row.template_body,
            **_taps(row, as_template, _language_sent(row, as_template, content,
                                                     languages.get(row.resident_id, "id"))),
            "final": (row.status != MessageStatus.RECEIVED if row.direction == MessageDirection.INBOUND
                      else row.status in FINISHED_SENDING),
        })
    return views


def _contents(session: Session, rows: list[Message]) -> dict[str, WhatsAppTemplate]:
    """The Content each row went as, by sid: it knows the language the row was sent in."""
    used = {row.content_sid for row in rows if row.content_sid}
    if not used:
        return {}
    found = session.scalars(select(WhatsAppTemplate).where(WhatsAppTemplate.content_sid.in_(used))).all()
    return {content.content_sid: content for content in found}


def _went_as_template(row: Message, content: WhatsAppTemplate | None) -> bool:
    """Sent as an approved template (rather than as its taps' Content), by the Content's purpose;
    a Content since replaced by a newer definition is no longer stored, so then by what the row offered."""
    if not row.content_sid:
        return False
    return content.purpose in TEMPLATES if content is not None else bool(row.template and not row.choices)


def _language_sent(row: Message, as_template: bool, content: WhatsAppTemplate | None, current: str) -> str:
    """The language the phone got the row in: its Content's; for a Content since replaced, the
    language whose filled text is the text stored when it went; else the recipient's language now."""
    if content is not None:
        return content.language
    return next((language for language in LANGUAGES
                 if row.template_body is not None and _filled(row, as_template, language) == row.template_body),
                current)


def _filled(row: Message, as_template: bool, language: str) -> str | None:
    if as_template and row.template in TEMPLATES:
        return fill_template(row.template, language, row.template_values or {}).text
    return fill_taps(row.choices, language).text if row.choices and not as_template else None


def _taps(row: Message, as_template: bool, language: str) -> dict:
    """A list picker's rows or a quick reply's buttons, as the phone shows them, in the language
    they went in (a later change of language must not rewrite them): only when the row went as its
    Content (outside the window, or without one, the typed text went alone)."""
    if as_template:  # every template carries the one quick reply that opens the window
        return {"taps": [(TEMPLATE_BUTTON[language], READ_BUTTON_ID, "")], "tap_kind": "button",
                "list_button": None, "shown": None}
    if not row.choices or not row.content_sid:
        return {"taps": [], "tap_kind": None, "list_button": None, "shown": None}
    if CHOICES[row.choices["purpose"]].kind != LIST_PICKER:
        return {"taps": [(title, choice_id, "") for title, choice_id, _ in rows_of(row.choices, language)],
                "tap_kind": "button", "list_button": None, "shown": row.template_body}
    # The Content carries a row's title as its description when it has none (bot/content.py).
    return {"taps": [(title, choice_id, description or title)
                     for title, choice_id, description in rows_of(row.choices, language)],
            "tap_kind": "list", "list_button": texts(row.choices, language).get("button"),
            "shown": row.template_body}


@bp.get("/")
def page() -> str:
    """The chat page for the chosen party; usable without JavaScript."""
    runtime = _runtime()
    try:
        phone = _party(request.args.get("as"))
    except ValueError as exc:
        flash(f"Nomor tidak valid / invalid number: {exc}")
        phone = DEFAULT_RESIDENT
    with runtime.db.session(read_only=True) as session:
        officials = [{"phone": o.phone, "name": o.name, "department": o.department.name}
                     for o in session.scalars(select(Official).options(selectinload(Official.department))
                                              .where(Official.active).order_by(Official.department_id, Official.name))]
        messages = _views(session, runtime.settings, Message.phone == phone)
    official = next((o for o in officials if o["phone"] == phone), None)
    name = request.args.get("name") or (official["name"] if official else "")
    reply_sid = request.args.get("reply") or ""
    replying = next((m for m in messages
                     if m["direction"] == MessageDirection.OUTBOUND and m["sid"] == reply_sid), None)
    moved = clock.offset()
    return render_template(
        "simulator.html", clock_hours=round(moved.total_seconds() / 3600, 1),
        now=clock.now().astimezone(runtime.settings.city_timezone).strftime("%d %b %H:%M %Z"),
        phone=phone, name=name, official=official, officials=officials,
        messages=messages, replying=replying, resident_phone=phone if official is None else DEFAULT_RESIDENT,
        here=_page_url(".page", phone, name), poll_url=_page_url(".messages", phone, name))


@bp.get("/messages")
def messages() -> Response:
    """Rows newer than ``after`` and fresh renderings of the ``watch`` rows still changing, for polling."""
    runtime = _runtime()
    try:
        phone = _party(request.args.get("as"))
    except ValueError:
        abort(400)
    after = request.args.get("after", 0, type=int)
    watch = [int(part) for part in request.args.get("watch", "").split(",") if part.isdigit()][:200]
    with runtime.db.session(read_only=True) as session:
        fresh = _views(session, runtime.settings, Message.phone == phone, Message.id > after)
        moved = _views(session, runtime.settings, Message.phone == phone, Message.id.in_(watch)) if watch else []
    here = _page_url(".page", phone, request.args.get("name", ""))

    def render(rows: list[dict]) -> str:
        return render_template("simulator.html", fragment=True, messages=rows, here=here, phone=phone,
                               name=request.args.get("name", ""))

    return jsonify(last_id=max([after] + [m["id"] for m in fresh]), messages=fresh, html=render(fresh),
                   updated={str(m["id"]): render([m]) for m in moved})


@bp.post("/send")
def send() -> Response:
    """Post what the person typed the way Twilio would: signed, through the real webhook, in-process."""
    settings = _runtime().settings
    name = request.form.get("name", "").strip()
    try:
        phone = _party(request.form.get("as"))
    except ValueError as exc:
        flash(f"Nomor tidak valid / invalid number: {exc}")
        return redirect(url_for(".page"))
    back = redirect(_page_url(".page", phone, name) + "#compose")
    try:
        form = twilio_form(settings, phone, name, request.form, request.files.get("file"))
    except ValueError as exc:
        flash(str(exc))
        return back
    signature = RequestValidator(settings.signing_token).compute_signature(settings.public_base_url + WEBHOOK, form)
    answer = current_app.test_client().post(WEBHOOK, data=form, headers={"X-Twilio-Signature": signature})
    if answer.status_code != 200:
        flash(f"Webhook menjawab / answered HTTP {answer.status_code}")
    return back


@bp.post("/clock")
def move_clock() -> Response:
    """Move the bot's clock (web and worker share it offline) ahead, to see what happens once a
    person's 24-hour WhatsApp window has closed."""
    hours = request.form.get("hours", 25, type=float)
    if hours is None or not 0 < hours <= 24 * 30:
        abort(400)
    clock.travel(timedelta(hours=hours))
    flash(f"Jam bot maju {hours:g} jam / the bot's clock moved {hours:g} hours ahead")
    return redirect(request.form.get("back") or url_for(".page"))


@bp.post("/clock/reset")
def reset_clock() -> Response:
    """The bot's clock (web and worker) back to real time. What was stored while it ran ahead keeps
    its later times; to start afresh, see the README."""
    clock.rewind()
    flash("Jam bot kembali ke waktu sebenarnya / the bot's clock is back to real time")
    return redirect(request.form.get("back") or url_for(".page"))


def twilio_form(settings: Settings, phone: str, name: str, fields: MultiDict,
                upload: FileStorage | None) -> dict[str, str]:
    """The fields Twilio posts for one inbound WhatsApp message: text, a location pin or one file."""
    sid = "SM" + secrets.token_hex(16)
    body = fields.get("body", "").replace("\r\n", "\n")
    form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": DEV_ACCOUNT_SID,
            "From": whatsapp_address(phone), "To": settings.sender, "Body": body, "NumMedia": "0",
            "NumSegments": "1", "WaId": phone.lstrip("+"), "SmsStatus": MessageStatus.RECEIVED,
            "ApiVersion": "2010-04-01", "MessageType": "text", "ReferralNumMedia": "0"}
    if name:
        form["ProfileName"] = name
    if fields.get("reply_to"):
        form["OriginalRepliedMessageSid"] = fields["reply_to"]
        form["OriginalRepliedMessageSender"] = settings.sender
    if fields.get("tap_id"):  # a tap on a list row or a quick reply: its title is the Body
        tapped = {"list": {"ListId": fields["tap_id"], "ListTitle": body, "MessageType": "interactive"},
                  "button": {"ButtonPayload": fields["tap_id"], "ButtonText": body, "MessageType": "button"}}
        form.update(tapped.get(fields.get("tap_kind"), tapped["button"]))
        if fields.get("tap_of"):
            form.update(OriginalRepliedMessageSid=fields["tap_of"], OriginalRepliedMessageSender=settings.sender)
    latitude, longitude = fields.get("latitude", "").strip(), fields.get("longitude", "").strip()
    if upload and upload.filename:
        if latitude or longitude:
            raise ValueError("Satu per pesan: berkas atau lokasi / one per message: a file or a location")
        url, content_type = save_upload(settings, upload)
        major = content_type.split("/")[0]
        form.update(NumMedia="1", MediaUrl0=url, MediaContentType0=content_type,
                    MessageType=major if major in ("image", "video", "audio") else "document")
    elif latitude or longitude:
        try:
            lat, lon = float(latitude), float(longitude)
        except ValueError:
            raise ValueError("Lintang dan bujur harus angka / latitude and longitude must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or body.strip():
            raise ValueError("Lokasi tidak valid, atau berisi teks / bad coordinates, or text with a location")
        form.update(Latitude=latitude, Longitude=longitude, MessageType="location")
        form.update({key: fields[field].strip() for key, field in (("Address", "address"), ("Label", "label"))
                     if fields.get(field, "").strip()})
    elif not body.strip():
        raise ValueError("Tidak ada yang dikirim / nothing to send")
    return form


def save_upload(settings: Settings, upload: FileStorage) -> tuple[str, str]:
    """Keep the file under a random token, as Twilio keeps media, and return its URL and type."""
    content_type = upload.mimetype if upload.mimetype not in ("", "application/octet-stream") else (
        mimetypes.guess_type(upload.filename or "")[0] or "application/octet-stream")
    if not _MIME.fullmatch(content_type):
        content_type = "application/octet-stream"
    folder = settings.instance_dir / "dev-media"
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    upload.save(folder / token)
    (folder / f"{token}.type").write_text(content_type)
    return settings.public_base_url + url_for(".dev_media", token=token), content_type


@bp.get("/media/<token>")
def dev_media(token: str) -> Response:
    """Serve an uploaded file to the worker, which downloads it as it would from Twilio."""
    if not _TOKEN.fullmatch(token):
        abort(404)
    folder = _runtime().settings.instance_dir / "dev-media"
    path, type_file = folder / token, folder / f"{token}.type"
    if not path.is_file():
        abort(404)
    content_type = type_file.read_text().strip() if type_file.is_file() else "application/octet-stream"
    response = send_file(path, mimetype=content_type, max_age=0)
    # Anything may be uploaded (HTML too): never let it run as this origin.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
