"""Headless Chromium through nginx: sign-in from a deep link returns there (by LinkedIn and by
e-mail link), and a reload after donating or minting passes changes nothing (post/redirect/get)."""
import subprocess
import uuid

import pytest

from conftest import BINARY, ROOT
from test_accounts import queued_link, sql
from test_browser import browser  # noqa: F401 (the Chromium fixture)

selenium = pytest.importorskip("selenium")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def fresh(browser):
    browser.set_window_size(1280, 900)
    browser.delete_all_cookies()


def linkedin_user(prefix, email=None):
    user = {"sub": f"{prefix}-{uuid.uuid4().hex[:8]}", "name": "Return Member", "email_verified": email is not None}
    if email:
        user["email"] = email
    return user


def test_sign_in_from_a_deep_link_returns_there(stack, browser, providers):  # noqa: F811
    # with LinkedIn: the return path rides with the attempt, kept on the server
    fresh(browser)
    providers["linkedin"].next_user = linkedin_user("return-linkedin")
    browser.get(stack.url("/donate"))
    assert browser.current_url == stack.url("/sign-in?next=/donate"), "the deep link sends a visitor to sign in"
    browser.find_element(By.ID, "sign-in-linkedin").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/donate")), message=f"stuck at {browser.current_url}")
    assert browser.find_element(By.ID, "codes").is_displayed()

    # with an e-mail link, opened in the same browser
    fresh(browser)
    email = f"return-{uuid.uuid4().hex[:8]}@example.com"
    browser.get(stack.url("/billing"))
    assert browser.current_url == stack.url("/sign-in?next=/billing")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.CSS_SELECTOR, "form[action='/auth/email'] button").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/sign-in/check-email")))
    browser.get(queued_link(stack, email))
    browser.find_element(By.ID, "confirm-sign-in").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/billing")), message=f"stuck at {browser.current_url}")

    # a next that leads off the site is dropped: the account page, as before
    fresh(browser)
    providers["linkedin"].next_user = linkedin_user("return-evil")
    browser.get(stack.url("/sign-in?next=//evil.example/"))
    browser.find_element(By.ID, "sign-in-linkedin").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/account")), message=f"stuck at {browser.current_url}")


def test_a_reload_after_donating_or_minting_changes_nothing(stack, browser, providers):  # noqa: F811
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    fresh(browser)
    providers["linkedin"].next_user = linkedin_user("return-admin", email)
    browser.get(stack.url("/sign-in?next=/donate"))
    browser.find_element(By.ID, "sign-in-linkedin").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/donate")), message=f"stuck at {browser.current_url}")

    code = "PRG" + uuid.uuid4().hex[:7].upper()
    browser.find_element(By.ID, "codes").send_keys(f"{code}\nnot a code!")
    browser.find_element(By.ID, "donate-codes").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/donate/result/"), message=f"stuck at {browser.current_url}")
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "1 code(s) added" in page and "Not added" in page and "does not look like" in page, "the result says what was refused and why"
    codes = sql("SELECT count(*) FROM invite_codes")
    result = browser.current_url
    browser.refresh()
    assert browser.current_url == result and "1 code(s) added" in browser.find_element(By.TAG_NAME, "main").text
    assert sql("SELECT count(*) FROM invite_codes") == codes, "a reload donates nothing"

    # minting passes as an admin
    assert subprocess.run([BINARY, "admin", "grant", email], env=stack.env, cwd=ROOT, capture_output=True).returncode == 0
    browser.get(stack.url("/admin"))
    count = browser.find_element(By.ID, "pass-count")
    count.clear()
    count.send_keys("2")
    browser.find_element(By.ID, "mint-passes").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/admin?minted=batch-"), message=f"stuck at {browser.current_url}")
    minted = browser.find_element(By.ID, "minted-passes").text.split()
    passes = sql("SELECT count(*) FROM priority_passes")
    assert len(minted) == 2
    browser.refresh()
    assert browser.find_element(By.ID, "minted-passes").text.split() == minted, "the reload shows the same passes"
    assert sql("SELECT count(*) FROM priority_passes") == passes, "and mints none"
