"""The demo site in a real browser, as a person sees it: pages that load
without errors, progress bars that show the roll-up's numbers, search that
finds an objective, screenshots at desktop and phone widths in both colour
schemes, and the Swedish site in Swedish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from okrsite.diagnostics import Report
from okrsite.load import load
from okrsite.model import COMPANY
from okrsite.rollup import rollup_cycle

from .support import CYCLE, DESKTOP, OBJECTIVE, PAGES, PHONE, ROOT, SCREENSHOTS, TEAM, open_page, serve, too_wide, trouble

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 26)  # what the demo site is built for (tests/conftest.py)
SV = ROOT / "okrsite" / "locales" / "sv.yml"

# Every progress bar on a page, with what a person sees and what the page says
# it belongs to: the hero figure, a key result's section, or the link next to
# it (the row's, the card's, the tree node's, the list item's).
BARS_JS = """() => [...document.querySelectorAll('[role="progressbar"]')].map(bar => {
  const box = bar.closest('tr, section.okr-kr, .okr-tree__node, .okr-card, .okr-block__meta, li, .okr-hero__figure');
  let key = 'unknown';
  const link = a => a ? 'link:' + new URL(a.href).pathname + new URL(a.href).hash : 'unknown';
  if (!box) key = 'unknown';
  else if (box.matches('.okr-hero__figure')) key = 'hero';
  else if (box.matches('section.okr-kr')) key = 'kr:' + box.id;
  else if (box.matches('tr')) key = link(box.querySelector('th a'));
  else if (box.matches('.okr-tree__node')) key = link(box.querySelector(':scope > a'));
  else if (box.matches('.okr-card')) key = link(box.querySelector('.okr-card__title a'));
  else if (box.matches('.okr-block__meta')) key = link(box.closest('.okr-block').querySelector('.okr-block__title a'));
  else if (box.matches('li')) key = link(box.querySelector('a'));
  const track = bar.querySelector('.okr-progress__track').getBoundingClientRect();
  const fill = bar.querySelector('.okr-progress__fill').getBoundingClientRect();
  return {
    key,
    name: bar.getAttribute('aria-label'),
    now: bar.getAttribute('aria-valuenow'),
    min: bar.getAttribute('aria-valuemin'),
    max: bar.getAttribute('aria-valuemax'),
    valuetext: bar.getAttribute('aria-valuetext'),
    label: bar.querySelector('.okr-progress__label').innerText.trim(),
    track: track.width,
    fill: fill.width,
  };
})"""


@pytest.fixture(scope="module")
def demo_rollups():
    """The roll-up of every cycle of the demo, computed here, not read from the site."""
    report = Report()
    company = load(ROOT / "content", report)
    assert company is not None, report.sorted()
    return {cycle: rollup_cycle(company, cycle, TODAY) for cycle in company.organisation.cycles}


def percent(share: float) -> int:
    return round(share * 100)


def known_bars(rollups) -> dict[str, int]:
    """What the bar next to each link must show: objectives of every cycle, their key results, the teams."""
    known = {}
    for rolled in rollups.values():
        for o in rolled.visible_objectives():
            known[f"link:/{o.objective.id}/"] = percent(o.progress)
            for k in o.key_results:
                known[f"link:/{o.objective.id}/#{k.kr.id}"] = percent(k.progress)
    for team_id, team in rollups[CYCLE].teams.items():
        if team_id != COMPANY:
            known[f"link:/teams/{team_id}/"] = percent(team.progress)
    return known


def expected_bars(name: str, rollups) -> tuple[dict[str, int], set[str]]:
    """A page's bars: what each must show, and the ones that must be there."""
    rolled = rollups[CYCLE]
    expected = known_bars(rollups)
    if name == "home":
        expected["hero"] = percent(rolled.company_progress)
        required = {"hero"}
        required |= {f"link:/{o.objective.id}/" for o in rolled.visible_objectives(COMPANY)}
        required |= {f"link:/teams/{t}/" for t, team in rolled.teams.items()
                     if t != COMPANY and any(o.visible for o in team.objectives)}
    elif name == "team":
        expected["hero"] = percent(rolled.teams[TEAM].progress)
        required = {"hero"}
        for o in rolled.visible_objectives(TEAM):
            required.add(f"link:/{o.objective.id}/")
            required |= {f"link:/{o.objective.id}/#{k.kr.id}" for k in o.key_results}
    elif name == "objective":
        o = rolled.objectives[OBJECTIVE]
        expected["hero"] = percent(o.progress)
        expected |= {f"kr:{k.kr.id}": percent(k.progress) for k in o.key_results}
        required = {"hero"} | {f"kr:{k.kr.id}" for k in o.key_results}
    elif name == "alignment":
        required = {f"link:/{o.objective.id}/" for o in rolled.visible_objectives()}
    else:
        raise ValueError(name)
    return expected, required


def number_in(text: str) -> int:
    found = re.search(r"\d+", text)
    assert found, f"no number in the bar's label {text!r}"
    return int(found.group())


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_and_bars_show_the_rollup(page, site_url, demo_rollups, name):
    open_page(page, site_url + PAGES[name], settle=True)
    assert not trouble(page), f"{PAGES[name]}:\n{trouble(page)}"
    assert page.locator("h1").first.is_visible()

    bars = page.evaluate(BARS_JS)
    assert bars, f"{PAGES[name]} shows no progress bar"
    expected, required = expected_bars(name, demo_rollups)
    problems = []
    for bar in bars:
        where = f"{bar['key']} ({bar['name']!r})"
        now = int(bar["now"])
        if (bar["min"], bar["max"]) != ("0", "100") or not 0 <= now <= 100:
            problems.append(f"{where}: aria-valuenow {now} outside aria-valuemin {bar['min']}..{bar['max']}")
        if number_in(bar["label"]) != now:
            problems.append(f"{where}: the label says {bar['label']!r}, aria-valuenow {now}")
        if not (bar["valuetext"] or "").startswith(bar["label"]):
            problems.append(f"{where}: aria-valuetext {bar['valuetext']!r} does not start with {bar['label']!r}")
        if not bar["name"]:
            problems.append(f"{where}: no accessible name (aria-label)")
        if bar["track"] <= 0:
            problems.append(f"{where}: the bar is not drawn (track width {bar['track']})")
        elif abs(bar["fill"] / bar["track"] * 100 - now) > 1.0:
            problems.append(f"{where}: filled {bar['fill'] / bar['track']:.1%} of the track, aria-valuenow {now}")
        if bar["key"] not in expected:
            problems.append(f"{where}: a bar this test cannot match to the roll-up")
        elif expected[bar["key"]] != now:
            problems.append(f"{where}: shows {now}%, the roll-up computes {expected[bar['key']]}%")
    missing = required - {bar["key"] for bar in bars}
    problems += [f"no bar for {key}" for key in sorted(missing)]
    assert not problems, f"{PAGES[name]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("word, objective", [
    ("joy", "2026-Q4/mobile/joyful-app"),  # "Make the field app a joy to use 📱"
    ("warehouse", None),  # "Run all analytics from one warehouse": found by its title, wherever it lives
])
def test_search_finds_an_objective_by_a_word_of_its_title(page, site_url, demo_rollups, word, objective):
    if objective is None:
        objective = next(o.objective.id for r in demo_rollups.values() for o in r.visible_objectives()
                         if word in o.objective.title.lower().split())
    title = next(r.objectives[objective].objective.title for r in demo_rollups.values() if objective in r.objectives)
    open_page(page, site_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=40)  # key by key, as a person types
    # e.g. http://127.0.0.1:port/2026-Q4/mobile/joyful-app/?h=joy (search.highlight adds the query)
    result = page.locator(f'a.md-search-result__link[href*="/{objective}/?"]').first
    result.wait_for(state="visible")  # the search worker loads search_index.json first
    assert title in result.inner_text()
    result.click()
    page.wait_for_url(f"**/{objective}/?h={word}")
    assert page.locator("h1").first.inner_text().strip() == title
    assert not trouble(page), trouble(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(new_page, site_url, name, device, scheme):
    """A full-page screenshot for people to look at, plus what a test can see in one."""
    viewport = DESKTOP if device == "desktop" else PHONE
    page = new_page(viewport=viewport, color_scheme=scheme, device_scale_factor=1,
                    is_mobile=device == "phone", has_touch=device == "phone")
    open_page(page, site_url + PAGES[name])
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{device}-{scheme}.png", full_page=True, animations="disabled")
    assert not trouble(page), trouble(page)
    # Nothing runs off the screen: what is wider scrolls inside its own box (as wide tables do).
    wide = too_wide(page)
    assert not wide, f"wider than the {viewport['width']} px screen: {wide}"


def test_swedish_site_speaks_swedish(new_page, build_site, tmp_path, demo_rollups):
    """Material's words and okrsite's, both from the site built with theme.language: sv."""
    if not SV.is_file():
        pytest.fail(f"{SV.relative_to(ROOT)} does not exist yet: okrsite has no Swedish labels to show", pytrace=False)
    swedish = yaml.safe_load(SV.read_text(encoding="utf-8")) or {}
    labels = swedish.get("labels") or {}
    for key in ("nav.dashboard", "status.on_track"):
        assert labels.get(key), f"{SV.relative_to(ROOT)} has no label {key}"

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = "sv"
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    result = build_site(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert result.returncode == 0, result.stderr

    with serve(tmp_path / "site") as url:
        page = new_page()
        open_page(page, url + "/")
        assert page.evaluate("document.documentElement.lang") == "sv"
        # Material's own words
        assert page.locator("input.md-search__input").get_attribute("placeholder") == "Sök"
        # okrsite's words, as sv.yml has them today
        assert page.locator("h1").first.inner_text().strip() == labels["nav.dashboard"]
        tabs = [text.strip() for text in page.locator(".md-tabs__link").all_inner_texts()]
        for key in ("nav.dashboard", "nav.teams", "nav.alignment"):
            if key in labels:
                assert labels[key] in tabs, f"tab {labels[key]!r} ({key}) not among {tabs}"
        stats = [text.strip() for text in page.locator(".okr-stats dt").all_inner_texts()]
        for key in ("status.on_track", "status.at_risk", "status.off_track", "status.stale", "status.done"):
            if key in labels:
                assert labels[key] in stats, f"{labels[key]!r} ({key}) not among the dashboard's counts {stats}"
        hero = page.locator(".okr-hero__figure [role=progressbar]")
        if "label.company_progress" in labels:
            assert hero.get_attribute("aria-label") == labels["label.company_progress"]
        percent_format = (swedish.get("format") or {}).get("percent")
        if percent_format:
            shown = percent_format.format(value=percent(demo_rollups[CYCLE].company_progress))
            assert hero.locator(".okr-progress__label").inner_text().strip() == shown
        assert not trouble(page), trouble(page)

