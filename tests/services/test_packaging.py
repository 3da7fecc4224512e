from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import Conflict, CycleDetected, InUse, InvalidInput, NotFound
from bakehouse.models import Bundle, Package
from bakehouse.services.catalog.graph import load_planning_catalog
from bakehouse.services.events.contents import resolved_contents
from bakehouse.services.packaging.packages import (
    ContentInput,
    PackageItem,
    allergens_by_package,
    create_bundle,
    create_package,
    delete_bundle,
    delete_package,
    get_bundle,
    get_package,
    list_bundles,
    list_packages,
    load_package_allergens,
    package_allergens,
    package_contents,
    set_bundle_lines,
    set_package_lines,
    update_bundle,
    update_package,
)
from tests.factories.catalog import make_ingredient
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)


def test_creates_a_bundle_of_items_and_nested_bundles(session: Session) -> None:
    recipe = make_recipe(session)
    cookie = make_item(session, recipe, name="Cookie")
    mini = make_bundle(session, name="Mini box", contents=[(4, cookie)])
    tin = create_bundle(
        session,
        name="Cookie tin",
        notes="red tin",
        lines=[ContentInput(6, item_id=cookie.id), ContentInput(1, bundle_id=mini.id)],
    )
    assert (tin.slug, tin.notes) == ("cookie-tin", "red tin")
    assert [(line.quantity, line.item_id, line.child_bundle_id) for line in tin.lines] == [
        (6, cookie.id, None),
        (1, None, mini.id),
    ]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (ContentInput(1), "lines[0]"),
        (ContentInput(1, item_id=1, bundle_id=1), "lines[0]"),
        (ContentInput(0, item_id=1), "lines[0].quantity"),
        (ContentInput(2, item_id=999_999), "lines[0].item_id"),
        (ContentInput(2, bundle_id=999_999), "lines[0].bundle_id"),
    ],
)
def test_refuses_a_line_without_exactly_one_existing_thing(
    session: Session, line: ContentInput, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_package(session, name="Odd", lines=[line])
    assert refused.value.field == field


def test_creates_an_empty_bundle_and_package(session: Session) -> None:
    assert create_bundle(session, name="Empty tin").lines == []
    assert create_package(session, name="Empty gift").lines == []


def test_refuses_a_bundle_inside_itself(session: Session) -> None:
    box = make_bundle(session, name="Box")
    with pytest.raises(CycleDetected) as refused:
        set_bundle_lines(session, box.id, [ContentInput(1, bundle_id=box.id)])
    assert refused.value.path == ["Box", "Box"]


def test_refuses_a_deeper_cycle_with_the_names_that_would_loop(session: Session) -> None:
    inner = make_bundle(session, name="Inner")
    middle = make_bundle(session, name="Middle", contents=[(1, inner)])
    outer = make_bundle(session, name="Outer", contents=[(2, middle)])
    with pytest.raises(CycleDetected) as refused:
        set_bundle_lines(session, inner.id, [ContentInput(1, bundle_id=outer.id)])
    assert refused.value.path == ["Inner", "Outer", "Middle", "Inner"]
    assert "Inner → Outer → Middle → Inner" in refused.value.message
    session.refresh(inner)
    assert inner.lines == []


def test_replacing_a_bundles_own_children_is_not_a_cycle(session: Session) -> None:
    recipe = make_recipe(session)
    cookie = make_item(session, recipe)
    inner = make_bundle(session, name="Inner", contents=[(1, cookie)])
    outer = make_bundle(session, name="Outer", contents=[(1, inner)])
    set_bundle_lines(session, outer.id, [ContentInput(3, bundle_id=inner.id)])
    assert [line.quantity for line in outer.lines] == [3]


def test_updates_bundle_and_package_names_and_notes(session: Session) -> None:
    bundle = make_bundle(session, name="Tin")
    package = make_package(session, name="Gift")
    make_bundle(session, name="Jar")
    update_bundle(session, bundle.id, name="Big tin", notes="lid")
    update_package(session, package.id, name="Big gift", notes="bow")
    assert (bundle.slug, bundle.notes, package.slug, package.notes) == (
        "big-tin",
        "lid",
        "big-gift",
        "bow",
    )
    with pytest.raises(Conflict):
        update_bundle(session, bundle.id, name="Jar")
    with pytest.raises(Conflict):
        create_package(session, name="BIG GIFT")


def test_finds_and_lists_bundles_and_packages(session: Session) -> None:
    recipe = make_recipe(session)
    cookie = make_item(session, recipe)
    tin = make_bundle(session, name="Zinc tin", contents=[(2, cookie)])
    gift = make_package(session, name="Zinc gift", contents=[(1, tin), (3, cookie)])
    assert get_bundle(session, "zinc-tin") is tin
    assert get_package(session, "Zinc gift") is gift
    assert tin in list_bundles(session)
    listed = next(p for p in list_packages(session) if p.id == gift.id)
    assert [(line.bundle, line.item) for line in listed.lines] == [(tin, None), (None, cookie)]
    with pytest.raises(NotFound):
        get_package(session, "nothing like it")


def test_replaces_package_lines(session: Session) -> None:
    recipe = make_recipe(session)
    cookie = make_item(session, recipe)
    package = make_package(session, contents=[(1, cookie)])
    set_package_lines(session, package.id, [ContentInput(12, item_id=cookie.id)])
    assert [line.quantity for line in package.lines] == [12]


def test_deletes_a_bundle_only_when_nothing_holds_it(session: Session) -> None:
    loose = make_bundle(session)
    inner = make_bundle(session, name="Inner box")
    make_bundle(session, name="Outer box", contents=[(1, inner)])
    make_package(session, name="Hamper", contents=[(1, inner)])
    delete_bundle(session, loose.id)
    assert session.get(Bundle, loose.id) is None
    with pytest.raises(InUse) as in_use:
        delete_bundle(session, inner.id)
    assert in_use.value.used_by == ["bundle 'Outer box'", "package 'Hamper'"]


def test_deletes_a_package_only_when_nobody_is_assigned_it(session: Session) -> None:
    spare = make_package(session)
    gift = make_package(session, name="Gift")
    make_assignment(
        session, make_event(session, name="Christmas"), make_recipient(session, name="Ann"), gift
    )
    delete_package(session, spare.id)
    assert session.get(Package, spare.id) is None
    with pytest.raises(InUse) as in_use:
        delete_package(session, gift.id)
    assert in_use.value.used_by == ["'Ann' at 'Christmas'"]


def test_package_contents_expand_nested_bundles(session: Session) -> None:
    chip_recipe = make_recipe(session, name="Chocolate chip")
    snicker_recipe = make_recipe(session, name="Snickerdoodle")
    chip = make_item(session, chip_recipe, name="Chocolate chip cookie")
    snicker = make_item(session, snicker_recipe, name="Snickerdoodle cookie")
    mini = make_bundle(session, contents=[(4, chip), (6, snicker)])
    tin = make_bundle(session, contents=[(6, chip), (1, mini)])
    package = make_package(session, contents=[(1, tin), (2, snicker)])
    assert package_contents(session, package.id) == [
        PackageItem(chip.id, "Chocolate chip cookie", chip_recipe.id, "Chocolate chip", 10),
        PackageItem(snicker.id, "Snickerdoodle cookie", snicker_recipe.id, "Snickerdoodle", 8),
    ]
    with pytest.raises(NotFound):
        package_contents(session, 999_999)


def test_package_allergens_roll_up_from_recipe_ingredients(session: Session) -> None:
    flour = make_ingredient(session, allergens=["gluten"])
    walnuts = make_ingredient(session, allergens=["tree_nuts"])
    butter = make_ingredient(session, allergens=["milk"])
    brownie = make_recipe(session, lines=[(flour, "200", "g"), (walnuts, "100", "g")])
    fudge = make_recipe(session, lines=[(butter, "100", "g")])
    toffee = make_recipe(session, lines=[(butter, "50", "g")])
    box = make_bundle(session, contents=[(2, make_item(session, brownie))])
    package = make_package(session, contents=[(1, box), (3, make_item(session, fudge))])
    make_package(session, contents=[(1, make_item(session, toffee))])
    assert package_allergens(session, package.id) == ["gluten", "milk", "tree_nuts"]
    with pytest.raises(NotFound):
        package_allergens(session, 999_999)


def test_what_an_assembled_package_holds_can_change_and_the_assembled_keep_theirs(
    session: Session,
) -> None:
    """docs/product.md §6.20: editing a package or a bundle deep inside it is allowed;
    the assembled assignment keeps its snapshot, the pending one follows the edit."""
    cookie = make_item(session, make_recipe(session))
    inner = make_bundle(session, name="Mini box", contents=[(4, cookie)])
    outer = make_bundle(session, name="Cookie tin", contents=[(1, inner)])
    gift = make_package(session, name="Gift", contents=[(1, outer)])
    event = make_event(session, name="Christmas")
    ann = make_assignment(
        session, event, make_recipient(session, name="Ann"), gift, status="assembled"
    )
    bo = make_assignment(session, event, make_recipient(session, name="Bo"), gift)  # pending

    set_bundle_lines(session, inner.id, [ContentInput(6, item_id=cookie.id)])
    contents = resolved_contents(session, [ann.id, bo.id])
    assert [(c.item_id, c.units) for c in contents[ann.id].items] == [(cookie.id, 4)]
    assert contents[ann.id].frozen
    assert [(c.item_id, c.units) for c in contents[bo.id].items] == [(cookie.id, 6)]
    assert not contents[bo.id].frozen
    set_package_lines(session, gift.id, [ContentInput(2, item_id=cookie.id)])
    contents = resolved_contents(session, [ann.id, bo.id])
    assert [c.units for c in contents[ann.id].items] == [4]
    assert [c.units for c in contents[bo.id].items] == [2]
    assert resolved_contents(session, []) == {}


def test_one_packages_allergens_read_alone_agree_with_the_whole_catalog(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    """load_package_allergens (one statement, only what is in the package) gives what
    allergens_by_package gives from the whole catalog, through bundles three deep."""
    codes = ["gluten", "milk", "eggs", "tree_nuts", "peanuts", "sesame"]
    recipes = [
        make_recipe(session, lines=[(make_ingredient(session, allergens=[code]), "10", "g")])
        for code in codes
    ]
    items = [make_item(session, recipe) for recipe in recipes]
    inner = make_bundle(session, contents=[(2, items[0])])
    middle = make_bundle(session, contents=[(1, inner), (3, items[1])])
    outer = make_bundle(session, contents=[(1, middle), (1, items[2])])
    packages = [
        make_package(session, contents=[(1, outer), (2, items[3])]),
        make_package(session, contents=[(1, middle)]),
        make_package(session, contents=[(4, items[4]), (1, inner)]),
        make_package(session, contents=[(1, make_item(session, make_recipe(session)))]),
    ]
    catalog = load_planning_catalog(session)
    expected = allergens_by_package(catalog, [p.id for p in packages])
    for package in packages:
        with count_statements() as counter:
            found = load_package_allergens(session, package.id)
        assert found == expected[package.id]
        assert counter.count == 1
    assert expected[packages[0].id] == ["eggs", "gluten", "milk", "tree_nuts"]
    assert expected[packages[3].id] == []
