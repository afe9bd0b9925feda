"""How many lines a text takes once PowerPoint wraps it: slides do not grow, so the deck measures first."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Liberation Sans has Arial's metrics (Debian fonts-liberation, installed with LibreOffice).
# Without it, 0.5 em per glyph: a little wider than Arial on French text, so a little safe.
_METRIC_FONTS = (Path("/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf"),)


@lru_cache(maxsize=2)
def _metric_font(bold: bool):
    """The font that measures slide text as PowerPoint will set it in Arial, or None."""
    from PIL import ImageFont

    for pattern in _METRIC_FONTS:
        path = Path(str(pattern).format("Bold" if bold else "Regular"))
        if path.exists():
            return ImageFont.truetype(str(path), 100)
    return None


@lru_cache(maxsize=4096)
def _width_pt(word: str, size: float, bold: bool) -> float:
    font = _metric_font(bold)
    if font is None:
        return len(word) * size * 0.5
    return font.getlength(word) * size / 100


def _lines(text: str, width_in: float, size: float, bold: bool = False) -> int:
    """Lines of `text` once wrapped at word boundaries in a box `width_in` wide (as PowerPoint wraps)."""
    limit = width_in * 72 * 0.98
    space = _width_pt(" ", size, bold)
    total = 0
    for para in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in para.split(" "):
            w = _width_pt(word, size, bold)
            if used and used + space + w > limit:
                lines += 1
                used = 0.0
            used += (space if used else 0.0) + w
            while used > limit:  # a word longer than the line breaks inside
                lines += 1
                used -= limit
        total += lines
    return total


def _text_h(text: str, width_in: float, size: float, spacing: float = 1.17, bold: bool = False) -> float:
    return _lines(text, width_in, size, bold) * size * spacing / 72


def _runs_h(runs: list[tuple[str, float, bool]], width_in: float, spacing: float = 1.17) -> float:
    """Height of one paragraph made of runs of different sizes (a value and its label): each wrapped
    line is as tall as its largest run. A run that starts with a space is set after one."""
    limit = width_in * 72 * 0.98
    sizes = [0.0]  # the largest font size on each line
    used = 0.0
    for text, size, bold in runs:
        for i, word in enumerate(str(text).split(" ")):
            gap = _width_pt(" ", size, bold) if i else 0.0
            if not word:
                used += gap
                continue
            w = _width_pt(word, size, bold)
            if used and used + gap + w > limit:
                sizes.append(0.0)
                used, gap = 0.0, 0.0
            used += gap + w
            sizes[-1] = max(sizes[-1], size)
            while used > limit:  # a word longer than the line breaks inside
                sizes.append(size)
                used -= limit
    return sum(s for s in sizes if s) * spacing / 72
