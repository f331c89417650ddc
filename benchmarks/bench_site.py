"""How does the okrsite site build compare with a plain MkDocs site of the same size?  A report, not a gate.

1. Generates the synthetic company of :mod:`benchmarks.synthetic` (60 teams,
   4 cycles, ~730 objectives, ~3,000 check-ins) into a temporary folder, writes
   a mkdocs.yml for it (the repository's mkdocs.yml with absolute ``docs_dir``
   and ``theme.custom_dir``) and builds it with

       python -m okrsite build -f okrsite.yml -d OUT --today 2026-12-31

2. Counts the HTML pages okrsite made (404.html aside) and measures the text
   of their content area (the words inside Material's ``md-content``), then
   writes as many hand-written Markdown pages of about that many words
   (:func:`benchmarks.synthetic.write_plain_pages`) and builds them with the
   same theme, extensions and search plugin but without okrsite:

       python -m mkdocs build -f plain.yml -d OUT

Each build runs in a fresh wrapper process, so the wall time and the peak
memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of its only child) are per
build.  Prints one table for both sites (time, memory, pages, output size,
average and largest page) and the okrsite/plain ratios against the targets
(time <= 1.3x, average page size <= 1.5x), then where the bytes of a page go
(head, header and tabs, navigation sidebar, table of contents, content,
footer and scripts) and how many navigation links a page carries.  Always
exits 0.

Run it from the project root:

    .venv/bin/python -m benchmarks.bench_site [--runs 1] [--keep DIR] [--teams 60] [--profile]

``--profile`` also runs the okrsite build once under cProfile and prints the
functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

if __package__ in (None, ""):  # also works as `python benchmarks/bench_site.py`
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from benchmarks.checkout import checkout_python  # noqa: E402
from benchmarks.synthetic import generate, write_plain_pages  # noqa: E402

TARGET_TIME_RATIO = 0.8  # issue 16: at most 0.8x, aim for 0.5x
TARGET_PAGE_RATIO = 1.5
TODAY = "2026-12-31"  # the last day of the synthetic cycles
PROJECT_ROOT = pathlib.Path(__file__).resolve().parent.parent
PHASES_SCRIPT = pathlib.Path(__file__).resolve().parent / "phases.py"

# One command, its wall time and the peak RSS of that one child; a fresh
# wrapper per build because RUSAGE_CHILDREN is a maximum over all children.
WRAPPER = r"""
import json, resource, subprocess, sys, time
cmd, cwd, out_path, env = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
with open(out_path, "wb") as out:
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env).returncode
    wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss": ru.ru_maxrss,
                  "cpu": ru.ru_utime + ru.ru_stime, "platform": sys.platform}))
"""

# Material's page, in document order: each part runs from its marker to the next one found.
PARTS = [
    ("head", "<html"),
    ("header+tabs", '<header class="md-header"'),
    ("nav sidebar", '<div class="md-sidebar md-sidebar--primary"'),
    ("toc sidebar", '<div class="md-sidebar md-sidebar--secondary"'),
    ("content", '<div class="md-content"'),
    ("footer+scripts", '<footer class="md-footer"'),
]
NAV_LINK = re.compile(r'<a [^>]*class="md-nav__link')
TAB_LINK = re.compile(r'<a [^>]*class="md-tabs__link')
TAG = re.compile(r"<(script|style|svg)\b.*?</\1>|<[^>]+>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


# --------------------------------------------------------------------------
# Running


def _mb(maxrss: int, platform: str) -> float:
    return maxrss / 1e6 if platform == "darwin" else maxrss * 1024 / 1e6  # Linux: KiB, macOS: bytes


def _run_once(cmd: list[str], out_path: pathlib.Path, env: dict, cwd: pathlib.Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(cmd), str(cwd), str(out_path), json.dumps(env)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark wrapper failed:\n{proc.stderr}")
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    r["mb"] = _mb(r["maxrss"], r["platform"])
    return r


def _build(name: str, cmd: list[str], site: pathlib.Path, log_dir: pathlib.Path, runs: int, env: dict,
           source: pathlib.Path) -> dict:
    """Build `runs` times into a fresh `site`, each under benchmarks/phases.py's timers; the run with the
    best wall time (with its CPU per phase), plus all walls."""
    results = []
    for i in range(1, runs + 1):
        shutil.rmtree(site, ignore_errors=True)
        log = log_dir / f"{name}-run-{i}.log"
        timers = log_dir / f"{name}-run-{i}-phases.json"
        r = _run_once([cmd[0], str(PHASES_SCRIPT), str(timers), *cmd[1:]], log, env, source)
        r["log"] = log
        r.update(json.loads(timers.read_text(encoding="utf-8")) if timers.exists()
                 else {"phases": {}, "nav": None, "self_cpu": r["cpu"]})
        print(f"  {name:<8} run {i}: {r['wall']:7.1f} s wall, {r['cpu']:7.1f} s cpu, "
              f"{r['mb']:6.0f} MB peak, exit {r['rc']}", flush=True)
        results.append(r)
        if r["rc"] != 0:
            break
    best = min(results, key=lambda r: (r["rc"] != 0, r["wall"]))
    best["peak_mb"] = max(r["mb"] for r in results)
    best["walls"] = [r["wall"] for r in results]
    return best


def _tail(log: pathlib.Path, n: int = 25) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join("    " + ln for ln in lines[-n:])


# --------------------------------------------------------------------------
# Configuration


def _repo_config(source: pathlib.Path) -> dict:
    with open(source / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _write_config(path: pathlib.Path, docs_dir: pathlib.Path, source: pathlib.Path, *, name: str,
                  nav: list | None = None) -> None:
    """okrsite's config without charts (they have their own benchmark); with `nav`, the plain site's."""
    cfg = _repo_config(source)
    cfg["site_name"] = name
    cfg["docs_dir"] = str(docs_dir.resolve())
    cfg["site_dir"] = str((path.parent / f"{path.stem}-site").resolve())  # overridden by -d
    cfg.setdefault("theme", {})["custom_dir"] = str((source / cfg["theme"].get("custom_dir", "theme")).resolve())
    plugins = [p for p in cfg.get("plugins", []) if _plugin_name(p) != "okrsite"]
    if nav is None:
        cfg["plugins"] = plugins + [{"okrsite": {"charts": False}}]
    else:
        cfg["plugins"] = plugins
        cfg["nav"] = nav
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _same_shape(nav, pages: list[str]) -> list:
    """okrsite's navigation with each of its pages replaced by the next plain page, in order: the plain
    site's sidebar has the same entries, nesting and titles. Pages left over stay out of it, as
    okrsite's objectives and people do."""
    queue = iter(pages)

    def swap(entry):
        if isinstance(entry, str):
            return next(queue)
        if isinstance(entry, list):
            return [swap(item) for item in entry]
        return {title: swap(value) for title, value in entry.items()}
    return swap(nav)


# --------------------------------------------------------------------------
# Measuring the output


def _pages(site: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


def _dir_size(root: pathlib.Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def _anatomy(text: str) -> dict:
    """Bytes per part of a Material page, nav links, and the words of its content."""
    found = []
    for name, marker in PARTS:
        i = text.find(marker)
        if i >= 0:
            found.append((i, name))
    found.sort()
    sizes = {name: 0 for name, _ in PARTS}
    bounds = [0] + [i for i, _ in found[1:]] + [len(text)]
    for (start, name), end in zip(found, bounds[1:]):
        sizes[name] = len(text[start:end].encode("utf-8"))
    sizes["head"] += len(text[: found[0][0]].encode("utf-8")) if found else len(text.encode("utf-8"))
    nav = _part(text, found, "nav sidebar")
    content = _part(text, found, "content")
    words = len(html.unescape(TAG.sub(" ", HEADERLINK.sub("", content))).split())
    return {"sizes": sizes, "nav_links": len(NAV_LINK.findall(nav)), "tab_links": len(TAB_LINK.findall(text)),
            "words": words}


def _part(text: str, found: list, name: str) -> str:
    for k, (start, n) in enumerate(found):
        if n == name:
            end = found[k + 1][0] if k + 1 < len(found) else len(text)
            return text[start:end]
    return ""


def _measure(site: pathlib.Path) -> dict:
    pages = _pages(site)
    sizes = {p: p.stat().st_size for p in pages}
    anatomy = {p: _anatomy(p.read_text(encoding="utf-8", errors="replace")) for p in pages}
    largest = max(pages, key=sizes.get)
    search = site / "search" / "search_index.json"
    n = len(pages) or 1
    return {
        "site": site,
        "pages": len(pages),
        "total": _dir_size(site),
        "html_total": sum(sizes.values()),
        "search": search.stat().st_size if search.exists() else 0,
        "avg": sum(sizes.values()) / n,
        "largest": largest,
        "largest_size": sizes[largest],
        "largest_anatomy": anatomy[largest],
        "avg_parts": {name: sum(a["sizes"][name] for a in anatomy.values()) / n for name, _ in PARTS},
        "avg_nav_links": sum(a["nav_links"] + a["tab_links"] for a in anatomy.values()) / n,
        "max_nav_links": max(a["nav_links"] + a["tab_links"] for a in anatomy.values()),
        "avg_words": sum(a["words"] for a in anatomy.values()) / n,
        "sizes": sizes,
        "anatomy": anatomy,
    }


# --------------------------------------------------------------------------
# Reporting


def _kb(n: float) -> str:
    return f"{n / 1e3:,.1f} kB"


def _mbytes(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def _ratio_line(label: str, ratio: float, target: float) -> str:
    verdict = "within target" if ratio <= target else "OVER target"
    return f"{label:<22}{ratio:6.2f}x   target <= {target:.1f}x: {verdict}"


def _rel(site: pathlib.Path, page: pathlib.Path) -> str:
    return page.relative_to(site).as_posix()


def _print_table(ok: dict, plain: dict, ok_run: dict, plain_run: dict) -> None:
    rows = [
        ("build wall time", f"{ok_run['wall']:.1f} s", f"{plain_run['wall']:.1f} s"),
        ("build CPU time", f"{ok_run['cpu']:.1f} s", f"{plain_run['cpu']:.1f} s"),
        ("peak memory (RSS)", f"{ok_run['peak_mb']:,.0f} MB", f"{plain_run['peak_mb']:,.0f} MB"),
        ("HTML pages", f"{ok['pages']:,}", f"{plain['pages']:,}"),
        ("total output", _mbytes(ok["total"]), _mbytes(plain["total"])),
        ("  of it HTML pages", _mbytes(ok["html_total"]), _mbytes(plain["html_total"])),
        ("  of it search index", _mbytes(ok["search"]), _mbytes(plain["search"])),
        ("average page", _kb(ok["avg"]), _kb(plain["avg"])),
        ("largest page", _kb(ok["largest_size"]), _kb(plain["largest_size"])),
        ("content words / page", f"{ok['avg_words']:,.0f}", f"{plain['avg_words']:,.0f}"),
        ("nav links / page (avg)", f"{ok['avg_nav_links']:,.0f}", f"{plain['avg_nav_links']:,.0f}"),
        ("nav links / page (max)", f"{ok['max_nav_links']:,}", f"{plain['max_nav_links']:,}"),
    ]
    w = max(len(r[0]) for r in rows) + 2
    header = f"{'':<{w}}{'okrsite':>14}{'plain MkDocs':>16}{'okrsite/plain':>16}"
    print(header)
    print("-" * len(header))
    ratio_rows = {"build wall time": ok_run["wall"] / plain_run["wall"],
                  "build CPU time": ok_run["cpu"] / plain_run["cpu"],
                  "peak memory (RSS)": ok_run["peak_mb"] / plain_run["peak_mb"],
                  "total output": ok["total"] / plain["total"],
                  "average page": ok["avg"] / plain["avg"],
                  "largest page": ok["largest_size"] / plain["largest_size"]}
    for label, a, b in rows:
        ratio = f"{ratio_rows[label]:.2f}x" if label in ratio_rows else ""
        print(f"{label:<{w}}{a:>14}{b:>16}{ratio:>16}")
    print("-" * len(header))
    print(f"largest okrsite page   {_rel(ok['site'], ok['largest'])}")
    print(f"largest plain page     {_rel(plain['site'], plain['largest'])}")


def _print_anatomy(ok: dict, plain: dict) -> None:
    print("Where a page's bytes go (average per page; then the largest page of each site)")
    header = f"{'part':<16}{'okrsite avg':>14}{'plain avg':>14}{'okrsite largest':>18}{'plain largest':>16}"
    print(header)
    print("-" * len(header))
    for name, _ in PARTS:
        print(f"{name:<16}{_kb(ok['avg_parts'][name]):>14}{_kb(plain['avg_parts'][name]):>14}"
              f"{_kb(ok['largest_anatomy']['sizes'][name]):>18}{_kb(plain['largest_anatomy']['sizes'][name]):>16}")
    print(f"{'total':<16}{_kb(ok['avg']):>14}{_kb(plain['avg']):>14}"
          f"{_kb(ok['largest_size']):>18}{_kb(plain['largest_size']):>16}")
    la, lp = ok["largest_anatomy"], plain["largest_anatomy"]
    print(f"{'nav links':<16}{ok['avg_nav_links']:>14,.0f}{plain['avg_nav_links']:>14,.0f}"
          f"{la['nav_links'] + la['tab_links']:>18,}{lp['nav_links'] + lp['tab_links']:>16,}")
    print(f"{'content words':<16}{ok['avg_words']:>14,.0f}{plain['avg_words']:>14,.0f}"
          f"{la['words']:>18,}{lp['words']:>16,}")


def _print_groups(ok: dict) -> None:
    """okrsite's pages by kind (their address pattern): how many, and how big."""
    groups: dict[str, list[pathlib.Path]] = {}
    for page in ok["sizes"]:
        rel = _rel(ok["site"], page)
        parts = rel.split("/")
        if parts[0] == "teams":
            kind = "team (running cycle)" if len(parts) == 3 else ("teams index" if len(parts) == 2 else "team (other cycle)")
        elif parts[0] == "people":
            kind = "person" if len(parts) == 3 else "people index"
        elif parts[0] == "cycles":
            kind = {2: "cycles index", 3: "dashboard (other cycle)"}.get(len(parts)) or f"{parts[2]} (other cycle)"
        elif re.fullmatch(r"\d{4}(-[QH]\d)?|FY\d\d(-[QH]\d)?", parts[0]) and len(parts) == 4:
            kind = "objective"
        elif len(parts) == 1:
            kind = "dashboard (running cycle)"
        elif len(parts) == 2 and parts[0] in ("alignment", "changelog"):
            kind = f"{parts[0]} (running cycle)"
        else:
            kind = "other"
        groups.setdefault(kind, []).append(page)
    print("okrsite pages by kind")
    header = f"{'kind':<28}{'pages':>7}{'avg':>12}{'largest':>12}{'all':>12}{'nav links avg':>15}{'words avg':>11}"
    print(header)
    print("-" * len(header))
    for kind, pages in sorted(groups.items(), key=lambda kv: -sum(ok["sizes"][p] for p in kv[1])):
        sizes = [ok["sizes"][p] for p in pages]
        links = sum(ok["anatomy"][p]["nav_links"] + ok["anatomy"][p]["tab_links"] for p in pages) / len(pages)
        words = sum(ok["anatomy"][p]["words"] for p in pages) / len(pages)
        print(f"{kind:<28}{len(pages):>7,}{_kb(sum(sizes) / len(sizes)):>12}{_kb(max(sizes)):>12}"
              f"{_mbytes(sum(sizes)):>12}{links:>15,.0f}{words:>11,.0f}")


def _print_phases(ok_run: dict, plain_run: dict) -> None:
    """CPU per phase of the best run of each build (benchmarks/phases.py), and the rest."""
    print("Where the CPU goes (seconds, one build each; exclusive: Markdown inside a template counts as Markdown)")
    header = f"{'phase':<28}{'okrsite':>10}{'share':>8}{'plain':>10}{'share':>8}"
    print(header)
    print("-" * len(header))
    names = list(dict.fromkeys([*ok_run["phases"], *plain_run["phases"]]))
    order = ["load + validate", "roll-up + site model", "okrsite Jinja rendering", "Markdown",
             "Material page templating", "search indexing", "exports + feeds", "writing files"]
    names = [n for n in order if n in names] + [n for n in names if n not in order]

    def cell(run, name):
        spent = run["phases"].get(name)
        return (f"{spent:10.2f}{spent / run['cpu']:8.0%}") if spent is not None else f"{'-':>10}{'':>8}"
    for name in names:
        print(f"{name:<28}{cell(ok_run, name)}{cell(plain_run, name)}")
    for run in (ok_run, plain_run):
        run["phases"]["other"] = run["self_cpu"] - sum(run["phases"].values())
        run["phases"]["workers"] = run["cpu"] - run["self_cpu"]
    print(f"{'other (start-up, MkDocs)':<28}{cell(ok_run, 'other')}{cell(plain_run, 'other')}")
    print(f"{'worker processes, git':<28}{cell(ok_run, 'workers')}{cell(plain_run, 'workers')}")
    print(f"{'all (CPU of the build)':<28}{ok_run['cpu']:10.2f}{'':>8}{plain_run['cpu']:10.2f}")


def _profile(cmd: list[str], out_dir: pathlib.Path, env: dict, source: pathlib.Path, top: int = 30) -> None:
    import pstats

    prof = out_dir / "okrsite-build.prof"
    site = out_dir / "okrsite-site-profiled"
    pcmd = [cmd[0], "-m", "cProfile", "-o", str(prof), "-m", *cmd[1:]]  # cmd: python, okrsite, build, ...
    pcmd[pcmd.index("-d") + 1] = str(site)
    print(f"command      {' '.join(pcmd)}")
    t0 = time.perf_counter()
    proc = subprocess.run(pcmd, cwd=source, env=env, capture_output=True, text=True)
    print(f"profiled build: exit {proc.returncode} in {time.perf_counter() - t0:.1f} s (with profiler overhead)")
    if proc.returncode != 0 or not prof.exists():
        print(proc.stderr[-3000:])
        return
    stats = pstats.Stats(str(prof))
    stats.sort_stats("cumulative").print_stats(top)
    shutil.rmtree(site, ignore_errors=True)



# --------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_site",
                                 description="Compare the okrsite site build with a plain MkDocs site of the same size.")
    ap.add_argument("--runs", type=int, default=1, help="builds per site; the best wall time counts (default 1)")
    ap.add_argument("--today", default=TODAY)
    ap.add_argument("--teams", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", type=pathlib.Path, default=PROJECT_ROOT, metavar="DIR",
                    help="the okrsite tree to measure (its .venv, mkdocs.yml and theme); default: this one")
    ap.add_argument("--keep", type=pathlib.Path, metavar="DIR",
                    help="work in DIR (must be empty or new) and keep the content, configs, sites and logs")
    ap.add_argument("--profile", action="store_true", help="also profile one okrsite build with cProfile")
    args = ap.parse_args(argv)
    source = args.source.resolve()
    python = checkout_python(source)

    if args.keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
        if any(work.iterdir()):
            ap.error(f"{work} is not empty")
        tmp = None
    else:
        tmp = tempfile.mkdtemp(prefix="okrsite-bench-site-")
        work = pathlib.Path(tmp)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}
    env.pop("OKRSITE_TODAY", None)  # --today decides
    try:
        print("okrsite site build (without charts) vs plain MkDocs with a navigation of the same shape")
        print("=" * 78)
        print(f"source       {source} ({python})")
        print(f"load         {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
              f"(1, 5, 15 min) on {os.cpu_count()} cores")
        content = work / "content"
        t0 = time.perf_counter()
        counts = generate(content, teams=args.teams, seed=args.seed)
        print(f"work dir     {work}{'' if args.keep else ' (temporary)'}")
        print(f"generated    in {time.perf_counter() - t0:.2f} s (seed {args.seed}): {counts['teams']} teams, "
              f"{counts['people']} people, {counts['cycles']} cycles, {counts['objectives']:,} objectives, "
              f"{counts['key_results']:,} key results, {counts['checkins']:,} check-ins")

        ok_yml = work / "okrsite.yml"
        _write_config(ok_yml, content, source, name="Synthetic OKRs")
        ok_site = work / "okrsite-site"
        ok_cmd = [python, "okrsite", "build", "-f", str(ok_yml), "-d", str(ok_site), "--today", args.today]
        print(f"okrsite      {' '.join(ok_cmd)}")
        ok_run = _build("okrsite", ok_cmd, ok_site, work, args.runs, env, source)
        if ok_run["rc"] != 0 or not ok_run.get("nav"):
            print(f"\nNOT COMPARED: the okrsite build failed (exit {ok_run['rc']}); the end of its output:")
            print(_tail(ok_run["log"]))
            return 0
        ok = _measure(ok_site)

        # As many hand-written pages as okrsite made, of about the words of okrsite's pages' content,
        # in a navigation of the same shape as okrsite's.
        words_per_page = max(50, round(ok["avg_words"]))
        plain_docs = work / "plain-docs"
        written = write_plain_pages(plain_docs, ok["pages"], words_per_page, seed=args.seed)
        print(f"plain pages  {written['pages']:,} pages of ~{words_per_page} words (okrsite's average content: "
              f"{ok['avg_words']:.0f} words), {written['words']:,} words of Markdown text in all")
        plain_pages = sorted(p.relative_to(plain_docs).as_posix() for p in plain_docs.rglob("*.md"))
        plain_yml = work / "plain.yml"
        _write_config(plain_yml, plain_docs, source, name="Synthetic handbook",
                      nav=_same_shape(ok_run["nav"], plain_pages))
        plain_site = work / "plain-site"
        plain_cmd = [python, "mkdocs", "build", "-q", "-f", str(plain_yml), "-d", str(plain_site)]
        print(f"plain        {' '.join(plain_cmd)}")
        plain_run = _build("plain", plain_cmd, plain_site, work, args.runs, env, source)
        if plain_run["rc"] != 0:
            print(f"\nNOT COMPARED: the plain build failed (exit {plain_run['rc']}); the end of its output:")
            print(_tail(plain_run["log"]))
            return 0
        plain = _measure(plain_site)

        print()
        _print_table(ok, plain, ok_run, plain_run)
        print()
        print(_ratio_line("time okrsite/plain", ok_run["wall"] / plain_run["wall"], TARGET_TIME_RATIO))
        print(_ratio_line("page size okrsite/plain", ok["avg"] / plain["avg"], TARGET_PAGE_RATIO))
        print(f"{'(CPU time ratio':<22}{ok_run['cpu'] / plain_run['cpu']:6.2f}x   "
              f"less sensitive to other load on the machine)")
        print(f"{'pages per second':<22}{ok['pages'] / ok_run['wall']:6.1f}    okrsite   "
              f"{plain['pages'] / plain_run['wall']:6.1f} plain")
        print()
        _print_phases(ok_run, plain_run)
        print()
        _print_anatomy(ok, plain)
        print()
        _print_groups(ok)
        if args.profile:
            print()
            _profile(ok_cmd, work, env, source)
        if args.keep:
            print()
            print(f"kept         {work}")
        return 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
