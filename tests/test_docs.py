"""The docs cover the code: every command, every option's help, the Quick start, CI."""

from __future__ import annotations

import re

import typer.main

from collate.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, object]:
    return typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme() -> None:
    for name in commands():
        assert f"collate {name}" in README, name


def test_every_command_and_option_has_help() -> None:
    for name, command in commands().items():
        assert command.help, name
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.opts}"
            else:
                assert getattr(param, "help", None), f"{name} argument {param.name}"


def quick_start_lines() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```[^\n]*\n(.*?)```", section, re.S)
    assert block
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2
    assert "collate report witnesses/1950-10-01-filippov-to-mao" in lines[0]
    assert "pytest" in lines[1] and ".[test]" in lines[1]


def test_ci_runs_the_readme_test_command() -> None:
    assert quick_start_lines()[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_public_api_has_docstrings() -> None:
    import inspect

    import collate

    for name in collate.__all__:
        obj = getattr(collate, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, name


def _public_objects():
    """Every public function, class and method defined in the collate package."""
    import importlib
    import inspect
    import pkgutil

    import collate

    for info in pkgutil.walk_packages(collate.__path__, "collate."):
        if info.name.endswith("__main__"):
            continue  # importing it runs the CLI
        module = importlib.import_module(info.name)
        yield info.name, module
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{info.name}.{name}", obj
            elif inspect.isclass(obj):
                yield f"{info.name}.{name}", obj
                for attr, value in vars(obj).items():
                    func = value.fget if isinstance(value, property) else value
                    if not attr.startswith("_") and inspect.isfunction(func):
                        yield f"{info.name}.{name}.{attr}", func


def test_every_public_module_function_class_and_method_has_a_docstring() -> None:
    missing = [name for name, obj in _public_objects() if not (obj.__doc__ or "").strip()]
    assert not missing, missing


def test_public_functions_have_type_hints() -> None:
    import inspect

    missing = []
    for name, obj in _public_objects():
        if inspect.isfunction(obj):
            sig = inspect.signature(obj)
            params = [p for p in sig.parameters.values() if p.name not in ("self", "cls")]
            if sig.return_annotation is inspect.Signature.empty or any(
                p.annotation is inspect.Parameter.empty for p in params
            ):
                missing.append(name)
    assert not missing, missing


def test_every_diff_option_and_the_global_options_are_in_the_readme() -> None:
    # Each name of each option (`-U`, `--context`, `--unified`), written as it is typed.
    group = typer.main.get_command(app)
    for name, command in (("collate", group), ("diff", commands()["diff"])):
        for param in command.params:
            for opt in (*param.opts, *param.secondary_opts):
                if opt.startswith("-"):
                    assert re.search(rf"`[^`\n]*{re.escape(opt)}(?![\w-])", README), f"{name} {opt}"
