"""The Check in button, clicked (issue 14): a small Swedish company with repo_url and edit_uri in its
mkdocs.yml is built; on its team page the button opens the forge's new-file page (the navigation
is intercepted) for `content/<cycle>/<team>/checkins/<reader's today>.md`, prefilled with the
check-in `okrsite new checkin` writes. That file, written into a copy of the content, passes
`okrsite check`. On GitLab, whose new-file page takes no text, the text is copied instead.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .support import SCREENSHOTS, open_page, serve, trouble

pytestmark = pytest.mark.browser

NOTES_SHOTS = Path("/work/notes/shots")  # where the closing note's pictures are kept, when it exists

TODAY = dt.date.today()  # the reader's today, as the browser has it; the site is built the same day
CYCLE = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
START = dt.date(TODAY.year, 3 * ((TODAY.month - 1) // 3) + 1, 1)

ORGANISATION = f"""\
company: Fjällbruk AB
cycles: [{CYCLE}]
people:
  asa: Åsa Öberg
  goran: Göran Ståhl
teams:
  drift: {{name: Drift & Underhåll, lead: asa, members: [asa, goran]}}
"""

OBJECTIVE = """\
---
objective: Driften går av sig själv
owner: asa
key_results:
  - {id: kunder, title: Aktiva kunder, start: 12 000, target: 20 000}
  - {id: svarstid, title: Svarstid i appen, start: "1,8 s", target: "1,2 s", unit: s}
  - {id: andel, title: Andel automatiserat, kind: percentage, start: 0, target: "87,5 %"}
  - {id: larm, title: Larmen flyttade, target: done}
  - id: flytt
    title: Flytten
    milestones: [Plan klar, Servrar flyttade, Gamla avstängda]
---
Varför: färre sena nätter.
"""

CHECKIN = f"""\
---
checkin: {START.isoformat()}
author: goran
confidence: 0,6
values:
  kunder: 15 250
  svarstid: 1,55 s
  andel: 62,5 %
  flytt: [Plan klar]
---
## Vinster
- Första kunderna flyttade.
"""


def _company(root: Path, edit_uri: str, repo_url: str) -> Path:
    content = root / "content"
    (content / CYCLE / "drift" / "checkins").mkdir(parents=True)
    (content / "okrsite.yml").write_text(ORGANISATION, encoding="utf-8")
    (content / CYCLE / "drift" / "drift.md").write_text(OBJECTIVE, encoding="utf-8")
    if START < TODAY:  # on a quarter's first day the button's check-in would be this one's twin
        (content / CYCLE / "drift" / "checkins" / f"{START}.md").write_text(CHECKIN, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text("\n".join([
        "site_name: Fjällbruks OKR",
        "docs_dir: content",
        f"repo_url: {repo_url}",
        f"edit_uri: {edit_uri}",
        "theme:", "  name: material", "  language: sv", "  font: false",
        "plugins: [search, okrsite]",
    ]) + "\n", encoding="utf-8")
    return config


def _check(content: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "okrsite", "check", "--strict", "--content", str(content),
                           "--today", TODAY.isoformat()], cwd=content.parent, capture_output=True, text=True,
                          timeout=300)


def _save(name: str, data: bytes | str) -> list[Path]:
    saved = []
    for folder in (SCREENSHOTS, NOTES_SHOTS):
        if folder is NOTES_SHOTS and not folder.parent.is_dir():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
        saved.append(path)
    return saved


def test_the_check_in_button_opens_a_prefilled_checkin_that_passes_the_check(new_page, build_site, tmp_path):
    config = _company(tmp_path / "fjallbruk", "edit/main/content/", "https://github.com/fjallbruk/okr")
    result = build_site(tmp_path / "site", config, today=TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    page = new_page()
    opened: list[str] = []

    def forge(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>GitHub</title><p>new file</p>")

    page.route("https://github.com/**", forge)
    # Material shows a GitHub repository's stars from GitHub's API: not okrsite's, and not this test's.
    page.route("https://api.github.com/**", lambda route: route.fulfill(status=200, json={}))
    with serve(tmp_path / "site") as url:
        open_page(page, f"{url}/teams/drift/")
        button = page.get_by_role("link", name="Stäm av")
        assert button.is_visible()
        _save("checkin-button-team-page.png", page.screenshot(full_page=True, animations="disabled"))
        with page.expect_navigation():
            button.click()
    assert not trouble(page), trouble(page)
    [address] = opened
    parts = urlsplit(address)
    assert (parts.netloc, parts.path) == ("github.com", "/fjallbruk/okr/new/main")
    query = parse_qs(parts.query)
    assert query["filename"] == [f"content/{CYCLE}/drift/checkins/{TODAY}.md"]  # the reader's today
    [text] = query["value"]
    _save("checkin-button-prefilled.md", text)
    assert text.startswith(f"---\ncheckin: {TODAY}\n") and "__TODAY__" not in text
    for line in ("kunder: 15250", "svarstid: 1,55 s", "andel: 62,5 %", "## Vinster", "## Hinder", "## Åtgärder",
                 "# confidence: 0,7"):
        assert line in text or START == TODAY, (line, text)

    # Written into a copy of the content as the forge would commit it: `okrsite check --strict` is clean.
    copy = tmp_path / "copy" / "content"
    shutil.copytree(tmp_path / "fjallbruk" / "content", copy)
    shutil.copy(tmp_path / "fjallbruk" / "mkdocs.yml", copy.parent / "mkdocs.yml")
    (copy / query["filename"][0].removeprefix("content/")).write_text(text, encoding="utf-8")
    checked = _check(copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout == ""


def test_on_gitlab_the_button_opens_the_folder_and_copies_the_checkin(new_page, build_site, tmp_path):
    config = _company(tmp_path / "fjallbruk", "-/edit/main/content/", "https://gitlab.example/fjallbruk/okr")
    result = build_site(tmp_path / "site", config, today=TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    opened: list[str] = []

    def forge(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>GitLab</title><p>new file</p>")

    page.context.route("https://gitlab.example/fjallbruk/okr/-/**", forge)
    page.context.route("https://gitlab.example/api/**", lambda route: route.fulfill(status=200, json={}))  # Material's
    with serve(tmp_path / "site") as url:
        open_page(page, f"{url}/teams/drift/")
        with page.context.expect_page() as tab:
            page.get_by_role("link", name="Stäm av").click()
        tab.value.wait_for_load_state()
        note = page.get_by_text("Avstämningen är kopierad")
        note.wait_for(state="visible")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        _save("checkin-button-gitlab-note.png", page.screenshot(animations="disabled"))
    assert not trouble(page), trouble(page)
    assert opened == [f"https://gitlab.example/fjallbruk/okr/-/new/main/content/{CYCLE}/drift/checkins"
                      f"?file_name={TODAY}.md"]
    assert copied.startswith(f"---\ncheckin: {TODAY}\n") and "## Åtgärder" in copied
    copy = tmp_path / "copy" / "content"
    shutil.copytree(tmp_path / "fjallbruk" / "content", copy)
    shutil.copy(tmp_path / "fjallbruk" / "mkdocs.yml", copy.parent / "mkdocs.yml")
    (copy / CYCLE / "drift" / "checkins" / f"{TODAY}.md").write_text(copied, encoding="utf-8")
    checked = _check(copy)
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
