"""The forge's pages for a content file: where a new file is created with its text, from mkdocs.yml's
`repo_url` and `edit_uri` (GitHub, GitLab, Gitea and Forgejo).

GitHub and Gitea open their new-file page with a name and a text: `new/<branch>?filename=…&value=…`
(Gitea: `_new/<branch>/`, gitea#16556). GitLab's (`-/new/<branch>/<folder>`) takes a name
(`file_name`) but no text: its `file` parameter is no longer read (gitlab-org/gitlab#532221,
#337038), so the site copies the text for the reader to paste.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

GITHUB, GITLAB, GITEA = "github", "gitlab", "gitea"
# edit_uri as each forge writes it: the verb, the branch, then the content folder's path in the repository.
_EDIT_URI = re.compile(r"^(?P<verb>-/edit|-/blob|_edit|src/branch|edit|blob)/(?P<branch>[^/]+)/?(?P<docs>.*)$")


@dataclass(frozen=True)
class Forge:
    kind: str  # GITHUB, GITLAB or GITEA
    repo: str  # repo_url, without a trailing slash
    branch: str
    docs: str  # the content folder's path in the repository: "content/", or "" at its root

    def new_file(self, path: str, text: str) -> tuple[str, bool]:
        """The address of the page that creates `path` (below the content folder) and whether it
        holds `text` (False: the reader pastes it)."""
        folder, _, name = (self.docs + path).rpartition("/")
        if self.kind == GITLAB:
            return f"{self.repo}/-/new/{quote(self.branch)}/{quote(folder)}?file_name={quote(name, safe='')}", False
        verb = "_new" if self.kind == GITEA else "new"
        address = f"{self.repo}/{verb}/{quote(self.branch)}"
        return f"{address}?filename={quote(self.docs + path, safe='')}&value={quote(text, safe='')}", True


def forge_of(repo_url: str | None, edit_uri: str | None) -> Forge | None:
    """The forge mkdocs.yml names, or None without both `repo_url` and an `edit_uri` okrsite reads."""
    if not repo_url or not edit_uri:
        return None
    repo = repo_url.rstrip("/")
    uri = edit_uri.strip()
    if uri.startswith(("http://", "https://")):  # a full address: the repository is what comes before the verb
        found = re.search(r"/(?=(-/edit|-/blob|_edit|src/branch|edit|blob)/)", uri)
        if not found:
            return None
        repo, uri = uri[: found.start()], uri[found.end() :]
    match = _EDIT_URI.match(uri.lstrip("/"))
    if not match:
        return None
    verb = match["verb"]
    kind = GITLAB if verb.startswith("-/") or "gitlab" in repo else GITEA if verb in ("_edit", "src/branch") else GITHUB
    docs = match["docs"].strip("/")
    return Forge(kind, repo, match["branch"], docs + "/" if docs else "")
