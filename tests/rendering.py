"""Cheap stand-ins for the two expensive rendering calls, for tests not marked `rendering`.

Laying out a PDF (WeasyPrint's ``HTML.write_pdf``) takes 0.1–1 s and a chart or map
(vl-convert's ``vegalite_to_svg`` / ``vegalite_to_png``) 0.1–1.5 s; most tests that publish are
about the workflow, not the pixels. Only those three library calls are swapped: the HTML is still
built and parsed, the chart specs still built, and what comes back is a real, minimal file of the
right kind (a one-page PDF, an empty SVG, a 1×1 PNG) that says it was not rendered — so a test
that reads the output and is not marked `rendering` fails, naming the mark.

The swap is installed once per process, when the library is first imported (WeasyPrint alone
takes about a second to import: a test that never publishes never pays it), and is active only
while `active` is true (tests/conftest.py sets it around each test not marked `rendering`).
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import struct
import sys
import zlib

from tests.pdfgen import make_pdf

NOTE = "Not rendered: mark the test `rendering` to render it (tests/rendering.py)."
active = False
used = False  # a stand-in answered since the flag was last cleared (for caches of renderings)


def fake_pdf() -> bytes:
    return make_pdf([[NOTE]], title="Not rendered")


def fake_svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1">'
        f"<desc>{NOTE}</desc></svg>"
    )


@functools.cache
def fake_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def _swap(owner, name: str, fake) -> None:
    real = getattr(owner, name)

    @functools.wraps(real)
    def either(*args, **kwargs):
        global used
        if not active:
            return real(*args, **kwargs)
        used = True
        return fake(*args, **kwargs)

    setattr(owner, name, either)


def _write_pdf(html, target=None, *args, **kwargs):
    data = fake_pdf()
    if target is None:
        return data
    if hasattr(target, "write"):
        target.write(data)
    else:
        with open(target, "wb") as file:
            file.write(data)
    return None


def _patch_weasyprint(module) -> None:
    _swap(module.HTML, "write_pdf", _write_pdf)


def _patch_vl_convert(module) -> None:
    _swap(module, "vegalite_to_svg", lambda *args, **kwargs: fake_svg())
    _swap(module, "vegalite_to_png", lambda *args, **kwargs: fake_png())


PATCHES = {"weasyprint": _patch_weasyprint, "vl_convert": _patch_vl_convert}


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds the libraries of PATCHES as usual, and patches each once it has been executed."""

    def find_spec(self, name, path, target=None):
        patch = PATCHES.get(name)
        if patch is None:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module):
            execute(module)
            patch(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    """Patch the libraries already imported; patch the others when they are (once a process)."""
    if any(isinstance(finder, _PatchOnImport) for finder in sys.meta_path):
        return
    for name, patch in PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PatchOnImport())
