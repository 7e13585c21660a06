"""The fake Twilio API answers the real twilio-python client and `requests` as Twilio would."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.request_validator import RequestValidator
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from bot.twilio_client import make_client
from fake_twilio import FakeTwilio

BOT = "whatsapp:+14155238886"
SITI = "whatsapp:+6281200000001"


@pytest.fixture
def fake():
    with FakeTwilio() as fake:
        yield fake


def test_a_created_message_is_recorded_and_listed(fake):
    client = make_client(fake.account_sid, fake.auth_token, fake.base_url)
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


def test_injected_failures_look_like_twilios(fake):
    client = make_client(fake.account_sid, fake.auth_token, fake.base_url)
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
    client = make_client(fake.account_sid, "not-the-token", fake.base_url)
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=BOT, to=SITI, body="Halo")
    assert (refused.value.status, refused.value.code) == (401, 20003)
    assert fake.messages == []


def test_media_needs_credentials_and_the_cdn_never_sees_them(fake):
    url = fake.add_media(b"\xff\xd8 a photo", "image/jpeg")
    assert url.startswith(f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages/MM")
    assert requests.get(url, timeout=5).status_code == 401
    photo = requests.get(url, auth=(fake.account_sid, fake.auth_token), timeout=5)
    assert photo.status_code == 200 and photo.content == b"\xff\xd8 a photo"
    assert photo.headers["Content-Type"] == "image/jpeg" and photo.headers["Content-Length"] == "10"
    assert photo.history[0].status_code == 307 and photo.url.startswith(fake.cdn_base_url + "/cdn/")
    assert fake.cdn_requests == [False] and fake.cdn_requests_with_auth == 0


def test_status_callbacks_are_signed_over_the_recorded_url(fake):
    received: list[tuple[str, dict, str]] = []

    @Request.application
    def app(request: Request) -> Response:
        received.append((request.url, request.form.to_dict(), request.headers.get("X-Twilio-Signature", "")))
        return Response("", status=200)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        client = make_client(fake.account_sid, fake.auth_token, fake.base_url)
        callback = "https://bot.example.org/webhooks/twilio/status?x=1"
        message = client.messages.create(from_=BOT, to=SITI, body="Halo", status_callback=callback)
        target = f"http://127.0.0.1:{server.server_port}"
        assert fake.send_status(message.sid, "undelivered", error_code="63016", target_base_url=target) == 200
    finally:
        server.shutdown()
        server.server_close()
    (url, form, signature), = received
    assert url == target + "/webhooks/twilio/status?x=1"
    assert form["MessageStatus"] == "undelivered" and form["ErrorCode"] == "63016"
    assert (form["MessageSid"], form["To"], form["ChannelPrefix"]) == (message.sid, SITI, "whatsapp")
    assert RequestValidator(fake.auth_token).validate(callback, form, signature)
    assert fake.messages[0].status == "undelivered"
