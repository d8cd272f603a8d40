"""A referral followed before a LinkedIn sign-up (needs the OpenID stand-in). The rest of
recognition is tested in-process: Tests/AppTests/Routes/RecognitionRoutes.swift."""

import re

import requests

from test_accounts import sign_in
from test_openid import begin, new_user


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


def test_a_linkedin_sign_up_through_a_referral_link_counts_too(stack, providers):
    referrer, _ = sign_in(stack)
    code = referral_code(account(stack, referrer))
    providers["linkedin"].next_user = new_user()
    visitor = requests.Session()
    visitor.get(stack.url(f"/r/{code}"))
    response = visitor.get(begin(stack, visitor), allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/account", response.text
    assert figure(account(stack, referrer), "referred-count") == "1"
