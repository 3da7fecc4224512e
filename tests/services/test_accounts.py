"""Accounts: adding users, roles, signing in with rate limiting, API tokens, serving rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.domain.permissions import Role
from bakehouse.domain.sign_in_limits import LOGIN_WINDOW, MAX_FAILURES_PER_IP
from bakehouse.errors import Conflict, InvalidInput, NotFound, OwnerAccountRequired, ServerBusy
from bakehouse.models import AuthEvent, AuthEventKind
from bakehouse.models.types import utcnow
from bakehouse.services.accounts import accounts, api_tokens
from bakehouse.services.accounts.passwords import (
    _argon2_slot,
    limit_password_work,
    prepare_password,
    verify_password,
)
from bakehouse.services.accounts.sessions import (
    SESSION_LIFETIME,
    count_live_sessions,
    end_session,
    start_session,
    user_for_session,
)
from bakehouse.services.accounts.sign_in import (
    LoginOutcome,
    LoginRefusal,
    authenticate,
    check_password,
    record_sign_in,
    reserve_sign_in,
)
from tests.factories.accounts import PASSWORD, make_user


def events_of(session: Session, kind: AuthEventKind) -> list[AuthEvent]:
    return list(
        session.scalars(select(AuthEvent).where(AuthEvent.kind == kind).order_by(AuthEvent.id))
    )


def fail_logins(session: Session, username: str, ip: str, times: int) -> None:
    for _ in range(times):
        outcome = authenticate(session, username, "wrong password", ip=ip)
        assert outcome.refusal is LoginRefusal.BAD_CREDENTIALS


# --- users -------------------------------------------------------------------------------


def test_add_user_stores_an_argon2_hash_and_records_it(session: Session) -> None:
    user = accounts.add_user(session, " Alice ", "s3cret-enough", role=Role.OWNER, actor="cli")
    assert user.username == "alice"
    assert user.display_name == "alice"
    assert user.is_active
    assert user.role is Role.OWNER
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-enough" not in user.password_hash
    assert verify_password(user.password_hash, "s3cret-enough")
    [added] = events_of(session, AuthEventKind.USER_ADDED)
    assert (added.username, added.detail) == ("alice", "role owner by cli")


def test_add_user_refuses_a_taken_name_whatever_its_case(session: Session) -> None:
    make_user(session, username="bob")
    with pytest.raises(Conflict) as error:
        accounts.add_user(session, "BOB", "long enough")
    assert error.value.field == "username"


@pytest.mark.parametrize("username", ["", "  ", "-dash-first", "has space", "x" * 81, "tab\tname"])
def test_add_user_refuses_a_malformed_username(session: Session, username: str) -> None:
    with pytest.raises(InvalidInput) as error:
        accounts.add_user(session, username, "long enough")
    assert error.value.field == "username"


@pytest.mark.parametrize("password", ["short", "1234567", "x" * 1025])
def test_add_user_refuses_a_password_too_short_or_too_long(session: Session, password: str) -> None:
    with pytest.raises(InvalidInput) as error:
        accounts.add_user(session, "carol", password)
    assert error.value.field == "password"
    assert not accounts.has_users(session)


def test_users_are_listed_by_username_and_found_by_name(session: Session) -> None:
    assert not accounts.has_users(session)
    make_user(session, username="zoe")
    make_user(session, username="adam")
    assert [u.username for u in accounts.list_users(session)] == ["adam", "zoe"]
    assert accounts.get_user(session, " ZOE ").username == "zoe"
    assert accounts.has_users(session)
    with pytest.raises(NotFound):
        accounts.get_user(session, "nobody")


def test_get_active_user_ignores_disabled_and_unknown_ids(session: Session) -> None:
    active = make_user(session)
    disabled = make_user(session, is_active=False)
    assert accounts.get_active_user(session, active.id) is active
    assert accounts.get_active_user(session, disabled.id) is None
    assert accounts.get_active_user(session, 999_999) is None


def test_set_role_changes_it_and_records_who_did(session: Session) -> None:
    make_user(session, Role.OWNER, username="olga")
    make_user(session, Role.VIEWER, username="vic")
    user = accounts.set_role(session, "vic", Role.BAKER, actor="olga", ip="10.0.0.5")
    assert user.role is Role.BAKER
    [change] = events_of(session, AuthEventKind.ROLE_CHANGED)
    assert (change.username, change.detail, change.ip) == (
        "vic",
        "viewer → baker by olga",
        "10.0.0.5",
    )


def test_a_role_nobody_has_is_refused_naming_the_roles(session: Session) -> None:
    make_user(session, Role.BAKER, username="ben")
    with pytest.raises(InvalidInput) as raised:
        accounts.set_role(session, "ben", "chef")  # type: ignore[arg-type]
    assert raised.value.field == "role"
    assert raised.value.message == "unknown role 'chef'; use one of owner, baker, viewer"


def test_setting_the_same_role_records_nothing(session: Session) -> None:
    make_user(session, Role.BAKER, username="ben")
    accounts.set_role(session, "ben", Role.BAKER)
    assert events_of(session, AuthEventKind.ROLE_CHANGED) == []


def test_the_last_owner_can_be_neither_demoted_nor_disabled(session: Session) -> None:
    make_user(session, Role.OWNER, username="olga")
    make_user(session, Role.OWNER, username="retired", is_active=False)
    with pytest.raises(Conflict, match="only owner"):
        accounts.set_role(session, "olga", Role.BAKER)
    with pytest.raises(Conflict, match="only owner"):
        accounts.set_active(session, "olga", False)
    make_user(session, Role.OWNER, username="otto")
    assert accounts.set_role(session, "olga", Role.BAKER).role is Role.BAKER


def test_disabling_and_enabling_an_account_is_recorded(session: Session) -> None:
    make_user(session, Role.BAKER, username="ben")
    assert not accounts.set_active(session, "ben", False, actor="olga").is_active
    assert accounts.set_active(session, "ben", False).is_active is False  # no change
    assert accounts.set_active(session, "ben", True).is_active
    assert [e.detail for e in events_of(session, AuthEventKind.USER_DISABLED)] == ["by olga"]
    assert len(events_of(session, AuthEventKind.USER_ENABLED)) == 1


def test_set_password_replaces_the_hash_and_ends_the_users_sessions(session: Session) -> None:
    user = make_user(session, username="ben")
    other = make_user(session, username="eve")
    phone = start_session(session, user)
    eves = start_session(session, other)
    accounts.set_password(session, "ben", "a brand new one")
    assert verify_password(user.password_hash, "a brand new one")
    assert not verify_password(user.password_hash, PASSWORD)
    assert user_for_session(session, phone.key) is None
    assert user_for_session(session, eves.key) is other
    assert len(events_of(session, AuthEventKind.PASSWORD_CHANGED)) == 1


def test_a_new_role_or_a_disabled_account_ends_the_users_sessions(session: Session) -> None:
    make_user(session, Role.OWNER, username="olga")
    ben = make_user(session, username="ben")
    first = start_session(session, ben)
    accounts.set_role(session, "ben", Role.VIEWER, actor="olga")
    assert user_for_session(session, first.key) is None
    second = start_session(session, ben)
    accounts.set_active(session, "ben", False, actor="olga")
    accounts.set_active(session, "ben", True, actor="olga")
    assert user_for_session(session, second.key) is None
    assert user_for_session(session, start_session(session, ben).key) is ben


def test_signing_out_everywhere_ends_every_session_and_is_recorded(session: Session) -> None:
    ben = make_user(session, username="ben")
    keys = [start_session(session, ben).key for _ in range(3)]
    assert end_session(session, keys[0])
    assert not end_session(session, keys[0])  # already ended
    assert accounts.sign_out_everywhere(session, "ben", actor="ben") == 2
    assert all(user_for_session(session, key) is None for key in keys)
    [event] = events_of(session, AuthEventKind.SESSIONS_ENDED)
    assert event.detail == "2 sessions by ben"


def test_a_session_expires_after_its_lifetime_without_any_write(session: Session) -> None:
    ben = make_user(session, username="ben")
    started = start_session(session, ben)
    later = utcnow() + SESSION_LIFETIME + timedelta(seconds=1)
    assert user_for_session(session, started.key) is ben
    assert user_for_session(session, started.key, now=later) is None
    assert user_for_session(session, "") is None
    assert count_live_sessions(session, ben.id) == 1


def test_changing_ones_own_password_needs_the_current_one(session: Session) -> None:
    make_user(session, username="ben")
    with pytest.raises(InvalidInput) as wrong:
        accounts.change_own_password(session, "ben", "not it", "a brand new one")
    assert wrong.value.field == "current_password"
    with pytest.raises(InvalidInput) as short:
        accounts.change_own_password(session, "ben", PASSWORD, "short")
    assert short.value.field == "new_password"
    user = accounts.change_own_password(session, "ben", PASSWORD, "a brand new one")
    assert verify_password(user.password_hash, "a brand new one")


def test_update_user_applies_only_what_is_given(session: Session) -> None:
    make_user(session, Role.OWNER, username="olga")
    make_user(session, Role.VIEWER, username="vic")
    user = accounts.update_user(session, "vic", role=Role.BAKER, actor="olga")
    assert (user.role, user.is_active) == (Role.BAKER, True)
    user = accounts.update_user(session, "vic", is_active=False, password="another password")
    assert (user.role, user.is_active) == (Role.BAKER, False)
    assert verify_password(user.password_hash, "another password")


# --- signing in -----------------------------------------------------------------------------


def test_the_right_password_signs_in_and_is_recorded(session: Session) -> None:
    user = make_user(session, username="ben")
    outcome = authenticate(session, "Ben", PASSWORD, ip="10.0.0.7")
    assert outcome.user is user
    assert outcome.refusal is None
    assert user.last_login_at is not None
    [ok] = events_of(session, AuthEventKind.LOGIN_OK)
    assert (ok.username, ok.ip) == ("ben", "10.0.0.7")


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [("ben", "wrong password", "wrong password"), ("nobody", PASSWORD, "unknown user")],
)
def test_a_failed_sign_in_says_nothing_about_which_part_was_wrong(
    session: Session, username: str, password: str, reason: str
) -> None:
    make_user(session, username="ben")
    outcome = authenticate(session, username, password, ip="10.0.0.7")
    assert outcome == LoginOutcome(None, LoginRefusal.BAD_CREDENTIALS)
    assert outcome.message == "wrong username or password"
    [failed] = events_of(session, AuthEventKind.LOGIN_FAILED)
    assert (failed.username, failed.detail, failed.ip) == (username, reason, "10.0.0.7")


def test_a_disabled_account_cannot_sign_in(session: Session) -> None:
    make_user(session, username="ben", is_active=False)
    outcome = authenticate(session, "ben", PASSWORD, ip="1.2.3.4")
    assert outcome.refusal is LoginRefusal.BAD_CREDENTIALS
    assert events_of(session, AuthEventKind.LOGIN_FAILED)[0].detail == "disabled"


def test_five_failures_lock_that_name_from_that_address_for_a_while(session: Session) -> None:
    make_user(session, username="ben")
    fail_logins(session, "ben", "10.0.0.7", 5)
    outcome = authenticate(session, "ben", PASSWORD, ip="10.0.0.7")
    assert outcome.refusal is LoginRefusal.THROTTLED
    assert 0 < outcome.retry_after_seconds <= 15 * 60
    assert "try again in 15 minutes" in outcome.message
    assert len(events_of(session, AuthEventKind.LOGIN_FAILED)) == 5  # refusals are not counted
    assert len(events_of(session, AuthEventKind.LOGIN_REFUSED)) == 1  # but recorded
    other_address = authenticate(session, "ben", PASSWORD, ip="10.0.0.8")
    assert other_address.user is not None


def test_failures_older_than_the_window_no_longer_count(session: Session) -> None:
    make_user(session, username="ben")
    fail_logins(session, "ben", "10.0.0.7", 5)
    for event in events_of(session, AuthEventKind.LOGIN_FAILED):
        event.at = utcnow() - LOGIN_WINDOW - timedelta(seconds=1)
    session.flush()
    assert authenticate(session, "ben", PASSWORD, ip="10.0.0.7").user is not None


def test_retry_after_counts_from_the_failure_that_must_leave_the_window(session: Session) -> None:
    make_user(session, username="ben")
    fail_logins(session, "ben", "10.0.0.7", 5)
    older = accounts.record_auth_event(session, AuthEventKind.LOGIN_FAILED, "ben", "", "10.0.0.7")
    older.at = utcnow() - timedelta(minutes=14)  # leaves the window soon, but 5 others stay
    session.flush()
    outcome = authenticate(session, "ben", PASSWORD, ip="10.0.0.7")
    assert outcome.refusal is LoginRefusal.THROTTLED
    assert outcome.retry_after_seconds > 14 * 60


def test_many_names_tried_from_one_address_are_throttled_too(session: Session) -> None:
    make_user(session, username="ben")
    fail_logins(session, "guess", "10.9.9.9", 1)
    for n in range(MAX_FAILURES_PER_IP - 1):
        accounts.record_auth_event(session, AuthEventKind.LOGIN_FAILED, f"guess{n}", "", "10.9.9.9")
    outcome = authenticate(session, "ben", PASSWORD, ip="10.9.9.9")
    assert outcome.refusal is LoginRefusal.THROTTLED


def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(session: Session) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    user = make_user(session, username="ben", password_hash=weak)
    assert authenticate(session, "ben", PASSWORD, ip="").user is user
    assert user.password_hash != weak
    assert verify_password(user.password_hash, PASSWORD)


def test_logouts_are_recorded_and_the_log_reads_newest_first(session: Session) -> None:
    make_user(session, username="ben")
    authenticate(session, "ben", PASSWORD, ip="1.1.1.1")
    accounts.record_logout(session, "ben", ip="1.1.1.1")
    kinds = [e.kind for e in accounts.list_auth_events(session, limit=2)]
    assert kinds == [AuthEventKind.LOGOUT, AuthEventKind.LOGIN_OK]


def test_an_outcome_without_refusal_reads_as_signed_in() -> None:
    assert LoginOutcome(None).message == "signed in"


# --- API tokens -----------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(session: Session) -> None:
    user = make_user(session, username="ben")
    created = api_tokens.create_api_token(session, "ben", "  kitchen script ")
    assert created.plain_text.startswith("bh_")
    assert len(created.plain_text) > 40
    assert created.token.name == "kitchen script"
    assert created.plain_text not in created.token.token_hash
    assert created.token.token_hash == api_tokens.hash_token(created.plain_text)
    assert api_tokens.user_for_token(session, created.plain_text) is user
    assert created.token.last_used_at is not None
    assert events_of(session, AuthEventKind.TOKEN_CREATED)[0].detail == "kitchen script"


def test_last_used_is_refreshed_at_most_once_a_minute(session: Session) -> None:
    make_user(session, username="ben")
    created = api_tokens.create_api_token(session, "ben", "script")
    api_tokens.user_for_token(session, created.plain_text)
    first = created.token.last_used_at
    api_tokens.user_for_token(session, created.plain_text)
    assert created.token.last_used_at == first
    two_minutes_ago = utcnow() - timedelta(minutes=2)
    created.token.last_used_at = two_minutes_ago
    api_tokens.user_for_token(session, created.plain_text)
    assert created.token.last_used_at != two_minutes_ago


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_token_needs_a_name(session: Session, name: str) -> None:
    make_user(session, username="ben")
    with pytest.raises(InvalidInput) as error:
        api_tokens.create_api_token(session, "ben", name)
    assert error.value.field == "name"


def test_a_revoked_token_stops_working_and_revoking_again_changes_nothing(
    session: Session,
) -> None:
    make_user(session, username="ben")
    created = api_tokens.create_api_token(session, "ben", "script")
    revoked = api_tokens.revoke_api_token(session, created.token.id, username="ben")
    first_time = revoked.revoked_at
    assert api_tokens.user_for_token(session, created.plain_text) is None
    again = api_tokens.revoke_api_token(session, created.token.id)
    assert again.revoked_at == first_time
    assert len(events_of(session, AuthEventKind.TOKEN_REVOKED)) == 1


def test_a_user_cannot_revoke_someone_elses_token(session: Session) -> None:
    make_user(session, username="ben")
    make_user(session, username="eve")
    created = api_tokens.create_api_token(session, "ben", "script")
    with pytest.raises(NotFound):
        api_tokens.revoke_api_token(session, created.token.id, username="eve")
    with pytest.raises(NotFound):
        api_tokens.revoke_api_token(session, 999_999)
    assert api_tokens.user_for_token(session, created.plain_text) is not None


def test_tokens_of_a_disabled_user_and_unknown_tokens_are_refused(session: Session) -> None:
    make_user(session, Role.OWNER, username="olga")
    make_user(session, username="ben")
    created = api_tokens.create_api_token(session, "ben", "script")
    accounts.set_active(session, "ben", False)
    assert api_tokens.user_for_token(session, created.plain_text) is None
    assert api_tokens.user_for_token(session, "bh_not-a-token") is None
    assert api_tokens.user_for_token(session, "no prefix at all") is None


def test_tokens_are_listed_oldest_first_revoked_included(session: Session) -> None:
    make_user(session, username="ben")
    first = api_tokens.create_api_token(session, "ben", "first")
    api_tokens.create_api_token(session, "ben", "second")
    api_tokens.revoke_api_token(session, first.token.id)
    tokens = api_tokens.list_api_tokens(session, "ben")
    assert [(t.name, t.is_revoked) for t in tokens] == [("first", True), ("second", False)]


# --- serving --------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_serving_on_loopback_needs_no_account(session: Session, host: str) -> None:
    accounts.ensure_server_mode_allowed(Settings(host=host), session)


def test_serving_beyond_this_machine_needs_an_active_owner(session: Session) -> None:
    settings = Settings(host="0.0.0.0")
    with pytest.raises(OwnerAccountRequired, match="bakehouse user add NAME --role owner"):
        accounts.ensure_server_mode_allowed(settings, session)
    make_user(session, Role.BAKER)
    make_user(session, Role.OWNER, is_active=False)
    with pytest.raises(OwnerAccountRequired):
        accounts.ensure_server_mode_allowed(settings, session)
    make_user(session, Role.OWNER)
    accounts.ensure_server_mode_allowed(settings, session)


# --- password work outside transactions, a few at a time ----------------------------------


def test_a_password_hashed_ahead_is_stored_as_it_is(session: Session) -> None:
    prepared = prepare_password("hashed ahead")
    user = accounts.add_user(session, "ben", prepared)
    assert user.password_hash == prepared.hash
    again = prepare_password("hashed again")
    accounts.update_user(session, "ben", password=again)
    assert user.password_hash == again.hash
    with pytest.raises(InvalidInput, match="at least 8"):
        prepare_password("short")


def test_a_current_password_checked_ahead_must_still_be_the_users(session: Session) -> None:
    user = make_user(session, username="ben")
    checked = user.password_hash
    accounts.change_own_password(
        session, "ben", "", "a brand new one", current_hash_checked=checked
    )
    assert verify_password(user.password_hash, "a brand new one")
    with pytest.raises(InvalidInput, match="current password is wrong"):  # changed meanwhile
        accounts.change_own_password(
            session, "ben", "", "yet another one", current_hash_checked=checked
        )


def test_a_check_that_cannot_get_its_turn_is_refused_as_busy() -> None:
    limit_password_work(1, 0.01)
    try:
        with _argon2_slot(), pytest.raises(ServerBusy) as busy:  # another holds the slot
            verify_password(None, "anything at all")
        assert busy.value.retry_after_seconds == 1
        assert busy.value.details() == {"retry_after_seconds": 1}
    finally:
        limit_password_work(2, 2.0)


def test_sign_ins_still_being_checked_hold_others_back_for_a_second_only(
    session: Session,
) -> None:
    make_user(session, username="ben")
    pending = [reserve_sign_in(session, "ben", ip="10.0.0.7") for _ in range(5)]
    waiting = reserve_sign_in(session, "ben", ip="10.0.0.7")
    assert waiting.refused
    assert waiting.retry_after_seconds == 1
    for reservation in pending:
        assert record_sign_in(session, reservation, check_password(reservation, PASSWORD)).user
    assert not reserve_sign_in(session, "ben", ip="10.0.0.7").refused
