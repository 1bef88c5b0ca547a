"""Errors that name the file and the problem, and the exit codes the CLI maps them to.

Exit codes are a contract (like OCRmyPDF's): scripts branch on them, so they never change.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_PARTIAL = 4  # batch: some files failed
EXIT_ALL_FAILED = 5  # batch: no file succeeded


class SohoaError(Exception):
    """A failure tied to one input file and one pipeline stage; its str() is the CLI's line."""

    exit_code = EXIT_INTERNAL

    def __init__(self, file: str | Path, stage: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = str(file)
        self.stage = stage
        self.message = message


class InputError(SohoaError):
    """The input itself is unusable: missing, empty, corrupt, encrypted, unknown format, too big."""

    exit_code = EXIT_BAD_INPUT
