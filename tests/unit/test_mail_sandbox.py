"""Organisers' mail wording in a bounded sandbox (issue 10): a template that would loop, grow or run
without end is refused when it is saved (a 400 naming the field, never a 500) and falls back to the
standard mail when it is sent."""

from __future__ import annotations

import time

import pytest

from eventreg.domain.errors import ValidationFailed
from eventreg.domain.organising import new_event
from eventreg.notify import sandbox
from eventreg.notify.overrides import OverrideInvalid, check, render
from eventreg.notify.sandbox import MAX_ITERATIONS, MAX_OUTPUT, MAX_RANGE

VALUES = {"name": "Ana Pereira", "organisation": "Porto", "reference": "01J", "status": "confirmed",
          "event_title": "EWRC", "event_start": "12 Oct", "event_end": "15 Oct", "venue": "SQUARE",
          "online_url": "", "sessions": ["Cohesion", "Green deal"], "manage_url": "https://x/m", "event_url": "https://x"}

COSTLY = [
    "{% for i in range(10**9) %}x{% endfor %}",  # the reported one
    "{% for i in range(1000000000) %}x{% endfor %}",
    f"{{% for i in range({MAX_RANGE + 1}) %}}{{% endfor %}}",
    "{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",  # no output, 10^6 steps
    "{% for a in 'abcdefghij' %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}"
    "{% endfor %}",
    "{% for a in range(1000) %}{{ range(1000)|join(range(1000)|join) }}{% endfor %}",  # a value that grows
    "{% for a in range(1000) %}" + "Dear {{ name }}, " * 3 + "{% endfor %}",  # a long mail
    "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}",  # recursion
    "{% for s in sessions recursive %}{{ loop(sessions) }}{% endfor %}",
    "{% set a = name ~ name %}{% set b = a ~ a %}{{ b }}",  # doubling at every step
    "{{ 'x' * 1000000000 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ name|center(1000000000) }}",
    "{{ lipsum(1000000) }}",
    "{{ name.upper() }}",
    "{{ name + 1 }}",
]


@pytest.mark.parametrize("template", COSTLY)
def test_costly_templates_are_refused_when_saved(template: str) -> None:
    started = time.monotonic()
    with pytest.raises(OverrideInvalid):
        check("confirmed", "", template)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("template", COSTLY)
def test_costly_templates_fall_back_to_the_standard_mail_when_sent(template: str) -> None:
    assert render(template, VALUES) is None


def test_the_organiser_api_names_the_field() -> None:
    data = {"event_id": "ws", "title": "Workshop", "timezone": "Europe/Brussels",
            "starts_at": "2030-03-01T09:00:00+01:00", "ends_at": "2030-03-01T17:00:00+01:00",
            "registration_opens_at": "2030-01-01T09:00:00+01:00",
            "registration_closes_at": "2030-02-20T12:00:00+01:00",
            "mail_overrides": {"confirmed": {"subject": "Hi", "body": COSTLY[0]}}}
    with pytest.raises(ValidationFailed) as refused:
        new_event(data, "org-1", check_mail=check)
    assert refused.value.status == 400 and refused.value.code == "validation_error"
    assert set(refused.value.fields) == {"mail_overrides.confirmed"}


def test_usual_wording_renders() -> None:
    template = ("Dear {{ name|title }},\n{% if status == 'confirmed' %}see you{% endif %} at {{ venue }}:\n"
                "{% for s in sessions %}{{ loop.index }}. {{ s }}\n{% endfor %}{{ sessions|join(', ') }} "
                "{{ sessions|length }} {{ event_title ~ '!' }}")
    check("confirmed", "Welcome, {{ name }}", template)
    assert render(template, VALUES) == ("Dear Ana Pereira,\nsee you at SQUARE:\n1. Cohesion\n2. Green deal\n"
                                       "Cohesion, Green deal 2 EWRC!")


def test_loops_within_the_bounds_render() -> None:
    steps = MAX_ITERATIONS // MAX_RANGE
    template = f"{{% for a in range({steps}) %}}{{% for b in range({MAX_RANGE - 1}) %}}{{% endfor %}}{{% endfor %}}ok"
    assert render(template, VALUES) == "ok"
    assert render("{{ range(1000)|join }}", VALUES) is not None
    assert render("{% for a in range(1000) %}xxxxxxxxxxxxxxxxxxx{% endfor %}", VALUES) is not None  # 19,000
    assert len(str(render("{% for a in range(1000) %}" + "x" * (MAX_OUTPUT // 1000) + "{% endfor %}", VALUES))) \
        == MAX_OUTPUT


def test_rendering_stops_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", -1.0)  # already past: the first step stops
    with pytest.raises(OverrideInvalid, match="longer than"):
        check("confirmed", "", "{% for s in sessions %}{{ s }}{% endfor %}")
    assert render("{% for s in sessions %}{{ s }}{% endfor %}", VALUES) is None
