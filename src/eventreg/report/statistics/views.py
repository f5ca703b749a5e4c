"""The statistics' request handling: an organiser's figures of an event as JSON, or as an HTML report
with SVG charts (each with a table of its numbers). A partner organiser gets its sessions' figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from chalice import Response

from eventreg.domain.access import access
from eventreg.domain.models import utc_now
from eventreg.http import HTML_TYPE, JSON, Request
from eventreg.locale.catalog import Words, words
from eventreg.locale.dates import format_instant, locale_of
from eventreg.locale.names import MODES, ORGANISATION_TYPES, STATUSES
from eventreg.ports import CheckinStore, Store
from eventreg.report.agenda.views import requested_language
from eventreg.report.statistics.charts import BarChart, LineChart, bar_chart, line_chart
from eventreg.report.statistics.content import FIELDS, compute
from eventreg.templates import environment

TOP_COUNTRIES = 15  # bars in the country chart; the table lists them all


@dataclass(frozen=True)
class Section:
    """One part of the report: a chart and the table of its numbers (first cell of a row: its header)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart: BarChart | LineChart | None
    description: str  # what the chart shows, for <desc>


class _Format:
    def __init__(self, language: str) -> None:
        self.locale = locale_of(language)

    def number(self, value: int) -> str:
        return str(format_decimal(value, locale=self.locale))

    def percent(self, value: float | None, none: str = "—") -> str:
        return none if value is None else str(format_percent(value, locale=self.locale))

    def day(self, value: str, pattern: str = "medium") -> str:
        return str(format_date(date.fromisoformat(value), pattern, locale=self.locale))


def _counts(key: str, title: str, pairs: list[tuple[str, int]], _: Words, f: _Format,
            chart_rows: int | None = None) -> Section:
    rows = tuple((label, f.number(count)) for label, count in pairs)
    shown = pairs[:chart_rows] if chart_rows else pairs
    bars = [(label, float(count), f.number(count)) for label, count in shown]
    chart = bar_chart(bars, tick_text=lambda v: f.number(int(v))) if any(count for _, count in pairs) else None
    description = "; ".join(f"{label}: {f.number(count)}" for label, count in shown)
    return Section(key, title, (title, _("Registrations")), rows, chart, description)


def _sessions(figures: dict[str, Any], _: Words, f: _Format, timezone: str, language: str) -> Section:
    rows, bars = [], []
    for s in figures["sessions"]:
        capacity = _("Unlimited") if s["capacity"] is None else f.number(s["capacity"])
        rate = f.percent(s["fill_rate"], _("Unlimited") if s["capacity"] is None else "—")
        when = format_instant(datetime.fromisoformat(s["starts_at"]), timezone, language)
        rows.append((s["title"], when, capacity, f.number(s["registered"]), f.number(s["waitlisted"]), rate))
        if s["fill_rate"] is not None:
            bars.append((s["title"], float(s["fill_rate"]), rate))
    chart = bar_chart(bars, top=1.0, tick_text=f.percent) if bars else None
    return Section("sessions", _("Session fill rates"),
                   (_("Session"), _("When"), _("Capacity"), _("Registered"), _("Waiting list"), _("Fill rate")),
                   tuple(rows), chart, "; ".join(f"{label}: {text}" for label, _rate, text in bars))


def _modes(figures: dict[str, Any], _: Words, f: _Format) -> Section:
    rows = tuple(
        (_(MODES[m["mode"]]), _("Unlimited") if m["capacity"] is None else f.number(m["capacity"]),
         f.number(m["registered"]), f.number(m["waitlisted"]),
         f.percent(m["fill_rate"], _("Unlimited") if m["capacity"] is None else "—"))
        for m in figures.get("modes", [])
    )
    return Section("places", _("Places in the event"),
                   (_("Attendance mode"), _("Capacity"), _("Registered"), _("Waiting list"), _("Fill rate")),
                   rows, None, "")


def _attendance(figures: dict[str, Any], _: Words, f: _Format) -> Section:
    """Who came: the event's check-ins, then each session's; no-shows (confirmed, not checked in) once begun."""
    def row(label: str, figures_of: dict[str, Any]) -> tuple[str, str, str]:
        absent = figures_of["no_shows"]
        return label, f.number(figures_of["checked_in"]), "—" if absent is None else f.number(absent)

    rows = (row(_("The whole event"), figures["attendance"]),
            *(row(s["title"], s) for s in figures["sessions"]))
    return Section("attendance", _("Attendance"), (_("Attendance"), _("Checked in"), _("No-shows")), rows, None,
                   "")


def _over_time(figures: dict[str, Any], _: Words, f: _Format) -> Section:
    days = figures["over_time"]
    rows = tuple((f.day(d["date"]), f.number(d["count"]), f.number(d["cumulative"])) for d in days)
    chart = line_chart([(f.day(d["date"], "d MMM"), float(d["cumulative"])) for d in days]) if days else None
    description = _.ngettext(
        "%(num)s registration from %(first)s to %(last)s.", "%(num)s registrations from %(first)s to %(last)s.",
        days[-1]["cumulative"], num=f.number(days[-1]["cumulative"]), first=f.day(days[0]["date"]),
        last=f.day(days[-1]["date"])) if days else ""
    return Section("over-time", _("Registrations over time"), (_("Date"), _("Received that day"), _("Cumulative")),
                   rows, chart, description)


def report_sections(figures: dict[str, Any], timezone: str, language: str) -> list[Section]:
    _, f = words(language), _Format(language)
    unknown = _("Unknown")
    sections = [
        _counts("status", _("Registrations by status"),
                [(_(STATUSES[status]), n) for status, n in figures["by_status"].items()], _, f),
        _counts("mode", _("Registrations by attendance mode"),
                [(_(MODES[mode]), n) for mode, n in figures["by_attendance_mode"].items()], _, f),
        _counts("country", _("Registrations by country"),
                [(c["name"] or unknown, c["count"]) for c in figures["by_country"]], _, f, TOP_COUNTRIES),
        _counts("organisation-type", _("Registrations by type of organisation"),
                [(_(ORGANISATION_TYPES[kind]), n) for kind, n in figures["by_organisation_type"].items()], _, f),
    ]
    if figures.get("modes"):
        sections.append(_modes(figures, _, f))
    if figures["sessions"]:
        sections.append(_sessions(figures, _, f, timezone, language))
    sections.append(_attendance(figures, _, f))
    sections.append(_over_time(figures, _, f))
    return sections


def statistics_response(repo: Store, checkins: CheckinStore, event_id: str, organiser_id: str, fmt: str,
                        request: Request) -> Response:
    event, sessions = repo.get_event_with_sessions(event_id)
    scope = access(event, sessions, organiser_id)  # Forbidden unless an organiser or a partner of it
    language = requested_language(request, event)
    figures = compute(event, sessions, repo.registration_fields(event_id, FIELDS), scope, language,
                      checkins.checkins(event_id), utc_now())
    figures["generated_at"] = utc_now().isoformat().replace("+00:00", "Z")
    headers = {"Cache-Control": "no-store"}
    if fmt == "json":
        return Response(body=figures, status_code=200, headers={**headers, "Content-Type": JSON})
    _ = words(language)
    shown = {s.session_id: s.title_in(language, event.language) for s in sessions}
    page = environment().get_template("reports/statistics.html").render(
        lang=language, title=event.title_in(language), figures=figures,
        sections=report_sections(figures, event.timezone, language),
        scope_note=None if scope.full else _("These figures cover your sessions only: %(sessions)s.",
                                             sessions=", ".join(shown[s] for s in figures["scope"]["sessions"])),
        number=_Format(language).number,
        generated=format_instant(utc_now(), event.timezone, language),
    )
    return Response(body=page, status_code=200, headers={**headers, "Content-Type": HTML_TYPE})
