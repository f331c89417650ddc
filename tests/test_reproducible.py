"""The same content and day give the same site, byte for byte, whatever the process around the build:
another hash seed, time zone, locale and folder. Each build runs in a process of its own, because a
set's order only changes between processes (one process, or a pinned seed, proves nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, Project, build_site, restore_chart_cache, write_config

# Two worlds as far apart as a build meets: the seed that orders sets and dicts of strings, the zone
# `time.localtime` reads, the locale (plain ASCII C, the one a bare CI image has).
WORLDS = (
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"PYTHONHASHSEED": "2", "TZ": "Pacific/Chatham", "LC_ALL": "C", "LANG": "C"},
)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert a.keys() == b.keys(), sorted(a.keys() ^ b.keys())[:10]
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:10]


def _demo_copy(folder: Path, chart_cache: Path) -> Path:
    """The demo's sources in `folder` (content, theme, mkdocs.yml), with the demo's drawn charts."""
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    restore_chart_cache(chart_cache, folder)
    return folder / "mkdocs.yml"


def test_the_demo_is_byte_identical_across_processes_seeds_zones_locales_and_folders(tmp_path, chart_cache):
    builds = []
    for index, (world, folder) in enumerate(zip(WORLDS, ("a", "somewhere/else/b"), strict=True)):
        config = _demo_copy(tmp_path / folder, chart_cache)
        out = tmp_path / f"site-{index}"
        result = build_site(out, config, extra_env=world)
        assert result.returncode == 0, result.stderr
        builds.append(_files(out))
    assert len(builds[0]) > 300  # every page, export, feed and chart of the demo
    _assert_same(*builds)


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_small_company_is_byte_identical_across_processes(tmp_path_factory, language):
    """Teams with several members and leads, the kind of list a set would shuffle."""
    builds = []
    for world in WORLDS:
        project = Project(tmp_path_factory.mktemp("small"))
        project.edit("okrsite.yml", "members: [bjorn, chen]", "members: [layla, chen, bjorn, astrid]")
        project.edit("okrsite.yml", "members: [chen, layla]", "members: [layla, astrid, bjorn, chen]")
        if language == "sv":  # written as a Swedish company writes numbers (its default number style)
            project.edit("2026-Q4/mobile/joyful-app.md", "start: 1,200\n    target: 1,020", "start: 1 200\n    target: 1 020")
            project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "uninstalls: 1,150", "uninstalls: 1 150")
        config = write_config(project, language=language)
        out = project.root / "site"
        result = build_site(out, config, extra_env=world)
        assert result.returncode == 0, result.stderr
        builds.append(_files(out))
    _assert_same(*builds)
    team = builds[0]["teams/mobile/index.html"].decode()
    # the lead first, then the members as okrsite.yml lists them
    names = ["Björn Ek", "ليلى حداد", "Chen Li", "Astrid Lindqvist"]
    positions = [team.index(name) for name in names]
    assert positions == sorted(positions), positions


def test_the_demo_lists_each_team_lead_first_then_members_as_written(demo):
    from okrsite.site import build_site as site_model

    company, _ = demo
    site = site_model(company, TODAY)
    for team_id, team in company.organisation.teams.items():
        members = site.team_members(team_id)
        expected = ([team.lead] if team.lead else []) + [m for m in team.members if m != team.lead]
        assert members == list(dict.fromkeys(expected))
