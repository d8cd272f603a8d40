"""The landing page in a real browser (headless Chromium), on a phone and a desktop screen."""

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = DATA / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM and DRIVER, "make test installs chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # the studio's test calls play() on a <video> without a click first
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--autoplay-policy=no-user-gesture-required"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)  # a find right after a click may run while the next page loads
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_landing_page_fits_the_screen(stack, browser, width, height):
    browser.set_window_size(width, height)
    browser.get(stack.url("/"))
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text == "Fair access to Sora invites"
    assert heading.is_displayed()
    # the stylesheet loaded (from nginx, no CDN): the button has the accent background
    button = browser.find_element(By.CSS_SELECTOR, ".hero .button")
    assert button.value_of_css_property("background-color") == "rgba(59, 61, 191, 1)"
    # nothing is wider than the screen: no sideways scrolling on a phone
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    steps = browser.find_elements(By.CSS_SELECTOR, ".step-list li")
    assert len(steps) == 4
    if width < 600:
        # on a phone the steps stack in one column
        assert len({step.location["x"] for step in steps}) == 1
    else:
        assert len({step.location["y"] for step in steps}) == 1
    browser.save_screenshot(str(ARTIFACTS / f"landing-{width}x{height}.png"))


def test_following_the_how_it_works_link(stack, browser):
    browser.set_window_size(1280, 900)
    browser.get(stack.url("/"))
    browser.find_element(By.LINK_TEXT, "See how it works").click()
    assert browser.current_url.endswith("/#how-it-works")
    assert browser.find_element(By.ID, "how-title").is_displayed()


def test_sign_in_with_linkedin_then_sign_out(stack, browser, providers):
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    provider = providers["linkedin"]
    provider.next_user = {"sub": "browser-grace", "name": "Grace Hopper", "given_name": "Grace", "family_name": "Hopper",
                          "email": "grace@example.com", "email_verified": True, "locale": "en_US"}
    browser.set_window_size(1280, 900)
    browser.delete_all_cookies()
    browser.get(stack.url("/sign-in"))
    browser.find_element(By.ID, "sign-in-linkedin").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/account")), message=f"stuck at {browser.current_url}")
    assert browser.find_element(By.ID, "member-name").text == "Grace Hopper"
    assert browser.find_element(By.ID, "viewer-name").text == "Grace Hopper"
    browser.save_screenshot(str(ARTIFACTS / "account-after-linkedin.png"))
    browser.find_element(By.ID, "sign-out").click()
    # wait on the new page itself: polling the old element races the navigation in chromedriver
    # ("Node with given id does not belong to the document" instead of a stale-element error)
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/")), message=f"stuck at {browser.current_url}")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "sign-in-link")))
    assert browser.find_element(By.ID, "sign-in-link").is_displayed()
    browser.get(stack.url("/account"))
    assert browser.current_url == stack.url("/sign-in?next=/account"), "signed out: the account page sends you to sign in"


def sign_in_with_linkedin(stack, browser, provider, user):
    """A fresh browser session signs in as `user` at the LinkedIn stand-in and lands on /account."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    provider.next_user = user
    browser.set_window_size(1280, 900)
    browser.delete_all_cookies()
    browser.get(stack.url("/sign-in"))
    browser.find_element(By.ID, "sign-in-linkedin").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/account")), message=f"stuck at {browser.current_url}")


def sign_in_with_linkedin_and_join(stack, browser, provider, use_case, persona, user):
    """A fresh browser session signs in as `user` at the LinkedIn stand-in and joins the queue from the dashboard."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    sign_in_with_linkedin(stack, browser, provider, user)
    browser.find_element(By.ID, "dashboard-link").click()
    browser.find_element(By.ID, "use_case").send_keys(use_case)
    Select(browser.find_element(By.ID, "persona")).select_by_value(persona)
    browser.find_element(By.ID, "join-queue").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "queue-position")))


def test_join_see_position_receive_reveal_and_confirm_a_code(stack, browser, providers):
    import uuid

    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from test_accounts import sign_in
    from test_queue import clear_queue, donate

    clear_queue()
    sign_in_with_linkedin_and_join(stack, browser, providers["linkedin"], use_case="Launch videos for my candle shop", persona="small_team",
                                   user={"sub": "browser-queue-" + uuid.uuid4().hex[:6], "name": "Queue Member", "email_verified": False})
    assert browser.find_element(By.ID, "queue-position").text == "1"
    # another member donates a code: it goes to the head of the queue at once
    donor, _ = sign_in(stack)
    code = "BRW" + uuid.uuid4().hex[:7].upper()
    donate(stack, donor, code)
    browser.refresh()
    browser.find_element(By.ID, "reveal-code").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "invite-code")))
    assert browser.find_element(By.ID, "invite-code").text == code
    browser.save_screenshot(str(ARTIFACTS / "code-revealed.png"))
    browser.find_element(By.ID, "code-worked").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "join-queue")))


def test_go_premium_at_the_stripe_standin_and_move_ahead_of_free_members(stack, browser, providers, stripe_api):
    """The whole premium flow in Chromium: "Go premium" → the stand-in's checkout page → "Pay"
    (the stand-in sends the signed webhooks through nginx) → back on SoraShare, premium, and
    ahead of the free members who joined first."""
    import uuid

    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from test_accounts import sign_in
    from test_queue import clear_queue, join

    clear_queue()
    free_members = [sign_in(stack)[0] for _ in range(2)]
    for member in free_members:
        join(stack, member)
    sign_in_with_linkedin_and_join(stack, browser, providers["linkedin"], use_case="Ads for my bakery", persona="solo_founder",
                                   user={"sub": "browser-premium-" + uuid.uuid4().hex[:6], "name": "Premium Member",
                                         "email": f"premium-{uuid.uuid4().hex[:6]}@example.com", "email_verified": True})
    assert browser.find_element(By.ID, "queue-position").text == "3", "free: behind the two who joined first"
    browser.find_element(By.ID, "billing-link").click()
    assert "Payments are simulated" in browser.find_element(By.ID, "payments-simulated").text
    browser.find_element(By.ID, "go-premium").click()
    WebDriverWait(browser, 10).until(EC.url_contains(stripe_api.base_url + "/checkout/cs_test_"))
    assert "SoraShare Premium" in browser.find_element(By.ID, "checkout-item").text
    browser.save_screenshot(str(ARTIFACTS / "stripe-checkout-standin.png"))
    browser.find_element(By.ID, "pay").click()
    WebDriverWait(browser, 10).until(EC.url_contains(stack.url("/billing/success?session_id=cs_test_")))
    assert browser.find_element(By.ID, "plan-status").text == "Premium"
    renewal = browser.find_element(By.ID, "renewal-date")
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", renewal.text), renewal.text
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[0-9:.]+Z", renewal.get_attribute("datetime"))
    assert browser.find_element(By.ID, "checkout-returned").is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "billing-premium.png"))
    browser.find_element(By.ID, "dashboard-link").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "queue-position")))
    assert browser.find_element(By.ID, "queue-position").text == "1", "premium: ahead of the free members"
