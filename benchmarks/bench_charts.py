"""What do the charts cost?  A report, not a gate.

On the synthetic large company of :mod:`benchmarks.synthetic` (60 teams,
4 cycles, ~730 objectives, ~2,600 key results), in one run, each a fresh
``python -m mkdocs build`` of the same mkdocs.yml (the repository's, with
absolute ``docs_dir`` and ``theme.custom_dir``):

1. plain: the same pages without charts (``okrsite: {charts: false}``);
2. cold: with charts and an empty chart cache;
3. warm: after one check-in value changed, with the cache the cold build
   left.

Prints the wall time of each, the ratios against the plain build (issue 16's
targets: cold <= 1.5x wall and 2x CPU, warm <= 1.05x), how many charts each
drew and took from the cache (the plugin's own log line), and the peak memory
of the whole process tree (the build and its chart workers, their resident
sizes summed, sampled every 0.1 s; target: under 600 MB), and the CPU time of
each build with its workers (a fairer comparison on a busy machine).  Always
exits 0.

    .venv/bin/python -m benchmarks.bench_charts [--teams 60] [--source DIR] [--keep DIR] [--profile]

``--source DIR`` measures another checkout of okrsite (its ``.venv``,
``mkdocs.yml`` and theme), so a before and an after come from the same script.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time


if __package__ in (None, ""):  # also works as `python benchmarks/bench_charts.py`
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from benchmarks.checkout import checkout_python, write_chart_config  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent
TODAY = "2026-12-31"  # the last day of the synthetic cycles
TARGET_COLD, TARGET_COLD_CPU, TARGET_WARM, TARGET_MB = 1.5, 2.0, 1.05, 600  # issue 16
CHARTS_LINE = re.compile(r"okrsite: (\d+) charts, (\d+) drawn, (\d+) from the cache")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in a process and all its descendants, now."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    return total


def _run(name: str, cmd: list[str], log: pathlib.Path, env: dict, cwd: pathlib.Path) -> dict:
    """Run one build; its wall time, exit code, peak tree memory and the charts line of its log."""
    peak = 0
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        rc = proc.wait()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and the workers it waited for
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        done.set()
        sampler.join()
    text = log.read_text(encoding="utf-8", errors="replace")
    found = CHARTS_LINE.search(text)
    charts = tuple(int(n) for n in found.groups()) if found else (0, 0, 0)
    print(f"  {name:<6} {wall:7.1f} s wall, {cpu:7.1f} s cpu, {peak / 1e6:6.0f} MB peak (tree), exit {rc}, "
          f"{charts[0]} charts: {charts[1]} drawn, {charts[2]} from the cache", flush=True)
    if rc != 0:
        print("\n".join("    " + line for line in text.splitlines()[-25:]))
    return {"wall": wall, "cpu": cpu, "mb": peak / 1e6, "rc": rc, "charts": charts}



def change_one_checkin(content: pathlib.Path) -> str:
    """Change the first numeric value of the newest check-in file (by path order): what a team does on Friday."""
    checkins = sorted(content.glob("*/*/checkins/*.md"), key=lambda p: (p.name, p.as_posix()), reverse=True)
    number = re.compile(r"^(  [a-z0-9_-]+: )(\d+(?:\.\d+)?)(\s*)$", re.M)
    for path in checkins:
        text = path.read_text(encoding="utf-8")
        found = number.search(text)
        if found:
            old = found.group(2)
            new = str(float(old) + 1) if "." in old else str(int(old) + 1)
            path.write_text(text[: found.start(2)] + new + text[found.end(2):], encoding="utf-8")
            return f"{path.relative_to(content)}: {found.group(1).strip()} {old} -> {new}"
    raise RuntimeError("no numeric check-in value found to change")


def _ratio(label: str, ratio: float, target: float) -> str:
    verdict = "within target" if ratio <= target else "OVER target"
    return f"{label:<28}{ratio:6.2f}x   target <= {target:.2f}x: {verdict}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=pathlib.Path, default=PROJECT_ROOT, metavar="DIR",
                        help="the okrsite tree to measure (its .venv, mkdocs.yml and theme); default: this one")
    parser.add_argument("--keep", type=pathlib.Path, help="work in DIR and keep it (default: a temporary folder)")
    parser.add_argument("--profile", action="store_true", help="also profile a cold build (cProfile, top 30)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    python = checkout_python(source)

    work = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="okrsite-bench-charts-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        content, cache = work / "content", work / "cache"
        shutil.rmtree(content, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        counts = generate(content, teams=args.teams, seed=args.seed)
        print(f"synthetic company: {counts.get('teams')} teams, {counts.get('objectives')} objectives, "
              f"{counts.get('key_results')} key results, {counts.get('checkins')} check-ins; today {TODAY}; "
              f"{os.cpu_count()} cores")
        print(f"source: {source} ({python}); load {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        with_charts, without = work / "charts.yml", work / "plain.yml"
        write_chart_config(with_charts, content, cache, source, charts=True)
        write_chart_config(without, content, cache, source, charts=False)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OKRSITE_TODAY": TODAY}

        def build(config: pathlib.Path, name: str) -> dict:
            site = work / f"site-{name}"
            shutil.rmtree(site, ignore_errors=True)
            cmd = [python, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
            return _run(name, cmd, work / f"{name}.log", env, source)

        plain = build(without, "plain")
        cold = build(with_charts, "cold")
        print(f"  changed   {change_one_checkin(content)}")
        warm = build(with_charts, "warm")

        print()
        print(f"{'build':<8}{'wall':>9}{'cpu':>9}{'peak MB':>10}{'charts':>8}{'drawn':>7}{'cached':>8}")
        for name, r in (("plain", plain), ("cold", cold), ("warm", warm)):
            print(f"{name:<8}{r['wall']:8.1f}s{r['cpu']:8.1f}s{r['mb']:10.0f}{r['charts'][0]:8}{r['charts'][1]:7}"
                  f"{r['charts'][2]:8}")
        print(_ratio("cold / plain (empty cache)", cold["wall"] / plain["wall"], TARGET_COLD))
        print(_ratio("warm / plain (one check-in)", warm["wall"] / plain["wall"], TARGET_WARM))
        print(_ratio("cpu: cold / plain", cold["cpu"] / plain["cpu"], TARGET_COLD_CPU))
        print(_ratio("cpu: warm / plain", warm["cpu"] / plain["cpu"], TARGET_WARM))
        peak = max(r["mb"] for r in (plain, cold, warm))
        print(f"{'peak memory (tree)':<28}{peak:6.0f} MB   target < {TARGET_MB} MB: "
              f"{'within target' if peak < TARGET_MB else 'OVER target'}")
        if args.profile:
            shutil.rmtree(cache, ignore_errors=True)
            prof = work / "cold.prof"
            cmd = [python, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-f",
                   str(with_charts), "-d", str(work / "site-profile")]
            subprocess.run(cmd, cwd=source, env=env, capture_output=True)
            import pstats

            pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(30)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
