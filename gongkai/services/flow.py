"""The flow picture of a guide's procedure: an SVG drawn on the server from the numbered
steps (no script, no external font), one box per step joined by arrows, top to bottom so
it fits a phone. The steps' ordered list on the page is its text equivalent; the picture
carries a title and a description saying so."""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH = 320
BOX_WIDTH = 280
LINE_HEIGHT = 20
CHARS_PER_LINE = 16  # CJK characters that fit a 280-pixel box at 15 px
GAP = 28


def _wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    lines, line, size = [], "", 0.0
    for char in text:
        weight = 0.55 if char.isascii() else 1.0
        if size + weight > width:
            lines.append(line)
            line, size = "", 0.0
        line += char
        size += weight
    if line:
        lines.append(line)
    return lines[:6] or [""]


def flow_svg(steps: list[str], *, title: str) -> str:
    """The SVG markup (escaped text, presentation attributes only, so the CSP that
    forbids inline styles holds)."""
    parts: list[str] = []
    y = 10
    left = (WIDTH - BOX_WIDTH) // 2
    for index, step in enumerate(steps, start=1):
        lines = _wrap(f"{index}. {step}")
        height = LINE_HEIGHT * len(lines) + 16
        parts.append(f'<rect x="{left}" y="{y}" width="{BOX_WIDTH}" height="{height}" rx="6" '
                     'fill="#f3f6fa" stroke="#1d4f91" stroke-width="2"/>')
        for n, line in enumerate(lines):
            parts.append(f'<text x="{WIDTH // 2}" y="{y + 24 + n * LINE_HEIGHT}" '
                         'text-anchor="middle" font-size="15" fill="#111">'
                         f"{escape(line)}</text>")
        y += height
        if index < len(steps):
            mid = WIDTH // 2
            parts.append(f'<line x1="{mid}" y1="{y}" x2="{mid}" y2="{y + GAP - 8}" '
                         'stroke="#1d4f91" stroke-width="2"/>')
            parts.append(f'<polygon points="{mid - 6},{y + GAP - 10} {mid + 6},{y + GAP - 10} '
                         f'{mid},{y + GAP - 1}" fill="#1d4f91"/>')
            y += GAP
    height = y + 10
    safe_title = escape(title)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="flow-title flow-desc">'
            f'<title id="flow-title">{safe_title}</title>'
            f'<desc id="flow-desc">共 {len(steps)} 个步骤，文字说明见上方编号列表。</desc>'
            + "".join(parts) + "</svg>")
