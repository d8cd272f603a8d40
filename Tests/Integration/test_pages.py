"""What nginx adds to the app's pages: security headers and the request id, static files served
without the app, HEAD on the wire. (The pages themselves are tested in-process: Tests/AppTests/Routes.)"""

import re

import requests


def test_nginx_adds_security_headers_and_the_request_id(stack):
    response = requests.get(stack.url("/"))
    assert response.status_code == 200
    assert "<h1>Fair access to Sora invites</h1>" in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


def test_static_files_are_served_by_nginx_with_cache_headers(stack):
    response = requests.get(stack.url("/static/site.css"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/css"
    assert response.headers["Cache-Control"] == "max-age=604800"
    assert "X-Request-Id" not in response.headers, "static files must not reach the responder"
    assert requests.get(stack.url("/static/missing.css")).status_code == 404


def test_head_has_headers_and_no_body(stack):
    get = requests.get(stack.url("/"))
    head = requests.head(stack.url("/"))
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(get.content))
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
