"""The SVG charts' geometry, and the statistics report drawing them: accessible, escaped, with the
numbers in tables."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree
from unit_helpers import build_event, build_sessions

from eventreg.domain.access import Access
from eventreg.report.statistics.charts import LABEL_WIDTH, WIDTH, bar_chart, line_chart, nice_step
from eventreg.report.statistics.content import compute
from eventreg.report.statistics.views import report_sections
from eventreg.templates import environment

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("maximum", "step"), [(0, 1), (3, 1), (7, 2), (10, 2), (23, 5), (480, 100), (6000, 2000)])
def test_nice_step(maximum: float, step: float) -> None:
    assert nice_step(maximum) == step


def test_bars_are_proportional_on_a_round_axis() -> None:
    chart = bar_chart([("Confirmed", 30, "30"), ("Pending", 15, "15"), ("Cancelled", 0, "0")])
    assert [t.label for t in chart.ticks] == ["0", "10", "20", "30"]
    assert chart.ticks[0].at == LABEL_WIDTH and chart.ticks[-1].at == LABEL_WIDTH + chart.plot
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == chart.plot and widths[1] == chart.plot / 2 and widths[2] == 0
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.height > chart.bars[-1].y + chart.bar


def test_small_counts_keep_whole_number_ticks() -> None:
    assert [t.label for t in bar_chart([("Online", 1, "1")]).ticks] == ["0", "1"]


def test_rates_run_to_100_percent_and_overfull_bars_stop_just_past_it() -> None:
    chart = bar_chart([("Full", 1.0, "100%"), ("Over", 1.6, "160%")], top=1.0, tick_text=lambda v: f"{v:.0%}")
    assert [t.label for t in chart.ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert chart.bars[0].width == chart.plot
    assert chart.plot < chart.bars[1].width <= chart.plot * 1.05 + 1e-9
    assert chart.bars[1].over and not chart.bars[0].over  # drawn in another colour
    assert LABEL_WIDTH + chart.bars[1].width < WIDTH


def test_long_labels_are_cut() -> None:
    (bar,) = bar_chart([("A very long session title about cohesion policy after 2027", 3, "3")]).bars
    assert bar.label.endswith("…") and len(bar.label) == 32


def test_the_cumulative_line_rises_left_to_right() -> None:
    chart = line_chart([(f"{d} Mar", float(v)) for d, v in zip(range(1, 15), range(10, 150, 10), strict=True)])
    xs = [p.x for p in chart.points]
    ys = [p.y for p in chart.points]
    assert xs == sorted(xs) and xs[0] == chart.left and xs[-1] == chart.right
    assert ys == sorted(ys, reverse=True)  # SVG y grows downwards
    assert ys[-1] >= chart.top
    assert chart.path.startswith(f"M{xs[0]},{ys[0]} L")
    labels = [t.label for t in chart.x_ticks]
    assert labels[0] == "1 Mar" and labels[-1] == "14 Mar" and len(labels) <= 7
    assert [t.label for t in chart.y_ticks] == ["0", "50", "100", "150"]


def test_a_single_day_sits_in_the_middle() -> None:
    chart = line_chart([("5 Mar", 4.0)])
    (point,) = chart.points
    assert point.x == pytest.approx((chart.left + chart.right) / 2)
    assert [t.label for t in chart.x_ticks] == ["5 Mar"]


def render(items: list[dict[str, object]], language: str = "en", **event: object) -> str:
    model = build_event(**event)
    sessions = list(build_sessions().values())
    figures = compute(model, sessions, items, Access("o", True, frozenset()), language)
    return environment().get_template("reports/statistics.html").render(
        lang=language,
        title=model.title_in(language), figures=figures, sections=report_sections(figures, model.timezone, language),
        scope_note=None, number=str, generated="now")


def registration(**extra: object) -> dict[str, object]:
    return {"status": "confirmed", "attendance_mode": "in_person", "country": "BE", "organisation_type": "city",
            "sessions": ["plenary"], "waitlisted_sessions": [], "created_at": "2026-03-05T08:30:00Z", **extra}


def test_report_charts_are_accessible_svg_with_tables() -> None:
    page = render([registration(), registration(country="PL", created_at="2026-03-07T08:30:00Z")])
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 6  # status, mode, country, organisation type, session fill rates, over time
    for svg in svgs:
        root = ElementTree.fromstring(svg)  # well-formed XML
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None and title.text and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert page.count("<table>") == 8  # each chart's numbers, the event's places, and attendance (no chart)
    assert "<th scope=\"row\">Belgium</th>" in page and "<th scope=\"row\">Poland</th>" in page
    assert "3 registrations from 5 Mar 2026 to 7 Mar 2026." not in page
    assert "2 registrations from 5 Mar 2026 to 7 Mar 2026." in page
    assert "<script" not in page


def test_report_of_an_empty_event_has_tables_but_no_empty_charts() -> None:
    page = render([], language="de")
    # Only the sessions' fill rates are drawn (0 % of their seats); counts of nothing are not.
    assert page.count("<svg") == 1 and 'aria-labelledby="sessions-chart-title sessions-chart-desc"' in page
    assert "Noch keine Anmeldungen." in page
    assert '<th scope="row">Bestätigt</th><td class="num">0</td>' in page


def test_report_escapes_hostile_texts() -> None:
    probe = '<script>alert("x")</script>'
    page = render([registration()], title={"en": probe})
    assert probe not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
