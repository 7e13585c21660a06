"""The console's map shows the open cases residents pinned, coloured by status and age, over the
city's area boundaries, with the list's filters; the city's GIS staff get the same cases as GeoJSON.

Residents file their reports through the webhook with WhatsApp location pins, in the sample city
(Kota Kupang, bot/sample_areas/); officials answer them from their phones.
"""
from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from bot.config import DEFAULT_MAP_TILE_URL, load_settings
from console import Staff, make_account, signed_in_admin
from harness import ADMIN_EMAIL, ADMIN_PASSWORD, TIMEOUT_MS, make_admin, no_problems_so_far
from models import clock

FLOOD = "3"     # "Banjir / saluran tersumbat": Dinas PU, evidence optional
RUBBISH = "2"   # "Sampah menumpuk": Dinas Lingkungan Hidup, evidence required
BUDI = "+6281234500001"     # Dinas PU's official

IN_FATULULI = (-10.175, 123.616)
IN_OETETE = (-10.153, 123.595)
IN_OESAPA = (-10.150, 123.660)

_MAP_DATA = re.compile(r'<script type="application/json" id="map-data">(.*?)</script>', re.S)


@pytest.fixture
def admin(city):
    return signed_in_admin(city)


def report(city, phone: str, category: str, description: str, *, pin=None, address: str = "",
           photo: bool = False) -> str:
    """A resident's whole report, a pin or a typed address; the new case's reference."""
    resident = city.resident(phone)
    resident.send("halo")
    resident.send("1")
    resident.send(category)
    resident.send(description)
    if pin is not None:
        resident.send_location(*pin)
    else:
        resident.send(address)
    if photo:
        resident.send_media()
    resident.send("selesai")
    resident.send("ya")
    filed = re.search(r"Nomor laporan Anda: \*(LPR-\d+)\*", resident.last_reply())
    assert filed, f"the report was not filed: {resident.last_reply()!r}"
    return filed.group(1)


def page_data(page) -> dict:
    """What the map page hands its script: the cases, the areas, the tiles."""
    assert page.status_code == 200, page.status_code
    match = _MAP_DATA.search(page.text)
    assert match, "no map data on the page"
    return json.loads(match.group(1))


def pins(collection: dict) -> dict[str, str]:
    """Each pinned case's reference and its colour (the ``m-…`` class of its marker)."""
    return {feature["properties"]["ref"]: feature["properties"]["marker"] for feature in collection["features"]}


def geojson(staff, query: str = "") -> dict:
    response = staff.get(f"/admin/map.geojson{query}")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    return json.loads(response.text)


def test_the_map_shows_every_open_pinned_case_coloured_by_status_and_age(city, admin):
    answered = report(city, "+6281200000001", FLOOD, "Got meluap di depan pasar", pin=IN_FATULULI)
    in_hand = report(city, "+6281200000002", FLOOD, "Saluran tersumbat lumpur", pin=IN_OETETE)
    ignored = report(city, "+6281200000003", FLOOD, "Air menggenang di gang", pin=IN_OESAPA)
    city.work()
    official = city.official(BUDI)
    official.send(f"#{answered} Tim kami datang minggu ini.")
    official.send(f"/proses {in_hand}")
    clock.travel(timedelta(days=8))  # a week on: the first three are old, the unanswered one late
    fresh = report(city, "+6281200000004", FLOOD, "Banjir setinggi lutut", pin=IN_FATULULI)
    fresh_in_hand = report(city, "+6281200000005", FLOOD, "Saluran jebol", pin=IN_OESAPA)
    typed = report(city, "+6281200000006", FLOOD, "Banjir di jalan besar", address="Jl. Sudirman 5")
    fixed = report(city, "+6281200000007", FLOOD, "Got mampet sejak Senin", pin=IN_OETETE)
    city.work()
    official.send(f"/proses {fresh_in_hand}")
    official.send(f"/selesai {fixed} sudah dibersihkan")

    page = admin.get("/admin/map")
    expected = {answered: "open-aged", in_hand: "in_progress-aged", ignored: "late", fresh: "open",
                fresh_in_hand: "in_progress"}
    assert pins(page_data(page)["cases"]) == expected
    assert typed not in page.text and fixed not in page.text
    assert "1 laporan terbuka tidak punya titik lokasi" in page.text
    assert "5 laporan di peta" in page.text
    legend = dict(re.findall(r'<span class="swatch m-([\w-]+)"></span>[^<]*\((\d+)\)</li>', page.text))
    assert legend == {kind: "1" for kind in expected.values()}  # each colour named, with its count

    collection = geojson(admin)
    assert collection["type"] == "FeatureCollection" and pins(collection) == expected
    [late] = [feature for feature in collection["features"] if feature["properties"]["ref"] == ignored]
    assert late["geometry"] == {"type": "Point", "coordinates": [IN_OESAPA[1], IN_OESAPA[0]]}
    properties = late["properties"]
    assert properties["status"] == "open" and properties["late"] is True and properties["age_days"] == 8
    assert properties["category"] == "Banjir / saluran tersumbat" and properties["department"] == "Dinas Pekerjaan Umum"
    assert properties["area"] == "Kel. Oesapa, Kec. Kelapa Lima" and properties["due_what"] == "first_answer"
    assert properties["created_at"].endswith("Z") and properties["created_local"].endswith("+07:00")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", properties["due"])
    link = urlsplit(properties["url"])
    assert link.scheme == "http" and link.path == f"/admin/cases/{ignored}"
    assert ignored in admin.get(link.path).text


def test_a_filter_narrows_the_map_and_the_geojson_as_it_narrows_the_list(city, admin):
    flood = report(city, "+6281200000001", FLOOD, "Got meluap sejak pagi", pin=IN_FATULULI)
    rubbish = report(city, "+6281200000002", RUBBISH, "Sampah menumpuk di pasar", pin=IN_OETETE, photo=True)
    city.work()
    assert set(pins(page_data(admin.get("/admin/map"))["cases"])) == {flood, rubbish}

    page = admin.get("/admin/map?category=sampah")
    assert set(pins(page_data(page)["cases"])) == {rubbish}
    assert set(pins(geojson(admin, "?category=sampah"))) == {rubbish}
    assert '<option value="sampah" selected>' in page.text
    assert 'href="/admin/cases?category=sampah"' in page.text  # to the list, the same filter
    assert 'href="/admin/map.geojson?category=sampah"' in page.text
    listed = admin.get("/admin/cases?category=sampah").text
    assert rubbish in listed and flood not in listed

    assert set(pins(geojson(admin, "?department=pu"))) == {flood}
    assert set(pins(geojson(admin, "?q=pasar"))) == {rubbish}
    assert pins(geojson(admin, "?status=in_progress")) == {}
    assert pins(geojson(admin, "?status=resolved")) == {}  # the map is of open cases only


def test_staff_see_only_their_departments_cases_whatever_they_ask(city, admin):
    flood = report(city, "+6281200000001", FLOOD, "Got meluap sejak pagi", pin=IN_FATULULI)
    rubbish = report(city, "+6281200000002", RUBBISH, "Sampah di pasar", pin=IN_OETETE, photo=True)
    report(city, "+6281200000003", FLOOD, "Banjir di jalan", address="Jl. Sudirman 5")
    city.work()
    make_account(city, "staf@dlh.go.id", role="staff", department="dlh")
    dlh = Staff(city, "staf@dlh.go.id")
    dlh.sign_in()

    page = dlh.get("/admin/map")
    assert set(pins(page_data(page)["cases"])) == {rubbish}
    assert flood not in page.text and "tidak punya titik lokasi" not in page.text  # PU's unpinned case
    assert set(pins(geojson(dlh))) == {rubbish}
    assert pins(geojson(dlh, "?department=pu")) == {}
    assert 'name="department"' not in page.text
    assert "1 laporan terbuka tidak punya titik lokasi" in admin.get("/admin/map").text


def test_what_a_resident_wrote_is_text_on_the_map_never_markup(city, admin):
    words = '</script><script>alert("map")</script><img src=x onerror=alert(1)> & got'
    ref = report(city, "+6281200000001", FLOOD, words, pin=IN_FATULULI)
    city.work()
    page = admin.get("/admin/map")
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    [case] = page_data(page)["cases"]["features"]
    assert case["properties"]["ref"] == ref and case["properties"]["description"] == words
    [feature] = geojson(admin)["features"]
    assert feature["properties"]["description"] == words


def test_the_map_and_its_geojson_need_a_signed_in_account(city):
    report(city, "+6281200000001", FLOOD, "Got meluap sejak pagi", pin=IN_FATULULI)
    stranger = city.app.test_client()
    for path in ("/admin/map", "/admin/map.geojson", "/admin/map.geojson?category=banjir"):
        response = stranger.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], path
        assert "LPR-00001" not in response.text


def test_the_tiles_come_from_the_city_setting_and_an_empty_one_means_a_plain_background(city, admin):
    assert page_data(admin.get("/admin/map"))["tiles"] == DEFAULT_MAP_TILE_URL
    assert "openstreetmap.org/copyright" in page_data(admin.get("/admin/map"))["attribution"]
    own = "https://peta.kupangkota.go.id/tiles/{z}/{x}/{y}.png"
    for setting, tiles in ((own, own), ("", "")):
        city.restart_web(MAP_TILE_URL=setting)
        staff = Staff(city, "admin@kota.go.id")
        staff.sign_in()
        assert page_data(staff.get("/admin/map"))["tiles"] == tiles
    with pytest.raises(RuntimeError, match="MAP_TILE_URL"):
        load_settings({**city.env, "MAP_TILE_URL": "peta.kupangkota.go.id/tiles"})


def test_the_page_carries_the_area_boundaries_and_the_vendored_leaflet(city, admin):
    page = admin.get("/admin/map")
    areas = {feature["properties"]["code"]: feature for feature in page_data(page)["areas"]["features"]}
    assert set(areas) == {"kec-oebobo", "kec-kelapa-lima", "kel-fatululi", "kel-oebobo", "kel-oetete",
                          "kel-kelapa-lima", "kel-oesapa"}
    assert areas["kel-fatululi"]["geometry"]["type"] == "Polygon"
    assert areas["kel-kelapa-lima"]["geometry"]["type"] == "MultiPolygon"  # with its islet
    # Kelurahan are named on the map; a kecamatan drawn with its kelurahan inside is not, twice.
    assert areas["kel-fatululi"]["properties"]["label"] and not areas["kec-oebobo"]["properties"]["label"]
    assert areas["kel-fatululi"]["properties"]["name"] == "Fatululi"

    for asset in ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "map.js"):
        assert f'/static/{asset}"' in page.text
        assert admin.get(f"/static/{asset}").status_code == 200
    assert "Leaflet 1.9." in admin.get("/static/vendor/leaflet/leaflet.js").text[:200]
    assert "//unpkg.com" not in page.text and "cdn" not in page.text.lower()


def test_on_a_phone_offline_the_pins_show_on_a_plain_background_and_open_their_case(city, phone_page, monkeypatch):
    """In Chromium at 390 px, with the tile server out of reach: the pins and the areas still show,
    a note says the background is missing, nothing is wider than the screen, and a pin's popup
    shows the resident's words as text and leads to the case."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    words = "Got meluap, <b>tolong</b> segera"
    waiting = report(city, "+6281200000001", FLOOD, words, pin=IN_FATULULI)
    in_hand = report(city, "+6281200000002", FLOOD, "Saluran tersumbat lumpur", pin=IN_OESAPA)
    city.work()
    city.official(BUDI).send(f"/proses {in_hand}")
    city.restart_web(MAP_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png")  # nothing answers there
    make_admin(city, monkeypatch)
    page = phone_page

    page.goto(city.base_url + "/admin/map")
    page.locator("input[name=email]").fill(ADMIN_EMAIL)
    page.locator("input[name=password]").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/admin/map$"))
    expect(page.locator("path.case-marker")).to_have_count(2)
    expect(page.locator("path.case-marker.m-in_progress")).to_have_count(1)
    expect(page.locator(".leaflet-tooltip.area-label")).to_have_count(5)  # the kelurahan, by name
    expect(page.locator("#tiles-failed")).to_be_visible()
    no_problems_so_far(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the map page is {overflow}px wider than a 390px phone"

    page.locator("path.case-marker.m-open").click()
    popup = page.locator(".leaflet-popup .case-popup")
    expect(popup).to_contain_text(waiting)
    expect(popup).to_contain_text(words)  # as written: the tags are text, not bold
    expect(popup.locator("b")).to_have_count(0)
    # The popup pans the map into view; a click during that animation lands on the moving map.
    page.wait_for_function("() => !document.querySelector('.leaflet-pan-anim, .leaflet-zoom-anim')")
    popup.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/admin/cases/{waiting}$"))
    no_problems_so_far(page)
