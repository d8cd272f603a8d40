"""Accounts: e-mail link sign-in, sessions, CSRF, bans, through nginx with real PostgreSQL."""

import os
import re
import subprocess
import uuid

import requests

from conftest import BINARY, ROOT

DATABASE = os.environ.get("SORASHARE_TEST_DATABASE_URL", "")
COOKIE = "sorashare_session"


def sql(statement):
    """Runs one statement with psql and returns the first column of the first row ('' if none)."""
    done = subprocess.run(["psql", DATABASE, "-tAc", statement], check=True, capture_output=True, text=True)
    return done.stdout.strip().split("\n")[0]


def csrf_of(html):
    match = re.search(r'name="_csrf" value="([0-9a-f]{64})"', html)
    assert match, "the page has a CSRF field"
    return match.group(1)


def new_address():
    return f"member-{uuid.uuid4().hex[:10]}@example.com"


def request_link(stack, browser, email):
    form = browser.get(stack.url("/sign-in"))
    response = browser.post(stack.url("/auth/email"), data={"email": email, "_csrf": csrf_of(form.text)}, allow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == "/sign-in/check-email"
    body = subprocess.run(["psql", DATABASE, "-tAc", f"SELECT body FROM outbox_emails WHERE recipient = '{email}' ORDER BY id DESC LIMIT 1"],
                          check=True, capture_output=True, text=True).stdout
    match = re.search(r"http://\S+/auth/email/verify\?token=([0-9a-f]{64})", body)
    assert match, body
    return match.group(1)


def follow_link(stack, browser, token):
    """Opens the link and presses "Sign in"; returns the POST's response."""
    page = browser.get(stack.url(f"/auth/email/verify?token={token}"))
    assert page.status_code == 200
    return browser.post(stack.url("/auth/email/verify"), data={"token": token, "_csrf": csrf_of(page.text)}, allow_redirects=False)


def sign_in(stack, email=None):
    browser = requests.Session()
    email = email or new_address()
    response = follow_link(stack, browser, request_link(stack, browser, email))
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    return browser, email


def test_sign_in_page_gives_a_visitor_session_with_a_csrf_token(stack):
    response = requests.get(stack.url("/sign-in"))
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert re.fullmatch(COOKIE + r"=[0-9a-f]{64}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax", cookie)
    csrf_of(response.text)
    stored = sql("SELECT count(*) FROM sessions WHERE member_id IS NULL AND id_hash = sha256('"
                 + cookie.split(";")[0].split("=")[1] + "'::bytea)")
    assert stored == "1", "only the cookie's hash is stored"


def test_email_link_signs_in_once(stack):
    browser = requests.Session()
    email = new_address()
    token = request_link(stack, browser, email)
    visitor_cookie = browser.cookies.get(COOKIE)
    response = follow_link(stack, browser, token)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert browser.cookies.get(COOKIE) != visitor_cookie, "a new session id at sign-in"
    account = browser.get(stack.url("/account"))
    assert account.status_code == 200
    assert email in account.text
    assert 'class="badge"' in account.text and "verified" in account.text
    assert f'id="viewer-name">{email}<' in account.text
    # the same link again: refused, and the browser that used it stays signed in
    again = follow_link(stack, requests.Session(), token)
    assert again.status_code == 400
    assert "invalid, already used or expired" in again.text
    assert sql(f"SELECT count(*) FROM members WHERE email = '{email}'") == "1"


def test_expired_link_is_refused(stack):
    browser = requests.Session()
    email = new_address()
    token = request_link(stack, browser, email)
    sql(f"UPDATE login_tokens SET expires_at = now() - interval '1 second' WHERE email = '{email}'")
    response = follow_link(stack, browser, token)
    assert response.status_code == 400
    assert sql(f"SELECT count(*) FROM members WHERE email = '{email}'") == "0"
    assert browser.get(stack.url("/account"), allow_redirects=False).headers["Location"] == "/sign-in"


def test_post_without_or_with_wrong_csrf_token_is_403_and_writes_nothing(stack):
    browser = requests.Session()
    page = browser.get(stack.url("/sign-in"))
    email = new_address()
    before = sql("SELECT count(*) FROM outbox_emails")
    for data, headers in (
        ({"email": email}, {}),
        ({"email": email, "_csrf": "0" * 64}, {}),
        ({"email": email, "_csrf": csrf_of(page.text)}, {"Origin": "https://evil.example"}),
    ):
        response = browser.post(stack.url("/auth/email"), data=data, headers=headers, allow_redirects=False)
        assert response.status_code == 403
        assert "did not come from SoraShare" in response.text
    # no session at all
    assert requests.post(stack.url("/auth/email"), data={"email": email, "_csrf": csrf_of(page.text)}).status_code == 403
    assert sql("SELECT count(*) FROM outbox_emails") == before
    assert sql(f"SELECT count(*) FROM login_tokens WHERE email = '{email}'") == "0"


def test_session_fixation_fails(stack):
    attacker = requests.Session()
    attacker.get(stack.url("/sign-in"))
    planted = attacker.cookies.get(COOKIE)
    victim = requests.Session()
    victim.cookies.update(attacker.cookies)  # the attacker planted their visitor cookie
    token = request_link(stack, victim, new_address())
    assert follow_link(stack, victim, token).status_code == 303
    assert victim.cookies.get(COOKIE) != planted
    # the planted id is gone: the attacker is not signed in as the victim
    response = attacker.get(stack.url("/account"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"


def test_banned_member_sessions_stop_at_once(stack):
    browser, email = sign_in(stack)
    assert browser.get(stack.url("/account")).status_code == 200
    env = dict(stack.env)
    done = subprocess.run([BINARY, "admin", "ban", email], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    response = browser.get(stack.url("/account"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    # and the link flow refuses them
    second = requests.Session()
    refused = follow_link(stack, second, request_link(stack, second, email))
    assert refused.status_code == 403
    assert "suspended" in refused.text
    assert subprocess.run([BINARY, "admin", "unban", email], env=env, cwd=ROOT).returncode == 0


def test_admin_grant_and_unknown_address(stack):
    browser, email = sign_in(stack)
    env = dict(stack.env)
    assert subprocess.run([BINARY, "admin", "grant", email], env=env, cwd=ROOT, capture_output=True).returncode == 0
    assert sql(f"SELECT role FROM members WHERE email = '{email}'") == "admin"
    assert subprocess.run([BINARY, "admin", "revoke", email], env=env, cwd=ROOT, capture_output=True).returncode == 0
    assert sql(f"SELECT role FROM members WHERE email = '{email}'") == "member"
    assert subprocess.run([BINARY, "admin", "grant", "nobody@example.com"], env=env, cwd=ROOT, capture_output=True).returncode == 1


def test_sign_out_and_sign_out_everywhere(stack):
    first, email = sign_in(stack)
    second, _ = sign_in(stack, email)
    account = first.get(stack.url("/account"))
    assert account.text.count("<tr><td>") == 2, "both sessions are listed"
    response = first.post(stack.url("/auth/sign-out-everywhere"), data={"_csrf": csrf_of(account.text)}, allow_redirects=False)
    assert response.status_code == 303
    for browser in (first, second):
        assert browser.get(stack.url("/account"), allow_redirects=False).headers["Location"] == "/sign-in"
    third, _ = sign_in(stack, email)
    page = third.get(stack.url("/account"))
    assert third.post(stack.url("/auth/sign-out"), data={"_csrf": csrf_of(page.text)}, allow_redirects=False).status_code == 303
    assert third.get(stack.url("/account"), allow_redirects=False).status_code == 303


def test_invalid_address_and_rate_limit(stack):
    browser = requests.Session()
    csrf = csrf_of(browser.get(stack.url("/sign-in")).text)
    response = browser.post(stack.url("/auth/email"), data={"email": "not-an-address", "_csrf": csrf})
    assert response.status_code == 422
    assert "does not look like an e-mail address" in response.text
    email = new_address()
    statuses = [browser.post(stack.url("/auth/email"), data={"email": email, "_csrf": csrf}, allow_redirects=False).status_code
                for _ in range(6)]
    assert statuses == [303] * 5 + [429]
    assert sql(f"SELECT count(*) FROM login_tokens WHERE email = '{email}'") == "5"


def test_nginx_rate_limits_sign_in_endpoints(stack):
    stack.start_nginx(signin_rate="6r/m")  # one every 10 s: the 25 requests below outrun it even on a slow machine
    try:
        statuses = [requests.get(stack.url(f"/auth/email/verify?token={i}")).status_code for i in range(25)]
        assert statuses.count(429) >= 10, statuses
        limited = requests.get(stack.url("/auth/email/verify?token=x"))
        assert limited.status_code == 429
        assert "Too many requests" in limited.text
        # pages outside /auth/ are not limited
        assert [requests.get(stack.url("/sign-in")).status_code for _ in range(25)] == [200] * 25
    finally:
        stack.start_nginx()


def session_hash(browser):
    return "sha256('" + browser.cookies.get(COOKIE) + "'::bytea)"


def test_idle_session_expires(stack):
    browser, _ = sign_in(stack)
    assert browser.get(stack.url("/account")).status_code == 200
    sql(f"UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = {session_hash(browser)}")
    response = browser.get(stack.url("/account"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"


def test_activity_extends_a_session_but_never_past_its_absolute_limit(stack):
    browser, _ = sign_in(stack)
    where = f"WHERE id_hash = {session_hash(browser)}"
    # idle for a while: the next request moves the idle expiry forward (14 days from now)
    sql(f"UPDATE sessions SET last_seen_at = now() - interval '1 hour', expires_at = now() + interval '1 day' {where}")
    assert browser.get(stack.url("/account")).status_code == 200
    assert sql(f"SELECT expires_at > now() + interval '13 days' FROM sessions {where}") == "t"
    # signed in 31 days ago: activity cannot extend it past created_at + 30 days
    sql(f"UPDATE sessions SET created_at = now() - interval '31 days', last_seen_at = now() - interval '1 hour' {where}")
    assert browser.get(stack.url("/account")).status_code == 200  # still valid until this touch
    response = browser.get(stack.url("/account"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
