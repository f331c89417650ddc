"""`okrsite digest`: the stand-up digest as Markdown, and the same as a site page."""

from __future__ import annotations

import datetime as dt

from okrsite.cli import main
from okrsite.digest import build_digest, parse_since
from okrsite.i18n import Translator
from okrsite.site import build_site

from conftest import TODAY
from exports_content import SECRETS, add_teams_and_secrets


def digest(project, capsys, *args, today="2026-11-26"):
    code = main(["digest", "--content", str(project.content), "--today", today, *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def section(text: str, heading: str) -> list[str]:
    """The lines under a '## ' heading, up to the next one."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## " + heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start + 1:end] if line.strip()]


def test_the_last_seven_days(project, capsys):
    add_teams_and_secrets(project)
    out = digest(project, capsys)
    # 2026-11-26 minus 7 days: the window opens on 19 Nov; 56 of Q4's 91 days have passed (62 %).
    assert out.startswith("# Stand-up digest: Testbolaget AB, 19 Nov 2026 – 26 Nov 2026\n")
    assert "2026-Q4: 62% of the cycle has passed, 35 days left. Company progress 40% (off track)." in out
    assert section(out, "What moved") == [
        "### Testbolaget AB (1 check-in)",
        # Both company KRs moved 0 -> 40 % (NPS (48-40)/20, churn (5-4.2)/2): equal change, then by id.
        "- Monthly churn from 5 % to 3 %: 5 % → 4.2 % (−0.8 %), progress 0% → 40% (+40 pts), off track",
        "- Company NPS from 40 to 60: 40 → 48 (+8), progress 0% → 40% (+40 pts), off track",
        "### Mobile (1 check-in)",
        # Biggest change first: 1 of 2 milestones (+50), NPS 10/28 = 36 %, uninstalls 50/180 = 28 %.
        "- Ship the redesigned onboarding: 0 of 2 → 1 of 2, progress 0% → 50% (+50 pts), at risk",
        "- Raise app NPS from 42 to 70: 42 → 52 (+10), progress 0% → 36% (+36 pts), off track",
        "- Cut weekly uninstalls by 15 %: 1,200 → 1,150 (−50), progress 0% → 28% (+28 pts), off track",
        "- Wins (20 Nov): NPS up four points.",
    ]
    # Weakest first, then the least progress: expected by now is 62 %.
    assert section(out, "At risk or off track") == [
        "- off track · Mobile · Cut weekly uninstalls by 15 %: 28% (expected 62%), last check-in 20 Nov 2026",
        "- off track · Mobile · Raise app NPS from 42 to 70: 36% (expected 62%), last check-in 20 Nov 2026",
        "- off track · Testbolaget AB · Monthly churn from 5 % to 3 %: 40% (expected 62%), last check-in 20 Nov 2026",
        "- off track · Testbolaget AB · Company NPS from 40 to 60: 40% (expected 62%), last check-in 20 Nov 2026",
        "- at risk · Mobile · Ship the redesigned onboarding: 50% (expected 62%), last check-in 20 Nov 2026",
        # Platform's KRs are stale, not at risk: they belong under "Not checked in".
    ]
    # Platform has never checked in: 56 days since the cycle began, more than 14, so both KRs are stale.
    assert section(out, "Not checked in") == ["- Platform: last check-in never. 2 key results stale."]
    # Actions due from 19 Nov up to a week ahead (3 Dec).
    assert section(out, "Actions due by 3 Dec 2026") == [
        "- 27 Nov 2026 · @chen (Chen Li) · Mobile: ship the permission prompt",
    ]


def test_confidential_and_draft_objectives_never_appear(project, capsys):
    add_teams_and_secrets(project)
    for args in ((), ("--cycle", "2026-Q4"), ("--since", "2026-11-23")):
        out = digest(project, capsys, *args)
        for secret in SECRETS:
            assert secret.lower() not in out.lower(), (args, secret)
    # The confidential objective is counted in the totals, as on the dashboard.
    assert "1 confidential objective is counted in the totals but not shown." in out


def test_a_window_without_check_ins_names_who_has_not_checked_in(project, capsys):
    add_teams_and_secrets(project)
    out = digest(project, capsys, "--since", "2026-11-21")
    assert out.startswith("# Stand-up digest: Testbolaget AB, 21 Nov 2026 – 26 Nov 2026\n")
    assert section(out, "What moved") == ["No check-ins in this period."]
    assert section(out, "Not checked in") == [
        "- Testbolaget AB: last check-in 20 Nov 2026.",
        "- Mobile: last check-in 20 Nov 2026.",
        "- Platform: last check-in never. 2 key results stale.",
    ]


def test_the_whole_cycle_and_an_overdue_action(project, capsys):
    project.write("2026-Q4/mobile/checkins/2026-10-20.md", """\
---
checkin: 2026-10-20
author: chen
values:
  app-nps: 45
---
## Actions
- @bjorn: book the user interviews, due 2026-11-24
- [x] @chen: done already, due 2026-11-23
""")
    out = digest(project, capsys, "--cycle", "2026-Q4")
    assert out.startswith("# Stand-up digest: Testbolaget AB, 1 Oct 2026 – 26 Nov 2026\n")
    # Two check-ins of app-nps in the cycle: 42 -> 45 -> 52, one line from the start to the last value.
    assert "- Raise app NPS from 42 to 70: 42 → 52 (+10), progress 0% → 36% (+36 pts), off track" in out
    assert "### Mobile (2 check-ins)" in out
    assert section(out, "Actions due by")[0] == (
        "- 24 Nov 2026 (overdue) · @bjorn (Björn Ek) · Mobile: book the user interviews")
    assert "done already" not in out


def test_a_quiet_check_in_counts_as_checked_in_without_a_move(project, capsys):
    project.write("2026-Q4/mobile/checkins/2026-11-25.md", """\
---
checkin: 2026-11-25
author: bjorn
values:
  app-nps: 52
---
""")
    out = digest(project, capsys, "--since", "2026-11-25")
    assert section(out, "What moved") == [
        "### Mobile (1 check-in)",
        "- 1 key result checked in without a change",
    ]


def test_the_digest_is_the_same_every_time(project, capsys):
    add_teams_and_secrets(project)
    assert digest(project, capsys) == digest(project, capsys)


def test_bad_since_and_unknown_cycle_are_usage_errors(project, capsys):
    for args, words in ((("--since", "last week"), "--since takes a number of days (7d)"),
                        (("--since", "2026-12-01"), "is after today"),
                        (("--cycle", "2027-Q1"), "unknown cycle '2027-Q1'")):
        try:
            main(["digest", "--content", str(project.content), "--today", "2026-11-26", *args])
        except SystemExit as exit:
            assert exit.code == 2
        else:
            raise AssertionError(f"{args} did not fail")
        assert words in capsys.readouterr().err


def test_since_reads_days_weeks_and_dates():
    assert parse_since("7d", TODAY) == dt.date(2026, 11, 19)
    assert parse_since("2w", TODAY) == dt.date(2026, 11, 12)
    assert parse_since("2026-11-01", TODAY) == dt.date(2026, 11, 1)


def test_the_digest_reads_the_sites_check_ins(project):
    """The digest's check-ins are the changelog's own entries, those of the window."""
    company, _ = project.check()
    site = build_site(company, TODAY)
    d = build_digest(site, dt.date(2026, 11, 19))
    shown = [e for team in d.moved for e in team.entries]
    window = [e for e in site.current.entries if e.checkin.date >= dt.date(2026, 11, 19)]
    assert len(window) == 2 and {id(e) for e in shown} == {id(e) for e in window}


def test_the_digest_page_of_the_demo(demo_site):
    page = (demo_site / "digest/index.html").read_text(encoding="utf-8")
    for heading in ("What moved", "At risk or off track", "Not checked in", "Actions due by 3 Dec 2026"):
        assert heading in page, heading
    # The demo's data team last checked in on 23 Oct; the page names it and links its team page.
    quiet = page[page.index("okr-digest__quiet"):]
    assert 'href="../teams/data/">Data</a>' in quiet
    assert "Project Fjord" not in page
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="digest/"' in home  # in the navigation


def test_the_digest_in_swedish(project):
    """Every word of the digest comes from the locale: in Swedish, no English label is left."""
    from okrsite.digest import to_markdown

    add_teams_and_secrets(project)
    company, _ = project.check()
    t = Translator("sv")
    site = build_site(company, TODAY)
    out = to_markdown(build_digest(site, dt.date(2026, 11, 19)), site, t)
    assert out.startswith("# Sammandrag inför avstämningen: Testbolaget AB, 19 nov. 2026 – 26 nov. 2026\n")
    for heading in ("## Vad som har rört sig", "## I riskzonen eller efter", "## Har inte stämt av",
                    "## Åtgärder som ska vara klara senast 3 dec. 2026"):
        assert heading in out, heading
    assert "- Platform: senaste avstämning aldrig. Nyckelresultat som inte uppdaterats: 2." in out
    assert "framsteg 0\u00a0% → 36\u00a0% (+36 p.e.)" in out  # a no-break space before the Swedish %
    for english in ("What moved", "At risk", "Not checked in", "Actions due", "check-in", "progress ", "pts"):
        assert english not in out, english


def test_a_finished_cycle_is_told_by_its_grade(project, capsys):
    out = digest(project, capsys, "--cycle", "2026-Q4", today="2027-01-05")
    # Frozen at the last values: company NPS 40 % and churn 40 %, graded 0.4 (progress).
    assert "2026-Q4: finished on 31 Dec 2026. Grade 0.4 (progress)." in out


def test_the_digest_and_the_summary_speak_the_sites_language(project, capsys):
    """theme.language in mkdocs.yml (the site's) unless --language says otherwise; English without either."""
    from conftest import write_config

    config = write_config(project, language="sv")
    project.edit("okrsite.yml", "cycles:", 'number_style: "1,234.5"  # the files are written so\ncycles:')
    swedish = digest(project, capsys, "-f", str(config))
    assert swedish.startswith("# Sammandrag") and "## Vad som har rört sig" in swedish
    english = digest(project, capsys, "-f", str(config), "--language", "en")
    assert "## What moved" in english and "Sammandrag" not in english
    assert "## What moved" in digest(project, capsys, "-f", str(project.root / "no-such.yml"))
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  secret: !ENV [TOKEN, x]\n", encoding="utf-8")
    assert main(["summary", "--content", str(project.content), "--today", "2026-11-26", "-f", str(config)]) == 0
    assert "Framsteg" in capsys.readouterr().out  # MkDocs' own tags do not stop the language being read
