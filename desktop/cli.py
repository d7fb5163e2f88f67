"""The ``wijkbeeld`` command.

``wijkbeeld`` opens the desktop app, ``wijkbeeld demo`` opens it on the demo
project; every analysis and export also runs without a screen
(``wijkbeeld inspect|hotspots|hottimes|trends|analyse|inzet``). Each
subcommand lives in its own module in :mod:`desktop.commands`; Qt is imported
only when a GUI command runs.

Errors of the core (:class:`kernel.errors.WijkbeeldError`) become one Dutch
line on stderr and exit code 2; anything else becomes a short Dutch message and
exit code 3 (the traceback only with ``--debug``).
"""
from __future__ import annotations

import argparse
import sys

from desktop.commands import iter_commands

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line, in Dutch (:mod:`desktop.commands.parser`), each command with its examples.

    With ``argv`` (the arguments of one start) only the command named there gets its full parser (its
    module's ``add_parser``); every other command is listed by its name and one-line help from
    :data:`desktop.commands.COMMANDS`, which is all that ``wijkbeeld --help`` and a mistyped command need.
    The help and the messages are the same as those of the full parser; a start reads one command module
    (and its declarations) instead of all of them.
    """
    from desktop.commands import COMMANDS, command_module
    from desktop.commands.examples import EXAMPLES
    from desktop.commands.parser import Parser

    parser = Parser(
        prog="wijkbeeld",
        description="Wijkbeeld: hot spots, hot times en BOA-inzet voor openbare orde en veiligheid. "
                    "Zonder opdracht opent de desktop-app. Hulp bij een opdracht: wijkbeeld OPDRACHT --help.",
        examples=EXAMPLES["wijkbeeld"])
    parser.add_argument("--debug", action="store_true", help="toon bij een interne fout de volledige foutmelding")
    sub = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT")
    chosen = None if argv is None else COMMANDS.get(_command_in(argv), (None,))[0]  # the module
    for name, (module, help_text) in COMMANDS.items():
        if name in sub.choices:  # added with another command of its module ("gui" adds "demo")
            continue
        if argv is None or module == chosen:
            command_module(module).add_parser(sub)
        else:
            sub.add_parser(name, help=help_text)
    for name, command in sub.choices.items():
        command.examples = EXAMPLES.get(name, [])
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The command a start names: the first argument that is no option (``wijkbeeld`` itself has only
    options without a value: ``--debug``, ``--help``)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def _other_commands_option(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """The line for an option typed to a command that does not take it while another command does
    (:func:`desktop.commands.hints.unknown_options`), before argparse parses: a missing required option would be
    said first ("dit moet u nog opgeven: --incidents" for ``nearrepeat --counts``), and an option no command knows
    is left to argparse's own message. Options are never abbreviated (:class:`desktop.commands.parser.Parser`)."""
    from desktop.commands.hints import accepted, unknown_options

    command = _command_in(argv)
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if sub is None or command not in sub.choices:
        return None
    own = accepted(parser, command)
    typed = [arg.split("=", 1)[0] for arg in argv if arg.startswith("--") and arg != "--"]
    unknown = [t for t in typed if t not in own]
    return unknown_options(command, unknown, own) if unknown else None


def main(argv: list[str] | None = None) -> int:
    # First thing, before argparse: a frozen Windows build (PyInstaller) starts desktop.procpool's spawn
    # worker by running this same executable with "--multiprocessing-fork ..." arguments, and
    # freeze_support() then runs the worker and exits. When not frozen (python -m, the console script)
    # it does nothing (Python docs, multiprocessing.freeze_support), so multiprocessing (a tenth of
    # `wijkbeeld --help`) is imported only in a frozen build.
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    from kernel import allocator

    allocator.steady()  # large arrays go back to the system when freed (a third less peak memory nationally)
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    said = _other_commands_option(parser, argv)
    if said:  # an option of another command: why not here and what works instead, in one line
        print(f"wijkbeeld: {said}", file=sys.stderr)
        return EXIT_USER_ERROR
    args = parser.parse_args(argv)  # `--help` and mistakes end here
    from kernel.errors import WijkbeeldError

    if args.command is None:  # plain `wijkbeeld` (perhaps with --debug): the app, as `wijkbeeld gui`
        from desktop.commands import gui
        args.func = gui.run
    from desktop.commands.inputs import READ_REPORTS, READ_WARNINGS, say_read_warnings

    from desktop.commands.hints import accepted, own_options

    READ_WARNINGS.clear()
    READ_REPORTS.clear()
    args._options = accepted(parser, args.command)  # a message names only these (desktop.commands.hints)
    try:
        result = args.func(args)
        say_read_warnings(args)  # what reading the files said (not after an error: that is one line)
    except WijkbeeldError as exc:
        print(f"wijkbeeld: {own_options(str(exc), args._options)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("wijkbeeld: afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `wijkbeeld inspect ... | head`
        return 0
    except Exception as exc:  # noqa: BLE001 - the edge of the program: no traceback for the user
        if getattr(args, "debug", False):
            raise
        print(f"wijkbeeld: interne fout ({type(exc).__name__}: {exc}). "
              "Draai opnieuw met --debug voor details en meld dit aan de beheerder.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
