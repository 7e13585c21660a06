"""A fake Twilio REST API on loopback, so the real twilio-python client and `requests` talk HTTP to it.

It is as strict as Twilio is with a production WhatsApp sender. What Twilio refuses at once is an
HTTP error from ``messages.create`` (a bad number, an unknown ContentSid, bad ContentVariables); what
WhatsApp refuses later (the 24-hour window closed, a template not approved, media Twilio could not
fetch, a number not on WhatsApp) is accepted as ``queued`` and then reported, after the answer, through
the message's StatusCallback. It also serves the Content API (``content.twilio.com/v1/Content``:
create, fetch, list, delete, WhatsApp approval), looking back (``messages.list``), inbound media
behind basic auth with a redirect to a CDN, status callbacks signed as Twilio signs them, and failure
injection (429, accepted-then-500, permanent 4xx, Twilio down).

One clock (``clock``) dates everything and decides the window, so a test that moves the bot's clock
moves Twilio's too. Each error code below names the Twilio page that describes it.
"""
from __future__ import annotations

import ipaddress
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from http import HTTPStatus
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit

import phonenumbers
import requests
from twilio.request_validator import RequestValidator
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

API_VERSION = "2010-04-01"
#: The Content API's origin. Its answers name it, as Twilio's do; clients rewrite it like api.twilio.com.
CONTENT_ORIGIN = "https://content.twilio.com"
#: WhatsApp's customer service window: free-form messages only this long after the user last wrote.
WINDOW = timedelta(hours=24)

# --- Twilio's error codes (https://www.twilio.com/docs/api/errors/NNNNN) ------------------------------
#: Answered at once (HTTP 400) by ``messages.create``.
INVALID_TO = 21211              # the 'To' number is not a valid phone number
CONTENT_SID_REQUIRED = 21654    # ContentVariables without a ContentSid
INVALID_CONTENT_SID = 21655     # ContentSid malformed, unknown or deleted
INVALID_VARIABLES = 21656       # ContentVariables not a JSON object of non-empty strings, a value missing, or
                                # (sent as a WhatsApp template) a value with a newline, tab or > 4 spaces
#: Answered at once by the Content API.
TOO_LONG = 21658                # a field over its character limit at content creation
ALREADY_SUBMITTED = 92009       # the content was already submitted for WhatsApp approval
BAD_REQUEST = 400               # any other malformed Content API request (Twilio documents no code)
#: Reported later through the StatusCallback.
OUTSIDE_WINDOW = 63016          # free-form, or a template not approved, outside the 24-hour window
MEDIA_DOWNLOAD = 63019          # Twilio could not fetch a MediaUrl (error, non-2xx, 0 bytes)
INVALID_CONTENT = 63021         # the channel refused the content: media type, > 1,024 characters filled in,
                                # more than 3 quick replies in a session message without approval
NOT_ON_WHATSAPP = 63024         # invalid message recipient (default of ``unreachable``)
MEDIA_TOO_BIG = 11751           # media over the size limit (images 5 MB, any media 16 MB)

ERROR_MESSAGES = {
    OUTSIDE_WINDOW: "Outside messaging window. For WhatsApp, use a Message Template instead",
    MEDIA_DOWNLOAD: "Media failed to download",
    INVALID_CONTENT: "Channel invalid content error",
    NOT_ON_WHATSAPP: "Invalid message recipient",
    MEDIA_TOO_BIG: "Media exceeds messaging provider size limit",
    63003: "Channel could not find To address",
}

IMAGE_LIMIT = 5 * 1024 * 1024
MEDIA_LIMIT = 16 * 1024 * 1024
#: What WhatsApp takes as media (twilio.com/docs/whatsapp/guidance-whatsapp-media-messages).
WHATSAPP_MEDIA_TYPES = frozenset({
    "image/jpeg", "image/png", "image/webp",
    "audio/ogg", "audio/amr", "audio/3gpp", "audio/aac", "audio/mpeg", "audio/mp4",
    "video/mp4", "video/3gpp", "video/3gp",
    "application/pdf", "text/plain", "application/msword", "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
})
#: Content types this fake models, the one a WhatsApp phone is shown first.
RICHEST_FIRST = ("twilio/quick-reply", "twilio/list-picker", "twilio/text")
CATEGORIES = frozenset({"UTILITY", "MARKETING", "AUTHENTICATION"})

_PLACEHOLDER = re.compile(r"\{\{([A-Za-z0-9_]+)\}\}")
_CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]{1,512}")
#: What WhatsApp refuses inside a template's variable: a newline, a tab, more than four spaces in a row.
_BAD_PARAMETER = re.compile(r"[\r\n\t]| {5,}")


@dataclass
class SentMessage:
    """One message the app handed to Twilio, as Twilio recorded it."""
    sid: str
    to: str
    from_: str
    body: str
    media_urls: list[str]
    status_callback: str | None
    content_sid: str | None
    content_variables: str | None
    created: datetime
    status: str = "queued"
    #: Twilio's ErrorCode once the message is ``failed`` or ``undelivered``.
    error_code: int | None = None
    #: The text the phone shows: the Body, or the content's body with its variables filled in.
    rendered: str = ""
    #: The choices the phone shows: a quick reply's actions (a list picker's items) as ``{"title", "id"}``.
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Approval:
    """A content's WhatsApp approval request: received, pending, then approved or rejected."""
    name: str
    category: str
    status: str = "received"
    rejection_reason: str = ""


@dataclass
class Content:
    """One Content API resource (``HX…``), as created, and where its WhatsApp approval stands."""
    sid: str
    friendly_name: str
    language: str
    variables: dict[str, str]
    types: dict[str, dict]
    created: datetime
    approval: Approval | None = None
    deleted: bool = False

    @property
    def content_type(self) -> str:
        """The type a WhatsApp phone gets: the richest one the content defines."""
        return next(kind for kind in RICHEST_FIRST if kind in self.types)

    @property
    def approval_status(self) -> str:
        return self.approval.status if self.approval else "unsubmitted"

    def placeholders(self) -> set[str]:
        return {name for text in _texts(self.types) for name in _PLACEHOLDER.findall(text)}

    def render(self, values: dict[str, str]) -> tuple[str, list[dict[str, str]]]:
        """What the phone shows: the body and the choices, variables filled in."""
        spec = self.types[self.content_type]
        choices = spec.get("actions") or [{"title": item["item"], "id": item["id"]} for item in spec.get("items", [])]
        buttons = [{"title": _fill(choice["title"], values), "id": choice["id"]} for choice in choices]
        return _fill(spec["body"], values), buttons


@dataclass(frozen=True)
class Refusal:
    """How a message ends when Twilio or WhatsApp refuses it after accepting it."""
    status: str  # failed (Twilio could not send it) | undelivered (WhatsApp refused it)
    code: int


@dataclass(frozen=True)
class CallbackResult:
    """One asynchronous failure callback: ``http_status`` is the app's answer, None when nothing was
    posted (no StatusCallback, not a loopback URL, connection refused)."""
    message_sid: str
    status: str
    error_code: int
    http_status: int | None


@dataclass(frozen=True)
class ApiRequest:
    """One request that reached the API host: what a test needs to check who sent what, with what auth."""
    method: str
    path: str
    query: dict[str, str]
    auth: tuple[str, str] | None


@dataclass(frozen=True)
class _Failure:
    status: int
    code: int
    message: str
    after_accepting: bool


@dataclass(frozen=True)
class _Sending:
    """A create that Twilio accepts: what the phone would show and how it ends later, if badly."""
    rendered: str
    buttons: list[dict[str, str]]
    refusal: Refusal | None
    fetches_media: bool


class _Refused(Exception):
    """A request Twilio answers at once with an error."""

    def __init__(self, code: int, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def response(self) -> Response:
        return _error(self.status, self.code, self.message)


@dataclass
class _Server:
    """A WSGI app served by werkzeug on a free loopback port, in a daemon thread."""
    app: Callable
    server: BaseWSGIServer = field(init=False)
    thread: threading.Thread = field(init=False)

    def __post_init__(self) -> None:
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _rfc2822(moment: datetime) -> str:
    """Twilio's date format, e.g. ``Thu, 30 Jul 2015 20:12:31 +0000``."""
    return format_datetime(moment.replace(microsecond=0))


def _iso8601(moment: datetime) -> str:
    """The Content API's date format, e.g. ``2015-07-30T20:12:31Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(payload: dict, status: int) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def _error(status: int, code: int, message: str) -> Response:
    """Twilio's error body; twilio-python turns it into ``TwilioRestException(status, code)``."""
    return _json({"code": code, "message": message, "status": status,
                  "more_info": f"https://www.twilio.com/docs/errors/{code}"}, status)


def _not_found(path: str) -> Response:
    return _error(404, 20404, f"The requested resource {path} was not found")


class FakeTwilio:
    """Twilio's REST API and Content API (``base_url``) and its media CDN (``cdn_base_url``, another
    origin, as the real one is: `requests` only drops credentials on a redirect when the host or port
    changes).

    ``clock`` (no arguments, an aware UTC datetime) dates every message and decides the window.
    ``fetch_media``: fetch each outbound MediaUrl as Twilio does (loopback URLs only).
    ``auto_approve``: WhatsApp reviews an approval request the moment it arrives.
    """

    def __init__(self, clock: Callable[[], datetime] | None = None, *, fetch_media: bool = True,
                 auto_approve: bool = False) -> None:
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.fetch_media = fetch_media
        self.auto_approve = auto_approve
        #: Twilio itself fills a template's missing variable with the content's sample value; by default
        #: the fake refuses it (21656) instead, since a sample reaching a resident is a bug.
        self.variable_fallback = False
        #: Seconds between the create's answer and an asynchronous failure callback.
        self.callback_delay = 0.05
        self.account_sid = "AC" + secrets.token_hex(16)
        self.auth_token = secrets.token_hex(16)
        self.messages: list[SentMessage] = []
        self.contents: list[Content] = []  # every content created, deleted ones flagged
        self.callback_results: list[CallbackResult] = []
        self.requests: list[ApiRequest] = []
        self.cdn_requests: list[bool] = []  # one entry per CDN request: did it carry Authorization?
        self._media: dict[str, tuple[bytes, str]] = {}  # "MM…/ME…" -> (content, type)
        self._cdn: dict[str, tuple[str, tuple[bytes, str]]] = {}  # token -> ("MM…/ME…", (content, type))
        self._media_faults: dict[str, int] = {}  # "MM…/ME…" -> the status its CDN answers instead
        self._media_redirects: dict[str, str] = {}  # "MM…/ME…" -> where the API sends the fetcher
        self._failures: list[_Failure] = []
        self._last_inbound: dict[str, datetime] = {}  # whatsapp:+… -> when the user last wrote
        self._unreachable: dict[str, int] = {}  # whatsapp:+… -> the code WhatsApp reports
        #: Statuses to post to a new message's StatusCallback before answering its create: Twilio
        #: can be quicker than the caller's own bookkeeping.
        self.callbacks_before_answer: list[str] = []
        #: Seconds a create takes between Twilio recording the message and its answer leaving: a
        #: caller killed meanwhile has sent a message it never heard of.
        self.answer_delay = 0.0
        #: Creates recorded but not yet answered.
        self.answers_in_flight = 0
        self._down = False
        self._stopped = False
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)  # notified when an asynchronous delivery ends
        self._pending = 0
        self._routes = Map([
            Rule(f"/{API_VERSION}/Accounts/<sid>/Messages.json", endpoint="messages", methods=["GET", "POST"]),
            Rule(f"/{API_VERSION}/Accounts/<sid>/Messages/<mm>/Media/<me>", endpoint="media", methods=["GET"]),
            Rule("/v1/Content", endpoint="contents", methods=["GET", "POST"]),
            Rule("/v1/Content/<content_sid>", endpoint="content", methods=["GET", "DELETE"]),
            Rule("/v1/Content/<content_sid>/ApprovalRequests", endpoint="approval_fetch", methods=["GET"]),
            Rule("/v1/Content/<content_sid>/ApprovalRequests/whatsapp", endpoint="approval_create",
                 methods=["POST"]),
        ])
        self._api: _Server | None = None
        self._cdn_server: _Server | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> "FakeTwilio":
        self._api, self._cdn_server = _Server(self._api_app), _Server(self._cdn_app)
        return self

    def stop(self) -> None:
        """Stop serving; deliveries still running finish without posting anything."""
        self._stopped = True
        with self._settled:
            self._settled.wait_for(lambda: self._pending == 0, timeout=5)
        for server in (self._api, self._cdn_server):
            if server:
                server.stop()

    def __enter__(self) -> "FakeTwilio":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._api, "FakeTwilio is not started"
        return self._api.url

    @property
    def cdn_base_url(self) -> str:
        assert self._cdn_server, "FakeTwilio is not started"
        return self._cdn_server.url

    # --- what tests arrange and inspect --------------------------------------------------------

    def fail_next(self, count: int = 1, status: int = 429, code: int = 20429,
                  message: str | None = None, after_accepting: bool = False) -> None:
        """The next ``count`` creates fail (message defaults to the HTTP reason); ``after_accepting``
        records the message first ("Twilio got it but we never heard back")."""
        failure = _Failure(status, code, message or HTTPStatus(status).phrase, after_accepting)
        with self._lock:
            self._failures.extend([failure] * count)

    def down(self) -> None:
        """Every request (API and CDN) gets a 503 until ``up()``."""
        self._down = True

    def up(self) -> None:
        self._down = False

    def received_from(self, address: str, at: datetime | None = None) -> None:
        """``address`` (``whatsapp:+62…``) just wrote to the bot: its 24-hour window runs from now,
        or from ``at`` (a test saying when Twilio really took that last message)."""
        moment = at or self.clock()
        with self._lock:
            self._last_inbound[address] = moment

    def window_open(self, address: str) -> bool:
        """May free-form text reach ``address`` now: did it write within the last 24 hours?"""
        with self._lock:
            last = self._last_inbound.get(address)
        return last is not None and self.clock() - last <= WINDOW

    def unreachable(self, address: str, code: int = NOT_ON_WHATSAPP) -> None:
        """Messages to ``address`` are accepted, then WhatsApp refuses them with ``code`` (63024 not a
        valid recipient, 63003 not found…), reported as ``undelivered`` through the StatusCallback."""
        with self._lock:
            self._unreachable[address] = code

    def add_media(self, content: bytes, content_type: str, *, redirect_to: str | None = None) -> str:
        """An inbound ``MediaUrl``: needs basic auth, then redirects to the CDN (or to
        ``redirect_to``: a CDN that is not Twilio's)."""
        key = f"MM{secrets.token_hex(16)}/Media/ME{secrets.token_hex(16)}"
        with self._lock:
            self._media[key] = (content, content_type)
            if redirect_to:
                self._media_redirects[key] = redirect_to
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/{key}"

    def break_media(self, url: str, status: int = 500) -> None:
        """The CDN answers ``status`` for this ``MediaUrl`` until ``mend_media``."""
        with self._lock:
            self._media_faults[self._media_key(url)] = status

    def mend_media(self, url: str) -> None:
        with self._lock:
            self._media_faults.pop(self._media_key(url), None)

    def media_fetches(self, url: str) -> int:
        """How many times ``url`` (a ``MediaUrl``) was asked for on the API host."""
        path = urlsplit(url).path
        with self._lock:
            return sum(1 for request in self.requests if request.path == path)

    @staticmethod
    def _media_key(url: str) -> str:
        return urlsplit(url).path.split("/Messages/", 1)[1]

    @property
    def cdn_requests_with_auth(self) -> int:
        """How many CDN requests carried an Authorization header (credentials that leaked)."""
        return sum(self.cdn_requests)

    def messages_to(self, address: str) -> list[SentMessage]:
        """Messages sent to ``address`` (``whatsapp:+62…``), oldest first."""
        with self._lock:
            return [message for message in self.messages if message.to == address]

    def wait_for(self, predicate: Callable[[SentMessage], bool], timeout: float = 10,
                 count: int = 1) -> list[SentMessage]:
        """Poll until ``count`` recorded messages satisfy ``predicate``; the app sends from other threads."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                matching = [message for message in self.messages if predicate(message)]
                recorded = list(self.messages)
            if len(matching) >= count:
                return matching
            if time.monotonic() > deadline:
                raise AssertionError(f"wanted {count} matching message(s) in {timeout}s; recorded: {recorded}")
            time.sleep(0.02)

    def wait_for_callbacks(self, timeout: float = 10) -> list[CallbackResult]:
        """Block until every asynchronous delivery started so far has ended, its failure callback (if
        any) posted and answered; then a test may run the worker. Every result so far, oldest first."""
        with self._settled:
            if not self._settled.wait_for(lambda: self._pending == 0, timeout=timeout):
                raise AssertionError(f"{self._pending} asynchronous delivery(ies) still running after {timeout}s")
            return list(self.callback_results)

    def sign(self, url: str, params: dict[str, str]) -> str:
        """The ``X-Twilio-Signature`` Twilio would send for a POST of ``params`` to ``url``."""
        return RequestValidator(self.auth_token).compute_signature(url, params)

    def send_status(self, message_sid: str, status: str, error_code: str | None = None,
                    target_base_url: str | None = None) -> int:
        """POST a status callback for ``message_sid``, signed over its recorded StatusCallback URL;
        ``target_base_url`` sends it to another origin (same path) without changing what is signed."""
        with self._lock:
            message = next((m for m in self.messages if m.sid == message_sid), None)
            assert message and message.status_callback, f"no message {message_sid} with a StatusCallback"
            message.status = status
            if error_code:
                message.error_code = int(error_code)
        return self._post_status(message, status, error_code, target_base_url)

    # --- the Content API, as a test drives WhatsApp's side of it ------------------------------

    def content(self, sid_or_friendly_name: str) -> Content:
        """The live content with that sid or friendly name (exactly one)."""
        with self._lock:
            found = [c for c in self.contents if not c.deleted
                     and sid_or_friendly_name in (c.sid, c.friendly_name)]
        assert len(found) == 1, f"{len(found)} live content(s) named {sid_or_friendly_name!r}"
        return found[0]

    def approve(self, sid_or_friendly_name: str) -> str:
        """WhatsApp reviews a submitted content now: approved, unless its body breaks WhatsApp's rules
        on placeholders (then rejected, as WhatsApp would). The resulting status."""
        content = self.content(sid_or_friendly_name)
        assert content.approval, f"{content.sid} was never submitted for WhatsApp approval"
        return self._review(content)

    def reject(self, sid_or_friendly_name: str, reason: str) -> None:
        """WhatsApp turns a submitted content down, with ``reason``."""
        content = self.content(sid_or_friendly_name)
        assert content.approval, f"{content.sid} was never submitted for WhatsApp approval"
        with self._lock:
            content.approval.status, content.approval.rejection_reason = "rejected", reason

    def approve_all(self) -> dict[str, str]:
        """WhatsApp reviews every request still under review; each content's resulting status."""
        with self._lock:
            waiting = [c for c in self.contents if not c.deleted and c.approval_status in ("received", "pending")]
        return {content.sid: self._review(content) for content in waiting}

    def revoke_all(self) -> None:
        """Every submitted content is back under review (``pending``), as just after a first
        ``flask templates sync``: nothing approved yet."""
        with self._lock:
            for content in self.contents:
                if content.approval:
                    content.approval.status, content.approval.rejection_reason = "pending", ""

    def _review(self, content: Content) -> str:
        problem = _whatsapp_format_problem(content)
        with self._lock:
            assert content.approval
            content.approval.status = "rejected" if problem else "approved"
            content.approval.rejection_reason = problem or ""
            return content.approval.status

    # --- the API host --------------------------------------------------------------------------

    @Request.application
    def _api_app(self, request: Request) -> Response:
        auth = request.authorization
        credentials = (auth.username or "", auth.password or "") if auth and auth.type == "basic" else None
        with self._lock:
            self.requests.append(ApiRequest(request.method, request.path, request.args.to_dict(), credentials))
        if self._down:
            return _error(503, 20503, "Service Unavailable")
        try:
            endpoint, values = self._routes.bind_to_environ(request.environ).match()
        except HTTPException:
            return _not_found(request.path)
        if credentials != (self.account_sid, self.auth_token):
            response = _error(401, 20003, "Authenticate")
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
            return response
        if values.pop("sid", self.account_sid) != self.account_sid:
            return _not_found(request.path)
        try:
            return getattr(self, f"_on_{endpoint}")(request, **values)
        except _Refused as refused:
            return refused.response()

    def _on_messages(self, request: Request) -> Response:
        return self._create(request) if request.method == "POST" else self._list(request)

    def _on_media(self, request: Request, mm: str, me: str) -> Response:
        return self._redirect_to_cdn(f"{mm}/Media/{me}")

    # --- Messages: create ----------------------------------------------------------------------

    def _create(self, request: Request) -> Response:
        form = request.form
        _check_message_form(form)
        sending = self._judge(form)
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
            if failure and not failure.after_accepting:
                return _error(failure.status, failure.code, failure.message)
            message = SentMessage(sid="SM" + secrets.token_hex(16), to=form["To"], from_=form["From"],
                                  body=form.get("Body", ""), media_urls=form.getlist("MediaUrl"),
                                  status_callback=form.get("StatusCallback"),
                                  content_sid=form.get("ContentSid"), content_variables=form.get("ContentVariables"),
                                  created=self.clock(), rendered=sending.rendered, buttons=sending.buttons)
            self.messages.append(message)
            delivers = sending.refusal is not None or (sending.fetches_media and self.fetch_media)
            if delivers:
                self._pending += 1
        if self.answer_delay:
            self._answer_later()
        if failure:
            answer = _error(failure.status, failure.code, failure.message)
        else:
            answer = _json(self._resource(message), 201)  # "queued", as Twilio answers a create
        if delivers:  # Twilio goes on with the message once the answer has left
            answer.call_on_close(lambda: self._start_delivery(message, sending))
        for status in self.callbacks_before_answer:
            if message.status_callback:
                self.send_status(message.sid, status)
        return answer

    def _answer_later(self) -> None:
        with self._lock:
            self.answers_in_flight += 1
        try:
            time.sleep(self.answer_delay)
        finally:
            with self._lock:
                self.answers_in_flight -= 1

    def _judge(self, form) -> _Sending:
        """What Twilio decides while answering the create: refusals now (raised), and what WhatsApp
        will refuse once the message is on its way (the window is read now, at send time)."""
        to = form["To"]
        window_open = self.window_open(to)
        with self._lock:
            unreachable = self._unreachable.get(to)
        if not form.get("ContentSid"):
            refusal = unreachable or (None if window_open else OUTSIDE_WINDOW)
            return _Sending(form.get("Body", ""), [], refusal and Refusal("undelivered", refusal),
                            fetches_media=bool(form.getlist("MediaUrl")))
        content = self._content_to_send(form["ContentSid"])
        values = self._variables_for(content, form.get("ContentVariables"))
        as_template = not window_open and content.approval_status == "approved"
        if as_template:
            _check_template_values(content, values)
        rendered, buttons = content.render(values)
        refusal = unreachable or _template_refusal(content, rendered, buttons, window_open)
        return _Sending(rendered, buttons, refusal and Refusal("undelivered", refusal), fetches_media=False)

    def _content_to_send(self, content_sid: str) -> Content:
        with self._lock:
            content = next((c for c in self.contents if c.sid == content_sid and not c.deleted), None)
        if not _CONTENT_SID.fullmatch(content_sid) or content is None:
            raise _Refused(INVALID_CONTENT_SID, "The ContentSid is Invalid")
        return content

    def _variables_for(self, content: Content, raw: str | None) -> dict[str, str]:
        """The ContentVariables, checked: a JSON object of non-empty strings covering every placeholder."""
        values = {}
        if raw is not None:
            try:
                values = json.loads(raw)
            except ValueError:
                raise _Refused(INVALID_VARIABLES, "The Content Variables parameter is invalid: not JSON") from None
            if not isinstance(values, dict) or not all(isinstance(v, str) and v for v in values.values()):
                raise _Refused(INVALID_VARIABLES, "The Content Variables parameter is invalid: "
                                                  "values must be non-empty strings")
        missing = sorted(content.placeholders() - set(values))
        if missing and not self.variable_fallback:
            raise _Refused(INVALID_VARIABLES, f"The Content Variables parameter is invalid: no value for {missing}")
        return {**{name: content.variables[name] for name in missing}, **values}

    # --- Messages: what happens after the answer -----------------------------------------------

    def _start_delivery(self, message: SentMessage, sending: _Sending) -> None:
        threading.Thread(target=self._deliver, args=(message, sending), daemon=True).start()

    def _deliver(self, message: SentMessage, sending: _Sending) -> None:
        """Twilio fetches the media, then WhatsApp takes or refuses the message; a refusal reaches the
        app only through the StatusCallback."""
        try:
            time.sleep(self.callback_delay)
            refusal = self._media_refusal(message) if sending.fetches_media else None
            refusal = refusal or sending.refusal
            if refusal:
                self._fail(message, refusal)
        finally:
            with self._settled:
                self._pending -= 1
                self._settled.notify_all()

    def _media_refusal(self, message: SentMessage) -> Refusal | None:
        if not self.fetch_media:
            return None
        for url in message.media_urls:
            code = _fetch_problem(url)
            if code:
                return Refusal("failed", code)
        return None

    def _fail(self, message: SentMessage, refusal: Refusal) -> None:
        with self._lock:
            message.status, message.error_code = refusal.status, refusal.code
        posted = None
        url = message.status_callback
        if url and not self._stopped and _is_loopback(url):  # never leave this machine
            try:
                posted = self._post_status(message, refusal.status, str(refusal.code), timeout=15)
            except requests.RequestException:
                posted = None
        with self._lock:
            self.callback_results.append(CallbackResult(message.sid, refusal.status, refusal.code, posted))

    def _post_status(self, message: SentMessage, status: str, error_code: str | None,
                     target_base_url: str | None = None, timeout: float = 30) -> int:
        form = {"MessageSid": message.sid, "SmsSid": message.sid, "MessageStatus": status, "SmsStatus": status,
                "AccountSid": self.account_sid, "From": message.from_, "To": message.to,
                "ChannelPrefix": "whatsapp", "ChannelToAddress": message.to.removeprefix("whatsapp:"),
                "ApiVersion": API_VERSION}
        if error_code:
            form["ErrorCode"] = str(error_code)
        if status == "read":
            form["EventType"] = "READ"
        assert message.status_callback
        url = message.status_callback
        if target_base_url:
            parts = url.split("/", 3)  # scheme, "", host, rest
            url = target_base_url.rstrip("/") + "/" + (parts[3] if len(parts) > 3 else "")
        response = requests.post(url, data=form, timeout=timeout, headers={
            "X-Twilio-Signature": self.sign(message.status_callback, form),
            "I-Twilio-Idempotency-Token": secrets.token_hex(16), "User-Agent": "TwilioProxy/1.1"})
        return response.status_code

    # --- Messages: list ------------------------------------------------------------------------

    def _list(self, request: Request) -> Response:
        args = request.args
        page_size = int(args.get("PageSize", 50))
        with self._lock:
            found = [m for m in reversed(self.messages)  # Twilio lists newest first
                     if args.get("To", m.to) == m.to and args.get("From", m.from_) == m.from_
                     and _date_matches(m.created, args)]
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json?PageSize={page_size}&Page=0"
        return _json({"messages": [self._resource(m) for m in found[:page_size]], "page": 0,
                      "page_size": page_size, "start": 0, "end": max(len(found[:page_size]) - 1, 0),
                      "uri": uri, "first_page_uri": uri, "next_page_uri": None, "previous_page_uri": None}, 200)

    def _resource(self, message: SentMessage) -> dict:
        """Twilio's Message resource, as the create and list answers carry it."""
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{message.sid}"
        when = _rfc2822(message.created)
        return {"sid": message.sid, "account_sid": self.account_sid, "api_version": API_VERSION,
                "to": message.to, "from": message.from_, "body": message.rendered, "status": message.status,
                "direction": "outbound-api", "num_media": str(len(message.media_urls)), "num_segments": "1",
                "date_created": when, "date_updated": when, "date_sent": when,
                "error_code": message.error_code, "error_message": ERROR_MESSAGES.get(message.error_code or 0),
                "messaging_service_sid": None, "price": None, "price_unit": "USD", "uri": uri + ".json",
                "subresource_uris": {"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"}}

    def _redirect_to_cdn(self, key: str) -> Response:
        with self._lock:
            media = self._media.get(key)
            if media is None:
                return _error(404, 20404, "The requested resource was not found")
            if key in self._media_redirects:
                return Response(status=307, headers={"Location": self._media_redirects[key]})
            token = secrets.token_urlsafe(24)
            self._cdn[token] = (key, media)
        return Response(status=307, headers={"Location": f"{self.cdn_base_url}/cdn/{token}"})

    # --- the Content API -----------------------------------------------------------------------

    def _on_contents(self, request: Request) -> Response:
        return self._create_content(request) if request.method == "POST" else self._list_contents(request)

    def _create_content(self, request: Request) -> Response:
        checked = _content_request(request.get_json(silent=True))
        now = self.clock()
        content = Content(sid="HX" + secrets.token_hex(16), created=now, **checked)
        with self._lock:
            self.contents.append(content)
        return _json(self._content_resource(content), 201)

    def _list_contents(self, request: Request) -> Response:
        """Twilio's paging: ``contents`` and a ``meta`` whose absolute URLs twilio-python follows."""
        try:
            size, page = min(int(request.args.get("PageSize", 50)), 1000), int(request.args.get("Page", 0))
        except ValueError:
            raise _Refused(BAD_REQUEST, "PageSize and Page must be integers") from None
        with self._lock:
            live = [c for c in self.contents if not c.deleted]
        def url(number: int) -> str:
            return f"{CONTENT_ORIGIN}/v1/Content?PageSize={size}&Page={number}"
        has_next = (page + 1) * size < len(live)
        meta = {"page": page, "page_size": size, "first_page_url": url(0), "url": url(page),
                "previous_page_url": url(page - 1) if page > 0 else None,
                "next_page_url": url(page + 1) if has_next else None, "key": "contents"}
        chunk = live[page * size:(page + 1) * size]
        return _json({"contents": [self._content_resource(c) for c in chunk], "meta": meta}, 200)

    def _on_content(self, request: Request, content_sid: str) -> Response:
        content = self._live_content(content_sid, request.path)
        if request.method == "DELETE":
            with self._lock:
                content.deleted = True
            return Response(status=204)
        return _json(self._content_resource(content), 200)

    def _on_approval_create(self, request: Request, content_sid: str) -> Response:
        content = self._live_content(content_sid, request.path)
        payload = request.get_json(silent=True)
        name, category = _approval_request(payload, content)
        with self._lock:
            if content.approval:
                raise _Refused(ALREADY_SUBMITTED, "The template associated with this SID has already been "
                                                  "submitted for approval.")
            content.approval = Approval(name, category)
            answer = self._approval_answer(content)  # "received": Twilio has it, WhatsApp not yet
            content.approval.status = "pending"
        if self.auto_approve:
            self._review(content)
        return _json(answer, 201)

    def _on_approval_fetch(self, request: Request, content_sid: str) -> Response:
        content = self._live_content(content_sid, request.path)
        with self._lock:
            whatsapp = {"type": "whatsapp", "flows": None, **self._approval_answer(content)}
        return _json({"sid": content.sid, "account_sid": self.account_sid, "whatsapp": whatsapp,
                      "url": f"{CONTENT_ORIGIN}/v1/Content/{content.sid}/ApprovalRequests"}, 200)

    def _live_content(self, content_sid: str, path: str) -> Content:
        with self._lock:
            content = next((c for c in self.contents if c.sid == content_sid and not c.deleted), None)
        if content is None:
            raise _Refused(20404, f"The requested resource {path} was not found", status=404)
        return content

    def _content_resource(self, content: Content) -> dict:
        """Twilio's Content resource, as create, fetch and list answer it."""
        url = f"{CONTENT_ORIGIN}/v1/Content/{content.sid}"
        when = _iso8601(content.created)
        return {"sid": content.sid, "account_sid": self.account_sid, "friendly_name": content.friendly_name,
                "language": content.language, "variables": content.variables, "types": content.types,
                "url": url, "date_created": when, "date_updated": when,
                "links": {"approval_create": url + "/ApprovalRequests/whatsapp",
                          "approval_fetch": url + "/ApprovalRequests"}}

    @staticmethod
    def _approval_answer(content: Content) -> dict:
        approval = content.approval
        return {"name": approval.name if approval else "", "category": approval.category if approval else "",
                "content_type": content.content_type, "status": content.approval_status,
                "rejection_reason": approval.rejection_reason if approval else "",
                "allow_category_change": True}

    # --- the CDN host --------------------------------------------------------------------------

    @Request.application
    def _cdn_app(self, request: Request) -> Response:
        with self._lock:
            self.cdn_requests.append("Authorization" in request.headers)
            key, media = self._cdn.get(request.path.removeprefix("/cdn/"), (None, None))
            fault = self._media_faults.get(key)
        if self._down:
            return Response("Service Unavailable", status=503)
        if fault:
            return Response(HTTPStatus(fault).phrase, status=fault)
        if media is None:
            return Response("Not Found", status=404)
        content, content_type = media
        return Response(content, content_type=content_type, headers={"Content-Length": str(len(content))})


# --- Messages: the rules ---------------------------------------------------------------------------

def _check_message_form(form) -> None:
    """What Twilio refuses before taking a message at all."""
    body, media_urls, content_sid = form.get("Body", ""), form.getlist("MediaUrl"), form.get("ContentSid")
    if not form.get("To"):
        raise _Refused(21604, "A 'To' phone number is required.")
    if not form.get("From"):
        raise _Refused(21603, "A 'From' phone number is required.")
    if not _is_whatsapp_number(form["To"]):
        raise _Refused(INVALID_TO, f"The 'To' number {form['To']} is not a valid phone number.")
    if form.get("ContentVariables") is not None and not content_sid:
        raise _Refused(CONTENT_SID_REQUIRED, "A ContentSid must be specified if ContentVariables are provided.")
    if not (body or media_urls or content_sid):
        raise _Refused(21602, "Message body is required.")
    if len(body) > 1600:
        raise _Refused(21617, "The concatenated message body exceeds the 1600 character limit.")


def _is_whatsapp_number(address: str) -> bool:
    """``whatsapp:`` and a valid number written in E.164 (``+6281234500001``)."""
    number = address.removeprefix("whatsapp:")
    if number == address:
        return False
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    return (phonenumbers.is_valid_number(parsed)
            and phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number)


def _check_template_values(content: Content, values: dict[str, str]) -> None:
    """A WhatsApp template's variables: no newline, no tab, no more than four spaces in a row."""
    for name in sorted(content.placeholders()):
        if _BAD_PARAMETER.search(values[name]):
            raise _Refused(INVALID_VARIABLES, f"The Content Variables parameter is invalid: variable {name} holds a "
                                              "newline, a tab or more than 4 consecutive spaces")


def _template_refusal(content: Content, rendered: str, buttons: list, window_open: bool) -> int | None:
    """What WhatsApp reports for a content sent now: inside the window any content goes as a session
    message; outside it only an approved template does."""
    approved = content.approval_status == "approved"
    if window_open:
        if content.content_type == "twilio/quick-reply" and not approved and len(buttons) > 3:
            return INVALID_CONTENT  # a session message carries at most 3 quick replies
        return None
    if not approved or content.content_type == "twilio/list-picker":
        return OUTSIDE_WINDOW
    if len(rendered) > 1024:
        return INVALID_CONTENT
    return None


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fetch_problem(url: str) -> int | None:
    """Fetch a MediaUrl as Twilio does before handing the message over (redirects followed, bytes
    counted, never trusting Content-Length); the code Twilio reports, or None. Loopback only."""
    for _ in range(5):
        if not _is_loopback(url):
            return MEDIA_DOWNLOAD  # the fake never fetches beyond this machine
        try:
            with requests.get(url, stream=True, timeout=(2, 5), allow_redirects=False) as response:
                if response.is_redirect:
                    url = urljoin(url, response.headers["Location"])
                    continue
                return _media_problem(response) if response.ok else MEDIA_DOWNLOAD
        except requests.RequestException:
            return MEDIA_DOWNLOAD
    return MEDIA_DOWNLOAD


def _media_problem(response: requests.Response) -> int | None:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind not in WHATSAPP_MEDIA_TYPES:
        return INVALID_CONTENT
    limit = IMAGE_LIMIT if kind.startswith("image/") else MEDIA_LIMIT
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            return MEDIA_TOO_BIG
    return MEDIA_DOWNLOAD if size == 0 else None


def _date_matches(created: datetime, args) -> bool:
    """``DateSent>`` / ``DateSent<`` (on or after / on or before) and ``DateSent``, as Twilio reads them:
    a date alone compares by day, a ``YYYY-MM-DDTHH:MM:SSZ`` timestamp by second."""
    moment = created.replace(microsecond=0)
    for name, accept in (("DateSent>", lambda a, b: a >= b), ("DateSent<", lambda a, b: a <= b),
                         ("DateSent", lambda a, b: a == b)):
        value = args.get(name)
        if not value:
            continue
        if "T" in value:
            bound = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            if not accept(moment, bound):
                return False
        elif not accept(moment.date(), date.fromisoformat(value)):
            return False
    return True


# --- the Content API: the rules --------------------------------------------------------------------

def _content_request(payload: object) -> dict:
    """A create request (twilio-python's ``ContentCreateRequest``, null types dropped), checked as
    Twilio checks it: the fields of a ``Content``."""
    if not isinstance(payload, dict):
        raise _Refused(BAD_REQUEST, "The request body must be a JSON object")
    language = payload.get("language")
    if not isinstance(language, str) or not language:
        raise _Refused(BAD_REQUEST, "language is required")
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict) or not all(isinstance(v, str) and v for v in variables.values()):
        raise _Refused(BAD_REQUEST, "variables must give each variable a non-empty sample value")
    types = {kind: _without_nulls(spec) for kind, spec in (payload.get("types") or {}).items() if spec is not None}
    if not types:
        raise _Refused(BAD_REQUEST, "types must define at least one content type")
    for kind, spec in types.items():
        check = _TYPE_CHECKS.get(kind)
        if check is None:
            raise _Refused(BAD_REQUEST, f"FakeTwilio models {', '.join(_TYPE_CHECKS)} only, not {kind}")
        check(spec)
    missing = sorted({name for text in _texts(types) for name in _PLACEHOLDER.findall(text)} - set(variables))
    if missing:
        raise _Refused(BAD_REQUEST, f"variables has no sample value for {missing}")
    return {"friendly_name": str(payload.get("friendly_name") or ""), "language": language,
            "variables": variables, "types": types}


def _check_body(spec: dict) -> None:
    body = spec.get("body")
    if not isinstance(body, str) or not body.strip():
        raise _Refused(BAD_REQUEST, "body is required")
    _limit("body", body, 1024)


def _check_quick_reply(spec: dict) -> None:
    _check_body(spec)
    actions = spec.get("actions")
    if not isinstance(actions, list) or not 1 <= len(actions) <= 10:
        raise _Refused(BAD_REQUEST, "actions must hold 1 to 10 quick replies")
    for action in actions:
        if not isinstance(action, dict) or not action.get("title") or not action.get("id"):
            raise _Refused(BAD_REQUEST, "each quick reply needs a title and an id")
        _limit("title", action["title"], 20)


def _check_list_picker(spec: dict) -> None:
    _check_body(spec)
    if not spec.get("button"):
        raise _Refused(BAD_REQUEST, "button is required")
    _limit("button", spec["button"], 20)
    items = spec.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= 10:
        raise _Refused(BAD_REQUEST, "items must hold 1 to 10 choices")
    for item in items:
        if not isinstance(item, dict) or not item.get("item") or not item.get("id"):
            raise _Refused(BAD_REQUEST, "each list item needs an item and an id")
        _limit("item", item["item"], 24)
        _limit("id", item["id"], 200)
        _limit("description", item.get("description") or "", 72)


_TYPE_CHECKS = {"twilio/text": _check_body, "twilio/quick-reply": _check_quick_reply,
                "twilio/list-picker": _check_list_picker}


def _limit(name: str, value: str, most: int) -> None:
    if len(value) > most:
        raise _Refused(TOO_LONG, f"{name} exceeds the {most} character limit")


def _approval_request(payload: object, content: Content) -> tuple[str, str]:
    """The WhatsApp approval request's name and category, checked."""
    if not isinstance(payload, dict):
        raise _Refused(BAD_REQUEST, "The request body must be a JSON object")
    name, category = payload.get("name"), str(payload.get("category") or "").upper()
    if not isinstance(name, str) or not _TEMPLATE_NAME.fullmatch(name):
        raise _Refused(BAD_REQUEST, "name may hold only lower case letters, digits and underscores")
    if category not in CATEGORIES:
        raise _Refused(BAD_REQUEST, f"category must be one of {sorted(CATEGORIES)}")
    if content.content_type == "twilio/list-picker":
        raise _Refused(BAD_REQUEST, "twilio/list-picker cannot be submitted for WhatsApp approval")
    return name, category


def _whatsapp_format_problem(content: Content) -> str | None:
    """Why WhatsApp would reject this template's body, or None: placeholders numbered 1…n, never
    first or last (trailing punctuation counts as last), never two side by side."""
    body = content.types[content.content_type]["body"]
    names = set(_PLACEHOLDER.findall(body))
    if names != {str(number) for number in range(1, len(names) + 1)}:
        return "INVALID_FORMAT: variables must be numbered {{1}}, {{2}}… without gaps"
    if re.match(r"\s*\{\{", body):
        return "INVALID_FORMAT: the body starts with a variable"
    if re.search(r"\{\{[A-Za-z0-9_]+\}\}[\s.,;:!?…]*\Z", body):
        return "INVALID_FORMAT: the body ends with a variable"
    if re.search(r"\}\}\s*\{\{", body):
        return "INVALID_FORMAT: two variables side by side"
    return None


def _texts(types: dict[str, dict]) -> Iterator[str]:
    """Every text of a content that may hold a placeholder."""
    for spec in types.values():
        yield spec.get("body", "")
        for choice in spec.get("actions", []) + spec.get("items", []):
            yield from (str(choice.get(key) or "") for key in ("title", "item", "description"))


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _without_nulls(value):
    """twilio-python sends every field of a type, unused ones as null; Twilio keeps what was given."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value
