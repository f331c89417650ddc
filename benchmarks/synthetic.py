"""A deterministic synthetic company in the okrsite content format.

``generate(root)`` writes a large but realistic content tree (see README,
"The content format"): ``okrsite.yml`` with ~300 people and ~60 teams in
departments, the company's objectives per cycle, every team's objectives with
key results of every kind, and one check-in per team and week.  The same
arguments always give byte-identical files: all randomness comes from one
``random.Random(seed)`` and nothing depends on the clock or on global state.

``write_plain_pages(root, count, words_per_page)`` writes ordinary Markdown
pages of similar length, for comparing against a plain ``mkdocs build``.

    python -m benchmarks.synthetic OUT_DIR [--teams 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import functools
import json
import pathlib
import random
import re
import sys
import time
import unicodedata

import yaml

__all__ = ["generate", "write_plain_pages", "cycle_bounds"]

DEFAULT_CYCLES = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")

# --------------------------------------------------------------------------
# YAML scalars written by hand (so that the files look like people wrote them)

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_START_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}:")


@functools.lru_cache(maxsize=65536)
def _resolves_to(text: str) -> str:
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))


def q(text: str, flow: bool = False) -> str:
    """*text* as a YAML string: plain when that is safe, else double-quoted."""
    s = str(text)
    if (
        not s
        or s[0] in _START_INDICATORS
        or s[0].isspace()
        or s[-1].isspace()
        or ": " in s
        or " #" in s
        or s.endswith(":")
        or "\n" in s
        or "\t" in s
        or (flow and any(c in _FLOW_CHARS for c in s))
        or _resolves_to(s) != _STR_TAG
    ):
        return json.dumps(s, ensure_ascii=False)
    return s


def scalar(text: str, flow: bool = False) -> str:
    """A value as people write it: numbers, booleans and dates bare, else :func:`q`."""
    if _resolves_to(text) in (
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:timestamp",
    ):
        return text
    return q(text, flow)


def flow_list(items) -> str:
    return "[" + ", ".join(q(i, flow=True) for i in items) + "]"


# --------------------------------------------------------------------------
# Cycles


def cycle_bounds(cycle) -> tuple[str, dt.date, dt.date]:
    """(id, first day, last day) of a calendar cycle id or a {id, start, end} dict."""
    if isinstance(cycle, int):  # "- 2026" in YAML is an int
        cycle = str(cycle)
    if isinstance(cycle, dict):
        start, end = cycle["start"], cycle["end"]
        if isinstance(start, str):
            start = dt.date.fromisoformat(start)
        if isinstance(end, str):
            end = dt.date.fromisoformat(end)
        return cycle["id"], start, end
    m = re.fullmatch(r"(\d{4})-Q([1-4])", cycle)
    if m:
        year, qn = int(m[1]), int(m[2])
        first, last = 3 * qn - 2, 3 * qn
    else:
        m = re.fullmatch(r"(\d{4})-H([12])", cycle)
        if m:
            year, hn = int(m[1]), int(m[2])
            first, last = 6 * hn - 5, 6 * hn
        elif re.fullmatch(r"\d{4}", cycle):
            year, first, last = int(cycle), 1, 12
        else:
            raise ValueError(
                f"cycle {cycle!r}: use YYYY-Qn, YYYY-Hn, YYYY or a dict with id, start and end"
            )
    return (
        cycle,
        dt.date(year, first, 1),
        dt.date(year, last, calendar.monthrange(year, last)[1]),
    )


# --------------------------------------------------------------------------
# Word banks

FIRST_NAMES = [
    "Astrid", "Björn", "Chen", "Dalia", "Erik", "Fatima", "Gustav", "Hanna", "Ingrid", "Jonas",
    "Karin", "Lars", "Maja", "Nils", "Olga", "Per", "Quentin", "Rasmus", "Sofia", "Tomas",
    "Ulla", "Viktor", "Wei", "Xenia", "Yusuf", "Zofia", "Aino", "Bao", "Camille", "Diego",
    "Elif", "Frida", "Goran", "Helmi", "Ida", "Jakob", "Kenji", "Linnea", "Mikko", "Noor",
    "Oskar", "Priya", "Rania", "Sami", "Tuva", "Ulrik", "Vera", "William", "Yara", "Zeynep",
    "Ahmed", "Beatriz", "Carlos", "Dorota", "Emil", "François", "Greta", "Hugo", "Inès", "Jörg",
    "Kaisa", "Leila", "Magnus", "Nadia", "Ole", "Paula", "Ragnhild", "Søren", "Tiina", "Ville",
    "Anouk", "Ben", "Chiara", "David", "Eva", "Felix", "Hiroshi", "Isak", "José", "Klara",
]
LAST_NAMES = [
    "Lindqvist", "Ek", "Wang", "Haddad", "Johansson", "Nilsson", "Berg", "Virtanen", "Larsen",
    "Andersson", "Kowalski", "Novák", "Müller", "García", "Rossi", "Dubois", "Yılmaz", "Tanaka",
    "Okafor", "Patel", "Khan", "Hansen", "Lund", "Sjöberg", "Håkansson", "Korhonen", "Nieminen",
    "Fischer", "Schmidt", "Jensen", "Pedersen", "Olsen", "Dahl", "Strand", "Holm", "Björk",
    "Forsberg", "Sandberg", "Lehtonen", "Mäkinen", "Santos", "Silva", "Kim", "Nguyen", "Ali",
    "Costa", "Moreau", "Laurent", "Bianchi", "Ferrari", "Nowak", "Wójcik", "Horvath", "Szabo",
    "Ivanova", "Petrov", "Aalto", "Eriksen", "Øberg", "Vik",
]
JOB_TITLES = [
    "Engineer", "Senior Engineer", "Staff Engineer", "Product Manager", "Designer",
    "Data Analyst", "Account Executive", "Marketing Manager", "Recruiter", "Controller",
    "Support Specialist", "Security Engineer", "Engineering Manager", "Researcher",
]
DEPARTMENTS = [
    ("product", "Product"), ("engineering", "Engineering"), ("platform", "Platform"),
    ("growth", "Growth"), ("sales", "Sales"), ("marketing", "Marketing"),
    ("customer", "Customer Success"), ("finance", "Finance"), ("people", "People"),
    ("data", "Data & Analytics"), ("security", "Security & IT"), ("operations", "Operations"),
    ("legal", "Legal & Compliance"), ("partners", "Partnerships"),
]
TEAM_WORDS = [
    "mobile", "web", "payments", "checkout", "search", "onboarding", "billing", "identity",
    "api", "infra", "sre", "devex", "ml", "analytics", "warehouse", "insights", "pricing",
    "seo", "content", "brand", "events", "enterprise", "smb", "nordics", "dach", "benelux",
    "uk", "support", "success", "community", "fpa", "accounting", "procurement", "talent",
    "learning", "workplace", "appsec", "it", "compliance", "privacy", "logistics", "vendor",
    "design", "research", "growth-loops", "lifecycle", "partners-tech", "resellers",
    "localisation", "accessibility", "notifications", "messaging", "maps", "media", "ledger",
    "fraud", "risk", "treasury", "payroll", "facilities", "qa", "release", "docs", "sdk",
    "integrations", "marketplace", "ads", "affiliates", "retention", "sales-ops", "solutions",
]
OBJECTIVE_TITLES = [
    "Make the mobile app a joy to use", "Become the fastest checkout in the Nordics",
    "Turn support into a reason to stay", "Build a platform teams love to ship on",
    "Grow revenue without growing costs", "Win the mid-market", "Make every release boring",
    "Know our customers better than anyone", "Cut the time from idea to production",
    "Make our data trustworthy", "Hire and keep great people", "Open the German market",
    "Get security ahead of our customers' questions", "Double self-serve growth",
    "Make onboarding effortless", "Close the books in five days", "Build a brand people recognise",
    "Make pricing simple and fair", "Keep the lights on, quietly", "Scale partnerships",
    "Delight enterprise admins", "Reduce churn in the first 90 days", "Ship the new design system",
    "Make search feel instant", "Grow the community", "Automate the boring parts of finance",
    "Make our APIs a pleasure to integrate", "Lower our cloud bill", "Be compliant by default",
    "Grow a learning culture", "Make incidents rare and short", "Turn data into decisions",
    "Expand in Benelux", "Raise the bar on quality", "Make hiring fast and fair",
    "Build trust with every invoice", "Make content that ranks", "Launch the marketplace",
    "Make our apps accessible to everyone", "Stop fraud before it happens",
]
EMOJI = ["📱", "🚀", "🌍", "💶", "🔒", "⚡", "🎯", "🌱", "🛠️", "📈"]
COMPANY_OBJECTIVES = [
    "Win the Nordics", "Delight our customers", "Grow profitably", "Build a world-class platform",
    "Be a great place to work", "Expand into Europe", "Earn our customers' trust",
    "Lead with product", "Operate efficiently", "Make data our advantage",
]
SENTENCES = [
    "This matters because our customers told us so, over and over, in every interview this year.",
    "We picked these key results after looking at last cycle's numbers together with the teams that depend on us.",
    "The baseline comes from the dashboard we agreed on in the planning session.",
    "If we only reach half of this, we will still have learned where the real bottleneck is.",
    "We expect the first weeks to be slow while we set up the measurements.",
    "Most of the work is shared with the platform teams, so we will check in with them every week.",
    "The target is ambitious on purpose: a 0.7 would be a good result.",
    "We keep the scope small so that the team can finish what it starts.",
    "Success looks like fewer escalations and a calmer on-call rotation.",
    "Customers in the pilot already asked when they can have it.",
    "We will drop anything that does not move one of these numbers.",
    "Finance and Legal reviewed the plan and are fine with the timeline.",
    "The numbers are weekly averages, measured on Monday mornings.",
    "Last cycle we underestimated the migration; this time it has its own key result.",
    "We want this to be the default way of working, not a project.",
]
WINS = [
    "{kr} moved in the right direction after the experiment went to 50 %.",
    "Shipped the first slice of {kr}.",
    "Good feedback from two enterprise customers on {kr}.",
    "The new dashboard for {kr} is live and everyone can see it.",
    "Closed the long-standing bug behind {kr}.",
    "Pairing with the platform team unblocked {kr}.",
]
BLOCKERS = [
    "Waiting for a security review before we can roll out {kr}.",
    "Two people out sick this week; {kr} slipped.",
    "The data for {kr} is a week behind because of the warehouse migration.",
    "Vendor contract for {kr} still not signed.",
    "Unclear ownership between us and another team on {kr}.",
]
ACTIONS = [
    "follow up with Legal on the contract",
    "write the rollout plan",
    "book the customer interviews",
    "fix the tracking of the funnel step",
    "pair with the platform team on the migration",
    "draft the announcement",
    "review the alert thresholds",
    "clean up the backlog for next week",
    "share the numbers in the all-hands",
    "ask Finance for the updated forecast",
]
RETRO = {
    "reached": ["Mostly.", "Yes, and a bit more.", "Partly: the hardest key result moved least.", "No, we stopped halfway."],
    "helped": ["Weekly check-ins kept us honest.", "A small, stable team.", "Early customer feedback.", "Good tooling from the platform team."],
    "blocked": ["A long incident in the middle of the cycle.", "Hiring took longer than planned.", "Dependencies on other teams.", "Unclear measurements at the start."],
    "change": ["Set a higher target next time.", "Nothing, it was well calibrated.", "Split it into two key results."],
    "learned": ["Measure before committing to a target.", "Keep reliability in its own objective.", "Fewer key results, owned by one person each."],
}
ACRONYMS = {"it", "ml", "sre", "fpa", "uk", "seo", "qa", "sdk", "api", "smb", "dach"}
PAGE_TOPICS = [
    "How we plan a quarter", "Writing good key results", "Our engineering principles",
    "Onboarding checklist", "Incident response", "Travel and expenses", "Code review guide",
    "Working with design", "Release process", "Customer interview guide", "Security basics",
    "Meeting etiquette", "How we hire", "Career framework", "Remote work", "Data glossary",
    "On-call handbook", "Brand voice", "Procurement", "Budget process",
]
PAGE_SECTIONS = ["guide", "handbook", "engineering", "policies", "how-to"]
WORDS = (
    "team customer quarter plan review metric release goal owner process feedback roadmap "
    "design support budget risk decision meeting document weekly platform quality service "
    "incident priority launch contract hiring growth learning cost data report"
).split()

# --------------------------------------------------------------------------
# Small helpers


def slugify(text: str, max_len: int = 40) -> str:
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss")
    text = text.replace("ı", "i").replace("ł", "l").replace("%", " pct ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "x"


def unique(base: str, taken: set) -> str:
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def _trim(x: float, digits: int) -> str:
    """x with at most *digits* decimals and no trailing zeros (12.0 -> 12)."""
    s = f"{x:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


# Number styles: (x, precise) -> text as people write it.  All of them are in
# the README's "Numbers as people write them" grammar.
def _fmt_int(x, precise):
    return str(int(round(x)))


def _fmt_dec1(x, precise):
    return f"{x:.1f}" if precise else _trim(x, 1)


def _fmt_comma(x, precise):
    return f"{int(round(x)):,}"


def _fmt_k(x, precise):
    return _trim(x / 1e3, 1) + "k"


def _fmt_ms(x, precise):
    return f"{int(round(x))} ms"


def _fmt_pct0(x, precise):
    return f"{_trim(x, 1) if precise else _trim(x, 0)} %"


def _fmt_pct1(x, precise):
    return f"{x:.1f} %"


def _fmt_pct2(x, precise):
    return f"{x:.2f} %"


def _cur(prefix, suffix, div, mag, digits):
    def f(x, precise):
        return f"{prefix}{_trim(x / div, digits + (1 if precise else 0))}{mag}{suffix}"
    return f


NUMBER_STYLES = {
    "int": _fmt_int,
    "dec1": _fmt_dec1,
    "comma": _fmt_comma,
    "k": _fmt_k,
    "ms": _fmt_ms,
    "pct0": _fmt_pct0,
    "pct1": _fmt_pct1,
    "pct2": _fmt_pct2,
    "eur_m": _cur("", " EUR", 1e6, "M", 1),
    "eur_code_m": _cur("EUR ", "", 1e6, "M", 1),
    "eur_sym_m": _cur("€", "", 1e6, "M", 1),
    "eur_k": _cur("", " EUR", 1e3, "k", 0),
    "usd_k": _cur("$", "", 1e3, "k", 0),
    "sek_m": _cur("", " SEK", 1e6, "M", 1),
}

# Numeric key result templates:
# (kind, title pattern, id, kpi, (start lo, hi), target factor or delta (lo, hi), mode, styles)
# mode "mul": target = start * factor; "add": target = start + delta; "abs": target drawn from range.
NUMERIC_TEMPLATES = [
    ("increase", "Grow weekly active users from {s} to {t}", "wau", "WAU", (8000, 60000), (1.2, 1.6), "mul", ("comma", "k")),
    ("increase", "Raise NPS from {s} to {t}", "nps", "NPS", (20, 45), (10, 25), "add", ("int",)),
    ("increase", "Reach a {t} store rating", "store-rating", None, (3.8, 4.2), (0.2, 0.5), "add", ("dec1",)),
    ("increase", "Generate {t} qualified leads a month", "leads", "MQL", (300, 1500), (1.3, 1.8), "mul", ("comma", "int")),
    ("increase", "Grow enterprise customers from {s} to {t}", "enterprise-customers", None, (20, 120), (1.2, 1.5), "mul", ("int",)),
    ("increase", "Deploy to production {t} times a week", "deploys", "DORA", (5, 20), (1.8, 2.5), "mul", ("int",)),
    ("increase", "Publish {t} reviewed help-centre articles", "articles", None, (0, 0), (40, 120), "abs", ("int",)),
    ("increase", "Run {t} customer interviews", "interviews", None, (0, 0), (20, 60), "abs", ("int",)),
    ("increase", "Grow API calls per day from {s} to {t}", "api-calls", None, (1.5e6, 6e6), (1.3, 1.8), "mul", ("comma",)),
    ("decrease", "Cut p95 API latency from {s} to {t}", "p95", None, (300, 800), (0.6, 0.8), "mul", ("ms",)),
    ("decrease", "Bring open support tickets down from {s} to {t}", "open-tickets", None, (800, 3000), (0.7, 0.85), "mul", ("comma",)),
    ("decrease", "Cut weekly uninstalls from {s} to {t}", "uninstalls", None, (900, 2000), (0.8, 0.9), "mul", ("comma",)),
    ("decrease", "Cut time to hire from {s} to {t} days", "time-to-hire", None, (40, 60), (0.65, 0.8), "mul", ("int",)),
    ("decrease", "Reduce the monthly cloud bill from {s} to {t}", "cloud-cost", None, (150e3, 400e3), (0.75, 0.9), "mul", ("eur_k", "usd_k")),
    ("decrease", "Reduce monthly churn from {s} to {t}", "churn", "Churn", (2.5, 5.0), (0.6, 0.8), "mul", ("pct1",)),
    ("decrease", "Cut the share of failed deploys from {s} to {t}", "failed-deploys", None, (8, 20), (0.4, 0.6), "mul", ("pct0",)),
    ("percentage", "Raise activation from {s} to {t}", "activation", "Activation", (40, 65), (8, 20), "add", ("pct0",)),
    ("percentage", "Raise trial-to-paid conversion from {s} to {t}", "conversion", "Conversion", (8, 15), (2, 6), "add", ("pct1",)),
    ("percentage", "Raise test coverage of the core from {s} to {t}", "coverage", None, (55, 75), (8, 15), "add", ("pct0",)),
    ("percentage", "Answer {t} of tickets within one hour", "first-response", None, (60, 80), (8, 15), "add", ("pct0",)),
    ("percentage", "Get {t} of invoices paid on time", "paid-on-time", None, (70, 85), (5, 10), "add", ("pct0",)),
    ("percentage", "Raise the engagement survey score from {s} to {t}", "engagement", None, (65, 78), (4, 10), "add", ("pct0",)),
    ("currency", "Close {t} in new ARR", "new-arr", "ARR", (0.8e6, 3e6), (1.2, 1.5), "mul", ("eur_m", "eur_code_m", "eur_sym_m", "sek_m")),
    ("currency", "Build a pipeline worth {t}", "pipeline", "Pipeline", (2e6, 8e6), (1.2, 1.6), "mul", ("eur_m", "eur_code_m")),
    ("currency", "Grow expansion revenue from {s} to {t}", "expansion", None, (200e3, 800e3), (1.2, 1.5), "mul", ("eur_k", "usd_k")),
    ("currency", "Mobile subscriptions worth {t} ARR", "arr", "ARR", (1.5e6, 3e6), (1.2, 1.4), "mul", ("eur_m", "eur_sym_m")),
]
BOOLEAN_TITLES = [
    ("SOC 2 Type II report published", "soc2"),
    ("GDPR data map signed off by Legal", "gdpr-map"),
    ("New pricing page live", "pricing-page"),
    ("Warehouse migration cut over", "warehouse-cutover"),
    ("Partner agreement signed with a Nordic bank", "bank-partner"),
    ("On-call rotation staffed around the clock", "on-call"),
    ("ISO 27001 audit passed", "iso27001"),
    ("Single sign-on available to all customers", "sso"),
    ("Status page moved to the new provider", "status-page"),
]
MILESTONE_TEMPLATES = [
    ("Ship the redesigned onboarding", "redesign",
     ["Research done", "Prototype tested with 10 users", "Beta with 5 % of users", ("Released to everyone", 2)]),
    ("Migrate billing to the new ledger", "ledger-migration",
     ["Design reviewed", "Dual writes on", "Backfill complete", ("Old ledger switched off", 2)]),
    ("Launch in Germany", "launch-de",
     ["Legal entity registered", "Local payment methods live", "Website translated", "First 10 customers"]),
    ("Roll out the career framework", "career-framework",
     ["Draft shared with managers", "Feedback round done", "Levels published", "Everyone calibrated"]),
    ("Move all services to the new cluster", "cluster-move",
     ["Staging migrated", ("Stateless services migrated", 2), ("Databases migrated", 3)]),
    ("Launch the partner portal", "partner-portal",
     ["Requirements agreed with partners", "MVP built", "Pilot with 3 partners", "General availability"]),
    ("Replace the old CRM", "crm",
     ["Vendor chosen", "Data model mapped", "Sales team trained", ("Old CRM read-only", 2)]),
]
MAINTAIN_TEMPLATES = [
    ("Keep uptime at 99.9 % or better", "uptime", ">= 99.9 %", 99.95, 0.03, "pct2"),
    ("Keep p99 checkout latency under 800 ms", "p99-checkout", "<= 800 ms", 650.0, 60.0, "ms"),
    ("Keep customer satisfaction at 4.5 or more", "csat", "at least 4.5", 4.65, 0.08, "dec1"),
    ("Keep crash-free sessions at 99.5 % or better", "crash-free", ">= 99.5 %", 99.7, 0.1, "pct2"),
    ("Keep the error rate at 0.5 % or lower", "error-rate", "<= 0.5 %", 0.3, 0.08, "pct2"),
]
KIND_WEIGHTS = [
    ("increase", 25), ("decrease", 15), ("percentage", 20), ("currency", 12),
    ("boolean", 8), ("milestones", 12), ("maintain", 8),
]


# --------------------------------------------------------------------------
# Key results: a spec with its front-matter lines and a value function


class _KR:
    __slots__ = ("id", "title", "kind", "lines", "perf", "start_v", "target_v", "fmt",
                 "milestones", "done_at", "threshold", "op", "noise", "due_t")

    def value(self, t: float, rng: random.Random):
        """The check-in value at elapsed share *t* of the cycle: text, list or None (skip)."""
        if self.kind == "milestones":
            n = len(self.milestones)
            k = min(n, int(n * min(1.0, self.perf * t / self.due_t) + 0.15))
            if k == 0:  # nothing done yet: some teams say so, others leave it out
                return [] if rng.random() < 0.5 else None
            return self.milestones[:k]
        if self.kind == "boolean":
            return "true" if self.done_at is not None and t >= self.done_at else "false"
        if self.kind == "maintain":
            base = self.start_v
            v = base + rng.gauss(0, self.noise)
            if rng.random() < 0.03:  # an occasional breach
                v = self.threshold - self.noise if self.op == ">=" else self.threshold + self.noise
            if self.fmt in ("pct2",):
                v = min(v, 100.0)
            return NUMBER_STYLES[self.fmt](v, True)
        s, g = self.start_v, self.target_v
        share = self.perf * (t ** rng.uniform(0.9, 1.3)) + rng.gauss(0, 0.03)
        v = s + (g - s) * share
        if self.kind == "percentage" or self.fmt.startswith("pct"):
            v = max(0.0, min(100.0, v))
        v = max(v, 0.0)
        return NUMBER_STYLES[self.fmt](v, True)


def _pick(rng: random.Random, options: list, used: set):
    """A random option not used yet in this team's cycle (any, once all are used)."""
    fresh = [o for o in options if id(o) not in used] or options
    choice = rng.choice(fresh)
    used.add(id(choice))
    return choice


def _make_kr(rng: random.Random, kind: str, taken_ids: set, cycle_start: dt.date,
             cycle_end: dt.date, members: list[str], objective_lines_extra=None,
             used: set | None = None) -> _KR:
    used = set() if used is None else used
    kr = _KR()
    kr.kind = kind
    kr.perf = min(1.15, max(0.15, rng.gauss(0.75, 0.22)))
    kr.due_t = 1.0
    lines: list[str] = []
    if kind in ("increase", "decrease", "percentage", "currency"):
        tpl = _pick(rng, [t for t in NUMERIC_TEMPLATES if t[0] == kind], used)
        _, pattern, base_id, kpi, (lo, hi), (flo, fhi), mode, styles = tpl
        style = rng.choice(styles)
        fmt = NUMBER_STYLES[style]
        start = rng.uniform(lo, hi)
        # round the start and target the way planners do
        if mode == "abs":
            start, target = 0.0, float(round(rng.uniform(flo, fhi)))
        elif mode == "add":
            target = start + rng.uniform(flo, fhi)
        else:
            target = start * rng.uniform(flo, fhi)
        start, target = _round_nice(start, style), _round_nice(target, style)
        if target == start:
            target = start * (1.25 if kind != "decrease" else 0.75) or 10.0
            target = _round_nice(target, style)
        if style.startswith("pct"):
            target = min(target, 99.0)
        s_txt, t_txt = fmt(start, False), fmt(target, False)
        if float(_num(s_txt)) == float(_num(t_txt)):  # rounding made them equal
            target = start * (1.3 if kind != "decrease" else 0.7)
            s_txt, t_txt = fmt(start, False), fmt(target, False)
        kr.title = pattern.format(s=s_txt, t=t_txt)
        kr.id = unique(base_id, taken_ids)
        kr.start_v, kr.target_v, kr.fmt = start, target, style
        lines.append(f"start: {scalar(s_txt)}")
        lines.append(f"target: {scalar(t_txt)}")
        if kind == "increase" and rng.random() < 0.15:
            lines.insert(0, "kind: increase")
        if kpi and rng.random() < 0.5:
            lines.append(f"kpi: {q(kpi)}")
    elif kind == "boolean":
        title, base_id = _pick(rng, BOOLEAN_TITLES, used)
        kr.title, kr.id = title, unique(base_id, taken_ids)
        kr.done_at = rng.uniform(0.5, 0.95) if kr.perf >= 0.7 else None
        lines.append("kind: boolean")
    elif kind == "milestones":
        title, base_id, ms = _pick(rng, MILESTONE_TEMPLATES, used)
        kr.title, kr.id = title, unique(base_id, taken_ids)
        kr.milestones = [m if isinstance(m, str) else m[0] for m in ms]
        kr.due_t = rng.uniform(0.7, 1.0)
        due = cycle_start + dt.timedelta(days=int((cycle_end - cycle_start).days * kr.due_t))
        lines.append(f"due: {due.isoformat()}")
        lines.append("milestones:")
        for m in ms:
            if isinstance(m, str):
                lines.append(f"  - {q(m)}")
            else:
                lines.append(f"  - title: {q(m[0])}")
                lines.append(f"    weight: {m[1]}")
    else:  # maintain
        title, base_id, threshold, start, noise, style = _pick(rng, MAINTAIN_TEMPLATES, used)
        kr.title, kr.id = title, unique(base_id, taken_ids)
        op = ">=" if threshold.startswith((">=", "at least")) else "<="
        kr.threshold = float(re.search(r"[\d.]+", threshold).group())
        kr.op, kr.start_v, kr.noise, kr.fmt = op, start, noise, style
        lines.append(f"maintain: {q(threshold)}")
        lines.append(f"start: {scalar(NUMBER_STYLES[style](start, True))}")
    if rng.random() < 0.2 and members:
        lines.append(f"owner: {rng.choice(members)}")
    if rng.random() < 0.1:
        lines.append("weight: 2")
    if objective_lines_extra:
        lines.extend(objective_lines_extra)
    kr.lines = lines
    return kr


_NUM_RE = re.compile(r"-?[\d,]*\.?\d+")


def _num(text: str) -> float:
    m = _NUM_RE.search(text)
    return float(m.group().replace(",", "")) if m else 0.0


def _round_nice(x: float, style: str) -> float:
    if style in ("pct1", "dec1"):
        return round(x, 1)
    if style in ("pct0", "pct2", "int", "ms"):
        return float(round(x))
    if style in ("comma", "k"):
        step = 100 if x >= 1000 else 10
        if x >= 100_000:
            step = 1000
        return float(round(x / step) * step)
    if style.endswith("_m"):
        return round(x / 1e5) * 1e5
    if style.endswith("_k"):
        return round(x / 1e3) * 1e3
    return x


# --------------------------------------------------------------------------
# The organisation


def _make_people(rng: random.Random, n: int):
    """n people: list of (id, display name); ids unique, lowercase."""
    people: list[tuple[str, str]] = []
    taken: set = set()
    full_taken: set = set()
    while len(people) < n:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        full = f"{first} {last}"
        if full in full_taken:
            continue
        full_taken.add(full)
        f_slug, l_slug = slugify(first), slugify(last)
        for cand in (f_slug, f"{f_slug}-{l_slug[0]}", f"{f_slug}-{l_slug}", f"{f_slug}_{l_slug}"):
            if cand not in taken:
                pid = cand
                break
        else:
            pid = unique(f"{f_slug}-{l_slug}", taken)
        taken.add(pid)
        people.append((pid, full))
    return people


def generate(
    root: pathlib.Path,
    *,
    teams: int = 60,
    cycles=DEFAULT_CYCLES,
    objectives_per_team: int = 3,
    seed: int = 1,
    company_checkins: bool = True,
    checkins_until: dt.date | None = None,
) -> dict:
    """Write a synthetic company into *root* (created; must be empty) and return counts.

    teams: teams that own OKRs (departments, ~one per 6 teams, come on top).
    company_checkins: also check in the company's own key results weekly.
    checkins_until: no check-ins after this date (default: every week of every cycle).
    """
    root = pathlib.Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; generate into an empty or new directory")
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = 0
    n_objectives = n_krs = n_checkins = 0
    domain = "fjordvik.example"

    # ---- departments, teams, people
    n_depts = max(1, round(teams / 6))
    depts = []
    for i in range(n_depts):
        if i < len(DEPARTMENTS):
            depts.append(DEPARTMENTS[i])
        else:
            depts.append((f"dept-{i + 1}", f"Department {i + 1}"))
    team_ids: list[str] = []
    taken_team_ids = {d[0] for d in depts} | {"company"}
    words = list(TEAM_WORDS)
    rng.shuffle(words)
    for i in range(teams):
        base = words[i % len(words)]
        if i >= len(words):
            base = f"{base}-{i // len(words) + 1}"
        team_ids.append(unique(base, taken_team_ids))
    team_dept = {tid: depts[i * n_depts // teams][0] for i, tid in enumerate(team_ids)}
    team_size = {tid: rng.choice((4, 4, 5, 5, 5, 6)) for tid in team_ids}
    n_execs = 3
    n_people = sum(team_size.values()) + n_depts + n_execs
    people = _make_people(rng, n_people)
    pids = [p for p, _ in people]
    execs = pids[:n_execs]
    dept_leads = {d[0]: pids[n_execs + i] for i, d in enumerate(depts)}
    pos = n_execs + n_depts
    team_members: dict[str, list[str]] = {}
    for tid in team_ids:
        team_members[tid] = pids[pos:pos + team_size[tid]]
        pos += team_size[tid]
    # a few people also work in a second team (designers, analysts)
    for tid in team_ids:
        if rng.random() < 0.15:
            other = rng.choice(pids[n_execs + n_depts:])
            if other not in team_members[tid]:
                team_members[tid] = team_members[tid] + [other]
    team_lead = {tid: team_members[tid][0] for tid in team_ids}
    exec_titles = ["CEO", "CTO", "CFO"]
    person_title = {execs[i]: exec_titles[i] for i in range(n_execs)}
    for d, lead in dept_leads.items():
        person_title[lead] = f"Head of {dict(depts)[d]}"

    cycle_info = [cycle_bounds(c) for c in cycles]

    # ---- okrsite.yml
    out = ["company: Fjordvik Group AB", "fiscal_year_start: 1", "", "cycles:"]
    for c, (cid, cs, ce) in zip(cycles, cycle_info):
        if isinstance(c, dict):
            out.append(f"  - id: {q(cid)}")
            out.append(f"    name: {q(c.get('name', cid))}")
            out.append(f"    start: {cs.isoformat()}")
            out.append(f"    end: {ce.isoformat()}")
        else:
            out.append(f"  - {cid}")
    out += ["", "people:"]
    for pid, name in people:
        if pid in person_title or rng.random() < 0.3:
            out.append(f"  {pid}:")
            out.append(f"    name: {q(name)}")
            out.append(f"    email: {pid.replace('_', '.')}@{domain}")
            out.append(f"    title: {q(person_title.get(pid) or rng.choice(JOB_TITLES))}")
        else:
            out.append(f"  {pid}: {q(name)}")
    out += ["", "teams:"]
    for d, dname in depts:
        out.append(f"  {d}:")
        out.append(f"    name: {q(dname)}")
        out.append(f"    lead: {dept_leads[d]}")
        for tid in team_ids:
            if team_dept[tid] != d:
                continue
            tname = " ".join(w.upper() if w in ACRONYMS else w for w in re.split(r"[-_]", tid))
            tname = tname[0].upper() + tname[1:]
            out.append(f"  {tid}:")
            out.append(f"    name: {q(tname)}")
            out.append(f"    parent: {d}")
            out.append(f"    lead: {team_lead[tid]}")
            out.append(f"    members: {flow_list(team_members[tid])}")
    out += [
        "",
        "defaults:",
        "  stale_after_days: 14",
        "  confidence_scale: 1",
        "",
    ]
    _write(root / "okrsite.yml", "\n".join(out))
    files += 1

    # ---- objectives and check-ins, cycle by cycle
    for ci, (cid, cs, ce) in enumerate(cycle_info):
        is_last = ci == len(cycle_info) - 1
        span = max(1, (ce - cs).days)
        # company objectives
        cdir = root / cid / "company"
        cdir.mkdir(parents=True, exist_ok=True)
        titles = rng.sample(COMPANY_OBJECTIVES, 3)
        company_objs = []  # (slug, [kr ids])
        company_krs: list[_KR] = []
        comp_taken_slugs: set = set()
        comp_taken_kr: set = set()
        comp_used: set = set()
        for oi, title in enumerate(titles):
            slug = unique(slugify(title), comp_taken_slugs)
            krs = [
                _make_kr(rng, kind, comp_taken_kr, cs, ce, execs, used=comp_used)
                for kind in rng.sample(("increase", "currency", "percentage", "decrease"), 3)
            ]
            company_objs.append((slug, [k.id for k in krs]))
            company_krs.extend(krs)
            _write(cdir / f"{slug}.md",
                   _objective_text(rng, title, execs[oi % len(execs)], None, None, krs,
                                   retro=not is_last))
            files += 1
            n_objectives += 1
            n_krs += len(krs)
        if company_checkins:
            n = _write_checkins(rng, cdir, cs, ce, span, company_krs, [execs[0]], execs,
                                checkins_until, weekday=0)
            files += n
            n_checkins += n

        # team objectives
        earlier_krs: list[str] = []  # same-cycle references for depends_on (acyclic)
        for tid in team_ids:
            tdir = root / cid / tid
            tdir.mkdir(parents=True, exist_ok=True)
            members = team_members[tid]
            taken_slugs: set = set()
            taken_kr: set = set()
            used: set = set()
            team_krs: list[_KR] = []
            my_refs: list[str] = []
            for oi in range(objectives_per_team):
                title = rng.choice(OBJECTIVE_TITLES)
                slug = unique(slugify(title), taken_slugs)
                if rng.random() < 0.15:
                    title += " " + rng.choice(EMOJI)
                n = rng.choice((3, 4))
                kinds = [_weighted(rng, KIND_WEIGHTS) for _ in range(n)]
                krs = []
                for kind in kinds:
                    extra = None
                    if earlier_krs and rng.random() < 0.05:
                        extra = [f"depends_on: {flow_list([rng.choice(earlier_krs)])}"]
                    krs.append(_make_kr(rng, kind, taken_kr, cs, ce, members, extra, used))
                c_slug, c_krs = rng.choice(company_objs)
                r = rng.random()
                if r < 0.1:
                    aligns = flow_list([f"company/{c_slug}#{rng.choice(c_krs)}"])
                elif r < 0.2:
                    other = rng.choice(company_objs)[0]
                    aligns = flow_list(sorted({f"company/{c_slug}", f"company/{other}"}))
                elif r < 0.25:
                    aligns = f"{cid}/company/{c_slug}"
                else:
                    aligns = f"company/{c_slug}"
                owner = team_lead[tid] if rng.random() < 0.6 else rng.choice(members)
                state = (cid, tid) if rng.random() < 0.05 else None
                r = rng.random()
                visibility = "confidential" if r < 0.03 else "draft" if r < 0.04 else "public"
                _write(tdir / f"{slug}.md",
                       _objective_text(rng, title, owner, aligns, state, krs, retro=not is_last,
                                       visibility=visibility))
                files += 1
                n_objectives += 1
                n_krs += len(krs)
                team_krs.extend(krs)
                if visibility == "public":  # depends_on only points at visible key results
                    my_refs.extend(f"{tid}/{slug}#{k.id}" for k in krs if k.kind != "maintain")
            n = _write_checkins(rng, tdir, cs, ce, span, team_krs, [team_lead[tid]] + members,
                                members, checkins_until, weekday=rng.choice((0, 1, 2, 3, 3, 4, 4)))
            files += n
            n_checkins += n
            earlier_krs.extend(my_refs)

    return {
        "teams": teams,
        "departments": n_depts,
        "people": len(people),
        "cycles": len(cycle_info),
        "objectives": n_objectives,
        "key_results": n_krs,
        "checkins": n_checkins,
        "files": files,
    }


def _weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for item, w in pairs:
        r -= w
        if r < 0:
            return item
    return pairs[-1][0]


def _write(path: pathlib.Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def _objective_text(rng, title, owner, aligns, state, krs, retro, visibility="public") -> str:
    out = ["---", f"objective: {q(title)}", f"owner: {owner}"]
    if state:
        out += [f"cycle: {q(state[0])}", f"team: {q(state[1])}"]
    if aligns:
        out.append(f"aligns_to: {aligns}")
    r = rng.random()
    if r < 0.08:
        out.append("weight: 2")
    if visibility != "public":
        out.append(f"visibility: {visibility}")
    out.append("key_results:")
    for kr in krs:
        out.append(f"  - id: {kr.id}")
        out.append(f"    title: {q(kr.title)}")
        for line in kr.lines:
            out.append(f"    {line}")
    if retro and rng.random() < 0.6:
        out.append("retrospective:")
        if rng.random() < 0.15:
            out.append(f"  grade: {rng.randrange(0, 11) / 10}")
            out.append("  reason: The final numbers were measured after the cycle ended.")
        for key, options in RETRO.items():
            if rng.random() < 0.85:
                out.append(f"  {key}: {q(rng.choice(options))}")
    out.append("---")
    out.append("")
    out.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
    if rng.random() < 0.4:
        out.append("")
        out.append(" ".join(rng.sample(SENTENCES, 2)))
    out.append("")
    return "\n".join(out)


def _write_checkins(rng, tdir, cs, ce, span, krs, authors, members, until, weekday) -> int:
    if not krs:
        return 0
    cdir = tdir / "checkins"
    d = cs + dt.timedelta(days=(weekday - cs.weekday()) % 7)
    last = min(ce, until) if until else ce
    team_conf = min(0.95, max(0.2, rng.gauss(0.65, 0.15)))
    n = 0
    while d <= last:
        if rng.random() < 0.04:  # a skipped week (holiday, offsite)
            d += dt.timedelta(days=7)
            continue
        t = (d - cs).days / span
        out = ["---", f"checkin: {d.isoformat()}", f"author: {_pick_author(rng, authors)}"]
        if rng.random() < 0.8:
            out.append(f"confidence: {_clamp_conf(rng.gauss(team_conf, 0.1))}")
        vals = []
        for kr in krs:
            if kr.kind != "milestones" and rng.random() < 0.05:
                continue  # not measured this week
            v = kr.value(t, rng)
            if v is None:
                continue
            if rng.random() < 0.12:
                parts = [f"value: {_render(v, flow=True)}",
                         f"confidence: {_clamp_conf(rng.gauss(team_conf, 0.15))}"]
                if rng.random() < 0.4:
                    parts.append(f"note: {q(rng.choice(ACTIONS).capitalize(), flow=True)}")
                vals.append(f"  {kr.id}: {{{', '.join(parts)}}}")
            else:
                vals.append(f"  {kr.id}: {_render(v, flow=False)}")
        if not vals:  # early in a milestone-only cycle: say so explicitly
            vals.append(f"  {krs[0].id}: {_render(krs[0].value(t, rng) or [], flow=False)}")
        out.append("values:")
        out.extend(vals)
        out += ["---", ""]
        sample_titles = [k.title for k in rng.sample(krs, min(2, len(krs)))]
        out.append("## Wins")
        for title in sample_titles[: rng.randint(1, 2)]:
            out.append("- " + rng.choice(WINS).format(kr=f"*{title}*"))
        if rng.random() < 0.5:
            out += ["", "## Blockers"]
            out.append("- " + rng.choice(BLOCKERS).format(kr=f"*{sample_titles[-1]}*"))
        if rng.random() < 0.8:
            out += ["", "## Actions"]
            for _ in range(rng.randint(1, 3)):
                due = d + dt.timedelta(days=rng.choice((3, 7, 7, 14)))
                out.append(f"- @{rng.choice(members)}: {rng.choice(ACTIONS)}, due {due.isoformat()}")
        out.append("")
        if n == 0:
            cdir.mkdir(exist_ok=True)
        _write(cdir / f"{d.isoformat()}.md", "\n".join(out))
        n += 1
        d += dt.timedelta(days=7)
    return n


def _pick_author(rng, authors):
    return authors[0] if rng.random() < 0.7 else rng.choice(authors)


def _clamp_conf(x: float) -> str:
    return f"{min(1.0, max(0.0, round(x, 1))):.1f}"


def _render(v, flow: bool) -> str:
    if isinstance(v, list):
        return flow_list(v)
    return scalar(v, flow)


# --------------------------------------------------------------------------
# Plain pages


def write_plain_pages(root: pathlib.Path, count: int, words_per_page: int, *, seed: int = 1) -> dict:
    """Write *count* ordinary Markdown pages of about *words_per_page* words under *root*.

    Pages go to ``root/<section>/<nnnn>-<topic>.md`` (a few sections), with
    headings, paragraphs, bullet and numbered lists, a table and sometimes
    MkDocs front-matter.  Each page has words_per_page +- 10 % words of text
    (markup such as ``#``, ``-`` and ``|`` not counted).  Returns
    {"pages", "words", "files"}.
    """
    root = pathlib.Path(root)
    rng = random.Random(seed)
    total_words = 0
    for i in range(count):
        topic = PAGE_TOPICS[i % len(PAGE_TOPICS)]
        section = PAGE_SECTIONS[i % len(PAGE_SECTIONS)]
        path = root / section / f"{i + 1:04d}-{slugify(topic)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        target = max(1, int(words_per_page * rng.uniform(0.9, 1.1)))
        out: list[str] = []
        if rng.random() < 0.3:
            out += ["---", f"title: {q(topic)}", f"description: {q('How we work: ' + topic.lower())}", "---", ""]
        out += [f"# {topic}", ""]
        words = len(topic.split())
        block = 0
        while words < target - 40:
            kind = block % 6
            if kind == 0 and block:
                heading = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
                out += [f"## {heading}", ""]
                words += 2
            if kind in (0, 1, 3):
                para = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
                out += [para, ""]
                words += len(para.split())
            elif kind == 2:
                for _ in range(rng.randint(3, 5)):
                    item = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
                    out.append(f"- {item.capitalize()}.")
                    words += len(item.split())
                out.append("")
            elif kind == 4 and block < 6:
                out += ["| Step | Owner | When |", "|---|---|---|"]
                for s in range(rng.randint(3, 5)):
                    out.append(f"| {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} | "
                               f"{rng.choice(FIRST_NAMES)} | week {s + 1} |")
                    words += 5
                out.append("")
            elif kind == 5:
                for n in range(rng.randint(2, 4)):
                    item = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
                    out.append(f"{n + 1}. {item.capitalize()}.")
                    words += len(item.split())
                out.append("")
            block += 1
        if words < target:  # a closing paragraph of exactly the missing words
            filler = " ".join(rng.sample(SENTENCES, 8)).split()[: target - words]
            out += [" ".join(filler).rstrip(".,;:") + ".", ""]
            words += len(filler)
        total_words += words
        _write(path, "\n".join(out))
    return {"pages": count, "words": total_words, "files": count}


# --------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=pathlib.Path, help="empty or new directory to generate into")
    ap.add_argument("--teams", type=int, default=60)
    ap.add_argument("--objectives-per-team", type=int, default=3)
    ap.add_argument("--cycles", default=",".join(DEFAULT_CYCLES), help="comma-separated cycle ids")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--checkins-until", type=dt.date.fromisoformat, default=None,
                    metavar="YYYY-MM-DD", help="no check-ins after this date (default: whole cycles)")
    ap.add_argument("--plain-pages", type=int, default=0, help="also write N plain pages under OUT_DIR/pages")
    ap.add_argument("--words-per-page", type=int, default=600)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = generate(args.out_dir, teams=args.teams, cycles=tuple(args.cycles.split(",")),
                      objectives_per_team=args.objectives_per_team, seed=args.seed,
                      checkins_until=args.checkins_until)
    if args.plain_pages:
        pages = write_plain_pages(args.out_dir / "pages", args.plain_pages, args.words_per_page, seed=args.seed)
        counts["plain_pages"] = pages["pages"]
        counts["files"] += pages["files"]
    elapsed = time.perf_counter() - t0
    for k, v in counts.items():
        print(f"{k:>12}: {v:,}")
    print(f"{'seconds':>12}: {elapsed:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
