"""With repo_url and edit_uri in mkdocs.yml, an objective's page links to its own file in the forge's
editor (issue 14), not to a generated page that does not exist in the repository."""

from __future__ import annotations

from conftest import build_site, write_config

EDIT = "https://github.com/nordlys/okrs/edit/main/content/"


def test_an_objective_page_edits_its_own_file_and_generated_pages_offer_no_edit(project, tmp_path):
    config = write_config(project, features="[content.action.edit]")  # Material shows the button with it
    text = config.read_text(encoding="utf-8").replace("plugins: [search, okrsite]\n", "")
    config.write_text(text + "repo_url: https://github.com/nordlys/okrs\nedit_uri: edit/main/content/\n"
                      "plugins:\n  - search\n  - okrsite:\n      charts: false\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(out, config)
    assert result.returncode == 0, result.stderr
    objective = (out / "2026-Q4/mobile/joyful-app/index.html").read_text(encoding="utf-8")
    assert f'href="{EDIT}2026-Q4/mobile/joyful-app.md"' in objective
    assert (project.content / "2026-Q4/mobile/joyful-app.md").is_file()
    team = (out / "teams/mobile/index.html").read_text(encoding="utf-8")
    assert EDIT not in team  # generated from the content: there is no file to edit


def test_init_sets_the_edit_button_to_the_content_folder_of_each_forge():
    import datetime as dt

    import yaml

    from okrsite.init import Answers, starter_files

    for ci, edit_uri in (("github", "edit/main/content/"), ("gitlab", "-/edit/main/content/")):
        files = starter_files(Answers(ci=ci, repo_url="https://git.example/nordlys/okrs"), dt.date(2026, 12, 3))
        mkdocs = yaml.safe_load(files["mkdocs.yml"])
        assert mkdocs["edit_uri"] == edit_uri and "content.action.edit" in mkdocs["theme"]["features"]
    assert "edit_uri" not in yaml.safe_load(starter_files(Answers(), dt.date(2026, 12, 3))["mkdocs.yml"])
