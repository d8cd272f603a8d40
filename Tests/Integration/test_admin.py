"""The admin area: admins only, pause and resume, minting passes, the audit log."""

import re
import subprocess

import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql
from test_queue import clear_queue


def test_admin_area_is_for_admins_and_audits_every_action(stack):
    clear_queue()
    assert requests.get(stack.url("/admin"), allow_redirects=False).headers["Location"] == "/sign-in"
    member, _ = sign_in(stack)
    refused = member.get(stack.url("/admin"))
    assert refused.status_code == 403 and "for SoraShare admins only" in refused.text
    admin, email = sign_in(stack)
    subprocess.run([BINARY, "admin", "grant", email], env=stack.env, cwd=ROOT, check=True, capture_output=True)
    page = admin.get(stack.url("/admin"))
    assert page.status_code == 200
    assert 'id="admin-link"' in page.text and 'id="trust-score">100<' in page.text
    assert re.search(r"<td>command line</td><td>grant</td><td>" + re.escape(email), page.text)
    # a member cannot pause, even with a valid form token of their own
    member_page = member.get(stack.url("/dashboard")).text
    assert member.post(stack.url("/admin/pause"), data={"_csrf": csrf_of(member_page)}).status_code == 403
    assert sql("SELECT paused FROM queue_control") == "f"
    paused = admin.post(stack.url("/admin/pause"), data={"_csrf": csrf_of(page.text), "reason": "checking reports"})
    assert 'id="admin-paused">Paused: paused by an admin: checking reports.' in paused.text
    assert sql("SELECT paused FROM queue_control") == "t"
    resumed = admin.post(stack.url("/admin/resume"), data={"_csrf": csrf_of(paused.text)})
    assert 'id="pause-distribution"' in resumed.text and sql("SELECT paused FROM queue_control") == "f"
    minted = admin.post(stack.url("/admin/passes"), data={"_csrf": csrf_of(resumed.text), "count": "3", "prefix": "vip"})
    codes = re.findall(r"VIP-[0-9A-F]{12}", minted.text)
    assert len(set(codes)) == 3 and minted.headers["Cache-Control"] == "no-store"
    refused = admin.post(stack.url("/admin/passes"), data={"_csrf": csrf_of(resumed.text), "count": "many", "prefix": "vip"})
    assert refused.status_code == 422
    audit = admin.get(stack.url("/admin")).text
    for action in ("pause", "resume", "mint passes"):
        assert f"<td>{action}</td>" in audit
    assert not any(code in audit for code in codes), "pass codes are not in the audit log"
