"""How long from saving a check-in to seeing the changed team page in `okrsite serve`?  A report, not a gate.

For the demo (a copy of `content/`, its charts cached) and the synthetic
60-team company of :mod:`benchmarks.synthetic` (its charts cached in
.cache/bench-serve-60 between runs), it starts ``python -m okrsite serve`` as a person does, waits for
the first build, then edits one number in the newest check-in of a team
several times. After each save it asks for that team's page until the
answer differs from the page before the save (the server holds requests
while it rebuilds, as MkDocs' does), and prints the time from the save to
that answer, the best and the median, against the goals: under 1 s for the
demo, under 3 s for 60 teams, and the serve process's CPU time meanwhile
(less sensitive to the machine's load). Also the first build's time, the serve
process's CPU while idle for 10 s, and the machine's load (`uptime`).

    .venv/bin/python -m benchmarks.bench_serve [--edits 5] [--teams 60] [--skip-demo] [--skip-synthetic]
                                               [--source DIR]

``--source DIR`` serves with another checkout of okrsite (its own .venv, its
demo content, its theme), so a before and an after come from the same
machine and the same script.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request


if __package__ in (None, ""):  # also works as `python benchmarks/bench_serve.py`
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from benchmarks.checkout import checkout_python, write_chart_config  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent
RELOAD_SCRIPT = re.compile(rb"<script>\s*var livereload.*?</script>", re.S)  # differs on every answer
VALUE = re.compile(r"^(  [a-z0-9_-]+: )(\d+)(\s*)$", re.M)
TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 600) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return RELOAD_SCRIPT.sub(b"", answer.read())
    except urllib.error.HTTPError as error:
        return error.read()


def _cpu_seconds(pid: int) -> float:
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def newest_checkin(content: pathlib.Path) -> tuple[pathlib.Path, str]:
    """The newest check-in of the last cycle with a whole-number value, and its team's page address."""
    cycles = sorted(path for path in content.iterdir() if path.is_dir() and "-Q" in path.name)
    for path in sorted(cycles[-1].glob("*/checkins/*.md"), key=lambda p: (p.name, p.as_posix()), reverse=True):
        if path.parent.parent.name != "company" and VALUE.search(path.read_text(encoding="utf-8")):
            return path, f"/teams/{path.parent.parent.name}/"
    raise RuntimeError("no check-in with a whole-number value")




def measure(name: str, folder: pathlib.Path, today: str, edits: int, goal: float, python: str) -> None:
    print(f"\n== {name}  ({_load()})", flush=True)
    checkin, page = newest_checkin(folder / "content")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "OKRSITE_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    log = folder / "serve.log"
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as said:
        server = subprocess.Popen([python, "-m", "okrsite", "serve", "-f", "mkdocs.yml", "-a", url[7:]],
                                  cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=said)
    original = checkin.read_text(encoding="utf-8")
    try:
        while True:
            try:
                before = _get(url + page, timeout=5)
                break
            except OSError:
                if server.poll() is not None:
                    print(log.read_text(encoding="utf-8")[-3000:])
                    return
                time.sleep(0.2)
        print(f"first build and answer: {time.monotonic() - started:.1f} s; page {page}; edited "
              f"{checkin.relative_to(folder / 'content')}")
        time.sleep(2)
        cpu = _cpu_seconds(server.pid)
        time.sleep(10)
        print(f"idle: {(_cpu_seconds(server.pid) - cpu) / 10 * 100:.2f} % of a core over 10 s")
        times, cpus = [], []
        for edit in range(edits):
            text = checkin.read_text(encoding="utf-8")
            found = VALUE.search(text)
            assert found is not None
            checkin.write_text(text[:found.start(2)] + str(int(found.group(2)) + 7) + text[found.end(2):],
                               encoding="utf-8")
            saved, cpu = time.monotonic(), _cpu_seconds(server.pid)
            while (after := _get(url + page)) == before:
                time.sleep(0.02)
            times.append(time.monotonic() - saved)
            cpus.append(_cpu_seconds(server.pid) - cpu)  # the server's own work, less sensitive to the load
            before = after
            print(f"  edit {edit + 1}: changed page served {times[-1]:.2f} s after the save "
                  f"({cpus[-1]:.2f} s of the server's CPU)", flush=True)
            time.sleep(1)
        verdict = "within" if min(times) < goal else "OVER"
        print(f"{name}: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"(goal under {goal:.0f} s: {verdict}); server CPU median {statistics.median(cpus):.2f} s")
        rebuilt = [line for line in log.read_text(encoding="utf-8").splitlines() if "rebuilt" in line]
        print("  " + (rebuilt[-1].strip() if rebuilt else "no update line: every edit was a full build"))
        print(f"  ({_load()})")
    finally:
        checkin.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--source", type=pathlib.Path, default=PROJECT_ROOT, metavar="DIR",
                        help="the okrsite checkout to serve with (default: this one)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    python = checkout_python(source)
    print(f"source {source} ({python})")
    with tempfile.TemporaryDirectory(prefix="okrsite-bench-serve-") as tmp:
        root = pathlib.Path(tmp)
        if not args.skip_demo:
            demo = root / "demo"
            shutil.copytree(source / "content", demo / "content")
            for cache in (source / ".cache" / "okrsite", PROJECT_ROOT / ".cache" / "okrsite"):
                if cache.is_dir():  # keys name what draws them: another tree's drawings are only missed
                    shutil.copytree(cache, demo / "cache", dirs_exist_ok=True)
            write_chart_config(demo / "mkdocs.yml", demo / "content", demo / "cache", source)
            measure("demo", demo, "2026-11-26", args.edits, 1.0, python)
        if not args.skip_synthetic:
            big = root / "synthetic"
            generate(big / "content", teams=args.teams, seed=args.seed)
            # Charts drawn once are kept between runs (the serve's first build draws the missing ones).
            write_chart_config(big / "mkdocs.yml", big / "content", PROJECT_ROOT / ".cache" / f"bench-serve-{args.teams}",
                          source)
            measure(f"{args.teams} teams", big, "2026-12-31", args.edits, 3.0, python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
