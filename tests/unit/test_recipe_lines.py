"""Pasted ingredient lines, read and matched as a baker would expect (issue 21).

Every line here was written for these tests. The kitchen catalog below stands in for a
baker's catalog; the starter catalog is the one Bakehouse ships. A line is matched only
when its name is a catalog name or alias; the confusable pairs ("peanut butter" and
"butter", "baking soda" and "baking powder", "cocoa butter" and "cocoa", "salted" and
"unsalted butter") always need the baker's confirmation.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from decimal import Decimal

import pytest

from bakehouse.domain.recipe_text import (
    Accepted,
    CatalogEntry,
    IngredientLine,
    IngredientMatcher,
    NeedsConfirmation,
    ProblemKind,
    SectionHeading,
    Unmatched,
    match_ingredient,
    parse_ingredient_line,
    parse_ingredient_list,
    starter_ingredients,
)
from bakehouse.domain.recipe_text.match import MatchResult
from bakehouse.services.catalog.starter import starter_entries
from tests.unit.conftest import NetworkUsed

pytestmark = pytest.mark.usefixtures("loopback_only")

KITCHEN = [
    CatalogEntry(1, "All-purpose flour", ("plain flour", "AP flour")),
    CatalogEntry(2, "Bread flour"),
    CatalogEntry(3, "Granulated sugar", ("sugar", "white sugar")),
    CatalogEntry(4, "Light brown sugar", ("brown sugar",)),
    CatalogEntry(5, "Confectioners' sugar", ("powdered sugar", "icing sugar")),
    CatalogEntry(6, "Butter", ("unsalted butter",)),
    CatalogEntry(7, "Cocoa", ("cocoa powder", "unsweetened cocoa powder")),
    CatalogEntry(8, "Baking powder"),
    CatalogEntry(9, "Table salt", ("salt",)),
    CatalogEntry(10, "Eggs"),
    CatalogEntry(11, "Egg yolks"),
    CatalogEntry(12, "Vanilla extract"),
    CatalogEntry(13, "Semisweet chocolate chips", ("chocolate chips",)),
    CatalogEntry(14, "Whole milk", ("milk",)),
    CatalogEntry(15, "Cream cheese"),
    CatalogEntry(16, "Heavy cream", ("heavy whipping cream",)),
    CatalogEntry(17, "Walnuts"),
    CatalogEntry(18, "Ground cinnamon", ("cinnamon",)),
    CatalogEntry(19, "Honey"),
    CatalogEntry(20, "Old-fashioned rolled oats", ("rolled oats",)),
    CatalogEntry(21, "Dark chocolate"),
    CatalogEntry(22, "Sweetened condensed milk"),
    CatalogEntry(23, "Molasses"),
    CatalogEntry(24, "Chopped dates"),
]
STARTER = starter_ingredients(starter_entries())


@dataclass(frozen=True)
class Accept:
    ingredient_id: int
    how: str = "exact"


@dataclass(frozen=True)
class Confirm:
    first: str  # the best suggestion
    never: str = ""  # a catalog name that is not the line's ingredient, offered or not


@dataclass(frozen=True)
class New:
    starter: str | None  # the starter entry whose density is offered
    exact: bool = False


Expected = Accept | Confirm | New
P = ProblemKind

#: (line; its amount as "quantity unit" ("-" for none, no unit for a count); ingredient;
#: note; the problem to fix, if any; how it matches the kitchen catalog)
LINES: list[tuple[str, str, str, str, ProblemKind | None, Expected]] = [
    ("2 1/4 cups all-purpose flour, sifted",
     "2.25 cup", "all-purpose flour", "sifted", None, Accept(1)),
    ("1 (8 oz) package cream cheese, softened",
     "8 oz", "cream cheese", "1 (8 oz) package, softened", None, Accept(15)),
    ("pinch of salt",
     "-", "salt", "pinch", P.NO_QUANTITY, Accept(9, "alias")),
    ("Salt to taste",
     "-", "Salt", "to taste", P.NO_QUANTITY, Accept(9, "alias")),
    ("1 cup (2 sticks) butter",
     "1 cup", "butter", "2 sticks", None, Accept(6)),
    ("3/4 c. sugar",
     "0.75 cup", "sugar", "", None, Accept(3, "alias")),
    ("1 tsp. vanilla extract",
     "1 tsp", "vanilla extract", "", None, Accept(12)),
    ("2 eggs",
     "2", "eggs", "", None, Accept(10)),
    ("1 egg, lightly beaten",
     "1", "egg", "lightly beaten", None, Accept(10)),
    ("3 large egg yolks",
     "3", "egg yolks", "large", None, Accept(11)),
    ("1 ½ cups chocolate chips",
     "1.5 cup", "chocolate chips", "", None, Accept(13, "alias")),
    ("200 g dark chocolate (70%), chopped",
     "200 g", "dark chocolate", "70%, chopped", None, Accept(21)),
    ("• 1⅓ cups powdered sugar",
     "1.333333 cup", "powdered sugar", "", None, Accept(5, "alias")),
    ("2. 2 ⅔ tbsp honey",
     "2.666667 tbsp", "honey", "", None, Accept(19)),
    ("- 1/3 cup molasses",
     "0.333333 cup", "molasses", "", None, Accept(23)),
    ("2-3 cups whole milk",
     "- cup", "whole milk", "", P.RANGE, Accept(14)),
    ("1 to 2 tbsp heavy whipping cream",
     "- tbsp", "heavy whipping cream", "", P.RANGE, Accept(16, "alias")),
    ("1/2 cup peanut butter",
     "0.5 cup", "peanut butter", "", None, Confirm("Butter")),
    ("2 tsp baking soda",
     "2 tsp", "baking soda", "", None, Confirm("Baking powder")),
    ("1/4 cup cocoa butter, melted",
     "0.25 cup", "cocoa butter", "melted", None, Confirm("Butter", never="Cocoa")),
    ("1/2 cup salted butter",
     "0.5 cup", "salted butter", "", None, Confirm("Butter")),
    ("1/4 cup unsweetened cocoa powder",
     "0.25 cup", "unsweetened cocoa powder", "", None, Accept(7, "alias")),
    ("1 cup chopped walnuts",
     "1 cup", "walnuts", "chopped", None, Accept(17)),
    ("1 cup chopped dates",
     "1 cup", "dates", "chopped", None, Accept(24)),
    ("1 can (14 oz) sweetened condensed milk",
     "14 oz", "sweetened condensed milk", "1 can (14 oz)", None, Accept(22)),
    ("2 sticks (1 cup) unsalted butter, cold",
     "1 cup", "unsalted butter", "2 sticks (1 cup), cold", None, Accept(6, "alias")),
    ("1 cup packed light brown sugar",
     "1 cup", "light brown sugar", "packed", None, Accept(4)),
    ("1 tsp cinnamon",
     "1 tsp", "cinnamon", "", None, Accept(18, "alias")),
    ("2 cups old fashioned rolled oats",
     "2 cup", "old fashioned rolled oats", "", None, Accept(20)),
    ("1 1/2 cups AP flour",
     "1.5 cup", "AP flour", "", None, Accept(1, "alias")),
    ("250ml whole milk",
     "250 ml", "whole milk", "", None, Accept(14)),
    ("1 tsp baking powder",
     "1 tsp", "baking powder", "", None, Accept(8)),
    ("1 stick butter, softened",
     "1", "butter", "softened", P.UNIT, Accept(6)),
    ("1 cup plus 2 tbsp bread flour",
     "- cup", "bread flour", "", P.TWO_AMOUNTS, Accept(2)),
    ("2 tbsp butter or margarine",
     "2 tbsp", "butter or margarine", "", None, Confirm("Butter")),
    ("3 cloves garlic, minced",
     "3", "garlic", "minced", P.UNIT, New(None)),
    ("1 cup pumpkin puree",
     "1 cup", "pumpkin puree", "", None, New(None)),
    ("1/2 cup sour cream",
     "0.5 cup", "sour cream", "", None, New("Sour cream", exact=True)),
    ("12 oz bittersweet chocolate (about 2 cups)",
     "12 oz", "bittersweet chocolate", "about 2 cups", None, Confirm("Dark chocolate")),
    ("1,5 cups milk",
     "- cup", "milk", "", P.NUMBER, Accept(14, "alias")),
]  # fmt: skip

MATCHER = IngredientMatcher(KITCHEN, STARTER)


def test_the_table_has_enough_lines_and_every_confusable_pair() -> None:
    assert len(LINES) >= 30
    written = " ".join(line for line, *_ in LINES)
    for pair in ("peanut butter", "baking soda", "cocoa butter", "salted butter"):
        assert pair in written


@pytest.mark.parametrize(("text", "amount", "ingredient", "note", "problem", "expected"), LINES)
def test_each_line_is_read_and_matched_as_the_baker_meant(
    text: str,
    amount: str,
    ingredient: str,
    note: str,
    problem: ProblemKind | None,
    expected: Expected,
) -> None:
    number, *unit = amount.split()
    line = parse_ingredient_line(text)

    assert line.quantity == (None if number == "-" else Decimal(number))
    assert line.unit == (" ".join(unit) or None)
    assert (line.ingredient, line.note) == (ingredient, note)
    assert (line.problem.kind if line.problem else None) == problem
    assert_match(MATCHER.match_line(line), expected)


def assert_match(result: MatchResult, expected: Expected) -> None:
    if isinstance(expected, Accept):
        assert result == Accepted(
            expected.ingredient_id, expected.how, KITCHEN[expected.ingredient_id - 1].name
        )  # type: ignore[arg-type]
    elif isinstance(expected, Confirm):
        assert isinstance(result, NeedsConfirmation), result
        names = [suggestion.name for suggestion in result.suggestions]
        assert names[0] == expected.first
        assert expected.never not in names or expected.never != names[0]
    else:
        assert isinstance(result, Unmatched), result
        starter = result.starter_suggestion
        assert (starter.name if starter else None) == expected.starter
        assert starter is None or starter.exact is expected.exact


@pytest.mark.parametrize(
    ("catalog_name", "line_says"),
    [("Butter", "peanut butter"), ("Peanut butter", "butter"),
     ("Baking powder", "baking soda"), ("Baking soda", "baking powder"),
     ("Cocoa", "cocoa butter"), ("Cocoa butter", "cocoa"),
     ("Unsalted butter", "salted butter"), ("Salted butter", "unsalted butter")],
)  # fmt: skip
def test_a_confusable_name_is_offered_never_accepted(catalog_name: str, line_says: str) -> None:
    result = IngredientMatcher([CatalogEntry(1, catalog_name)]).match_line(
        parse_ingredient_line(f"1 cup {line_says}")
    )

    assert isinstance(result, NeedsConfirmation)
    assert [s.name for s in result.suggestions] == [catalog_name]
    assert result.suggestions[0].score < 100


def test_a_near_name_is_ranked_by_score_with_the_same_thing_first() -> None:
    result = MATCHER.match("cocoa butter")

    assert isinstance(result, NeedsConfirmation)
    assert [(s.name, s.score) for s in result.suggestions][:2] == [("Butter", 90), ("Cocoa", 90)]
    assert all(
        a.score >= b.score for a, b in zip(result.suggestions, result.suggestions[1:], strict=False)
    )


def test_a_new_ingredient_gets_the_starter_density_and_allergens_only_when_it_is_that_entry() -> (
    None
):
    exact = MATCHER.match("almond flour")
    alike = MATCHER.match("almond butter")

    assert isinstance(exact, NeedsConfirmation | Unmatched)
    assert exact.starter_suggestion is not None
    assert exact.starter_suggestion.name == "Almond flour"
    assert exact.starter_suggestion.density == Decimal("0.406")
    assert exact.starter_suggestion.allergens == ("tree_nuts",)
    assert alike.starter_suggestion is not None
    assert alike.starter_suggestion.name == "Salted butter", "measured like a butter"
    assert alike.starter_suggestion.exact is False
    assert alike.starter_suggestion.allergens is None, "a similar name's allergens are not copied"


def test_one_name_can_be_matched_without_building_a_matcher() -> None:
    assert match_ingredient("EGGS", KITCHEN) == Accepted(10, "exact", "Eggs")
    assert match_ingredient("sugar", [CatalogEntry(1, "Sugar", ("sugars",))]) == Accepted(
        1, "exact", "Sugar"
    ), "an alias that is the name again does not make it an alias match"


def test_a_name_two_ingredients_share_is_not_accepted_for_either() -> None:
    matcher = IngredientMatcher(
        [CatalogEntry(1, "Egg"), CatalogEntry(2, "Pasture eggs", ("eggs",))]
    )

    result = matcher.match("eggs")

    assert isinstance(result, NeedsConfirmation)
    assert {s.ingredient_id for s in result.suggestions[:2]} == {1, 2}


def test_a_pasted_list_keeps_its_order_headings_and_line_numbers() -> None:
    pasted = (
        "For the dough:\n"
        "\n"
        "  1.  2 1/4 cups all-purpose flour\n"
        "\t* 1 cup butter, softened\n"
        "For the glaze:\n"
        "1 cup powdered sugar, plus more for dusting\n"
    )

    read = parse_ingredient_list(pasted)

    assert [type(item).__name__ for item in read] == [
        "SectionHeading", "IngredientLine", "IngredientLine", "SectionHeading", "IngredientLine",
    ]  # fmt: skip
    assert read[0] == SectionHeading(1, "For the dough:", "For the dough")
    first = read[1]
    assert isinstance(first, IngredientLine)
    assert (first.number, first.text, first.quantity) == (3, "2 1/4 cups all-purpose flour", 2.25)
    last = read[4]
    assert isinstance(last, IngredientLine)
    assert (last.ingredient, last.note) == ("powdered sugar", "plus more for dusting")


@pytest.mark.parametrize(
    ("pasted", "says"),
    [("1 cup flour\n2 cups sug\x07ar", "line 2 contains an invisible control character"),
     ("1 cup flour\n" * 201, "more than 200 lines"),
     ("x" * 10_001, "at most 10,000 characters")],
)  # fmt: skip
def test_a_paste_that_cannot_be_read_at_all_is_refused_whole(pasted: str, says: str) -> None:
    from bakehouse.domain.inputs import InputProblem

    with pytest.raises(InputProblem, match=says):
        parse_ingredient_list(pasted)


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [("2-3 cups milk", "quantity", "quantity looks like a range (2-3); give one number"),
     ("1 or 2 eggs", "quantity", "quantity looks like a range (1 or 2); give one number"),
     ("2 ½–3 cups flour", "quantity", "looks like a range (2 ½–3)"),
     ("0 g sugar", "quantity", "quantity must be more than 0"),
     ("1/3000000 cup sugar", "quantity", "fraction too small to keep"),
     ("2 cups", "ingredient", "ingredient is missing"),
     ("1 pinch salt", "unit", "unit 'pinch' is not one Bakehouse can convert"),
     ("2 sticks butter", "unit", "unit 'sticks' is not one"),
     (f"1 cup {'very ' * 50}fine sugar", "ingredient", "ingredient must be at most 200"),
     (f"1 cup sugar, {'sifted ' * 40}", "note", "note must be at most 200"),
     ("1000000000 (8 oz) packages cheese", "quantity", "too large"),
     ("Zest of 1 lemon", "quantity", "quantity is missing"),
     ("1 lb. 2 oz. flour", "quantity", "two amounts; add them up"),
     ("1 large egg + 1 egg yolk", "quantity", "or give each ingredient its own line")],
)  # fmt: skip
def test_what_cannot_be_saved_as_written_says_what_to_fix(text: str, field: str, says: str) -> None:
    problem = parse_ingredient_line(text).problem

    assert problem is not None
    assert problem.field == field
    assert says in problem.message


@pytest.mark.parametrize(
    ("text", "quantity", "unit"),
    [("2 (8 oz) packages cream cheese", "16", "oz"),
     ("2 cans (14 oz each) pumpkin", "28", "oz"),
     ("1/3 (8 oz) package cream cheese", "2.666664", "oz"),
     ("a cup of sugar", "1", "cup"),
     ("1 fl. oz. rum", "1", "fl oz"),
     ("3 T butter", "3", "tbsp"),
     ("1 t salt", "1", "tsp"),
     ("1 dozen eggs", "1", "dozen"),
     ("1 heaping cup flour", "1", "cup"),
     ("2 c flour", "2", "cup"),
     ("1 1/4 cups (150 g) flour", "1.25", "cup"),
     ("1 (8 oz.) package cream cheese", "8", "oz"),
     ("1 (2 sticks) butter", "1", None),
     ("1 (1,5 oz) packet yeast", "1", None),
     ("2-3 (8 oz) packages cream cheese", None, "oz"),
     ("2 cups 2% milk", "2", "cup"),
     ("1.000,5 g Mehl", None, "g")],
)  # fmt: skip
def test_pack_sizes_units_and_spellings(text: str, quantity: str | None, unit: str | None) -> None:
    line = parse_ingredient_line(text)

    assert line.quantity == (Decimal(quantity) if quantity else None)
    assert line.unit == unit


def test_numbers_follow_the_locale() -> None:
    line = parse_ingredient_line("1.000,5 g Mehl", locale="de_DE")

    assert (line.quantity, line.unit, line.ingredient) == (Decimal("1000.5"), "g", "Mehl")


def test_a_line_with_no_name_matches_nothing() -> None:
    assert MATCHER.match_line(parse_ingredient_line("2 cups")) == Unmatched(None)


def test_a_count_is_a_quantity_without_a_unit() -> None:
    assert parse_ingredient_line("2 large eggs").is_count
    assert not parse_ingredient_line("2 cups milk").is_count
    assert not parse_ingredient_line("salt to taste").is_count


def test_the_network_guard_refuses_anything_but_loopback() -> None:
    with pytest.raises(NetworkUsed, match=r"example\.org"):
        socket.getaddrinfo("example.org", 443)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass  # loopback is still allowed
