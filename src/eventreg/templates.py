"""The jinja2 environment shared by pages and mails: autoescape on for HTML, localised date filters, and
gettext (jinja2's i18n extension) in the language of each render's `lang`."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from eventreg.domain.types import localized
from eventreg.locale.catalog import translations
from eventreg.locale.dates import format_clock, format_day, format_instant
from eventreg.locale.languages import LANGUAGE_NAMES
from eventreg.locale.names import MODES, STATUSES

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.runtime import Context

    from eventreg.domain.events import Event

# jinja2 (~80 ms to import) is imported when the environment is first built, i.e. with the first page or mail
# rendered: the apps' JSON routes, stream records and schedules render nothing. The filters below are marked
# as taking the render's context (jinja2's pass_context) there too.


# One environment for every language: the template cache stays shared and each render names its language
# (`lang`). jinja2's newstyle gettext marks a translation safe before filling in the escaped values; a
# translation is escaped here first, so a quote in "jusqu'au" reads as before and a catalog cannot inject
# markup.
def _shown(context: Context, text: str) -> str:
    return escape(text) if context.eval_ctx.autoescape else text


def _gettext(context: Context, message: str) -> str:
    return _shown(context, translations(context["lang"]).gettext(message))


def _ngettext(context: Context, singular: str, plural: str, num: int) -> str:
    return _shown(context, translations(context["lang"]).ngettext(singular, plural, num))


def _pgettext(context: Context, message_context: str, message: str) -> str:
    return _shown(context, translations(context["lang"]).pgettext(message_context, message))


def _npgettext(context: Context, message_context: str, singular: str, plural: str, num: int) -> str:
    return _shown(context, translations(context["lang"]).npgettext(message_context, singular, plural, num))


def _mode_name(context: Context, mode: str) -> str:
    return _gettext(context, MODES[mode])


def _status_name(context: Context, status: str) -> str:
    return _gettext(context, STATUSES[status])


def _labelled(message: str, label: str) -> str:
    """An error summary's line, "Label: message", without doubling the label's own end: a consent label
    ending in "." loses it ("…this event: You must…"), a question keeps its "?" and needs no colon."""
    label = label.rstrip().rstrip(".:;")
    return f"{label} {message}" if label.endswith(("?", "!")) else f"{label}: {message}"


def _registration_refusal(context: Context, event: Event) -> str | None:
    """Why `event` takes no registrations now, as its pages' facts say it in the reader's language ("Registration
    closed on 15 January 2020, 23:59 CET."), or None while it is open."""
    from eventreg.domain.models import utc_now
    from eventreg.domain.registration import rejection
    from eventreg.locale.errors import in_language, written_out

    refusal = rejection(event, utc_now())
    if refusal is None:
        return None
    language = context["lang"]
    return _shown(context, in_language(written_out(refusal, language).message, language))


def _written_in(context: Context, text: str, language: str) -> str:
    """`text`, written in `language`: in HTML, when that is not the render's language, wrapped in a span with
    its own `lang` (WCAG 3.1.2: a screen reader pronounces it as written). `fallback_note` says it in words."""
    if language == context["lang"] or not context.eval_ctx.autoescape:
        return _shown(context, text)
    return Markup('<span lang="{}">{}</span>').format(language, text)


def _local(context: Context, texts: dict[str, str], default: str) -> str:
    """An organiser's text (`{{ session.title | local(event.language) }}`) in the render's language, else in
    `default`, else in any it has, marked with the language it is in."""
    return _written_in(context, *localized(texts, context["lang"], default))


def _texts(items: Iterable[Any]) -> Iterator[dict[str, str]]:
    for item in items:
        if isinstance(item, dict):
            yield item
        elif isinstance(item, str):  # a plain string has no languages to fall back between
            raise TypeError(f"fallback_note takes texts by language (dicts), not {item!r}")
        else:  # a list of texts, or jinja2's map(attribute="title") generator
            yield from _texts(item)


def _fallback_note(context: Context, default: str, *texts: Any) -> str:
    """"Some texts of this event are only available in English." in the render's language when one of `texts`
    (each a text, or an iterable of texts) is shown in another language; "" when all are translated."""
    from eventreg.locale.fallbacks import fallback_note

    return _shown(context, fallback_note(_texts(texts), context["lang"], default))


@lru_cache(maxsize=1)
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape

    env = Environment(
        loader=PackageLoader("eventreg", "templates"),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # packaged templates never change under a running process: no stat() per render
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        pass_context(_gettext), pass_context(_ngettext), newstyle=True, pgettext=pass_context(_pgettext),
        npgettext=pass_context(_npgettext))
    env.filters["instant"] = format_instant
    env.filters["day"] = format_day
    env.filters["clock"] = format_clock
    env.filters["labelled"] = _labelled
    env.filters["local"] = pass_context(_local)
    env.filters["written_in"] = pass_context(_written_in)
    env.globals.update(mode_name=pass_context(_mode_name), status_name=pass_context(_status_name),
                       registration_refusal=pass_context(_registration_refusal),
                       fallback_note=pass_context(_fallback_note), language_names=LANGUAGE_NAMES)
    return env


PAGE_TEMPLATES = ("web/", "reports/", "office/")  # served as pages (mail/ goes out by mail)
_INLINE = re.compile(r"<(style|script)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_SOURCED = re.compile(r"\ssrc\s*=", re.IGNORECASE)


@lru_cache(maxsize=1)
def inline_hashes() -> dict[str, tuple[str, ...]]:
    """The CSP hashes ('sha256-…') of the inline <style> and <script> blocks of the page templates, by
    kind: pages send a Content-Security-Policy that allows exactly these and no other inline code. A block
    is hashed as written, so it must be constant: one with a jinja2 tag in it is refused here."""
    env = environment()
    found: dict[str, set[str]] = {"style": set(), "script": set()}
    for name in env.list_templates(extensions=["html"]):
        if not name.startswith(PAGE_TEMPLATES):
            continue
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        for match in _INLINE.finditer(source):
            kind, content = match.group(1).lower(), match.group(2)
            if kind == "script" and _SOURCED.search(match.group(0)[: match.start(2) - match.start(0)]):
                continue  # <script src=…>: a file from this origin ('self'), not inline code to hash
            if "{{" in content or "{%" in content or "{#" in content:
                raise ValueError(f"{name}: an inline <{kind}> must be constant (no jinja2 tags): CSP hashes it")
            digest = base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode()
            found[kind].add(f"'sha256-{digest}'")
    return {kind: tuple(sorted(hashes)) for kind, hashes in found.items()}
