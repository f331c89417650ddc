"""Writing OKR files from the command line (`okrsite new ...`, `okrsite checkin`), standing on
the loader: what is written is decided and checked on the loaded company, and reads back
through the loader to the same values.

- `files`: writing a file complete or not at all, never over another;
- `values`: a value spelled the way the loader reads it back;
- `templates`: the file templates in `okrsite/file_templates/`;
- `place`: which team and cycle a new file belongs to;
- `carry`: a cycle's unfinished objectives carried into the next;
- `objective`: a new objective file;
- `checkin`: check-in files, to edit or complete.
"""


class AuthoringError(Exception):
    """A problem the user can fix; the message is already translated."""
