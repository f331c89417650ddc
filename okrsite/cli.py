"""`okrsite`: the command line. Each subcommand is a short pipeline over the core."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .diagnostics import FORMATS, Report
from .i18n import Translator
from .load import load
from .rollup import current_cycle, rollup_cycle
from .summary import render_summary
from .validate import validate

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
    return parser


def _today(given: str | None) -> dt.date:
    text = given or os.environ.get("OKRSITE_TODAY")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        source = "--today" if given else "OKRSITE_TODAY"
        raise UsageError(f"{source} must be a date as YYYY-MM-DD, not {text!r}") from None


def _load(args) -> tuple:
    if not args.content.is_dir():
        raise UsageError(f"no content folder at {args.content}")
    report = Report()
    company = load(args.content, report)
    if company is not None:
        validate(company, args.today, report)
    return company, report


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
