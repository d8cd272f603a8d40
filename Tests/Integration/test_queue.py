"""The invite queue through nginx: join, place and wait on the dashboard, the polled status
document (ETag / 304), leave."""

import re

import requests

from test_accounts import csrf_of, sign_in, sql


def test_join_see_position_poll_and_leave(stack):
    browser, email = sign_in(stack)
    page = browser.get(stack.url("/dashboard"))
    assert page.status_code == 200
    assert 'id="join-queue"' in page.text
    # a bad form is refused with a message and changes nothing
    refused = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": " ", "persona": "agency"})
    assert refused.status_code == 422 and "up to 500 characters" in refused.text
    refused = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": "ads", "persona": "wizard"})
    assert refused.status_code == 422 and "describes you best" in refused.text
    joined = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(page.text), "use_case": "Product videos", "persona": "small_team"},
                          allow_redirects=False)
    assert joined.status_code == 303 and joined.headers["Location"] == "/dashboard"
    dashboard = browser.get(stack.url("/dashboard")).text
    position = int(re.search(r'id="queue-position">(\d+)<', dashboard).group(1))
    waiting = int(sql("SELECT count(*) FROM queue_entries WHERE status = 'waiting'"))
    assert position == waiting, "the newest member is last in line"
    assert "Estimated wait: <span id=\"queue-estimate\">" in dashboard
    # joining twice is refused
    again = browser.post(stack.url("/queue/join"), data={"_csrf": csrf_of(dashboard), "use_case": "x", "persona": "other"})
    assert again.status_code == 409 and "already have a place" in again.text
    # the polled document, then a 304 with the ETag
    status = browser.get(stack.url("/queue/status.json"))
    assert status.status_code == 200
    body = status.json()
    assert body["status"] == "waiting" and body["position"] == position and body["waiting"] == waiting
    etag = status.headers["ETag"]
    unchanged = browser.get(stack.url("/queue/status.json"), headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    # someone else joins ahead? no: behind; our document is unchanged except the queue length
    other, _ = sign_in(stack)
    other_page = other.get(stack.url("/dashboard")).text
    other.post(stack.url("/queue/join"), data={"_csrf": csrf_of(other_page), "use_case": "Ads", "persona": "agency"})
    changed = browser.get(stack.url("/queue/status.json"), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["waiting"] == waiting + 1 and changed.json()["position"] == position
    left = browser.post(stack.url("/queue/leave"), data={"_csrf": csrf_of(dashboard)}, allow_redirects=False)
    assert left.status_code == 303
    assert browser.get(stack.url("/queue/status.json")).json()["status"] == "none"
    assert other.get(stack.url("/queue/status.json")).json()["position"] == position, "the member behind moved up"


def test_dashboard_needs_sign_in(stack):
    response = requests.get(stack.url("/dashboard"), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert requests.get(stack.url("/queue/status.json")).status_code == 401
