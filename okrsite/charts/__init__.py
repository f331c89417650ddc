"""Charts: the roll-up drawn with matplotlib, deterministic and cached.

The pipeline, one module a step:

- `specs`: pure functions from the site's roll-up to `Chart`s (plain data:
  what is drawn, its alt text and table); no matplotlib.
- `draw`: a `Drawing` to SVG bytes with matplotlib's SVG backend, one light
  and one dark file per chart (the only module that imports matplotlib).
- `cache`: drawings by content hash in a folder (`.cache/okrsite`), so a
  rebuild draws only what changed; misses are drawn on the other cores
  while the build renders the pages, by workers writing them into the cache.

`Charts` decides from the site's data which charts its pages show, before any
page is rendered; the templates look them up (as `charts`) and the build
draws just those. README: "Charts".
"""

from __future__ import annotations

from ..i18n import Translator
from ..model import COMPANY
from ..rollup import KeyResultRollup
from ..site import CycleView, Site
from . import specs
from .specs import Chart


class Charts:
    """The charts of one build, decided from the data: a key result's on its objective's page, a
    team's on each of its team pages, a cycle's on its dashboard and all-hands page.

    The templates look them up; every method returns a `Chart` (or None / [] when there is
    nothing to draw, or charts are off). A question no page should ask raises KeyError."""

    def __init__(self, site: Site, t: Translator, enabled: bool = True, key_result_chart=specs.key_result_chart,
                 team_chart=specs.team_chart):
        """`key_result_chart`, `team_chart`: `okrsite serve` passes ones that take the last build's unchanged ones."""
        self.enabled = enabled
        self._found: dict[tuple, Chart | None] = {}
        if not enabled:
            return
        for view in site.cycles:
            cycle = view.cycle.id
            self._found[("company", cycle)] = specs.company_progress_chart(view, t)
            if not view.rollup.finished:  # a finished cycle is graded (grades, team-grades), not paced
                self._found[("statuses", cycle)] = specs.status_chart(view, t)
                self._found[("teams", cycle)] = specs.teams_chart(view, site, t)
            self._found[("grades", cycle)] = specs.grades_chart(view, t)
            self._found[("team-grades", cycle)] = specs.team_grades_chart(view, site, t)
            for team in [COMPANY, *site.company.organisation.teams]:
                if view.has_team_page(team):
                    self._found[("team", cycle, team)] = team_chart(view, team, site, t)
        for view, rolled in site.objectives.values():
            for k in rolled.key_results:
                self._found[("kr", k.kr.ref)] = key_result_chart(view, k, t)

    def _get(self, key: tuple) -> Chart | None:
        return self._found[key] if self.enabled else None

    def key_result(self, view: CycleView, k: KeyResultRollup) -> Chart | None:
        """A key result's history: values at check-ins, expected pace, target, forecast, milestones crossed."""
        return self._get(("kr", k.kr.ref)) if k.kr.objective.visible else None

    def team(self, view: CycleView, team: str) -> Chart | None:
        """A team's burn-up: each visible objective's progress over the cycle against the expected pace."""
        return self._get(("team", view.cycle.id, team))

    def company(self, view: CycleView) -> list[Chart]:
        """The dashboard's: company objectives' progress, and while the cycle runs key results by status
        and teams compared (once finished, `cycle_end` shows grades instead)."""
        keys = ["company"] + ([] if view.rollup.finished else ["statuses", "teams"])
        return [c for c in (self._get((key, view.cycle.id)) for key in keys) if c is not None]

    def cycle_end(self, view: CycleView) -> list[Chart]:
        """A finished cycle's: the distribution of objective grades and each team's grade ([] while it runs)."""
        found = [self._get(("grades", view.cycle.id)), self._get(("team-grades", view.cycle.id))]
        return [c for c in found if c is not None]

    def used(self) -> list[Chart]:
        """Every chart the pages show, in a stable order."""
        return sorted((c for c in self._found.values() if c is not None), key=lambda c: c.name)


__all__ = ["Chart", "Charts", "specs"]
