"""`okrsite`: the command line. Each subcommand is a short pipeline over the core."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import __version__
from .content_files import content_files
from .diagnostics import FORMATS, Report
from .i18n import Translator
from .load import ORGANISATION_FILE, content_language
from .load import site_language as configured_language
from .rollup import current_cycle, rollup_cycle
from .summary import render_summary
from .today import TODAY_VARIABLE, resolve_today
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
    args.whole_process = argv is None  # the program's own command line: `okrsite ...`, `python -m okrsite ...`
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
    parser.add_argument("--version", action="version", version=f"okrsite {__version__}")
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
    _language_options(summary)
    summary.set_defaults(run=run_summary)

    digest = commands.add_parser(
        "digest", parents=[common], help="print the stand-up digest as Markdown for chat or e-mail",
        description="What moved, what is at risk or off track, who has not checked in, the actions due next.",
    )
    digest.add_argument("--since", help="7d, 2w or YYYY-MM-DD (default: 7d; with --cycle: the cycle's start)")
    digest.add_argument("--cycle", help="the cycle id (default: the one running today)")
    _language_options(digest)
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
    _init_command(commands)
    return parser


# --- okrsite new cycle|objective|checkin, okrsite checkin (the writing is in okrsite.authoring) ---


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
    company, report, _ = _load(args)
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
    from .authoring import AuthoringError
    from .load import shown_path

    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator(content_language(args.content))  # a Swedish company's check-in has Swedish headings
    try:
        for path in write(company, t):
            print(t.label("new.wrote", path=shown_path(path)))
    except AuthoringError as error:
        for line in str(error).splitlines():
            print(f"okrsite: error: {line}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def ask(carries: list, t: Translator, read=input, write=print) -> list:
    """Ask in the terminal, objective by objective and key result by key result, what comes along."""
    kept = []
    for carry in carries:
        answer = read(t.label("new.ask_objective", title=carry.objective.title, id=carry.short_id,
                              progress=t.percent(carry.progress)) + " ")
        if not _yes(answer):
            continue
        carry.chosen = []
        for kr, progress, _, _ in carry.key_results:
            if _yes(read("  " + t.label("new.ask_kr", title=kr.title, progress=t.percent(progress)) + " ")):
                carry.chosen.append(kr.id)
        if carry.chosen:
            kept.append(carry)
        else:
            write("  " + t.label("new.no_kr_chosen", id=carry.short_id))
    return kept


def _yes(answer: str) -> bool:
    return answer.strip().lower() in ("", "y", "yes", "j", "ja")


def run_new_cycle(args) -> int:
    from .authoring import AuthoringError, carry
    from .load import shown_path

    def write(company, t):
        cycles = company.organisation.cycles
        if args.previous not in cycles:
            raise UsageError(t.label("new.unknown_cycle", cycle=args.previous, choices=", ".join(cycles)))
        if args.next == args.previous:
            raise UsageError(t.label("new.same_cycle", cycle=args.next))
        if args.next not in cycles:
            raise AuthoringError(t.label("new.cycle_not_declared", cycle=args.next))
        carries = carry.unfinished(company, args.previous, args.today)
        if not carries:
            print(t.label("new.nothing_to_carry", cycle=args.previous), file=sys.stderr)
            return []
        if args.objective or args.kr:
            chosen = carry.select(carries, args.objective, args.kr, t)
        elif not args.all and sys.stdin.isatty():
            chosen = ask(carries, t)
        else:
            chosen = carries
        if not chosen:
            print(t.label("new.nothing_chosen"), file=sys.stderr)
            return []
        if args.dry_run:
            for carried in chosen:
                print(f"{args.next}/{carried.short_id}.md: {', '.join(carried.chosen)}")
            return []
        written, skipped = carry.write_cycle(company, args.content, args.next, chosen, t)
        for path in skipped:
            print(t.label("new.skipped", path=shown_path(path)), file=sys.stderr)
        if written:
            print(t.label("new.next_step"), file=sys.stderr)
        return written

    return _writing(args, write)


def run_new_objective(args) -> int:
    from .authoring.objective import write_objective
    from .authoring.place import check_team, cycle_to_write

    def write(company, t):
        check_team(company, args.team, t)
        cycle = cycle_to_write(company, args.team, args.today, args.cycle, t)
        return [write_objective(company, args.content, args.team, cycle, args.title, args.slug, t)]

    return _writing(args, write)


def run_new_checkin(args) -> int:
    from .authoring.checkin import write_checkin_template
    from .authoring.place import check_team, cycle_to_write

    def write(company, t):
        day = _date(args.date, args.today)
        check_team(company, args.team, t)
        cycle = cycle_to_write(company, args.team, day, args.cycle, t)
        return [write_checkin_template(company, args.content, args.team, day, cycle, args.author, t)]

    return _writing(args, write)


def run_checkin(args) -> int:
    from .authoring.checkin import read_set_options, write_checkin

    def write(company, t):
        day = _date(args.date, args.today)
        found, _, cycle = read_set_options(company, args.team, day, args.pairs, args.confidence, t)
        return [write_checkin(company, args.content, args.team, day, found, cycle, args.confidence,
                              args.message, args.author, t)]

    return _writing(args, write)


# --- okrsite init: a company's repository from the starter templates (the logic is in init.py) ---


def _init_command(commands) -> None:
    from .init import FORGES, LANGUAGES

    init = commands.add_parser(
        "init", help="write a company's OKR repository, ready to commit (never overwrites a file)",
        description="Write mkdocs.yml, content/okrsite.yml, a guide for employees, the CI pipeline, a pinned "
        "requirements file, .gitignore, a pre-commit configuration and a README into DIR. Asks in a terminal "
        "for what is missing, takes the defaults otherwise. A file that is there already is left alone.",
    )
    init.add_argument("folder", metavar="DIR", nargs="?", type=Path, default=Path("."), help="default: here")
    init.add_argument("--company", help="the company's name (default: Example AB)")
    init.add_argument("--language", choices=LANGUAGES, help="the site's and the guide's language (default: en)")
    init.add_argument("--ci", choices=FORGES, help="the pipeline to write (default: github)")
    init.add_argument("--fiscal-year-start", type=int, choices=range(1, 13), metavar="MONTH",
                      help="the month the fiscal year starts, 1-12 (default: 1, calendar years)")
    init.add_argument("--repo-url", help="the repository's address, linked from every page (default: none)")
    init.add_argument("--today", help="the date the cycles start from, YYYY-MM-DD (default: the real date)")
    init.set_defaults(run=run_init)


def run_init(args) -> int:
    from .init import FORGES, LANGUAGES, Answers, starter_files, write_files
    from .load import shown_path

    t = Translator()
    answers = Answers()  # the defaults, until an option or an answer says otherwise
    asking = sys.stdin.isatty()
    questions = (  # (attribute, option given, label, choices)
        ("company", args.company, "init.ask_company", None),
        ("language", args.language, "init.ask_language", LANGUAGES),
        ("ci", args.ci, "init.ask_ci", FORGES),
        ("fiscal_year_start", args.fiscal_year_start, "init.ask_fiscal_year_start", [str(m) for m in range(1, 13)]),
        ("repo_url", args.repo_url, "init.ask_repo_url", None),
    )
    for name, given, label, choices in questions:
        value = given if given is not None else (_ask(t, label, getattr(answers, name), choices) if asking else None)
        value = value.strip() if isinstance(value, str) else value
        if value not in (None, ""):  # a blank answer is no answer: the default
            setattr(answers, name, int(value) if name == "fiscal_year_start" else value)
    written, left, failed = write_files(args.folder, starter_files(answers, args.today))
    for path in written:
        print(t.label("new.wrote", path=shown_path(path)))
    for path in left:
        print(t.label("init.left_alone", path=shown_path(path)), file=sys.stderr)
    for path, reason in failed:
        print(t.label("init.cannot_write", path=shown_path(path), reason=reason), file=sys.stderr)
    if failed:
        return EXIT_PROBLEMS
    print(t.label("init.next_steps", folder=shown_path(args.folder)), file=sys.stderr)
    return EXIT_OK


def _ask(t: Translator, label: str, default, choices) -> str | None:
    """One question in a terminal; Enter keeps the default, a wrong choice asks again."""
    while True:
        try:
            answer = input(t.label(label, default=default if default is not None else "")).strip()
        except EOFError:
            return None
        if not answer:
            return None
        if choices is None or answer in choices:
            return answer
        print(t.label("init.choose", choices=", ".join(choices)), file=sys.stderr)


def _today(given: str | None) -> dt.date:
    try:
        return resolve_today(given, os.environ)
    except ValueError as error:
        raise UsageError(f"--{error}" if given else str(error)) from None


def _load(args) -> tuple:
    """The company (or None), the report, and the content files as the check saw them."""
    if not args.content.is_dir():
        raise UsageError(f"no content folder at {args.content}")
    # The site's language (mkdocs.yml's beside the content folder): a Swedish company's check speaks Swedish,
    # as its build does; read once, for the messages and for how numbers are written.
    language = content_language(args.content)
    report = Report(Translator(language))
    # Walked once: for the check, and for the count it prints. Not at all without okrsite.yml, which is
    # then the one message (`--content /` would otherwise walk the whole disk first).
    has_organisation = (args.content / ORGANISATION_FILE).is_file()
    files = content_files(args.content) if has_organisation else []
    return check(args.content, args.today, report, language, files), report, files


def run_check(args) -> int:
    company, report, files = _load(args)
    diagnostics = report.sorted()
    output = FORMATS[args.format](diagnostics)
    sys.stdout.write(output)
    if args.format == "text":
        t = report.translator
        files_read = 0 if company is None else 1 + len(files)  # okrsite.yml and the rest
        if diagnostics:
            print(t.label("check.counts", files=t.label("check.files", count=files_read),
                          errors=t.label("check.errors", count=len(report.errors)),
                          warnings=t.label("check.warnings", count=len(report.warnings))),
                  file=sys.stderr)
        else:
            print(t.label("check.ok", files=files_read), file=sys.stderr)
    failed = report.errors or (args.strict and report.warnings)
    code = EXIT_PROBLEMS if failed else EXIT_OK
    if args.whole_process:
        _end_process(code)  # while the company is still held here
    return code


def _end_process(code: int) -> None:
    """Ends the process now: `check` has said all it has to say, and the interpreter's way out would
    free a whole company's objects one by one and collect what is left, a twelfth of a large check's
    time. Any trouble printing, and it takes the usual way."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _language_options(command) -> None:
    command.add_argument("--language", help="en or sv (default: the site's, mkdocs.yml's theme.language; else en)")
    command.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                         help="the site's configuration, read for its language (default: mkdocs.yml)")


def site_language(args) -> str:
    """--language, else the site's (theme.language in mkdocs.yml, if there is one), else English:
    a digest posted to the team's chat speaks as the intranet does."""
    if args.language:
        return args.language
    return configured_language(args.config_file)


def run_summary(args) -> int:
    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator(site_language(args)).numbers_in(company.organisation.number_style)  # as the site prints
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
    from .site import build_site

    company = _loaded(args)
    if company is None:
        return EXIT_PROBLEMS
    t = Translator(site_language(args)).numbers_in(company.organisation.number_style)  # as the site prints
    site = build_site(company, args.today)
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
    from .adapter.publish import BuildFailed, build
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
    from .adapter.publish import serve

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
