"""What reaches the responder: bodies, uploads, encodings, cookies."""

import hashlib
import json
import os

import requests

from conftest import APP_BODY_LIMIT, raw_get


def test_body_over_the_app_limit_is_413_page(stack):
    response = requests.post(stack.url("/_diag/form"), data={"big": "x" * (APP_BODY_LIMIT + 1)})
    assert response.status_code == 413
    assert "The request is too large: the limit is 8 MiB." in response.text
    # a body under the limit on the same route is fine
    small = requests.post(stack.url("/_diag/form"), data={"name": "Ada Lovelace", "note": "a&b=c"})
    assert small.status_code == 200
    assert small.json() == {"name": "Ada Lovelace", "note": "a&b=c"}


def test_body_over_the_nginx_limit_is_413_page(stack):
    response = requests.post(stack.url("/_diag/form"), data=b"x" * (17 * 1024 * 1024),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert "That upload is too large" in response.text


def multipart(body, boundary="XyZ123"):
    return body.encode(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_malformed_multipart_is_400(stack):
    cases = {
        "unterminated": '--XyZ123\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue without closing boundary',
        "no disposition": "--XyZ123\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ123--\r\n",
        "no boundary in body": "this is not multipart at all",
        "garbage headers": "--XyZ123\r\nnot a header line\r\n\r\nx\r\n--XyZ123--\r\n",
    }
    for name, text in cases.items():
        body, headers = multipart(text)
        response = requests.post(stack.url("/_diag/upload"), data=body, headers=headers)
        assert response.status_code == 400, name
        assert "The multipart upload is malformed" in response.text, name
    response = requests.post(stack.url("/_diag/upload"), data=b"x", headers={"Content-Type": "multipart/form-data"})
    assert response.status_code == 400
    assert "has no boundary" in response.text


def test_five_megabyte_upload_arrives_intact(stack):
    content = os.urandom(5 * 1024 * 1024)
    response = requests.post(
        stack.url("/_diag/upload"),
        data={"prompt": "A sneaker on a rotating stand, studio light", "platform": "tiktok"},
        files={"image": ("product shot.png", content, "image/png")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["fields"] == {"prompt": "A sneaker on a rotating stand, studio light", "platform": "tiktok"}
    [upload] = body["files"]
    assert upload["filename"] == "product shot.png"
    assert upload["content_type"] == "image/png"
    assert upload["size"] == len(content)
    assert upload["sha256"] == hashlib.sha256(content).hexdigest()
    # the part was streamed to a temporary file, which is gone once the request is answered
    assert list(stack.upload_dir.iterdir()) == []


def test_percent_encoded_and_non_ascii_paths_and_queries(stack):
    response = requests.get(stack.url("/_diag/echo/caf%C3%A9%20cr%C3%A8me?q=%E2%9C%93&a=b+c&a=%26&emoji=%F0%9F%8E%AC"))
    assert response.status_code == 200
    body = response.json()
    assert body["word"] == "café crème"
    assert body["path"] == "/_diag/echo/café crème"
    assert body["raw_path"] == "/_diag/echo/caf%C3%A9%20cr%C3%A8me"
    assert body["query"] == [["q", "✓"], ["a", "b c"], ["a", "&"], ["emoji", "🎬"]]
    # an encoded slash stays inside its segment
    assert requests.get(stack.url("/_diag/echo/a%2Fb")).json()["word"] == "a/b"


def test_raw_utf8_bytes_in_the_request_line(stack):
    """Some clients send UTF-8 unencoded; nginx passes the bytes through and we decode them."""
    status, body = raw_get("/_diag/echo/naïve?city=Zürich")
    assert status == 200
    echoed = json.loads(body)
    assert echoed["word"] == "naïve"
    assert echoed["query"] == [["city", "Zürich"]]


def test_malformed_percent_encoding_is_400(stack):
    # nginx refuses a path it cannot decode itself, with our static page
    status, body = raw_get("/_diag/echo/bad%zz")
    assert status == 400
    assert b"That address is not valid" in body
    # what nginx passes on (bad escapes in the query, invalid UTF-8) the app refuses
    for target in ("/_diag/echo/x?q=%E2%9C", "/_diag/echo/x?q=%zz", "/_diag/echo/%C3%28"):
        status, body = raw_get(target)
        assert status == 400, target
        assert b"malformed percent-encoding" in body, target


def test_cookies_round_trip(stack):
    session = requests.Session()
    response = session.get(stack.url("/_diag/cookie?name=flavour&value=vanilla"))
    assert response.status_code == 200
    assert response.headers["Set-Cookie"] == "flavour=vanilla; Path=/; HttpOnly; SameSite=Lax"
    session.cookies.set("second", "two words")
    echoed = session.get(stack.url("/_diag/echo/x")).json()
    assert echoed["cookies"] == {"flavour": "vanilla", "second": "two words"}
