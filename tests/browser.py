"""Headless Chromium for the tests that check pages in a real browser (the report, the tile
map): the browser, a page opened in it, and a small DOM parsed from what it renders.

Debian's chromium package with fonts-noto-cjk for Chinese (`make test` installs both); a
missing browser or font fails the test, never skips it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
INSTALL = "run `make test`, which installs them, or: apt-get install chromium fonts-noto-cjk"


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.content: list[str | Element] = []  # text and children, in document order

    def all_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.all_text() for c in self.content)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
            if child.tag == tag and all(child.attrs.get(k) == v for k, v in wanted.items()):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found


class Tree(HTMLParser):
    """A small DOM from HTML text (enough to look up elements and their text)."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr", "source", "col"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.current.content.append(element)

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.content.append(data)


def chromium() -> str:
    found = os.environ.get("QUALPOLICY_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail(f"headless Chromium is needed for the browser tests: {INSTALL}")
    fonts = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    if not fonts.stdout.strip():
        pytest.fail(f"no Chinese font is installed, Chinese would render as boxes: {INSTALL}")
    return found


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [chromium(), *BROWSER_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"chromium exit {done.returncode}\n{done.stderr[-2000:]}"
    return done


def frame(page: Path, width: int, height: int, *, listen: bool) -> Path:
    """A page holding ``page`` in a frame ``width`` px wide; with ``listen``, it writes what
    the frame posts into its body's data-probe."""
    script = (
        "<script>addEventListener('message', "
        "(e) => document.body.setAttribute('data-probe', e.data));</script>"
        if listen
        else ""
    )
    path = page.with_name(f"frame-{width}-{page.stem}.html")
    path.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe src="{page.name}" width="{width}" height="{height}" '
        'style="border:0;display:block"></iframe>'
        f"{script}</body></html>",
        "utf-8",
    )
    return path
