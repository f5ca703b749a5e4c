"""The back-office's OpenID Connect client for Cognito's managed login: the authorization-code flow with
PKCE (RFC 7636), the code exchange and the refresh at the token endpoint, the refresh token's revocation at
sign-out (RFC 7009; the app client allows it, infra/eventreg_infra/identity.py), and the sign-out address.

Which pool and client: on AWS the stage's identity parameter (SSM, written by infra/; read through
Powertools' parameters utility, cached for five minutes); elsewhere EVENTREG_IDENTITY as the same JSON
(tests point it at a loopback provider). Neither set: there is no provider (the local stack signs in
through /_local/sign-in instead). HTTP goes through urllib3, which boto3 already brings.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import urllib3

PARAMETER_ENV = "EVENTREG_IDENTITY_PARAMETER"
INLINE_ENV = "EVENTREG_IDENTITY"
CACHE_SECONDS = 300
TIMEOUT = urllib3.Timeout(connect=3.0, read=5.0)


class SignInFailed(Exception):
    """The provider refused the code or the refresh (expired, used twice, revoked user), or could not be
    reached. The user is asked to sign in again; no detail from the provider is shown."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    jwks_url: str
    client_id: str
    login_url: str  # the managed login's base URL: /oauth2/authorize, /oauth2/token, /logout under it
    scopes: str = "openid email profile"

    @classmethod
    def from_json(cls, data: Any) -> Provider:
        if not isinstance(data, dict):
            raise ValueError("the identity settings are not a JSON object")
        return cls(issuer=str(data["issuer"]), jwks_url=str(data["jwks_url"]), client_id=str(data["client_id"]),
                   login_url=str(data["login_url"]).rstrip("/"), scopes=str(data.get("scopes") or cls.scopes))

    def authorize_url(self, redirect_uri: str, state: str, challenge: str) -> str:
        query = urlencode({"response_type": "code", "client_id": self.client_id, "redirect_uri": redirect_uri,
                           "scope": self.scopes, "state": state, "code_challenge": challenge,
                           "code_challenge_method": "S256"})
        return f"{self.login_url}/oauth2/authorize?{query}"

    def logout_url(self, logout_uri: str) -> str:
        return f"{self.login_url}/logout?{urlencode({'client_id': self.client_id, 'logout_uri': logout_uri})}"


@dataclass(frozen=True)
class Tokens:
    id_token: str
    refresh_token: str | None


def provider() -> Provider | None:
    """The identity provider this deployment trusts, or None (local stack: demo sign-in)."""
    name = os.environ.get(PARAMETER_ENV, "").strip()
    if name:
        from aws_lambda_powertools.utilities import parameters  # only where a parameter is configured

        return Provider.from_json(parameters.get_parameter(name, transform="json", max_age=CACHE_SECONDS))
    inline = os.environ.get(INLINE_ENV, "").strip()
    return Provider.from_json(json.loads(inline)) if inline else None


_http = urllib3.PoolManager(timeout=TIMEOUT, retries=urllib3.Retry(total=1, allowed_methods=None))


def exchange_code(provider: Provider, code: str, redirect_uri: str, verifier: str) -> Tokens:
    """The tokens for an authorization code (once: a code cannot be used twice)."""
    return _token_request(provider, {"grant_type": "authorization_code", "client_id": provider.client_id,
                                     "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier})


def refresh(provider: Provider, refresh_token: str) -> Tokens:
    """A fresh ID token (Cognito returns no new refresh token: the old one stays valid)."""
    tokens = _token_request(provider, {"grant_type": "refresh_token", "client_id": provider.client_id,
                                       "refresh_token": refresh_token})
    return Tokens(tokens.id_token, tokens.refresh_token or refresh_token)


def revoke(provider: Provider, refresh_token: str) -> bool:
    """Revoke a refresh token (and the tokens issued with it) at sign-out. Best effort: the session that held it is
    deleted already, so a failure here leaves a token no one holds, which expires with the working day; False then."""
    try:
        response = _http.request("POST", f"{provider.login_url}/oauth2/revoke",
                                 body=urlencode({"token": refresh_token, "client_id": provider.client_id}),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    except urllib3.exceptions.HTTPError:
        return False
    return response.status == 200


def _token_request(provider: Provider, form: dict[str, str]) -> Tokens:
    try:
        response = _http.request("POST", f"{provider.login_url}/oauth2/token", body=urlencode(form),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/json"})
    except urllib3.exceptions.HTTPError as exc:
        raise SignInFailed("the identity provider could not be reached") from exc
    if response.status != 200:
        raise SignInFailed(f"the token endpoint answered {response.status}")
    try:
        data = json.loads(response.data)
        return Tokens(id_token=str(data["id_token"]), refresh_token=data.get("refresh_token"))
    except (ValueError, KeyError, TypeError) as exc:
        raise SignInFailed("the token endpoint's answer is not a token response") from exc
