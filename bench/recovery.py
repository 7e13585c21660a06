"""Recovery after each fault, at the issue's sizes: the fault tests run long, and their figures.

Runs ``tests/test_the_bot_recovers_from_faults.py`` (the app, ``python worker.py``, a Redis server
of its own, the fake Twilio) with the database away for 60 s, Redis away for 5 s and 1,500 jobs
queued, and prints each fault's line: seconds to recovery, messages lost and doubled, and the new
resident's answer latencies behind the backlog beside the same resident's with an idle worker.

    .venv/bin/python bench/recovery.py [--db sqlite|postgres] [--outage 60] [--backlog 1500]
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
FIGURES = re.compile(r"recovered in|jobs queued|idle worker")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--outage", type=float, default=60, help="seconds the database is away")
    parser.add_argument("--redis-outage", type=float, default=5, help="seconds Redis is away")
    parser.add_argument("--backlog", type=int, default=1500, help="jobs queued before the new resident writes")
    args = parser.parse_args()
    env = {**os.environ, "OUTAGE_SECONDS": str(args.outage), "REDIS_OUTAGE_SECONDS": str(args.redis_outage),
           "BACKLOG_JOBS": str(args.backlog)}
    if args.db == "postgres":  # the database named is emptied, as the tests do
        env["TEST_DATABASE_URL"] = POSTGRES
    run = subprocess.run([sys.executable, "-m", "pytest", "tests/test_the_bot_recovers_from_faults.py", "-q", "-s",
                          "-p", "no:logging", "-p", "no:cacheprovider"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    print(f"faults on {args.db}: database away {args.outage:.0f} s, Redis away {args.redis_outage:.0f} s, "
          f"{args.backlog} jobs queued")
    for line in run.stdout.splitlines():
        if FIGURES.search(line):
            print("  " + line.strip())
    print("  " + (run.stdout.strip().splitlines() or ["(no output)"])[-1])
    sys.exit(run.returncode)


if __name__ == "__main__":
    main()
