"""The fake Twilio API answers the real twilio-python client and `requests` as Twilio would, with a
production WhatsApp sender's rules: the 24-hour window, approved templates, media Twilio must fetch."""
from __future__ import annotations

import json
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from fake_twilio import FakeTwilio
from models import clock as bot_clock

BOT = "whatsapp:+14155238886"
SITI = "whatsapp:+6281200000001"
BUDI = "whatsapp:+6281234500001"
ANSWERED = "Laporan {{1}} sudah dijawab oleh {{2}}. Ketuk Baca untuk melihatnya."


class MovableClock:
    """Real time plus an offset that a test moves, as ``models.clock`` does for the bot."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def travel(self, by: timedelta) -> None:
        self.offset += by


class AnyTwilioHost(TwilioHttpClient):
    """Sends every ``https://<anything>.twilio.com`` request (api., content.) to the fake."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=15)
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        url = re.sub(r"^https://[a-z0-9.-]+\.twilio\.com", self.base_url, url, count=1)
        return super().request(method, url, *args, **kwargs)


class Receiver:
    """The app's side, on loopback: records the status callbacks it gets, serves the media the fake
    fetches (``serve``), and counts those fetches."""

    def __init__(self) -> None:
        self.callbacks: list[tuple[str, dict, str]] = []  # (url, form, X-Twilio-Signature)
        self.fetched: list[str] = []
        self._media: dict[str, Response] = {}
        self.server = make_server("127.0.0.1", 0, self._app, threaded=True)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.status_url = self.base_url + "/webhooks/twilio/status"

    def serve(self, name: str, content: bytes, content_type: str, status: int = 200) -> str:
        self._media[name] = lambda: Response(content, status=status, content_type=content_type)
        return f"{self.base_url}/media/{name}"

    def redirect(self, name: str, to: str) -> str:
        self._media[name] = lambda: Response(status=302, headers={"Location": to})
        return f"{self.base_url}/media/{name}"

    @Request.application
    def _app(self, request: Request) -> Response:
        if request.path.startswith("/media/"):
            self.fetched.append(request.path)
            make = self._media.get(request.path.removeprefix("/media/"))
            return make() if make else Response("Not Found", status=404)
        self.callbacks.append((request.url, request.form.to_dict(), request.headers.get("X-Twilio-Signature", "")))
        return Response("", status=200)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def clock():
    return MovableClock()


@pytest.fixture
def fake(clock):
    with FakeTwilio(clock=clock) as fake:
        yield fake


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


def twilio(fake: FakeTwilio, token: str | None = None) -> Client:
    return Client(fake.account_sid, token or fake.auth_token, http_client=AnyTwilioHost(fake.base_url))


def create_content(client: Client, body: str = ANSWERED, variables: dict | None = None,
                   actions: list | None = None, name: str = "lapor_answer_id") -> str:
    types = {"twilio/quick-reply": {"body": body, "actions": actions or [{"title": "Baca", "id": "read"}]}}
    request = {"friendly_name": name, "language": "id", "types": types,
               "variables": {"1": "LPR-00042", "2": "Dinas PU"} if variables is None else variables}
    return client.content.v1.contents.create(ContentList.ContentCreateRequest(request)).sid


def submit(client: Client, content_sid: str, name: str = "lapor_answer_id"):
    request = ApprovalCreateList.ContentApprovalRequest({"name": name, "category": "UTILITY"})
    return client.content.v1.contents(content_sid).approval_create.create(request)


def approval(client: Client, content_sid: str) -> dict:
    return client.content.v1.contents(content_sid).approval_fetch().fetch().whatsapp


def approved_content(client: Client, fake: FakeTwilio, body: str = ANSWERED) -> str:
    sid = create_content(client, body)
    submit(client, sid)
    assert fake.approve(sid) == "approved"
    return sid


# --- what was there before: sending, listing, failures, media, callbacks -----------------------------

def test_a_created_message_is_recorded_and_listed(fake):
    fake.fetch_media = False  # https://x.test is served nowhere; media fetching has its own tests
    fake.received_from(SITI)
    fake.received_from("whatsapp:+6281200000002")
    client = twilio(fake)
    since = datetime.now(timezone.utc) - timedelta(seconds=1)
    message = client.messages.create(from_=BOT, to=SITI, body="Halo", media_url=["https://x.test/a.jpg"],
                                     status_callback="https://bot.test/webhooks/twilio/status")
    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.body, message.num_media) == ("queued", "Halo", "1")
    assert message.date_created.tzinfo is not None
    client.messages.create(from_=BOT, to="whatsapp:+6281200000002", body="Other")

    recorded, = fake.messages_to(SITI)
    assert (recorded.sid, recorded.media_urls) == (message.sid, ["https://x.test/a.jpg"])
    assert recorded.status_callback == "https://bot.test/webhooks/twilio/status"
    assert [m.sid for m in client.messages.list(to=SITI, from_=BOT, date_sent_after=since, limit=50)] == [message.sid]
    later = datetime.now(timezone.utc) + timedelta(minutes=1)
    assert client.messages.list(to=SITI, from_=BOT, date_sent_after=later, limit=50) == []
    assert fake.wait_for(lambda m: m.body == "Other", timeout=1)[0].to == "whatsapp:+6281200000002"
    listing = [r for r in fake.requests if r.method == "GET"][0]
    assert listing.query["DateSent>"] == since.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert listing.auth == (fake.account_sid, fake.auth_token)
    assert fake.wait_for_callbacks() == []


def test_injected_failures_look_like_twilios(fake):
    fake.received_from(SITI)
    client = twilio(fake)
    fake.fail_next(1, status=429, code=20429)
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, body="Halo")
    assert (refused.value.status, refused.value.code) == (429, 20429)
    assert fake.messages == []

    fake.fail_next(1, status=500, code=20500, message="Internal Server Error", after_accepting=True)
    with pytest.raises(TwilioRestException) as lost:
        client.messages.create(from_=BOT, to=SITI, body="Halo")
    assert lost.value.status == 500 and len(fake.messages) == 1  # Twilio has it all the same

    fake.down()
    with pytest.raises(TwilioRestException) as down:
        client.messages.create(from_=BOT, to=SITI, body="Halo")
    assert (down.value.status, down.value.code) == (503, 20503)
    # Surprise: a failed list() raises the base TwilioException, not TwilioRestException.
    with pytest.raises(TwilioException) as listing:
        client.messages.list(to=SITI, limit=50)
    assert not isinstance(listing.value, TwilioRestException)
    fake.up()
    assert client.messages.create(from_=BOT, to=SITI, body="Halo").status == "queued"


def test_wrong_credentials_get_401(fake):
    client = twilio(fake, token="not-the-token")
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, body="Halo")
    assert (refused.value.status, refused.value.code) == (401, 20003)
    with pytest.raises(TwilioRestException) as content:
        create_content(client)
    assert (content.value.status, content.value.code) == (401, 20003)
    assert fake.messages == [] and fake.contents == []


def test_media_needs_credentials_and_the_cdn_never_sees_them(fake):
    url = fake.add_media(b"\xff\xd8 a photo", "image/jpeg")
    assert url.startswith(f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages/MM")
    assert requests.get(url, timeout=5).status_code == 401
    photo = requests.get(url, auth=(fake.account_sid, fake.auth_token), timeout=5)
    assert photo.status_code == 200 and photo.content == b"\xff\xd8 a photo"
    assert photo.headers["Content-Type"] == "image/jpeg" and photo.headers["Content-Length"] == "10"
    assert photo.history[0].status_code == 307 and photo.url.startswith(fake.cdn_base_url + "/cdn/")
    assert fake.cdn_requests == [False] and fake.cdn_requests_with_auth == 0


def test_status_callbacks_are_signed_over_the_recorded_url(fake, receiver):
    fake.received_from(SITI)
    client = twilio(fake)
    callback = "https://bot.example.org/webhooks/twilio/status?x=1"
    message = client.messages.create(from_=BOT, to=SITI, body="Halo", status_callback=callback)
    assert fake.send_status(message.sid, "undelivered", error_code="63016", target_base_url=receiver.base_url) == 200
    (url, form, signature), = receiver.callbacks
    assert url == receiver.base_url + "/webhooks/twilio/status?x=1"
    assert form["MessageStatus"] == "undelivered" and form["ErrorCode"] == "63016"
    assert (form["MessageSid"], form["To"], form["ChannelPrefix"]) == (message.sid, SITI, "whatsapp")
    assert RequestValidator(fake.auth_token).validate(callback, form, signature)
    assert (fake.messages[0].status, fake.messages[0].error_code) == ("undelivered", 63016)


# --- the 24-hour window ---------------------------------------------------------------------------

def test_free_form_outside_the_window_is_accepted_then_undelivered_with_63016(fake, receiver):
    client = twilio(fake)
    message = client.messages.create(from_=BOT, to=SITI, body="Halo", status_callback=receiver.status_url)
    assert message.status == "queued"  # Twilio takes it; WhatsApp refuses it afterwards

    result, = fake.wait_for_callbacks()
    assert (result.message_sid, result.status, result.error_code, result.http_status) == \
        (message.sid, "undelivered", 63016, 200)
    (url, form, signature), = receiver.callbacks
    assert (form["MessageSid"], form["MessageStatus"], form["ErrorCode"]) == (message.sid, "undelivered", "63016")
    assert RequestValidator(fake.auth_token).validate(receiver.status_url, form, signature)
    recorded, = fake.messages_to(SITI)
    assert (recorded.status, recorded.error_code) == ("undelivered", 63016)
    listed, = client.messages.list(to=SITI, limit=5)
    assert (listed.status, listed.error_code) == ("undelivered", 63016)


def test_the_failure_callback_comes_only_after_the_create_was_answered(fake, receiver):
    fake.callback_delay = 0.3
    twilio(fake).messages.create(from_=BOT, to=SITI, body="Halo", status_callback=receiver.status_url)
    assert receiver.callbacks == [] and fake.messages[0].status == "queued"
    assert len(fake.wait_for_callbacks()) == 1 and len(receiver.callbacks) == 1


def test_free_form_goes_within_24_hours_of_the_users_last_message(fake, receiver, clock):
    client = twilio(fake)
    fake.received_from(SITI)
    client.messages.create(from_=BOT, to=SITI, body="Halo", status_callback=receiver.status_url)
    clock.travel(timedelta(hours=23, minutes=59))
    assert fake.window_open(SITI)
    client.messages.create(from_=BOT, to=SITI, body="Masih bisa", status_callback=receiver.status_url)
    assert fake.wait_for_callbacks() == [] and receiver.callbacks == []
    assert [m.status for m in fake.messages_to(SITI)] == ["queued", "queued"]

    clock.travel(timedelta(minutes=2))
    assert not fake.window_open(SITI)
    late = client.messages.create(from_=BOT, to=SITI, body="Terlambat", status_callback=receiver.status_url)
    assert [(r.message_sid, r.error_code) for r in fake.wait_for_callbacks()] == [(late.sid, 63016)]
    fake.received_from(SITI)
    assert fake.window_open(SITI)


def test_a_number_not_on_whatsapp_is_accepted_then_undelivered(fake, receiver):
    fake.unreachable(BUDI)
    fake.received_from(SITI)
    fake.unreachable(SITI, code=63003)
    client = twilio(fake)
    for to in (BUDI, SITI):
        client.messages.create(from_=BOT, to=to, body="Halo", status_callback=receiver.status_url)
    assert sorted((r.status, r.error_code) for r in fake.wait_for_callbacks()) == \
        [("undelivered", 63003), ("undelivered", 63024)]


@pytest.mark.parametrize("to", ["+6281200000001", "whatsapp:081200000001", "whatsapp:+62812",
                                "whatsapp:+62 812 0000 0001", "whatsapp:+10000000000", "whatsapp:"])
def test_a_bad_number_is_refused_at_once_with_21211(fake, to):
    with pytest.raises(TwilioRestException) as refused:
        twilio(fake).messages.create(from_=BOT, to=to, body="Halo")
    assert (refused.value.status, refused.value.code) == (400, 21211)
    assert fake.messages == []


def test_the_fixture_runs_on_the_bots_clock(fake_twilio):
    fake_twilio.received_from(SITI)
    assert fake_twilio.window_open(SITI)
    bot_clock.travel(timedelta(hours=25))  # the fixture puts the clock back afterwards
    assert not fake_twilio.window_open(SITI)
    assert twilio(fake_twilio).messages.create(from_=BOT, to=SITI, body="x").date_created > \
        datetime.now(timezone.utc) + timedelta(hours=24)


# --- the Content API ------------------------------------------------------------------------------

def test_a_content_is_created_fetched_listed_submitted_and_approved(fake):
    client = twilio(fake)
    sid = create_content(client)
    assert re.fullmatch(r"HX[0-9a-f]{32}", sid)
    content = client.content.v1.contents(sid).fetch()
    assert (content.account_sid, content.friendly_name, content.language) == (fake.account_sid, "lapor_answer_id", "id")
    assert content.variables == {"1": "LPR-00042", "2": "Dinas PU"}
    assert content.types == {"twilio/quick-reply": {"body": ANSWERED, "actions": [{"title": "Baca", "id": "read"}]}}
    assert content.url == f"https://content.twilio.com/v1/Content/{sid}"
    assert content.links == {"approval_create": content.url + "/ApprovalRequests/whatsapp",
                             "approval_fetch": content.url + "/ApprovalRequests"}
    assert content.date_created.tzinfo is not None

    others = [create_content(client, name=f"other_{n}") for n in range(2)]
    assert [c.sid for c in client.content.v1.contents.list(page_size=2)] == [sid, *others]  # two pages

    assert approval(client, sid)["status"] == "unsubmitted"
    answer = submit(client, sid)
    assert (answer.status, answer.name, answer.category, answer.content_type) == \
        ("received", "lapor_answer_id", "UTILITY", "twilio/quick-reply")
    assert approval(client, sid)["status"] == "pending"
    assert fake.approve("lapor_answer_id") == "approved"
    whatsapp = approval(client, sid)
    assert (whatsapp["status"], whatsapp["name"], whatsapp["category"], whatsapp["rejection_reason"]) == \
        ("approved", "lapor_answer_id", "UTILITY", "")

    with pytest.raises(TwilioRestException) as again:
        submit(client, sid)
    assert (again.value.status, again.value.code) == (400, 92009)

    assert client.content.v1.contents(others[0]).delete()
    with pytest.raises(TwilioRestException) as gone:
        client.content.v1.contents(others[0]).fetch()
    assert gone.value.status == 404
    assert [c.sid for c in client.content.v1.contents.list()] == [sid, others[1]]


def test_approval_states_a_test_can_drive(fake):
    client = twilio(fake)
    first, second, third = (create_content(client, name=f"t_{n}") for n in range(3))
    for sid in (first, second):
        submit(client, sid, name=f"lapor_{sid.lower()}")
    fake.reject(first, "INVALID_FORMAT")
    assert (approval(client, first)["status"], approval(client, first)["rejection_reason"]) == \
        ("rejected", "INVALID_FORMAT")
    assert fake.approve_all() == {second: "approved"}  # never submitted: nothing to review
    assert approval(client, third)["status"] == "unsubmitted"
    with pytest.raises(AssertionError):
        fake.approve(third)
    fake.auto_approve = True
    submit(client, third, name="lapor_third")
    assert approval(client, third)["status"] == "approved"


@pytest.mark.parametrize("body,reason", [
    ("{{1}} sudah dijawab oleh {{2}} hari ini.", "starts"),
    ("Laporan {{1}} sudah dijawab oleh {{2}}.", "ends"),
    ("Laporan {{1}} {{2}} sudah dijawab hari ini.", "side by side"),
    ("Laporan {{1}} sudah dijawab oleh {{3}} hari ini.", "numbered"),
])
def test_whatsapp_rejects_a_body_with_a_misplaced_variable(fake, body, reason):
    client = twilio(fake)
    sid = create_content(client, body, variables={"1": "LPR-00042", "2": "Dinas PU", "3": "x"})  # Twilio takes it
    submit(client, sid)
    assert fake.approve(sid) == "rejected"
    assert reason in approval(client, sid)["rejection_reason"]


@pytest.mark.parametrize("change,code", [
    ({"actions": [{"title": "Baca laporan lengkapnya", "id": "read"}]}, 21658),
    ({"body": "Laporan {{1}} oleh {{2}} dijawab. " + "x" * 1024}, 21658),
    ({"actions": [{"title": f"B{n}", "id": f"b{n}"} for n in range(11)]}, 400),
    ({"actions": [{"title": "Baca"}]}, 400),
    ({"variables": {"1": "LPR-00042"}}, 400),
    ({"language": None}, 400),
])
def test_the_content_api_refuses_what_twilio_refuses(fake, change, code):
    quick_reply = {"body": ANSWERED, "actions": [{"title": "Baca", "id": "read"}]}
    request = {"friendly_name": "bad", "language": "id", "variables": {"1": "LPR-00042", "2": "Dinas PU"}}
    quick_reply.update({k: v for k, v in change.items() if k in ("body", "actions")})
    request.update({k: v for k, v in change.items() if k in ("variables", "language")})
    request["types"] = {"twilio/quick-reply": quick_reply}
    with pytest.raises(TwilioRestException) as refused:
        twilio(fake).content.v1.contents.create(ContentList.ContentCreateRequest(request))
    assert (refused.value.status, refused.value.code) == (400, code)
    assert fake.contents == []


def test_an_approval_request_needs_a_whatsapp_name_and_category(fake):
    client = twilio(fake)
    sid = create_content(client)
    for name, category in (("Lapor Answer", "UTILITY"), ("lapor_answer", "PROMO")):
        with pytest.raises(TwilioRestException) as refused:
            client.content.v1.contents(sid).approval_create.create(
                ApprovalCreateList.ContentApprovalRequest({"name": name, "category": category}))
        assert refused.value.status == 400
    assert approval(client, sid)["status"] == "unsubmitted"


# --- sending templates ------------------------------------------------------------------------------

def test_an_approved_template_goes_outside_the_window_and_shows_its_text(fake, receiver):
    client = twilio(fake)
    sid = approved_content(client, fake)
    message = client.messages.create(from_=BOT, to=SITI, content_sid=sid, status_callback=receiver.status_url,
                                     content_variables=json.dumps({"1": "LPR-00007", "2": "Dinas PU"}))
    assert message.status == "queued"
    assert fake.wait_for_callbacks() == [] and receiver.callbacks == []
    recorded, = fake.messages_to(SITI)
    shown = "Laporan LPR-00007 sudah dijawab oleh Dinas PU. Ketuk Baca untuk melihatnya."
    assert (recorded.body, recorded.content_sid, recorded.rendered) == ("", sid, shown)
    assert recorded.buttons == [{"title": "Baca", "id": "read"}]
    assert message.body == shown


def test_a_template_not_yet_approved_goes_inside_the_window_only(fake, receiver):
    client = twilio(fake)
    sid = create_content(client)
    submit(client, sid)  # pending
    variables = json.dumps({"1": "LPR-00007", "2": "Dinas PU"})
    outside = client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables=variables,
                                     status_callback=receiver.status_url)
    fake.received_from(BUDI)
    client.messages.create(from_=BOT, to=BUDI, content_sid=sid, content_variables=variables,
                           status_callback=receiver.status_url)
    assert [(r.message_sid, r.status, r.error_code) for r in fake.wait_for_callbacks()] == \
        [(outside.sid, "undelivered", 63016)]
    assert fake.messages_to(BUDI)[0].status == "queued"


@pytest.mark.parametrize("value", ["baris satu\nbaris dua", "kolom\tdua", "lima     spasi"])
def test_a_template_variable_with_a_newline_tab_or_spaces_is_refused_outside_the_window(fake, value):
    client = twilio(fake)
    sid = approved_content(client, fake)
    variables = json.dumps({"1": "LPR-00007", "2": value})
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables=variables)
    assert (refused.value.status, refused.value.code) == (400, 21656)
    fake.received_from(SITI)  # inside the window it goes as a session message
    assert client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables=variables).status == "queued"


@pytest.mark.parametrize("arguments,code", [
    ({"content_sid": "HX" + "0" * 32, "content_variables": '{"1": "a", "2": "b"}'}, 21655),
    ({"content_sid": "HX123", "content_variables": '{"1": "a", "2": "b"}'}, 21655),
    ({"body": "Halo", "content_variables": '{"1": "a"}'}, 21654),
    ({"content_sid": "KNOWN", "content_variables": '{"1": "LPR-00007"}'}, 21656),
    ({"content_sid": "KNOWN"}, 21656),
    ({"content_sid": "KNOWN", "content_variables": "{1: LPR}"}, 21656),
    ({"content_sid": "KNOWN", "content_variables": '{"1": "LPR-00007", "2": ""}'}, 21656),
    ({"content_sid": "KNOWN", "content_variables": '["LPR-00007", "Dinas PU"]'}, 21656),
])
def test_a_template_twilio_cannot_fill_is_refused_at_once(fake, arguments, code):
    client = twilio(fake)
    if arguments.get("content_sid") == "KNOWN":
        arguments = {**arguments, "content_sid": approved_content(client, fake)}
    fake.received_from(SITI)
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, **arguments)
    assert (refused.value.status, refused.value.code) == (400, code)
    assert fake.messages == []


def test_twilio_itself_would_fill_a_missing_variable_with_its_sample(fake):
    client = twilio(fake)
    sid = approved_content(client, fake)
    fake.variable_fallback = True
    client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables='{"1": "LPR-00007"}')
    assert fake.messages[0].rendered.startswith("Laporan LPR-00007 sudah dijawab oleh Dinas PU.")


def test_a_deleted_content_can_no_longer_be_sent(fake):
    client = twilio(fake)
    sid = approved_content(client, fake)
    client.content.v1.contents(sid).delete()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables='{"1": "a", "2": "b"}')
    assert refused.value.code == 21655


def test_a_session_quick_reply_without_approval_carries_at_most_three_buttons(fake, receiver):
    client = twilio(fake)
    sid = create_content(client, actions=[{"title": f"Pilihan {n}", "id": f"c{n}"} for n in range(4)])
    fake.received_from(SITI)
    client.messages.create(from_=BOT, to=SITI, content_sid=sid, content_variables='{"1": "a", "2": "b"}',
                           status_callback=receiver.status_url)
    assert [(r.status, r.error_code) for r in fake.wait_for_callbacks()] == [("undelivered", 63021)]


# --- media Twilio fetches -----------------------------------------------------------------------------

@pytest.mark.parametrize("content,content_type,status,code", [
    (b"\xff\xd8" + b"x" * (5 * 1024 * 1024 - 1), "image/jpeg", 200, 11751),  # images: 5 MB at most
    (b"%PDF" + b"x" * (16 * 1024 * 1024 - 3), "application/pdf", 200, 11751),  # anything: 16 MB
    (b"<html>", "text/html", 200, 63021),  # not a type WhatsApp carries
    (b"", "image/jpeg", 200, 63019),  # Twilio got 0 bytes
    (b"gone", "text/plain", 404, 63019),
])
def test_media_twilio_cannot_take_fails_after_the_answer(fake, receiver, content, content_type, status, code):
    fake.received_from(SITI)
    url = receiver.serve("file", content, content_type, status)
    message = twilio(fake).messages.create(from_=BOT, to=SITI, body="Bukti", media_url=[url],
                                           status_callback=receiver.status_url)
    assert message.status == "queued"
    result, = fake.wait_for_callbacks()
    assert (result.status, result.error_code, result.http_status) == ("failed", code, 200)
    assert receiver.fetched == ["/media/file"]
    assert (fake.messages[0].status, fake.messages[0].error_code) == ("failed", code)


def test_media_twilio_can_fetch_goes_through_redirects(fake, receiver):
    fake.received_from(SITI)
    photo = receiver.serve("photo", b"\xff\xd8 a photo" * 1000, "image/jpeg")
    url = receiver.redirect("signed", photo)
    twilio(fake).messages.create(from_=BOT, to=SITI, body="Bukti", media_url=[url],
                                 status_callback=receiver.status_url)
    assert fake.wait_for_callbacks() == [] and receiver.callbacks == []
    assert receiver.fetched == ["/media/signed", "/media/photo"]


def test_media_beyond_this_machine_is_never_fetched(fake, receiver):
    fake.received_from(SITI)
    twilio(fake).messages.create(from_=BOT, to=SITI, body="Bukti", media_url=["https://media.example.org/a.jpg"],
                                 status_callback=receiver.status_url)
    assert [(r.status, r.error_code) for r in fake.wait_for_callbacks()] == [("failed", 63019)]


def test_media_outside_the_window_is_undelivered_once_fetched(fake, receiver):
    url = receiver.serve("photo", b"\xff\xd8 a photo", "image/jpeg")
    twilio(fake).messages.create(from_=BOT, to=SITI, media_url=[url], status_callback=receiver.status_url)
    assert [(r.status, r.error_code) for r in fake.wait_for_callbacks()] == [("undelivered", 63016)]
    assert receiver.fetched == ["/media/photo"]


def test_a_test_may_say_when_twilio_took_the_last_message_and_revoke_approvals(fake, clock):
    fake.received_from(SITI)
    fake.received_from(SITI, at=clock() - timedelta(hours=24, minutes=1))
    assert not fake.window_open(SITI)
    client = twilio(fake)
    sid = approved_content(client, fake)
    fake.revoke_all()
    assert approval(client, sid)["status"] == "pending"
    assert fake.approve_all() == {sid: "approved"}
