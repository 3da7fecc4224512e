"""Recipes, their ingredient lines and the items they yield; what a recipe costs."""
