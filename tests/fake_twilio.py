"""A fake Twilio REST API on loopback, so the real twilio-python client and `requests` talk HTTP to it.

It covers what the bot uses: sending (``messages.create``), looking back (``messages.list``), inbound
media behind basic auth with a redirect to a CDN, status callbacks signed as Twilio signs them, and
failure injection (429, accepted-then-500, permanent 4xx, Twilio down).
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime
from http import HTTPStatus
from typing import Callable

import requests
from twilio.request_validator import RequestValidator
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

API_VERSION = "2010-04-01"


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


def _json(payload: dict, status: int) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def _error(status: int, code: int, message: str) -> Response:
    """Twilio's error body; twilio-python turns it into ``TwilioRestException(status, code)``."""
    return _json({"code": code, "message": message, "status": status,
                  "more_info": f"https://www.twilio.com/docs/errors/{code}"}, status)


class FakeTwilio:
    """Twilio's REST API (``base_url``) and its media CDN (``cdn_base_url``, another origin, as the real
    one is: `requests` only drops credentials on a redirect when the host or port changes)."""

    def __init__(self) -> None:
        self.account_sid = "AC" + secrets.token_hex(16)
        self.auth_token = secrets.token_hex(16)
        self.messages: list[SentMessage] = []
        self.requests: list[ApiRequest] = []
        self.cdn_requests: list[bool] = []  # one entry per CDN request: did it carry Authorization?
        self._media: dict[str, tuple[bytes, str]] = {}  # "MM…/ME…" -> (content, type)
        self._cdn: dict[str, tuple[bytes, str]] = {}  # token -> (content, type)
        self._failures: list[_Failure] = []
        #: Statuses to post to a new message's StatusCallback before answering its create: Twilio
        #: can be quicker than the caller's own bookkeeping.
        self.callbacks_before_answer: list[str] = []
        self._down = False
        self._lock = threading.Lock()
        self._routes = Map([
            Rule(f"/{API_VERSION}/Accounts/<sid>/Messages.json", endpoint="messages", methods=["GET", "POST"]),
            Rule(f"/{API_VERSION}/Accounts/<sid>/Messages/<mm>/Media/<me>", endpoint="media", methods=["GET"]),
        ])
        self._api: _Server | None = None
        self._cdn_server: _Server | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def start(self) -> "FakeTwilio":
        self._api, self._cdn_server = _Server(self._api_app), _Server(self._cdn_app)
        return self

    def stop(self) -> None:
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

    def add_media(self, content: bytes, content_type: str) -> str:
        """An inbound ``MediaUrl``: needs basic auth, then redirects to the CDN."""
        key = f"MM{secrets.token_hex(16)}/Media/ME{secrets.token_hex(16)}"
        with self._lock:
            self._media[key] = (content, content_type)
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages/{key}"

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
        form = {"MessageSid": message.sid, "SmsSid": message.sid, "MessageStatus": status, "SmsStatus": status,
                "AccountSid": self.account_sid, "From": message.from_, "To": message.to,
                "ChannelPrefix": "whatsapp", "ChannelToAddress": message.to.removeprefix("whatsapp:"),
                "ApiVersion": API_VERSION}
        if error_code:
            form["ErrorCode"] = str(error_code)
        if status == "read":
            form["EventType"] = "READ"
        url = message.status_callback
        if target_base_url:
            parts = url.split("/", 3)  # scheme, "", host, rest
            url = target_base_url.rstrip("/") + "/" + (parts[3] if len(parts) > 3 else "")
        response = requests.post(url, data=form, timeout=30, headers={
            "X-Twilio-Signature": self.sign(message.status_callback, form),
            "I-Twilio-Idempotency-Token": secrets.token_hex(16), "User-Agent": "TwilioProxy/1.1"})
        return response.status_code

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
            return _error(404, 20404, f"The requested resource {request.path} was not found")
        if credentials != (self.account_sid, self.auth_token):
            response = _error(401, 20003, "Authenticate")
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
            return response
        if values["sid"] != self.account_sid:
            return _error(404, 20404, f"The requested resource {request.path} was not found")
        if endpoint == "media":
            return self._redirect_to_cdn(f"{values['mm']}/Media/{values['me']}")
        return self._create(request) if request.method == "POST" else self._list(request)

    def _create(self, request: Request) -> Response:
        form = request.form
        body, media_urls, content_sid = form.get("Body", ""), form.getlist("MediaUrl"), form.get("ContentSid")
        if not form.get("To"):
            return _error(400, 21604, "A 'To' phone number is required.")
        if not form.get("From"):
            return _error(400, 21603, "A 'From' phone number is required.")
        if not (body or media_urls or content_sid):
            return _error(400, 21602, "Message body is required.")
        if len(body) > 1600:
            return _error(400, 21617, "The concatenated message body exceeds the 1600 character limit.")
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
            if failure and not failure.after_accepting:
                return _error(failure.status, failure.code, failure.message)
            message = SentMessage(sid="SM" + secrets.token_hex(16), to=form["To"], from_=form["From"], body=body,
                                  media_urls=media_urls, status_callback=form.get("StatusCallback"),
                                  content_sid=content_sid, content_variables=form.get("ContentVariables"),
                                  created=datetime.now(timezone.utc))
            self.messages.append(message)
        if failure:
            return _error(failure.status, failure.code, failure.message)
        answer = _json(self._resource(message), 201)  # "queued", as Twilio answers a create
        for status in self.callbacks_before_answer:
            if message.status_callback:
                self.send_status(message.sid, status)
        return answer

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
                "to": message.to, "from": message.from_, "body": message.body, "status": message.status,
                "direction": "outbound-api", "num_media": str(len(message.media_urls)), "num_segments": "1",
                "date_created": when, "date_updated": when, "date_sent": when,
                "error_code": None, "error_message": None, "messaging_service_sid": None,
                "price": None, "price_unit": "USD", "uri": uri + ".json",
                "subresource_uris": {"media": uri + "/Media.json", "feedback": uri + "/Feedback.json"}}

    def _redirect_to_cdn(self, key: str) -> Response:
        with self._lock:
            media = self._media.get(key)
            if media is None:
                return _error(404, 20404, "The requested resource was not found")
            token = secrets.token_urlsafe(24)
            self._cdn[token] = media
        return Response(status=307, headers={"Location": f"{self.cdn_base_url}/cdn/{token}"})

    # --- the CDN host --------------------------------------------------------------------------

    @Request.application
    def _cdn_app(self, request: Request) -> Response:
        with self._lock:
            self.cdn_requests.append("Authorization" in request.headers)
            media = self._cdn.get(request.path.removeprefix("/cdn/"))
        if self._down:
            return Response("Service Unavailable", status=503)
        if media is None:
            return Response("Not Found", status=404)
        content, content_type = media
        return Response(content, content_type=content_type, headers={"Content-Length": str(len(content))})


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
