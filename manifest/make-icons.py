#!/usr/bin/env python3
"""Draws the Teams app icons with nothing but the standard library.

color.png   192x192: a full-bleed accent square with a white siren/alert glyph (Teams rounds the corners itself).
outline.png  32x32:  the same glyph in white on a transparent background, as Teams requires for outline icons.
"""
import struct
import zlib
from pathlib import Path

ACCENT = (0xD1, 0x34, 0x38)  # the critical-severity red of the briefing cards


def png(path, size, pixel):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def glyph(x, y, size):
    """A speech bubble with an exclamation mark, on a unit square."""
    u, v = (x + 0.5) / size, (y + 0.5) / size
    in_bubble = 0.18 <= u <= 0.82 and 0.2 <= v <= 0.7
    in_tail = 0.3 <= u <= 0.45 and 0.7 <= v <= 0.85 and (u - 0.3) <= (0.85 - v)
    bar = 0.455 <= u <= 0.545 and 0.28 <= v <= 0.52
    dot = 0.455 <= u <= 0.545 and 0.57 <= v <= 0.64
    return (in_bubble or in_tail) and not (bar or dot)


def color(x, y, size):
    return (255, 255, 255, 255) if glyph(x, y, size) else (*ACCENT, 255)


def outline(x, y, size):
    return (255, 255, 255, 255) if glyph(x, y, size) else (0, 0, 0, 0)


if __name__ == "__main__":
    here = Path(__file__).parent
    png(here / "color.png", 192, color)
    png(here / "outline.png", 32, outline)
