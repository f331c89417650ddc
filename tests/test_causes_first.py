"""One mistake, one error at its line (issue 14): a key result that cannot be read is still known
by its id to the check-ins and references that name it, so they are not told it does not exist.
Each case asserts the checker's whole output."""

from __future__ import annotations

from okrsite.diagnostics import format_text

OBJ = "2026-Q4/mobile/joyful-app.md"
CHK = "2026-Q4/mobile/checkins/2026-11-20.md"


def _output(project) -> list[str]:
    _, report = project.check()
    root = str(project.content) + "/"
    return [line.replace(root, "") for line in format_text(report.sorted()).splitlines()]


def test_a_target_that_is_no_number_and_a_misspelt_key_give_their_two_errors_and_nothing_else(project):
    project.edit(OBJ, "    start: 42\n    target: 70\n", "    start: 42\n    target: seventy\n    traget: 70\n")
    assert _output(project) == [
        f"{OBJ}:9:13: error: 'seventy' is not a number. Hint: Write it as 42, 1,200, 5.0M, 99.9 % or 2.6M EUR.",
        f"{OBJ}:10:5: error: unknown key 'traget' in a key result. Hint: Did you mean 'target'?",
    ]  # the check-in's `app-nps: 52` is not told app-nps is no key result of mobile


def test_a_key_result_named_by_objective_and_id_is_known_too(project):
    project.edit(OBJ, "    target: 70\n", "    target: seventy\n")
    project.edit(CHK, "  app-nps: 52\n", "  joyful-app#app-nps: 52\n")
    assert _output(project) == [
        f"{OBJ}:9:13: error: 'seventy' is not a number. Hint: Write it as 42, 1,200, 5.0M, 99.9 % or 2.6M EUR.",
    ]


def test_an_alignment_to_an_unread_key_result_is_not_a_second_error(project):
    project.edit("2026-Q4/company/delight.md", "    target: 60\n", "    target: sixty\n")
    project.edit(OBJ, "aligns_to: company/delight\n", "aligns_to: company/delight#nps\n")
    assert _output(project) == [
        "2026-Q4/company/delight.md:8:13: error: 'sixty' is not a number. "
        "Hint: Write it as 42, 1,200, 5.0M, 99.9 % or 2.6M EUR.",
    ]


def test_a_key_result_that_was_never_declared_is_still_an_error(project):
    project.edit(CHK, "  app-nps: 52\n", "  app-nsp: 52\n")
    assert _output(project) == [
        f"{CHK}:6:3: error: 'app-nsp' is not a key result of team mobile in a cycle running on this date. "
        "Hint: Did you mean 'app-nps'?",
        # True as it stands: app-nps has no value since the cycle began (the base check-in was its only one).
        f"{OBJ}:6:9: warning: 'app-nps' has had no check-in for 56 days (since 2026-10-01). "
        "Hint: Check in its current value, even if it has not moved.",
    ]
