"""The page tests: one mall (private Redis, services, gateway, web) and one Chromium per run."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.web.people import DESKTOP, PHONE
from tests.web.stack import launch_chromium, running_mall


@pytest.fixture(scope="session")
def stack():
    with running_mall() as (web, mall):
        yield web, mall


@pytest.fixture(scope="session")
def web(stack):
    return stack[0]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def person(browser):
    """A person with their own cookies: person("phone") for members, person() at a desk."""
    contexts = []

    def make(size: str = "desktop"):
        context = browser.new_context(
            viewport=PHONE if size == "phone" else DESKTOP, locale="zh-CN"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
