"""A message names only options of the command that prints it.

The importers and analyses advise an option in their messages (``geef het stelsel op met --crs``), written for
the command where it exists. The commands that read incident files take the options of ``inspect`` that those
messages name (:data:`desktop.commands.inputs.INPUTS`, ``reading``); what a command still lacks (``--counts`` in
``hottimes``, ``--layer`` of a reference file) is said as the command that has it:
``--counts van wijkbeeld hotspots, trends, ...``. Nothing here imports pandas.
"""
from __future__ import annotations

import argparse
import re

OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z](?![\w-])")


def accepted(parser: argparse.ArgumentParser, command: str | None) -> frozenset:
    """The option strings of ``command``'s parser and of ``parser`` itself (``wijkbeeld --debug``)."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    chosen = sub.choices.get(command) if sub is not None and command else None
    return frozenset(parser._option_string_actions) | frozenset(getattr(chosen, "_option_string_actions", ()))


def _owners(option: str) -> list[str]:
    """The commands whose parser takes ``option`` (every parser built: only when a message needs it)."""
    from desktop.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [name for name, p in sub.choices.items() if option in p._option_string_actions and name not in ("gui",
                                                                                                         "demo")]


def own_options(text: str, options: frozenset | None) -> str:
    """``text`` with each option the command lacks said as the commands that have it (``options``: the command's;
    None leaves the text as it is)."""
    if not options or "--" not in text:
        return text

    def fit(match: re.Match) -> str:
        option = match.group(0)
        if option in options:
            return option
        owners = _owners(option)
        return f"{option} van wijkbeeld {', '.join(owners[:4])}" if owners else option

    return OPTION.sub(fit, text)
