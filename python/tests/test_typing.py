"""``mypy --strict`` accepts typing/usage.py (every documented call, against the installed package) and
the package's own Python modules, and refuses each marked line of typing/misuse.py."""

import re
import subprocess
import sys
from pathlib import Path

TYPING = Path(__file__).resolve().parents[1] / "typing"


def mypy(name: str) -> "tuple[int, list[int]]":
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", str(TYPING / name)],
        cwd=TYPING,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [int(m.group(1)) for m in re.finditer(rf"{re.escape(name)}:(\d+): error", result.stdout)]
    return result.returncode, lines


def test_mypy_strict_accepts_the_documented_calls() -> None:
    code, lines = mypy("usage.py")
    assert (code, lines) == (0, [])


def test_mypy_strict_refuses_each_marked_misuse() -> None:
    marked = [
        i + 1
        for i, line in enumerate((TYPING / "misuse.py").read_text(encoding="utf-8").splitlines())
        if "  # error: " in line
    ]
    assert len(marked) == 12
    code, lines = mypy("misuse.py")
    assert code == 1
    assert sorted(set(lines)) == marked


def test_mypy_strict_accepts_the_package_source() -> None:
    # The Python modules of the package, checked against the extension's stubs.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "cognito_srp"],
        cwd=TYPING.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
