"""Key rotation's grace period (eventreg.keyring, eventreg.adapters.secrets): signing uses the current key,
checking accepts the current or the previous one, an unknown key is refused, and the Secrets Manager ring reads
once per cache period however many tokens it checks."""

from __future__ import annotations

from typing import Any

import pytest
from test_sessions import MemorySessions

from eventreg import links
from eventreg.adapters.secrets import SecretKeyRing
from eventreg.entrypoints.http.sessions import Sessions
from eventreg.keyring import FixedKeys, KeyRing, accepted, accepts

OLD = "the-key-before-the-rotation-0123456789abcdefghijklmnopqrstuvwxyz"
NEW = "the-key-after-the-rotation-0123456789abcdefghijklmnopqrstuvwxyzA"
LEAKED = "a-key-someone-else-holds-0123456789abcdefghijklmnopqrstuvwxyzABC"


class FakeSecretsManager:
    """GetSecretValue by version stage, counting calls (the one call a SecretsProvider makes)."""

    def __init__(self, stages: dict[str, str]) -> None:
        self.stages = stages
        self.calls: list[str] = []

    def get_secret_value(self, SecretId: str, VersionStage: str) -> dict[str, Any]:
        self.calls.append(VersionStage)
        if VersionStage not in self.stages:
            raise LookupError("An error occurred (ResourceNotFoundException) when calling the GetSecretValue "
                              "operation: Secrets Manager can't find the specified secret value")
        return {"SecretString": self.stages[VersionStage]}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def ring(stages: dict[str, str], clock: Clock | None = None) -> tuple[SecretKeyRing, FakeSecretsManager]:
    client = FakeSecretsManager(stages)
    return SecretKeyRing("arn:aws:secretsmanager:eu-west-1:1:secret:link", client, clock=clock or Clock()), client


def test_the_current_or_the_previous_key_is_accepted_and_no_other() -> None:
    keys = FixedKeys(NEW, OLD)
    assert accepted(keys) == (NEW, OLD)
    assert accepts(keys, lambda key: key == NEW)
    assert accepts(keys, lambda key: key == OLD)
    assert not accepts(keys, lambda key: key == LEAKED)
    assert accepted(FixedKeys(NEW)) == (NEW,)


def test_a_link_signed_before_the_rotation_still_opens_and_new_links_use_the_new_key(
        link_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "link_keys", lambda: FixedKeys(OLD))
    before = links.manage_token("ev-1", "reg-1")
    trip_report = links.report_token("ev-1", "reg-1")
    monkeypatch.setattr(links, "link_keys", lambda: FixedKeys(NEW, OLD))
    assert links.token_valid("ev-1", "reg-1", before)
    assert links.report_token_valid("ev-1", "reg-1", trip_report)
    after = links.manage_token("ev-1", "reg-1")
    assert after != before and links.token_valid("ev-1", "reg-1", after)
    assert not links.token_valid("ev-1", "reg-2", before)  # still bound to its registration
    assert not links.report_token_valid("ev-1", "reg-1", before)  # and to its purpose


def test_a_key_pushed_out_by_the_next_rotation_or_never_ours_is_refused(
        link_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "link_keys", lambda: FixedKeys(LEAKED))
    leaked = links.manage_token("ev-1", "reg-1")
    monkeypatch.setattr(links, "link_keys", lambda: FixedKeys(NEW, OLD))
    assert not links.token_valid("ev-1", "reg-1", leaked)


def test_many_checks_cost_one_secrets_manager_call() -> None:
    keys, client = ring({"AWSCURRENT": NEW})
    token = links._sign(NEW, "manage", "ev-1", "reg-1")
    for _ in range(100):
        assert accepts(keys, lambda key: links._sign(key, "manage", "ev-1", "reg-1") == token)
    assert client.calls == ["AWSCURRENT"]


def test_the_previous_key_is_read_only_when_the_current_fails_and_its_absence_is_cached() -> None:
    keys, client = ring({"AWSCURRENT": NEW, "AWSPREVIOUS": OLD})
    for _ in range(50):
        assert accepts(keys, lambda key: key == OLD)
    assert client.calls == ["AWSCURRENT", "AWSPREVIOUS"]

    never_rotated, client = ring({"AWSCURRENT": NEW})
    for _ in range(50):
        assert never_rotated.previous() is None
    assert client.calls == ["AWSPREVIOUS"]


def test_unknown_tokens_force_at_most_one_re_read_a_minute() -> None:
    clock = Clock()
    keys, client = ring({"AWSCURRENT": NEW}, clock)
    for _ in range(100):
        assert not accepts(keys, lambda key: key == LEAKED)
    # the first read, the previous (absent), one forced re-read of both
    assert client.calls == ["AWSCURRENT", "AWSPREVIOUS", "AWSCURRENT", "AWSPREVIOUS"]
    clock.now += 61
    assert not accepts(keys, lambda key: key == LEAKED)
    assert len(client.calls) == 6


def test_a_warm_process_sees_a_rotation_another_process_signs_with() -> None:
    keys, client = ring({"AWSCURRENT": OLD})
    assert keys.current() == OLD
    client.stages = {"AWSCURRENT": NEW, "AWSPREVIOUS": OLD}  # rotated; this process still caches OLD
    assert accepts(keys, lambda key: key == NEW)
    assert keys.current() == NEW and keys.previous() == OLD


def test_a_secret_that_cannot_be_read_is_an_error_not_a_missing_previous_key() -> None:
    class Broken(FakeSecretsManager):
        def get_secret_value(self, SecretId: str, VersionStage: str) -> dict[str, Any]:
            raise PermissionError("An error occurred (AccessDeniedException)")

    keys: KeyRing = SecretKeyRing("link", Broken({}))
    with pytest.raises(Exception, match="AccessDenied"):
        keys.previous()


def test_a_session_cookie_signed_with_the_previous_key_opens_and_new_ones_use_the_current() -> None:
    store = MemorySessions()
    before = Sessions(FixedKeys(OLD), store)
    who = before.start("org-1", "anna@example.eu", "Anna", ["organisers"])
    cookie, csrf = before.cookie(who), before.csrf_token(who)
    rotated = Sessions(FixedKeys(NEW, OLD), store)
    assert rotated.open(cookie) == who
    assert rotated.csrf_valid(who, csrf)  # a form rendered before the rotation still posts
    signed_now = rotated.cookie(who)
    assert Sessions(FixedKeys(NEW), store).open(signed_now) == who and before.open(signed_now) is None
    later = Sessions(FixedKeys(NEW, LEAKED), store)  # two rotations later: out
    assert later.open(cookie) is None and not later.csrf_valid(who, csrf)


def test_a_warm_process_reads_the_ring_again_once_for_a_cookie_signed_after_a_rotation() -> None:
    """Another process already signs with the new key; this one still caches the old one as current."""
    store = MemorySessions()
    keys, client = ring({"AWSCURRENT": OLD})
    warm = Sessions(keys, store)
    who = warm.start("org-1", "anna@example.eu", "Anna", ["organisers"])
    assert warm.open(warm.cookie(who)) == who
    client.stages = {"AWSCURRENT": NEW, "AWSPREVIOUS": OLD}  # rotated; the cache has not expired
    newer = Sessions(FixedKeys(NEW, OLD), store).cookie(who)
    reads = len(client.calls)
    assert warm.open(newer) == who  # the ring was read again
    # AWSPREVIOUS (never read before), then both stages once more after the forced refresh.
    assert client.calls[reads:] == ["AWSPREVIOUS", "AWSCURRENT", "AWSPREVIOUS"]
    forged = newer.partition(".")[0] + "." + "A" * 43
    assert warm.open(forged) is None and len(client.calls) - reads == 3  # no second re-read within the minute
