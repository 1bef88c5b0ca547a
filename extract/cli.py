"""`extract`: the command-line face of sohoa.

`extract FILE...` runs the pipeline; `extract schema` prints the JSON Schema; `extract batch`
and `extract load` are the archive and database runners. Failures print one line on stderr
naming the file and the cause, and exit with a stable code (see extract.errors).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from extract import __version__
from extract.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, SohoaError
from extract.outputs.atomic import write_atomic
from extract.pipeline import Options, process
from schemas import Document, document_json_schema

SUBCOMMANDS = ("schema", "batch", "load")


def _dpi(value: str) -> int:
    """A rasterisation dpi Tesseract can use; nonsense is a usage error, not a crash later."""
    try:
        dpi = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 70 <= dpi <= 1200:
        raise argparse.ArgumentTypeError(f"{dpi} is outside 70..1200")
    return dpi


def one_line(message: str) -> str:
    """Collapse a message to one line: the CLI contract is one error line per failed file."""
    return " ".join(message.split())


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `extract FILE` and `extract batch`, so both runners mean the same."""
    parser.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                        help="auto: OCR only pages without a usable text layer (default)")
    parser.add_argument("--lang", default="vie", help="Tesseract language(s), default vie")
    parser.add_argument("--dpi", type=_dpi, default=300, help="rasterisation dpi for OCR")
    parser.add_argument("--password", default=None, help="password of an encrypted PDF")
    parser.add_argument("--no-restore", action="store_true",
                        help="keep the raw text: no diacritic/OCR-damage restoration")


def options_from(args: argparse.Namespace) -> Options:
    return Options(ocr=args.ocr, lang=args.lang, password=args.password, dpi=args.dpi,
                   restore=not args.no_restore)


def render(document: Document, fmt: str) -> str:
    if fmt == "text":
        return document.text(restored=document.restored) + "\n"
    return document.model_dump_json(indent=2) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extract",
        description="Read Vietnamese administrative reports (PDF, scans, images, OCR text) "
        "into restored text and validated figures. Subcommands: schema, batch, load.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="write here (a folder when several files are given)")
    parser.add_argument("-f", "--format", choices=["json", "text"], default="json")
    add_pipeline_options(parser)
    parser.add_argument("--version", action="version", version=f"sohoa {__version__}")
    return parser


def _output_path(output: Path | None, source: Path, fmt: str, many: bool) -> Path | None:
    if output is None:
        return None
    if many or output.is_dir():
        return output / f"{source.name}.{'json' if fmt == 'json' else 'txt'}"
    return output


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "schema":
        print(json.dumps(document_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if argv and argv[0] == "batch":
        from extract.batch import main as batch_main

        return batch_main(argv[1:])
    if argv and argv[0] == "load":
        from extract.outputs.db import load_main

        return load_main(argv[1:])

    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    many = len(args.files) > 1
    if many and args.output is None:
        print("extract: several files need -o FOLDER", file=sys.stderr)
        return EXIT_USAGE
    if many and args.output.exists() and not args.output.is_dir():
        print(f"extract: {args.output}: several files need -o FOLDER, not a file",
              file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for source in args.files:
        try:
            document = process(source, options_from(args))
            text = render(document, args.format)
            target = _output_path(args.output, source, args.format, many)
            if target is None:
                sys.stdout.write(text)
            else:
                write_atomic(target, text)
        except SohoaError as error:
            print(f"extract: {one_line(str(error))}", file=sys.stderr)
            status = max(status, error.exit_code)
        except Exception as error:  # noqa: BLE001 - the CLI's last line of defence
            print(one_line(f"extract: {source}: internal error: {type(error).__name__}: "
                           f"{error}"), file=sys.stderr)
            status = max(status, EXIT_INTERNAL)
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
