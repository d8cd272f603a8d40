"""The admin area: admins only, pause and resume, minting passes, the audit log."""

import re
import subprocess

import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql
from test_queue import clear_queue, donate, join, report, reveal


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


def admin_session(stack):
    admin, email = sign_in(stack)
    subprocess.run([BINARY, "admin", "grant", email], env=stack.env, cwd=ROOT, check=True, capture_output=True)
    return admin


def test_admin_bans_voids_codes_and_resolves_reports(stack):
    clear_queue()
    admin = admin_session(stack)
    holder, holder_email = sign_in(stack)
    join(stack, holder)
    waiter, waiter_email = sign_in(stack)
    join(stack, waiter)
    donor, _ = sign_in(stack)
    donate(stack, donor, "MODA11\nMODB22\nMODC33")
    # codes 1 and 2 went to holder and waiter at once; code 3 waits in the pool
    code_ids = [int(n) for n in sql("SELECT string_agg(id::text, ',' ORDER BY id) FROM invite_codes").split(",")]
    page = admin.get(stack.url("/admin")).text
    assert f'id="code-{code_ids[2]}"' in page and "MODC33" not in page, "codes appear by number only"

    # void: the available code leaves the pool; the holder's unrevealed code is taken back
    # and the holder waits at the head again
    voided = admin.post(stack.url("/admin/codes/void"), data={"_csrf": csrf_of(page), "code": str(code_ids[2])})
    assert voided.status_code == 200 and sql(f"SELECT status FROM invite_codes WHERE id = {code_ids[2]}") == "void"
    admin.post(stack.url("/admin/codes/void"), data={"_csrf": csrf_of(page), "code": str(code_ids[0])})
    assert holder.get(stack.url("/queue/status.json")).json()["position"] == 1
    queue_view = admin.get(stack.url("/admin")).text
    assert re.search(r"<td>1</td>\s*<td>" + re.escape(holder_email) + r"</td><td>head</td>", queue_view), "next in line"
    again = admin.post(stack.url("/admin/codes/void"), data={"_csrf": csrf_of(page), "code": str(code_ids[0])})
    assert again.status_code == 409 and "nothing to void" in again.text
    assert admin.post(stack.url("/admin/codes/void"), data={"_csrf": csrf_of(page), "code": "999999"}).status_code == 404
    # a member cannot void, even with their own valid form token
    member_page = donor.get(stack.url("/dashboard")).text
    assert donor.post(stack.url("/admin/codes/void"), data={"_csrf": csrf_of(member_page), "code": str(code_ids[1])}).status_code == 403
    # and nobody can without the form token
    assert admin.post(stack.url("/admin/codes/void"), data={"code": str(code_ids[1])}).status_code == 403

    # the waiter reports their code invalid; the admin sees the report and dismisses it
    code, revealed = reveal(stack, waiter)
    assert code == "MODB22"
    report(stack, waiter, revealed, "invalid")
    page = admin.get(stack.url("/admin")).text
    report_id = sql("SELECT id FROM allocations WHERE outcome = 'invalid'")
    assert f'id="report-{report_id}"' in page
    resolved = admin.post(stack.url("/admin/reports/resolve"),
                          data={"_csrf": csrf_of(page), "report": report_id, "decision": "dismissed"})
    assert 'id="no-reports"' in resolved.text
    assert sql(f"SELECT report_resolution FROM allocations WHERE id = {report_id}") == "dismissed"
    twice = admin.post(stack.url("/admin/reports/resolve"), data={"_csrf": csrf_of(page), "report": report_id, "decision": "upheld"})
    assert twice.status_code == 409

    # ban: the waiter (re-queued at the head after the invalid report) loses their session and place
    banned = admin.post(stack.url("/admin/members/ban"), data={"_csrf": csrf_of(page), "email": waiter_email, "action": "ban"})
    assert banned.status_code == 200
    assert waiter.get(stack.url("/queue/status.json")).status_code == 401
    assert sql(f"SELECT count(*) FROM queue_entries e JOIN members m ON m.id = e.member_id "
               f"WHERE m.email = '{waiter_email}' AND e.status = 'waiting'") == "0"
    unknown = admin.post(stack.url("/admin/members/ban"), data={"_csrf": csrf_of(page), "email": "nobody@example.com", "action": "ban"})
    assert unknown.status_code == 404 and "No member has that e-mail address" in unknown.text

    audit = admin.get(stack.url("/admin")).text
    for action in ("void code", "resolve report", "ban"):
        assert f"<td>{action}</td>" in audit
    done = subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
