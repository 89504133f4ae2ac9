"""Inline SVG charts, rendered on the server (no JavaScript, nothing downloaded)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _n(x: float) -> str:
    return f"{x:.1f}"


WIDTH, HEIGHT, PAD, AXIS = 640, 200, 24, 20


def grouped_bars(title: str, categories: list[str], series: list[tuple[str, str, list[int]]]) -> SafeString:
    """Bars per category for each series ``(name, colour, values)``, with a legend and the values on the bars."""
    top = max((v for _, _, values in series for v in values), default=0) or 1
    slot = (WIDTH - 2 * PAD) / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    plot = HEIGHT - PAD - AXIS
    parts: list[SafeString] = []
    for i, label in enumerate(categories):
        x0 = PAD + i * slot + slot * 0.1
        for j, (name, colour, values) in enumerate(series):
            value = values[i]
            h = plot * value / top
            x, y = x0 + j * bar, PAD + plot - h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}：{}</title></rect>',
                    _n(x),
                    _n(y),
                    _n(bar - 1),
                    _n(h),
                    colour,
                    label,
                    name,
                    value,
                )
            )
            if value:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text>',
                        _n(x + bar / 2),
                        _n(y - 2),
                        value,
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                _n(x0 + slot * 0.4),
                HEIGHT - 6,
                label,
            )
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="4" width="10" height="10" fill="{}"></rect><text x="{}" y="13" font-size="11">{}</text>',
        ((PAD + k * 90, colour, PAD + k * 90 + 14, name) for k, (name, colour, _) in enumerate(series)),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '{}<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"></line>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        legend,
        PAD,
        HEIGHT - AXIS,
        WIDTH - PAD,
        HEIGHT - AXIS,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built with format_html
    )


def stacked_bar(title: str, segments: list[tuple[str, str, int]]) -> SafeString:
    """One horizontal bar split into ``(name, colour, count)`` segments (e.g. red / yellow / green clocks)."""
    total = sum(n for _, _, n in segments)
    width, x = WIDTH - 2 * PAD, float(PAD)
    parts: list[SafeString] = []
    for name, colour, n in segments:
        w = width * n / total if total else 0
        if w:
            parts.append(
                format_html(
                    '<rect x="{}" y="8" width="{}" height="28" fill="{}"><title>{}：{}</title></rect>'
                    '<text x="{}" y="27" font-size="12" text-anchor="middle" fill="#fff">{}</text>',
                    _n(x),
                    _n(w),
                    colour,
                    name,
                    n,
                    _n(x + w / 2),
                    n,
                )
            )
        x += w
    if not total:
        parts.append(format_html('<text x="{}" y="27" font-size="12">{}</text>', PAD, "暂无运行中的期限"))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} 44" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built with format_html
    )
