"""Hundreds of correctly signed but odd Twilio webhooks, from residents and officials, never make the
bot answer 5xx nor fail in its handlers (an apology); afterwards a resident still files a report.

How many forms a run tries: the ``ci`` profile (the default) posts 150 through the webhook and parses
450 more without HTTP, about 40 s in all; ``HYPOTHESIS_PROFILE=thorough`` posts 2,000 and parses 6,000.
"""
from __future__ import annotations

import os
import secrets

import yaml

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from bot.inbound import BadPayload, parse_inbound
from conftest import SAMPLE_DIRECTORY
from harness import BOT_NUMBER, DESCRIPTION, WEBHOOK_PATH, directory_file, file_pothole_report
from models import Case, Message

settings.register_profile("ci", max_examples=150, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
#: Forms parsed without HTTP, per posted form: parsing is cheap.
PARSED_PER_POSTED = 3
EXAMPLES = settings.get_profile(PROFILE).max_examples

RESIDENTS = ["+6281200000001", "+6281200000002", "+6281200000003"]
OFFICIALS = ["+6281234500001", "+6281234500002", "+6281234500009"]  # bot/sample_directory.yaml
ACCOUNT_SID = "AC" + "0" * 32

# --- what a fuzzed form is made of -----------------------------------------------------------

#: Any text HTTP can carry (no lone surrogates), with NUL and the bidirectional controls likelier.
ODD_CHARACTERS = "\x00\u202e\u202d\u200f\u200e\u2066\u2069\ufeff\u0000\r\n\t\u0301\U0001F600"
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
odd_text = st.text(st.sampled_from(ODD_CHARACTERS + "aZ 9#/-."), max_size=30)
long_text = st.builds(lambda char, size, odd: (char * size)[:size - 1] + odd,
                      st.sampled_from("xé\u202e\x00لا"), st.integers(199, 5001), st.sampled_from(ODD_CHARACTERS))
words_people_type = st.sampled_from([
    "halo", "lapor", "report", "1", "2", "3", "4", "5", "99", "ya", "yes", "tidak", "selesai", "done", "batal",
    "menu", "bantuan", "status", "status LPR-00001", "status LPR-99999", "#LPR-00001 halo", "#LPR-00002",
    "#LPR-9999999999 x", "berhenti", "mulai", "bahasa", "belum", "Jalan rusak",
    "/proses LPR-00001", "/selesai LPR-00001 sudah", "/tolak LPR-00001 bukan wewenang kami", "/tolak LPR-00001",
    "/kasus", "/bantuan", "/terlambat", "/proses", "/proses LPR-0", "/selesai LPR-99999999999999999999",
])
field_text = st.one_of(words_people_type, any_text, odd_text, long_text,
                       st.builds(lambda word, odd: word + odd, words_people_type, odd_text))
numbers = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "NaN", "-inf", "Infinity", "1e999", "-1e309", "90.0000001", "-180.5", "٣", "1_0",
                     " 2 ", "0x10", "9" * 5000, "-0", "3\x00"]),
    odd_text,
)
odd_sids = st.one_of(st.just(""), st.text(st.sampled_from("SMab01\x00\u202e"), max_size=80),
                     st.builds(lambda n: "SM" + "f" * n, st.integers(30, 200)))


@st.composite
def twilio_forms(draw, phones: list[str], known_sids: list[str], media_urls: list[str]) -> dict:
    """A webhook form as Twilio shapes it, each field possibly missing, odd, long or out of range."""
    phone = draw(st.sampled_from(phones))
    sid = "SM" + secrets.token_hex(16) if draw(st.integers(0, 9)) else draw(odd_sids)
    form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID,
            "From": draw(st.sampled_from([f"whatsapp:{phone}", f"whatsapp:{phone[:3]} {phone[3:]}", phone]))
            if draw(st.integers(0, 19)) else draw(st.one_of(st.just(""), any_text, odd_text)),
            "To": BOT_NUMBER, "Body": draw(field_text), "NumMedia": draw(numbers),
            "ProfileName": draw(field_text), "WaId": phone.lstrip("+"), "SmsStatus": "received",
            "ApiVersion": "2010-04-01", "NumSegments": draw(numbers),
            "MessageType": draw(st.sampled_from(["text", "image", "location", "button", "sticker", "", "x" * 300]))}
    if draw(st.booleans()):
        form.update(Latitude=draw(numbers), Longitude=draw(numbers))
        form.update({name: draw(field_text) for name in ("Address", "Label") if draw(st.booleans())})
    if draw(st.booleans()):
        form["OriginalRepliedMessageSid"] = draw(st.one_of(st.sampled_from(known_sids), odd_sids))
        form["OriginalRepliedMessageSender"] = BOT_NUMBER
    if draw(st.integers(0, 4)) == 0:
        form.update(ButtonText=draw(field_text), ButtonPayload=draw(field_text))
    for position in draw(st.sets(st.integers(0, 12), max_size=4)):
        form[f"MediaUrl{position}"] = draw(st.one_of(st.sampled_from(media_urls), odd_text))
        form[f"MediaContentType{position}"] = draw(st.one_of(
            st.sampled_from(["image/jpeg", "application/pdf", "text/html", "video/mp4", "", "image/jpeg" + " " * 200]),
            odd_text))
    for name in draw(st.sets(st.sampled_from(sorted(form)), max_size=3)):  # fields Twilio forgot
        del form[name]
    for _ in range(draw(st.integers(0, 2))):  # fields Twilio added
        form[draw(st.text(st.sampled_from("ABxyz\x00\u202e_1"), min_size=1, max_size=12))] = draw(field_text)
    return form


# --- the world the forms land in ---------------------------------------------------------------

def a_case_in_flight(city) -> tuple[list[str], list[str]]:
    """LPR-00001 forwarded, answered and answered back, so that swipe-replies can name real messages;
    returns the bot's outbound SIDs and evidence links Twilio would serve."""
    resident = city.resident(RESIDENTS[0])
    file_pothole_report(resident)
    city.work()
    official = city.official(OFFICIALS[0])
    official.reply_to(official.received()[0].sid, "Di sebelah mana?")
    city.work()
    resident.reply_to(resident.received()[-1].sid, "Depan sekolah.")
    city.work()
    sids = [message.sid for message in city.messages(direction="out") if message.sid]
    return sids, [city.fake.add_media(b"\xff\xd8\xff\xe0 photo", "image/jpeg"), "http://127.0.0.1:1/gone"]


def post_signed(city, client, form: dict):
    """POST the form to the webhook through the app, signed as Twilio signs it."""
    signature = RequestValidator(city.auth_token).compute_signature(city.base_url + WEBHOOK_PATH, form)
    city.fake.received_from(form.get("From", ""))
    return client.post(WEBHOOK_PATH, data=form, headers={"X-Twilio-Signature": signature})


def well_formed(form: dict) -> bool:
    try:
        parse_inbound(MultiDict(form))
    except BadPayload:
        return False
    return True


def fuzz(city, phones: list[str], examples: int) -> None:
    sids, media_urls = a_case_in_flight(city)
    client = city.app.test_client()

    @settings(settings.get_profile(PROFILE), max_examples=examples)
    @given(form=twilio_forms(phones, sids, media_urls))
    def post(form):
        response = post_signed(city, client, form)
        assert response.status_code < 500, response.text
        assert response.status_code == (200 if well_formed(form) else 400)
        if response.status_code == 200:
            stored, = city.messages(sid=parse_inbound(MultiDict(form)).sid)
            assert stored.status != "error", stored.error_message  # the handler failed: an apology

    post()
    city.work()  # the worker takes what the fuzz queued: replies, forwards, downloads


def assert_a_resident_still_files_a_complete_report(city, phone: str) -> None:
    resident = city.resident(phone)
    for word in ("mulai", "batal", "menu"):  # whatever the fuzz left: stopped, mid-report, in English
        resident.send(word)
    file_pothole_report(resident)
    confirmation = resident.last_reply()  # to the "ya"; the worker may yet speak of the fuzz's photos
    city.work()
    with city.session() as session:
        case = session.scalars(select(Case).where(Case.description == DESCRIPTION).order_by(Case.id.desc())).first()
        assert case is not None and case.resident.phone == phone
        assert (case.status, case.category.code, case.place_label) == ("open", "jalan", "SD Negeri 1")
        forwards = session.scalar(select(func.count()).select_from(Message).where(
            Message.case_id == case.id, Message.kind == "forward", Message.phone == OFFICIALS[0]))
    assert case.ref in confirmation and forwards


def test_fuzzed_forms_from_residents_and_officials_never_fail_and_a_report_still_goes_through(city):
    fuzz(city, RESIDENTS + OFFICIALS + ["+6281399999999"], EXAMPLES)
    assert_a_resident_still_files_a_complete_report(city, RESIDENTS[0])  # the fuzz's busiest resident


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES * PARSED_PER_POSTED)
@given(form=twilio_forms(RESIDENTS + OFFICIALS, ["SM" + "0" * 32], ["https://api.twilio.com/x"]))
def test_any_form_parses_into_what_its_columns_hold_or_is_refused_as_malformed(form):
    try:
        message = parse_inbound(MultiDict(form))
    except BadPayload:
        return
    texts = [message.body, message.address, message.place_label, message.profile_name, message.replied_to_sid,
             message.sid, *message.raw, *message.raw.values(),
             *(value for media in message.media for value in (media.source_url, media.content_type))]
    assert not any("\x00" in value for value in texts if value)
    assert len(message.sid) <= 64 and len(message.replied_to_sid or "") <= 64
    assert len(message.place_label or "") <= 300 and len(message.profile_name or "") <= 200
    assert all(len(media.content_type) <= 120 for media in message.media) and len(message.media) <= 10
    assert (message.latitude is None) == (message.longitude is None)
    if message.latitude is not None:
        assert -90 <= message.latitude <= 90 and -180 <= message.longitude <= 180


# --- what the fuzz is about, one case at a time ------------------------------------------------

def test_fields_longer_than_their_columns_are_cut_and_nul_is_dropped_everywhere(city):
    resident = city.resident(RESIDENTS[0], name="S\x00iti " + "\u202e" * 300)
    resident.send("lapor")
    resident.send("1")
    resident.send("Lubang\x00 besar di jalan depan sekolah, sudah dua minggu.")
    resident.send_location(-6.917464, 107.619123, address="Jl. Merdeka\x00 " + "x" * 5000, label="L\x00" * 400)
    location, = city.messages(kind="location")
    assert (location.status, len(location.place_label), len(location.profile_name)) == ("processed", 300, 200)
    assert "\x00" not in location.address + location.place_label + location.profile_name
    assert not any("\x00" in key + value for key, value in location.raw.items())
    assert "bukti" in resident.last_reply().lower()  # the pin counted; no apology


def test_impossible_coordinates_are_no_location_pin(city):
    resident = city.resident()
    for word in ("lapor", "1", "Lubang besar di jalan depan sekolah, sudah dua minggu."):
        resident.send(word)
    for latitude, longitude in (("NaN", "107.6"), ("-6.9", "inf"), ("91", "107.6"), ("-6.9", "-180.01"),
                                ("1e999", "1e999"), ("-6.9", "")):
        resident.send("", Latitude=latitude, Longitude=longitude, MessageType="location")
        assert "bukti" not in resident.last_reply().lower()
    assert all(message.latitude is None and message.longitude is None and message.status == "processed"
               for message in city.messages(direction="in"))
    resident.send_location(-90, 180)
    assert "bukti" in resident.last_reply().lower()


def test_a_sid_too_long_to_be_twilios_is_refused_and_a_reply_to_one_is_no_reply(city):
    resident = city.resident()
    assert resident.post(resident.form("halo", MessageSid="SM" + "0" * 100)).status_code == 400
    resident.send("halo", OriginalRepliedMessageSid="SM" + "0" * 100)
    assert city.messages(direction="in")[-1].replied_to_sid is None


def test_a_swipe_reply_from_an_official_no_longer_in_the_directory_is_not_an_error(city, tmp_path):
    resident = city.resident()
    file_pothole_report(resident)
    city.work()
    budi = city.official(OFFICIALS[0])
    forward = budi.received()[0]
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    pu = next(department for department in directory["departments"] if department["code"] == "pu")
    pu["officials"] = [{"name": "Agus Pengganti", "phone": "+6281234500003"}]
    city.load_directory(directory_file(tmp_path, directory))

    budi.send("halo")  # now a resident like any other, greeted with the menu
    budi.reply_to(forward.sid, "Sudah kami tambal.")
    reply, = city.messages(direction="in", phone=OFFICIALS[0])[-1:]
    assert reply.status == "processed", reply.error_message
    assert all("Sudah kami tambal" not in message.body for message in resident.outbox())
