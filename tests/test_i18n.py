"""Translations: the Swedish table is complete, formats the Swedish way, and reaches the site.

English (`en.yml`) is the source of truth; every other language must have the
same keys and the same {placeholders}, or a message would fail to format (or
quietly lose a value) in that language only.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from importlib import resources
from pathlib import Path

import pytest
import yaml

import okrsite.i18n as i18n
from okrsite.diagnostics import Report
from okrsite.i18n import Translator
from okrsite.load import load
from okrsite.rollup import expected_progress
from okrsite.validate import validate

from conftest import DEMO, ROOT, TODAY, build_site

ROOT_PACKAGE = ROOT / "okrsite"
NNBSP = "\u202f"  # narrow no-break space: the Swedish thousands separator
NBSP = "\u00a0"  # no-break space: between a number and its percent sign


def _table(language: str) -> dict:
    text = resources.files("okrsite").joinpath("locales", f"{language}.yml").read_text("utf-8")
    return yaml.safe_load(text)


EN = _table("en")
SV = _table("sv")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _fill(template: str) -> str:
    """Format a template with a dummy value for each field: fails on a stray brace."""
    return template.format(**dict.fromkeys(_fields(template), "X"))


# --- (1) the Swedish table is complete -------------------------------------


@pytest.mark.parametrize("language", i18n.languages())
def test_the_tables_read_with_libyaml_are_the_ones_yaml_means(language):
    """okrsite reads its tables with PyYAML's C loader, for speed; PyYAML's own parser must agree."""
    assert i18n._table(language) == _table(language)


def test_swedish_is_a_listed_language():
    assert resources.files("okrsite").joinpath("locales", "sv.yml").is_file()
    assert Translator("sv").language == "sv"


@pytest.mark.parametrize("section", ["labels", "messages", "format", "terms"])
def test_every_english_key_has_a_swedish_entry(section):
    missing = sorted(set(EN[section]) - set(SV.get(section) or {}))
    assert not missing, f"missing in sv.yml {section}: {missing}"
    extra = sorted(set(SV[section]) - set(EN[section]))
    assert not extra, f"sv.yml {section} has keys English does not know: {extra}"


def _forms(label) -> list[str]:
    """A label's texts: the one, or each plural form (one, other)."""
    return list(label.values()) if isinstance(label, dict) else [label]


@pytest.mark.parametrize("key", sorted(EN["labels"]))
def test_labels_keep_their_placeholders(key):
    english = set().union(*map(_fields, _forms(EN["labels"][key])))
    for form in _forms(SV["labels"][key]):
        assert _fields(form) == english
        assert form.strip(), "an empty label"
        _fill(form)
    for label in (EN["labels"][key], SV["labels"][key]):
        if isinstance(label, dict):  # plural forms: "other" always, and only CLDR's names
            assert "other" in label and set(label) <= {"zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_counted_words_follow_the_languages_plural_rule(language):
    t = Translator(language)
    one, many = t.label("label.objectives_count", count=1), t.label("label.objectives_count", count=2)
    assert one.startswith("1 ") and many.startswith("2 ")
    if language == "en":
        assert (one, many) == ("1 objective", "2 objectives")
        assert t.label("label.objectives_count", count=0) == "0 objectives"
    for key in EN["labels"]:
        for count in (0, 1, 2, 21):
            text = t.label(key, **dict.fromkeys(set().union(*map(_fields, _forms(EN["labels"][key]))), count))
            assert "(s)" not in text and "(ar)" not in text, (key, text)
    for code, entry in EN["messages"].items():
        for count in (0, 1, 2, 21):
            fields = set().union(*map(_fields, _forms(entry["message"])))
            message, _ = t.message(code, **{**dict.fromkeys(fields, "x"), "count": count})
            assert "(s)" not in message and "(ar)" not in message, (code, message)
    if language == "en":
        assert t.message("few-key-results", count=1, min=2)[0].startswith("the objective has 1 key result;")
        assert t.message("few-key-results", count=0, min=2)[0].startswith("the objective has 0 key results;")


@pytest.mark.parametrize("code", sorted(EN["messages"]))
def test_messages_and_hints_keep_their_placeholders(code):
    en, sv = EN["messages"][code], SV["messages"][code]
    english = set().union(*map(_fields, _forms(en["message"])))
    for form in _forms(sv["message"]):
        assert _fields(form) == english
        _fill(form)
    en_hints, sv_hints = en.get("hints", []), sv.get("hints", [])
    # Hints are tried in order, the first with all its fields known wins: same count, same fields, same order.
    assert len(sv_hints) == len(en_hints)
    for en_hint, sv_hint in zip(en_hints, sv_hints, strict=True):
        assert _fields(sv_hint) == _fields(en_hint), sv_hint
        _fill(sv_hint)


@pytest.mark.parametrize("code", sorted(EN["messages"]))
def test_messages_follow_the_diagnostic_style(code):
    # A message is a clause: okrsite adds the final full stop. A hint is a sentence of its own.
    for message in _forms(SV["messages"][code]["message"]):
        assert not message.endswith((".", " ")), message
    for hint in SV["messages"][code].get("hints", []):
        assert hint[:1].isupper() and not hint.endswith(" "), hint


def test_format_section_is_complete_and_swedish():
    fmt = SV["format"]
    assert set(fmt) == set(EN["format"])
    for key in ("percent", "date", "date_short"):
        assert _fields(fmt[key]) == _fields(EN["format"][key])
    assert fmt["decimal"] == ","
    assert fmt["group"] == NNBSP
    assert len(fmt["months"]) == 12 and all(isinstance(m, str) and m for m in fmt["months"])
    # Språkrådet's abbreviations: a full stop after a shortened name, none after a whole one.
    assert fmt["months"] == ["jan.", "febr.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sept.", "okt.",
                             "nov.", "dec."]


def test_core_vocabulary():
    labels = SV["labels"]
    assert labels["label.objectives"] == "Mål"
    assert labels["label.key_result"] == "Nyckelresultat"
    assert labels["label.checkins"] == "Avstämningar"
    assert labels["status.on_track"] == "enligt plan"
    assert labels["status.at_risk"] == "i riskzonen"
    # One word for check-in everywhere: never "incheckning".
    words = " ".join([*(form for label in labels.values() for form in _forms(label)),
                      *(form for m in SV["messages"].values() for form in _forms(m["message"])),
                      *(h for m in SV["messages"].values() for h in m.get("hints", []))]).lower()
    assert "incheckning" not in words
    assert "check-in" not in words


# --- (2) Translator("sv") formats the Swedish way ----------------------------


def test_swedish_numbers():
    t = Translator("sv")
    assert t.number(1200.5) == f"1{NNBSP}200,5"
    assert t.number(234_567.25, decimals=2) == f"234{NNBSP}567,25"
    assert t.number(42) == "42"
    assert t.number(99.95, "%") == "99,95 %"
    assert t.number(2_600_000, currency="SEK") == "2,6M SEK"
    assert t.number(-0.5) == "-0,5"


def test_swedish_percents():
    t = Translator("sv")
    assert t.percent(0.615) == f"62{NBSP}%"
    assert t.percent(0.62) == f"62{NBSP}%"
    assert t.percent(1) == f"100{NBSP}%"
    assert t.percent(0) == f"0{NBSP}%"


def test_swedish_dates():
    t = Translator("sv")
    assert t.date(dt.date(2026, 11, 26)) == "26 nov. 2026"
    assert t.date(dt.date(2026, 11, 26), year=False) == "26 nov."
    assert t.date(dt.date(2026, 3, 1)) == "1 mars 2026"
    assert t.date(dt.date(2026, 5, 9)) == "9 maj 2026"
    assert t.date(dt.date(2026, 9, 30)) == "30 sept. 2026"
    assert t.date(dt.date(2027, 2, 1), year=False) == "1 febr."


def test_english_is_unchanged():
    t = Translator()
    assert t.number(1200.5) == "1,200.5"
    assert t.percent(0.615) == "62%"
    assert t.date(dt.date(2026, 11, 26)) == "26 Nov 2026"


def test_swedish_labels_and_messages():
    t = Translator("sv")
    assert t.label("status.off_track") == "ligger efter"
    counts = t.label("dashboard.counts", objectives=t.label("label.objectives_count", count=3),
                     key_results=t.label("label.key_results_count", count=1))
    assert counts == "3 mål, 1 nyckelresultat."
    assert t.message("no-owner") == ("målet saknar ägare", "Lägg till owner: <person-id>, så att alla vet vem de ska fråga.")
    # The first hint whose fields are all known.
    assert t.message("unknown-key", key="ownr", where="X", suggestion="owner", allowed="a, b")[1] == \
        "Menade du 'owner'?"
    assert t.message("unknown-key", key="zz", where="X", suggestion=None, allowed="a, b")[1] == \
        "Tillåtna nycklar: a, b."


def test_an_unknown_language_is_english():
    t = Translator("xx-made-up")
    assert t.language == "en"
    assert t.label("nav.dashboard") == "Dashboard"


def test_a_partial_translation_falls_back_to_english(monkeypatch):
    real = i18n._table
    partial = {"labels": {"nav.teams": "Lag"}, "format": {"decimal": ","}}
    monkeypatch.setattr(i18n, "_table", lambda language: partial if language == "xx" else real(language))
    t = Translator("xx")
    assert t.language == "xx"
    assert t.label("nav.teams") == "Lag"
    assert t.label("nav.people") == "People"  # missing: English
    assert t.format("group") == ","  # English separator, own decimal
    assert t.number(1200.5) == "1,200,5"
    assert t.percent(0.5) == "50%"
    assert t.message("no-owner")[0] == "the objective has no owner"
    with pytest.raises(KeyError):
        t.label("no.such.label")


# --- (3) `okrsite check` in Swedish -------------------------------------------


def _check_in_swedish(project):
    report = Report(Translator("sv"))
    company = load(project.content, report)
    if company is not None:
        validate(company, TODAY, report)
    return report


def test_an_unknown_key_is_reported_in_swedish(project):
    project.edit("2026-Q4/mobile/joyful-app.md", "owner: bjorn", "ownr: bjorn")
    report = _check_in_swedish(project)
    unknown = [d for d in report.diagnostics if d.code == "unknown-key"]
    assert len(unknown) == 1, report.diagnostics
    d = unknown[0]
    assert d.location.path.endswith("joyful-app.md")
    assert d.message.startswith("okänd nyckel 'ownr' i ")
    assert d.hint == "Menade du 'owner'?"
    # Without an owner the objective also gets the OKR-practice warning, in Swedish too.
    assert any(w.code == "no-owner" and w.message == "målet saknar ägare" for w in report.warnings)


def test_the_swedish_check_of_valid_content_is_clean(project):
    report = _check_in_swedish(project)
    assert not report.errors, report.diagnostics


def test_a_bad_number_is_explained_in_swedish(project):
    project.edit("2026-Q4/mobile/checkins/2026-11-20.md", "app-nps: 52", "app-nps: 52,5")
    report = _check_in_swedish(project)
    found = [d for d in report.errors if d.code == "ambiguous-comma"]
    assert found, report.diagnostics
    assert found[0].message == "'52,5' är tvetydigt: ett kommatecken kan vara decimaltecken eller tusentalsavgränsare"
    assert "punkt som decimaltecken (1.5)" in found[0].hint


@pytest.mark.parametrize("language, message, count", [
    ("sv", "okänd nyckel 'ownr' i ", " filer kontrollerade: "),  # (and its numbers are Swedish: 1,200 is unclear)
    ("en", "unknown key 'ownr' in ", " files checked: 1 error"),
    (None, "unknown key 'ownr' in ", " files checked: 1 error"),  # no mkdocs.yml beside the content
])
def test_okrsite_check_speaks_the_site_s_language(project, language, message, count):
    """As the build does: a Swedish company's pull-request check is in Swedish, from mkdocs.yml's
    theme.language beside the content folder."""
    import subprocess
    import sys

    from conftest import write_config

    if language:
        write_config(project, language=language)
    project.edit("2026-Q4/mobile/joyful-app.md", "owner: bjorn", "ownr: bjorn")
    result = subprocess.run([sys.executable, "-m", "okrsite", "check", "--content", str(project.content),
                             "--today", TODAY.isoformat()], capture_output=True, text=True, cwd=project.root)
    assert result.returncode == 1, result.stderr
    assert "joyful-app.md:" in result.stdout and message in result.stdout, result.stdout
    assert count in result.stderr, result.stderr


# --- (4) the demo site in Swedish ---------------------------------------------


@pytest.fixture(scope="module")
def swedish_site(tmp_path_factory) -> Path:
    """The demo built with theme.language: sv, from a copy of mkdocs.yml."""
    folder = tmp_path_factory.mktemp("sv")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(DEMO)
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["theme"]["language"] = "sv"
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = folder / "site"
    result = build_site(out, path)
    assert result.returncode == 0, result.stderr
    return out


def _page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def _main(page: str) -> str:
    """The page's article: what okrsite generated, without Material's frame."""
    start = page.index('<article class="md-content__inner')
    return page[start : page.rindex("</article>")]


# What okrsite itself writes, found by the templates' classes and tags.
_LABEL_PLACES = {
    "status": re.compile(r'<span class="okr-status__icon" aria-hidden="true"></span>([^<]*)</span>'),
    "grade band": re.compile(r'<span class="okr-grade [^"]*"[^>]*>[^<]*<small>([^<]*)</small>'),
    "column heading": re.compile(r'<th scope="col">([^<]*)</th>'),
    "fact": re.compile(r"<dt>([^<]*)</dt>"),
    "heading": re.compile(r'<h2 id="[^"]*">([^<]*)<a class="headerlink"'),
    "entry section": re.compile(r'<p class="okr-entry__section"><strong>([^<]*)</strong></p>'),
    "history": re.compile(r"<summary>([^<]*)</summary>"),
    "badge": re.compile(r'<span class="okr-badge">([^<]*)</span>'),
    "muted": re.compile(r'<p class="okr-muted">([^<]*)</p>'),
}

_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def _english_only_labels() -> set[str]:
    """English label texts that no Swedish label shares: their presence means a missed translation."""
    swedish = {text.lower() for label in SV["labels"].values() for text in _forms(label)}
    return {
        text.lower()
        for label in EN["labels"].values()
        for text in _forms(label)
        if not _PLACEHOLDER.search(text) and text.lower() not in swedish
    }


def _english_pattern_labels() -> list[re.Pattern]:
    """English labels with placeholders, as patterns: 'Reached 50%', 'Every check-in (8)'."""
    patterns = []
    for key, label in EN["labels"].items():
        for text in _forms(label):
            if _PLACEHOLDER.search(text) and _PLACEHOLDER.sub("", text).strip(" ·:()") and \
                    text not in _forms(SV["labels"][key]):
                parts = _PLACEHOLDER.split(text)
                patterns.append(re.compile("^" + ".+".join(re.escape(p) for p in parts) + "$", re.IGNORECASE))
    return patterns


def _pages_to_check(site: Path) -> list[str]:
    pages = ["index.html", "teams/index.html", "teams/mobile/index.html", "alignment/index.html",
             "changelog/index.html", "people/index.html", "cycles/index.html", "cycles/2026-Q3/index.html"]
    # One objective page and one person page, whatever the demo calls them.
    pages.append(sorted(p.relative_to(site).as_posix() for p in site.glob("2026-Q4/mobile/*/index.html"))[0])
    pages.append(sorted(p.relative_to(site).as_posix() for p in site.glob("people/*/index.html"))[0])
    return pages


def test_material_speaks_swedish(swedish_site):
    page = _page(swedish_site, "index.html")
    assert re.search(r'<html lang="sv"', page)
    assert "Gå till innehållet" in page  # Material's skip link
    assert 'placeholder="Sök"' in page  # Material's search box


def test_the_navigation_is_swedish(swedish_site):
    page = _page(swedish_site, "index.html")
    tabs = [_text(t) for t in re.findall(r'class="md-tabs__link">(.*?)</a>', page, re.DOTALL)]
    # okrsite's six sections first; hand-written pages (the demo's guide) follow.
    assert tabs[:6] == ["Översikt", "Team", "Målträd", "Personer", "Perioder", "Ändringslogg"]
    assert "<title>Översikt - Nordlys OKRs</title>" in page


def test_the_dashboard_is_swedish(swedish_site):
    page = _page(swedish_site, "index.html")
    main = _main(page)
    headings = _LABEL_PLACES["heading"].findall(main)
    assert headings[:2] == ["Företagets mål", "Team"]
    assert "Senaste avstämningarna" in headings
    facts = _LABEL_PLACES["fact"].findall(main)
    assert facts[:6] == ["dagar kvar", "enligt plan", "i riskzonen", "ligger efter", "inte uppdaterat", "klart"]
    statuses = set(_LABEL_PLACES["status"].findall(main))
    assert statuses and statuses <= {"inte påbörjat", "enligt plan", "i riskzonen", "ligger efter",
                                     "inte uppdaterat", "klart"}
    # The hero: how much of 2026-Q4 has passed, in Swedish words and numbers.
    start, end = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    elapsed = round(expected_progress(start, end, TODAY) * 100)
    days = (end - TODAY).days
    assert f"{elapsed}{NBSP}% av perioden har gått, {days} dagar kvar." in html.unescape(main)
    assert "Nordlys AB · 2026-Q4 · 1 okt. 2026 – 31 dec. 2026" in _text(main)
    assert f'title="Förväntat hittills: {elapsed}{NBSP}%"' in html.unescape(main)
    assert re.search(r"\d+ mål, \d+ nyckelresultat\.", _text(main))
    assert "Alla avstämningar under perioden →" in _text(main)


def test_a_finished_cycle_shows_swedish_grades(swedish_site):
    main = _main(_page(swedish_site, "cycles/2026-Q3/index.html"))
    assert "Avslutades 30 sept. 2026. Betyg:" in _text(main)
    bands = set(_LABEL_PLACES["grade band"].findall(main))
    assert bands and bands <= {"missat", "framsteg", "levererat"}
    cycles = _text(_main(_page(swedish_site, "cycles/index.html")))
    assert "1 juli 2026 – 30 sept. 2026" in cycles
    assert "1 okt. 2026 – 31 dec. 2026" in cycles
    assert "Målträd · Ändringslogg" in cycles


def test_every_date_is_swedish(swedish_site):
    t = Translator("sv")
    seen = 0
    for rel in _pages_to_check(swedish_site):
        for iso, shown in re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]*)</time>', _page(swedish_site, rel)):
            assert shown == t.date(dt.date.fromisoformat(iso)), (rel, iso, shown)
            seen += 1
    assert seen > 10


def test_numbers_are_in_the_declared_style(swedish_site):
    """The demo declares number_style "1,234.5" (its files are written so): its Swedish site prints
    numbers as they are typed back (a Swedish company's decimal comma: tests/test_number_style.py)."""
    cells = []
    for rel in _pages_to_check(swedish_site):
        cells += [html.unescape(c) for c in re.findall(r'<td class="okr-number">([^<]*)</td>', _page(swedish_site, rel))]
    assert cells
    assert any(re.search(r"\d,\d{3}", c) for c in cells), "no thousands grouped as the demo writes them"
    assert any(re.search(r"\d\.\d", c) for c in cells), "no decimal point"
    assert not [c for c in cells if re.search(rf"\d{NNBSP}\d{{3}}|\d,\d{{1,2}}(?!\d)", c)], "Swedish-style numbers"
    # Progress bars: whole percents with a no-break space.
    labels = re.findall(r'<span class="okr-progress__label">([^<]*)</span>', _page(swedish_site, "index.html"))
    assert labels and all(re.fullmatch(rf"\d+{NBSP}%", html.unescape(label)) for label in labels)


def test_objective_and_person_pages_are_swedish(swedish_site):
    pages = _pages_to_check(swedish_site)
    objective = _text(_main(_page(swedish_site, pages[-2])))
    for words in ("Nyckelresultat", "Nuläge", "Målvärde", "Typ", "Tilltro", "Kopplingar", "Avstämningar"):
        assert words in objective, words
    person = _main(_page(swedish_site, pages[-1]))
    assert "Team" in _LABEL_PLACES["fact"].findall(person)
    assert "Ägarskap" in _LABEL_PLACES["heading"].findall(person)


def test_no_english_okrsite_labels_where_labels_go(swedish_site):
    english = _english_only_labels()
    patterns = _english_pattern_labels()
    found = {}
    for rel in _pages_to_check(swedish_site):
        main = _main(_page(swedish_site, rel))
        for place, pattern in _LABEL_PLACES.items():
            for text in pattern.findall(main):
                text = html.unescape(text).strip()
                found.setdefault(place, set()).add(text)
                assert text.lower() not in english, f"English {place} {text!r} on {rel}"
                assert not any(p.match(text) for p in patterns), f"English {place} {text!r} on {rel}"
    # The checks above looked at something in each kind of place.
    assert all(found.get(place) for place in ("status", "grade band", "column heading", "fact", "heading",
                                              "entry section", "history", "badge")), found


def test_every_term_the_checks_use_is_in_the_table(project):
    """Words that fill {where}, {kind}, {expected} and {got} come from the terms table,
    so a Swedish check says 'i ett mål', not 'i an objective'."""
    import re

    from okrsite.i18n import TERM_FIELDS

    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT_PACKAGE / "load").glob("*.py"))
    used = set(re.findall(rf'(?:{"|".join(TERM_FIELDS)})="([^"]+)"', source))
    used |= set(re.findall(r'wrong_type\([^,]+, "([^"]+)"', source))
    used |= set(re.findall(r'report, "([^"]+)", [A-Z_]+\)', source))
    used |= set(re.findall(r'report, \("([^"]+)", \{', source))
    assert used, "the pattern found nothing: it no longer matches the code"
    assert used <= set(EN["terms"]), sorted(used - set(EN["terms"]))
