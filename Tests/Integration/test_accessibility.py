"""Accessibility in headless Chromium: axe-core (bundled by axe-selenium-python) on every page
that a GET route renders as HTML, signed out, as a member and as an admin, at 390 × 844 and
1280 × 900: no violation of impact "serious" or "critical". The counts per page, role and size go
to .data/test-artifacts/axe-counts.json (and the test output); a screenshot of each page to
.data/test-artifacts/axe/. A route added to Sources/App/Routes without a page here (or a reason in
NOT_HTML) fails the coverage test. Also: the phone menu opens and every target in it is at least
44 × 44 px."""

import base64
import hashlib
import hmac
import json
import re
import uuid
from pathlib import Path

import pytest

from conftest import BINARY, ROOT
from test_accounts import COOKIE, sign_in
from test_browser import ARTIFACTS, browser  # noqa: F401
from test_queue import clear_queue, donate, join, reveal, run_worker_once
from test_studio import member_of

axe_selenium = pytest.importorskip("axe_selenium_python")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SIZES = [(390, 844), (1280, 900)]
ROLES = ["visitor", "member", "admin"]

# GET routes that answer with something other than an HTML page, each with what it answers.
NOT_HTML = {
    "/health": "JSON",
    "/transparency/stats.json": "JSON",
    "/transparency/log.ndjson": "NDJSON",
    "/transparency/checkpoints.ndjson": "NDJSON",
    "/transparency/key": "a PEM public key",
    "/auth/:provider": "a redirect to the identity provider",
    "/auth/:provider/callback": "a redirect (the provider's return; its failures are error pages, covered by the 404)",
    "/account/data.json": "JSON (the member's data export)",
    "/r/:code": "a redirect to the landing page with the referral remembered",
    "/queue/status.json": "JSON",
    "/passes/status.json": "JSON",
    "/studio/jobs/:id/status.json": "JSON",
    "/studio/jobs/:id/:file": "the job's media files",
    "/_diag/echo/:word": "text (developer diagnostics)",
    "/_diag/cookie": "text (developer diagnostics)",
    "/_diag/sleep": "text (developer diagnostics)",
}

# Pages every role visits (signed out, the member-only ones send you to sign in: that page is checked).
COMMON = {
    "/": "/",
    "/sign-in": "/sign-in",
    "/sign-in/check-email": "/sign-in/check-email",
    "/auth/email/verify": "/auth/email/verify?token=" + "0" * 64,  # an unknown link: the page that offers a new one
    "/leaderboard": "/leaderboard",
    "/transparency": "/transparency",
    "/transparency/log": "/transparency/log",
    "/privacy": "/privacy",
    "/terms": "/terms",
    "/account/deleted": "/account/deleted",
    "/unsubscribe": "/unsubscribe?token={unsubscribe}",  # a mail's one-click link: the confirmation page
    "/_diag/database": "/_diag/database",
    "404": "/no-such-page",
}
# Pages behind sign-in, visited by members and admins ({job}, {result} filled in by the fixture).
SIGNED_IN = {
    "/dashboard": "/dashboard",
    "/donate": "/donate",
    "/donate/result/:id": "/donate/result/{result}",
    "/queue/code": "/queue/code",
    "/account": "/account",
    "/account/delete": "/account/delete",
    "/billing": "/billing",
    "/billing/success": "/billing/success?session_id=cs_test_unknown",
    "/billing/cancelled": "/billing/cancelled",
    "/studio": "/studio",
    "/studio/new": "/studio/new",
    "/studio/jobs/:id": "/studio/jobs/{job}",
}
ADMIN = {"/admin": "/admin"}

COUNTS = {}


def axe_script():
    """axe-core 4 (bundled, as a file, by axe-playwright-python) when installed: the 3.1 that
    axe-selenium-python bundles misses newer rules and refuses <div> groups in a <dl>."""
    import importlib.util

    spec = importlib.util.find_spec("axe_playwright_python")
    if spec and spec.submodule_search_locations:
        newer = Path(next(iter(spec.submodule_search_locations))) / "axe.min.js"
        if newer.exists():
            return str(newer)
    return None


def get_routes():
    """Every `router.get("...")` path in the route table (and the diagnostics routes)."""
    found = set()
    for path in (ROOT / "Sources" / "App" / "Routes").rglob("*.swift"):
        found.update(re.findall(r'router\.get\("([^"]+)"', path.read_text()))
    return found


def test_every_get_route_is_checked_or_explained():
    covered = set(COMMON) | set(SIGNED_IN) | set(ADMIN) | set(NOT_HTML)
    missing = get_routes() - covered
    assert not missing, f"GET routes neither visited by the axe run nor listed in NOT_HTML: {sorted(missing)}"
    stale = (covered - {"404"}) - get_routes()
    assert not stale, f"pages listed here that the route table no longer has: {sorted(stale)}"


def use_session(stack, driver, session):
    """Hands a requests session's sign-in cookie to the browser."""
    driver.delete_all_cookies()
    driver.get(stack.url("/favicon.ico"))
    if session is not None:
        driver.add_cookie({"name": COOKIE, "value": session.cookies.get(COOKIE), "path": "/"})


@pytest.fixture(scope="module")
def people(stack):
    """A member holding a revealed code, a studio job and a donation result; an admin likewise."""
    import subprocess

    from test_studio import grant, new_job
    from test_studio import csrf_for_studio

    clear_queue()
    donor, donor_email = sign_in(stack)
    people = {"visitor": (None, {"unsubscribe": unsubscribe_token(stack, member_of(donor_email))})}
    for role in ("member", "admin"):
        session, email = sign_in(stack)
        if role == "admin":
            done = subprocess.run([BINARY, "admin", "grant", email], env=dict(stack.env), cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        join(stack, session)
        donate(stack, donor, "AXE" + uuid.uuid4().hex[:8].upper())
        reveal(stack, session)
        page = session.post(stack.url("/donate"), data={"_csrf": re.search(
            r'name="_csrf" value="([0-9a-f]{64})"', session.get(stack.url("/donate")).text).group(1),
            "codes": "AXE" + uuid.uuid4().hex[:8].upper() + "\nnot a code"})
        result = re.search(r"/donate/result/([^/?#]+)$", page.url).group(1)
        member = member_of(email)
        grant(member, 100)
        job = new_job(stack, session, csrf_for_studio(stack, session))
        people[role] = (session, {"result": result, "job": job, "unsubscribe": unsubscribe_token(stack, member)})
    run_worker_once(stack)  # the landing and transparency pages' figures, so that they are checked too
    return people


def unsubscribe_token(stack, member, kind="code_waiting"):
    """The one-click unsubscribe token of a mail to `member`, signed as the app signs it
    (UnsubscribeToken: HMAC-SHA256 under a key derived from SORASHARE_SECRET_KEY)."""
    key = hmac.new(base64.b64decode(stack.env["SORASHARE_SECRET_KEY"]), b"sorashare unsubscribe v1", hashlib.sha256).digest()
    return f"{member}.{kind}." + hmac.new(key, f"unsubscribe v1|{member}|{kind}".encode(), hashlib.sha256).hexdigest()


def pages_for(role):
    pages = dict(COMMON)
    if role != "visitor":
        pages.update(SIGNED_IN)
    if role == "admin":
        pages.update(ADMIN)
    return pages


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("width,height", SIZES)
def test_no_serious_or_critical_axe_violations(stack, browser, people, role, width, height):  # noqa: F811
    session, values = people[role]
    browser.set_window_size(width, height)
    use_session(stack, browser, session)
    shots = ARTIFACTS / "axe"
    shots.mkdir(parents=True, exist_ok=True)
    problems = []
    for route, target in pages_for(role).items():
        browser.get(stack.url(target.format(**values)))
        axe = axe_selenium.Axe(browser, script_url=axe_script()) if axe_script() else axe_selenium.Axe(browser)
        axe.inject()
        results = axe.run()
        COUNTS["_engine"] = f"axe-core {(results.get('testEngine') or {}).get('version', '3.1 (axe-selenium-python)')}"
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        counts = {impact: sum(1 for v in results["violations"] if v["impact"] == impact)
                  for impact in ("critical", "serious", "moderate", "minor")}
        COUNTS.setdefault(route, {}).setdefault(role, {})[f"{width}x{height}"] = counts
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{route} ({target}): {overflow} px wider than the screen")
        browser.execute_script("window.scrollTo(0, 0)")
        name = re.sub(r"[^a-z0-9]+", "-", route.lower()).strip("-") or "home"
        browser.save_screenshot(str(shots / f"{name}-{role}-{width}x{height}.png"))
        for violation in bad:
            nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
            problems.append(f"{route} ({target}): {violation['impact']} {violation['id']}: {violation['help']} at {nodes}")
    (ARTIFACTS / "axe-counts.json").write_text(json.dumps(COUNTS, indent=2, sort_keys=True))
    summary = {route: counts.get(role, {}).get(f"{width}x{height}") for route, counts in COUNTS.items()
               if isinstance(counts, dict) and role in counts}
    print(f"\naxe counts ({COUNTS['_engine']}; {role}, {width}x{height}):")
    for route, counts in summary.items():
        print(f"  {route}: {counts}")
    assert not problems, "\n".join(problems)


def test_the_phone_menu_opens_and_every_target_is_44_px(stack, browser, people):  # noqa: F811
    browser.set_window_size(390, 844)
    use_session(stack, browser, people["admin"][0])
    browser.get(stack.url("/dashboard"))
    toggle = browser.find_element(By.CSS_SELECTOR, ".menu summary")
    links = browser.find_elements(By.CSS_SELECTOR, ".menu nav a, .menu nav button")
    assert links and not any(link.is_displayed() for link in links), "closed on a phone"
    toggle.click()
    WebDriverWait(browser, 5).until(EC.visibility_of(links[0]))
    assert all(link.is_displayed() for link in links), "the menu shows every link once open"
    browser.save_screenshot(str(ARTIFACTS / "menu-open-390x844.png"))
    for target in [toggle, *links]:
        size = target.size
        assert size["width"] >= 44 and size["height"] >= 44, f"{target.text!r} is {size['width']} × {size['height']}"
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # on a desktop the navigation is always open and the toggle is not shown
    browser.set_window_size(1280, 900)
    browser.get(stack.url("/dashboard"))
    assert not browser.find_element(By.CSS_SELECTOR, ".menu summary").is_displayed()
    assert browser.find_element(By.ID, "dashboard-link").is_displayed()
    # and without the script too: the stylesheet shows the links of the closed <details>
    browser.execute_script("document.querySelector('.menu').open = false")
    link = browser.find_element(By.ID, "dashboard-link")
    assert link.size["height"] >= 44 and link.rect["x"] > 0, "laid out while the <details> is closed"
    assert browser.execute_script("return arguments[0].checkVisibility()", link), "shown while the <details> is closed"
