"""A participatory budgeting round's whole life through signed webhooks, the worker and the fake
Twilio: 200 numbers vote, one changes their ballot, two projects tie; at the close the worker tallies
once, the tie goes to the lower cost, and every voter hears the result exactly once."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from handlers.budgeting import add_project, create_round
from jobs.sweep import sweep
from models import Ballot, Phase, Round, clock

WIB = timezone(timedelta(hours=7))
DAYS = {Phase.PROPOSALS: date(2027, 2, 1), Phase.REVIEW: date(2027, 2, 8), Phase.VOTING: date(2027, 2, 15),
        Phase.RESULTS: date(2027, 3, 1)}
#: Budget 400 million: the tie between the 300 and the 200 million projects decides which is funded.
PROJECTS = (("Lampu jalan Jl. Frans Seda", 300_000_000), ("Taman baca RW 03", 200_000_000),
            ("Sumur bor Oetete", 100_000_000))
VOTERS = [f"+628121000{number:04d}" for number in range(200)]


def at(moment: datetime) -> None:
    clock.travel(moment - clock.now())


def a_round_with_three_projects(city) -> int:
    at(datetime(2027, 2, 9, 9, tzinfo=WIB))
    with city.session() as session:
        round_ = create_round(session, name="Anggaran Partisipatif Kota 2027", area=None, budget=400_000_000,
                              days=DAYS, zone=ZoneInfo("Asia/Jakarta"))
        for title, cost in PROJECTS:
            add_project(session, round_, None, title, cost, None, clock.now())
        session.commit()
        return round_.id


def vote(city, phone: str, *picks: str) -> None:
    voter = city.resident(phone, name="Pemilih")
    for typed in ("pilih", *picks, "kirim"):
        voter.send(typed)


def test_two_hundred_voters_a_changed_ballot_and_a_tie_decided_by_the_lower_cost(city):
    round_id = a_round_with_three_projects(city)
    at(datetime(2027, 2, 20, 10, tzinfo=WIB))
    vote(city, VOTERS[0], "2", "3")  # the park and the well, then changed to the lights alone
    city.work()
    vote(city, VOTERS[0], "2", "3", "1")
    for number, phone in enumerate(VOTERS[1:], start=1):
        vote(city, phone, "1" if number < 80 else "2" if number < 160 else "3")
        if number % 50 == 0:
            city.work()
    city.work()
    first = city.resident(VOTERS[0]).received()
    assert "menggantikan yang lama: Lampu jalan Jl. Frans Seda" in first[-1].body
    assert "Total:* Rp 300.000.000 · *sisa anggaran:* Rp 100.000.000" in first[-2].rendered
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(Ballot)) == 200

    told_before = {phone: len(city.resident(phone).received()) for phone in VOTERS}
    at(datetime(2027, 3, 1, 0, 5, tzinfo=WIB))  # five minutes after the close
    late = city.resident(VOTERS[5])
    late.send("pilih")
    city.work()
    assert "tidak ada pemungutan suara" in late.received()[-1].body
    told_before[VOTERS[5]] += 1
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))  # a second sweep tallies nothing again
    city.work()

    with city.session() as session:
        round_ = session.get(Round, round_id)
        ranked = sorted(round_.projects, key=lambda project: project.rank)
        assert [(project.title, project.votes, project.funded) for project in ranked] == [
            ("Taman baca RW 03", 80, True),             # 80 votes, 200 million: wins the tie
            ("Lampu jalan Jl. Frans Seda", 80, False),  # 80 votes, 300 million: 200 left do not cover it
            ("Sumur bor Oetete", 40, True)]
    for phone in VOTERS:
        told = city.resident(phone).received()[told_before[phone]:]
        assert len(told) == 1, f"{phone} was told {len(told)} times"
        assert "Hasil" in told[0].rendered and "*Anggaran Partisipatif Kota 2027*" in told[0].rendered
    # Weeks after they voted, outside their window: the result's template, the votes once they write.
    assert "Pilihan Anda yang didanai: Sumur bor Oetete" in city.resident(VOTERS[170]).received()[-1].rendered
    assert "Pilihan Anda yang didanai: tidak ada" in city.resident(VOTERS[0]).received()[-1].rendered
    # The one who wrote at the close is inside it: the whole result, with each project's votes.
    assert "• Taman baca RW 03 — 80 suara, Rp 200.000.000" in late.received()[-1].body
