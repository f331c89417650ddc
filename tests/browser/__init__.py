"""Real-browser tests of the built site (Chromium through Playwright).

A package on purpose: its conftest then imports as `browser.conftest`, and
`from conftest import ...` in the other test modules keeps meaning
tests/conftest.py."""
