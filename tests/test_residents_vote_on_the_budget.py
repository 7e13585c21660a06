"""Participatory budgeting over WhatsApp: a round's projects come from residents' aspirations with a
cost set in the review; in the voting, ``pilih`` shows them, each pick answers with the running
total, *Kirim pilihan* records one ballot per number, changeable until the close; the worker
tallies once (votes, then the lower cost), tells every voter, and the ballots' CSV repeats the count."""
from __future__ import annotations

import csv
import io
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from handlers.budgeting import (RoundError, add_project, ballot_rows, cast_ballot, create_round, tally,
                                tally_closed_rounds, tell_next_voters)
from handlers.outbox import Outbox
from models import Area, Aspiration, Ballot, BallotPick, Message, Phase, Project, Resident, Round, clock
from test_residents_support_ideas import share

ZONE_DAYS = {Phase.PROPOSALS: date(2026, 12, 1), Phase.REVIEW: date(2026, 12, 10),
             Phase.VOTING: date(2026, 12, 20), Phase.RESULTS: date(2027, 1, 5)}
#: 09:00 WIB on a day of each phase.
IN_REVIEW = datetime(2026, 12, 12, 2, tzinfo=timezone.utc)
IN_VOTING = datetime(2026, 12, 22, 2, tzinfo=timezone.utc)
AFTER_CLOSE = datetime(2027, 1, 5, 2, tzinfo=timezone.utc)
BUDGET = 500_000_000


def travel_to(moment: datetime) -> None:
    clock.travel(moment - clock.now())


def a_round(conversation, projects: list[tuple[str, int]], *, area_code: str | None = None) -> int:
    """A round of ``BUDGET`` with ``projects`` (title, cost), each from a published idea; its id.
    The clock is left in the review."""
    refs = [share(conversation, title) for title, _cost in projects]
    travel_to(IN_REVIEW)
    with conversation.session() as session:
        area = session.scalars(select(Area).where(Area.code == area_code)).one() if area_code else None
        round_ = create_round(session, name="Anggaran Partisipatif 2027", area=area, budget=BUDGET, days=ZONE_DAYS,
                              zone=conversation.config.city_timezone)
        for ref, (title, cost) in zip(refs, projects):
            aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == ref)).one()
            add_project(session, round_, aspiration, title, cost, None, clock.now())
        session.commit()
        return round_.id


PROJECTS = [("Taman baca RW 03", 150_000_000), ("Lampu jalan Frans Seda", 300_000_000),
            ("Sumur bor Oetete", 250_000_000)]


def test_a_resident_picks_projects_with_a_running_total_and_sends_the_ballot(conversation):
    a_round(conversation, PROJECTS)
    travel_to(IN_VOTING)
    conversation.send("pilih")
    ballot = conversation.last_reply()
    assert "Anggaran Partisipatif 2027" in ballot and "1. Taman baca RW 03 — Rp 150.000.000" in ballot
    assert "sisa anggaran:* Rp 500.000.000" in ballot
    assert conversation.offered() == ["Taman baca RW 03", "Lampu jalan Frans Seda", "Sumur bor Oetete",
                                      "Kirim pilihan"]
    conversation.tap("Taman baca RW 03")
    picked = conversation.last_reply()
    assert "Ditambahkan: *Taman baca RW 03*" in picked
    assert "*Total:* Rp 150.000.000 · *sisa anggaran:* Rp 350.000.000" in picked
    conversation.send("2")
    picked = conversation.last_reply()
    assert "sisa anggaran:* Rp 50.000.000" in picked and "✅ Lampu jalan Frans Seda" in picked
    conversation.send("3")  # 250 million do not fit in the 50 left
    assert "melebihi sisa anggaran (Rp 50.000.000)" in conversation.last_reply()
    conversation.tap("Kirim pilihan")
    assert "Suara Anda untuk *Anggaran Partisipatif 2027* tercatat: Taman baca RW 03, Lampu jalan Frans Seda" \
        in conversation.last_reply()
    assert conversation.state == "menu"
    with conversation.session() as session:
        ballot = session.scalars(select(Ballot)).one()
        assert ballot.total == 450_000_000 and len(ballot.picks) == 2


def test_a_ballot_changed_replaces_the_first_and_the_last_one_counts(conversation):
    a_round(conversation, PROJECTS)
    travel_to(IN_VOTING)
    for typed in ("pilih", "1", "kirim"):
        conversation.send(typed)
    conversation.send("pilih")
    resumed = conversation.last_reply()
    assert "pilihan Anda yang tercatat" in resumed and "✅ Taman baca RW 03" in resumed
    for typed in ("1", "3", "kirim"):  # unpick the park, pick the well
        conversation.send(typed)
    assert "menggantikan yang lama: Sumur bor Oetete" in conversation.last_reply()
    with conversation.session() as session:
        ballot = session.scalars(select(Ballot)).one()
        assert [pick.project_id for pick in ballot.picks] == [session.scalars(
            select(Project.id).where(Project.title == "Sumur bor Oetete")).one()]
        assert ballot.changes == 1


def test_an_empty_ballot_or_a_wrong_number_is_asked_again(conversation):
    a_round(conversation, PROJECTS)
    travel_to(IN_VOTING)
    conversation.send("pilih")
    conversation.send("kirim")
    assert "pilih setidaknya satu" in conversation.last_reply()
    conversation.send("7")
    assert "Tidak ada proyek nomor 7. Pilih nomor 1 sampai 3." in conversation.last_reply()
    conversation.send("Jalan di depan rumah saya berlubang besar sekali, tolong diperbaiki")
    assert conversation.state != "vote_ballot"  # a message for an office is never swallowed by the ballot


def test_outside_the_voting_there_is_no_ballot_but_the_date_it_opens(conversation):
    a_round(conversation, PROJECTS)
    conversation.send("pilih")
    answer = conversation.last_reply()
    assert "tidak ada pemungutan suara" in answer and "dibuka Minggu, 20-12-2026" in answer


def test_a_ballot_sent_after_the_close_is_not_recorded(conversation):
    a_round(conversation, PROJECTS)
    travel_to(datetime(2027, 1, 4, 16, 40, tzinfo=timezone.utc))  # 23:40 WIB on the last evening
    conversation.send("pilih")
    conversation.send("1")
    conversation.later(minutes=25)
    conversation.send("kirim")
    assert "sudah ditutup" in conversation.last_reply()
    with conversation.session() as session:
        assert session.scalar(select(func.count()).select_from(Ballot)) == 0


def test_projects_are_fixed_once_the_voting_starts(conversation):
    round_id = a_round(conversation, PROJECTS)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        with pytest.raises(RoundError) as refused:
            add_project(session, round_, None, "Proyek baru", 1_000_000, None, IN_VOTING)
        assert refused.value.key == "projects_fixed"
        with pytest.raises(RoundError) as refused:
            add_project(session, round_, None, "Terlalu mahal", BUDGET + 1, None, IN_REVIEW)
        assert refused.value.key == "project_cost"


def test_the_dates_of_a_round_must_follow_each_other(conversation):
    with conversation.session() as session:
        with pytest.raises(RoundError) as refused:
            create_round(session, name="Salah", area=None, budget=1, zone=conversation.config.city_timezone,
                         days={**ZONE_DAYS, Phase.VOTING: date(2027, 2, 1)})
        assert refused.value.key == "round_dates_in_order"
        kelurahan = session.scalars(select(Area).where(Area.code == "kel-fatululi")).one()
        with pytest.raises(RoundError) as refused:
            create_round(session, name="Salah", area=kelurahan, budget=1, days=ZONE_DAYS,
                         zone=conversation.config.city_timezone)
        assert refused.value.key == "round_area_kecamatan"


def test_a_phase_starts_at_midnight_in_the_city(conversation):
    round_id = a_round(conversation, PROJECTS)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        # 20-12-2026 00:00 WIB is 19-12-2026 17:00 UTC.
        assert round_.phase(datetime(2026, 12, 19, 16, 59, tzinfo=timezone.utc)) == Phase.REVIEW
        assert round_.phase(datetime(2026, 12, 19, 17, 0, tzinfo=timezone.utc)) == Phase.VOTING


def voters(conversation, count: int) -> list[Resident]:
    with conversation.session() as session:
        residents = [Resident(phone=f"+62813{number:08d}", profile_name=f"Pemilih {number}") for number in range(count)]
        session.add_all(residents)
        session.commit()
        return [resident.id for resident in residents]


def test_the_tally_ranks_by_votes_and_the_lower_cost_wins_a_tie(conversation):
    round_id = a_round(conversation, [("Mahal", 300_000_000), ("Murah", 200_000_000), ("Sedikit", 100_000_000)])
    ids = voters(conversation, 5)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        expensive, cheap, few = (project.id for project in round_.projects)
        ballots = [[expensive], [expensive, few], [cheap], [cheap, few], [few]]  # 2, 2 and 3 votes
        for resident_id, picks in zip(ids, ballots):
            assert cast_ballot(session, round_, session.get(Resident, resident_id), picks, IN_VOTING).what == "cast"
        session.commit()
        assert tally(session, round_, IN_VOTING) is False  # not before the close
        assert tally(session, round_, AFTER_CLOSE) is True
        assert tally(session, round_, AFTER_CLOSE) is False  # once
        session.commit()
        ranked = sorted(round_.projects, key=lambda project: project.rank)
        assert [(project.title, project.votes, project.funded) for project in ranked] == [
            ("Sedikit", 3, True), ("Murah", 2, True), ("Mahal", 2, False)]  # 300 no longer fit in the 200 left


def test_the_ballots_csv_repeats_the_count_without_phone_numbers(conversation):
    round_id = a_round(conversation, PROJECTS)
    ids = voters(conversation, 40)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        projects = [project.id for project in round_.projects]
        for number, resident_id in enumerate(ids):
            picks = [projects[number % 3]] + ([projects[0]] if number % 3 == 2 else [])
            cast_ballot(session, round_, session.get(Resident, resident_id), picks, IN_VOTING)
        session.commit()
        tally(session, round_, AFTER_CLOSE)
        session.commit()
        exported = io.StringIO()
        csv.writer(exported).writerows(ballot_rows(session, round_, conversation.config.city_timezone))
        published = {project.code: project.votes for project in session.get(Round, round_id).projects}
    rows = list(csv.DictReader(io.StringIO(exported.getvalue())))
    assert len(rows) == 40 and "+62813" not in exported.getvalue()
    recounted = {code: sum(int(row[code]) for row in rows) for code in published}
    assert recounted == published == {"P01": 27, "P02": 13, "P03": 13}


def test_every_voter_is_told_the_result_once_in_batches(conversation):
    round_id = a_round(conversation, PROJECTS)
    ids = voters(conversation, 7)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        for resident_id in ids:
            cast_ballot(session, round_, session.get(Resident, resident_id), [round_.projects[0].id], IN_VOTING)
        session.commit()
        travel_to(AFTER_CLOSE)
        jobs = tally_closed_rounds(session, AFTER_CLOSE)
        session.commit()
        assert [call[0] for call in jobs.calls] == ["jobs.budgeting.tell_voters"]
        outbox = Outbox(session)
        while tell_next_voters(session, round_, outbox, limit=3):
            pass
        assert tell_next_voters(session, round_, outbox, limit=3) is False  # a repeated job tells nobody again
        outbox.flush()
        session.commit()
        told = session.scalars(select(Message).where(Message.kind == "round")).all()
    assert len(told) == 7 and len({message.phone for message in told}) == 7
    assert "Taman baca RW 03 — 7 suara, Rp 150.000.000" in told[0].body


def test_two_ballots_of_one_number_at_the_same_moment_make_one(conversation, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers: the race needs a server database")
    round_id = a_round(conversation, PROJECTS)
    (resident_id,) = voters(conversation, 1)
    barrier = threading.Barrier(2)

    def vote(project_index: int) -> None:
        with conversation.session() as session:
            round_ = session.get(Round, round_id)
            barrier.wait()
            cast_ballot(session, round_, session.get(Resident, resident_id), [round_.projects[project_index].id],
                        IN_VOTING)
            session.commit()

    threads = [threading.Thread(target=vote, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with conversation.session() as session:
        assert session.scalar(select(func.count()).select_from(Ballot)) == 1
        assert session.scalar(select(func.count()).select_from(BallotPick)) == 1


def test_a_round_in_a_year_that_cannot_be_is_refused_in_words(conversation):
    with conversation.session() as session:
        with pytest.raises(RoundError) as refused:
            create_round(session, name="Salah", area=None, budget=1, zone=conversation.config.city_timezone,
                         days={**ZONE_DAYS, Phase.PROPOSALS: date(1, 1, 1)})
        assert refused.value.key == "round_dates_range"


def test_a_kecamatans_round_takes_only_its_own_ideas_as_projects(conversation):
    ref = share(conversation, "Lampu jalan kota")  # for the whole city, not Kelapa Lima's
    travel_to(IN_REVIEW)
    with conversation.session() as session:
        kelapa_lima = session.scalars(select(Area).where(Area.code == "kec-kelapa-lima")).one()
        round_ = create_round(session, name="Anggaran Kelapa Lima", area=kelapa_lima, budget=BUDGET, days=ZONE_DAYS,
                              zone=conversation.config.city_timezone)
        aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == ref)).one()
        with pytest.raises(RoundError) as refused:
            add_project(session, round_, aspiration, "Lampu", 1_000_000, None, IN_REVIEW)
        assert refused.value.key == "project_elsewhere"


def test_a_ballot_received_before_the_close_and_not_yet_handled_is_waited_for(conversation):
    round_id = a_round(conversation, PROJECTS)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        session.add(Message(direction="in", phone="+6281399999999", body="kirim", status="received",
                            created_at=round_.results_from - timedelta(seconds=10)))
        session.commit()
        assert tally_closed_rounds(session, AFTER_CLOSE).calls == []
        assert session.get(Round, round_id).tallied_at is None


def test_picks_not_yet_sent_survive_a_message_for_someone_else(conversation):
    a_round(conversation, PROJECTS)
    travel_to(IN_VOTING)
    for typed in ("pilih", "1", "Jalan di depan rumah saya berlubang besar sekali, tolong diperbaiki", "pilih"):
        conversation.send(typed)
    reopened = conversation.last_reply()
    assert "belum Anda kirim" in reopened and "✅ Taman baca RW 03" in reopened
