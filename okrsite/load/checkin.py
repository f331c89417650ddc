"""A check-in file: the date, each key result's new value, and the Markdown
body's wins, blockers and actions."""

from __future__ import annotations

import datetime as dt
import functools
import re

from ..diagnostics import Report
from ..i18n import reading_words
from ..model import COMPANY, Action, CheckIn, CheckInValue, KeyResult, Kind, Objective, Organisation
from ..numbers import PERCENT, NumberError, NumberStyle, parse_quantity
from .fields import Fields, slugify, suggest, type_name
from .objective import person, unknown_folder
from .source import SourceFile

CHECKIN_KEYS = ("checkin", "team", "cycle", "author", "confidence", "values")
VALUE_KEYS = ("value", "confidence", "note")
_VALUE_KEY_SET = frozenset(VALUE_KEYS)

# The headings and the word for a due date, in every language of the locale tables (`reading:`).
SECTIONS = {name: words for name, words in reading_words().items() if name in ("wins", "blockers", "actions")}
# A heading's word -> its section; the first section naming a word keeps it (the later ones go in first).
_SECTION_OF = {word: name for name, words in reversed(SECTIONS.items()) for word in words}
# Every pattern runs in time linear in the line: no two unbounded runs that can match the same characters.
# Named in the warning on a heading okrsite does not read: each language's first word per section.
_HEADINGS_READ = ", ".join(words[section][0].capitalize() for words in reading_words(by_language=True).values()
                           for section in SECTIONS if words.get(section))
# Found in a whole body at once: no part runs over a line's end. A heading with the newline before it: a
# search finds a pattern that opens with a character quickly, and tries one that opens with `^` at every one.
_HEADING = re.compile(r"\n#{1,6}[ \t]+(?P<title>.*)")
_ITEM = re.compile(r"^(?P<indent>[^\S\n]*)[-*+][^\S\n]+(?:\[(?P<done>[ xX])\][^\S\n]+)?(?P<text>.+)$", re.MULTILINE)
_OWNER = re.compile(r"@(?P<id>[\w-]+)")
_DUE_WORDS = "|".join(re.escape(word) for word in sorted(reading_words()["due"], key=len, reverse=True))
_DUE = re.compile(rf"\b(?:{_DUE_WORDS}):?\s+(?P<date>[^\s,;)]+)\)?", re.IGNORECASE)  # "(due ...)": "(" taken off after
_slug = functools.lru_cache(maxsize=4096)(slugify)  # milestones are named by the same titles week after week
_BOOLEANS = {"true": 1.0, "yes": 1.0, "done": 1.0, "false": 0.0, "no": 0.0, "not done": 0.0}


class KeyResultIndex:
    """Finds the key result a check-in names, among its team's objectives."""

    def __init__(self, objectives: dict[str, Objective], incomplete_teams=frozenset(), moved_teams=None):
        self.incomplete_teams = incomplete_teams  # teams with an objective file that could not be read
        self.by_team: dict[str, list[KeyResult]] = {}
        self._by_id: dict[tuple[str, str], list[KeyResult]] = {}
        # Key results that moved (`moved_from`): found by their old team and id, or old objective#id.
        self._moved: dict[str, list[tuple[str, str, KeyResult]]] = {}  # old team -> (old objective, old id, KR)
        self.used_moves: set[str] = set()  # the old refs some check-in named
        self.unread: set[tuple[str, str]] = set()  # (team, id) of key results declared with errors
        self._in_cycle: dict[tuple[str, str, str], tuple] = {}  # `named` in a cycle, by (team, key, cycle id)
        self._plain: dict[tuple[str, str, str], tuple[KeyResult, str] | None] = {}  # `plain`'s, by the same
        for objective in objectives.values():
            self.by_team.setdefault(objective.team, []).extend(objective.key_results)
            self.unread.update((objective.team, kr_id) for kr_id in objective.unread_key_results)
            for kr in objective.key_results:
                self._by_id.setdefault((objective.team, kr.id), []).append(kr)
                if kr.moved_from and moved_teams:
                    old_objective, _, old_id = kr.moved_from.partition("#")
                    self._moved.setdefault(moved_teams(kr.moved_from), []).append((old_objective, old_id, kr))

    def candidates(self, team: str, key: str) -> list[KeyResult]:
        return self._by_id.get((team, key), [])

    def named(self, team: str, key: str, day: dt.date, cycle, organisation: Organisation):
        """The key results `key` (`kr-id` or `objective#kr-id`) names in `team`: (those in `cycle`,
        or without one in a cycle running on `day`; all of them; whether found by a name they had
        before they moved). The check-in writers find their key results here too. Not to be changed:
        in a cycle, the answer is kept for the team's next check-in naming the same key."""
        if cycle is None:
            return self._named(team, key, day, cycle, organisation)
        found = self._in_cycle.get((team, key, cycle.id))
        if found is None:
            found = self._in_cycle[team, key, cycle.id] = self._named(team, key, day, cycle, organisation)
        return found

    def plain(self, team: str, key: str, day: dt.date, cycle,
              organisation: Organisation) -> tuple[KeyResult, str] | None:
        """The one key result `key` names in `team` and `cycle` (not None), by the name it has now, with
        its ref; else None. Asked for every value a check-in gives: the ref is made once, not once a value."""
        asked = (team, key, cycle.id)
        if asked not in self._plain:
            in_cycle = self.named(team, key, day, cycle, organisation)[0]
            self._plain[asked] = ((in_cycle[0], in_cycle[0].ref) if len(in_cycle) == 1 and not in_cycle[0].moved_from
                                  else None)
        return self._plain[asked]

    def _named(self, team: str, key: str, day: dt.date, cycle, organisation: Organisation):
        if "#" in key:
            objective_id, _, kr_id = key.partition("#")
            candidates = [
                kr
                for kr in self.by_team.get(team, [])
                if kr.id == kr_id and (kr.objective.id == objective_id or kr.objective.id.endswith("/" + objective_id))
            ]
        else:
            candidates = self.candidates(team, key)
        moved = not candidates
        if moved:  # the key result may have moved or been renamed since (`moved_from`)
            candidates = self.moved(team, key)
        if cycle is not None:
            in_cycle = [kr for kr in candidates if kr.objective.cycle == cycle.id]
        else:
            in_cycle = [kr for kr in candidates if organisation.cycles[kr.objective.cycle].contains(day)]
        return in_cycle, candidates, moved

    def moved(self, team: str, key: str) -> list[KeyResult]:
        """Key results that were `key` (an id, or objective#id) in `team` before they moved."""
        objective_id, hash_, kr_id = key.rpartition("#")
        return [kr for old_objective, old_id, kr in self._moved.get(team, [])
                if old_id == (kr_id if hash_ else key)
                and (not hash_ or old_objective == objective_id or old_objective.endswith("/" + objective_id))]


def read_checkin(
    source: SourceFile,
    organisation: Organisation,
    index: KeyResultIndex,
    path_cycle: str | None,
    path_team: str | None,
    report: Report,
) -> CheckIn | None:
    top = Fields(source, (), source.meta, report, "a check-in", CHECKIN_KEYS, organisation.number_style)
    day = top.date("checkin", required=True)
    if path_team and path_team != COMPANY and path_team not in organisation.teams:
        if not top.has("team"):
            unknown_folder(report, source, "team", path_team, [COMPANY, *organisation.teams], organisation.unreadable)
            return None
        path_team = None  # a free layout
    team = top.text("team") or path_team
    if top.has("team") and path_team and team != path_team:
        report.error(top.at("team"), "path-disagrees", field="team", stated=team, folder=path_team)
        return None
    if team is None:
        top.missing("team", "mobile")
        return None
    if team != COMPANY and team not in organisation.teams:
        if team in organisation.unreadable:
            return None  # declared in okrsite.yml, and reported there
        report.error(top.at("team") if top.has("team") else source.at(), "unknown-reference", kind="team", ref=team,
                     suggestion=suggest(team, [COMPANY, *organisation.teams]))
        return None
    cycle_id = top.text("cycle") or path_cycle
    cycle = organisation.cycles.get(cycle_id) if cycle_id else None
    if cycle_id and cycle is None:
        if cycle_id in organisation.unreadable:
            return None
        report.error(top.at("cycle"), "unknown-reference", kind="cycle", ref=cycle_id,
                     suggestion=suggest(cycle_id, organisation.cycles))
        return None
    if day is None:
        return None
    if cycle and not cycle.contains(day):
        report.error(top.at("checkin"), "checkin-outside-cycle", date=day, cycle=cycle.id, start=cycle.start,
                     end=cycle.end)
        return None
    checkin = CheckIn(
        id=source.rel.removesuffix(".md"),
        team=team,
        date=day,
        author=person(top, "author", organisation),
        confidence=read_confidence(top, "confidence", organisation),
        body=source.body,
        location=source.at("checkin"),
    )
    raw_values = top.raw("values")
    if isinstance(raw_values, dict):
        values = Fields(source, ("values",), raw_values, report, "values", raw_values, top.style)
        for key, raw in values.data.items():
            value = _plain_value(source, key, raw, checkin, cycle, organisation, index, top.style)
            if value is None:  # the long way, which also says what is wrong
                value = _value(values, str(key), checkin, cycle, organisation, index)
            if value is not None:
                checkin.values.append(value)
    elif raw_values is not None:
        top.wrong_type("values", "a mapping of key result ids to values")
    _read_body(source, checkin, organisation, report)
    return checkin


def read_confidence(entry: Fields, key: str, organisation: Organisation, *more) -> float | None:
    raw = entry.raw(key)
    if raw is None:
        return None
    scale = organisation.defaults.confidence_scale
    if isinstance(raw, (bool, list, dict, dt.date)):
        entry.report.error(entry.at(key, *more), "wrong-type", field=key, where=entry.where,
                           expected="a number", got=type_name(raw))
        return None
    confidence = _confidence(raw, entry.style, scale)
    if confidence is None:
        entry.report.error(entry.at(key, *more), "bad-confidence", value=raw, low=0 if scale == 1 else 1, high=scale)
    return confidence


def _confidence(raw, style: NumberStyle, scale: int) -> float | None:
    """A confidence (a number, not a date, list or true/false) on 0..1, or None if it is out of `scale`."""
    try:
        quantity = parse_quantity(raw, style)
    except NumberError:
        return None
    if quantity.unit == PERCENT and 0 <= quantity.value <= 100:
        return quantity.value / 100
    if not quantity.unit and not quantity.currency:
        if scale == 1 and 0 <= quantity.value <= 1:
            return quantity.value
        if scale == 10 and 0 <= quantity.value <= 10:
            return quantity.value / 10
    return None


def _plain_value(source: SourceFile, key, raw, checkin: CheckIn, cycle, organisation: Organisation,
                 index: KeyResultIndex, style: NumberStyle) -> CheckInValue | None:
    """The usual value, `kr-id: 42` (or `12.5 %`, `1,200`, `true`, `[Research done]`, `{value: 42,
    confidence: 0.7, note: ...}`): of a key result found at once, read as `_value` reads it; None for
    anything else, left to `_value`, which also finds what is wrong."""
    if type(key) is not str or cycle is None:
        return None
    found = index.plain(checkin.team, key, checkin.date, cycle, organisation)
    if found is None:
        return None
    kr, ref = found
    confidence, note = None, ""
    field: tuple[str, ...] = ()  # where the value is written below its key: ("value",) in a mapping
    if type(raw) is dict:  # `{value: 42, confidence: 0.7, note: text}`
        if not raw.keys() <= _VALUE_KEY_SET:
            return None
        written_confidence, written_note, raw = raw.get("confidence"), raw.get("note"), raw.get("value")
        if written_confidence is not None:
            if isinstance(written_confidence, (bool, list, dict, dt.date)):
                return None
            confidence = _confidence(written_confidence, style, organisation.defaults.confidence_scale)
            if confidence is None:
                return None
        if written_note is not None:
            if isinstance(written_note, (dict, list, bool)):
                return None
            note = str(written_note).strip()
        field = ("value",)
    read = None if raw is None else _plain_reading(raw, kr, style)
    if read is None:
        return None
    return CheckInValue(ref, read[0], read[1], confidence, note, source.at("values", key, *field))


def _plain_reading(raw, kr: KeyResult, style: NumberStyle) -> tuple[float, tuple[str, ...]] | None:
    """`parse_value`'s reading of a value written the usual way, or None (unusual, or wrong)."""
    kind = type(raw)
    if kr.kind is Kind.BOOLEAN:
        return ((1.0 if raw else 0.0), ()) if kind is bool else None
    if kr.kind is Kind.MILESTONES:  # `[Research done, Prototype tested]`: titles or ids of milestones
        if kind is not list:
            return None
        ids = {m.id for m in kr.milestones}
        named: list[str] = []
        for item in raw:
            milestone_id = _slug(item) if type(item) is str else None
            if milestone_id not in ids:
                return None
            if milestone_id not in named:
                named.append(milestone_id)
        return float(len(named)), tuple(named)
    if not (kind is str or kind is int or (kind is float and style.decimal == ".")):
        return None  # a float's text counts with a decimal comma (`Fields.written`)
    try:
        quantity = parse_quantity(raw, style)
    except NumberError:
        return None
    if (quantity.unit and quantity.unit != kr.unit) or (quantity.currency and quantity.currency != kr.currency):
        return None
    return quantity.value, ()


def _value(
    values: Fields, key: str, checkin: CheckIn, cycle, organisation: Organisation, index: KeyResultIndex
) -> CheckInValue | None:
    report = values.report
    kr = _find(values, key, checkin, cycle, organisation, index)
    if kr is None:
        return None
    raw = values.raw(key)
    entry = values
    field = key
    if isinstance(raw, dict):
        where = ("the value of '{key}'", {"key": key})
        entry = Fields(values.source, values.path + (key,), raw, report, where, VALUE_KEYS, values.style)
        field = "value"
        raw = raw.get("value")
        if raw is None:
            entry.missing("value", "52")
            return None
    result = CheckInValue(kr=kr.ref, value=0.0, location=entry.at(field))
    if entry is not values:
        result.confidence = read_confidence(entry, "confidence", organisation)
        result.note = entry.text("note") or ""
    parsed = parse_value(entry, field, raw, kr)
    if parsed is None:
        return None
    result.value, result.done_milestones = parsed
    return result


def _find(values: Fields, key: str, checkin: CheckIn, cycle, organisation: Organisation, index: KeyResultIndex):
    """The KR a check-in key names: `kr-id` in its team and cycle, or `objective#kr-id`."""
    report = values.report
    in_cycle, candidates, moved = index.named(checkin.team, key, checkin.date, cycle, organisation)
    if len(in_cycle) == 1:
        if in_cycle[0].moved_from and (moved or in_cycle[0] in index.moved(checkin.team, key)):
            index.used_moves.add(in_cycle[0].moved_from)  # the key names it as it was
        return in_cycle[0]
    location = values.source.key_at(*values.path, key)
    if len(in_cycle) > 1:
        report.error(location, "ambiguous-kr", key=key, choices=", ".join(kr.ref for kr in in_cycle))
        return None
    if candidates:
        other = organisation.cycles[candidates[0].objective.cycle]
        report.error(location, "checkin-outside-kr-cycle", key=key, date=checkin.date, cycle=other.id,
                     start=other.start, end=other.end)
        return None
    if checkin.team in index.incomplete_teams or (checkin.team, key.rpartition("#")[2]) in index.unread:
        return None  # its objective file or the key result is broken, and that was reported
    known = sorted({kr.id for kr in index.by_team.get(checkin.team, [])
                    if organisation.cycles[kr.objective.cycle].contains(checkin.date)}
                   | {kr_id for team, kr_id in index.unread if team == checkin.team})  # declared, not read
    report.error(location, "unknown-kr", key=key, team=checkin.team, suggestion=suggest(key, known),
                 known=", ".join(known) or None)
    return None


def parse_value(entry: Fields, field: str, raw, kr: KeyResult) -> tuple[float, tuple[str, ...]] | None:
    report = entry.report
    if kr.kind is Kind.BOOLEAN:
        if isinstance(raw, bool):
            return (1.0 if raw else 0.0), ()
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return float(raw), ()
        if isinstance(raw, str) and raw.strip().lower() in _BOOLEANS:
            return _BOOLEANS[raw.strip().lower()], ()
        report.error(entry.at(field), "value-wrong-kind", key=kr.id, kind="boolean", expected="true or false",
                     value=raw)
        return None
    if kr.kind is Kind.MILESTONES:
        return _milestones_done(entry, field, raw, kr)
    if isinstance(raw, (bool, list, dict)):
        report.error(entry.at(field), "value-wrong-kind", key=kr.id, kind=kr.kind.value, expected="a number",
                     value=raw)
        return None
    quantity = entry.read_quantity(field, raw, kr.id)
    if quantity is None:
        return None
    for written, declared in ((quantity.unit, kr.unit), (quantity.currency, kr.currency)):
        if written and written != declared:
            report.error(entry.at(field), "unit-mismatch", field=kr.id, written=written, declared=declared or "none")
            return None
    return quantity.value, ()


def _milestones_done(entry: Fields, field: str, raw, kr: KeyResult) -> tuple[float, tuple[str, ...]] | None:
    by_id = {m.id: m for m in kr.milestones}
    if isinstance(raw, int) and not isinstance(raw, bool):
        if 0 <= raw <= len(kr.milestones):
            done = tuple(m.id for m in kr.milestones[:raw])
            return float(len(done)), done
        entry.report.error(entry.at(field), "out-of-range", field=kr.id, value=raw, low=0, high=len(kr.milestones))
        return None
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) and raw.strip() else None
    if items is None:
        entry.report.error(entry.at(field), "value-wrong-kind", key=kr.id, kind="milestones",
                           expected="a list of the milestones done", value=raw)
        return None
    named: list[str] = []
    for position, item in enumerate(items):
        more = (position,) if isinstance(raw, list) else ()
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            entry.report.error(entry.at(field, *more), "value-wrong-kind", key=kr.id, kind="milestones",
                               expected="a list of the milestones done", value=type_name(item))
            return None
        milestone_id = slugify(str(item))
        if milestone_id not in by_id:
            entry.report.error(entry.at(field, *more), "unknown-milestone", key=kr.id, value=item,
                               suggestion=_title(suggest(milestone_id, by_id), by_id))
            return None
        if milestone_id not in named:
            named.append(milestone_id)
    return float(len(named)), tuple(named)


def _title(milestone_id, by_id):
    return by_id[milestone_id].title if milestone_id else None


def _read_body(source: SourceFile, checkin: CheckIn, organisation: Organisation, report: Report) -> None:
    """Wins, blockers and actions: list items under their headings."""
    body = source.body
    headings = list(_HEADING.finditer("\n" + body))  # each starts where its line starts in `body`
    for number, heading in enumerate(headings):
        written = _heading_title(heading["title"]).rstrip(":").strip()
        section = _SECTION_OF.get(written.lower())
        if section is None:
            if body.startswith("## ", heading.start()):  # what is under it would be lost without a word
                report.warning(source.line(source.body_line + body.count("\n", 0, heading.start())),
                               "unknown-checkin-heading", heading=written, known=_HEADINGS_READ)
            continue
        end = headings[number + 1].start() if number + 1 < len(headings) else len(body)
        for item in _ITEM.finditer(body, heading.end() - 1, end):
            if len(item["indent"]) > 1:
                continue
            text = item["text"].strip()
            if section == "actions":
                location = source.line(source.body_line + body.count("\n", 0, item.start()))
                checkin.actions.append(_action(text, item["done"], location, organisation, report))
            else:
                getattr(checkin, section).append(text)


def _heading_title(text: str) -> str:
    """A heading's words, without a closing run of `#` (`## Wins ##`)."""
    text = text.strip()
    words = text.rstrip("#")
    return words.rstrip() if words != text and (not words or words[-1] in " \t") else text


def _action(text: str, done, location, organisation: Organisation, report: Report) -> Action:
    action = Action(text=text, done=bool(done and done.strip()), location=location)
    owner = _OWNER.search(text)
    if owner:
        if owner["id"] in organisation.people:
            action.owner = owner["id"]
        else:
            report.error(location, "unknown-reference", kind="person", ref=owner["id"],
                         suggestion=suggest(owner["id"], organisation.people))
        text = text.replace(owner.group(0), "", 1).lstrip(" :,-–—")
    else:
        report.warning(location, "action-without-owner", text=text)
    due = _DUE.search(text)
    if due:
        try:
            action.due = dt.date.fromisoformat(due["date"])
        except ValueError:
            report.error(location, "bad-date", field="due", value=due["date"])
        before = text[: due.start()].rstrip()
        before = before[:-1] if before.endswith("(") else before
        text = (before + text[due.end() :]).strip(" ,;–—")
    action.text = text.strip() or action.text
    return action
