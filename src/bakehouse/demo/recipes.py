"""The demo season's catalog: real holiday recipes, their items, tins and gift packages.

Plain data read by :mod:`bakehouse.demo.season`; ingredient names are those of
the starter catalog plus the few in :data:`EXTRA_INGREDIENTS`.
"""

from __future__ import annotations

#: (name, measure, category, density g/ml, allergens, product name, size, unit, price $)
EXTRA_INGREDIENTS = (
    ("Raspberry jam", "mass", "other", "1.33", (), "Seedless raspberry jam", "18", "oz", "4.49"),
    ("Apricot preserves", "mass", "other", "1.33", (), "Apricot preserves", "18", "oz", "3.99"),
    ("Candy canes", "mass", "sweets", "0.6", (), "Peppermint candy canes", "6", "oz", "2.49"),
)

#: Price of one package of each starter product at last year's first purchase (dollars).
BASE_PRICES = {
    "All-purpose flour": "4.29",
    "Almond flour": "9.99",
    "Granulated sugar": "3.79",
    "Light brown sugar": "2.99",
    "Confectioners' sugar": "2.79",
    "Molasses": "4.59",
    "Light corn syrup": "3.89",
    "Unsalted butter": "4.99",
    "Cream cheese": "2.49",
    "Sweetened condensed milk": "2.69",
    "Eggs": "3.49",
    "Egg whites": "4.29",
    "Baking soda": "1.29",
    "Baking powder": "2.79",
    "Cream of tartar": "5.49",
    "Table salt": "1.19",
    "Ground cinnamon": "3.29",
    "Ground ginger": "4.19",
    "Ground cloves": "5.99",
    "Vanilla extract": "11.99",
    "Almond extract": "5.49",
    "Peppermint extract": "5.79",
    "Semisweet chocolate chips": "3.99",
    "White chocolate chips": "3.99",
    "Bittersweet chocolate": "3.49",
    "Walnuts": "7.99",
    "Sliced almonds": "4.99",
    "Roasted peanuts": "4.49",
    "Raisins": "3.29",
    "Sweetened shredded coconut": "3.59",
}

#: Sub-recipes (docs/product.md §6.12), made ahead as prepared stock: name →
#: (instructions, [(quantity, unit, ingredient)], (yield quantity, unit), shelf life in days).
SUB_RECIPES: dict[str, tuple[str, list[tuple[str, str, str]], tuple[str, str], int]] = {
    "Gingerbread dough": (
        "Beat butter, brown sugar and molasses; add egg, then spiced flour. Wrap in discs; "
        "it keeps three months in the freezer.",
        [
            ("3", "cup", "All-purpose flour"),
            ("1", "tsp", "Baking soda"),
            ("0.25", "tsp", "Table salt"),
            ("1", "tbsp", "Ground ginger"),
            ("1", "tbsp", "Ground cinnamon"),
            ("0.25", "tsp", "Ground cloves"),
            ("0.75", "cup", "Unsalted butter"),
            ("0.75", "cup", "Light brown sugar"),
            ("0.5", "cup", "Molasses"),
            ("1", "each", "Eggs"),
            ("1", "tsp", "Vanilla extract"),
        ],
        ("950", "g"),
        90,
    ),
    "Vanilla buttercream": (
        "Beat soft butter until pale, add the sugar a cup at a time, then vanilla.",
        [
            ("1", "cup", "Unsalted butter"),
            ("3", "cup", "Confectioners' sugar"),
            ("1", "tsp", "Vanilla extract"),
        ],
        ("4", "cup"),
        7,
    ),
}
#: Recipes that use sub-recipes: name → [(quantity, unit, sub-recipe)]. The buttercream
#: goes on two cookies; the gingerbread is made from the freezer dough.
SUB_RECIPE_LINES: dict[str, list[tuple[str, str, str]]] = {
    "Gingerbread cookies": [
        ("950", "g", "Gingerbread dough"),
        ("0.5", "cup", "Vanilla buttercream"),
    ],
    "Shortbread": [("0.5", "cup", "Vanilla buttercream")],
}

#: name → (instructions, [(quantity, unit, ingredient)], [(item name, items per batch)])
RECIPES: dict[str, tuple[str, list[tuple[str, str, str]], list[tuple[str, int]]]] = {
    "Chocolate chip cookies": (
        "Cream butter and sugars, beat in eggs and vanilla, mix in dry ingredients, fold in "
        "chips. Scoop and bake at 375 °F for 9–11 minutes.",
        [
            ("2.25", "cup", "All-purpose flour"),
            ("1", "tsp", "Baking soda"),
            ("1", "tsp", "Table salt"),
            ("1", "cup", "Unsalted butter"),
            ("0.75", "cup", "Granulated sugar"),
            ("0.75", "cup", "Light brown sugar"),
            ("2", "each", "Eggs"),
            ("1", "tsp", "Vanilla extract"),
            ("2", "cup", "Semisweet chocolate chips"),
        ],
        [("Chocolate chip cookie", 36), ("Giant chocolate chip cookie", 12)],
    ),
    "Snickerdoodles": (
        "Cream butter and sugar, add eggs, then flour, cream of tartar, soda and salt. Roll "
        "balls in cinnamon sugar; bake at 400 °F for 8–10 minutes.",
        [
            ("2.75", "cup", "All-purpose flour"),
            ("2", "tsp", "Cream of tartar"),
            ("1", "tsp", "Baking soda"),
            ("0.25", "tsp", "Table salt"),
            ("1", "cup", "Unsalted butter"),
            ("1.75", "cup", "Granulated sugar"),
            ("2", "each", "Eggs"),
            ("2", "tsp", "Ground cinnamon"),
        ],
        [("Snickerdoodle", 36)],
    ),
    "Gingerbread cookies": (
        "Thaw the dough overnight in the fridge. Roll 1/4 inch, cut and bake at 350 °F for "
        "8 minutes; pipe the buttercream once cool.",
        [],
        [("Gingerbread person", 30)],
    ),
    "Shortbread": (
        "Beat butter with sugar and vanilla, work in flour and salt. Press, chill, cut into "
        "fingers and bake at 325 °F for 20 minutes.",
        [
            ("2", "cup", "All-purpose flour"),
            ("1", "cup", "Unsalted butter"),
            ("0.5", "cup", "Confectioners' sugar"),
            ("0.25", "tsp", "Table salt"),
            ("1", "tsp", "Vanilla extract"),
        ],
        [("Shortbread finger", 24)],
    ),
    "Chocolate walnut fudge": (
        "Melt chips with condensed milk and butter, stir in vanilla and walnuts, spread in "
        "an 8-inch pan, chill and cut into squares.",
        [
            ("3", "cup", "Semisweet chocolate chips"),
            ("14", "oz", "Sweetened condensed milk"),
            ("4", "tbsp", "Unsalted butter"),
            ("1", "tsp", "Vanilla extract"),
            ("1", "cup", "Walnuts"),
        ],
        [("Fudge square", 36)],
    ),
    "Peanut brittle": (
        "Boil sugar and corn syrup to 300 °F, stir in peanuts and butter, then soda and "
        "vanilla; pour thin on a buttered sheet and break when cold.",
        [
            ("1", "cup", "Granulated sugar"),
            ("0.5", "cup", "Light corn syrup"),
            ("1", "cup", "Roasted peanuts"),
            ("2", "tbsp", "Unsalted butter"),
            ("1", "tsp", "Baking soda"),
            ("1", "tsp", "Vanilla extract"),
            ("0.25", "tsp", "Table salt"),
        ],
        [("Peanut brittle piece", 24)],
    ),
    "Linzer cookies": (
        "Make an almond dough, chill, cut rounds with windows, bake at 350 °F for 10 "
        "minutes; sandwich with jam and dust with sugar.",
        [
            ("1.5", "cup", "All-purpose flour"),
            ("1", "cup", "Almond flour"),
            ("1", "cup", "Unsalted butter"),
            ("0.5", "cup", "Granulated sugar"),
            ("1", "each", "Eggs"),
            ("1", "tsp", "Vanilla extract"),
            ("0.25", "tsp", "Ground cinnamon"),
            ("0.25", "tsp", "Table salt"),
            ("0.5", "cup", "Raspberry jam"),
            ("2", "tbsp", "Confectioners' sugar"),
        ],
        [("Linzer cookie", 20)],
    ),
    "Almond biscotti": (
        "Mix, shape two logs, bake 30 minutes at 350 °F, slice and bake the slices again "
        "until crisp.",
        [
            ("2", "cup", "All-purpose flour"),
            ("1", "cup", "Granulated sugar"),
            ("1", "tsp", "Baking powder"),
            ("0.25", "tsp", "Table salt"),
            ("3", "each", "Eggs"),
            ("1", "tsp", "Vanilla extract"),
            ("0.5", "tsp", "Almond extract"),
            ("1", "cup", "Sliced almonds"),
        ],
        [("Almond biscotti", 30)],
    ),
    "Rugelach": (
        "Cream cheese dough, chilled overnight; roll, spread with preserves, cinnamon sugar, "
        "nuts and raisins, cut wedges, roll up and bake at 350 °F for 22 minutes.",
        [
            ("2", "cup", "All-purpose flour"),
            ("1", "cup", "Unsalted butter"),
            ("8", "oz", "Cream cheese"),
            ("0.25", "tsp", "Table salt"),
            ("0.5", "cup", "Granulated sugar"),
            ("1", "tsp", "Ground cinnamon"),
            ("0.5", "cup", "Apricot preserves"),
            ("0.5", "cup", "Walnuts"),
            ("0.33", "cup", "Raisins"),
        ],
        [("Rugelach", 32)],
    ),
    "Peppermint bark": (
        "Temper the dark chocolate and spread; top with melted white chocolate flavoured "
        "with peppermint, scatter crushed candy canes, set and break.",
        [
            ("12", "oz", "Bittersweet chocolate"),
            ("12", "oz", "White chocolate chips"),
            ("0.5", "tsp", "Peppermint extract"),
            ("0.5", "cup", "Candy canes"),
        ],
        [("Peppermint bark piece", 24)],
    ),
    "Coconut macaroons": (
        "Stir coconut with condensed milk and vanilla, fold in whipped egg whites and salt, "
        "scoop and bake at 325 °F for 20 minutes.",
        [
            ("14", "oz", "Sweetened shredded coconut"),
            ("0.67", "cup", "Sweetened condensed milk"),
            ("2", "each", "Egg whites"),
            ("1", "tsp", "Vanilla extract"),
            ("0.25", "tsp", "Table salt"),
        ],
        [("Coconut macaroon", 24)],
    ),
}

#: Bundles in build order (a bundle may hold those before it): name → [(qty, item | bundle)]
BUNDLES: dict[str, list[tuple[int, str]]] = {
    "Cookie tin": [
        (6, "Chocolate chip cookie"),
        (6, "Snickerdoodle"),
        (4, "Gingerbread person"),
        (4, "Shortbread finger"),
    ],
    "Candy box": [(6, "Fudge square"), (4, "Peanut brittle piece"), (4, "Peppermint bark piece")],
    "European assortment": [(4, "Linzer cookie"), (4, "Almond biscotti"), (4, "Rugelach")],
    "Grand tin": [(1, "Cookie tin"), (1, "European assortment"), (6, "Fudge square")],
    "Nut-free tin": [
        (6, "Chocolate chip cookie"),
        (6, "Snickerdoodle"),
        (4, "Shortbread finger"),
        (4, "Peppermint bark piece"),
    ],
    "Gluten-free box": [(8, "Coconut macaroon"), (4, "Peppermint bark piece")],
}

#: Packages: name → [(qty, item | bundle)]
PACKAGES: dict[str, list[tuple[int, str]]] = {
    "Family gift box": [(1, "Grand tin"), (1, "Candy box")],
    "Neighbour tin": [(1, "Cookie tin")],
    "Teacher treat bag": [
        (4, "Chocolate chip cookie"),
        (4, "Gingerbread person"),
        (2, "Peppermint bark piece"),
    ],
    "Nut-free tin": [(1, "Nut-free tin")],
    "Gluten-free box": [(1, "Gluten-free box")],
    "Swap plate": [
        (12, "Snickerdoodle"),
        (12, "Gingerbread person"),
        (1, "Giant chocolate chip cookie"),
    ],
}

#: (name, household, address, allergens, package at Christmas, notes)
RECIPIENTS = (
    ("Grandma Rose", "Grandparents", "14 Orchard Lane", (), "Family gift box", "Loves rugelach"),
    ("Grandpa Joe", "Grandparents", "14 Orchard Lane", ("peanuts",), "Family gift box", ""),
    ("Aunt Carol", "The Millers", "9 Birch Court", (), "Family gift box", ""),
    ("Uncle Dave", "The Millers", "9 Birch Court", ("tree_nuts",), "Nut-free tin", ""),
    ("Cousin Emma", "The Millers", "9 Birch Court", (), "Neighbour tin", ""),
    ("Mrs. Alvarez", "Next door (left)", "21 Maple Street", (), "Neighbour tin", "Has a dog"),
    ("The Nguyens", "Next door (right)", "25 Maple Street", ("gluten",), "Gluten-free box", ""),
    ("Mr. Okafor", "Across the street", "22 Maple Street", (), "Neighbour tin", ""),
    ("The Patels", "Corner house", "31 Maple Street", ("eggs",), "Neighbour tin", "Egg-free?"),
    ("Ms. Johnson", "School", "Lincoln Elementary, room 4", (), "Teacher treat bag", ""),
    ("Mr. Kim", "School", "Lincoln Elementary, room 7", (), "Teacher treat bag", ""),
    ("Coach Rivera", "Soccer club", "Riverside fields", (), "Teacher treat bag", ""),
    ("Dr. Chen", "Dentist", "5 Main Street, suite 2", (), "Neighbour tin", "Ironic, we know"),
    ("Pat the mail carrier", "Post office", "Leave by the mailbox", (), "Teacher treat bag", ""),
    ("Sam and Alex", "Old friends", "88 Harbor Road", ("milk",), "Gluten-free box", ""),
    ("The Schmidts", "Book club", "3 Linden Way", (), "Family gift box", ""),
    ("Father Michael", "Parish", "St. Anne's rectory", (), "Neighbour tin", ""),
    ("Priya", "Work", "Office, 4th floor", ("tree_nuts",), "Nut-free tin", ""),
    ("Tom", "Work", "Office, 4th floor", (), "Teacher treat bag", ""),
    ("Lucia", "Book club", "17 Linden Way", ("sesame",), "Neighbour tin", ""),
    ("The Brennans", "New neighbours", "27 Maple Street", (), None, "Moved in this spring"),
    ("Nora", "Work", "Office, 2nd floor", ("gluten",), None, "Joined in March"),
    ("Mr. Haddad", "Piano teacher", "60 Elm Avenue", (), None, ""),
)

#: Who brings a plate to this year's cookie swap.
SWAP_GUESTS = ("Aunt Carol", "Mrs. Alvarez", "Lucia", "The Schmidts", "Priya", "Nora")
#: Who moved away after last Christmas (dropped from this year's list).
MOVED_AWAY = ("Pat the mail carrier",)
#: This year's recipes baked so far; the rest are still on the shopping list.
BAKED_SO_FAR = (
    "Chocolate chip cookies",
    "Snickerdoodles",
    "Gingerbread cookies",
    "Shortbread",
    "Peppermint bark",
)

#: The bake calendar's inputs (docs/product.md §6.10), per recipe: hands-on minutes a
#: batch, most batches at once, days it keeps, freezes, days frozen, hours to thaw.
CALENDAR: dict[str, tuple[int, int | None, int, bool, int | None, str | None]] = {
    "Gingerbread dough": (20, 3, 5, True, 90, "12"),
    "Vanilla buttercream": (15, 2, 7, True, 60, "4"),
    "Chocolate chip cookies": (35, 3, 7, True, 90, "2"),
    "Snickerdoodles": (40, 3, 7, True, 90, "2"),
    "Gingerbread cookies": (45, 2, 14, True, 90, "2"),
    "Shortbread": (35, 3, 14, True, 90, "2"),
    "Chocolate walnut fudge": (30, 2, 14, False, None, None),
    "Peanut brittle": (30, 2, 21, False, None, None),
    "Linzer cookies": (60, 2, 5, False, None, None),
    "Almond biscotti": (50, 2, 21, True, 120, "1"),
    "Rugelach": (55, 2, 5, True, 90, "3"),
    "Peppermint bark": (25, 2, 21, False, None, None),
    "Coconut macaroons": (25, 3, 5, False, None, None),
}
#: Minutes to assemble one of each package.
ASSEMBLY_MINUTES: dict[str, int] = {
    "Family gift box": 6,
    "Neighbour tin": 4,
    "Teacher treat bag": 3,
    "Nut-free tin": 4,
    "Gluten-free box": 5,
    "Swap plate": 2,
}
