"""Accounts through nginx: bans and roles from the command line, nginx's rate limit on sign-in
endpoints; the helpers the other integration tests sign in with. (Sign-in, sessions and CSRF are
tested in-process: Tests/AppTests/Routes/AccountRoutes.swift.)"""

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
