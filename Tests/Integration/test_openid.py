"""Sign-in with OpenID Connect through nginx, against local providers that speak the protocol:
`linkedin` (LinkedIn's issuer, claim shapes and comma-separated scopes; no PKCE, no nonce)
and `acme` (configured by discovery, with PKCE and nonce)."""

import time
import urllib.parse
import uuid

import pytest
import requests

from test_accounts import sql


@pytest.fixture
def linkedin(providers):
    provider = providers["linkedin"]
    provider.next_user = new_user()
    return provider


@pytest.fixture
def acme(providers):
    provider = providers["acme"]
    provider.next_user = new_user()
    return provider


def new_user():
    sub = "sub-" + uuid.uuid4().hex[:12]
    return {"sub": sub, "name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace",
            "email": f"{sub}@example.com", "email_verified": True, "picture": "https://media.example/ada.jpg", "locale": "en_US"}


def begin(stack, browser, name="linkedin"):
    """Starts a sign-in and lets the provider answer; returns the callback URL it sends the browser to."""
    start = browser.get(stack.url(f"/auth/{name}"), allow_redirects=False)
    assert start.status_code == 303, start.text
    answer = requests.get(start.headers["Location"], allow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def signed_in_as(stack, browser):
    response = browser.get(stack.url("/account"), allow_redirects=False)
    return response.text if response.status_code == 200 else None


def members_with_sub(sub):
    return sql(f"SELECT count(*) FROM member_identities WHERE subject = '{sub}'")


def assert_refused(stack, browser, response, status, message, sub):
    assert response.status_code == status, response.text
    assert message in response.text
    assert signed_in_as(stack, browser) is None, "no session after a failed sign-in"
    assert members_with_sub(sub) == "0", "no account after a failed sign-in"


def test_linkedin_sign_in_good_path(stack, linkedin):
    browser = requests.Session()
    callback = begin(stack, browser)
    authorize = linkedin.requests_to("/oauth/v2/authorization")[-1]
    assert authorize.query["scope"] == "openid profile email"
    assert "nonce" not in authorize.query and "code_challenge" not in authorize.query, "LinkedIn supports neither"
    assert authorize.query["redirect_uri"] == stack.url("/auth/linkedin/callback")
    response = browser.get(callback, allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    token_request = linkedin.requests_to("/oauth/v2/accessToken")[-1]
    assert token_request.form["client_secret"] == linkedin.client_secret, "client_secret_post"
    assert "code_verifier" not in token_request.form
    page = signed_in_as(stack, browser)
    assert "Ada Lovelace" in page
    assert linkedin.next_user["email"] in page
    assert 'class="badge" title="We checked that this address is yours">verified' in page
    assert "<strong>linkedin</strong>: " + linkedin.next_user["sub"] in page
    assert members_with_sub(linkedin.next_user["sub"]) == "1"
    # signing in again finds the same member
    again = requests.Session()
    assert again.get(begin(stack, again), allow_redirects=False).status_code == 303
    assert members_with_sub(linkedin.next_user["sub"]) == "1"
    assert sql(f"SELECT count(*) FROM members WHERE email = '{linkedin.next_user['email']}'") == "1"


def test_unverified_email_is_not_stored_as_the_members_address(stack, linkedin):
    linkedin.next_user["email_verified"] = False
    browser = requests.Session()
    assert browser.get(begin(stack, browser), allow_redirects=False).status_code == 303
    page = signed_in_as(stack, browser)
    assert "verified</span>" not in page
    assert sql(f"SELECT count(*) FROM members WHERE email = '{linkedin.next_user['email']}'") == "0"


def test_tampered_state(stack, linkedin):
    browser = requests.Session()
    callback = begin(stack, browser)
    tampered = callback.replace("state=", "state=0")
    assert_refused(stack, browser, browser.get(tampered), 400, "Please start again", linkedin.next_user["sub"])


def test_missing_state_cookie(stack, linkedin):
    browser = requests.Session()
    callback = begin(stack, browser)
    other_browser = requests.Session()
    assert_refused(stack, other_browser, other_browser.get(callback), 400, "started in another browser", linkedin.next_user["sub"])


def test_replayed_state(stack, linkedin):
    browser = requests.Session()
    callback = begin(stack, browser)
    assert browser.get(callback, allow_redirects=False).status_code == 303
    thief = requests.Session()
    thief.cookies.update({"sorashare_openid": browser.cookies.get("sorashare_openid") or "x"})
    response = thief.get(callback)
    assert response.status_code == 400
    assert "already used" in response.text


def test_replayed_authorization_code(stack, linkedin):
    first = requests.Session()
    used = begin(stack, first)
    assert first.get(used, allow_redirects=False).status_code == 303
    code = urllib.parse.parse_qs(urllib.parse.urlparse(used).query)["code"][0]
    browser = requests.Session()
    fresh = begin(stack, browser)
    linkedin.next_user = new_user()
    replay = fresh.replace(urllib.parse.parse_qs(urllib.parse.urlparse(fresh).query)["code"][0], code)
    response = browser.get(replay)
    assert response.status_code == 400
    assert "did not accept this sign-in" in response.text
    assert signed_in_as(stack, browser) is None


@pytest.mark.parametrize("fault,setting", [
    ("wrong issuer", {"override_claims": {"iss": "https://evil.example/oauth"}}),
    ("wrong audience", {"override_claims": {"aud": "someone-else"}}),
    ("expired", {"override_claims": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}}),
    ("bad signature", {"sign_with_wrong_key": True}),
    ("tampered payload", {"tamper_payload": True}),
])
def test_id_token_checks(stack, linkedin, fault, setting):
    for name, value in setting.items():
        setattr(linkedin, name, value)
    browser = requests.Session()
    response = browser.get(begin(stack, browser))
    assert_refused(stack, browser, response, 400, "could not be verified", linkedin.next_user["sub"])


def test_unknown_kid_triggers_one_jwks_refetch_after_rotation(stack, linkedin):
    warm = requests.Session()
    assert warm.get(begin(stack, warm), allow_redirects=False).status_code == 303  # keys cached
    before = linkedin.jwks_requests
    linkedin.rotate_keys()
    linkedin.next_user = new_user()
    browser = requests.Session()
    assert browser.get(begin(stack, browser), allow_redirects=False).status_code == 303
    assert linkedin.jwks_requests == before + 1
    assert "Ada Lovelace" in signed_in_as(stack, browser)


def test_provider_unreachable(stack, linkedin):
    browser = requests.Session()
    callback = begin(stack, browser)
    linkedin.down()
    try:
        response = browser.get(callback)
    finally:
        linkedin.up()
    assert_refused(stack, browser, response, 502, "could not reach the sign-in provider", linkedin.next_user["sub"])


def test_access_denied(stack, linkedin):
    linkedin.deny_next = True
    browser = requests.Session()
    response = browser.get(begin(stack, browser))
    assert_refused(stack, browser, response, 400, "cancelled or refused", linkedin.next_user["sub"])


def test_acme_uses_pkce_and_nonce(stack, acme):
    browser = requests.Session()
    callback = begin(stack, browser, "acme")
    authorize = acme.requests_to("/oauth/v2/authorization")[-1]
    assert authorize.query["code_challenge_method"] == "S256" and authorize.query["nonce"]
    assert browser.get(callback, allow_redirects=False).status_code == 303
    assert acme.requests_to("/oauth/v2/accessToken")[-1].form["code_verifier"]
    assert "Ada Lovelace" in signed_in_as(stack, browser)


def test_acme_wrong_nonce(stack, acme):
    acme.override_claims = {"nonce": "not-the-one-we-sent"}
    browser = requests.Session()
    response = browser.get(begin(stack, browser, "acme"))
    assert_refused(stack, browser, response, 400, "could not be verified", acme.next_user["sub"])


def test_acme_missing_pkce_verifier(stack, acme):
    browser = requests.Session()
    callback = begin(stack, browser, "acme")
    sql("UPDATE openid_attempts SET code_verifier = NULL WHERE provider = 'acme'")
    response = browser.get(callback)
    assert_refused(stack, browser, response, 400, "did not accept this sign-in", acme.next_user["sub"])


def test_linking_linkedin_to_an_email_member(stack, linkedin):
    from test_accounts import sign_in

    browser, email = sign_in(stack)
    linkedin.next_user["email"] = "someone-else-" + email  # a different address: linking follows the session
    assert browser.get(begin(stack, browser), allow_redirects=False).status_code == 303
    page = signed_in_as(stack, browser)
    assert "<strong>email</strong>: " + email in page
    assert "<strong>linkedin</strong>: " + linkedin.next_user["sub"] in page


def test_unknown_provider_is_404(stack):
    assert requests.get(stack.url("/auth/myspace")).status_code == 404


def test_banned_member_cannot_sign_in_with_linkedin(stack, linkedin):
    from conftest import BINARY, ROOT
    import subprocess

    browser = requests.Session()
    assert browser.get(begin(stack, browser), allow_redirects=False).status_code == 303
    subprocess.run([BINARY, "admin", "ban", linkedin.next_user["email"]], env=stack.env, cwd=ROOT, check=True, capture_output=True)
    assert signed_in_as(stack, browser) is None, "the ban ended the session"
    again = requests.Session()
    response = again.get(begin(stack, again))
    assert response.status_code == 403 and "suspended" in response.text
    assert signed_in_as(stack, again) is None


def test_sign_in_against_a_third_party_provider(stack):
    """oidc-provider-mock: another implementation's id_tokens (no `kid`, `aud` as an array),
    with PKCE and a required nonce."""
    browser = requests.Session()
    start = browser.get(stack.url("/auth/mock"), allow_redirects=False)
    assert start.status_code == 303
    query = urllib.parse.parse_qs(urllib.parse.urlparse(start.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    sub = "mock-" + uuid.uuid4().hex[:8]
    answer = requests.post(start.headers["Location"], data={"sub": sub}, allow_redirects=False)
    assert answer.status_code == 302
    response = browser.get(answer.headers["Location"], allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    assert f"<strong>mock</strong>: {sub}" in signed_in_as(stack, browser)


def test_acme_is_not_trusted_to_sign_into_the_member_with_its_address(stack, acme):
    """`acme` is not LinkedIn: its `email_verified` does not link it to the e-mail member who has
    that address (SORASHARE_OIDC_ACME_TRUST_EMAIL is unset). The member links it while signed in."""
    from test_accounts import sign_in

    member, email = sign_in(stack)
    acme.next_user["email"] = email.upper()  # vouched for as verified, in other letters
    stranger = requests.Session()
    response = stranger.get(begin(stack, stranger, "acme"))
    assert response.status_code == 409, response.text
    assert "An account with this e-mail address already exists" in response.text
    assert signed_in_as(stack, stranger) is None, "not signed into the member's account"
    assert members_with_sub(acme.next_user["sub"]) == "0", "nothing linked"
    # the member, signed in by their e-mail link, links acme; from then on acme signs them in
    assert member.get(begin(stack, member, "acme"), allow_redirects=False).status_code == 303
    again = requests.Session()
    assert again.get(begin(stack, again, "acme"), allow_redirects=False).status_code == 303
    assert f"<strong>email</strong>: {email}" in signed_in_as(stack, again)
    # a new acme user's address does not become their account's (the address is not proved)
    acme.next_user = new_user()
    newcomer = requests.Session()
    assert newcomer.get(begin(stack, newcomer, "acme"), allow_redirects=False).status_code == 303
    assert acme.next_user["email"] not in signed_in_as(stack, newcomer)
    assert sql(f"SELECT count(*) FROM members WHERE email = '{acme.next_user['email']}'") == "0"


def test_a_third_party_provider_is_not_trusted_with_addresses_either(stack, providers):
    from test_accounts import sign_in

    _, email = sign_in(stack)
    sub = "mock-" + uuid.uuid4().hex[:8]
    assert requests.put(f"{providers['mock']}/users/{sub}", json={"email": email, "email_verified": True}).status_code == 204
    browser = requests.Session()
    start = browser.get(stack.url("/auth/mock"), allow_redirects=False)
    answer = requests.post(start.headers["Location"], data={"sub": sub}, allow_redirects=False)
    response = browser.get(answer.headers["Location"])
    assert response.status_code == 409, response.text
    assert signed_in_as(stack, browser) is None and members_with_sub(sub) == "0"


def test_linkedin_is_trusted_to_sign_into_the_member_with_its_verified_address(stack, linkedin):
    from test_accounts import sign_in

    _, email = sign_in(stack)
    linkedin.next_user["email"] = email
    browser = requests.Session()
    assert browser.get(begin(stack, browser), allow_redirects=False).status_code == 303
    page = signed_in_as(stack, browser)
    assert f"<strong>email</strong>: {email}" in page and "<strong>linkedin</strong>: " + linkedin.next_user["sub"] in page
