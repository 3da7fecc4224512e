"""Every layer of a source is capped: bombs, huge pages and crafted archives are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bakehouse.io.recipe_sources import (
    NotARecipe,
    ReadLimits,
    SourceTooLarge,
    TooManyRecipes,
    UnsafeArchive,
    read_recipe_bytes,
    read_recipe_file,
)
from tests.io.recipe_sources.builders import (
    FAKE_JPEG,
    deflated_spaces,
    gzip_of,
    zip_declaring_entries,
    zip_of,
    zip_with_lying_size,
)
from tests.io.recipe_sources.conftest import fixture_bytes

MIB = 1024 * 1024
RECIPE = fixture_bytes("mealie-raw-brownies.json")


def test_a_zip_bomb_is_refused_by_the_size_its_member_declares() -> None:
    bomb = zip_of([("recipe.json", b" " * (64 * MIB))], level=9)
    assert len(bomb) < 100 * 1024  # 64 MiB in well under 100 KiB: a ratio of over 600

    with pytest.raises(SourceTooLarge) as refused:
        read_recipe_bytes(bomb, name="bomb.zip")

    assert refused.value.location == "bomb.zip > recipe.json"
    assert "larger than the limit of 16 MiB" in refused.value.message


def test_a_member_inflating_far_beyond_its_compressed_size_is_refused_as_a_bomb() -> None:
    bomb = zip_of([("recipe.json", b" " * (4 * MIB))], level=9)

    with pytest.raises(UnsafeArchive, match="looks like a zip bomb"):
        read_recipe_bytes(bomb, name="bomb.zip")


def test_a_member_whose_size_lies_is_refused_after_reading_no_more_than_it_declared() -> None:
    lying = zip_with_lying_size("recipe.json", b" " * (32 * MIB), declared=1000)

    with pytest.raises(UnsafeArchive, match="damaged"):
        read_recipe_bytes(lying, name="lying.zip")


def test_a_gzip_bomb_inside_a_paprika_export_stops_at_the_document_cap() -> None:
    export = zip_of([("Bomb.paprikarecipe", deflated_spaces(64 * MIB))])

    with pytest.raises(SourceTooLarge, match="decompressed content"):
        read_recipe_bytes(export, name="Bomb.paprikarecipes")


def test_zips_nested_deeper_than_an_export_needs_are_refused() -> None:
    inner = zip_of([("recipe.json", RECIPE)])
    nested = zip_of([("c.zip", zip_of([("b.zip", inner)]))])

    with pytest.raises(UnsafeArchive, match="nests zip files more than 2 deep"):
        read_recipe_bytes(nested, name="nested.zip")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/recipe.json",
        "/etc/recipe.json",
        "recipes/../../x.json",
        "..\\x.json",
        "C:/x.json",
    ],
)
def test_a_member_path_leaving_the_archive_refuses_it_whole(name: str) -> None:
    archive = zip_of([("ok.json", RECIPE), (name, RECIPE)])

    with pytest.raises(UnsafeArchive, match="has a path that leaves the archive"):
        read_recipe_bytes(archive, name="crafted.zip")


def test_too_many_members_are_refused_before_they_are_listed() -> None:
    with pytest.raises(UnsafeArchive, match="more than 2,000 entries"):
        read_recipe_bytes(zip_declaring_entries(10_000_000), name="entries.zip")
    small = ReadLimits(max_members=2)
    with pytest.raises(UnsafeArchive, match="more than 2 entries"):
        read_recipe_bytes(
            zip_of([(f"{n}.json", RECIPE) for n in range(3)]), name="x.zip", limits=small
        )


def test_everything_decompressed_from_one_source_shares_one_budget() -> None:
    noise = [(f"{n}.txt", os.urandom(300 * 1024)) for n in range(4)]
    limits = ReadLimits(max_total_bytes=1 * MIB)

    with pytest.raises(SourceTooLarge, match="everything decompressed from it"):
        read_recipe_bytes(zip_of(noise), name="noise.zip", limits=limits)


def test_more_recipes_than_one_import_takes_are_refused() -> None:
    archive = zip_of([(f"{n}.json", RECIPE) for n in range(4)])

    with pytest.raises(TooManyRecipes, match="more than 3 recipes"):
        read_recipe_bytes(archive, name="many.zip", limits=ReadLimits(max_recipes=3))


def test_a_50_mb_page_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as stream:
        stream.write(b"<!doctype html><html><body>")
        block = b"<p>filler</p>" * 80_000
        while stream.tell() < 50 * MIB:
            stream.write(block)

    with pytest.raises(SourceTooLarge) as refused:
        read_recipe_file(page)

    assert refused.value.location == "huge.html"
    assert refused.value.limit == 16 * MIB


def test_an_archive_of_images_and_other_files_is_not_a_recipe() -> None:
    archive = zip_of([("photo.jpg", FAKE_JPEG), ("readme.txt", b"Exported by an app."),
                      ("data.json", b'{"version": 3}')])  # fmt: skip

    with pytest.raises(NotARecipe) as refused:
        read_recipe_bytes(archive, name="photos.zip")

    assert refused.value.reasons == [
        "photos.zip > photo.jpg: an image (images are not imported)",
        'photos.zip > readme.txt: no ingredient list was found: put an "Ingredients" line '
        "before it, or one ingredient per line (each starting with its quantity) after the name",
        "photos.zip > data.json: it is not a Mealie, Tandoor or Paprika recipe, nor schema.org "
        "JSON-LD",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "it is not a readable zip file"),
        (gzip_of(b"x")[:-6], "it is a damaged gzip file"),
        (gzip_of(gzip_of(b"{}")), "it is gzip-compressed twice"),
        (b'{"name": "Toffee", "name": "Fudge"}', '$: has the key "name" more than once'),
        (b"[1, 2", "$: is not valid JSON"),
        (FAKE_JPEG, "it is an image or another binary file"),
    ],
)
def test_files_that_are_no_recipe_are_refused_saying_why(data: bytes, reason: str) -> None:
    with pytest.raises(NotARecipe) as refused:
        read_recipe_bytes(data, name="upload")

    assert refused.value.reasons[0].startswith(reason)
