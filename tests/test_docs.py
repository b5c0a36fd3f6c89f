"""The documentation keeps up with the code: settings, commands, the README's two commands."""

import os
import re
from pathlib import Path

from lanzarote.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_read_by_the_settings_is_documented():
    settings = (ROOT / "lanzarote" / "settings.py").read_text()
    names = set(re.findall(r'(?:getenv|envbool|envint|envlist)\("([A-Z_]+)"', settings))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert names, "no variables found: has the settings file changed shape?"
    assert not {n for n in names if f"`{n}`" not in documented}


def test_every_command_is_documented():
    documented = (ROOT / "docs" / "commands.md").read_text()
    assert not {name for name in COMMANDS if f"`lanzarote {name}" not in documented}


def test_the_readme_opens_with_the_two_commands_and_they_exist():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "./scripts/start" in first_block and "./scripts/test" in first_block
    for script in ("scripts/start", "scripts/test", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), script
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_links_between_documents_resolve():
    for document in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", document.read_text()):
            assert (document.parent / target).exists(), f"{document.name} → {target}"
