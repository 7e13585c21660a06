"""The overview tells the mayor's office who answers on time: per office and per area, what is open,
late and escalated now, and how the last 30 days went (medians, resolved, reopened, ratings)."""
from __future__ import annotations

import html
import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from console import Staff, make_account, signed_in_admin
from factories import add_cases
from harness import counted_queries
from models import Area, Case, Department, clock, utcnow

COLUMNS = ("name", "first_answer", "answered", "resolve", "open", "late", "escalated", "resolved", "reopened",
           "rating")
PU, DLH = "Dinas Pekerjaan Umum", "Dinas Lingkungan Hidup"


@pytest.fixture
def admin(city):
    return signed_in_admin(city)


def a_case(city, office: str = "pu", *, area: str | None = None, filed_ago: timedelta = timedelta(days=2),
           answered_after: timedelta | None = None, resolved_after: timedelta | None = None,
           late: bool = False, escalated: bool = False, rating: int | None = None, reopens: int = 0) -> str:
    """One case answered by ``office`` (a department's code, or an area's for its office), placed in
    ``area``, filed ``filed_ago``; open unless ``resolved_after`` is given. Returns its reference."""
    filed = utcnow() - filed_ago
    [ref] = add_cases(city, 1, category="jalan", created_at=filed, answered_after=answered_after)
    with city.session() as session:
        case = session.scalars(select(Case).where(Case.ref == ref)).one()
        case.department_id = session.scalars(select(Department.id).where(Department.code == office)).one()
        case.area_id = session.scalars(select(Area.id).where(Area.code == area)).one() if area else None
        if resolved_after is not None:
            case.status, case.closed_at = "resolved", filed + resolved_after
        if late:
            case.resolve_due_at = utcnow() - timedelta(hours=1)
        if escalated:
            case.escalated_at = utcnow()
        case.rating, case.reopen_count = rating, reopens
        session.commit()
    return ref


def table(page: str, anchor: str) -> list[dict[str, str]]:
    """The rows of the overview's table ``anchor`` (``per-office``, ``per-area``), in page order,
    each cell's text by its column."""
    body = page.split(f'id="{anchor}"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append(dict(zip(COLUMNS, cells)))
    return rows


def by_name(page: str, anchor: str = "per-office") -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in table(page, anchor)}


def names(page: str, anchor: str = "per-office") -> list[str]:
    return [row["name"] for row in table(page, anchor)]


def test_each_office_counts_its_open_late_escalated_and_resolved_cases(city, admin):
    a_case(city, "pu", late=True, escalated=True)
    a_case(city, "pu", late=True)
    a_case(city, "pu")
    a_case(city, "pu", filed_ago=timedelta(days=50), resolved_after=timedelta(days=45))  # resolved 5 days ago
    a_case(city, "pu", filed_ago=timedelta(days=80), resolved_after=timedelta(days=40))  # resolved long ago
    a_case(city, "dlh")
    offices = by_name(admin.get("/admin/overview").text)
    assert {column: offices[PU][column] for column in ("open", "late", "escalated", "resolved")} == {
        "open": "3", "late": "2", "escalated": "1", "resolved": "1"}
    assert {column: offices[DLH][column] for column in ("open", "late", "escalated", "resolved")} == {
        "open": "1", "late": "0", "escalated": "0", "resolved": "0"}


def test_medians_take_the_cases_filed_in_the_last_30_days(city, admin):
    for hours in (1, 3, 5):
        a_case(city, "pu", answered_after=timedelta(hours=hours), resolved_after=timedelta(days=hours))
    a_case(city, "pu", filed_ago=timedelta(days=40), answered_after=timedelta(hours=90),
           resolved_after=timedelta(days=20))  # filed before the 30 days
    a_case(city, "dlh")  # neither answered nor resolved yet
    offices = by_name(admin.get("/admin/overview").text)
    assert (offices[PU]["first_answer"], offices[PU]["answered"], offices[PU]["resolve"]) == ("3 jam", "3", "3 hari")
    assert (offices[DLH]["first_answer"], offices[DLH]["answered"], offices[DLH]["resolve"]) == ("—", "0", "—")


def test_ratings_and_reopens_appear_per_office(city, admin):
    a_case(city, "pu", resolved_after=timedelta(days=1), rating=4, reopens=2)
    a_case(city, "pu", resolved_after=timedelta(days=1), rating=5)
    a_case(city, "pu", resolved_after=timedelta(days=1), rating=4, reopens=1)
    a_case(city, "pu", filed_ago=timedelta(days=40), resolved_after=timedelta(days=1), rating=1, reopens=5)
    a_case(city, "dlh")
    offices = by_name(admin.get("/admin/overview").text)
    assert (offices[PU]["rating"], offices[PU]["reopened"]) == ("4.3 (3)", "3")
    assert (offices[DLH]["rating"], offices[DLH]["reopened"]) == ("—", "0")


def test_the_tables_open_on_the_most_late_cases_and_a_heading_re_sorts_them(city, admin):
    a_case(city, "pu", late=True)
    for _ in range(3):
        a_case(city, "dlh")
    assert names(admin.get("/admin/overview").text) == [PU, DLH]
    assert names(admin.get("/admin/overview?sort=open&dir=desc").text) == [DLH, PU]
    assert names(admin.get("/admin/overview?sort=name&dir=asc").text) == [DLH, PU]
    assert names(admin.get("/admin/overview?sort=name&dir=desc").text) == [PU, DLH]


def test_a_heading_links_to_its_sort_and_clicked_again_to_the_other_way(city, admin):
    a_case(city, "pu")
    page = admin.get("/admin/overview?sort=open&dir=desc").text
    assert 'href="/admin/overview?sort=open&amp;dir=asc#per-office"' in page
    assert 'href="/admin/overview?sort=late&amp;dir=desc#per-area"' in page
    assert 'href="/admin/overview?sort=name&amp;dir=asc#per-office"' in page


@pytest.mark.parametrize("query", ["sort=__class__&dir=desc", "sort=late&dir=sideways",
                                   "sort=%3Cscript%3E&dir=%00", "sort=&dir=", "sort=rating&sort=x"])
def test_a_sort_the_tables_do_not_offer_falls_back_to_the_most_late_cases(city, admin, query):
    a_case(city, "dlh")
    a_case(city, "pu", late=True)
    page = admin.get(f"/admin/overview?{query}")
    assert page.status_code == 200
    assert names(page.text) == [PU, DLH]
    assert "<script>" not in page.text


def test_staff_see_only_their_own_departments_row(city):
    a_case(city, "pu", area="kel-fatululi", late=True)
    a_case(city, "dlh", area="kel-oesapa")
    make_account(city, "staf@dlh.go.id", role="staff", department="dlh")
    staff = Staff(city, "staf@dlh.go.id")
    staff.sign_in()
    page = staff.get("/admin/overview").text
    assert names(page) == [DLH]
    assert names(page, "per-area") == ["Kel. Oesapa, Kec. Kelapa Lima"]
    assert PU not in page and "Fatululi" not in page


def test_the_area_table_groups_cases_by_kelurahan(city, admin):
    a_case(city, "kel-fatululi", area="kel-fatululi", late=True)
    a_case(city, "pu", area="kel-fatululi", answered_after=timedelta(hours=2))
    a_case(city, "kel-oesapa", area="kel-oesapa")
    a_case(city, "kec-oebobo", area="kec-oebobo")
    a_case(city, "pu")
    page = admin.get("/admin/overview").text
    areas = by_name(page, "per-area")
    assert names(page, "per-area") == ["Kel. Fatululi, Kec. Oebobo", "Kec. Oebobo", "Kel. Oesapa, Kec. Kelapa Lima",
                                       "tanpa wilayah"]
    assert (areas["Kel. Fatululi, Kec. Oebobo"]["open"], areas["Kel. Fatululi, Kec. Oebobo"]["late"]) == ("2", "1")
    assert areas["Kel. Fatululi, Kec. Oebobo"]["first_answer"] == "2 jam"
    assert areas["tanpa wilayah"]["open"] == "1"
    assert by_name(page)["Kelurahan Fatululi"]["open"] == "1"  # the lurah's office, among the offices


def test_the_summary_line_counts_yesterday_as_the_city_reads_its_days(city, admin):
    zone = city.runtime.settings.city_timezone
    local = utcnow().astimezone(zone)
    ten_tomorrow = datetime.combine(local.date() + timedelta(days=1), time(10), zone)
    clock.travel(ten_tomorrow - local)  # mid-morning, far from midnight either way
    yesterday = datetime.combine(ten_tomorrow.date() - timedelta(days=1), time(), zone)
    now = utcnow()
    a_case(city, "pu", filed_ago=now - (yesterday + timedelta(minutes=5)))  # just after yesterday began
    a_case(city, "pu", filed_ago=now - (yesterday - timedelta(minutes=5)), late=True, escalated=True)
    a_case(city, "dlh", filed_ago=timedelta(days=4), resolved_after=timedelta(days=3, hours=1))
    a_case(city, "dlh", filed_ago=timedelta(days=4), resolved_after=timedelta(days=2))  # the day before
    summary = " ".join(re.sub(r"<[^>]+>", "", admin.get("/admin/overview").text.split('class="today">')[1]
                              .split("</p>")[0]).split())
    assert summary == ("Kemarin: 1 laporan baru, 1 selesai. "
                       "Saat ini: 2 terbuka, 1 terlambat, 1 dieskalasi ke Kantor Wali Kota.")


def test_english_labels_when_the_account_prefers_them(city, admin):
    a_case(city, "pu")
    admin.submit("/admin/cases", "/admin/language", {})
    page = admin.get("/admin/overview").text
    assert "Per department / office" in page and "First answer (median)" in page
    assert names(page, "per-area") == ["no area"]


def test_the_tables_take_as_many_queries_for_many_offices_as_for_one(city, admin):
    a_case(city, "pu", area="kel-fatululi", answered_after=timedelta(hours=1))
    with counted_queries(city) as few:
        admin.get("/admin/overview")
    for office in ("dlh", "walikota", "kel-oesapa", "kel-oetete", "kec-kelapa-lima"):
        a_case(city, office, area=office if office.startswith("ke") else None, rating=3,
               answered_after=timedelta(hours=2), resolved_after=timedelta(days=1))
    with counted_queries(city) as many:
        admin.get("/admin/overview")
    assert len(many) == len(few)
