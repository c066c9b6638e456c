"""Command-line parsing: pick what to run (the app, the line-mode reader, check, print, grad,
progress, serve or class) and nothing else."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from gradtui import __version__

USAGE = """\
gradtui [LESSON] [--step N] [--lessons DIR] [--ascii] [--theme NAME] [--watch] [--no-save]
       gradtui --plain [LESSON] [--step N] [--lessons DIR] [--ascii] [--no-save]
       gradtui check [PATH ...]
       gradtui print LESSON [--lessons DIR] [--ascii]
       gradtui grad EXPR --at x=1 y=2 [--json] [--trace]
       gradtui serve [--host 127.0.0.1] [--port 8000] [--token T | --no-token]
                     [--max-sessions 50] [--allow-host NAME] [--lessons DIR] [--names]
                     [--no-save]
       gradtui class [--json] [--lessons DIR]
       gradtui progress [--json] [--reset [LESSON] [--yes]] [--lessons DIR]
       gradtui completion bash|zsh|fish"""

DESCRIPTION = """\
Learn derivatives and gradients by touching them.

  gradtui                  the lesson picker (resume where you left off)
  gradtui LESSON           open a lesson by number (1), slug (slope) or file path
  gradtui check [PATH]     validate lesson scripts (the built-in ones when no path)
  gradtui print LESSON     the lesson as plain text on stdout
  gradtui grad EXPR --at x=1
                           value and gradient by autodiff, checked by finite differences
  gradtui progress         what you have done, per lesson (--json; --reset forgets it)
  gradtui --plain [LESSON] a line-mode reader, for screen readers and braille displays
  gradtui LESSON --watch   reload the lesson whenever its file changes (for authors)
  gradtui serve            the app in a web browser (needs: pip install 'gradtui[serve]')
  gradtui class            the teacher's table of a served class (--json)
  gradtui completion SHELL a completion script for bash, zsh or fish (see the README)
"""


def wants_ascii(explicit: bool, environ: dict[str, str] | None = None) -> bool:
    """ASCII-only drawing: asked for, chosen because the locale is not UTF-8, or because the
    terminal is the Linux console (TERM=linux).

    Python itself (PEP 538) sets LC_CTYPE=C.UTF-8 when it starts under the plain C locale,
    so that value next to a C/POSIX or missing LANG is read as the C locale it stands for.
    """
    if explicit:
        return True
    env = os.environ if environ is None else environ
    if env.get("TERM") == "linux" and not served(env):
        return True  # the Linux console's fonts lack most of the drawing characters
    lang = env.get("LANG", "")
    coerced = env.get("LC_CTYPE") == "C.UTF-8" and lang in ("", "C", "POSIX")
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = env.get(name)
        if name == "LC_CTYPE" and coerced:
            continue
        if value:
            return "UTF8" not in value.upper().replace("-", "")
    return True  # no locale set at all: the C locale, which is ASCII


def served(environ: dict[str, str]) -> bool:
    """True inside `gradtui serve`: the app draws in a browser (Textual's web driver), whatever
    terminal the server itself was started from."""
    return "TEXTUAL_DRIVER" in environ


def dumb_terminal(environ: dict[str, str] | None = None) -> bool:
    """True when the terminal says it can do nothing but print lines (TERM=dumb)."""
    env = os.environ if environ is None else environ
    return env.get("TERM") == "dumb" and not served(env)


DUMB_NOTICE = (
    "gradtui: this terminal (TERM=dumb) cannot draw the full-screen app, so here is the "
    "line mode (gradtui --plain); type h for help."
)


def _app_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui",
        usage=USAGE,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("lesson", nargs="?", help="lesson number, slug or path")
    parser.add_argument("--step", type=int, metavar="N", help="open the lesson at step N")
    parser.add_argument("--lessons", metavar="DIR", help="use another folder of lesson scripts")
    parser.add_argument("--ascii", action="store_true", help="draw with ASCII characters only")
    parser.add_argument(
        "--plain", action="store_true", help="the line-mode reader (no full-screen drawing)"
    )
    parser.add_argument(
        "--watch", action="store_true", help="reload the lesson when its file changes"
    )
    parser.add_argument("--no-save", action="store_true", help="do not save progress")
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="the colour theme for this run (the one picked in the palette, ctrl+p, is "
        "remembered instead); --theme list names them",
    )
    parser.add_argument("--version", action="version", version=f"gradtui {__version__}")
    return parser


def _check_parser():
    import argparse

    parser = argparse.ArgumentParser(prog="gradtui check", description="Validate lesson scripts.")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="lesson files or folders, or built-in lessons by number (6) or slug (network)",
    )  # fmt: skip
    return parser


def _print_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui print", description="Print a lesson as plain text."
    )
    parser.add_argument("lesson", help="lesson number, slug or path")
    parser.add_argument("--lessons", metavar="DIR", help="use another folder of lesson scripts")
    parser.add_argument("--ascii", action="store_true", help="ASCII characters only")
    return parser


def _grad_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui grad",
        description="Value and gradient of an expression by autodiff, checked numerically.",
    )
    parser.add_argument("expr", help="an expression such as 'x**2 * y + sin(y)'")
    parser.add_argument("--at", nargs="*", default=[], metavar="NAME=VALUE", help="x=1 y=2")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--trace", action="store_true", help="print the backward pass")
    return parser


def _serve_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui serve",
        description="Serve the app to web browsers: each tab is its own session, and each "
        "browser a learner whose progress is kept apart; /?lesson=2&step=5 opens a step. The "
        "page and its websocket need the token printed in the URL, come from this server's own "
        "page and name this server in their Host; the terminal size is clamped to 500x200. "
        "The teacher's table (gradtui class) is also a page, behind a key printed at start.",
    )
    parser.add_argument(
        "--host",
        metavar="ADDRESS",
        help="the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every "
        "address, for a room)",
    )
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument(
        "--token",
        metavar="T",
        help="the token people need (8-128 letters, digits, - _ . ~); default: a random one, "
        "printed in the URL",
    )
    parser.add_argument(
        "--no-token",
        action="store_true",
        help="need no token (only when listening on this machine only)",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=50,
        metavar="N",
        help="at most N browser tabs at once, each its own gradtui of about 56 MiB, 38 MiB "
        "of it its own (default 50); the next is told the class is full",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer to this host name (repeatable): besides the address it listens on, "
        "localhost, 127.0.0.1 and [::1], requests naming any other host are refused",
    )
    parser.add_argument("--lessons", metavar="DIR", help="use another folder of lesson scripts")
    parser.add_argument(
        "--names",
        action="store_true",
        help="ask each learner for a name on their first visit, for the teacher's table",
    )
    parser.add_argument("--no-save", action="store_true", help="do not save progress")
    return parser


def _class_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui class",
        description="The teacher's table of a class served with gradtui serve: for each "
        "learner, lessons done, steps seen, checks right before the answer was shown and where "
        "they are now; then the checks the class most often got wrong at the first answer.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--lessons", metavar="DIR", help="the folder of lessons the class was served from"
    )
    parser.add_argument("--ascii", action="store_true", help="ASCII characters only")
    return parser


def _completion_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui completion",
        description="Print a shell completion script: bash, zsh or fish. Install it with "
        "gradtui completion bash > ~/.local/share/bash-completion/completions/gradtui; in "
        '~/.zshrc: eval "$(gradtui completion zsh)"; gradtui completion fish > '
        "~/.config/fish/completions/gradtui.fish",
    )
    parser.add_argument("shell", metavar="SHELL", help="bash, zsh or fish")
    parser.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    return parser


def _parsers_by_command() -> dict:
    """Every command's parser by its name ("" for gradtui itself), for completion."""
    return {
        "": _app_parser(),
        "check": _check_parser(),
        "print": _print_parser(),
        "grad": _grad_parser(),
        "serve": _serve_parser(),
        "class": _class_parser(),
        "progress": _progress_parser(),
        "completion": _completion_parser(),
    }


ALL_LESSONS = ""  # what --reset means without a lesson


def _progress_parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="gradtui progress",
        description="What you have done in each lesson: steps seen, checks right, done.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--reset",
        nargs="?",
        const=ALL_LESSONS,
        metavar="LESSON",
        help="forget your progress in LESSON (every lesson when none is named), after asking; "
        "the old file is kept as a backup",
    )
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.add_argument("--lessons", metavar="DIR", help="use another folder of lesson scripts")
    parser.add_argument("--ascii", action="store_true", help="ASCII characters only")
    return parser


def expression_after_options(args: list[str]) -> list[str]:
    """`grad` arguments with an expression that starts with a minus (-x**2) moved after "--":
    argparse would take it for an unknown option. Only -h names an option with one dash."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1 and arg != "-h":
            return [*args[:index], *args[index + 1 :], "--", arg]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `gradtui` console script; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args and not dumb_terminal():  # the picker, without loading argparse (start-up)
        from gradtui.commands import open_app

        return open_app.run(None, ascii=wants_ascii(False))
    try:
        if args and args[0] == "check":
            options = _check_parser().parse_args(args[1:])
            from gradtui.commands import check

            return check.run(options.paths)
        if args and args[0] == "print":
            options = _print_parser().parse_args(args[1:])
            from gradtui.commands import print_lesson

            return print_lesson.run(
                options.lesson, lessons_dir=options.lessons, ascii=wants_ascii(options.ascii)
            )
        if args and args[0] == "progress":
            options = _progress_parser().parse_args(args[1:])
            if options.yes and options.reset is None:
                print("gradtui progress: --yes goes with --reset", file=sys.stderr)
                return 2
            from gradtui.commands import progress

            return progress.run(
                as_json=options.json,
                reset=options.reset,
                yes=options.yes,
                lessons_dir=options.lessons,
                ascii=wants_ascii(options.ascii),
            )
        if args and args[0] == "grad":
            options = _grad_parser().parse_args(expression_after_options(args[1:]))
            from gradtui.commands import grad

            return grad.run(options.expr, options.at, as_json=options.json, trace=options.trace)
        if args and args[0] == "completion":
            options = _completion_parser().parse_args(args[1:])
            from gradtui.commands import completion

            return completion.run(options.shell, options.folder, _parsers_by_command())
        if args and args[0] == "serve":
            options = _serve_parser().parse_args(args[1:])
            from gradtui.commands import serve

            return serve.run(
                host=options.host, port=options.port, lessons_dir=options.lessons,
                save=not options.no_save, token=options.token, no_token=options.no_token,
                allow_hosts=options.allow_host, max_sessions=options.max_sessions,
                names=options.names,
            )  # fmt: skip
        if args and args[0] == "class":
            options = _class_parser().parse_args(args[1:])
            from gradtui.commands import class_view

            return class_view.run(
                as_json=options.json, lessons_dir=options.lessons, ascii=wants_ascii(options.ascii)
            )
        options = _app_parser().parse_args(args)
        if options.plain and options.watch:
            print("gradtui: --watch works in the full app, not with --plain", file=sys.stderr)
            return 2
        if options.watch and options.lesson is None:
            print("gradtui: --watch needs a LESSON to watch", file=sys.stderr)
            return 2
    except SystemExit as exit_:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exit_.code or 0)
    except KeyboardInterrupt:
        return 130
    if not options.plain and dumb_terminal():
        if options.watch:
            print("gradtui: --watch needs the full-screen app, which TERM=dumb cannot show",
                  file=sys.stderr)  # fmt: skip
            return 2
        print(DUMB_NOTICE, file=sys.stderr)
        options.plain = True
    if options.plain:
        from gradtui.commands import plain

        return plain.run(
            options.lesson,
            step=options.step,
            lessons_dir=options.lessons,
            ascii=wants_ascii(options.ascii),
            save=not options.no_save,
        )
    from gradtui.commands import open_app

    return open_app.run(
        options.lesson,
        step=options.step,
        lessons_dir=options.lessons,
        ascii=wants_ascii(options.ascii),
        watch=options.watch,
        save=not options.no_save,
        theme=options.theme,
    )


if __name__ == "__main__":
    raise SystemExit(main())
