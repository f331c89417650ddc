"""The Check in button (issue 14): with repo_url and edit_uri, a team page of a running cycle opens
the forge's new-file page for `content/<cycle>/<team>/checkins/<date>.md` with the check-in
`okrsite new checkin` writes, dated by the reader's browser (tests/browser/test_checkin_button.py
clicks it). The forge's addresses are worked out here from what people write in mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from okrsite.authoring.checkin import TODAY, checkin_text
from okrsite.build import build
from okrsite.diagnostics import Report
from okrsite.forge import GITEA, GITHUB, GITLAB, Forge, forge_of
from okrsite.i18n import Translator
from okrsite.blocks import restore_blocks
from okrsite.routes import Urls
from okrsite.validate import check

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    "repo_url, edit_uri, forge",
    [
        ("https://github.com/nordlys/okrs", "edit/main/content/", Forge(GITHUB, "https://github.com/nordlys/okrs",
                                                                         "main", "content/")),
        ("https://github.com/nordlys/okrs/", "blob/trunk/content", Forge(GITHUB, "https://github.com/nordlys/okrs",
                                                                          "trunk", "content/")),
        ("https://gitlab.com/nordlys/okrs", "-/edit/main/content/", Forge(GITLAB, "https://gitlab.com/nordlys/okrs",
                                                                           "main", "content/")),
        ("https://gitlab.example/nordlys/okrs", "edit/main/docs/", Forge(GITLAB, "https://gitlab.example/nordlys/okrs",
                                                                          "main", "docs/")),
        ("https://codeberg.org/nordlys/okrs", "_edit/main/content/", Forge(GITEA, "https://codeberg.org/nordlys/okrs",
                                                                            "main", "content/")),
        ("https://git.example/x", "https://git.example/nordlys/okrs/edit/main/content/",
         Forge(GITHUB, "https://git.example/nordlys/okrs", "main", "content/")),
        ("https://github.com/nordlys/okrs", "edit/main/", Forge(GITHUB, "https://github.com/nordlys/okrs", "main", "")),
        ("https://github.com/nordlys/okrs", None, None),
        (None, "edit/main/content/", None),
        ("https://github.com/nordlys/okrs", "", None),
        ("https://github.com/nordlys/okrs", "wiki/", None),
    ],
)
def test_the_forge_is_read_from_repo_url_and_edit_uri(repo_url, edit_uri, forge):
    assert forge_of(repo_url, edit_uri) == forge


def test_github_and_gitea_take_the_text_gitlab_the_name_only():
    text = "---\ncheckin: __TODAY__\nvalues:\n  nps: 52  # NPS & co (target: 70)\n---\n\n## Wins\n"
    path = "2026-Q4/mobile/checkins/__TODAY__.md"
    address, prefilled = Forge(GITHUB, "https://github.com/n/o", "main", "content/").new_file(path, text)
    assert prefilled and address.startswith("https://github.com/n/o/new/main?filename=")
    query = parse_qs(urlsplit(address).query)
    assert query == {"filename": ["content/" + path], "value": [text]}
    address, prefilled = Forge(GITEA, "https://codeberg.org/n/o", "main", "content/").new_file(path, text)
    assert prefilled and address.startswith("https://codeberg.org/n/o/_new/main?filename=")
    assert parse_qs(urlsplit(address).query)["value"] == [text]
    address, prefilled = Forge(GITLAB, "https://gitlab.com/n/o", "main", "content/").new_file(path, text)
    assert not prefilled
    assert address == "https://gitlab.com/n/o/-/new/main/content/2026-Q4/mobile/checkins?file_name=__TODAY__.md"


def _team_page(project, forge: Forge | None, today: dt.date = DAY, language: str = "en") -> str:
    company = check(project.content, today, Report())
    built = build(company, today, ROOT / "theme" / "okrsite", Translator(language), urls=Urls(forge=forge),
                  charts=False)
    page = built.pages["teams/mobile/index.md"]
    return restore_blocks(page.markdown, page.blocks)


def test_a_team_page_of_the_running_cycle_has_the_button_with_what_new_checkin_writes(project):
    forge = Forge(GITHUB, "https://github.com/n/o", "main", "content/")
    page = _team_page(project, forge)
    [link] = re.findall(r'<a class="md-button md-button--primary" href="([^"]+)" data-okr-checkin="__TODAY__">'
                        r'Check in</a>', page)
    query = parse_qs(urlsplit(html.unescape(link)).query)
    assert query["filename"] == [f"content/2026-Q4/mobile/checkins/{TODAY}.md"]
    company = check(project.content, DAY, Report())
    expected = checkin_text(company, "mobile", DAY, company.organisation.cycles["2026-Q4"], None, Translator(),
                            date_text=TODAY, skip_checked_in=False)  # checked in on DAY, the button has them all
    assert query["value"] == [expected]  # one writer: the same text as `okrsite new checkin`
    assert "data-okr-copy" not in page
    assert "Check in</a>" not in _team_page(project, None)  # no forge, no button
    assert "Check in</a>" not in _team_page(project, forge, dt.date(2027, 2, 1))  # the cycle has ended


def test_on_gitlab_the_button_carries_the_text_to_copy_and_the_note_in_the_sites_language(project):
    page = _team_page(project, Forge(GITLAB, "https://gitlab.com/n/o", "main", "content/"), language="sv")
    [(link, text)] = re.findall(r'href="([^"]+)" data-okr-checkin="__TODAY__" data-okr-copy="([^"]+)"', page)
    assert html.unescape(link) == ("https://gitlab.com/n/o/-/new/main/content/2026-Q4/mobile/checkins"
                                   "?file_name=__TODAY__.md")
    text = html.unescape(text)
    assert text.startswith("---\ncheckin: __TODAY__\n") and "\n## Vinster\n" in text and "\n## Åtgärder\n" in text
    assert ">Stäm av</a>" in page and "Avstämningen är kopierad" in page
