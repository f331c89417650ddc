"""`okrsite`: the command line. Each subcommand is a short pipeline over the core."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

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

    # prflow: okrsite diff
    diff = commands.add_parser(
        "diff", parents=[common], help="what a change does in OKR terms, as Markdown (for a pull request)",
        description="Compare the content at two git revisions: objectives and key results added, removed or "
        "renamed, values checked in, the roll-up before and after, and moved goalposts. Exit 1 when either side "
        "has errors.",
    )
    diff.add_argument("base", metavar="BASE", help="the revision to compare against, e.g. origin/main")
    diff.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the changed revision (default: HEAD)")
    diff.set_defaults(run=run_diff)
    return parser


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
        files = sum(1 for _ in args.content.rglob("*") if _.is_file())
        if diagnostics:
            print(t.label("check.counts", files=files, errors=len(report.errors), warnings=len(report.warnings)),
                  file=sys.stderr)
        else:
            print(t.label("check.ok", files=files), file=sys.stderr)
    failed = report.errors or (args.strict and report.warnings)
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_summary(args) -> int:
    company, report = _load(args)
    if report.errors or company is None:
        sys.stderr.write(FORMATS["text"](report.sorted()))
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

    company, report = _load(args)
    if report.errors or company is None:
        sys.stderr.write(FORMATS["text"](report.sorted()))
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

    try:
        target = build(_site_config(args), args.site_dir, args.strict)
    except BuildFailed as error:
        print(f"okrsite: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
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
