"""Interrupted and repeated builds: the last good site stays whole, and two
builds of the same content and `today` give the same bytes.

- A build killed (SIGKILL) while MkDocs writes leaves the previous site
  byte-identical, and nothing of the half-built site inside the site folder.
- The next build removes the staging folder the killed one left beside it.
- The swap of the new site into place is one atomic exchange on Linux.
- Two builds into different folders are byte-identical, every file
  (sitemap.xml lastmod, the gzip header of sitemap.xml.gz, the search index).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from benchmarks.synthetic import generate
from okrsite.adapter import publish
from okrsite.reproducible import pin_build_date, source_date_epoch

from conftest import TODAY, build_site, write_config


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_folders(parent: Path, name: str = "site") -> list[Path]:
    return [p for p in parent.iterdir() if p.name.startswith(f".{name}.")]


def synthetic_config(root: Path) -> Path:
    """A company big enough that MkDocs writes for a few seconds."""
    project = type("P", (), {"root": root, "content": root / "content"})()
    generate(project.content, teams=8, cycles=("2026-Q3", "2026-Q4"), checkins_until=TODAY)
    return write_config(project)


def test_a_killed_build_leaves_the_last_good_site_and_the_next_build_cleans_up(tmp_path):
    config = synthetic_config(tmp_path)
    site = tmp_path / "site"
    first = build_site(site, config)
    assert first.returncode == 0, first.stderr
    before = tree(site)
    assert len(before) > 100

    # Change the content so a finished second build would differ, then kill it while it writes.
    (tmp_path / "content/guide.md").write_text("# A new page\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen(
        [sys.executable, "-m", "okrsite", "build", "--today", TODAY.isoformat(), "-f", str(config), "-d", str(site)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    written = 0
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and build.poll() is None:
            staged = staging_folders(tmp_path)
            written = sum(1 for s in staged for p in s.rglob("*.html")) if staged else 0
            if written >= 20:  # part-way: MkDocs is writing pages into the staging folder
                break
            time.sleep(0.05)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    assert written >= 20, "the build finished before it could be interrupted; make the project bigger"
    assert build.returncode == -signal.SIGKILL

    assert tree(site) == before  # the previous site, byte for byte
    assert not [p for p in site.rglob("*") if ".building-" in p.name or ".old-" in p.name]
    left = staging_folders(tmp_path)
    assert left, "the killed build left its staging folder beside the site (the next build removes it)"

    again = build_site(site, config)
    assert again.returncode == 0, again.stderr
    assert not staging_folders(tmp_path), staging_folders(tmp_path)
    assert (site / "guide/index.html").is_file()


def test_stale_staging_folders_go_but_a_running_builds_stays(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    killed = tmp_path / f".site.building-{dead_pid}-abc123"
    (killed / "teams").mkdir(parents=True)
    (killed / "teams/index.html").write_text("half", encoding="utf-8")
    old = tmp_path / f".site.old-{dead_pid}-xyz"
    old.mkdir()
    running = tmp_path / f".site.building-{os.getppid()}-def456"  # pytest's parent: alive
    running.mkdir()
    other = tmp_path / ".other.building-1-x"  # another site's: not ours to touch
    other.mkdir()

    removed = publish.clean_stale(site)
    assert sorted(removed) == sorted([killed, old])
    assert not killed.exists() and not old.exists()
    assert running.is_dir() and other.is_dir() and site.is_dir()


def test_the_swap_exchanges_the_folders_in_one_step(tmp_path):
    target, new = tmp_path / "site", tmp_path / ".site.building-1-x"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    if sys.platform == "linux":
        assert publish._exchange(new, target)  # glibc >= 2.28 and a file system that supports it
        assert (target / "index.html").read_text() == "new" and (new / "index.html").read_text() == "old"
        publish._exchange(new, target)  # and back
    publish._swap(new, target)
    assert (target / "index.html").read_text() == "new"
    assert target.is_dir() and not target.is_symlink()  # a real folder: CI uploads it as the Pages artefact
    assert not new.exists() and not staging_folders(tmp_path)


def test_the_swap_replaces_a_missing_site_and_falls_back_to_two_renames(tmp_path, monkeypatch):
    target, new = tmp_path / "site", tmp_path / ".site.building-1-x"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    publish._swap(new, target)  # no site yet
    assert (target / "index.html").read_text() == "new"
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)  # a system without renameat2
    newer = tmp_path / ".site.building-1-y"
    newer.mkdir()
    (newer / "index.html").write_text("newer", encoding="utf-8")
    publish._swap(newer, target)
    assert (target / "index.html").read_text() == "newer"
    assert not staging_folders(tmp_path)


def test_build_date_is_today_unless_source_date_epoch_is_set():
    midnight = str(int(dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc).timestamp()))
    environ = {}
    assert pin_build_date(environ, TODAY) == source_date_epoch(TODAY) == midnight
    assert environ == {"SOURCE_DATE_EPOCH": midnight}
    assert pin_build_date({"SOURCE_DATE_EPOCH": "1700000000"}, TODAY) == "1700000000"


def test_two_builds_are_byte_identical(project, tmp_path, monkeypatch):
    config = write_config(project)
    with config.open("a", encoding="utf-8") as f:
        f.write("site_url: https://okr.example/\n")  # MkDocs lists pages in the sitemap only with a site_url
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # for this test only, not the rest of the session
    one, two = tmp_path / "one" / "site", tmp_path / "two" / "public"
    day = dt.date(2026, 11, 21)  # not the machine's date: the stamp must come from `today`
    assert build_site(one, config, today=day.isoformat()).returncode == 0
    time.sleep(1.1)  # a clock that leaked into a file would now differ
    result = subprocess.run(
        [sys.executable, "-m", "okrsite", "build", "--strict", "--today", day.isoformat(), "-f", str(config),
         "-d", str(two)], cwd=config.parent, capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    first, second = tree(one), tree(two)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ
    # The files scripts and feed readers fetch are among those compared.
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "okrs.json", "cycles/2026-Q4/okrs.csv",
                 "feed.xml", "teams/mobile/feed.xml"):
        assert name in first
    assert b"<lastmod>2026-11-21</lastmod>" in first["sitemap.xml"]
    assert first["sitemap.xml.gz"][4:8] == int(source_date_epoch(day)).to_bytes(4, "little")  # gzip mtime
