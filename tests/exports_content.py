"""Content the digest, export and feed tests add to the `project` fixture: a team
without check-ins, and secrets that must never be shown (a confidential objective
with a check-in that touches only it, a draft objective)."""

PLATFORM_OBJECTIVE = """\
---
objective: Make the API fast
owner: chen
key_results:
  - id: p95
    title: Cut p95 latency from 400 ms to 250 ms
    start: 400 ms
    target: 250 ms
  - id: uptime
    title: Keep uptime at 99.9 % or better
    maintain: ">= 99.9 %"
    start: 99.95
---
"""

SECRET_OBJECTIVE = """\
---
objective: Secret acquisition of Hushco
owner: bjorn
visibility: confidential
key_results:
  - id: hush-deal
    title: Close the Hushco deal
    kind: boolean
  - id: hush-price
    title: Keep the Hushco price under 9M EUR
    start: 12M EUR
    target: 9M EUR
---
"""

SECRET_CHECKIN = """\
---
checkin: 2026-11-24
author: bjorn
values:
  hush-deal: true
  hush-price: 10M EUR
---
## Wins
- Hushco said yes in principle.

## Actions
- @bjorn: sign the Hushco papers, due 2026-11-28
"""

DRAFT_OBJECTIVE = """\
---
objective: Draft plan for Hushland
owner: chen
visibility: draft
key_results:
  - id: hushland-a
    title: Open Hushland office
    kind: boolean
  - id: hushland-b
    title: Hire 5 in Hushland
    start: 0
    target: 5
---
"""

SECRETS = ("Hushco", "hush-deal", "hush-price", "Hushland", "secret", "draft-plan", "2026-11-24")


def add_teams_and_secrets(project) -> None:
    project.write("2026-Q4/platform/fast-api.md", PLATFORM_OBJECTIVE)
    project.write("2026-Q4/mobile/secret.md", SECRET_OBJECTIVE)
    project.write("2026-Q4/mobile/checkins/2026-11-24.md", SECRET_CHECKIN)
    project.write("2026-Q4/platform/draft-plan.md", DRAFT_OBJECTIVE)
