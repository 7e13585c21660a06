"""Where one webhook's time goes, in-process: N residents walk a report through the signed
webhook (Flask's test client, no network), profiled with pyinstrument, with the SQL statements
and commits counted per request.

    .venv/bin/python bench/webhook_profile.py [--db postgresql://postgres@127.0.0.1:5432/bench]
        [--redis redis://127.0.0.1:6379/13] [--residents 200] [--html profile.html]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import event  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

PATH = "/webhooks/twilio/whatsapp"
STEPS = ["Halo", "lapor", "1", "Lampu jalan mati di depan sekolah sejak tiga hari, gelap sekali malam hari",
         {"Latitude": "-6.2", "Longitude": "106.8", "Label": "SDN 1"}, "selesai", "ya"]


def forms(residents: int):
    for step_index, step in enumerate(STEPS):
        for resident in range(residents):
            form = {"MessageSid": f"SMp{step_index:02d}{resident:06d}", "AccountSid": "ACbench",
                    "From": f"whatsapp:+62812{resident:07d}", "To": "whatsapp:+14155238886",
                    "ProfileName": f"Warga {resident}", "NumMedia": "0", "Body": ""}
            form.update(step if isinstance(step, dict) else {"Body": step})
            yield form


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None)
    parser.add_argument("--redis", default=None)
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--html", default=None)
    parser.add_argument("--no-profile", action="store_true", help="time only (the profiler's own cost left out)")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="lapor-profile-")
    database_url = args.db or f"sqlite:///{instance}/profile.sqlite3"
    env = {"INSTANCE_DIR": instance, "DATABASE_URL": database_url, "REDIS_URL": args.redis or "",
           "PUBLIC_BASE_URL": "http://localhost:5000", "SECRET_KEY": "profile-secret"}
    os.environ.update(env)
    from pyinstrument import Profiler
    from redis import Redis

    from bot import create_app
    from bot.cli import upgrade_database
    from bot.directory import load_directory_file

    sys.path.insert(0, str(ROOT / "bench"))
    from console_pages import fresh_database

    fresh_database(database_url)
    upgrade_database(database_url)
    if args.redis:
        Redis.from_url(args.redis).flushdb()
    app = create_app(env)
    runtime = app.extensions["lapor"]
    with runtime.db.session() as session:
        load_directory_file(session, str(ROOT / "bot" / "sample_directory.yaml"))
        session.commit()
    statements = {"sql": 0, "commit": 0}
    event.listen(runtime.db.engine, "before_cursor_execute", lambda *a: statements.__setitem__("sql", statements["sql"] + 1))
    event.listen(runtime.db.engine, "commit", lambda *a: statements.__setitem__("commit", statements["commit"] + 1))
    validator = RequestValidator(runtime.settings.signing_token)
    client = app.test_client()
    signed = [(form, validator.compute_signature(runtime.settings.public_base_url + PATH, form))
              for form in forms(args.residents)]
    warm, measured = signed[:20], signed[20:]
    for form, signature in warm:
        assert client.post(PATH, data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    statements.update(sql=0, commit=0)
    timings: dict[str, list[float]] = {}
    if os.environ.get("TIME_SQL"):  # wall time per statement shape, to find the slow ones
        def before(conn, _cursor, statement, *_rest):
            conn.info["started"] = time.perf_counter()

        def after(conn, _cursor, statement, *_rest):
            timings.setdefault(" ".join(statement.split())[:110], []).append(time.perf_counter() - conn.info["started"])

        event.listen(runtime.db.engine, "before_cursor_execute", before)
        event.listen(runtime.db.engine, "after_cursor_execute", after)
    profiler = Profiler(interval=0.0005)
    if os.environ.get("CPROFILE"):
        import cProfile
        profiler = cProfile.Profile()
        profiler.start, profiler.stop = profiler.enable, profiler.disable
    if args.no_profile:
        profiler.start = profiler.stop = lambda: None
    started = time.perf_counter()
    cpu_started = time.process_time()
    profiler.start()
    for form, signature in measured:
        response = client.post(PATH, data=form, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200, response.status_code
    profiler.stop()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    count = len(measured)
    print(f"{count} webhooks on {runtime.db.engine.dialect.name}: {wall / count * 1000:.2f} ms wall, "
          f"{cpu / count * 1000:.2f} ms CPU each; {statements['sql'] / count:.1f} SQL statements and "
          f"{statements['commit'] / count:.2f} commits per webhook")
    for statement, spent in sorted(timings.items(), key=lambda item: -sum(item[1]))[:15]:
        print(f"{sum(spent) / count * 1000:7.3f} ms/webhook {len(spent):6d}x  {statement}")
    if os.environ.get("SHOW_SQL"):
        shown = []
        listener = lambda _conn, _cursor, statement, *_rest: shown.append(" ".join(statement.split())[:150])
        event.listen(runtime.db.engine, "before_cursor_execute", listener)
        form = dict(measured[-1][0], MessageSid="SMshow", Body="lapor", From="whatsapp:+6281299999999")
        for body in ("halo", "lapor"):
            shown.clear()
            form = dict(form, MessageSid=f"SMshow{body}", Body=body)
            client.post(PATH, data=form, headers={"X-Twilio-Signature": validator.compute_signature(
                runtime.settings.public_base_url + PATH, form)})
        print("\n".join(shown))
    if os.environ.get("CPROFILE"):
        import pstats
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    elif not args.no_profile:
        print(profiler.output_text(unicode=True, color=False, show_all=False)[:6000])
    if args.html and not args.no_profile:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
