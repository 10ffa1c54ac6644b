"""The after-sales entries of the console menu."""

ITEMS: list = []
