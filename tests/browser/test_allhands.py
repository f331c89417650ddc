"""The finished cycle's all-hands page in Chromium: printed to PDF (one section per page,
each section at the top of its page, nothing cut in two), presented (one section per
screen, keys move, Esc leaves, no Material chrome), and screenshots of all three for a
person to look at (test-artifacts/screenshots/allhands-*)."""

from __future__ import annotations

import re

import pytest

from .support import ARTIFACTS, DESKTOP, SCREENSHOTS, open_page, trouble

pytestmark = pytest.mark.browser

PATH = "/cycles/2026-Q3/all-hands/"
RUNNING = "/cycles/2026-Q4/all-hands/"
CHROME = ".md-header, .md-tabs, .md-sidebar--primary, .md-footer"

SECTIONS_JS = """() => [...document.querySelectorAll('.okr-slide')].map(s => ({
  id: s.id,
  heading: (h => { const c = h.cloneNode(true); c.querySelectorAll('small').forEach(x => x.remove());
                    return c.textContent.trim(); })(s.querySelector('h1, h2')),  // the words, not the small print
  lessons: [...s.querySelectorAll('.okr-lesson')].map(a => ({
    title: a.querySelector('h3 a').innerText.trim(),
    last: a.querySelector('dd:last-of-type') ? [...a.querySelectorAll('dd')].pop().innerText.trim() : '',
  })),
}))"""
VISIBLE_JS = """() => [...document.querySelectorAll('.okr-slide')]
  .filter(s => s.getBoundingClientRect().height > 0).map(s => s.id)"""
CHROME_JS = f"""() => [...document.querySelectorAll('{CHROME}')]
  .filter(e => e.getBoundingClientRect().height > 0).length"""


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _loaded(page, url):
    open_page(page, url, settle=True)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    broken = page.evaluate("() => [...document.querySelectorAll('.okr-chart__img')]"
                           ".filter(i => i.getBoundingClientRect().width && !i.naturalWidth).map(i => i.src)")
    assert not broken, broken


def test_the_pdf_has_one_section_per_page(page, site_url):
    pypdf = pytest.importorskip("pypdf", reason="pip install '.[test]' installs pypdf")
    _loaded(page, site_url + PATH)
    sections = page.evaluate(SECTIONS_JS)
    assert [s["id"] for s in sections][:3] == ["score", "teams", "objectives-delivered"]
    out = ARTIFACTS / "allhands-2026-Q3.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(out), print_background=True, prefer_css_page_size=True)
    assert not trouble(page), trouble(page)

    pages = [_words(p.extract_text()) for p in pypdf.PdfReader(str(out)).pages]
    # Each section starts a page: its heading is the page's first line (the first section
    # starts with the company and the dates above its heading).
    starts = []
    for number, section in enumerate(sections):
        heading = _words(section["heading"])
        found = [i for i, text in enumerate(pages) if heading in text[: len(heading) + (80 if number == 0 else 0)]]
        assert found, f"section {section['id']!r} ({heading!r}) does not start a page"
        starts.append(found[0])
    assert starts == sorted(set(starts)), f"sections share a page: {starts}"
    assert starts[0] == 0
    # A section runs on over the pages after its start; no page holds the start of another one.
    assert len(pages) >= len(sections)
    assert len(pages) <= 2 * len(sections), f"{len(pages)} pages for {len(sections)} sections"
    # Nothing cut in two: each retrospective starts and ends on the same page.
    for section in sections:
        for lesson in section["lessons"]:
            title, last = _words(lesson["title"]), _words(lesson["last"])[:40]
            assert any(title in text and last in text for text in pages), f"{title!r} is cut across pages"


def test_printing_while_presenting_still_prints_every_section(new_page, site_url):
    pypdf = pytest.importorskip("pypdf", reason="pip install '.[test]' installs pypdf")
    page = new_page(viewport={"width": 1280, "height": 720})
    _loaded(page, site_url + PATH)
    headings = [_words(s["heading"]) for s in page.evaluate(SECTIONS_JS)]
    page.get_by_role("button", name="Present").click()
    page.keyboard.press("ArrowRight")  # Ctrl+P on the second slide
    out = ARTIFACTS / "allhands-2026-Q3-presenting.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(out), print_background=True, prefer_css_page_size=True)
    text = " ".join(_words(p.extract_text()) for p in pypdf.PdfReader(str(out)).pages)
    assert all(heading in text for heading in headings), "a section is missing from the printout"


def test_presentation_mode_moves_a_section_at_a_time(new_page, site_url):
    page = new_page(viewport={"width": 1280, "height": 720})
    _loaded(page, site_url + PATH)
    sections = [s["id"] for s in page.evaluate(SECTIONS_JS)]
    assert page.evaluate(CHROME_JS) > 0
    page.get_by_role("button", name="Present").click()
    assert page.evaluate(CHROME_JS) == 0, "Material's header, tabs, sidebar and footer are hidden"
    assert page.evaluate(VISIBLE_JS) == ["score"]
    page.screenshot(path=str(SCREENSHOTS / "allhands-present-1-score.png"))

    last = len(sections) - 1
    for key, expected in (("ArrowRight", 1), ("PageDown", 2), ("ArrowLeft", 1), ("Space", 2), ("ArrowDown", 3),
                          ("PageUp", 2), ("Shift+Space", 1), ("End", last), ("Home", 0)):
        page.keyboard.press(key)
        assert page.evaluate(VISIBLE_JS) == [sections[expected]], key
        assert page.locator(".okr-slide-count").inner_text() == f"{expected + 1} / {len(sections)}"
    for number, section in enumerate(sections[:4]):
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"allhands-present-{number + 1}-{section}.png"))
        page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")  # past the end: stays on the last
    assert page.evaluate(VISIBLE_JS) == [sections[-1]]

    page.keyboard.press("Escape")
    assert page.evaluate(VISIBLE_JS) == sections, "Esc shows the whole page again"
    assert page.evaluate(CHROME_JS) > 0
    assert not trouble(page), trouble(page)


def test_presenting_keys_do_nothing_outside_presentation_mode(page, site_url):
    _loaded(page, site_url + PATH)
    sections = [s["id"] for s in page.evaluate(SECTIONS_JS)]
    page.keyboard.press("ArrowRight")
    assert page.evaluate(VISIBLE_JS) == sections


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_on_screen_and_printed(new_page, site_url, scheme):
    page = new_page(color_scheme=scheme, viewport=DESKTOP)
    _loaded(page, site_url + PATH)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"allhands-screen-{scheme}.png"), full_page=True)
    running = new_page(color_scheme=scheme, viewport=DESKTOP)
    _loaded(running, site_url + RUNNING)
    assert running.locator(".okr-midcycle").is_visible()
    running.screenshot(path=str(SCREENSHOTS / f"allhands-running-{scheme}.png"))
    if scheme == "light":
        page.emulate_media(media="print")
        assert page.evaluate(CHROME_JS) == 0, "printed without Material's chrome"
        page.screenshot(path=str(SCREENSHOTS / "allhands-print.png"), full_page=True)
        year = new_page(color_scheme=scheme, viewport=DESKTOP)
        _loaded(year, site_url + "/years/2026/")
        year.screenshot(path=str(SCREENSHOTS / "year-2026.png"))
        assert not trouble(year), trouble(year)
    assert not trouble(page), trouble(page)
    assert not trouble(running), trouble(running)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [PATH, RUNNING, "/years/2026/"])
def test_no_serious_accessibility_violations(new_page, site_url, path, scheme):
    from .support import AXE, missing

    if not AXE.is_file():
        missing(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/browser`")
    page = new_page(color_scheme=scheme)
    _loaded(page, site_url + path)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{v['impact']} {v['id']}: {' '.join(map(str, node['target']))}: {node['html'][:120]}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")
        for node in v["nodes"] if not (v["id"] == "aria-dialog-name" and node["target"] == [".md-search"])
    ]
    assert not problems, "\n".join(problems)
