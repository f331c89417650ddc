"""`okrsite serve`'s preview (okrsite.adapter.live) after a series of edits is the site a clean build of
the same content makes, byte for byte, and an everyday edit rebuilds only what it changed.

Each clean build runs in its own process (MkDocs keeps one plugin instance per process across builds,
so a build in this process would share the preview's plugins)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import TODAY, write_config
from okrsite.adapter.live import Preview

ADDRESS = "127.0.0.1:8765"  # never opened: the served site's address is part of its pages
CHECKIN = "2026-Q4/mobile/checkins/2026-11-20.md"
GUIDE = """\
# Writing a good key result

A key result says where a number starts and where it should end.
"""

CLEAN_BUILD = """\
import logging, sys
from okrsite.adapter.live import Preview
logging.getLogger("mkdocs").setLevel(logging.ERROR)
Preview(sys.argv[1], sys.argv[2], sys.argv[3]).rebuild()
"""


@pytest.fixture
def served(project, tmp_path, monkeypatch):
    """The project's site as `okrsite serve` keeps it: (project, preview); mkdocs.yml draws charts into a
    cache beside it."""
    monkeypatch.setenv("OKRSITE_TODAY", TODAY.isoformat())
    project.write("guide/key-results.md", GUIDE)
    config = write_config(project)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    preview = Preview(config, tmp_path / "served", ADDRESS)
    preview.rebuild()
    yield project, preview
    preview.config.plugins.on_shutdown()


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def _same_as_clean_build(project, preview, tmp_path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    env = {**os.environ, "OKRSITE_TODAY": TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(project.root / "mkdocs.yml"), str(clean), ADDRESS],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    served, built = _files(preview.site_dir), _files(clean)
    assert served.keys() == built.keys(), f"after {name}: {sorted(served.keys() ^ built.keys())}"
    differ = [path for path in built if served[path] != built[path]]
    assert not differ, f"after {name}, these differ from a clean build: {differ[:20]}"


def _updated(preview, edit) -> None:
    """Apply `edit`, rebuild, and require that the preview updated in place (no full build)."""
    full_builds, updates = preview.full_builds, preview.updates
    edit()
    preview.rebuild()
    assert (preview.full_builds, preview.updates) == (full_builds, updates + 1)


def test_a_series_of_edits_leaves_the_site_a_clean_build_makes(served, tmp_path):
    project, preview = served
    team_page = preview.site_dir / "teams" / "mobile" / "index.html"

    _updated(preview, lambda: project.edit(CHECKIN, "uninstalls: 1,150", "uninstalls: 1,090"))
    assert "1,090" in team_page.read_text(encoding="utf-8")
    _same_as_clean_build(project, preview, tmp_path, "a changed value")

    _updated(preview, lambda: project.write("2026-Q4/mobile/checkins/2026-11-25.md", (
        "---\ncheckin: 2026-11-25\nauthor: chen\nvalues:\n  app-nps: 55\n  uninstalls: 1,070\n---\n"
        "## Wins\n- Onboarding shipped to beta.\n")))
    assert "Onboarding shipped to beta." in team_page.read_text(encoding="utf-8")
    _same_as_clean_build(project, preview, tmp_path, "a new check-in")

    _updated(preview, lambda: (project.content / "2026-Q4/company/checkins/2026-11-20.md").unlink())
    _same_as_clean_build(project, preview, tmp_path, "a deleted check-in")

    # A key result taken out: its chart leaves the site.
    _updated(preview, lambda: project.edit("2026-Q4/company/delight.md", (
        "  - id: churn\n    title: Monthly churn from 5 % to 3 %\n    start: 5 %\n    target: 3 %\n"), ""))
    assert not list(preview.site_dir.glob("charts/objectives/**/churn*"))
    _same_as_clean_build(project, preview, tmp_path, "a removed key result")

    # A mistake stops at the check: the site stays as it was, and the fix carries on from it.
    before = _files(preview.site_dir)
    project.edit(CHECKIN, "uninstalls: 1,090", "uninstalls: 1,5")
    with pytest.raises(PluginError, match="error"):
        preview.rebuild()
    assert _files(preview.site_dir) == before
    _updated(preview, lambda: project.edit(CHECKIN, "uninstalls: 1,5", "uninstalls: 1,060"))
    assert "1,060" in team_page.read_text(encoding="utf-8")
    _same_as_clean_build(project, preview, tmp_path, "a broken then fixed check-in")

    _updated(preview, lambda: project.edit("2026-Q4/mobile/joyful-app.md", "Make the mobile app a joy to use",
                                           "Make the app a delight"))
    assert "Make the app a delight" in team_page.read_text(encoding="utf-8")
    _updated(preview, lambda: project.edit("guide/key-results.md", "should end.", "should end, by when."))
    _same_as_clean_build(project, preview, tmp_path, "a changed objective title and a hand-written page")


def test_what_every_page_shows_rebuilds_everything(served, tmp_path):
    project, preview = served
    # A team's name is in every page's navigation; a hand-written page's title too.
    project.edit("okrsite.yml", "name: Mobile,", "name: Mobile Apps,")
    preview.rebuild()
    assert preview.full_builds == 2
    project.edit("guide/key-results.md", "# Writing a good key result", "# Good key results")
    preview.rebuild()
    assert preview.full_builds == 3 and preview.updates == 0
    _same_as_clean_build(project, preview, tmp_path, "a renamed team and page title")


def test_the_preview_reacts_to_changed_files_not_to_a_build_reading_them(tmp_path):
    """Every build reads the whole content folder; were reading a change, each build would start the next."""
    import time

    import watchdog.events

    from okrsite.adapter.live import _observer

    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    seen: list = []
    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = seen.append  # type: ignore[method-assign]
    observer = _observer(str(tmp_path), polling=None)
    if observer is None:
        pytest.skip("no file notifications here: MkDocs' polling, which never reports reads")
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        (tmp_path / "a.md").read_text(encoding="utf-8")
        (tmp_path / "b.md").write_text("two", encoding="utf-8")
        for _ in range(100):
            if any(event.src_path.endswith("b.md") for event in seen):
                break
            time.sleep(0.05)
    finally:
        observer.stop()
        observer.join()
    assert {event.src_path.rpartition("/")[2] for event in seen if not event.is_directory} == {"b.md"}


def test_a_new_day_rebuilds_everything(served, monkeypatch):
    """Staleness and days left change on every page at midnight, as in a clean build that day."""
    project, preview = served
    monkeypatch.setenv("OKRSITE_TODAY", "2026-11-27")
    project.edit(CHECKIN, "uninstalls: 1,150", "uninstalls: 1,140")
    preview.rebuild()
    assert (preview.full_builds, preview.updates) == (2, 0)
    assert preview.okrsite.today.isoformat() == "2026-11-27"
