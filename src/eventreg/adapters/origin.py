"""The stage's public origin (scheme and host, e.g. https://events.example.eu): where attendees and organisers
reach both services, registration at / and reports at /reports. Absolute links that leave a request (mails,
Location headers, the JSON manage_url, the erasure requests' URL) start with it.

On AWS infra/ (eventreg_infra/origin.py) writes it into an SSM parameter whose NAME is in the functions'
environment (EVENTREG_PUBLIC_URL_PARAMETER): the functions cannot hold the URL of the CloudFront distribution
in front of their own APIs without a dependency cycle. It is read through Powertools' parameters utility and
cached for CACHE_SECONDS, like the identity parameter (eventreg.adapters.oidc). Elsewhere EVENTREG_PUBLIC_URL,
by default the local stack's origin (eventreg.config). On AWS without either there is no safe link to make:
PublicUrlMissing, never a loopback address that would reach nobody.
"""

from __future__ import annotations

from eventreg.config import settings

CACHE_SECONDS = 300


class PublicUrlMissing(RuntimeError):
    """A deployment error (the stack sets the parameter's name): links cannot be made, so nothing is sent."""

    code = "public_url_missing"


def public_url() -> str:
    """The public origin without a trailing slash."""
    config = settings()
    value = config.public_url
    if config.public_url_parameter:
        from aws_lambda_powertools.utilities import parameters  # only where a parameter is configured

        value = str(parameters.get_parameter(config.public_url_parameter, max_age=CACHE_SECONDS) or "")
    value = value.strip().rstrip("/")
    if not value.startswith(("https://", "http://")):
        raise PublicUrlMissing(
            "No public URL: set EVENTREG_PUBLIC_URL_PARAMETER (the SSM parameter infra/ writes) or "
            f"EVENTREG_PUBLIC_URL; got {value!r}")
    return value
