"""What a person does with a list's batch bar in a browser test: tick rows, press a button, check
that the table was not reloaded behind the bar."""

from __future__ import annotations

from typing import Any


def tick(page: Any, *texts: str) -> None:
    """Tick the rows of the list's table that show each of ``texts``."""
    for text in texts:
        page.locator("#batch-form tbody tr", has_text=text).locator("input[name=ids]").check()


def press(page: Any, action: str) -> str:
    """Press a batch bar's button and return the message the page answers with."""
    page.locator(f"button[name=_action][value={action}]").click()
    return str(page.locator("#messages .alert").first.inner_text())


def assert_still_chosen(page: Any, ticked: list[str], selects: dict[str, str]) -> None:
    """The table was not reloaded behind the bar: the ticks and the choices are still there."""
    for text in ticked:
        assert page.locator("#batch-form tbody tr", has_text=text).locator("input[name=ids]").is_checked()
    for name, value in selects.items():
        assert page.locator(f"[name='{name}']").input_value() == value
