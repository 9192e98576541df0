"""Running `cass-desktop` in the test's own process, as a person types it, and reading back
what it printed."""

from __future__ import annotations

import pytest

from cass_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command with `argv` (everything after `cass-desktop`); returns its exit code and
    what it printed to stdout and stderr. argparse's exits (a usage error, --help, --version)
    come back as exit codes, as the shell would see them: a number as it is, none as 0, and a
    message as 1."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, out: str, err: str, *words: str) -> str:
    """The command failed and said why in one line on stderr (`cass-desktop: ...`, holding
    each of `words`), printing nothing else and no traceback. Returns that line."""
    assert code != 0
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cass-desktop: ")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]
    return lines[0]
