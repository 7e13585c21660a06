"""The test world: the app served over HTTP on loopback, phones that post signed Twilio webhooks to
it, and an RQ worker run on demand. Tests speak as residents and officials through these.

A step of the conversation alone (a re-prompt, bad input, a word that works everywhere) is tested
faster with the ``ConversationTester``, which hands each message to the handlers directly."""
from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Iterator

import requests
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict
from werkzeug.serving import make_server

from bot import create_app
from bot.db import Database
from bot.directory import load_directory_file
from bot.inbound import receive_inbound
from bot.queueing import FairWorker
from bot.runtime import Runtime, set_worker_runtime
from bot.config import load_settings
from bot.content import ContentApi, refresh_approvals, sync_templates
from handlers import HandlerConfig
from handlers.choices import CHOICES, LIST_PICKER, rows_of
from models import Case, Conversation, Department, Media, Message, Resident, WhatsAppTemplate, clock

WEBHOOK_PATH = "/webhooks/twilio/whatsapp"
BOT_NUMBER = "whatsapp:+14155238886"


SAMPLE_DIRECTORY = Path(__file__).resolve().parent.parent / "bot" / "sample_directory.yaml"


def directory_file(folder: Path, directory: dict) -> Path:
    """``directory`` (the sample's, changed by a test) as a file in ``folder``, with the sample's
    area boundaries beside it, where its relative paths look for them."""
    import shutil

    import yaml

    areas = folder / "sample_areas"
    if not areas.exists():
        shutil.copytree(SAMPLE_DIRECTORY.parent / "sample_areas", areas)
    path = folder / "city.yaml"
    path.write_text(yaml.safe_dump(directory, allow_unicode=True))
    return path


def a_photo(seed: str = "a photo") -> bytes:
    """A real JPEG, different for each ``seed``: the worker re-encodes photos and refuses what is
    not one (jobs/fetching.py)."""
    import hashlib
    import io

    from PIL import Image

    colour = tuple(hashlib.sha256(seed.encode()).digest()[:3])
    out = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(out, "JPEG")
    return out.getvalue()


def twilio_form(number: str, profile_name: str, account_sid: str, body: str = "", **extra: str) -> dict:
    """The fields of a Twilio inbound webhook for a text message from ``number``; ``extra`` adds or
    overrides fields (a pin's, an attachment's, a tap's)."""
    sid = "SM" + secrets.token_hex(16)
    return {
        "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid,
        "AccountSid": account_sid, "From": f"whatsapp:{number}", "To": BOT_NUMBER,
        "Body": body, "NumMedia": "0", "NumSegments": "1", "ProfileName": profile_name,
        "WaId": number.lstrip("+"), "SmsStatus": "received", "ApiVersion": "2010-04-01",
        "MessageType": "text", **extra,
    }


def location_fields(latitude: float, longitude: float, address: str = "", label: str = "") -> dict:
    """What Twilio adds for a WhatsApp location pin (a named place has an address and a label)."""
    fields = {"Latitude": str(latitude), "Longitude": str(longitude), "MessageType": "location"}
    if address:
        fields["Address"] = address
    if label:
        fields["Label"] = label
    return fields


def media_fields(url: str, content_type: str, message_type: str) -> dict:
    """What Twilio adds for one attachment (``message_type``: image, document, sticker …)."""
    return {"NumMedia": "1", "MediaUrl0": url, "MediaContentType0": content_type, "MessageType": message_type}


class LiveServer:
    """A threaded WSGI server on a free loopback port; the app is plugged in once its URL is known
    (the app's PUBLIC_BASE_URL must be that URL, since signatures cover it)."""

    def __init__(self):
        self.app = None
        self.server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _dispatch(self, environ, start_response):
        return self.app(environ, start_response)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class StoredRows:
    """What the database holds, read in a session of its own and detached from it; for a world
    with a ``session()`` (the ``city``, the ``ConversationTester``)."""

    def session(self):
        raise NotImplementedError

    def case(self, ref: str) -> Case:
        with self.session() as session:
            case = session.scalars(select(Case).where(Case.ref == ref)).one()
            session.expunge(case)
            return case

    def only_case(self) -> Case:
        with self.session() as session:
            case = session.scalars(select(Case)).one()
            session.expunge(case)
            return case

    def media(self) -> list[Media]:
        with self.session() as session:
            rows = list(session.scalars(select(Media).order_by(Media.id)))
            for row in rows:
                session.expunge(row)
            return rows

    def messages(self, **where) -> list[Message]:
        """Stored messages matching ``where`` (column=value), oldest first."""
        with self.session() as session:
            query = select(Message).order_by(Message.id)
            for column, value in where.items():
                query = query.where(getattr(Message, column) == value)
            rows = list(session.scalars(query))
            for row in rows:
                session.expunge(row)
            return rows


class City(StoredRows):
    """The bot under test and the people who talk to it."""

    def __init__(self, env: dict, fake, live_server: LiveServer):
        self.env = env
        self.fake = fake
        self.app = create_app(env)
        self.runtime: Runtime = self.app.extensions["lapor"]
        live_server.app = self.app
        self.live_server = live_server
        self.base_url = live_server.base_url
        self.auth_token = env["TWILIO_AUTH_TOKEN"]
        # The worker's jobs use a runtime of their own, built as the worker process builds it.
        self.worker_runtime = Runtime(load_settings(env), for_worker=True)
        set_worker_runtime(self.worker_runtime)

    def restart_worker(self, **env_overrides: str) -> None:
        """Give the worker other settings (a smaller media limit, say), as a redeploy would."""
        self.worker_runtime.db.dispose()
        self.worker_runtime = Runtime(load_settings({**self.env, **env_overrides}), for_worker=True)
        set_worker_runtime(self.worker_runtime)

    def restart_web(self, **env_overrides: str) -> None:
        """Serve the app again with other settings, as a redeploy would."""
        self.runtime.db.dispose()
        self.app = create_app({**self.env, **env_overrides})
        self.runtime = self.app.extensions["lapor"]
        self.live_server.app = self.app

    def close(self) -> None:
        set_worker_runtime(None)
        self.runtime.db.dispose()
        self.worker_runtime.db.dispose()

    def load_directory(self, path: Path) -> None:
        with self.session() as session:
            load_directory_file(session, str(path))
            session.commit()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.runtime.db.session() as session:
            yield session

    def resident(self, phone: str = "+6281200000001", name: str = "Siti") -> "Phone":
        return Phone(self, phone, name)

    def official(self, phone: str = "+6281234500001", name: str = "Budi Santoso") -> "Phone":
        return Phone(self, phone, name)

    def work(self) -> int:
        """Run the worker until the queue is empty; the number of jobs it ran."""
        worker = FairWorker(self.worker_runtime.all_queues, connection=self.worker_runtime.redis)
        ran = 0
        while worker.work(burst=True):
            ran += 1
        return ran

    def queued_jobs(self) -> int:
        """Jobs waiting in the app's queues."""
        return sum(queue.count for queue in self.worker_runtime.all_queues)

    def default_department_id(self) -> int:
        with self.session() as session:
            return session.scalars(select(Department.id).where(Department.is_default)).one()

    def sync_templates(self, *, approve: bool = True) -> list:
        """``flask templates sync`` against the fake's Content API; ``approve`` has WhatsApp approve
        them at once, and the bot learns it as its sweep would."""
        api = ContentApi(self.runtime.settings)
        with self.session() as session:
            lines = sync_templates(session, api)
            if approve:
                self.fake.approve_all()
            jobs = refresh_approvals(session, api)
            session.commit()
        self.runtime.enqueue(jobs)
        return lines

    def refresh_approvals(self) -> None:
        """What the worker's sweep does each minute about templates under review."""
        with self.session() as session:
            jobs = refresh_approvals(session, ContentApi(self.runtime.settings))
            session.commit()
        self.runtime.enqueue(jobs)


class ReadsReplies:
    """What the bot decided to say to one number (``outbox()``), read as its owner reads a chat:
    what is new since they last looked."""

    _seen = 0

    def outbox(self) -> list[Message]:
        raise NotImplementedError

    def replies(self) -> list[str]:
        """Bodies the bot decided to send since the last call."""
        bodies = [message.body for message in self.outbox()]
        new, self._seen = bodies[self._seen:], len(bodies)
        return new

    def last_reply(self) -> str:
        bodies = self.replies()
        assert bodies, "the bot said nothing"
        return bodies[-1]


class Phone(ReadsReplies):
    """A WhatsApp user: posts what Twilio would post, signed as Twilio signs it."""

    def __init__(self, city: City, number: str, profile_name: str):
        self.city = city
        self.number = number
        self.address = f"whatsapp:{number}"
        self.profile_name = profile_name

    def form(self, body: str = "", **extra: str) -> dict:
        """The fields of a Twilio inbound webhook for a text message from this phone."""
        return twilio_form(self.number, self.profile_name, self.city.env["TWILIO_ACCOUNT_SID"], body, **extra)

    def post(self, form: dict, *, signature: str | None = None) -> requests.Response:
        """POST ``form`` to the webhook over HTTP, signed unless ``signature`` says otherwise."""
        url = self.city.base_url + WEBHOOK_PATH
        self.city.fake.received_from(self.address)  # Twilio has it, whatever the webhook answers
        if signature is None:
            signature = RequestValidator(self.city.auth_token).compute_signature(url, form)
        response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)
        return response

    def send(self, body: str = "", **extra: str) -> requests.Response:
        response = self.post(self.form(body, **extra))
        assert response.status_code == 200, response.text
        return response

    def send_location(self, latitude: float, longitude: float, address: str = "",
                      label: str = "") -> requests.Response:
        return self.send("", **location_fields(latitude, longitude, address, label))

    def send_media(self, content: bytes | None = None, content_type: str = "image/jpeg",
                   caption: str = "", message_type: str = "image") -> requests.Response:
        url = self.city.fake.add_media(a_photo() if content is None else content, content_type)
        return self.send(caption, **media_fields(url, content_type, message_type))

    def tap_read(self, template_sid: str) -> requests.Response:
        """A tap on the *Baca* quick reply of one of the bot's templates, as Twilio posts it."""
        return self.send("Baca", ButtonText="Baca", ButtonPayload="lapor_read", MessageType="button",
                         OriginalRepliedMessageSid=template_sid, OriginalRepliedMessageSender=BOT_NUMBER)

    def tap(self, title: str, *, back: int = 0, replying: bool = True) -> requests.Response:
        """A tap on the row or button ``title`` of the newest list picker or quick reply this phone
        got (``back`` messages earlier: an old one), posted as Twilio posts it: the title as Body,
        the choice's id as ``ListId`` (a list) or ``ButtonPayload`` (a button), and, unless not
        ``replying``, the message it belongs to as the one replied to."""
        self.city.work()  # what the bot decided reaches the phone first
        offered = [sent for sent in self.received() if sent.buttons]
        assert len(offered) > back, "this phone was never offered that much to tap"
        sent = offered[-1 - back]
        choice = next((button for button in sent.buttons if button["title"] == title), None)
        assert choice is not None, f"no {title!r} among {[button['title'] for button in sent.buttons]}"
        context = {"OriginalRepliedMessageSid": sent.sid, "OriginalRepliedMessageSender": BOT_NUMBER} if replying else {}
        if self.city.fake.content(sent.content_sid).content_type == "twilio/list-picker":
            return self.send(title, ListId=choice["id"], ListTitle=title, MessageType="interactive", **context)
        return self.send(title, ButtonText=title, ButtonPayload=choice["id"], MessageType="button", **context)

    def reply_to(self, replied_sid: str, body: str) -> requests.Response:
        """A WhatsApp swipe-reply: Twilio names the message being answered."""
        return self.send(body, OriginalRepliedMessageSid=replied_sid, OriginalRepliedMessageSender=BOT_NUMBER)

    # --- what the bot said to this phone ------------------------------------------------------

    def outbox(self) -> list[Message]:
        """Every message the bot decided to send this phone (stored, sent or not), oldest first."""
        return self.city.messages(direction="out", phone=self.number)

    def received(self) -> list:
        """What reached this phone through the (fake) Twilio API."""
        return self.city.fake.messages_to(self.address)


# --- stories several test modules tell --------------------------------------------------------

#: The pothole report's description (``file_pothole_report``).
DESCRIPTION = "Lubang besar di jalan depan SD Negeri 1, sudah dua minggu belum ditambal."
#: A drain report's (``file_drain_report``).
DRAIN_DESCRIPTION = "Got depan rumah tersumbat sampah, air meluap ke jalan setiap hujan."
#: "Saluran air / got di lingkungan" in the category list: route: area, department: pu.
DRAIN = "4"
#: Inside kelurahan Fatululi (bot/sample_areas/), whose lurah and staff are in the sample directory.
IN_FATULULI = (-10.175, 123.616)
#: Budi Santoso, Dinas PU's official: "jalan" routes there.
BUDI = "+6281234500001"


def file_pothole_report(resident: Phone, *, photo: bytes | None = None) -> None:
    """The whole conversation for a damaged road, with a map pin and one photo."""
    resident.send("halo")
    resident.send("1")            # menu: file a report
    resident.send("1")            # category: Jalan rusak
    resident.send(DESCRIPTION)
    resident.send_location(-6.917464, 107.619123, address="Jl. Merdeka No. 1, Bandung", label="SD Negeri 1")
    resident.send_media(a_photo("pothole") if photo is None else photo, "image/jpeg")
    resident.send("selesai")
    resident.send("ya")


def official_wrote_today(city: City, phone: str = BUDI) -> tuple[Phone, int]:
    """An official who greeted the bot today: their 24-hour window is open, so the forward comes as
    free-form text with its photo (tests/test_whatsapp_window.py covers the officials who did not).
    Returns the official and how many messages they had received so far."""
    official = city.official(phone)
    official.send("/bantuan")
    city.work()
    return official, len(official.received())


def forwarded_case(city: City) -> tuple[Phone, Phone, object]:
    """A resident's pothole report, forwarded to Dinas PU; returns (resident, official, forward)."""
    resident = city.resident(name="Siti")
    file_pothole_report(resident)
    city.work()
    official = city.official(BUDI)
    forward = official.received()[0]
    resident.replies()
    return resident, official, forward


def report_up_to_the_location(resident: Phone, category: str, *, pin: tuple[float, float] | None = None,
                              address: str | None = None) -> None:
    """A drain-like report up to the location, a ``pin`` or a typed ``address``; the caller finishes
    (or answers the kelurahan question)."""
    resident.send("halo")
    resident.send("1")
    resident.send(category)
    resident.send(DRAIN_DESCRIPTION)
    if pin is not None:
        resident.send_location(*pin)
    else:
        resident.send(address)


def finish_report(resident: Phone) -> str:
    """``selesai`` and ``ya``; the summary the resident confirmed."""
    resident.send("selesai")
    summary = resident.last_reply()
    resident.send("ya")
    return summary


def file_drain_report(resident: Phone, pin: tuple[float, float] = IN_FATULULI) -> None:
    """A whole drain report (a category routed by area) with a pin, in Fatululi unless told."""
    report_up_to_the_location(resident, DRAIN, pin=pin)
    finish_report(resident)


IDEA_TITLE = "Taman bermain di lahan kosong RT 05"
IDEA = ("Lahan kosong di samping balai RT 05 bisa menjadi taman bermain anak. Hubungi saya di 0812 3456 7890 "
        "bila perlu.")


def share_an_idea(resident: Phone, *, photo: bool = False) -> None:
    """An idea for the parks theme (Dinas Lingkungan Hidup answers it) in Fatululi, through signed
    webhooks, tapping where a phone would."""
    resident.send("halo")
    resident.send("aspirasi")
    resident.tap("Taman dan ruang hijau")
    resident.send(IDEA_TITLE)
    resident.send(IDEA)
    resident.send_location(*IN_FATULULI)
    if photo:
        resident.send_media(a_photo("playground"), "image/jpeg")
    else:
        resident.tap("Lewati")
    resident.tap("Kirim")


def template_of(city: City, sent) -> str | None:
    """Which of the bot's templates a message that reached Twilio was (its purpose), if any."""
    if not sent.content_sid:
        return None
    with city.session() as session:
        return session.scalars(select(WhatsAppTemplate.purpose).where(
            WhatsAppTemplate.content_sid == sent.content_sid)).first()


@contextmanager
def counted_queries(city: City) -> Iterator[list]:
    """How many SQL statements the block issued, to catch N+1 loads."""
    statements = []
    engines = {city.runtime.db.engine, city.runtime.db.read_engine}
    city.fake.wait_for_callbacks()  # Twilio fetching evidence from the app meanwhile is not the page's doing

    def count(*_args):
        statements.append(1)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


# --- the console in a headless browser (the ``browser`` and ``phone_page`` fixtures) ------------

#: Debian's Chromium, which Playwright drives.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE_VIEWPORT = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
#: The console admin ``make_admin`` creates, as the browser signs in.
ADMIN_EMAIL = "admin@kota.go.id"
ADMIN_PASSWORD = "kata sandi konsol yang panjang"


def make_admin(city: City, monkeypatch) -> None:
    """``flask admins create``, as the city's IT team makes the first console account."""
    monkeypatch.setenv("ADMIN_PASSWORD", ADMIN_PASSWORD)
    result = city.app.test_cli_runner().invoke(args=["admins", "create", ADMIN_EMAIL, "--role", "admin"])
    assert result.exit_code == 0, result.output


def no_problems_so_far(page) -> None:
    """Fail at once, and say why, when a page answered with an error (a 500 shows up here first)."""
    assert page.problems == [], f"at {page.url}: {page.problems}"


# --- the conversation alone ---------------------------------------------------------------------

#: The resident a ``ConversationTester`` speaks as, unless told otherwise (as ``City.resident``'s).
RESIDENT = "+6281200000001"
#: An account for the form's AccountSid: nothing checks it without the webhook's signature.
TESTER_ACCOUNT_SID = "AC" + "0" * 32


class ConversationTester(StoredRows, ReadsReplies):
    """A resident talking to the conversation logic itself, after Praekelt's ``AppTester``.

    Each message is received as the webhook receives it, without HTTP: Twilio's form, parsed and
    stored by ``bot.inbound.store_inbound``, handled by ``handlers.handle_stored`` and committed, in
    one transaction (``receive_inbound``, which the webhook and the spool's drain call too). The
    replies are the outbound rows the handlers wrote, as the resident would read them. No RQ,
    worker or Twilio is involved, so a step's re-prompt takes milliseconds.

    Nothing is ever sent. What reaches officials or a phone (forwards, templates, the 24-hour
    window, delivery, downloaded evidence) is the end-to-end ``city``'s to test; what the handlers
    left for the worker is in ``decided``. Time is ``models.clock``'s, which ``later`` moves."""

    def __init__(self, db: Database, config: HandlerConfig, number: str = RESIDENT, profile_name: str = "Siti"):
        self.db = db
        self.config = config
        self.number = number
        self.profile_name = profile_name
        #: The jobs the handlers decided for the worker, (function path, args), oldest first.
        self.decided: list[tuple[str, tuple]] = []

    @classmethod
    def in_the_sample_city(cls, database_url: str) -> "ConversationTester":
        """A resident of the sample city: ``database_url`` (migrated, empty) with the sample directory
        loaded as the ``city`` fixture loads it, and the handlers configured as that city's web app
        configures them (CASE_PREFIX LPR, the default zone)."""
        tester = cls(Database(database_url), HandlerConfig(case_prefix="LPR"))
        tester.load_directory(SAMPLE_DIRECTORY)
        return tester

    def someone_else(self, number: str, profile_name: str = "Warga") -> "ConversationTester":
        """Another resident of the same city, with a conversation of their own."""
        return ConversationTester(self.db, self.config, number, profile_name)

    def close(self) -> None:
        self.db.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

    def load_directory(self, path: Path) -> None:
        """``flask directory load``, as the city's IT team runs it."""
        with self.session() as session:
            load_directory_file(session, str(path))
            session.commit()

    def later(self, **how_long: float) -> None:
        """The resident comes back after ``how_long`` (``hours=25``): the one clock moves on."""
        clock.travel(timedelta(**how_long))

    # --- what the resident does -----------------------------------------------------------------

    def send(self, body: str = "", **extra: str) -> None:
        """A text message; ``extra``: more of Twilio's fields, as they name them."""
        form = MultiDict(twilio_form(self.number, self.profile_name, TESTER_ACCOUNT_SID, body, **extra))
        with self.session() as session:
            jobs = receive_inbound(session, form, self.config)
            status, error = session.execute(select(Message.status, Message.error_message).where(
                Message.sid == form["MessageSid"])).one()
        self.decided.extend(jobs.calls)
        # A handler that failed says sorry to the resident; here it is the test that fails, and why.
        assert status == "processed", f"the message was left {status}: {error}"

    def send_location(self, latitude: float, longitude: float, address: str = "", label: str = "") -> None:
        """A WhatsApp location pin."""
        self.send("", **location_fields(latitude, longitude, address, label))

    def send_media(self, content: bytes | None = None, content_type: str = "image/jpeg", caption: str = "",
                   message_type: str = "image") -> None:
        """One attachment, as ``Phone.send_media`` takes it, so that a story written for a phone
        runs here too. Only Twilio's form reaches the handlers: ``content`` goes nowhere, since
        downloading the file is the worker's, and there is none here."""
        url = (f"https://api.twilio.com/2010-04-01/Accounts/{TESTER_ACCOUNT_SID}/Messages/"
               f"MM{secrets.token_hex(16)}/Media/ME{secrets.token_hex(16)}")
        self.send(caption, **media_fields(url, content_type, message_type))

    def tap(self, title: str, *, back: int = 0) -> None:
        """A tap on the row or button ``title`` of the newest list or buttons the bot offered
        (``back`` offers earlier: an old message), posted as Twilio posts a tap: the title as Body,
        the choice's id as ``ListId`` (a list) or ``ButtonPayload`` (a button). Nothing was sent, so
        there is no Twilio sid for the tap to name as the message it replies to: taps that must
        say which message they answer are ``Phone.tap``'s, end to end."""
        offers = self._offers()
        assert len(offers) > back, "this resident was never offered that much to tap"
        offer = offers[-1 - back]
        rows = rows_of(offer, self._language())
        choice_id = next((choice_id for row_title, choice_id, _ in rows if row_title == title), None)
        assert choice_id is not None, f"no {title!r} among {[row_title for row_title, _, _ in rows]}"
        if CHOICES[offer["purpose"]].kind == LIST_PICKER:
            self.send(title, ListId=choice_id, ListTitle=title, MessageType="interactive")
        else:
            self.send(title, ButtonText=title, ButtonPayload=choice_id, MessageType="button")

    # --- what the bot said, and where the conversation stands ------------------------------------

    def outbox(self) -> list[Message]:
        """Every message the bot decided to send this resident, oldest first."""
        return self.messages(direction="out", phone=self.number)

    def offered(self) -> list[str]:
        """The titles of the taps on the newest message that offered any (WhatsApp's list rows or
        buttons), as the resident's phone would show them; none if nothing offered taps."""
        offers = self._offers()
        return [title for title, _, _ in rows_of(offers[-1], self._language())] if offers else []

    @property
    def state(self) -> str | None:
        """The conversation's step (a state value of one of ``handlers.flows``); None before the first message."""
        return self._conversation_column(Conversation.state)

    @property
    def draft(self) -> dict:
        """The report being written, as its flow keeps it (under its own key in the draft)."""
        return (self._conversation_column(Conversation.draft) or {}).get("report", {})

    def _offers(self) -> list[dict]:
        """What each message that offered taps offered (``Message.choices``), oldest first; not what
        was held back from a resident who opted out."""
        return [message.choices for message in self.outbox() if message.choices and message.status != "suppressed"]

    def _language(self) -> str:
        with self.session() as session:
            return session.scalars(select(Resident.language).where(Resident.phone == self.number)).one()

    def _conversation_column(self, column):
        with self.session() as session:
            return session.scalars(select(column).join(Resident, Resident.id == Conversation.resident_id)
                                   .where(Resident.phone == self.number)).first()
