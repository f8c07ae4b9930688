"""graph.cli.arguments: every command has help, each source option is offered where it makes sense."""

import argparse

import pytest

from graph.cli.arguments import build_parser


def _commands():
    parser = build_parser()
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_every_command_and_option_has_help():
    for name, sub in _commands().items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}"


@pytest.mark.process
@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_runs_in_the_cli(name):
    from graph.cli.commands import COMMANDS as _COMMANDS

    assert name in _COMMANDS


@pytest.mark.parametrize("argv, error", [
    (["stats", "--top", "0"], "expected a whole number of 1 or more, not '0'"),
    (["stats", "--data", "a.ttl", "--store", "s"], "not allowed with argument"),
    (["query", "--format", "yaml"], "invalid choice: 'yaml'"),
])
def test_usage_errors_are_one_line(argv, error, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2 and error in err and err.count("\n") == 1
