"""Accounts through nginx: bans and roles from the command line, nginx's rate limit on sign-in
endpoints; the helpers the other integration tests sign in with. (Sign-in, sessions and CSRF are
tested in-process: Tests/AppTests/Routes/AccountRoutes.swift.)"""

import base64
import hashlib
import hmac
import os
import re
import subprocess
import uuid

import requests
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

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
    link = queued_link(stack, email)
    match = re.fullmatch(r"http://\S+/auth/email/verify\?token=([0-9a-f]{64})", link)
    assert match, link
    return match.group(1)


def queued_link(stack, email):
    """The sign-in link queued for `email`, opened as the worker opens it: it waits sealed
    (AES-256-GCM under HMAC-SHA256(SORASHARE_SECRET_KEY, label), bound to the recipient), never in the body."""
    row = sql("SELECT (strpos(body, '{link}') > 0 AND strpos(body, 'token=') = 0) || '|' || encode(sealed_link, 'hex') "
              f"FROM outbox_emails WHERE recipient = '{email}' ORDER BY id DESC LIMIT 1")
    clean, sealed = row.split("|")
    assert clean == "true", "the body holds the placeholder, not the link"
    key = hmac.new(base64.b64decode(stack.env["SORASHARE_SECRET_KEY"]), b"sorashare outbox-seal v1", hashlib.sha256).digest()
    sealed = bytes.fromhex(sealed)
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], f"sorashare outbox link v1\n{email.lower()}".encode()).decode()


def follow_link(stack, browser, token):
    """Opens the link and presses "Sign in"; returns the POST's response, or the page's when it
    has no button (a used or expired link)."""
    page = browser.get(stack.url(f"/auth/email/verify?token={token}"))
    if page.status_code != 200:
        return page
    return browser.post(stack.url("/auth/email/verify"), data={"token": token, "_csrf": csrf_of(page.text)}, allow_redirects=False)


def sign_in(stack, email=None):
    browser = requests.Session()
    email = email or new_address()
    response = follow_link(stack, browser, request_link(stack, browser, email))
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    return browser, email


def test_banned_member_sessions_stop_at_once(stack):
    browser, email = sign_in(stack)
    assert browser.get(stack.url("/account")).status_code == 200
    env = dict(stack.env)
    done = subprocess.run([BINARY, "admin", "ban", email], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    response = browser.get(stack.url("/account"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in?next=/account"
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


def test_sign_in_tokens_never_reach_nginx_access_log(stack):
    """A mailed link opened by a mail scanner and then by the member (whose browser sends the
    link as the Referer of the requests the page makes): nginx logs each request, never the token."""
    browser = requests.Session()
    email = new_address()
    token = request_link(stack, browser, email)
    link = stack.url(f"/auth/email/verify?token={token}")
    assert requests.get(link, headers={"User-Agent": "MailScanner/1.0"}).status_code == 200  # a scanner's pre-fetch
    page = browser.get(link)
    assert page.status_code == 200
    response = browser.post(stack.url("/auth/email/verify"), data={"token": token, "_csrf": csrf_of(page.text)},
                            headers={"Referer": link}, allow_redirects=False)
    assert response.status_code == 303
    assert browser.get(stack.url("/account"), headers={"Referer": link}).status_code == 200
    access_log = (stack.prefix / "nginx" / "access.log").read_text()
    lines = [line for line in access_log.splitlines() if "/auth/email/verify" in line]
    assert len(lines) >= 4, lines[-5:]
    assert token not in access_log
    assert '"GET /auth/email/verify?[redacted] HTTP/1.1" 200' in access_log
    assert '"POST /auth/email/verify HTTP/1.1" 303' in access_log and f'"{stack.url("/auth/email/verify")}?[redacted]"' in access_log
