"""`okrsite`: the command line. Each subcommand is a short pipeline over the core."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .content_files import content_files
from .diagnostics import FORMATS, Report
from .i18n import Translator
from .rollup import TODAY_VARIABLE, current_cycle, resolve_today, rollup_cycle
from .summary import render_summary
from .validate import check

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        args.today = _today(args.today)
        return args.run(args)
    except UsageError as error:
        parser.exit(EXIT_USAGE, f"okrsite: error: {error}\n")
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="okrsite", description="Transparent OKRs from Markdown files: validate them and roll them up."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    common.add_argument(
        "--today", help="the date to evaluate at, YYYY-MM-DD (default: $OKRSITE_TODAY, else the real date)"
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")

    check = commands.add_parser(
        "check", parents=[common], help="validate every content file, as the pull-request check does",
        description="Validate the whole content tree. Exit 0 when clean, 1 on errors (or warnings with --strict).",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.set_defaults(run=run_check)

    summary = commands.add_parser(
        "summary", parents=[common], help="print a cycle's roll-up as a table",
        description="Print a cycle's roll-up: company, teams, objectives and key results.",
    )
    summary.add_argument("--cycle", help="the cycle id (default: the one running today)")
    summary.set_defaults(run=run_summary)

    digest = commands.add_parser(
        "digest", parents=[common], help="print the stand-up digest as Markdown for chat or e-mail",
        description="What moved, what is at risk or off track, who has not checked in, the actions due next.",
    )
    digest.add_argument("--since", help="7d, 2w or YYYY-MM-DD (default: 7d; with --cycle: the cycle's start)")
    digest.add_argument("--cycle", help="the cycle id (default: the one running today)")
    digest.set_defaults(run=run_digest)

    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    site.add_argument(
        "--today", help="the date to evaluate at, YYYY-MM-DD (default: $OKRSITE_TODAY, else the real date)"
    )
    build = commands.add_parser(
        "build", parents=[site], help="build the intranet site (into site/, swapped in when complete)",
        description="Build the site with MkDocs. The previous site stays in place until the new one is complete.",
    )
    build.add_argument("-d", "--site-dir", type=Path, help="where to put the site (default: mkdocs.yml's site_dir)")
    build.add_argument("--strict", action="store_true", help="fail on MkDocs warnings (broken links)")
    build.set_defaults(run=run_build)
    serve = commands.add_parser(
        "serve", parents=[site], help="preview the site, reloading on every change in content/ or theme/",
        description="Preview the site on localhost; the browser reloads when content or theme files change.",
    )
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address (default: 127.0.0.1:8000)")
    serve.set_defaults(run=run_serve)

    diff = commands.add_parser(
        "diff", parents=[common], help="what a change does in OKR terms, as Markdown (for a pull request)",
        description="Compare the content at two git revisions: objectives and key results added, removed or "
        "renamed, values checked in, the roll-up before and after, and moved goalposts. Exit 1 when either side "
        "has errors.",
    )
    diff.add_argument("base", metavar="BASE", help="the revision to compare against, e.g. origin/main")
    diff.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the changed revision (default: HEAD)")
    diff.set_defaults(run=run_diff)
    _quarter_commands(commands, common)
    return parser


# --- okrsite new cycle|objective|checkin, okrsite checkin (the logic is in scaffold.py) ---


def _quarter_commands(commands, common) -> None:
    new = commands.add_parser("new", help="write ready-to-edit OKR files: a cycle's carried-over objectives, "
                              "an objective, a check-in", description="Write ready-to-edit files; never overwrites.")
    kinds = new.add_subparsers(title="what", metavar="WHAT", dest="what")
    new.set_defaults(run=lambda args: (new.print_help(), EXIT_USAGE)[1], today=None)
    cycle = kinds.add_parser(
        "cycle", parents=[common], help="carry the previous cycle's unfinished objectives into the next one",
        description="Write NEXT's objective files from PREV's unfinished objectives: each key result starts at "
        "its last value, check-ins are not copied, existing files are left alone. Without --objective or --kr, "
        "asks in a terminal and takes every unfinished one otherwise (or with --all).",
    )
    cycle.add_argument("next", metavar="NEXT", help="the new cycle, declared in okrsite.yml")
    cycle.add_argument("--from", dest="previous", metavar="PREV", required=True, help="the cycle to carry over from")
    cycle.add_argument("--objective", action="append", default=[], metavar="TEAM/ID",
                       help="carry this objective (repeatable)")
    cycle.add_argument("--kr", action="append", default=[], metavar="TEAM/ID#KR",
                       help="carry only these key results of their objectives (repeatable)")
    cycle.add_argument("--all", action="store_true", help="every unfinished objective, without asking")
    cycle.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    cycle.set_defaults(run=run_new_cycle)
    objective = kinds.add_parser("objective", parents=[common], help="write a new objective file for a team",
                                 description="Write a ready-to-edit objective file for a team.")
    objective.add_argument("--team", required=True)
    objective.add_argument("--cycle", help="default: the cycle running today")
    objective.add_argument("--title", help="the objective (default: a placeholder)")
    objective.add_argument("--id", dest="slug", help="the file name without .md (default: from the title)")
    objective.set_defaults(run=run_new_objective)
    template = kinds.add_parser("checkin", parents=[common], help="write a check-in file to edit",
                                description="Write a check-in with every key result of the team's running OKRs.")
    template.add_argument("--team", required=True)
    template.add_argument("--cycle", help="default: the team's cycle running on the date")
    template.add_argument("--date", help="YYYY-MM-DD (default: today)")
    template.add_argument("--author", help="a person id")
    template.set_defaults(run=run_new_checkin)
    checkin = commands.add_parser(
        "checkin", parents=[common], help="check in key results' values without an editor",
        description="Write a complete check-in file. Every value is checked against its key result first; "
        "nothing is written if one is wrong.",
    )
    checkin.add_argument("team", metavar="TEAM")
    checkin.add_argument("--set", dest="pairs", action="append", default=[], metavar="KR=VALUE",
                         help="a key result's new value, e.g. nps=52, arr=2.3M EUR, redesign='[Research done]'")
    checkin.add_argument("--confidence", help="overall confidence, on the organisation's scale (e.g. 0.7)")
    checkin.add_argument("-m", "--message", help="a note for the check-in's body")
    checkin.add_argument("--date", help="YYYY-MM-DD (default: today)")
    checkin.add_argument("--author", help="a person id")
    checkin.set_defaults(run=run_checkin)


def _loaded(args):
    """The company, or None after printing the check's errors."""
    company, report = _load(args)
    if report.errors or company is None:
        sys.stderr.write(FORMATS["text"](report.sorted()))
        return None
    return company


def _date(text: str | None, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else today
    except ValueError:
        raise UsageError(f"--date must be a date as YYYY-MM-DD, not {text!r}") from None


def _writing(args, write) -> int:
    """Load the content and run a command that writes files: `write(company, t)` returns what it wrote.
    A problem the user can fix is one clear message and exit 1; nothing is half written."""
    from .load import shown_path
    from .scaffold import ScaffoldError

    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator()
    try:
        for path in write(company, t):
            print(t.label("new.wrote", path=shown_path(path)))
    except ScaffoldError as error:
        for line in str(error).splitlines():
            print(f"okrsite: error: {line}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def run_new_cycle(args) -> int:
    from . import scaffold
    from .load import shown_path

    def write(company, t):
        cycles = company.organisation.cycles
        if args.previous not in cycles:
            raise UsageError(t.label("new.unknown_cycle", cycle=args.previous, choices=", ".join(cycles)))
        if args.next == args.previous:
            raise UsageError(t.label("new.same_cycle", cycle=args.next))
        if args.next not in cycles:
            raise scaffold.ScaffoldError(scaffold.missing_cycle_hint(args.next, t))
        carries = scaffold.unfinished(company, args.previous, args.today)
        if not carries:
            print(t.label("new.nothing_to_carry", cycle=args.previous), file=sys.stderr)
            return []
        if args.objective or args.kr:
            chosen = scaffold.select(carries, args.objective, args.kr, t)
        elif not args.all and sys.stdin.isatty():
            chosen = scaffold.ask(carries, t)
        else:
            chosen = carries
        if not chosen:
            print(t.label("new.nothing_chosen"), file=sys.stderr)
            return []
        if args.dry_run:
            for carry in chosen:
                print(f"{args.next}/{carry.short_id}.md: {', '.join(carry.chosen)}")
            return []
        written, skipped = scaffold.new_cycle(company, args.content, args.next, chosen, t)
        for path in skipped:
            print(t.label("new.skipped", path=shown_path(path)), file=sys.stderr)
        if written:
            print(t.label("new.next_step"), file=sys.stderr)
        return written

    return _writing(args, write)


def run_new_objective(args) -> int:
    from . import scaffold

    def write(company, t):
        scaffold.check_team(company, args.team, t)
        cycle = scaffold.running_cycle(company, args.team, args.today, args.cycle, t)
        return [scaffold.new_objective(company, args.content, args.team, cycle, args.title, args.slug, t)]

    return _writing(args, write)


def run_new_checkin(args) -> int:
    from . import scaffold

    def write(company, t):
        day = _date(args.date, args.today)
        scaffold.check_team(company, args.team, t)
        cycle = scaffold.running_cycle(company, args.team, day, args.cycle, t)
        return [scaffold.checkin_template(company, args.content, args.team, day, cycle, args.author, t)]

    return _writing(args, write)


def run_checkin(args) -> int:
    from . import scaffold

    def write(company, t):
        day = _date(args.date, args.today)
        found, _, cycle = scaffold.settings(company, args.team, day, args.pairs, args.confidence, t)
        return [scaffold.checkin(company, args.content, args.team, day, found, cycle, args.confidence,
                                 args.message, args.author, t)]

    return _writing(args, write)


def _today(given: str | None) -> dt.date:
    try:
        return resolve_today(given, os.environ)
    except ValueError as error:
        raise UsageError(f"--{error}" if given else str(error)) from None


def _load(args) -> tuple:
    if not args.content.is_dir():
        raise UsageError(f"no content folder at {args.content}")
    report = Report()
    return check(args.content, args.today, report), report


def run_check(args) -> int:
    company, report = _load(args)
    diagnostics = report.sorted()
    output = FORMATS[args.format](diagnostics)
    sys.stdout.write(output)
    if args.format == "text":
        t = report.translator
        files = 0 if company is None else 1 + len(content_files(args.content))  # as the loader saw them
        if diagnostics:
            print(t.label("check.counts", files=files, errors=len(report.errors), warnings=len(report.warnings)),
                  file=sys.stderr)
        else:
            print(t.label("check.ok", files=files), file=sys.stderr)
    failed = report.errors or (args.strict and report.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_summary(args) -> int:
    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator()
    organisation = company.organisation
    if args.cycle:
        if args.cycle not in organisation.cycles:
            raise UsageError(f"unknown cycle {args.cycle!r}; choose one of {', '.join(organisation.cycles)}")
        cycle = organisation.cycles[args.cycle]
    else:
        cycle = current_cycle(organisation, args.today)
        if cycle is None:
            raise UsageError(t.label("summary.no_cycle", today=args.today, cycles=", ".join(organisation.cycles)))
    sys.stdout.write(render_summary(company, rollup_cycle(company, cycle.id, args.today), t))
    return EXIT_OK


def run_digest(args) -> int:
    from .digest import DEFAULT_SINCE, build_digest, parse_since, to_markdown
    from .pages import build_site

    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator()
    site = build_site(company, args.today, t)
    view = site.current
    if args.cycle:
        view = next((v for v in site.cycles if v.cycle.id == args.cycle), None)
        if view is None:
            raise UsageError(f"unknown cycle {args.cycle!r}; choose one of {', '.join(company.organisation.cycles)}")
    if view is None:
        raise UsageError(t.label("summary.no_cycle", today=args.today, cycles=", ".join(company.organisation.cycles)))
    try:
        since = parse_since(args.since, args.today) if args.since else (
            view.cycle.start if args.cycle else parse_since(DEFAULT_SINCE, args.today))
    except ValueError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(to_markdown(build_digest(site, since, view), site, t))
    return EXIT_OK


def _site_config(args) -> Path:
    if not args.config_file.is_file():
        raise UsageError(f"no MkDocs configuration at {args.config_file}")
    os.environ[TODAY_VARIABLE] = args.today.isoformat()  # the plugin reads it
    return args.config_file


def run_build(args) -> int:
    from .publish import BuildFailed, build
    from .site_folder import UnsafeSiteFolder

    try:
        target = build(_site_config(args), args.site_dir, args.strict)
    except BuildFailed as error:
        print(f"okrsite: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except UnsafeSiteFolder as error:
        raise UsageError(str(error)) from None
    print(f"okrsite: site built in {target}", file=sys.stderr)
    return EXIT_OK


def run_serve(args) -> int:
    from .publish import serve

    serve(_site_config(args), args.dev_addr)
    return EXIT_OK


def run_diff(args) -> int:
    from .diff import DiffError, load_revisions, render_diff, render_errors

    t = Translator()
    try:
        base, head = load_revisions(args.content, args.base, args.head, args.today, t)
    except DiffError as error:
        raise UsageError(str(error)) from None
    broken = [side for side in (base, head) if side.company is None]
    for side in broken:
        sys.stderr.write(render_errors(side, t))
    if broken:
        return EXIT_PROBLEMS
    sys.stdout.write(render_diff(base, head, args.today, t))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
