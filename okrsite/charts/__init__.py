"""Charts: the roll-up drawn with matplotlib, deterministic and cached.

The pipeline, one module a step:

- `specs`: pure functions from the site's roll-up to `Chart`s (plain data:
  what is drawn, its alt text and table); no matplotlib.
- `draw`: a `Drawing` to SVG bytes with matplotlib's SVG backend, one light
  and one dark file per chart (the only module that imports matplotlib).
- `cache`: drawings by content hash in a folder (`.cache/okrsite`), so a
  rebuild draws only what changed; misses are drawn on every core while
  MkDocs renders the pages.

Pages ask a `Charts` index for the charts they show (the templates call it as
`charts`); the plugin then draws just those. README: "Charts".
"""

from __future__ import annotations

from ..i18n import Translator
from ..pages import CycleView, Site
from ..rollup import KeyResultRollup
from . import specs
from .specs import Chart


class Charts:
    """The charts of one build, made on demand and remembered: what the templates asked for is drawn.

    Every method returns a `Chart` (or None / [] when there is nothing to
    draw), always the same object for the same question."""

    def __init__(self, site: Site, t: Translator, enabled: bool = True):
        self.site = site
        self.t = t
        self.enabled = enabled
        self._made: dict[tuple, Chart | None] = {}

    def _get(self, key: tuple, make) -> Chart | None:
        if not self.enabled:
            return None
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def key_result(self, view: CycleView, k: KeyResultRollup) -> Chart | None:
        """A key result's history: values at check-ins, expected pace, target, forecast, milestones crossed."""
        if not k.kr.objective.visible:
            return None
        return self._get(("kr", k.kr.ref), lambda: specs.key_result_chart(view, k, self.t))

    def team(self, view: CycleView, team: str) -> Chart | None:
        """A team's burn-up: each visible objective's progress over the cycle against the expected pace."""
        return self._get(("team", view.cycle.id, team), lambda: specs.team_chart(view, team, self.site, self.t))

    def company(self, view: CycleView) -> list[Chart]:
        """The dashboard's: company objectives' progress, key results by status, teams compared."""
        found = [
            self._get(("company", view.cycle.id), lambda: specs.company_progress_chart(view, self.t)),
            self._get(("statuses", view.cycle.id), lambda: specs.status_chart(view, self.t)),
        ]
        if not view.rollup.finished:
            found.append(self._get(("teams", view.cycle.id), lambda: specs.teams_chart(view, self.site, self.t)))
        return [c for c in found if c is not None]

    def cycle_end(self, view: CycleView) -> list[Chart]:
        """A finished cycle's: the distribution of objective grades and each team's grade ([] while it runs)."""
        found = [
            self._get(("grades", view.cycle.id), lambda: specs.grades_chart(view, self.t)),
            self._get(("team-grades", view.cycle.id), lambda: specs.team_grades_chart(view, self.site, self.t)),
        ]
        return [c for c in found if c is not None]

    def used(self) -> list[Chart]:
        """Every chart a page asked for, in a stable order."""
        return sorted((c for c in self._made.values() if c is not None), key=lambda c: c.name)


__all__ = ["Chart", "Charts", "specs"]
