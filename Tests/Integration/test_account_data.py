"""Your data, through nginx: a member who waited, donated, received a code and paid downloads
their data (theirs only, no code in clear), deletes their account (a confirmation, then one
transaction), and is found nowhere in a pg_dump while `sorashare verify-log` still passes; signing
in again makes a new member. Deletion is refused while codes are owed back."""
import json
import subprocess
import uuid

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql
from test_payments import buy
from test_queue import clear_queue, donate, join, report, reveal


def code():
    return "ZQD" + uuid.uuid4().hex[:9].upper()


def delete_account(stack, browser, confirm="DELETE"):
    page = browser.get(stack.url("/account/delete")).text
    return browser.post(stack.url("/account/delete"), data={"_csrf": csrf_of(page), "confirm": confirm}, allow_redirects=False)


def test_a_deleted_member_is_nowhere_and_the_log_still_verifies(stack, stripe_api):
    clear_queue()
    member, email = sign_in(stack)
    name = "Quokka " + uuid.uuid4().hex[:8]
    sql(f"UPDATE members SET display_name = '{name}' WHERE email = '{email}'")
    member_id = sql(f"SELECT id FROM members WHERE email = '{email}'")
    donor, donor_email = sign_in(stack)
    # waited, received a code, reported that it worked, and returned one
    join(stack, member, use_case=f"Videos for {name}")
    received = code()
    donate(stack, donor, received)
    shown, page = reveal(stack, member)
    assert shown == received
    report(stack, member, page, "worked")
    returned = code()
    donate(stack, member, returned)
    # paid for credits at the Stripe stand-in
    session_id = buy(stack, member, 10)
    assert member.post(stripe_api.base_url + f"/checkout/{session_id}/pay", allow_redirects=False).status_code == 303
    assert sql(f"SELECT status FROM credit_purchases WHERE checkout_session_id = '{session_id}'") == "paid"
    join(stack, member)

    exported = member.get(stack.url("/account/data.json"))
    assert exported.status_code == 200 and exported.headers["Content-Disposition"].startswith("attachment")
    data = exported.json()
    assert data["profile"]["email"] == email and data["profile"]["name"] == name
    assert [identity["subject"] for identity in data["identities"]] == [email]
    assert len(data["queue"]) == 2 and data["queue"][0]["allocation"]["outcome"] == "worked"
    assert [donation["code"] for donation in data["donations"]] == ["redacted"]
    assert data["payments"]["credit_purchases"][0]["credits"] == 10 and data["sessions"]
    assert data["returns_owed"][0]["fulfilled"] is not None and "points" in data["recognition"]
    assert received not in exported.text and returned not in exported.text and donor_email not in exported.text

    # the confirmation step, then post/redirect/get to the deleted page, signed out
    wrong = delete_account(stack, member, confirm="delete me")
    assert wrong.status_code == 422 and 'id="confirm-error"' in wrong.text
    done = delete_account(stack, member)
    assert done.status_code == 303 and done.headers["Location"] == "/account/deleted", done.text
    assert 'id="account-deleted"' in member.get(stack.url("/account/deleted")).text
    assert member.get(stack.url("/account"), allow_redirects=False).status_code in (302, 303)
    assert sql(f"SELECT count(*) FROM sessions WHERE member_id = {member_id}") == "0"
    assert sql(f"SELECT status FROM queue_entries WHERE member_id = {member_id} ORDER BY id DESC LIMIT 1") == "left"

    dump = subprocess.run(["pg_dump", stack.env["SORASHARE_DATABASE_URL"]], capture_output=True, text=True, check=True).stdout
    assert f"{member_id}\t" in dump, "the anonymised row is still there for the ledger"
    assert email not in dump and email.lower() not in dump and name not in dump
    verified = subprocess.run([BINARY, "verify-log"], env=stack.env, cwd=ROOT, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # signing in again is a new member with no history
    again, _ = sign_in(stack, email)
    fresh = again.get(stack.url("/account/data.json")).json()
    assert str(fresh["profile"]["member"]) != member_id
    assert fresh["queue"] == [] and fresh["donations"] == [] and fresh["payments"]["credit_purchases"] == []


def test_deletion_waits_while_codes_are_owed_back(stack):
    clear_queue()
    recipient, email = sign_in(stack)
    donor, _ = sign_in(stack)
    join(stack, recipient)
    donate(stack, donor, code())
    _, page = reveal(stack, recipient)
    refused = delete_account(stack, recipient)
    assert refused.status_code == 409 and "Report it on your dashboard" in refused.text
    report(stack, recipient, page, "worked")
    form = recipient.get(stack.url("/account/delete")).text
    assert 'id="deletion-refused"' in form and "owe 1 invite code" in form
    refused = recipient.post(stack.url("/account/delete"), data={"_csrf": csrf_of(recipient.get(stack.url("/account")).text),
                                                                   "confirm": "DELETE"}, allow_redirects=False)
    assert refused.status_code == 409 and "owe 1 invite code" in refused.text
    assert sql(f"SELECT count(*) FROM members WHERE email = '{email}' AND deleted_at IS NULL") == "1"
    donate(stack, recipient, code())
    assert delete_account(stack, recipient).status_code == 303
