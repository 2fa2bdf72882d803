"""Registration, e-mail confirmation, sign-in and its rate limits, CSRF on the auth forms."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from hub.auth import passwords, services
from hub.auth.models import AccountStatus, Sector, User
from hub.exceptions import RuleViolation
from hub.extensions import db
from tests.support import (
    NEW_PASSWORD,
    PASSWORD,
    csrf_token_on,
    field_errors,
    input_value,
    is_signed_in,
    link_in,
    login,
    make_membership,
    make_user,
    make_workspace,
    sent_mail,
)
from tests.support.hub import audit_entries, user_by_email

WRONG_SIGN_IN = "The e-mail address or the password is not right."


def registration(**overrides: str) -> dict[str, str]:
    """A valid registration form, with some fields replaced."""
    return {
        "email": "alice@example.org",
        "display_name": "Alice Moreau",
        "sector": Sector.ACADEMIA.value,
        "organisation": "University of Lyon",
        "country": "FR",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **overrides,
    }


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def sign_in_from(client, address: str, email: str, password: str = PASSWORD):
    """Sign in as if from the client address `address`."""
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


# --- registration ----------------------------------------------------------------------


def test_registration_sends_a_confirmation_link_and_the_account_waits_for_it(app, client):
    response = client.post("/auth/register", data=registration(email="Alice@Example.org"))

    assert response.status_code == 200
    assert b"Check your e-mail" in response.data
    user = user_by_email("alice@example.org")
    assert user.status == AccountStatus.PENDING
    assert user.display_name == "Alice Moreau"
    assert user.sector == Sector.ACADEMIA
    assert user.country == "FR"
    [message] = sent_mail(app)
    assert message["To"] == "alice@example.org"
    assert "Confirm" in message["Subject"]

    # Pending: the right password does not sign in.
    login(client, "alice@example.org")
    assert not is_signed_in(client)

    link = link_in(message)
    page = client.get(link)
    assert page.status_code == 200
    assert b"Confirm my address" in page.data
    assert user_by_email("alice@example.org").status == AccountStatus.PENDING  # GET changes nothing

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    user = user_by_email("alice@example.org")
    assert user.status == AccountStatus.ACTIVE
    assert user.confirmed_at is not None
    assert login(client, "alice@example.org").status_code == 302
    assert is_signed_in(client)


def test_confirming_twice_is_harmless(app, client):
    client.post("/auth/register", data=registration())
    link = link_in(sent_mail(app)[0])
    client.post(link)
    confirmed_at = user_by_email("alice@example.org").confirmed_at

    again = client.post(link, follow_redirects=True)

    assert again.status_code == 200
    assert b"already confirmed" in again.data
    user = user_by_email("alice@example.org")
    assert user.status == AccountStatus.ACTIVE
    assert user.confirmed_at == confirmed_at


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_confirmation_link_is_refused(app, client, method):
    client.post("/auth/register", data=registration())
    link = link_in(sent_mail(app)[0])
    tampered = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")

    response = getattr(client, method)(tampered)

    assert response.status_code == 400
    assert b"This confirmation link is not valid" in response.data
    assert user_by_email("alice@example.org").status == AccountStatus.PENDING


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_confirmation_link_is_refused(app, client, monkeypatch, method):
    client.post("/auth/register", data=registration())
    link = link_in(sent_mail(app)[0])
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", timedelta(seconds=-1))

    response = getattr(client, method)(link)

    assert response.status_code == 400
    assert b"This confirmation link is not valid" in response.data
    assert b"expired" in response.data
    assert user_by_email("alice@example.org").status == AccountStatus.PENDING


def test_a_confirmation_link_for_another_purpose_is_refused(app, client):
    user = make_user("bob@example.org")
    client.post("/auth/reset", data={"email": "bob@example.org"})
    reset_link = link_in(sent_mail(app)[0])
    token = reset_link.rsplit("/", 1)[1]

    assert client.post(f"/auth/confirm/{token}").status_code == 400
    assert user_by_email("bob@example.org").status == user.status


def test_registering_an_address_in_use_in_another_case_only_warns_its_owner(app, client):
    make_user("member@example.org", display_name="Original Owner")
    fresh = client.post("/auth/register", data=registration(email="someone.new@example.org"))

    response = client.post(
        "/auth/register",
        data=registration(
            email="Member@Example.org",
            display_name="Intruder",
            password=NEW_PASSWORD,
            password_again=NEW_PASSWORD,
        ),
    )

    assert response.status_code == 200
    # The same page as for a new address: the form tells nobody who has an account.
    assert response.data.replace(b"member@example.org", b"X") == fresh.data.replace(
        b"someone.new@example.org", b"X"
    )
    assert user_count() == 2
    owner = user_by_email("member@example.org")
    assert owner.display_name == "Original Owner"
    assert login(client, "member@example.org", NEW_PASSWORD).status_code == 200  # not changed
    warning = sent_mail(app)[-1]
    assert warning["To"] == "member@example.org"
    assert "tried to register" in warning["Subject"]
    assert "/auth/reset" in link_in(warning)


def test_registering_an_address_in_use_with_a_weak_password_looks_like_a_new_address(client):
    make_user("member@example.org")
    weak = {"password": "password1234", "password_again": "password1234"}

    taken = client.post("/auth/register", data=registration(email="member@example.org", **weak))
    new = client.post("/auth/register", data=registration(email="nobody@example.org", **weak))

    assert taken.status_code == new.status_code == 200
    assert field_errors(taken.data, "password") == field_errors(new.data, "password") != []


LONG = "x" * 300


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter your e-mail address."),
        ("email", "   ", "Enter your e-mail address."),
        ("email", "a" * 245 + "@example.org", "An e-mail address has at most 254 characters."),
        ("email", "not-an-address", "Enter a valid e-mail address."),
        ("email", "alice@@example.org", "Enter a valid e-mail address."),
        ("email", "alice@example.org\x00", "not allowed"),
        ("email", "ali\u202ece@example.org", "not allowed"),
        ("display_name", "", "Enter the name other members will see."),
        ("display_name", "x" * 101, "Use at most 100 characters."),
        ("display_name", "Alice\x00", "not allowed"),
        ("display_name", "Alice\x1b[31m", "not allowed"),
        ("display_name", "Alice\u202eecila", "not allowed"),
        ("organisation", "", "Enter your organisation."),
        ("organisation", "x" * 151, "Use at most 150 characters."),
        ("organisation", "Police\x07", "not allowed"),
        ("sector", "", "Choose a sector from the list."),
        ("sector", "astronaut", "Choose a sector from the list."),
        ("country", "", "Choose your country."),
        ("country", "XX", "Choose a country from the list."),
        ("country", "fr", "Choose a country from the list."),
        ("password", "", "Choose a password."),
        ("password", "short-pass1", "Use at least 12 characters."),
        ("password", "x1-" * 67 + "y", "Use at most 200 characters."),
        ("password", "password1234", "one of the most common"),
        ("password", "qwertyuiopas", "Choose a longer or less predictable password."),
        ("password", "aaaaaaaaaaaaaaaa", "Choose a longer or less predictable password."),
        ("password", "alice@example.org", "your e-mail address or your name"),
        ("password", "Alice-Moreau-1984", "your e-mail address or your name"),
        ("password", "my alice.moreau! key", "your e-mail address or your name"),
        ("password", "correct-horse\x00battery", "not allowed"),
    ],
)
def test_registration_refuses_bad_input_and_keeps_the_rest(client, field, value, message):
    data = registration(**{field: value})
    if field == "password":
        data["password_again"] = value

    response = client.post("/auth/register", data=data)

    assert response.status_code == 200
    errors = field_errors(response.data, field)
    assert any(message in error for error in errors), errors
    kept = "organisation" if field == "display_name" else "display_name"
    assert input_value(response.data, kept) == registration()[kept]
    assert not input_value(response.data, "password")  # passwords are never sent back
    assert user_count() == 0


def test_registration_refuses_a_password_that_contains_the_e_mail_local_part(client):
    data = registration(email="tristan.leclerc@example.org")
    data["password"] = data["password_again"] = "TristanLeclerc-lives-here"

    response = client.post("/auth/register", data=data)

    assert "your e-mail address or your name" in " ".join(field_errors(response.data, "password"))
    assert user_count() == 0


@pytest.mark.parametrize(
    "password",
    [
        "marble-otter-" * 8,  # 104 characters: more than zxcvbn takes on its own
        ("Q7v!kettle-saffron-glacier-" * 8)[:200],
    ],
)
def test_registration_accepts_long_passwords(client, password):
    response = client.post(
        "/auth/register", data=registration(password=password, password_again=password)
    )

    assert response.status_code == 200
    assert b"Check your e-mail" in response.data
    assert user_count() == 1


def test_registration_refuses_a_long_but_predictable_password(client):
    password = "ab" * 60

    response = client.post(
        "/auth/register", data=registration(password=password, password_again=password)
    )

    assert response.status_code == 200
    assert (
        "Choose a longer or less predictable password."
        in field_errors(response.data, "password")[0]
    )
    assert user_count() == 0


def test_registration_refuses_passwords_that_differ(client):
    response = client.post("/auth/register", data=registration(password_again=NEW_PASSWORD))

    assert response.status_code == 200
    assert field_errors(response.data, "password_again") == ["The two passwords differ."]
    assert input_value(response.data, "display_name") == "Alice Moreau"
    assert user_count() == 0


@pytest.mark.parametrize(
    ("field", "raw_value"),
    [
        ("display_name", b"Alice%FF%FEMoreau"),
        ("display_name", b"%C3%28"),  # a truncated two-byte sequence
        ("display_name", b"%ED%A0%80"),  # an encoded surrogate
        ("organisation", b"%FFPolice"),
        ("email", b"alice%FF@example.org"),
    ],
)
def test_registration_refuses_invalid_utf8(client, field, raw_value):
    others = {name: value for name, value in registration().items() if name != field}
    body = field.encode() + b"=" + raw_value + b"&" + urlencode(others).encode()

    response = client.post(
        "/auth/register", data=body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert field_errors(response.data, field) == [
        "This field contains characters that are not allowed."
    ]
    kept = "organisation" if field == "display_name" else "display_name"
    assert input_value(response.data, kept) == registration()[kept]
    assert user_count() == 0


def test_registration_errors_on_several_fields_are_all_shown(client):
    response = client.post(
        "/auth/register",
        data=registration(email="nope", display_name="", country="XX", password_again="other"),
    )

    assert response.status_code == 200
    assert field_errors(response.data, "email")
    assert field_errors(response.data, "display_name")
    assert field_errors(response.data, "country")
    assert field_errors(response.data, "password_again")
    assert input_value(response.data, "organisation") == "University of Lyon"
    assert user_count() == 0


def test_registration_pages_are_not_offered_to_signed_in_users(client):
    make_user("bob@example.org")
    login(client, "bob@example.org")

    assert client.get("/auth/register").status_code == 302
    assert client.post("/auth/register", data=registration()).status_code == 302
    assert user_count() == 1


# --- sign-in ---------------------------------------------------------------------------


def test_signing_in_opens_the_workspace_pages(client):
    workspace = make_workspace()
    user = make_user("member@example.org")
    make_membership(workspace, user)

    before = client.get("/w/ai/")
    assert before.status_code == 302
    assert "/auth/login" in before.headers["Location"]

    response = login(client, "MEMBER@example.org ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/w/ai/").status_code == 200
    assert client.get("/w/ai/members/").status_code == 200
    [entry] = audit_entries("auth.signed_in")
    assert entry.actor_id == user.id
    assert user_by_email("member@example.org").last_sign_in_at is not None


def test_wrong_password_and_unknown_e_mail_look_the_same(client):
    make_user("member@example.org")

    wrong = login(client, "member@example.org", "not-the-right-password")
    unknown = login(client, "stranger@example.org", "not-the-right-password")

    assert wrong.status_code == unknown.status_code == 200
    assert WRONG_SIGN_IN.encode() in wrong.data
    assert wrong.data.replace(b"member@example.org", b"X") == unknown.data.replace(
        b"stranger@example.org", b"X"
    )
    assert not is_signed_in(client)
    entries = audit_entries("auth.sign_in_failed")
    assert sorted(entry.details["email"] for entry in entries) == [
        "member@example.org",
        "stranger@example.org",
    ]
    assert all(entry.ip_address == "127.0.0.1" for entry in entries)


def test_wrong_password_and_unknown_e_mail_cost_the_same_hash_work(client, monkeypatch):
    make_user("member@example.org")
    checks: list[str] = []
    real_check = passwords.check_password_hash
    monkeypatch.setattr(
        passwords,
        "check_password_hash",
        lambda stored, password: checks.append(stored) or real_check(stored, password),
    )

    login(client, "member@example.org", "not-the-right-password")
    wrong_checks = len(checks)
    checks.clear()
    login(client, "stranger@example.org", "not-the-right-password")

    assert wrong_checks == len(checks) == 1


def test_a_pending_account_with_the_right_password_gets_a_new_link(app, client):
    make_user("pending@example.org", status=AccountStatus.PENDING)

    response = login(client, "pending@example.org")

    assert response.status_code == 200
    assert b"Confirm your e-mail address first" in response.data
    assert not is_signed_in(client)
    [message] = sent_mail(app)
    assert message["To"] == "pending@example.org"
    client.post(link_in(message))
    assert user_by_email("pending@example.org").status == AccountStatus.ACTIVE


def test_a_pending_account_with_a_wrong_password_gets_nothing(app, client):
    make_user("pending@example.org", status=AccountStatus.PENDING)

    response = login(client, "pending@example.org", "not-the-right-password")

    assert WRONG_SIGN_IN.encode() in response.data
    assert sent_mail(app) == []


def test_a_suspended_account_cannot_sign_in(client):
    make_user("gone@example.org", status=AccountStatus.SUSPENDED)

    response = login(client, "gone@example.org")

    assert response.status_code == 200
    assert b"suspended" in response.data
    assert not is_signed_in(client)
    [entry] = audit_entries("auth.sign_in_failed")
    assert entry.details["reason"] == "account suspended"


def test_a_wrong_password_does_not_say_the_account_is_suspended(client):
    make_user("gone@example.org", status=AccountStatus.SUSPENDED)

    response = login(client, "gone@example.org", "not-the-right-password")

    assert WRONG_SIGN_IN.encode() in response.data
    assert b"suspended" not in response.data


def test_an_account_without_a_password_cannot_sign_in(client):
    make_user("invited@example.org", password=None)

    response = login(client, "invited@example.org", "")
    assert not is_signed_in(client)
    response = login(client, "invited@example.org", "anything-at-all")
    assert WRONG_SIGN_IN.encode() in response.data
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": PASSWORD}, "email", "Enter your e-mail address."),
        ({"email": "nope", "password": PASSWORD}, "email", "Enter a valid e-mail address."),
        ({"email": "a" * 300 + "@x.org", "password": PASSWORD}, "email", "at most 254"),
        ({"email": "a\x00@example.org", "password": PASSWORD}, "email", "not allowed"),
        ({"email": "member@example.org", "password": ""}, "password", "Enter your password."),
        ({"email": "member@example.org", "password": "p" * 201}, "password", "at most 200"),
    ],
)
def test_sign_in_refuses_bad_input(client, data, field, message):
    make_user("member@example.org")

    response = client.post("/auth/login", data=data)

    assert response.status_code == 200
    assert any(message in error for error in field_errors(response.data, field))
    assert not is_signed_in(client)


def test_sign_in_refuses_invalid_utf8(client):
    make_user("member@example.org")

    response = client.post(
        "/auth/login",
        data=b"email=member%FF%40example.org&password=x%FF%FE",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not is_signed_in(client)


# --- rate limits -----------------------------------------------------------------------


def signin_limit(app, key: str) -> int:
    return int(app.config[key].split()[0])


def test_too_many_failures_for_one_account_are_refused(app, client):
    make_user("member@example.org")
    for _ in range(signin_limit(app, "SIGNIN_LIMIT_PER_ACCOUNT")):
        assert login(client, "member@example.org", "not-the-right-password").status_code == 200

    # Even the right password, and from another address, waits now.
    response = sign_in_from(client, "10.0.0.9", "member@example.org")

    assert response.status_code == 429
    assert b"Too many attempts" in response.data
    assert b"Wait a few minutes" in response.data
    assert not is_signed_in(client)


def test_too_many_failures_for_an_unknown_account_are_refused_the_same_way(app, client):
    make_user("member@example.org")
    limit = signin_limit(app, "SIGNIN_LIMIT_PER_ACCOUNT")
    for _ in range(limit):
        login(client, "member@example.org", "not-the-right-password")
        login(client, "stranger@example.org", "not-the-right-password")

    known = login(client, "member@example.org", "x" * 12)
    unknown = login(client, "stranger@example.org", "x" * 12)

    assert known.status_code == unknown.status_code == 429
    assert known.data == unknown.data


def test_rate_limit_for_one_account_does_not_lock_out_another(app, client):
    make_user("member@example.org")
    make_user("other@example.org")
    for _ in range(signin_limit(app, "SIGNIN_LIMIT_PER_ACCOUNT")):
        login(client, "member@example.org", "not-the-right-password")

    assert login(client, "other@example.org").status_code == 302


def test_too_many_failures_from_one_address_are_refused(app, client):
    make_user("member@example.org")
    for number in range(signin_limit(app, "SIGNIN_LIMIT_PER_IP")):
        guess = sign_in_from(client, "192.0.2.10", f"guess{number}@example.org", "wrong-password")
        assert guess.status_code == 200

    blocked = sign_in_from(client, "192.0.2.10", "member@example.org")
    elsewhere = sign_in_from(app.test_client(), "192.0.2.11", "member@example.org")

    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.data
    assert elsewhere.status_code == 302


def test_successful_sign_ins_do_not_count_toward_the_limit(app):
    make_user("member@example.org")
    for _ in range(signin_limit(app, "SIGNIN_LIMIT_PER_ACCOUNT") + 2):
        assert login(app.test_client(), "member@example.org").status_code == 302


def test_sign_in_counters_use_the_rate_limit_key_prefix(app, client, monkeypatch):
    # Two hubs sharing one Redis keep separate counters through RATELIMIT_KEY_PREFIX.
    make_user("member@example.org")
    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "hub-one")
    for _ in range(signin_limit(app, "SIGNIN_LIMIT_PER_ACCOUNT")):
        login(client, "member@example.org", "not-the-right-password")
    assert login(client, "member@example.org").status_code == 429

    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "hub-two")

    assert login(client, "member@example.org").status_code == 302


# --- next ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/w/ai/", "/w/ai/"),
        ("/w/ai/members/?page=2", "/w/ai/members/?page=2"),
        ("//evil.example", "/"),
        ("//evil.example/w/ai/", "/"),
        ("https://evil.example", "/"),
        ("http://localhost/w/ai/", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\t/evil.example", "/"),
        ("", "/"),
    ],
)
def test_sign_in_follows_next_only_to_our_own_paths(client, target, expected):
    make_user("member@example.org")

    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": "member@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_an_anonymous_visit_comes_back_after_sign_in(client):
    workspace = make_workspace()
    make_membership(workspace, make_user("member@example.org"))

    to_login = client.get("/w/ai/members/")
    login_page = to_login.headers["Location"]
    response = client.post(login_page, data={"email": "member@example.org", "password": PASSWORD})

    assert response.headers["Location"] == "/w/ai/members/"


def test_a_signed_in_visit_to_the_sign_in_page_goes_home(client):
    make_user("member@example.org")
    login(client, "member@example.org")

    assert client.get("/auth/login").headers["Location"] == "/"
    assert client.get("/auth/login?next=//evil.example").headers["Location"] == "/"


# --- CSRF ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/auth/login", {"email": "member@example.org", "password": PASSWORD}),
        ("/auth/register", registration()),
        ("/auth/reset", {"email": "member@example.org"}),
    ],
)
def test_auth_forms_refuse_a_post_without_the_csrf_token(app, client, csrf_on, path, data):
    make_user("member@example.org")

    response = client.post(path, data=data)

    assert response.status_code == 400
    assert b"This form has expired or was not sent from this site." in response.data
    assert not is_signed_in(client)
    assert user_count() == 1
    assert sent_mail(app) == []


def test_sign_in_and_out_work_with_the_csrf_token(client, csrf_on):
    make_user("member@example.org")
    token = csrf_token_on(client.get("/auth/login").data)

    response = client.post(
        "/auth/login",
        data={"email": "member@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert is_signed_in(client)

    assert client.post("/auth/logout").status_code == 400  # a forged sign-out does nothing
    assert is_signed_in(client)
    token = csrf_token_on(client.get("/account/").data)
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    assert not is_signed_in(client)


# --- links and limits on the other forms -----------------------------------------------


@pytest.mark.parametrize(
    "path", ["/auth/confirm/{}", "/auth/reset/{}", "/account/email/confirm/{}"]
)
@pytest.mark.parametrize(
    "token", ["x", "a" * 2000, "%00%1b", "eyJ1c2VyIjoxfQ.aaaa.bbbb", "..%2F..%2Fetc"]
)
def test_garbage_links_get_the_invalid_link_page(client, path, token):
    make_user("member@example.org")
    login(client, "member@example.org")

    get = client.get(path.format(token))
    post = client.post(path.format(token), data={"password": NEW_PASSWORD})

    assert get.status_code in (400, 404)
    assert post.status_code in (400, 404)
    if get.status_code == 400:
        assert b"link is not valid" in get.data


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/auth/register", registration(email="{n}@example.org")),
        ("/auth/reset", {"email": "{n}@example.org"}),
    ],
)
def test_registration_and_reset_requests_are_limited_per_address(client, path, data):
    statuses = [
        client.post(path, data={key: value.format(n=n) for key, value in data.items()}).status_code
        for n in range(11)
    ]

    assert statuses == [200] * 10 + [429]
    blocked = client.post(path, data=data)
    assert b"Too many attempts" in blocked.data


def test_a_registration_racing_another_for_the_same_address_is_refused_cleanly(monkeypatch):
    make_user("member@example.org")
    # The other request committed its account between this one's check and its insert.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)

    with pytest.raises(RuleViolation) as refusal:
        services.create_account(
            email="member@example.org",
            password=NEW_PASSWORD,
            display_name="Late Comer",
            sector=Sector.ACADEMIA,
            organisation="University",
            country="FR",
        )

    assert refusal.value.field == "email"
    assert user_count() == 1  # the transaction is still usable
    db.session.commit()
