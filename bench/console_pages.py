"""Server time of the admin console's pages on a city-sized database.

Seeds a fresh database with 100,000 cases and 1,000,000 messages (20,000 residents, each with a
conversation; two timeline events per case) by Core bulk inserts, then times, through Flask's test
client signed in as an admin, the case list, filtered searches and the page of a case with a
200-message transcript. Each page is asked once to warm up, then ``--requests`` times; prints
the median and p90 in milliseconds.

    .venv/bin/python bench/console_pages.py [--scale 1.0] [--database-url URL] [--requests 20]
        [--analyze] [--explain] [--keep]

Without ``--database-url`` the database is a SQLite file in a temporary folder. With a PostgreSQL
URL (``postgresql://postgres@127.0.0.1:5432/bench``) the database is created if missing and its
``public`` schema is dropped and created again: do not point it at a database you care about.
``--scale 0.01`` seeds a hundredth of the rows for a quick run. ``--analyze`` runs ANALYZE after
seeding (PostgreSQL always gets one: autovacuum would have done it on a live server).
``--explain`` prints the query plans of the SQL each page issued (SQLite: EXPLAIN QUERY PLAN;
PostgreSQL: EXPLAIN ANALYZE).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from sqlalchemy import create_engine, event, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from bot import create_app  # noqa: E402
from bot.cli import upgrade_database  # noqa: E402
from bot.directory import load_directory_file  # noqa: E402
from models import (AdminUser, Case, CaseEvent, Category, Conversation, Department, Message,  # noqa: E402
                    Official, Resident)

ADMIN_EMAIL = "bench@example.org"
ADMIN_PASSWORD = "bench-password-123"
BATCH = 20_000
NOW = datetime.now(timezone.utc).replace(microsecond=0)

WORDS = ("jalan lubang besar rusak parah depan sekolah pasar masjid gang rumah warga sudah minggu bulan "
         "belum diperbaiki tolong segera ditangani sampah menumpuk bau busuk selokan saluran tersumbat air "
         "banjir hujan deras lampu mati gelap malam pohon tumbang kabel listrik trotoar retak aspal "
         "mengelupas licin berbahaya motor jatuh anak kecil lewat setiap hari kotor lalat tikus genangan "
         "dekat kantor kelurahan perempatan lampu merah jembatan sungai taman kampung RT RW").split()
TOPIC = {  # a few words that the category makes likelier
    "jalan": "jalan lubang aspal rusak retak trotoar".split(),
    "sampah": "sampah menumpuk bau busuk lalat tikus".split(),
    "banjir": "banjir selokan saluran tersumbat genangan air hujan".split(),
    "lainnya": "lampu mati pohon tumbang kabel gelap".split(),
}
#: A word no description contains: the search that has to look at every row.
ABSENT_WORD = "zzkeraton"
STREETS = ("Jl. Merdeka", "Jl. Sudirman", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Gatot Subroto",
           "Jl. Pahlawan", "Jl. Asia Afrika", "Jl. Braga", "Jl. Dago", "Jl. Cihampelas", "Gg. Mawar",
           "Gg. Melati", "Jl. Kebon Jati", "Jl. Pasir Kaliki", "Jl. Soekarno-Hatta")
KELURAHAN = ("Cikutra", "Sukaluyu", "Braga", "Kebon Pisang", "Merdeka", "Citarum", "Tamansari",
             "Lebak Siliwangi", "Cihapit", "Babakan Ciamis")
NAMES = ("Asep", "Dewi", "Rina", "Agus", "Siti", "Budi", "Eka", "Yusuf", "Nur", "Wati", "Dedi", "Lina",
         "Hendra", "Putri", "Rudi", "Tuti", "Joko", "Maya", "Iwan", "Ratna")
BOT_LINES = ("Terima kasih, laporan Anda sudah kami terima.", "Silakan kirim lokasi kejadian.",
             "Kirim foto sebagai bukti, lalu ketik selesai.", "Periksa laporan Anda. Ketik ya untuk mengirim.",
             "Laporan Anda sudah diteruskan ke dinas terkait.", "Status laporan Anda diperbarui.")
OFFICIAL_LINES = ("Baik, tim kami akan ke lokasi besok pagi.", "Sudah kami jadwalkan perbaikannya minggu ini.",
                  "Mohon kirim foto yang lebih jelas.", "Sudah selesai ditangani, terima kasih laporannya.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 cases / 1,000,000 messages")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; default a temporary SQLite file")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--analyze", action="store_true", help="ANALYZE after seeding (always on PostgreSQL)")
    parser.add_argument("--explain", action="store_true", help="print the plans of the SQL each page issues")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite folder and print where it is")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="console-bench-"))
    url = args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}"
    kind = make_url(url).get_backend_name()
    n_cases = max(int(100_000 * args.scale), 10)
    n_messages = max(int(1_000_000 * args.scale), n_cases * 2 + 200)
    n_residents = max(int(20_000 * args.scale), 5)

    try:
        print(f"database: {kind} ({_safe(url)})")
        fresh_database(url)
        upgrade_database(url)
        app = create_app({"INSTANCE_DIR": str(instance), "DATABASE_URL": url, "REDIS_URL": "",
                          "SECRET_KEY": "console-bench", "PUBLIC_BASE_URL": "http://localhost:5000"})
        db = app.extensions["lapor"].db
        with db.session() as session:
            load_directory_file(session, str(ROOT / "bot" / "sample_directory.yaml"))
            session.add(AdminUser(email=ADMIN_EMAIL, password_hash=generate_password_hash(ADMIN_PASSWORD), role="admin"))
            session.commit()

        started = time.perf_counter()
        big = seed(db, random.Random(args.seed), n_residents, n_cases, n_messages)
        seeded = time.perf_counter() - started
        print(f"seeded {n_residents:,} residents, {n_cases:,} cases, {n_messages:,} messages "
              f"in {seeded:.1f} s ({n_messages / seeded:,.0f} messages/s)")
        if kind == "postgresql" or args.analyze:
            started = time.perf_counter()
            with db.engine.connect() as connection:
                if kind == "postgresql":
                    connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
                else:
                    connection.exec_driver_sql("ANALYZE")
                    connection.commit()
            print(f"{'VACUUM ANALYZE' if kind == 'postgresql' else 'ANALYZE'} took {time.perf_counter() - started:.1f} s")

        recorder = SqlRecorder(db.engine, db.read_engine)
        results = measure(app, big, args.requests, recorder)
        print()
        print(f"server time over {args.requests} requests after one warm-up, {kind}, "
              f"{n_cases:,} cases / {n_messages:,} messages:")
        print(f"  {'page':<58} {'median':>8} {'p90':>8} {'queries':>8}")
        for label, path, timings, queries in results:
            print(f"  {label:<58} {statistics.median(timings):7.1f}ms {p90(timings):7.1f}ms {queries:>8}")
        slow = [label for label, _path, timings, _queries in results if statistics.median(timings) >= 100]
        print("goal (median under 100 ms):", "met by every page" if not slow else "missed by " + "; ".join(slow))
        if args.explain:
            explain_pages(db.engine, kind, results, recorder)
        db.engine.dispose()
    finally:
        if args.keep:
            print("kept", instance)
        else:
            shutil.rmtree(instance, ignore_errors=True)


# --- the database ---------------------------------------------------------------------------

def fresh_database(url: str) -> None:
    """PostgreSQL: create the database if it is missing, then an empty ``public`` schema."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    driver_url = parsed.set(drivername="postgresql+psycopg")
    admin = create_engine(driver_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("select 1 from pg_database where datname = :name"),
                                 {"name": parsed.database}):
            connection.exec_driver_sql(f'create database "{parsed.database}"')
    admin.dispose()
    engine = create_engine(driver_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("drop schema if exists public cascade")
        connection.exec_driver_sql("create schema public")
    engine.dispose()


def seed(db, rng: random.Random, n_residents: int, n_cases: int, n_messages: int) -> dict:
    """Residents, conversations, cases, their events and messages; returns the 200-message case."""
    with db.session() as session:
        categories = {c.code: c for c in session.scalars(select(Category))}
        departments = {d.code: d for d in session.scalars(select(Department))}
        default = next(d for d in departments.values() if d.is_default)
        officials = {o.department_id: (o.id, o.phone) for o in session.scalars(select(Official))}
        routes = [(c.id, c.department_id or default.id, code) for code, c in categories.items()]

        phones = [f"+62812{number:07d}" for number in rng.sample(range(10_000_000), n_residents)]
        first_seen = NOW - timedelta(days=400)
        _bulk(session, Resident, ({
            "id": i + 1, "phone": phone, "profile_name": f"{rng.choice(NAMES)} {rng.choice(NAMES)}",
            "language": "en" if rng.random() < 0.05 else "id", "opted_out": False,
            "created_at": first_seen + timedelta(seconds=rng.randrange(30 * 86400)),
        } for i, phone in enumerate(phones)))
        _bulk(session, Conversation, ({
            "id": i + 1, "resident_id": i + 1, "state": "menu", "draft": {}, "updated_at": NOW,
        } for i in range(n_residents)))

        # Cases, oldest first, so that ids follow time as they do in a live database.
        span = 365 * 86400
        moments = sorted(rng.randrange(span) for _ in range(n_cases))
        cases = []  # (id, resident id, department id, created_at, status) for the messages
        big_id = n_cases - n_cases // 50  # a case from about a week ago
        counts = message_counts(rng, n_cases, n_messages, big_id)

        def case_rows():
            for index, offset in enumerate(moments):
                case_id = index + 1
                created = NOW - timedelta(seconds=span - offset)
                category_id, department_id, code = rng.choice(routes)
                resident_id = rng.randrange(n_residents) + 1
                status = _status(rng, NOW - created)
                answered = (created + timedelta(minutes=rng.randrange(5, 3 * 24 * 60))
                            if rng.random() < {"open": 0.1, "in_progress": 0.6}.get(status, 0.75) else None)
                if case_id == big_id:
                    status, answered = "in_progress", created + timedelta(hours=2)
                forwarded = created + timedelta(seconds=rng.randrange(2, 30))
                closed = (answered or forwarded) + timedelta(hours=rng.randrange(1, 240)) \
                    if status in ("resolved", "declined") else None
                cases.append((case_id, resident_id, department_id, created, status, code))
                yield {
                    "id": case_id, "ref": f"LPR-{case_id:05d}", "resident_id": resident_id,
                    "category_id": category_id, "department_id": department_id,
                    "description": _description(rng, code),
                    "latitude": -6.9 + rng.uniform(-0.08, 0.08), "longitude": 107.6 + rng.uniform(-0.08, 0.08),
                    "address": f"{rng.choice(STREETS)} No. {rng.randrange(1, 300)}, {rng.choice(KELURAHAN)}, Bandung",
                    "place_label": rng.choice(("SDN 1", "Pasar Baru", "Masjid Raya", None, None, None)),
                    "status": status, "created_at": created, "updated_at": closed or answered or forwarded,
                    "forwarded_at": forwarded, "first_answer_at": answered, "closed_at": closed,
                }

        _bulk(session, Case, case_rows())

        def event_rows():
            event_id = 0
            for case_id, _resident, department_id, created, status, _code in cases:
                event_id += 1
                yield {"id": event_id, "case_id": case_id, "kind": "created", "actor": "resident",
                       "official_id": None, "admin_user_id": None, "from_status": None, "to_status": "open",
                       "note": None, "created_at": created}
                event_id += 1
                yield {"id": event_id, "case_id": case_id, "kind": "forwarded", "actor": "system",
                       "official_id": officials.get(department_id, (None,))[0], "admin_user_id": None,
                       "from_status": None, "to_status": None, "note": None,
                       "created_at": created + timedelta(seconds=5)}

        _bulk(session, CaseEvent, event_rows())
        _bulk(session, Message, message_rows(rng, cases, counts, phones, officials))
        session.commit()
        if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("residents", "conversations", "cases", "case_events", "messages"):
                session.execute(text(f"select setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(select max(id) from {table}))"))
            session.commit()
        big = session.get(Case, big_id)
        return {"id": big.id, "ref": big.ref, "messages": counts[big_id - 1], "cases": n_cases,
                "phone": phones[big.resident_id - 1]}


def message_counts(rng: random.Random, n_cases: int, n_messages: int, big_id: int) -> list[int]:
    """How many messages each case has: 2–18, ~10 on average, exactly 200 for ``big_id``, adding up
    to ``n_messages``."""
    counts = [rng.randint(2, 18) for _ in range(n_cases)]
    counts[big_id - 1] = 200
    difference = n_messages - sum(counts)
    while difference:
        index = rng.randrange(n_cases)
        if index == big_id - 1:
            continue
        step = 1 if difference > 0 else -1
        if 2 <= counts[index] + step <= 30:
            counts[index] += step
            difference -= step
    return counts


def message_rows(rng: random.Random, cases: list, counts: list[int], phones: list[str], officials: dict):
    """A conversation per case: the resident writes the report (text, location, photo) and the bot
    answers, the case is forwarded to the department's official, then the official's replies are
    relayed and the resident answers. Rows of a window of cases interleave by time, as they do live."""
    next_id = 0
    window: list[dict] = []
    for (case_id, resident_id, department_id, created, _status, code), count in zip(cases, counts):
        phone = phones[resident_id - 1]
        official_id, official_phone = officials.get(department_id, (None, None))
        moment = created - timedelta(minutes=4)
        for position in range(count):
            moment += timedelta(seconds=rng.randrange(20, 90) if position < 7 else rng.randrange(60, 4 * 3600))
            turn = position if position < 6 else 6 + (position - 6) % 4
            if turn in (0, 2, 4):  # the resident writes the report
                kind = ("text", "location", "media")[turn // 2]
                row = _inbound(kind, phone, resident_id, None, _description(rng, code, 4, 12) if kind == "text" else "")
                if kind == "location":
                    row.update(latitude=-6.9 + rng.uniform(-0.08, 0.08), longitude=107.6 + rng.uniform(-0.08, 0.08),
                               address=f"{rng.choice(STREETS)}, Bandung")
            elif turn == 5 and official_id:  # the forward
                row = _outbound("forward", official_phone, None, official_id,
                                f"Laporan baru LPR-{case_id:05d}: {_description(rng, code)}")
            elif turn == 6 and official_id:  # the official answers
                row = _inbound("text", official_phone, None, official_id, rng.choice(OFFICIAL_LINES))
            elif turn == 7 and official_id:  # relayed to the resident
                row = _outbound("relay", phone, resident_id, None, rng.choice(OFFICIAL_LINES))
            elif turn == 8:  # the resident answers
                row = _inbound("text", phone, resident_id, None, _description(rng, code, 3, 10))
            else:  # the bot
                row = _outbound("bot", phone, resident_id, None, rng.choice(BOT_LINES))
            row["case_id"] = case_id
            row["conversation_id"] = resident_id if row["resident_id"] else None
            row["created_at"] = moment
            if row["direction"] == "in":
                row["processed_at"] = moment + timedelta(milliseconds=300)
                row["raw"] = {"From": f"whatsapp:{row['phone']}", "Body": row["body"], "NumMedia": "0",
                              "ProfileName": "Warga", "WaId": row["phone"][1:]}
            else:
                row["sent_at"] = row["status_updated_at"] = moment + timedelta(seconds=1)
            window.append(row)
        if len(window) >= BATCH:
            window.sort(key=lambda row: row["created_at"])
            half = len(window) // 2  # the later half may still interleave with the next cases' rows
            for row in window[:half]:
                next_id += 1
                yield _numbered(row, next_id)
            window = window[half:]
    window.sort(key=lambda row: row["created_at"])
    for row in window:
        next_id += 1
        yield _numbered(row, next_id)


def _inbound(kind, phone, resident_id, official_id, body) -> dict:
    return _message("in", kind, phone, resident_id, official_id, body, "processed")


def _outbound(kind, phone, resident_id, official_id, body) -> dict:
    return _message("out", kind, phone, resident_id, official_id, body, "read" if len(body) % 3 else "delivered")


def _message(direction, kind, phone, resident_id, official_id, body, status) -> dict:
    return {"direction": direction, "kind": kind, "phone": phone, "resident_id": resident_id,
            "official_id": official_id, "body": body, "status": status, "latitude": None, "longitude": None,
            "address": None, "place_label": None, "replied_to_sid": None, "profile_name": None,
            "media_id": None, "error_code": None, "error_message": None, "attempts": 1 if direction == "out" else 0,
            "processed_at": None, "sent_at": None, "status_updated_at": None}


def _numbered(row: dict, message_id: int) -> dict:
    row["id"] = message_id
    row["sid"] = f"SM{message_id:032x}"
    return row


def _status(rng: random.Random, age: timedelta) -> str:
    weights = (50, 35, 12, 3) if age < timedelta(days=14) else (6, 9, 75, 10)
    return rng.choices(("open", "in_progress", "resolved", "declined"), weights)[0]


def _description(rng: random.Random, code: str, low: int = 6, high: int = 20) -> str:
    words = [rng.choice(TOPIC[code]) if rng.random() < 0.25 else rng.choice(WORDS)
             for _ in range(rng.randint(low, high))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _bulk(session, model, rows) -> None:
    """Core executemany in batches: the rows are generated as they go, never all at once. Rows
    without a key leave that column NULL (outbound messages have no ``raw``: SQL NULL, not JSON null),
    so each batch goes in as one executemany per set of keys."""
    table, batch = model.__table__, []

    def flush():
        groups: dict[tuple, list] = {}
        for row in batch:
            groups.setdefault(tuple(row), []).append(row)
        for group in groups.values():
            session.execute(insert(table), group)
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()


# --- the measurement --------------------------------------------------------------------------

class SqlRecorder:
    """The SQL statements (and parameters) issued while ``active``."""

    def __init__(self, *engines):
        self.active = False
        self.statements: list[tuple[str, object]] = []

        def _record(_conn, _cursor, statement, parameters, _context, executemany):
            if self.active and not executemany and not statement.startswith("BEGIN"):
                self.statements.append((statement, parameters))

        # On SQLite the console reads through a second, read-only engine (bot/db.py).
        for engine in set(engines):
            event.listen(engine, "before_cursor_execute", _record)


def measure(app, big: dict, requests: int, recorder: SqlRecorder) -> list:
    client = app.test_client()
    login_page = client.get("/admin/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page.get_data(as_text=True))
    assert token, "no CSRF token on the login form"
    signed_in = client.post("/admin/login", data={"csrf_token": token.group(1), "email": ADMIN_EMAIL,
                                                  "password": ADMIN_PASSWORD})
    assert signed_in.status_code == 302, f"sign-in answered {signed_in.status_code}"

    pages = [
        ("(a) list /admin/cases", "/admin/cases", _rows(50)),
        ("(a') list, a deep page (before=<middle id>)", f"/admin/cases?before={big['cases'] // 2}", _rows(1)),
        ("(b) status=open&category=jalan&q=lubang", "/admin/cases?status=open&category=jalan&q=lubang",
         _rows(1)),
        ("(b) q=lubang sekolah (words alone)", "/admin/cases?q=lubang+sekolah", _rows(1)),
        ("(b) status=resolved (three cases in four)", "/admin/cases?status=resolved", _rows(50)),
        ("(b) status=resolved&q=sekolah", "/admin/cases?status=resolved&q=sekolah", _rows(1)),
        (f"(b) q={ABSENT_WORD} (no case matches: every row read)", f"/admin/cases?q={ABSENT_WORD}", _rows(0)),
        ("(b) department=dlh&date_from…date_to (one month)",
         f"/admin/cases?department=dlh&date_from={(NOW - timedelta(days=90)).date()}"
         f"&date_to={(NOW - timedelta(days=60)).date()}", _rows(1)),
        ("(b) date_from…date_to (ten days, eleven months ago)",
         f"/admin/cases?date_from={(NOW - timedelta(days=340)).date()}"
         f"&date_to={(NOW - timedelta(days=331)).date()}", _rows(1)),
        (f"(b) q={big['ref']} (a ref)", f"/admin/cases?q={big['ref']}", _rows(1, big["ref"])),
        ("(b) q=<phone> (a resident's cases)", f"/admin/cases?q={big['phone'].replace('+', '%2B')}",
         _rows(1, big["ref"])),
        (f"(c) case page {big['ref']} ({big['messages']} messages)", f"/admin/cases/{big['ref']}",
         _case_page(big)),
    ]
    results = []
    for label, path, check in pages:
        response = _warm_up(app, client, path)  # the warm-up, and the check of what the page says
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}:\n{body[:3000]}")
        check(path, body)
        recorder.statements, recorder.active = [], True
        client.get(path)
        recorder.active = False
        statements = list(recorder.statements)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, f"{path} answered {response.status_code}"
        results.append((label, path, timings, len(statements)))
        recorder.statements_by_path = getattr(recorder, "statements_by_path", {})
        recorder.statements_by_path[path] = statements
        print(f"  {label}: median {statistics.median(timings):.1f} ms", flush=True)
    return results


def _warm_up(app, client, path: str):
    """The first request of a page; an error stops the bench with its traceback."""
    app.config["PROPAGATE_EXCEPTIONS"] = True
    try:
        return client.get(path)
    except Exception:
        import traceback

        traceback.print_exc()
        raise SystemExit(f"{path} failed: the traceback is above")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None


def _rows(at_least: int, contains: str | None = None):
    def check(path: str, body: str) -> None:
        rows = body.count('href="/admin/cases/LPR-')
        assert rows >= at_least, f"{path}: {rows} cases listed, expected at least {at_least}"
        assert at_least or rows == 0, f"{path}: {rows} cases listed, expected none"
        assert rows <= 50, f"{path}: {rows} cases listed on one page"
        if contains:
            assert contains in body, f"{path}: {contains} not on the page"
    return check


def _case_page(big: dict):
    def check(path: str, body: str) -> None:
        assert big["ref"] in body, f"{path}: {big['ref']} not on the page"
        items = len(re.findall(r'<li class="msg[ "]', body))
        assert items == big["messages"], f"{path}: {items} messages shown, expected {big['messages']}"
    return check


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.9 * len(ordered)) - 1))]


def explain_pages(engine, kind: str, results: list, recorder: SqlRecorder) -> None:
    print("\nquery plans (the SQL each page issued on a timed request):")
    for label, path, _timings, _queries in results:
        print(f"\n=== {label}: {path}")
        seen = set()
        for statement, parameters in recorder.statements_by_path[path]:
            if statement in seen or statement.startswith("SELECT admin_users."):  # who is signed in
                continue
            seen.add(statement)
            print("--", " ".join(statement.split())[:600], "|", _short(parameters))
            with engine.connect() as connection:
                if kind == "sqlite":
                    plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                    for row in plan:
                        print("   ", row[-1])
                else:
                    plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
                    for row in plan:
                        print("   ", row[0])
                connection.rollback()


def _short(parameters) -> str:
    text_ = json.dumps(parameters, default=str)
    return text_ if len(text_) < 200 else text_[:200] + "…"


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    main()
