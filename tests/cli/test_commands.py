"""Every command the parser knows is run by the module that registered it: a command group
that forgets `set_defaults(run=...)` fails here, not in front of a worker."""

from __future__ import annotations

import argparse

from cass_desktop.cli import _parser, groups


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """(the words that reach it, its parser) for every command and sub-command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*words, name), sub
                yield from _commands(sub, (*words, name))


def _has_subcommands(parser: argparse.ArgumentParser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


def test_every_command_has_the_function_that_runs_it():
    missing = []
    for words, sub in _commands(_parser()):
        if words == ("gui",):
            continue  # the default: main opens the window itself
        runs = sub.get_default("run")
        parent_runs = any(
            p.get_default("run") for w, p in _commands(_parser()) if w == words[:1] and w != words
        )
        if runs is None and not parent_runs and not _has_subcommands(sub):
            missing.append(" ".join(words))
    assert missing == []


def test_each_group_adds_its_commands_and_no_others_are_made_by_hand():
    registered = argparse.ArgumentParser().add_subparsers()
    for group in groups():
        group.register(registered)
    names = {w[0] for w, _ in _commands(_parser())}
    assert names == {"gui", *registered.choices}
