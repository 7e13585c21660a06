"""Every console page fits a phone: at 390×844 (and on an office PC at 1366×900) nothing is wider
than the screen, and a case's actions are on its first screen.

One headless Chromium (Debian's, as in test_console_in_a_browser.py) signs in once and opens each
page of ``PAGES`` at both sizes; a full-page screenshot of each lands in ``tests/screenshots/``
(ignored by git) for a person to look at.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from factories import add_cases
from handlers.broadcasts import create_broadcast
from handlers.budgeting import add_project, cast_ballot, create_round, tally
from harness import ADMIN_EMAIL, ADMIN_PASSWORD, TIMEOUT_MS, a_photo, file_pothole_report, make_admin, share_an_idea
from models import AdminUser, Area, Aspiration, Phase, Resident, utcnow

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

#: Every console page, as (name, path): a page added here is checked and photographed at both sizes.
#: ``{siti}`` and ``{newcomer}`` are residents' ids; the sign-in page comes first, opened before signing in.
PAGES = (
    ("login", "/admin/login"),
    ("cases", "/admin/cases"),
    ("cases-filtered", "/admin/cases?status=open&category=jalan"),
    ("cases-empty", "/admin/cases?q=tidak+ada+yang+cocok"),
    ("case", "/admin/cases/LPR-00001"),
    ("case-long-words", "/admin/cases/LPR-00002"),
    ("case-no-evidence", "/admin/cases/LPR-00003"),
    ("resident", "/admin/residents/{siti}"),
    ("resident-no-cases", "/admin/residents/{newcomer}"),
    ("overview", "/admin/overview"),
    ("map", "/admin/map"),
    ("aspirations", "/admin/aspirations?status=published"),
    ("aspiration", "/admin/aspirations/ASP-00001"),
    ("forum", "/admin/forum?area=kel-fatululi"),
    ("rounds", "/admin/rounds"),
    ("round", "/admin/rounds/1"),
    ("round-results", "/admin/rounds/2"),
    ("broadcasts", "/admin/broadcasts"),
    ("broadcast", "/admin/broadcasts/1"),
)

#: A description a phone cannot wrap at a space: a long link and a longer word.
LONG_WORDS = ("Saluran tersumbat, lihat https://drive.example.go.id/laporan-warga/saluran-air-tersumbat-di-jalan-"
              "el-tari-sejak-minggu-lalu?sumber=whatsapp&kelurahan=oebobo&foto=1 dan "
              "AIRMELUAPKEJALANSETIAPHUJANDERASSAMPAIMASUKKERUMAHWARGADIGANGMAWAR sejak Senin.")

#: The page's width against the window's, and the elements that stick out past either edge (but
#: the map's tiles and layers, which its container clips).
MEASURE = """() => {
  const width = window.innerWidth, wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(".leaflet-container") !== element && element.closest(".leaflet-container")) continue;
    const box = element.getBoundingClientRect();
    if ((box.width || box.height) && (box.right > width + 0.5 || box.left < -0.5)) {
      const name = element.tagName.toLowerCase() + (element.className && element.className.baseVal === undefined
        ? "." + String(element.className).trim().replace(/\\s+/g, ".") : "");
      wide.push(`${name} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8)};
}"""


def a_city_with_cases(city) -> dict[str, int]:
    """Cases in every status: a pothole with a photo and an answer, a report with a long link and two
    photos, a few made directly; a resident who never filed one. Returns the residents' ids."""
    siti = city.resident("+6281200000001", name="Siti Aminah")
    file_pothole_report(siti)
    city.work()
    official = city.official()
    official.send("#LPR-00001 *Besok pagi* tim kami datang menambal, _insyaallah_ sebelum jam 9.")
    official.send("/proses LPR-00001")
    city.work()
    siti.send("#LPR-00001 Terima kasih, pak. ~Kemarin~ Tadi pagi lubangnya makin lebar.")

    andi = city.resident("+6281200000002", name="Andi")
    for step in ("halo", "1", "1", LONG_WORDS):
        andi.send(step)
    andi.send_location(-6.917464, 107.619123, address="Jl. El Tari, Oebobo", label="Depan toko")
    andi.send_media(a_photo("drain 1"), "image/jpeg")
    andi.send_media(a_photo("drain 2"), "image/jpeg")
    andi.send("selesai")
    andi.send("ya")
    city.work()

    add_cases(city, 1, category="sampah", description="Sampah menumpuk di pasar Oeba\nsudah tiga hari",
              created_at=utcnow() - timedelta(days=3))
    add_cases(city, 1, category="sampah", status="resolved", created_at=utcnow() - timedelta(days=12))
    add_cases(city, 1, category="jalan", status="declined", created_at=utcnow() - timedelta(hours=2))
    add_cases(city, 1, category="lainnya", status="closed", created_at=utcnow() - timedelta(days=40))
    city.resident("+6281200000004", name="Budi Pendatang").send("halo")
    share_an_idea(city.resident("+6281200000005", name="Rina"))
    city.work()
    with city.session() as session:  # published, so that the forum's agenda lists it
        session.execute(update(Aspiration).values(status="published"))
        session.commit()
    with city.session() as session:
        ids = dict(session.execute(select(Resident.phone, Resident.id)).all())
    return {"siti": ids["+6281200000001"], "newcomer": ids["+6281200000004"]}


def budget_rounds(city) -> None:
    """Round 1 in its review now, with a long-named project and the published idea still a
    candidate (its form on the page); round 2 from last year, counted, with its results."""
    zone, now = city.runtime.settings.city_timezone, utcnow()
    today = now.astimezone(zone).date()

    def days(*offsets: int) -> dict:
        return {phase: today + timedelta(days=offset) for phase, offset in zip(
            (Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS), offsets)}

    with city.session() as session:
        oebobo = session.scalars(select(Area).where(Area.code == "kec-oebobo")).one()
        reviewed = create_round(session, name="Anggaran Partisipatif Kecamatan Oebobo 2027", area=oebobo,
                                budget=2_500_000_000, days=days(-20, -5, 10, 25), zone=zone)
        add_project(session, reviewed, None, "Saluran tertutup sepanjang 1,2 km di Jalan El Tari dan "
                    "JALANFRANSSEDASAMPAIPERTIGAANPASAROEBOBO", 1_250_000_000, None, now)
        counted = create_round(session, name="Anggaran Partisipatif Kota 2026", area=None, budget=500_000_000,
                               days=days(-400, -380, -360, -340), zone=zone)
        projects = [add_project(session, counted, None, title, cost, None, counted.review_from + timedelta(days=1))
                    for title, cost in (("Taman baca RW 03", 150_000_000), ("Lampu jalan Frans Seda", 300_000_000),
                                        ("Sumur bor Oetete", 250_000_000))]
        voting = counted.voting_from + timedelta(days=1)
        for number, resident in enumerate(session.scalars(select(Resident).order_by(Resident.id)).all()):
            cast_ballot(session, counted, resident, [projects[number % 3].id], voting)
        tally(session, counted, now)
        session.commit()


#: News whose first words a phone cannot wrap at a space: a long link.
LONG_NEWS = ("https://drive.example.go.id/kabar-warga/musrenbang-kelurahan-fatululi-2027-jadwal-dan-tempat?sumber=wa "
             "Musrenbang Kelurahan Fatululi hari *Sabtu* pukul 09.00 di aula kantor lurah.\nMohon hadir tepat waktu.")


def news(city) -> None:
    """Broadcast 1 to Kel. Fatululi, with a long link first, sent to many; broadcast 2 to the whole
    city, still sending. No pace job: the pages show them as they stand."""
    with city.session() as session:
        admin = session.scalars(select(AdminUser).where(AdminUser.email == ADMIN_EMAIL)).one()
        fatululi = session.scalars(select(Area).where(Area.code == "kel-fatululi")).one()
        sent = create_broadcast(session, LONG_NEWS, fatululi, admin)
        sent.recipients, sent.finished_at = 12_345, utcnow()
        create_broadcast(session, "Pemungutan suara anggaran partisipatif dibuka Senin.", None, admin)
        session.commit()


def test_every_console_page_fits_a_phone_and_an_office_screen(city, browser, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    city.restart_web(MAP_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png")  # the map offline: nothing answers there
    ids = a_city_with_cases(city)
    budget_rounds(city)
    make_admin(city, monkeypatch)
    news(city)
    SCREENSHOTS.mkdir(exist_ok=True)
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                locale="id-ID")
    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID")
    measured, problems = {}, []
    try:
        pages = {"phone": phone.new_page(), "desktop": desktop.new_page()}
        for page in pages.values():
            page.set_default_timeout(TIMEOUT_MS)
            page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
            page.on("response", lambda response: response.status >= 400 and problems.append(
                f"{response.status} {response.url}"))
        for index, (name, path) in enumerate(PAGES):
            if index == 1:  # after the sign-in page: once, and both screens share the cookie
                sign_in(pages["phone"], city.base_url)
                desktop.add_cookies(phone.cookies())
            for size, page in pages.items():
                viewport = PHONE if size == "phone" else DESKTOP
                page.goto(city.base_url + path.format(**ids))
                expect(page.locator("main h1")).to_be_visible()
                measured[f"{name}-{viewport['width']}"] = {**page.evaluate(MEASURE), "width": viewport["width"]}
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{viewport['width']}.png"), full_page=True)
                if name == "case" or name.startswith("case-"):
                    actions_on_the_first_screen(page, viewport, name, problems)
        # The jump to the newest message, at the top of a case, lands on it (on a phone, many screens down).
        pages["phone"].goto(city.base_url + "/admin/cases/LPR-00001")
        pages["phone"].get_by_role("link", name="Pesan terbaru").click()
        expect(pages["phone"].locator("ol.thread > li").last).to_be_in_viewport()
    finally:
        phone.close()
        desktop.close()
    print("\n".join(f"{key}: scrollWidth {value['scrollWidth']} in {value['innerWidth']}"
                    for key, value in measured.items()))
    print(f"screenshots: {SCREENSHOTS}")
    # A phone's browser widens its window to fit a page that is too wide for it: the window must
    # still be the screen's width, and the page no wider than the window.
    too_wide = {key: value for key, value in measured.items()
                if value["scrollWidth"] > value["innerWidth"] or value["innerWidth"] != value["width"] or value["wide"]}
    assert not too_wide, f"wider than the screen: {too_wide}"
    assert not problems, problems


def sign_in(page, base_url: str) -> None:
    page.goto(base_url + "/admin/login")
    page.locator("input[name=email]").fill(ADMIN_EMAIL)
    page.locator("input[name=password]").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/admin/cases")


def actions_on_the_first_screen(page, viewport: dict, name: str, problems: list) -> None:
    """The case's four actions (status, reply, reassign, note) start within the first screen."""
    actions = page.locator("#actions summary")
    count = actions.count()
    if count != 4:
        problems.append(f"{name}: {count} actions, not 4")
        return
    bottom = max(box["y"] + box["height"] for box in (actions.nth(index).bounding_box() for index in range(count)))
    if bottom > viewport["height"]:
        problems.append(f"{name} at {viewport['width']}px: the actions end {bottom:.0f}px down, "
                        f"below the first {viewport['height']}px")
