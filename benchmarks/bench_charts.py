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
drew and took from the cache (the plugin's own log line), the peak memory of
the whole process tree (the build, its render worker and its chart workers,
sampled every 0.1 s) and the CPU time of each build with its workers (a fairer
comparison on a busy machine).  Always exits 0.

Memory is given two ways, and issue 16's target (under 600 MB) is judged on
the first:

- PSS, the tree's real memory: each process's proportional set size (``Pss:``
  of /proc/PID/smaps_rollup), where a page shared by n processes counts 1/n
  in each, summed over the tree;
- RSS summed, as before: it counts every page a forked process still shares
  with its parent (copy-on-write) once in each, so a fork that touches little
  seems to double the build's memory.

``--trace FILE`` also writes every sample of every process (seconds since the
build started, pid, RSS MB, PSS MB, its command) as tab-separated lines, to
find which process holds the peak and when (the log's lines have no times;
compare with the order of the phases).

    .venv/bin/python -m benchmarks.bench_charts [--teams 60] [--source DIR] [--keep DIR] [--profile] [--trace FILE]

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


def _tree(root: int) -> set[int]:
    """A process and all its descendants, now."""
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
    return tree


def _memory(pid: int) -> tuple[int, int] | None:
    """A process's resident and proportional set sizes in bytes; None once it has gone.
    smaps_rollup: the kernel sums the mappings itself, cheap enough to read ten times a second."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            text = f.read()
    except OSError:
        return None
    sizes = dict(re.findall(rb"^(Rss|Pss):\s+(\d+) kB", text, re.M))
    if b"Rss" not in sizes or b"Pss" not in sizes:
        return None
    return int(sizes[b"Rss"]) * 1024, int(sizes[b"Pss"]) * 1024


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()[:120]
    except OSError:
        return "?"


def _run(name: str, cmd: list[str], log: pathlib.Path, env: dict, cwd: pathlib.Path, trace=None) -> dict:
    """Run one build; its wall time, exit code, peak tree memory (PSS and RSS summed) and the charts line of its log."""
    peak_rss = peak_pss = 0
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        done = threading.Event()

        def copy_log():  # into the log file, and with its time into the trace
            for line in proc.stdout:
                out.write(line)
                if trace is not None:
                    now = time.perf_counter() - start
                    trace.write(f"{name}\t{now:.2f}\tlog\t\t\t{line.decode(errors='replace').rstrip()[:160]}\n")

        def sample():
            nonlocal peak_rss, peak_pss
            commands: dict[int, str] = {}
            while not done.is_set():
                now = time.perf_counter() - start
                rss = pss = 0
                for pid in _tree(proc.pid):
                    sizes = _memory(pid)
                    if sizes is None:
                        continue
                    rss, pss = rss + sizes[0], pss + sizes[1]
                    if trace is not None:
                        if pid not in commands:
                            commands[pid] = _command(pid)
                        trace.write(f"{name}\t{now:.2f}\t{pid}\t{sizes[0] / 1e6:.0f}\t{sizes[1] / 1e6:.0f}\t"
                                    f"{commands[pid]}\n")
                peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        reader = threading.Thread(target=copy_log, daemon=True)
        reader.start()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        rc = proc.wait()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and the workers it waited for
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        done.set()
        sampler.join()
        reader.join()
    text = log.read_text(encoding="utf-8", errors="replace")
    found = CHARTS_LINE.search(text)
    charts = tuple(int(n) for n in found.groups()) if found else (0, 0, 0)
    print(f"  {name:<6} {wall:7.1f} s wall, {cpu:7.1f} s cpu, peak {peak_pss / 1e6:4.0f} MB PSS (the target's) / "
          f"{peak_rss / 1e6:4.0f} MB RSS summed (tree), exit {rc}, "
          f"{charts[0]} charts: {charts[1]} drawn, {charts[2]} from the cache", flush=True)
    if rc != 0:
        print("\n".join("    " + line for line in text.splitlines()[-25:]))
    return {"wall": wall, "cpu": cpu, "mb": peak_pss / 1e6, "rss_mb": peak_rss / 1e6, "rc": rc, "charts": charts}


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
    parser.add_argument("--trace", type=pathlib.Path, metavar="FILE",
                        help="write every memory sample of every process of the builds into FILE")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    python = checkout_python(source)

    work = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="okrsite-bench-charts-"))
    work.mkdir(parents=True, exist_ok=True)
    trace = open(args.trace, "w", encoding="utf-8") if args.trace else None  # noqa: SIM115 - closed below
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
            return _run(name, cmd, work / f"{name}.log", env, source, trace)

        plain = build(without, "plain")
        cold = build(with_charts, "cold")
        print(f"  changed   {change_one_checkin(content)}")
        warm = build(with_charts, "warm")

        print()
        print(f"{'build':<8}{'wall':>9}{'cpu':>9}{'PSS MB':>9}{'RSS-sum MB':>12}{'charts':>8}{'drawn':>7}{'cached':>8}")
        for name, r in (("plain", plain), ("cold", cold), ("warm", warm)):
            print(f"{name:<8}{r['wall']:8.1f}s{r['cpu']:8.1f}s{r['mb']:9.0f}{r['rss_mb']:12.0f}{r['charts'][0]:8}"
                  f"{r['charts'][1]:7}{r['charts'][2]:8}")
        print(_ratio("cold / plain (empty cache)", cold["wall"] / plain["wall"], TARGET_COLD))
        print(_ratio("warm / plain (one check-in)", warm["wall"] / plain["wall"], TARGET_WARM))
        print(_ratio("cpu: cold / plain", cold["cpu"] / plain["cpu"], TARGET_COLD_CPU))
        print(_ratio("cpu: warm / plain", warm["cpu"] / plain["cpu"], TARGET_WARM))
        peak = max(r["mb"] for r in (plain, cold, warm))
        print(f"{'peak memory (tree, PSS)':<28}{peak:6.0f} MB   target < {TARGET_MB} MB: "
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
        if trace is not None:
            trace.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
