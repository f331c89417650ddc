"""Hostile text: what people might type (by mistake or on purpose) into the
content, and a content tree that carries all of it into every text field.

Each input names what it proves when the built site shows it as inert text
(`tests/test_hostile.py` checks every built file, `tests/browser/
test_hostile_browser.py` opens the pages with a dialog handler):

| input | proves |
|---|---|
| script | a `<script>` element in text is escaped, never run |
| img-onerror | breaking out of an attribute (`">`) and an `onerror` handler stay text |
| svg-onload | an SVG with `onload` (no quotes, `/` as the separator) stays text |
| attr-quote | a single quote cannot close a single-quoted attribute |
| iframe | an `<iframe src=javascript:...>` stays text |
| javascript-link | a Markdown link to `javascript:` loses its address |
| javascript-entity | `jav&#x61;script:` (an entity inside the scheme) loses its address too |
| javascript-autolink | `<javascript:...>` is not an autolink |
| data-link | a `data:text/html` link loses its address |
| reference-link | a reference definition `[r]: javascript:...` loses its address |
| attr-list | `{: onclick=... }` (MkDocs' attr_list) adds no attribute |
| markdown | emphasis, headings, `---` in a title are shown as typed, not as Markdown |
| mermaid | a Mermaid diagram with a `click ... javascript:` is code, not a diagram |
| jinja | `{{ 7*7 }}` and `{% ... %}` are not evaluated by the theme's Jinja |
| placeholder | okrsite's own `<!--okrsite:0-->` placeholder cannot pull a page block in |
| closing-tags | `</div></table></main>` cannot close the page's elements early |
| rtl-override | a right-to-left override stays inside its element |
| long | 10,000 characters without a space wrap instead of widening the page |
| mathtext | `$\\notacommand{x}$` and `$5^$` are text in a chart, not mathematics for matplotlib to typeset (or fail on) |

`write_hostile_project(project)` writes them into the company name, person
names and titles, team names, a cycle name, objective titles and bodies, key
result titles, units, KPIs and milestones, retrospective answers, and
check-in notes, wins, blockers and actions. Ids cannot carry them: ids,
team ids and person ids are lowercase letters, digits, `-` and `_`, and
anything else is a located error (`BAD_IDS`).
"""

from __future__ import annotations

import yaml

MARK = "okr-xss"  # every script below would pass this to alert(): a dialog or the bare call means it ran

HOSTILE = {
    "script": f"<script>alert('{MARK}')</script>",
    "img-onerror": f"\"><img src=x onerror=alert('{MARK}')>",
    "svg-onload": f"<svg/onload=alert('{MARK}')>",
    "attr-quote": f"' onmouseover='alert(\"{MARK}\")' x='",
    "iframe": f"<iframe src=\"javascript:alert('{MARK}')\"></iframe>",
    "javascript-link": f"[click me](javascript:alert('{MARK}'))",
    "javascript-entity": f"[click me too](jav&#x61;script:alert('{MARK}'))",
    "javascript-autolink": f"<javascript:alert('{MARK}')>",
    "data-link": "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnb2tyLXhzcycpPC9zY3JpcHQ+)",
    "reference-link": f"[ref link][evil]\n\n[evil]: javascript:alert('{MARK}')",
    "attr-list": f"Attributed {{: onclick=\"alert('{MARK}')\" }}",
    "markdown": "**bold** _em_ # not a heading --- [a link](https://example.invalid) `code`",
    "mermaid": f"```mermaid\ngraph TD\n  A-->B\n  click A href \"javascript:alert('{MARK}')\"\n```",
    "jinja": "{{ 7*7 }} {% include 'base.html' %} {# comment #}",
    "placeholder": "<!--okrsite:0--> <!--okrsite:1-->",
    "closing-tags": "</div></table></section></article></main></body>",
    "rtl-override": "\u202eevil text\u202c done",
    "mathtext": "Cut $\\notacommand{x}$ to $5^$ by Q4",
    "long": "W" * 10_000,
}

# Inputs that fit on one line (titles, names, units); the rest only go into Markdown bodies.
ONE_LINE = {name: text for name, text in HOSTILE.items() if "\n" not in text}
LONG = HOSTILE["long"]

# Ids carrying hostile text: each is a located error, never a page.
BAD_IDS = {
    "kr": "<script>",
    "team": "\"><img src=x>",
    "person": "javascript:alert(1)",
}


def _front_matter(meta: dict, body: str = "") -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000) + "---\n" + body


def _everything(separator: str = " | ") -> str:
    return separator.join(ONE_LINE.values())


def hostile_body() -> str:
    return "\n\n".join(f"## {name}\n\n{text}" for name, text in HOSTILE.items()) + "\n"


def write_hostile_project(project) -> None:
    """Every hostile input in every text field of a small company (tests/conftest.py's Project)."""
    organisation = {
        "company": HOSTILE["script"] + " AB",
        "cycles": ["2026-Q3", {"id": "2026-Q4", "name": "Q4 " + HOSTILE["img-onerror"],
                               "start": "2026-10-01", "end": "2026-12-31"}],
        "people": {
            "astrid": {"name": HOSTILE["img-onerror"], "title": HOSTILE["svg-onload"],
                       "email": "astrid\"onmouseover=\"alert(1)@example.invalid"},
            "bjorn": {"name": HOSTILE["attr-quote"], "title": HOSTILE["jinja"]},
            "chen": LONG,
        },
        "teams": {
            "product": {"name": HOSTILE["script"], "lead": "astrid"},
            "mobile": {"name": HOSTILE["closing-tags"] + " " + HOSTILE["markdown"], "parent": "product",
                       "lead": "bjorn", "members": ["bjorn", "chen"]},
            "longteam": {"name": LONG, "lead": "chen"},
            "maths": {"name": HOSTILE["mathtext"], "parent": "product", "lead": "chen"},
        },
    }
    project.write("okrsite.yml", yaml.safe_dump(organisation, allow_unicode=True, sort_keys=False, width=10**6))

    key_results = [
        {"id": f"kr-{index}", "title": text, "start": 0, "target": 100, "unit": "pts", "kpi": text}
        for index, text in enumerate(ONE_LINE.values(), 1)
    ]
    key_results[0]["unit"] = HOSTILE["svg-onload"]
    key_results[0]["owner"] = "chen"
    key_results.append({"id": "steps", "title": "Milestones " + HOSTILE["img-onerror"],
                        "milestones": [HOSTILE["script"], HOSTILE["long"], HOSTILE["javascript-link"]]})
    project.write("2026-Q4/company/delight.md", _front_matter(
        {"objective": HOSTILE["img-onerror"] + " " + HOSTILE["script"], "owner": "astrid",
         "key_results": [{"id": "nps", "title": HOSTILE["markdown"], "start": 40, "target": 60}]},
        hostile_body()))
    project.write("2026-Q4/mobile/joyful-app.md", _front_matter(
        {"objective": _everything(), "owner": "bjorn", "aligns_to": "company/delight",
         "key_results": key_results},
        hostile_body()))
    project.write("2026-Q4/longteam/long.md", _front_matter(
        {"objective": LONG, "owner": "chen",
         "key_results": [{"id": "long", "title": LONG, "start": 0, "target": 10},
                         {"id": "long-2", "title": "Second " + LONG, "start": 0, "target": 10}]},
        LONG + "\n"))
    values = {f"kr-{index}": {"value": index, "note": text} for index, text in enumerate(ONE_LINE.values(), 1)}
    values["steps"] = [HOSTILE["script"]]
    body = "## Wins\n" + "".join(f"- {text}\n" for text in ONE_LINE.values())
    body += "\n## Blockers\n" + "".join(f"- {text}\n" for text in ONE_LINE.values())
    body += "\n## Actions\n" + "".join(f"- @chen: {text}, due 2026-12-01\n" for text in ONE_LINE.values())
    project.write("2026-Q4/mobile/checkins/2026-11-20.md",
                  _front_matter({"checkin": "2026-11-20", "author": "bjorn", "values": values}, body))
    project.write("2026-Q4/company/checkins/2026-11-20.md", _front_matter(
        {"checkin": "2026-11-20", "author": "astrid", "values": {"nps": {"value": 48, "note": LONG}}}))
    project.write("2026-Q4/longteam/checkins/2026-11-20.md", _front_matter(
        {"checkin": "2026-11-20", "author": "chen", "values": {"long": {"value": 3, "note": LONG}}},
        f"## Wins\n- {LONG}\n"))
    maths = HOSTILE["mathtext"]
    project.write("2026-Q4/maths/sums.md", _front_matter(
        {"objective": maths, "owner": "chen",
         "key_results": [{"id": "dollars", "title": maths, "start": 0, "target": 10, "unit": "$x^$"},
                         {"id": "more", "title": "$\\frac{1}{0}$ " + maths, "start": 0, "target": 10}]}))
    project.write("2026-Q4/maths/checkins/2026-11-20.md", _front_matter(
        {"checkin": "2026-11-20", "author": "chen", "values": {"dollars": 3, "more": {"value": 4, "note": maths}}}))
    retrospective = dict(zip(("reached", "helped", "blocked", "change", "learned"), ONE_LINE.values(), strict=False))
    project.write("2026-Q3/mobile/store-rating.md", _front_matter(
        {"objective": HOSTILE["svg-onload"], "owner": "bjorn",
         "key_results": [{"id": "rating", "title": HOSTILE["iframe"], "start": 4.2, "target": 4.6},
                         {"id": "reviews", "title": HOSTILE["attr-quote"], "start": 10, "target": 20}],
         "retrospective": {**retrospective, "grade": 0.5, "reason": HOSTILE["script"]}},
        hostile_body()))
