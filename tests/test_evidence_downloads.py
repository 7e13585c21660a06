"""Evidence the bot downloads: photos kept without their hidden metadata, only Twilio's hosts ever
fetched, and an attachment Twilio keeps failing to serve holding nothing else up."""
from __future__ import annotations

import hashlib
import io
import socket
from datetime import timedelta

import pytest
import requests
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo
from sqlalchemy import select

from console import Staff, make_account
from harness import DESCRIPTION, official_wrote_today
from jobs.sweep import sweep
from models import Media, clock

#: Where the photo was taken: exactly what a resident's phone writes into it, and we must not keep.
GPS = {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (6.0, 55.0, 2.87),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (107.0, 37.0, 8.84)}


def phone_photo() -> bytes:
    """A JPEG as a phone takes it: stored sideways (blue left, red right) with Orientation 6
    ("turn 90° clockwise to show"), the phone's make and the GPS position."""
    image = Image.new("RGB", (64, 32), "red")
    image.paste((0, 0, 255), (0, 0, 32, 32))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return out.getvalue()


def report_until_evidence(resident) -> None:
    resident.send("halo")
    resident.send("1")
    resident.send("1")  # Jalan rusak: evidence required
    resident.send(DESCRIPTION)
    resident.send_location(-6.917464, 107.619123, address="Jl. Merdeka No. 1, Bandung")


def send_photo_at(resident, url: str):
    return resident.send("", NumMedia="1", MediaUrl0=url, MediaContentType0="image/jpeg", MessageType="image")


def broken_photo(city, status: int = 500) -> str:
    url = city.fake.add_media(phone_photo(), "image/jpeg")
    city.fake.break_media(url, status)
    return url


def later(city, minutes: float) -> None:
    """Move the bot's clock on, and let the worker do what it would meanwhile: RQ's scheduler
    (worker.py runs it) hands over the retries that are due, here by the bot's clock."""
    clock.travel(timedelta(minutes=minutes))
    scheduled = city.worker_runtime.queue.scheduled_job_registry
    for job_id in scheduled.get_jobs_to_schedule(int(clock.now().timestamp())):
        scheduled.requeue(job_id)
    city.work()


# --- what we keep of a photo ------------------------------------------------------------------------

def test_a_photo_is_kept_upright_without_its_exif_or_gps(city):
    official, before = official_wrote_today(city)
    resident = city.resident()
    report_until_evidence(resident)
    resident.send_media(phone_photo(), "image/jpeg")
    resident.send("selesai")
    resident.send("ya")
    city.work()

    media, = city.media()
    stored = (city.runtime.settings.media_dir / media.path).read_bytes()
    assert (media.status, media.size, media.sha256) == ("stored", len(stored), hashlib.sha256(stored).hexdigest())
    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG" and kept.size == (32, 64), "turned upright"
    top, bottom = kept.convert("RGB").getpixel((16, 4)), kept.convert("RGB").getpixel((16, 60))
    assert top[2] > 200 > top[0] and bottom[0] > 200 > bottom[2], "the blue half is on top once upright"
    assert not kept.getexif() and "exif" not in kept.info and b"PhoneMaker" not in stored

    # What an official opens is that same file, and no cache along the way keeps it.
    link = official.received()[before + 1].media_urls[0]
    served = requests.get(link, timeout=10)
    assert served.content == stored and served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["Cache-Control"] == "private, no-store"


def test_a_png_loses_its_metadata_too(city):
    image, out = Image.new("RGBA", (8, 8), (0, 128, 0, 255)), io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    text = PngInfo()
    text.add_text("Comment", "rumah saya, Jl. Melati 5")
    image.save(out, "PNG", exif=exif, pnginfo=text)
    resident = city.resident()
    report_until_evidence(resident)
    resident.send_media(out.getvalue(), "image/png")
    city.work()

    media, = city.media()
    stored = (city.runtime.settings.media_dir / media.path).read_bytes()
    kept = Image.open(io.BytesIO(stored))
    assert media.status == "stored" and kept.format == "PNG" and kept.size == (8, 8)
    assert not kept.getexif() and b"Melati" not in stored and "Comment" not in kept.info


def test_a_photo_that_is_not_an_image_is_refused_politely(city):
    resident = city.resident()
    report_until_evidence(resident)
    resident.send_media(b"\xff\xd8\xff\xe0 not really a photo", "image/jpeg")
    city.work()

    media, = city.media()
    assert media.status == "rejected" and media.path is None and "not an image" in media.error
    assert "tidak dapat dibuka sebagai gambar" in resident.received()[-1].body
    assert not [path for path in city.runtime.settings.media_dir.rglob("*") if path.is_file()], "nothing kept"


# --- where media may come from ------------------------------------------------------------------------

@pytest.fixture
def listener():
    """A port on this machine that records whether anyone connected (our Redis, say)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def nobody_connected(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return True
    return False


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/",                        # a loopback service (Redis on 6379, say)
    "http://169.254.169.254/latest/meta-data/",        # the cloud's metadata service
    "http://10.0.0.7/photo.jpg",                       # the city's own network
    "https://api.twilio.com.attacker.example/x.jpg",   # looks like Twilio, is not
    "https://127.0.0.1:{port}\\@media.twiliocdn.com/x.jpg",  # Twilio's host to urlsplit, loopback to urllib3
])
def test_a_media_url_that_is_not_twilios_is_never_fetched(city, listener, url):
    url = url.format(port=listener.getsockname()[1])
    resident = city.resident()
    report_until_evidence(resident)
    send_photo_at(resident, url)  # signed as Twilio signs: whoever has the token could post it
    city.work()

    media, = city.media()
    assert media.status == "failed" and media.error.startswith("not a Twilio media host")
    assert nobody_connected(listener)
    assert "gagal kami unduh" in resident.received()[-1].body


def test_a_redirect_away_from_twilio_is_not_followed(city):
    resident = city.resident()
    report_until_evidence(resident)
    url = city.fake.add_media(phone_photo(), "image/jpeg", redirect_to="http://169.254.169.254/latest/meta-data/")
    send_photo_at(resident, url)
    city.work()

    media, = city.media()
    assert media.status == "failed" and "169.254.169.254" in media.error
    assert city.fake.media_fetches(url) == 1


# --- an attachment Twilio keeps failing to serve ------------------------------------------------------

def test_an_attachment_that_keeps_failing_holds_up_neither_the_case_nor_the_phone(city):
    official, before = official_wrote_today(city)
    resident = city.resident()
    report_until_evidence(resident)
    photo = broken_photo(city)
    send_photo_at(resident, photo)
    resident.send("selesai")
    resident.send("ya")
    city.work()

    # The case reaches its official at once, saying an attachment is on its way.
    forward, = official.received()[before:]
    assert "LPR-00001" in forward.body and "1 lampiran masih diambil" in forward.body
    media, = city.media()
    assert (media.status, media.attempts) == ("pending", 1) and "HTTP 500" in media.error

    # The resident sends another photo about the case (failing too), then a text: the text is not
    # held behind the photo that waits for its download.
    more = broken_photo(city, status=503)
    resident.send("", NumMedia="1", MediaUrl0=more, MediaContentType0="image/jpeg", MessageType="image",
                  Body="#LPR-00001 foto lain")
    resident.send("#LPR-00001 Sudah ada yang jatuh dari motor tadi pagi.")
    city.work()
    bodies = [message.body for message in official.received()[before + 1:]]
    assert any("foto lain" in body for body in bodies)
    assert any("jatuh dari motor" in body for body in bodies)
    assert not any(message.media_urls for message in official.received())

    # Retries back off: the sweep's job, or a retry that comes before it is due, fetches nothing.
    fetched = city.fake.media_fetches(photo)
    sweep(city.worker_runtime, older_than=timedelta(0))
    later(city, 0)
    assert city.fake.media_fetches(photo) == fetched
    later(city, 1)
    assert city.fake.media_fetches(photo) == fetched + 1

    # Within MEDIA_RETRY_MINUTES (30), both are given up; the official hears it, and the console shows it.
    for _ in range(7):
        later(city, 5)
    first, second = city.media()
    assert (first.status, second.status) == ("failed", "failed")
    assert first.error.startswith("gave up after") and "HTTP 500" in first.error
    assert first.attempts < 12, "retried with growing pauses, not every minute"
    news = [message.body for message in official.received()[before + 3:]]
    assert any("LPR-00001: satu lampiran dari pelapor tidak dapat diambil" in body for body in news)
    assert any("lampiran tidak dapat diambil" in body and "LPR-00001" in body for body in news)
    assert sum("gagal kami unduh" in message.body for message in resident.received()) == 2

    make_account(city, "admin@lapor.local")
    staff = Staff(city, "admin@lapor.local")
    staff.sign_in()
    page = staff.get("/admin/cases/LPR-00001").text
    assert "gagal diunduh (gave up after" in page  # the status in words, the worker's reason beside it


def test_an_attachment_that_comes_late_follows_the_forward(city):
    official, before = official_wrote_today(city)
    resident = city.resident()
    report_until_evidence(resident)
    photo = broken_photo(city)
    send_photo_at(resident, photo)
    resident.send("selesai")
    resident.send("ya")
    city.work()
    assert "1 lampiran masih diambil" in official.received()[before].body

    city.fake.mend_media(photo)
    later(city, 1)
    late, = official.received()[before + 1:]
    assert late.body == "LPR-00001 — bukti susulan" and late.media_urls
    assert city.media()[0].status == "stored"


def test_an_attempt_that_died_with_its_worker_still_counts_and_the_case_still_goes(city):
    """A huge image can take the worker down mid-attempt: that attempt must count, or the
    attachment is tried for ever and the case waits for it."""
    official, before = official_wrote_today(city)
    resident = city.resident()
    report_until_evidence(resident)
    send_photo_at(resident, broken_photo(city))
    resident.send("selesai")
    with city.session() as session:  # the first attempt took its lease, and the worker died
        media = session.scalars(select(Media)).one()
        media.attempts, media.error = 1, "attempt 1 under way"
        media.retry_at = clock.now() - timedelta(seconds=1)
        session.commit()
    resident.send("ya")
    city.work()
    assert "1 lampiran masih diambil" in official.received()[before].body  # the forward did not retry it

    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    media, = city.media()
    assert media.status == "pending" and "never finished" in media.error  # counted as a failure
    assert media.first_failed_at is not None  # and the give-up deadline runs from it
    later(city, 31)
    later(city, 31)
    media, = city.media()
    assert media.status == "failed" and "gave up" in media.error
