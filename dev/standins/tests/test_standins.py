"""Self-tests for the stand-ins: they must behave like the real services before the app's tests
can trust them. No Swift app is needed (these tests never request the `stack` fixture)."""

import base64
import hashlib
import smtplib
import ssl
import time
import urllib.parse
from email.message import EmailMessage

import jwt
import pytest
import requests

from standins.oidc_provider import AUTHORIZATION_PATH, JWKS_PATH, TOKEN_PATH, USERINFO_PATH, OIDCProvider
from standins.smtp_capture import SMTPCapture

CLIENT_ID = "test-client"
CLIENT_SECRET = "test-secret"
REDIRECT_URI = "http://127.0.0.1:18080/auth/linkedin/callback"
OTHER_REDIRECT_URI = "http://127.0.0.1:18080/auth/linkedin/other"

http = requests.Session()
http.trust_env = False  # never route 127.0.0.1 through a proxy from the environment


@pytest.fixture
def provider():
    provider = OIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                            redirect_uris=[REDIRECT_URI, OTHER_REDIRECT_URI])
    provider.start()
    yield provider
    provider.stop()


def authorize(provider, **params) -> dict:
    """Run the authorization request; return the query of the redirect back to the app."""
    query = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
             "state": "st-1", "scope": "openid profile email"} | params
    response = http.get(provider.base_url + AUTHORIZATION_PATH, params=query, allow_redirects=False)
    assert response.status_code == 302
    target, _, redirect_query = response.headers["Location"].partition("?")
    assert target == query["redirect_uri"]
    return dict(urllib.parse.parse_qsl(redirect_query))


def redeem(provider, code: str, **fields) -> requests.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET} | fields
    return http.post(provider.base_url + TOKEN_PATH, data=form)


def id_token_for(provider, **params) -> str:
    response = redeem(provider, authorize(provider, **params)["code"])
    assert response.status_code == 200
    return response.json()["id_token"]


def verify(provider, id_token: str, **options) -> dict:
    """Check the id_token as a relying party must: signature against the JWKS (key chosen by
    kid, or the only key when there is no kid), iss, aud, exp, iat."""
    keys = jwt.PyJWKSet.from_dict(http.get(provider.base_url + JWKS_PATH).json())
    kid = jwt.get_unverified_header(id_token).get("kid")
    key = keys[kid] if kid else keys.keys[0]
    return jwt.decode(id_token, key=key, algorithms=["RS256"], audience=CLIENT_ID, issuer=provider.issuer,
                      options={"require": ["iss", "aud", "exp", "iat", "sub"]} | options)


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


# OpenID provider: the normal flow


def test_discovery_is_linkedin_shaped(provider):
    document = http.get(provider.base_url + "/.well-known/openid-configuration").json()
    assert document["issuer"] == "https://www.linkedin.com/oauth"
    assert document["authorization_endpoint"] == provider.base_url + "/oauth/v2/authorization"
    assert document["token_endpoint"] == provider.base_url + "/oauth/v2/accessToken"
    assert document["userinfo_endpoint"] == provider.base_url + "/v2/userinfo"
    assert document["jwks_uri"] == provider.base_url + "/oauth/v2/keys"
    assert document["response_types_supported"] == ["code"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["scopes_supported"] == ["openid", "profile", "email"]
    assert document["token_endpoint_auth_methods_supported"] == ["client_secret_post"]
    assert "code_challenge_methods_supported" not in document


def test_whole_code_flow(provider):
    provider.next_user = {"sub": "bob-42", "name": "Bob Roe", "given_name": "Bob", "family_name": "Roe",
                          "picture": "https://media.licdn.com/bob.jpg", "email": "bob@example.com",
                          "email_verified": False, "locale": "de_DE"}
    state = "a b/c+d==&e"
    redirect = authorize(provider, state=state)
    assert redirect["state"] == state

    response = redeem(provider, redirect["code"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "scope", "token_type", "id_token"}
    assert (body["expires_in"], body["scope"], body["token_type"]) == (5184000, "email,openid,profile", "Bearer")

    assert jwt.get_unverified_header(body["id_token"]) == {"alg": "RS256", "kid": provider.kid, "typ": "JWT"}
    claims = verify(provider, body["id_token"])
    assert claims["exp"] - claims["iat"] == 3600
    assert {name: claims[name] for name in ("iss", "aud", "sub", "email", "email_verified", "locale")} == {
        "iss": "https://www.linkedin.com/oauth", "aud": CLIENT_ID, "sub": "bob-42",
        "email": "bob@example.com", "email_verified": "false", "locale": "de_DE"}
    assert "nonce" not in claims

    userinfo = http.get(provider.base_url + USERINFO_PATH,
                        headers={"Authorization": "Bearer " + body["access_token"]}).json()
    assert userinfo == {"sub": "bob-42", "name": "Bob Roe", "given_name": "Bob", "family_name": "Roe",
                        "picture": "https://media.licdn.com/bob.jpg", "email": "bob@example.com",
                        "email_verified": False, "locale": {"country": "DE", "language": "de"}}

    [token_request] = provider.requests_to(TOKEN_PATH)
    assert token_request.method == "POST"
    assert token_request.form["client_secret"] == CLIENT_SECRET
    assert "code_verifier" not in token_request.form


def test_scopes_limit_the_claims(provider):
    claims = verify(provider, id_token_for(provider, scope="openid"))
    assert "email" not in claims and "name" not in claims and claims["sub"] == "782bbtaQ"


def test_nonce_is_echoed_only_when_sent(provider):
    assert verify(provider, id_token_for(provider, nonce="n-123"))["nonce"] == "n-123"


def test_userinfo_rejects_an_unknown_token(provider):
    response = http.get(provider.base_url + USERINFO_PATH, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


# OpenID provider: what must be refused


def test_code_is_single_use(provider):
    code = authorize(provider)["code"]
    assert redeem(provider, code).status_code == 200
    replay = redeem(provider, code)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")


def test_code_is_bound_to_its_redirect_uri(provider):
    code = authorize(provider)["code"]
    response = redeem(provider, code, redirect_uri=OTHER_REDIRECT_URI)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")


def test_code_expires():
    provider = OIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=[REDIRECT_URI],
                            code_lifetime=0.2)
    provider.start()
    try:
        code = authorize(provider)["code"]
        time.sleep(0.3)
        assert redeem(provider, code).json()["error"] == "invalid_grant"
    finally:
        provider.stop()


def test_client_secret_is_checked(provider):
    response = redeem(provider, authorize(provider)["code"], client_secret="wrong")
    assert (response.status_code, response.json()["error"]) == (401, "invalid_client")


@pytest.mark.parametrize("verifier, status", [("v" * 43, 200), ("w" * 43, 400), (None, 400)])
def test_pkce_verifier_must_match(provider, verifier, status):
    code = authorize(provider, code_challenge=s256("v" * 43), code_challenge_method="S256")["code"]
    response = redeem(provider, code, **({"code_verifier": verifier} if verifier else {}))
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("deny, error", [(True, "access_denied"), ("user_cancelled_login", "user_cancelled_login")])
def test_denied_authorization_redirects_with_error(provider, deny, error):
    provider.deny_next = deny
    redirect = authorize(provider)
    assert redirect["error"] == error and redirect["state"] == "st-1" and "code" not in redirect
    assert redirect["error_description"]
    assert "code" in authorize(provider)  # one-shot


@pytest.mark.parametrize("params", [{"client_id": "someone-else"}, {"redirect_uri": "http://evil.example/cb"}])
def test_unregistered_client_or_redirect_uri_gets_a_page_not_a_redirect(provider, params):
    query = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
             "state": "s", "scope": "openid"} | params
    response = http.get(provider.base_url + AUTHORIZATION_PATH, params=query, allow_redirects=False)
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_unknown_scope_redirects_with_linkedins_error(provider):
    assert authorize(provider, scope="openid r_liteprofile")["error"] == "unauthorized_scope_error"


# OpenID provider: fault injection


def test_key_rotation_changes_kid_and_jwks(provider):
    old_kid = provider.kid
    verify(provider, id_token_for(provider))
    new_kid = provider.rotate_keys()
    assert new_kid != old_kid and provider.kid == new_kid
    token = id_token_for(provider)
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    assert [key["kid"] for key in http.get(provider.base_url + JWKS_PATH).json()["keys"]] == [new_kid]
    verify(provider, token)
    assert provider.jwks_requests == 3

    newest = provider.rotate_keys(keep_old=True)
    assert [key["kid"] for key in http.get(provider.base_url + JWKS_PATH).json()["keys"]] == [newest, new_kid]


def test_jwks_is_well_formed(provider):
    [key] = http.get(provider.base_url + JWKS_PATH).json()["keys"]
    assert (key["kty"], key["kid"], key["use"], key["alg"], key["e"]) == ("RSA", provider.kid, "sig", "RS256", "AQAB")
    assert "=" not in key["n"] and len(base64.urlsafe_b64decode(key["n"] + "==")) == 256


def test_wrong_key_signature_fails_verification(provider):
    provider.sign_with_wrong_key = True
    token = id_token_for(provider)
    assert jwt.get_unverified_header(token)["kid"] == provider.kid
    with pytest.raises(jwt.InvalidSignatureError):
        verify(provider, token)
    verify(provider, id_token_for(provider))  # one-shot


@pytest.mark.parametrize("tamper, claim, value", [
    (True, "sub", "tampered-782bbtaQ"),
    ({"email": "mallory@example.com"}, "email", "mallory@example.com"),
])
def test_tampered_payload_fails_verification(provider, tamper, claim, value):
    provider.tamper_payload = tamper
    token = id_token_for(provider)
    assert jwt.decode(token, options={"verify_signature": False})[claim] == value
    with pytest.raises(jwt.InvalidSignatureError):
        verify(provider, token)


@pytest.mark.parametrize("override, error", [
    ({"iss": "https://www.linkedin.com"}, jwt.InvalidIssuerError),
    ({"aud": "another-client"}, jwt.InvalidAudienceError),
    ({"exp": int(time.time()) - 60}, jwt.ExpiredSignatureError),
    ({"iat": int(time.time()) + 3600}, jwt.ImmatureSignatureError),
    ({"exp": None}, jwt.MissingRequiredClaimError),
])
def test_overridden_claims_are_validly_signed_but_fail_checks(provider, override, error):
    provider.override_claims = override
    token = id_token_for(provider)
    with pytest.raises(error):
        verify(provider, token)
    verify(provider, id_token_for(provider))  # one-shot


def test_wrong_nonce_override(provider):
    provider.override_claims = {"nonce": "wrong"}
    assert verify(provider, id_token_for(provider, nonce="right"))["nonce"] == "wrong"


def test_omit_kid(provider):
    provider.omit_kid = True
    token = id_token_for(provider)
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    verify(provider, token)


def test_token_endpoint_failure_leaves_the_code_redeemable(provider):
    code = authorize(provider)["code"]
    provider.token_endpoint_status = 500
    assert redeem(provider, code).status_code == 500
    assert redeem(provider, code).status_code == 200


def test_down_refuses_connections_and_up_reopens_the_same_port(provider):
    base_url = provider.base_url
    provider.down()
    with pytest.raises(requests.ConnectionError):
        http.get(base_url + JWKS_PATH, timeout=1)
    provider.up()
    assert provider.base_url == base_url
    assert http.get(base_url + JWKS_PATH, timeout=1).status_code == 200


# SMTP capture


def make_message(subject="Your sign-in link", to="bob@example.com") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "SoraShare <noreply@sorashare.test>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Click https://sorashare.test/auth/email/abc123 to sign in.\n")
    return message


@pytest.fixture
def smtp():
    smtp = SMTPCapture()
    smtp.start()
    yield smtp
    smtp.stop()


def test_smtp_records_message_and_envelope(smtp):
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
        client.send_message(make_message(), to_addrs=["bob@example.com", "audit@sorashare.test"])
    message = smtp.wait_for(lambda m: m["Subject"] == "Your sign-in link", timeout=2)
    assert message.mail_from == "noreply@sorashare.test"
    assert message.rcpt_tos == ("bob@example.com", "audit@sorashare.test")
    assert message["To"] == "bob@example.com"
    assert "https://sorashare.test/auth/email/abc123" in message.get_body().get_content()
    assert (message.tls, message.auth_user) == (False, None)


def test_smtp_wait_for_times_out(smtp):
    with pytest.raises(TimeoutError):
        smtp.wait_for(timeout=0.1)


def test_smtp_temporary_failures_then_delivery(smtp):
    smtp.fail_next = 2
    for _ in range(2):
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client, pytest.raises(smtplib.SMTPDataError) as failure:
            client.send_message(make_message())
        assert failure.value.smtp_code == 451
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
        client.send_message(make_message())
    assert (len(smtp.messages), smtp.refused) == (1, 2)


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_smtp_auth(mechanism):
    smtp = SMTPCapture(user="mailer", password="s3cret")
    smtp.start()
    try:
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.send_message(make_message())
            assert refused.value.smtp_code == 530
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client, pytest.raises(smtplib.SMTPAuthenticationError):
            client.login("mailer", "wrong")
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
            client.ehlo()
            client.user, client.password = "mailer", "s3cret"
            client.auth(mechanism, getattr(client, "auth_" + mechanism.lower()))
            client.send_message(make_message())
        assert smtp.wait_for(timeout=2).auth_user == "mailer"
    finally:
        smtp.stop()


def test_smtp_starttls_with_the_generated_certificate():
    smtp = SMTPCapture(user="mailer", password="s3cret", starttls=True)
    smtp.start()
    try:
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.send_message(make_message())
            assert refused.value.smtp_code == 530  # STARTTLS first
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=5) as client:
            client.starttls(context=ssl.create_default_context(cafile=smtp.cert_path))  # verifies 127.0.0.1
            client.login("mailer", "s3cret")
            client.send_message(make_message(subject="Über TLS"))
        message = smtp.wait_for(timeout=2)
        assert (message["Subject"], message.tls, message.auth_user) == ("Über TLS", True, "mailer")
    finally:
        smtp.stop()
    assert not smtp.cert_path.exists()
