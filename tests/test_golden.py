"""Golden outputs of the demo: `okrs.json` and the stand-up digest, compared whole.

The other tests check figures one by one; these catch any change at all in what
the demo's readers and scripts get, at a fixed `--today` and SOURCE_DATE_EPOCH
(the shared `demo_site` build). They use only the command line and the built
site's files, so moving code inside okrsite cannot change what they read.

When the demo or an output changes on purpose, regenerate the files and read
the change before committing it (tests/golden/README.md):

    OKRSITE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from okrsite.cli import main

from conftest import DEMO, TODAY

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("OKRSITE_UPDATE_GOLDEN") == "1"
SHOWN_LINES = 120  # of the diff; the rest is summarised


def assert_golden(name: str, actual: str) -> None:
    """`actual` equals tests/golden/<name>; with OKRSITE_UPDATE_GOLDEN=1 it becomes it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.is_file():
        pytest.fail(f"no golden file {path}; make it with OKRSITE_UPDATE_GOLDEN=1 python -m pytest "
                    "tests/test_golden.py", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if actual == expected:
        return
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"tests/golden/{name} (expected)",
                                     f"{name} (built now)", n=2, lineterm=""))
    shown = diff[:SHOWN_LINES] + ([f"... and {len(diff) - SHOWN_LINES} more lines of diff"]
                                  if len(diff) > SHOWN_LINES else [])
    pytest.fail(f"{name} differs from its golden copy:\n" + "\n".join(shown) + "\n\nIf the change is meant, "
                "regenerate with OKRSITE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py and review "
                "git diff tests/golden/.", pytrace=False)


def test_okrs_json_of_the_demo(demo_site):
    # One key per line, so a changed figure shows as one line of diff; key order and values are kept as built.
    data = json.loads((demo_site / "okrs.json").read_text(encoding="utf-8"))
    assert_golden("okrs.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("name, args", [
    ("digest.md", ()),  # the last seven days, as a stand-up gets it
    ("digest-cycle.md", ("--cycle", "2026-Q4")),  # the running cycle from its start
    ("digest-past-cycle.md", ("--cycle", "2026-Q3")),  # a finished cycle, told by its grades
])
def test_digest_of_the_demo(capsys, monkeypatch, name, args):
    monkeypatch.delenv("OKRSITE_TODAY", raising=False)
    code = main(["digest", "--content", str(DEMO), "--today", TODAY.isoformat(), *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert_golden(name, captured.out)
