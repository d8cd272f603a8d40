"""Recognition and referrals through nginx: a referral link followed before sign-up, points for a
donation that worked, the opt-in leaderboard, CSRF on the switch."""

import re
import uuid

import requests

from test_accounts import csrf_of, follow_link, new_address, request_link, sign_in, sql
from test_openid import begin, new_user
from test_queue import clear_queue, donate, join, report, reveal

REF_COOKIE = "sorashare_ref"


def account(stack, browser):
    page = browser.get(stack.url("/account"))
    assert page.status_code == 200
    return page.text


def figure(html, element_id):
    match = re.search(rf'id="{element_id}">([^<]*)<', html)
    assert match, element_id
    return match.group(1)


def referral_code(html):
    match = re.search(r'id="referral-link" type="text" readonly value="http://127\.0\.0\.1:\d+/\?ref=([A-Z2-7]{10})"', html)
    assert match, "the account page shows the member's referral link"
    return match.group(1)


def test_a_referred_visitor_who_signs_up_counts_for_the_referrer(stack):
    referrer, _ = sign_in(stack)
    page = account(stack, referrer)
    code = referral_code(page)
    assert referral_code(account(stack, referrer)) == code, "the code is stable"
    assert figure(page, "referred-count") == "0" and figure(page, "referral-quality") == "—"
    # a visitor follows the link: the code is remembered in a cookie until the account is created
    visitor = requests.Session()
    landing = visitor.get(stack.url(f"/?ref={code.lower()}"))
    assert landing.status_code == 200
    assert f"{REF_COOKIE}={code}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax" in landing.headers["Set-Cookie"]
    response = follow_link(stack, visitor, request_link(stack, visitor, new_address()))
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert f"{REF_COOKIE}=; Path=/; Max-Age=0" in response.headers["Set-Cookie"], "forgotten after sign-in"
    page = account(stack, referrer)
    assert figure(page, "referred-count") == "1"
    assert figure(page, "referred-good") == "1" and figure(page, "referral-quality") == "100%"
    # an existing member who follows a link is not a referred sign-up, nor is the referrer through their own
    _, existing_email = sign_in(stack)
    referrer_email = sql(f"SELECT m.email FROM members m JOIN referral_codes c ON c.member_id = m.id WHERE c.code = '{code}'")
    for email in (existing_email, referrer_email):
        browser = requests.Session()
        assert browser.get(stack.url(f"/r/{code}"), allow_redirects=False).status_code == 303
        assert follow_link(stack, browser, request_link(stack, browser, email)).status_code == 303
    assert figure(account(stack, referrer), "referred-count") == "1"
    # a suspended referral is not in good standing
    sql(f"UPDATE members SET banned_at = now() WHERE id = (SELECT r.referred_id FROM referrals r "
        f"JOIN referral_codes c ON c.member_id = r.referrer_id WHERE c.code = '{code}')")
    page = account(stack, referrer)
    assert figure(page, "referred-good") == "0" and figure(page, "referral-quality") == "0%"


def test_a_linkedin_sign_up_through_a_referral_link_counts_too(stack, providers):
    referrer, _ = sign_in(stack)
    code = referral_code(account(stack, referrer))
    providers["linkedin"].next_user = new_user()
    visitor = requests.Session()
    visitor.get(stack.url(f"/r/{code}"))
    response = visitor.get(begin(stack, visitor), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    assert figure(account(stack, referrer), "referred-count") == "1"


def test_referral_cookie_takes_only_well_formed_codes(stack):
    for target in ["/?ref=short", "/?ref=ABCDEFGH01", "/r/..%2Fetc", "/?ref=%3Cscript%3EABCDE"]:
        response = requests.get(stack.url(target), allow_redirects=False)
        assert REF_COOKIE not in response.headers.get("Set-Cookie", ""), target
    short = requests.get(stack.url("/r/ABCDEFGH23"), allow_redirects=False)
    assert short.status_code == 303 and short.headers["Location"] == "/"
    assert short.headers["Set-Cookie"].startswith(f"{REF_COOKIE}=ABCDEFGH23; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")


def test_a_donation_that_worked_earns_the_donor_points(stack):
    clear_queue()
    recipient, _ = sign_in(stack)
    join(stack, recipient)
    donor, _ = sign_in(stack)
    page = account(stack, donor)
    assert figure(page, "points") == "0" and "No badges yet" in page
    donate(stack, donor, "PTS" + uuid.uuid4().hex[:7].upper())
    assert figure(account(stack, donor), "points") == "0", "a donation earns points once it worked"
    _, revealed = reveal(stack, recipient)
    report(stack, recipient, revealed, "worked")
    page = account(stack, donor)
    assert figure(page, "points") == "10"
    assert 'data-badge="first-code"' in page and "First code shared" in page
    assert figure(account(stack, recipient), "points") == "0"


def test_the_leaderboard_is_opt_in(stack):
    sql("TRUNCATE leaderboard_members")
    member, email = sign_in(stack)
    name = "Leader " + uuid.uuid4().hex[:8]
    sql(f"UPDATE members SET display_name = '{name}' WHERE email = '{email}'")
    board = requests.get(stack.url("/leaderboard"))
    assert board.status_code == 200 and name not in board.text and 'id="leaderboard-empty"' in board.text
    page = account(stack, member)
    assert 'id="leaderboard-toggle">Show me on the leaderboard<' in page
    # without the CSRF token: refused, nothing written
    refused = member.post(stack.url("/account/leaderboard"), data={"show": "yes"}, allow_redirects=False)
    assert refused.status_code == 403
    assert name not in requests.get(stack.url("/leaderboard")).text
    shown = member.post(stack.url("/account/leaderboard"), data={"show": "yes", "_csrf": csrf_of(page)}, allow_redirects=False)
    assert shown.status_code == 303 and shown.headers["Location"] == "/account#recognition"
    board = requests.get(stack.url("/leaderboard")).text
    assert re.search(rf'<td class="leader-name">{name}</td><td class="leader-points">0</td>', board)
    assert email not in board and "@" not in board.split('id="leaderboard"')[1], "never an e-mail address"
    page = account(stack, member)
    assert 'id="leaderboard-toggle">Leave the leaderboard<' in page
    hidden = member.post(stack.url("/account/leaderboard"), data={"show": "no", "_csrf": csrf_of(page)}, allow_redirects=False)
    assert hidden.status_code == 303
    assert name not in requests.get(stack.url("/leaderboard")).text
    odd = member.post(stack.url("/account/leaderboard"), data={"show": "maybe", "_csrf": csrf_of(page)})
    assert odd.status_code == 422


def test_account_recognition_needs_sign_in(stack):
    assert requests.post(stack.url("/account/leaderboard"), data={"show": "yes"}, allow_redirects=False).status_code == 403
    assert requests.get(stack.url("/account"), allow_redirects=False).status_code == 303
