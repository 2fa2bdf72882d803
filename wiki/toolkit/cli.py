"""`flask --app wsgi hub load-questionnaire FILE`: load a questionnaire definition (added to
the hub's commands through the package's Feature)."""

from pathlib import Path

import click

from hub.cli import unit_of_work
from wiki.toolkit.definitions import DefinitionError


@click.command("load-questionnaire")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@unit_of_work
def load_questionnaire_command(path: Path):
    """Load a self-assessment questionnaire from a definition file (TOML); a file with any
    mistake is refused whole."""
    from wiki.toolkit.services import load_questionnaire

    try:
        questionnaire, new = load_questionnaire(path.read_text(encoding="utf-8"))
    except DefinitionError as error:
        problems = "\n".join(f"  - {problem}" for problem in error.problems)
        raise click.ClickException(f"{path} was not loaded:\n{problems}") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} was not loaded: it is not UTF-8 text") from None
    state = "loaded" if new else "was already loaded"
    click.echo(
        f"{questionnaire.title} (key {questionnaire.key}, version {questionnaire.version}) {state}."
    )
