"""Staff run a participatory budgeting round from the console's *Anggaran* pages: an admin creates
it (a budget for the city or a kecamatan and the four days its phases start); before the voting,
staff of the office that answers an idea make it a project with a cost; during the voting only the
number of ballots shows; after the worker's tally the results are published with the rule they
follow and the ballots' CSV, whose columns anyone can add up to repeat the count."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from sqlalchemy import func, select

from console import Staff, make_account
from handlers.budgeting import cast_ballot, tally_closed_rounds
from harness import IDEA_TITLE, share_an_idea
from models import Project, Resident, Round, as_utc, clock

#: 09:00 WIB (02:00 UTC) on a day before the round, and in three of its phases.
BEFORE = datetime(2027, 2, 15, 2, tzinfo=timezone.utc)
IN_REVIEW = datetime(2027, 3, 12, 2, tzinfo=timezone.utc)
IN_VOTING = datetime(2027, 3, 22, 2, tzinfo=timezone.utc)
AFTER_CLOSE = datetime(2027, 4, 5, 2, tzinfo=timezone.utc)
ROUND = {"name": "Anggaran Partisipatif Oebobo 2027", "area": "kec-oebobo", "budget": "500.000.000",
         "proposals": "2027-03-01", "review": "2027-03-10", "voting": "2027-03-20", "results": "2027-04-05"}
ROUND_PAGE = "/admin/rounds/1"
PROJECTS = ROUND_PAGE + "/projects"


def travel_to(moment: datetime) -> None:
    clock.travel(moment - clock.now())


def account(city, email: str, role: str = "staff", department: str | None = None) -> Staff:
    make_account(city, email, role=role, department=department)
    signed_in = Staff(city, email)
    signed_in.sign_in()
    return signed_in


def published_ideas(city, count: int = 1) -> Staff:
    """``count`` ideas for the parks theme (Dinas Lingkungan Hidup answers them) in Kel. Fatululi,
    Kec. Oebobo, published by an admin: ASP-00001 …; the admin."""
    admin = account(city, "admin@kota.go.id", role="admin")
    for number in range(1, count + 1):
        share_an_idea(city.resident(f"+62812000002{number:02d}", name=f"Warga {number}"))
        ref = f"/admin/aspirations/ASP-{number:05d}"
        assert admin.submit(ref, ref + "/publish", {}).status_code == 302
    city.work()
    return admin


def a_round(admin: Staff, **changes: str):
    return admin.submit("/admin/rounds", "/admin/rounds", {**ROUND, **changes})


def make_project(staff: Staff, ref: str, cost: str, title: str = ""):
    return staff.submit(ROUND_PAGE, PROJECTS, {"aspiration": ref, "cost": cost, "title": title or IDEA_TITLE})


def test_an_admin_creates_a_round_and_every_account_reads_it(city):
    travel_to(BEFORE)
    admin = account(city, "admin@kota.go.id", role="admin")
    created = a_round(admin)
    assert created.status_code == 302 and created.headers["Location"].endswith(ROUND_PAGE)
    listed = admin.get("/admin/rounds").text
    assert "Anggaran Partisipatif Oebobo 2027" in listed and "Kec. Oebobo" in listed and "Rp 500.000.000" in listed
    assert "Belum dimulai" in listed  # the phase, in words
    # Each phase starts at 00:00 city time on its day; voting closes at 23:59 the night before the results.
    assert all(day in listed for day in ("Senin, 01-03-2027", "Rabu, 10-03-2027", "Sabtu, 20-03-2027",
                                         "Senin, 05-04-2027"))
    assert "Minggu, 04-04-2027 pukul 23.59" in admin.get(ROUND_PAGE).text
    with city.session() as session:  # 20-03-2027 00:00 WIB
        assert as_utc(session.scalars(select(Round.voting_from)).one()) == datetime(2027, 3, 19, 17, tzinfo=timezone.utc)
    whole_city = a_round(admin, name="Anggaran Partisipatif Kota 2027", area="city", budget="Rp 2.000.000.000")
    assert whole_city.status_code == 302
    listed = admin.get("/admin/rounds").text
    assert "Seluruh kota" in listed and "Rp 2.000.000.000" in listed  # "Rp" and the dots are how people type it

    staff = account(city, "dlh@kota.go.id", department="dlh")
    seen = staff.get("/admin/rounds").text
    assert "Anggaran Partisipatif Oebobo 2027" in seen and "Buat putaran baru" not in seen  # reads, creates nothing
    assert a_round(staff, name="Putaran staf").status_code == 403
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 2


def test_a_round_with_its_dates_out_of_order_or_a_kelurahan_for_its_area_is_refused_in_words(city):
    admin = account(city, "admin@kota.go.id", role="admin")
    out_of_order = a_round(admin, voting="2027-04-10")
    assert out_of_order.status_code == 400
    assert "Tanggal harus berurutan: pengusulan &lt; penilaian &lt; pemungutan suara &lt; hasil." in out_of_order.text
    assert 'value="2027-04-10"' in out_of_order.text  # what was typed comes back, to be corrected
    kelurahan = a_round(admin, area="kel-fatululi")
    assert kelurahan.status_code == 400
    assert "Wilayah putaran adalah seluruh kota atau satu kecamatan, bukan Fatululi." in kelurahan.text
    no_budget = a_round(admin, budget="0")
    assert "Anggaran harus lebih dari nol." in no_budget.text
    not_an_amount = a_round(admin, budget="1,5 juta")
    assert "Isi nama, anggaran (angka rupiah" in not_an_amount.text
    assert "Isi nama, anggaran" in a_round(admin, proposals="0001-01-01").text  # a year no city means
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0


def test_staff_of_the_ideas_office_make_it_a_project_with_a_cost_and_another_office_cannot(city):
    travel_to(BEFORE)
    admin = published_ideas(city)
    a_round(admin)
    travel_to(IN_REVIEW)
    pu = account(city, "pu@kota.go.id", department="pu")
    page = pu.get(ROUND_PAGE).text
    assert "ASP-00001" in page and IDEA_TITLE in page and "Jadikan proyek" not in page  # DLH answers it, not PU
    assert make_project(pu, "ASP-00001", "150.000.000").status_code == 403

    dlh = account(city, "dlh@kota.go.id", department="dlh")
    page = dlh.get(ROUND_PAGE).text
    assert "Taman dan ruang hijau" in page and "Jadikan proyek" in page
    too_expensive = make_project(dlh, "ASP-00001", "600.000.000")
    assert too_expensive.status_code == 302
    assert "Biaya harus lebih dari nol dan paling banyak sebesar anggaran, Rp 500.000.000." in dlh.get(ROUND_PAGE).text
    assert make_project(dlh, "ASP-00001", "150.000.000", title="Taman bermain RT 05").status_code == 302
    page = dlh.get(ROUND_PAGE).text
    assert "Proyek P01 ditambahkan." in page
    assert "Taman bermain RT 05" in page and "Rp 150.000.000" in page and 'href="/admin/aspirations/ASP-00001"' in page
    assert "Jadikan proyek" not in page  # no longer a candidate
    make_project(dlh, "ASP-00001", "150.000.000")  # a double submit
    assert "Aspirasi itu sudah menjadi proyek di putaran ini." in dlh.get(ROUND_PAGE).text
    with city.session() as session:
        project = session.scalars(select(Project)).one()
        assert (project.code, project.title, project.cost) == ("P01", "Taman bermain RT 05", 150_000_000)
    assert "<td data-label=\"Proyek\">1</td>" in admin.get("/admin/rounds").text


def test_a_project_is_removed_before_the_voting_and_none_changes_once_it_started(city):
    travel_to(BEFORE)
    admin = published_ideas(city, count=2)
    a_round(admin)
    travel_to(IN_REVIEW)
    dlh = account(city, "dlh@kota.go.id", department="dlh")
    make_project(dlh, "ASP-00001", "150.000.000")
    make_project(dlh, "ASP-00002", "200.000.000")
    pu = account(city, "pu@kota.go.id", department="pu")
    assert pu.submit(ROUND_PAGE, PROJECTS + "/1/remove", {}).status_code == 403
    assert dlh.submit(ROUND_PAGE, PROJECTS + "/1/remove", {}).status_code == 302
    assert "Proyek P01 dihapus." in dlh.get(ROUND_PAGE).text
    make_project(dlh, "ASP-00001", "120.000.000")  # back, as a new project after P02
    with city.session() as session:
        assert session.execute(select(Project.code, Project.cost).order_by(Project.code)).all() == [
            ("P02", 200_000_000), ("P03", 120_000_000)]

    travel_to(IN_VOTING)
    page = dlh.get(ROUND_PAGE).text
    assert "Pemungutan suara" in page and "0 surat suara masuk sejauh ini" in page
    assert "/remove" not in page and "Jadikan proyek" not in page and "Rp 120.000.000" in page
    dlh.submit(ROUND_PAGE, PROJECTS + "/2/remove", {})
    assert "Pemungutan suara sudah dimulai: proyek tidak dapat lagi ditambah atau dihapus." in dlh.get(ROUND_PAGE).text
    make_project(admin, "ASP-00001", "100.000.000")
    assert "Pemungutan suara sudah dimulai" in admin.get(ROUND_PAGE).text
    with city.session() as session:
        assert session.scalars(select(Project.code).order_by(Project.code)).all() == ["P02", "P03"]


def voters(city, count: int) -> list[int]:
    with city.session() as session:
        residents = [Resident(phone=f"+62813{number:08d}", profile_name=f"Pemilih {number}") for number in range(count)]
        session.add_all(residents)
        session.commit()
        return [resident.id for resident in residents]


def test_after_the_tally_the_results_rank_the_projects_and_the_ballots_csv_repeats_the_count(city):
    travel_to(BEFORE)
    admin = published_ideas(city, count=2)
    a_round(admin)
    travel_to(IN_REVIEW)
    make_project(admin, "ASP-00001", "300.000.000", title="Taman bermain")
    make_project(admin, "ASP-00002", "250.000.000", title="Lampu jalan")
    assert admin.get(ROUND_PAGE + "/ballots.csv").status_code == 404  # nothing to count yet
    travel_to(IN_VOTING)
    ids = voters(city, 5)
    with city.session() as session:
        round_ = session.get(Round, 1)
        park, lights = (project.id for project in round_.projects)
        # Both do not fit in one ballot (550 of 500 million): 2 votes for the park, 3 for the lights.
        for resident_id, picks in zip(ids, [[park], [park], [lights], [lights], [lights]]):
            assert cast_ballot(session, round_, session.get(Resident, resident_id), picks, IN_VOTING).what == "cast"
        session.commit()
    page = admin.get(ROUND_PAGE).text
    assert "5 surat suara masuk sejauh ini" in page and "Peringkat" not in page  # no running count
    assert admin.get(ROUND_PAGE + "/ballots.csv").status_code == 404

    travel_to(AFTER_CLOSE)
    assert "worker sedang menghitung suara" in admin.get(ROUND_PAGE).text
    with city.session() as session:  # the worker's sweep
        tally_closed_rounds(session, AFTER_CLOSE)
        session.commit()
    page = admin.get(ROUND_PAGE).text
    results = page[page.index('id="results"'):]
    assert results.index("Lampu jalan") < results.index("Taman bermain")  # most votes first
    assert "Didanai Rp 250.000.000 dari anggaran Rp 500.000.000 (sisa Rp 250.000.000)." in results
    lights_row = results[results.index("<td>Lampu jalan</td>"):results.index("<td>Taman bermain</td>")]
    park_row = results[results.index("<td>Taman bermain</td>"):]
    assert '"Peringkat">1<' in lights_row and '"Suara">3<' in lights_row and "✔ ya" in lights_row
    assert '"Peringkat">2<' in park_row and '"Suara">2<' in park_row and '"Didanai">tidak<' in park_row
    assert "suara terbanyak lebih dulu; bila sama, biaya yang lebih rendah lebih dulu" in results
    assert "jumlah setiap kolom proyek sama dengan suaranya" in results

    exported = admin.get(ROUND_PAGE + "/ballots.csv")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="ballots-round-1.csv"'
    content = exported.data.decode("utf-8-sig")
    assert "62813" not in content and "Pemilih" not in content
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 5
    with city.session() as session:
        published = dict(session.execute(select(Project.code, Project.votes)).all())
    assert {code: sum(int(row[code]) for row in rows) for code in published} == published == {"P01": 2, "P02": 3}


def test_what_people_typed_is_shown_as_text(city):
    travel_to(BEFORE)
    admin = published_ideas(city)
    a_round(admin, name="<b>Anggaran</b> 2027")
    travel_to(IN_REVIEW)
    make_project(admin, "ASP-00001", "150.000.000", title="<script>alert('taman')</script> Taman")
    page = admin.get(ROUND_PAGE).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;taman&#39;)&lt;/script&gt; Taman" in page
    assert "<b>Anggaran</b>" not in page and "&lt;b&gt;Anggaran&lt;/b&gt; 2027" in page
    assert "<b>Anggaran</b>" not in admin.get("/admin/rounds").text


def test_the_command_line_creates_a_round_and_refuses_bad_dates_in_english(city):
    runner = city.app.test_cli_runner()
    dates = ["--proposals", "2027-03-01", "--review", "2027-03-10", "--voting", "2027-03-20", "--results", "2027-04-05"]
    created = runner.invoke(args=["rounds", "create", "--name", "Anggaran Partisipatif Oebobo 2027",
                                  "--area", "kec-oebobo", "--budget", "500000000", *dates])
    assert created.exit_code == 0, created.output
    assert "created round 1: Anggaran Partisipatif Oebobo 2027, Rp 500.000.000, Oebobo" in created.output
    out_of_order = runner.invoke(args=["rounds", "create", "--name", "Salah", "--budget", "1", *dates[:-1],
                                       "2027-03-15"])
    assert out_of_order.exit_code != 0
    assert "The dates must follow each other: proposals < review < voting < results." in out_of_order.output
    kelurahan = runner.invoke(args=["rounds", "create", "--name", "Salah", "--area", "kel-fatululi",
                                    "--budget", "1", *dates])
    assert "A round's area is the whole city or a kecamatan, not Fatululi." in kelurahan.output
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1
