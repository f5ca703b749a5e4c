"""Browser fixtures: the whole local stack in-process (one for the whole browser package, always stopped: each
stack start costs seconds, and tests use their own names and emails) and Debian's
Chromium driven by Playwright. Never `playwright install`: the browser is /usr/bin/chromium.

The local stack rewrites os.environ (table, endpoints, keys) and loads the services' app.py modules;
both are put back when the module ends, so that tests collected after this directory see nothing of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from devstack.engines import EngineError
from devstack.stack import LocalStack
from eventreg.adapters import clients

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """DynamoDB Local, moto server and the three apps on a free loopback port, demo event seeded."""
    saved_env = dict(os.environ)
    saved_modules = set(sys.modules)
    local = LocalStack(port=0, state_dir=tmp_path_factory.mktemp("stack"), schedule_seconds=0)
    try:
        try:
            local.start()  # start() stops what it started if it fails
        except EngineError as error:
            pytest.skip(f"the local stack cannot start (DynamoDB Local needs Java and `make`): {error}")
        yield local
    finally:
        local.stop()
        os.environ.clear()
        os.environ.update(saved_env)
        clients.reset()
        for name in set(sys.modules) - saved_modules:
            if name.startswith("eventreg_service_"):
                del sys.modules[name]  # their cached desk() is bound to the stopped stack


@pytest.fixture(scope="package")
def playwright_driver() -> Iterator[Playwright]:
    """One Playwright driver for the package: its sync API refuses a second one started while the first runs, so
    a test that needs a browser of its own (the check-in desk's fake camera) launches it from this one."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need Debian's Chromium")
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile (no cookies, no cache) that speaks British English."""
    ctx = browser.new_context(locale="en-GB", viewport={"width": 1000, "height": 900})
    ctx.set_default_timeout(TIMEOUT_MS)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    return context.new_page()
