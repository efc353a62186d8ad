"""The ``timeline-gui`` command line.

``timeline-gui [PATH ...]`` opens the window; ``extract``, ``timex`` and ``export`` work without a
display. Exit codes: 0 success, 2 usage error, 1 when no article at all could be read. Problems
with input files are reported on stderr (and in the JSON) and never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from timeline_gui import __version__
from timeline_gui.core import compiled

if TYPE_CHECKING:  # the core is imported lazily so that `--help` answers at once
    from timeline_gui.core.corpus import Corpus
    from timeline_gui.core.model import Problem

SUBCOMMANDS = ("extract", "timex", "export", "open")

EXIT_OK = 0
EXIT_NO_ARTICLES = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with our usage code (2) and a one-line reason."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="timeline-gui",
        description="Turn news articles into an explorable timeline of sourced events.",
        epilog="Run 'timeline-gui COMMAND --help' for a command's options. "
        "With no command, opens the window on PATHs (default: the bundled sample articles).",
    )
    p.add_argument("--version", action="version",
                   version=f"%(prog)s {__version__} (extractor: {compiled.status()})")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    o = sub.add_parser("open", help="open the window on files or folders (the default command)")
    o.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: the bundled samples)")

    e = sub.add_parser("extract", help="print the events of articles as JSON, CSV or TimelineJS JSON")
    e.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    e.add_argument(
        "--format", choices=("json", "csv", "timelinejs"), default="json", help="output format (default json)"
    )
    e.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    e.add_argument("--no-cache", action="store_true", help="parse every file again, ignoring the cache")

    t = sub.add_parser("timex", help="find and normalize the time expressions of a text")
    t.add_argument("text", nargs="?", help="the text to tag (omit with --jsonl)")
    t.add_argument("--dct", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="the document's publication date (default: today)")
    t.add_argument("--jsonl", action="store_true",
                   help='batch mode: read {"id","dct","text"} JSON lines on stdin, write {"id","timexes"} lines')

    x = sub.add_parser("export", help="render the timeline to a PNG or SVG image without a display")
    x.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    x.add_argument("--out", required=True, metavar="FILE", help="output image (.png or .svg)")
    x.add_argument("--width", type=int, default=1920, help="image width in pixels (default 1920)")
    x.add_argument("--height", type=int, default=1080, help="image height in pixels (default 1080)")
    x.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first day shown")
    x.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day shown")
    x.add_argument("--lanes", choices=("country", "type", "article"), default="country", help="lane grouping")
    x.add_argument("--title", default=None, help="title printed above the timeline")
    x.add_argument("--no-cache", action="store_true", help="parse every file again, ignoring the cache")
    return p


def _report_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for pr in problems:
        print(f"timeline-gui: {pr.file}: {pr.reason}", file=stream)


def _load(paths: Sequence[str], use_cache: bool = True) -> Corpus:
    from timeline_gui.core.corpus import build_corpus

    corpus = build_corpus(paths, use_cache=use_cache)
    _report_problems(corpus.problems, sys.stderr)
    _report_problems(corpus.notices, sys.stderr)  # e.g. a damaged cache that was rebuilt
    return corpus


def cmd_extract(args: argparse.Namespace) -> int:
    from timeline_gui.core.exchange import render_data

    corpus = _load(args.paths, not args.no_cache)
    text = render_data(corpus, args.format)  # the same text as File → Export data…
    if args.out:
        from timeline_gui.core.safewrite import SafeWriteError, write_text

        try:
            write_text(args.out, text)
        except SafeWriteError as exc:
            print(f"timeline-gui: {exc}", file=sys.stderr)
            return EXIT_NO_ARTICLES
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_OK if corpus.articles else EXIT_NO_ARTICLES


def cmd_timex(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from timeline_gui.core.timex import tag

    if args.jsonl:
        return _timex_jsonl(sys.stdin, sys.stdout)
    if args.text is None:
        parser.error("timex needs TEXT, or --jsonl to read JSON lines from standard input")
    dct = args.dct or dt.date.today()
    found = tag(args.text, dct)
    if not found:
        print("no time expressions found")
    for t in found:
        iv = t.interval
        span = f"{iv.start}..{iv.end} ({iv.granularity})" if iv else "-"
        print(f"{t.start:>5}-{t.end:<5} {t.text!r:32} {t.type:9} {t.value:14} {span}")
    return EXIT_OK


def _timex_jsonl(inp: TextIO, out: TextIO) -> int:
    from timeline_gui.core.timex import tag

    status = EXIT_OK
    for lineno, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
            dct = dt.date.fromisoformat(rec.get("dct") or dt.date.today().isoformat())
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"timeline-gui: input line {lineno}: {exc}", file=sys.stderr)
            out.write(json.dumps({"id": None, "error": str(exc), "timexes": []}) + "\n")
            status = EXIT_USAGE
            continue
        found = [t.to_json() for t in tag(text, dct)]
        out.write(json.dumps({"id": rec.get("id"), "timexes": found}, ensure_ascii=False) + "\n")
    return status


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.width < 200 or args.height < 150 or args.width > 16384 or args.height > 16384:
        parser.error("--width must be 200..16384 and --height 150..16384")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        parser.error("--from is after --to")
    if not args.out.lower().endswith((".png", ".svg")):
        parser.error("--out must end in .png or .svg")
    corpus = _load(args.paths, not args.no_cache)
    if not corpus.articles:
        print("timeline-gui: no article could be read; nothing to export", file=sys.stderr)
        return EXIT_NO_ARTICLES
    from timeline_gui.qt.export import ExportError, ExportSettings, export_file

    settings = ExportSettings(
        width=args.width,
        height=args.height,
        date_from=args.date_from,
        date_to=args.date_to,
        lanes=args.lanes,
        title=args.title,
    )
    try:
        export_file(corpus, args.out, settings)
    except ExportError as exc:
        print(f"timeline-gui: {exc}", file=sys.stderr)
        return EXIT_NO_ARTICLES
    print(args.out)
    return EXIT_OK


def cmd_open(paths: Sequence[str]) -> int:
    from timeline_gui.qt.app import run_app

    return run_app(list(paths))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # A bare path list opens the window: `timeline-gui folder/` is `timeline-gui open folder/`.
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return cmd_extract(args)
        if args.command == "timex":
            return cmd_timex(args, parser)
        if args.command == "export":
            return cmd_export(args, parser)
        return cmd_open(args.paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
