"""Accounts in Chromium: the first owner turns sign-in on, tokens are shown once, and a
form a template forgot to protect still carries its CSRF token (added by app.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser import open_page, shot

pytestmark = pytest.mark.browser


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_the_first_owner_turns_sign_in_on_and_manages_the_team(
    browser: Browser, base_url: str
) -> None:
    page = open_page(browser, base_url)
    page.goto("/users")
    expect(page.locator("main")).to_contain_text("local mode")
    page.get_by_label("Username").fill("olga")
    page.get_by_label("Display name").fill("Olga")
    page.get_by_label("Role").select_option("owner")
    page.get_by_label("Password").fill("long enough")
    page.get_by_role("button", name="Add user").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "login")
    sign_in(page, "olga", "long enough")
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    adding = page.get_by_role("region", name="Add a user")
    adding.get_by_label("Username").fill("ben")
    adding.get_by_label("Role").select_option("baker")
    adding.get_by_label("Password").fill("bens password")
    adding.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status")).to_contain_text("User added.")
    expect(page.locator("main")).to_contain_text("role baker by olga")
    shot(page, "users")

    page.get_by_role("navigation", name="Account").get_by_role("link", name="Olga").click()
    page.get_by_label("Token name").fill("kitchen tablet")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("The new API token")).to_contain_text("bh_")
    shot(page, "account")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign out everywhere else").click()
    expect(page.get_by_role("status")).to_contain_text("Signed out everywhere else.")
    page.set_viewport_size({"width": 375, "height": 900})
    shot(page, "account-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, "olga", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("wrong username or password")


def test_a_form_without_the_csrf_field_gets_it_from_the_page(
    browser: Browser, base_url: str
) -> None:
    page = open_page(browser, base_url)
    page.goto("/users")
    page.get_by_label("Username").fill("olga")
    page.get_by_label("Role").select_option("owner")
    page.get_by_label("Password").fill("long enough")
    page.get_by_role("button", name="Add user").click()
    sign_in(page, "olga", "long enough")
    page.goto("/account")
    page.evaluate(
        """() => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/account/tokens";
            form.innerHTML = '<input name="name" value="forgotten form">'
              + '<button type="submit" id="bare-submit">Go</button>';
            document.querySelector("main").appendChild(form);
        }"""
    )
    page.locator("#bare-submit").click()
    expect(page.get_by_label("The new API token")).to_contain_text("bh_")


def test_the_sign_in_page_fits_a_phone(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url, width=375)
    page.goto("/login")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "login-phone")
