"""Pages, errors and routing, through nginx."""

import re

import requests


def test_landing_page_explains_sorashare(stack):
    response = requests.get(stack.url("/"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.text
    assert "<h1>Fair access to Sora invites</h1>" in html
    assert 'href="/static/site.css"' in html
    assert 'id="how-it-works"' in html
    assert "https://" not in html.split("<body>")[0], "no external CDN in the head"
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


def test_health_reports_database_up(stack):
    response = requests.get(stack.url("/health"))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "service", "timestamp", "database", "version"}
    assert body["status"] == "healthy"
    assert body["service"] == "sorashare"
    assert body["database"] == "up"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])
    assert re.fullmatch(r"\d+\.\d+\.\d+", body["version"])


def test_unknown_page_is_a_404_page(stack):
    response = requests.get(stack.url("/no/such/page"))
    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]
    assert "There is no page at this address." in response.text
    assert '<a class="button" href="/">' in response.text


def test_api_clients_get_json_errors(stack):
    response = requests.get(stack.url("/no/such/page"), headers={"Accept": "application/json"})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["status"] == 404
    assert error["message"] == "There is no page at this address."


def test_wrong_method_is_405_with_allow(stack):
    response = requests.post(stack.url("/"), data={"a": "b"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert "does not accept that method" in response.text
    response = requests.delete(stack.url("/health"))
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


def test_head_has_headers_and_no_body(stack):
    get = requests.get(stack.url("/"))
    head = requests.head(stack.url("/"))
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == str(len(get.content))
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
