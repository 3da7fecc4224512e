"""The docs stay true: what README.md and docs/ name exists (after datasette's test_docs.py).

Each check reads the documents as they are and lists what it cannot find; each is also run
on a broken sample, so a check that stopped looking would fail here too.
"""

from __future__ import annotations

import importlib
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer.main
from pydantic_core import PydanticUndefined
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.config import Settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "bakehouse"
PRODUCT = ROOT / "docs" / "product.md"
README = ROOT / "README.md"
DOCUMENTS = (README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "benchmarks" / "README.md")
#: Where a path in the docs may be written from: the repository, or the package (the docs
#: say "paths are relative to src/bakehouse/").
BASES = (ROOT, PACKAGE, ROOT / "src")
#: A file name alone (no folder) counts as a repository path when it is code or a document;
#: ``season.json`` in a sentence is an example, ``importer.py`` is ours.
SOURCE_SUFFIXES = (".py", ".md", ".html", ".css", ".js", ".toml")
SHELLS = ("", "bash", "sh", "shell", "console")

_FENCE = re.compile(r"^[ \t]*```([\w-]*)[ \t]*$")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_PATH = re.compile(r"^\.?[\w-]+(?:\.[\w-]+)*(?:/[\w.*-]+)*/?$")
_DOTTED = re.compile(
    r"^(?:bakehouse\.)?(?:services|domain|db|units|models|io|web|cli|labels|demo|errors|config"
    r"|schemas)\.[A-Za-z_][\w.]*$"
)
_HEADING = re.compile(r"^#{2,4} (\d+(?:\.\d+)?) ", re.MULTILINE)
_CITED_SECTION = re.compile(r"§ ?(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Text:
    """A document split into its prose (fenced blocks blanked out) and its fenced blocks."""

    path: Path
    prose: str
    blocks: tuple[tuple[str, str], ...]  # (language, body)

    @classmethod
    def read(cls, path: Path, text: str | None = None) -> Text:
        text = path.read_text(encoding="utf-8") if text is None else text
        prose: list[str] = []
        blocks: list[tuple[str, str]] = []
        fence: tuple[str, list[str]] | None = None
        for line in text.splitlines():
            opening = _FENCE.match(line)
            if fence is None and opening:
                fence = (opening.group(1), [])
            elif fence is not None and line.strip() == "```":
                blocks.append((fence[0], "\n".join(fence[1])))
                fence = None
            elif fence is not None:
                fence[1].append(line)
            else:
                prose.append(line)
        return cls(path, "\n".join(prose), tuple(blocks))


def documents() -> list[Text]:
    return [Text.read(path) for path in DOCUMENTS]


# --- Paths and Python names ---------------------------------------------------------------


@cache
def repository_names() -> frozenset[str]:
    """The name of every file and folder in the repository."""
    skip = {".git", ".venv", "__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis"}
    return frozenset(
        path.name
        for path in ROOT.rglob("*")
        if not skip.intersection(path.relative_to(ROOT).parts) and ".egg-info" not in str(path)
    )


def path_exists(name: str, document: Path) -> bool:
    """A path as the docs write it: from the repository, the package or the document; a
    lone file or folder name (``fifo.py``, ``unit/``) somewhere in the repository."""
    if "/" not in name.rstrip("/"):
        return name.rstrip("/") in repository_names()
    return any(
        any(base.glob(name.rstrip("/"))) if "*" in name else (base / name).exists()
        for base in (*BASES, document.parent)
    )


def named_paths(text: Text) -> Iterator[str]:
    """Code spans that are repository paths: with a slash, or a source file's name."""
    for span in _CODE.findall(text.prose):
        if span.startswith(("/", "~", "http")) or not _PATH.match(span):
            continue
        if not re.search(r"[A-Za-z]", span):
            continue  # a fraction such as 1/4
        if "/" in span or span.endswith(SOURCE_SUFFIXES):
            yield span


def missing_paths(text: Text) -> list[str]:
    return [
        f"{text.path.name}: `{name}`"
        for name in named_paths(text)
        if not path_exists(name, text.path)
    ]


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for a document's headings."""
    found = set()
    for line in markdown.splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return found


def broken_links(text: Text) -> list[str]:
    problems = []
    for target in _LINK.findall(text.prose):
        if target.startswith(("http://", "https://", "mailto:")) or target.startswith("<"):
            continue
        path, _, anchor = target.partition("#")
        file = (text.path.parent / path) if path else text.path
        if not file.exists():
            problems.append(f"{text.path.name}: link to {target}")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text("utf-8")):
            problems.append(f"{text.path.name}: no heading for #{anchor} in {file.name}")
    return problems


def resolve(dotted: str) -> object:
    """``services.pantry.ledger.empty_ledger`` → the object, or raise LookupError."""
    parts = dotted.removeprefix("bakehouse.").split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module("bakehouse." + ".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            if not hasattr(found, attribute):
                raise LookupError(dotted)
            found = getattr(found, attribute)
        return found
    raise LookupError(dotted)


def missing_names(text: Text) -> list[str]:
    problems = []
    for span in _CODE.findall(text.prose):
        name = span.removesuffix("()")
        if _DOTTED.match(name) and not name.endswith(SOURCE_SUFFIXES):
            try:
                resolve(name)
            except LookupError:
                problems.append(f"{text.path.name}: `{span}`")
    return problems


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_named_in_the_docs_exists(path: Path) -> None:
    text = Text.read(path)
    assert missing_paths(text) == []
    assert broken_links(text) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_name_in_the_docs_exists(path: Path) -> None:
    assert missing_names(Text.read(path)) == []


def test_the_path_checks_notice_a_path_that_is_gone() -> None:
    text = Text.read(
        ROOT / "docs" / "architecture.md",
        "See `services/pantry/ledger.py`, `services/pantry/gone.py`, `gone.py`, `fifo.py`,\n"
        "[the data file](data-format.md), [nothing](nothing.md) and "
        "[a rule](product.md#21-units), [no rule](product.md#99-nothing).\n"
        "```\nweb/ (pages)  not/a/path.py\n```\n",
    )
    assert missing_paths(text) == [
        "architecture.md: `services/pantry/gone.py`",
        "architecture.md: `gone.py`",
    ]
    assert broken_links(text) == [
        "architecture.md: link to nothing.md",
        "architecture.md: no heading for #99-nothing in product.md",
    ]


def test_the_name_check_notices_a_name_that_is_gone() -> None:
    text = Text.read(
        README,
        "`services.pantry.ledger.empty_ledger`, `domain.fifo.plan_all()`, "
        "`services.pantry.ledger.no_such_thing`, `services.nowhere.thing`, `io.gone`",
    )
    assert missing_names(text) == [
        "README.md: `services.pantry.ledger.no_such_thing`",
        "README.md: `services.nowhere.thing`",
        "README.md: `io.gone`",
    ]


# --- The README's configuration table ------------------------------------------------------


def configuration_rows(readme: str) -> dict[str, str]:
    """Each variable of the README's configuration table, with its default column."""
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`BAKEHOUSE_"):
            for variable in re.findall(r"`(BAKEHOUSE_\w+)`", cells[0]):
                rows[variable] = cells[2]
    return rows


def configuration_problems(readme: str) -> list[str]:
    rows = configuration_rows(readme)
    fields = Settings.model_fields
    variables = {f"BAKEHOUSE_{name.upper()}": name for name in fields}
    problems = [
        f"{v} is a setting the table leaves out" for v in sorted(set(variables) - set(rows))
    ]
    problems += [f"{v} is not a setting" for v in sorted(set(rows) - set(variables))]
    for variable, name in sorted(variables.items()):
        default = fields[name].default
        if variable not in rows or default in (None, (), PydanticUndefined):
            continue
        if isinstance(default, bool):
            shown = str(default).lower()
        elif isinstance(default, float) and default.is_integer():
            shown = str(int(default))
        else:
            shown = str(default)
        if f"`{shown}`" not in rows[variable]:
            problems.append(f"{variable}: the default is {shown}, the table says {rows[variable]}")
    return problems


def test_the_readme_configuration_table_is_exactly_the_settings() -> None:
    assert configuration_problems(README.read_text(encoding="utf-8")) == []


def test_the_configuration_check_notices_a_missing_an_extra_or_a_wrong_setting() -> None:
    readme = README.read_text(encoding="utf-8")
    port = "| `BAKEHOUSE_HOST`, `BAKEHOUSE_PORT` |"
    assert port in readme
    broken = (
        readme.replace(port, "| `BAKEHOUSE_HOST` |")
        .replace("| `1000000` |", "| `1000` |")
        .replace("## Configuration\n", "## Configuration\n\n| `BAKEHOUSE_COLOUR` | a | `red` |\n")
    )
    assert configuration_problems(broken) == [
        "BAKEHOUSE_PORT is a setting the table leaves out",
        "BAKEHOUSE_COLOUR is not a setting",
        "BAKEHOUSE_MAX_BODY_BYTES: the default is 1000000, the table says `1000`",
    ]


# --- Commands --------------------------------------------------------------------------------


def shell_commands(text: Text) -> Iterator[list[str]]:
    """Every ``bakehouse …`` command line in a document: code spans and shell blocks."""
    lines = [span for span in _CODE.findall(text.prose) if span.split(" ")[0] == "bakehouse"]
    for language, body in text.blocks:
        if language in SHELLS:
            body = body.replace("\\\n", " ")  # continued lines
            lines += [line.strip().removeprefix("$ ") for line in body.splitlines()]
    for line in lines:
        for segment in re.split(r"&&|\|\||[|;]", line.split(" #")[0]):
            try:
                words = shlex.split(segment)
            except ValueError:
                continue
            while words and re.match(r"^[A-Z_]+=", words[0]):
                words = words[1:]  # VARIABLE=value before the command
            if words and (words[0] == "bakehouse" or words[0].endswith("/bin/bakehouse")):
                cut = [i for i, w in enumerate(words) if w in ("<", ">", "2>", ">>")]
                yield words[1 : cut[0] if cut else None]


@cache
def click_app() -> Any:
    return typer.main.get_command(app)


@cache
def help_exit_code(path: tuple[str, ...]) -> int:
    return CliRunner().invoke(app, [*path, "--help"]).exit_code


def command_problem(words: list[str]) -> str | None:
    """Why ``bakehouse`` + ``words`` is not a command the app has, or None."""
    command = click_app()
    path: list[str] = []
    rest = list(words)
    while hasattr(command, "commands") and rest and not rest[0].startswith("-"):
        if rest[0] not in command.commands:
            return f"bakehouse {' '.join(path)}: no command {rest[0]!r}"
        path.append(rest.pop(0))
        command = command.commands[path[-1]]
    if hasattr(command, "commands") and rest and rest not in (["--help"], ["--version"]):
        return f"bakehouse {' '.join(path)} needs a command, not {' '.join(rest)}"
    options = {o: p for p in command.params for o in (*p.opts, *p.secondary_opts)}
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    positional = 0
    while rest:
        word = rest.pop(0)
        if word == "--help":
            continue
        if word.startswith("-") and word != "-":
            name = word.split("=", 1)[0]
            if name not in options:
                return f"bakehouse {' '.join(path)}: no option {name}"
            if not options[name].is_flag and "=" not in word and rest:
                rest.pop(0)
        else:
            positional += 1
    if not any(a.nargs == -1 for a in arguments) and positional > sum(a.nargs for a in arguments):
        return f"bakehouse {' '.join(path)}: {positional} arguments, it takes {len(arguments)}"
    if (code := help_exit_code(tuple(path))) != 0:
        return f"bakehouse {' '.join(path)} --help exits with {code}"
    return None


def command_problems(text: Text) -> list[str]:
    return [
        f"{text.path.name}: {problem}"
        for words in shell_commands(text)
        if (problem := command_problem(words)) is not None
    ]


def test_the_readme_shows_commands() -> None:
    commands = list(shell_commands(Text.read(README)))
    assert ["produce", "christmas-2026", "rugelach", "--batches", "1"] in commands
    assert len(commands) >= 15


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_shown_in_the_docs_exists(path: Path) -> None:
    assert command_problems(Text.read(path)) == []


def test_the_command_check_notices_a_command_or_option_that_is_gone() -> None:
    text = Text.read(
        README,
        "Run `bakehouse event progres x` or `bakehouse produce a b --batch 2`.\n"
        "```bash\nBAKEHOUSE_HOST=0.0.0.0 bakehouse serve --port 8001\n"
        "bakehouse dashboard --json extra && bakehouse event\n```\n",
    )
    assert command_problems(text) == [
        "README.md: bakehouse event: no command 'progres'",
        "README.md: bakehouse produce: no option --batch",
        "README.md: bakehouse dashboard: 1 arguments, it takes 0",
    ]


# --- Sections of docs/product.md ---------------------------------------------------------------


def product_sections() -> set[str]:
    return set(_HEADING.findall(PRODUCT.read_text(encoding="utf-8")))


def cited_sections(text: str) -> set[str]:
    return set(_CITED_SECTION.findall(text))


def citing_files() -> Iterator[Path]:
    for folder in ("src", "tests", "benchmarks", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path != Path(__file__).resolve():
                yield path
    yield from DOCUMENTS


def test_every_section_cited_exists_in_docs_product() -> None:
    sections = product_sections()
    assert {"1.1", "2.2", "3", "6.1"} <= sections
    unknown = {
        f"{path.relative_to(ROOT)}: §{number}"
        for path in citing_files()
        for number in cited_sections(path.read_text(encoding="utf-8"))
        if number not in sections
    }
    assert unknown == set()


def test_the_section_check_notices_a_section_that_is_not_there() -> None:
    cited = cited_sections("(docs/product.md §2.2, §6.1; §99 and §2.9)")
    assert cited - product_sections() == {"99", "2.9"}


def test_nothing_cites_a_product_document_that_is_not_in_the_repository() -> None:
    absent = re.compile(r"PRODUCT(?: ?§|\.md|'s|/)")
    citing = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in citing_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if absent.search(line)
    ]
    assert citing == []
