"""Without SECRET_KEY, the instance makes its own secret once: every gunicorn worker and the RQ worker,
starting together, sign evidence links with the same one, never an empty one, and nobody else can read it."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 8
ROUNDS = 50

#: A process that loads the settings once per instance directory it is sent on stdin, and answers with
#: the secret it got. Importing the app takes most of a second, so the processes are started once and
#: reused; a line written to each of them releases them all together, like workers forked at once.
LOADER = """
import sys
from bot.config import load_settings
print("ready", flush=True)
for line in sys.stdin:
    print(repr(load_settings({"INSTANCE_DIR": line.strip()}).secret_key), flush=True)
"""

#: Loads the settings once with the usual umask, and after every file operation of its own (the audit
#: events Python raises before each open, chmod, link, remove...) lists whatever in the instance
#: directory others could read at that moment.
WATCHED_LOADER = """
import os, stat, sys
from bot.config import load_settings
instance = sys.argv[1]
exposed, looking = [], False
def look(event, args):
    global looking
    if looking or not (event == "open" or event.startswith("os.")):
        return
    looking = True
    try:
        for entry in os.scandir(instance):
            mode = entry.stat(follow_symlinks=False).st_mode
            if mode & 0o077:
                exposed.append(f"at {event}: {entry.name} is {stat.filemode(mode)}")
    finally:
        looking = False
os.umask(0o022)
sys.addaudithook(look)
load_settings({"INSTANCE_DIR": instance})
print("\\n".join(exposed))
"""


def start_loaders() -> list[subprocess.Popen]:
    env = {**os.environ, "SECRET_KEY": ""}
    loaders = [subprocess.Popen([sys.executable, "-c", LOADER], cwd=ROOT, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(PROCESSES)]
    for loader in loaders:
        assert loader.stdout.readline() == "ready\n", "a loader failed to start (see its stderr)"
    return loaders


def load_together(loaders: list[subprocess.Popen], instance_dir: Path) -> list[str]:
    # Every line is written before any is flushed, so the processes wake within microseconds.
    for loader in loaders:
        loader.stdin.write(f"{instance_dir}\n")
    for loader in loaders:
        loader.stdin.flush()
    return [loader.stdout.readline().strip() for loader in loaders]


def problems_with(instance_dir: Path, answers: list[str]) -> list[str]:
    problems = []
    if len(set(answers)) != 1:
        problems.append(f"{len(set(answers))} different secrets")
    if any(answer in ("", "''") for answer in answers):
        problems.append("an empty secret")
    mode = stat.S_IMODE((instance_dir / "secret_key").stat().st_mode)
    if mode != 0o600:
        problems.append(f"secret_key has mode {oct(mode)}")
    if sorted(os.listdir(instance_dir)) != ["secret_key"]:
        problems.append(f"left behind: {sorted(os.listdir(instance_dir))}")
    return problems


def test_workers_starting_together_all_get_the_same_private_secret(tmp_path):
    loaders = start_loaders()
    try:
        failed = {}
        for round_ in range(ROUNDS):
            instance_dir = tmp_path / f"instance-{round_}"
            instance_dir.mkdir()
            if problems := problems_with(instance_dir, load_together(loaders, instance_dir)):
                failed[round_] = problems
    finally:
        for loader in loaders:
            loader.stdin.close()
            loader.wait(timeout=10)
    assert not failed, f"{len(failed)} of {ROUNDS} rounds went wrong: {failed}"


def test_the_secret_is_never_readable_by_others_even_for_a_moment(tmp_path):
    result = subprocess.run([sys.executable, "-c", WATCHED_LOADER, str(tmp_path)], cwd=ROOT,
                            env={**os.environ, "SECRET_KEY": ""}, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
    assert os.listdir(tmp_path) == ["secret_key"]
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_the_secret_made_at_the_first_start_is_kept_at_the_next(tmp_path):
    first = load_settings({"INSTANCE_DIR": str(tmp_path), "SECRET_KEY": ""}).secret_key
    assert len(first) >= 48
    assert load_settings({"INSTANCE_DIR": str(tmp_path), "SECRET_KEY": ""}).secret_key == first


@pytest.mark.parametrize("left_by_a_crash", ["", " \n"])
def test_an_empty_secret_file_stops_the_start_with_what_to_do(tmp_path, left_by_a_crash):
    (tmp_path / "secret_key").write_text(left_by_a_crash)
    with pytest.raises(RuntimeError, match="delete it.*or set SECRET_KEY"):
        load_settings({"INSTANCE_DIR": str(tmp_path), "SECRET_KEY": ""})
    assert load_settings({"INSTANCE_DIR": str(tmp_path), "SECRET_KEY": "set by the admin"}
                         ).secret_key == "set by the admin"
