"""/transparency in headless Chromium, at phone and desktop sizes, with a queue filled through
the real pages and the figures computed by the real worker: every chart present and labelled, no
sideways scrolling, and every figure equal to a direct SQL count. Screenshots go to
.data/test-artifacts/transparency-WxH.png."""

import subprocess

import pytest
import requests

from conftest import BINARY, ROOT
from test_accounts import csrf_of, sign_in, sql
from test_browser import ARTIFACTS, browser  # noqa: F401 (the Chromium fixture)
from test_queue import clear_queue, donate, join, report, reveal

By = pytest.importorskip("selenium.webdriver.common.by").By

CHARTS = ["chart-waiting", "chart-allocations", "chart-waits", "chart-returns"]


def run_worker_once(stack):
    """One worker pass that computes the figures whatever an earlier pass computed."""
    done = subprocess.run([BINARY, "worker", "--once"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=dict(stack.env, SORASHARE_DEV="1", SORASHARE_TRANSPARENCY_INTERVAL_SECONDS="0"))
    assert done.returncode == 0, done.stderr
    assert "transparency figures computed" in done.stderr


@pytest.fixture(scope="module")
def populated(stack):
    """Nine members join; a donor gives three codes (a new donor's pool limit), handed out at
    once; one recipient's code works and they return one, another's is reported invalid; a
    member redeems a priority pass; then the worker computes the figures."""
    clear_queue()
    sql("DELETE FROM transparency_stats")
    members = [sign_in(stack)[0] for _ in range(9)]
    for member in members:
        join(stack, member)
    donor, _ = sign_in(stack)
    assert "3 code(s) added" in donate(stack, donor, "TRA111\nTRA222\nTRA333")
    _, page = reveal(stack, members[0])
    report(stack, members[0], page, "worked")
    _, page = reveal(stack, members[1])
    report(stack, members[1], page, "invalid")
    donate(stack, members[0], "TRA444")  # pays back what the first recipient owes
    code = subprocess.run([BINARY, "admin", "mint-passes", "1", "TRANS"], env=stack.env, cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.splitlines()[-1]
    dashboard = members[8].get(stack.url("/dashboard")).text
    redeemed = members[8].post(stack.url("/passes/redeem"), data={"_csrf": csrf_of(dashboard), "code": code}, allow_redirects=False)
    assert redeemed.status_code == 303, redeemed.text
    run_worker_once(stack)
    return members


def expected_figures():
    """Every figure the page shows that a count gives, straight from the tables."""
    def count(statement):
        return sql(statement)

    return {
        "waiting": count("SELECT count(*) FROM queue_entries WHERE status = 'waiting'"),
        "waiting-head": count("SELECT count(*) FROM queue_entries WHERE status = 'waiting' AND lane = 0"),
        "waiting-premium": count("SELECT count(*) FROM queue_entries WHERE status = 'waiting' AND lane = 1"),
        "waiting-standard": count("SELECT count(*) FROM queue_entries WHERE status = 'waiting' AND lane = 2"),
        "codes-donated": count("SELECT count(*) FROM invite_codes"),
        "codes-donated-7d": count("SELECT count(*) FROM invite_codes WHERE donated_at > now() - interval '7 days'"),
        "allocations-today": count("SELECT count(*) FROM allocations WHERE allocated_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"),
        "allocations-7d": count("SELECT count(*) FROM allocations WHERE allocated_at > now() - interval '7 days'"),
        "allocations-30d": count("SELECT count(*) FROM allocations WHERE allocated_at > now() - interval '30 days'"),
        "premium-members": count("SELECT count(*) FROM members WHERE premium_until > now()"),
        "passes-redeemed": count("SELECT count(*) FROM priority_passes WHERE redeemed_at IS NOT NULL"),
    }


def test_the_figures_match_the_tables(stack, populated):
    expected = expected_figures()
    assert expected["allocations-today"] == "4" and expected["codes-donated"] == "4" and expected["waiting-head"] == "1"
    stats = requests.get(stack.url("/transparency/stats.json")).json()
    assert stats["status"] == "ok"
    assert str(stats["waiting"]["total"]) == expected["waiting"]
    assert str(stats["allocations"]["today"]) == expected["allocations-today"]
    assert str(stats["codes_donated"]["all_time"]) == expected["codes-donated"]
    assert str(stats["passes_redeemed"]) == expected["passes-redeemed"]
    assert stats["reports_30_days"] == {"all": 2, "invalid": 1, "invalid_rate": 0.5}
    assert stats["series"]["allocations_by_day"][-1]["codes"] == 4
    assert stats["series"]["waiting_by_day"][-1]["members"] == int(expected["waiting"])


def test_page_and_json_are_cacheable_through_nginx(stack, populated):
    for path in ("/transparency", "/transparency/stats.json"):
        first = requests.get(stack.url(path))
        assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
        again = requests.get(stack.url(path), headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.content == b"", path


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_transparency_page_in_chromium(stack, populated, browser, width, height):  # noqa: F811
    browser.set_window_size(width, height)
    browser.delete_all_cookies()
    browser.get(stack.url("/transparency"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "The queue in figures"
    expected = expected_figures()
    shown = {element.get_attribute("data-figure"): element.text for element in browser.find_elements(By.CSS_SELECTOR, ".figure-value")}
    for name, value in expected.items():
        assert shown[name] == value, f"{name}: the page says {shown[name]}, the tables {value}"
    stats = requests.get(stack.url("/transparency/stats.json")).json()
    assert shown["trust-score"] == f"{stats['trust_score']}/100"
    assert shown["invalid-rate"] == "50%"
    for chart in CHARTS:
        svg = browser.find_element(By.ID, chart)
        assert svg.tag_name == "svg" and svg.is_displayed(), chart
        assert svg.size["width"] > 0 and svg.size["height"] > 0
        assert browser.execute_script("return arguments[0].querySelector('title').textContent", svg), f"{chart} has a title"
        figure = browser.find_element(By.ID, f"{chart}-figure")
        assert figure.find_element(By.CSS_SELECTOR, "figcaption p").text, f"{chart} has a summary"
        assert figure.find_element(By.CSS_SELECTOR, "details summary").text == "The data behind this chart"
        # the chart fits its card: never wider than the screen
        assert svg.size["width"] <= width
    # the day chart has bars today; its table opens and holds 30 days
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-allocations rect.bar")) == 30
    details = browser.find_element(By.CSS_SELECTOR, "#chart-allocations-figure details")
    details.find_element(By.TAG_NAME, "summary").click()
    assert len(details.find_elements(By.CSS_SELECTOR, "tbody tr")) == 30
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px of sideways scrolling"
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / f"transparency-{width}x{height}.png"))
    # a full-page picture as well, for a person to look at every chart
    total = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(total + 140, 6000))
    browser.save_screenshot(str(ARTIFACTS / f"transparency-{width}x{height}-full.png"))


def test_landing_page_shows_three_figures_and_links(stack, populated, browser):  # noqa: F811
    browser.set_window_size(390, 844)
    browser.get(stack.url("/"))
    figures = {element.get_attribute("data-figure"): element.text
               for element in browser.find_elements(By.CSS_SELECTOR, "#in-figures .figure-value")}
    expected = expected_figures()
    assert figures["waiting"] == expected["waiting"] and figures["allocations-30d"] == expected["allocations-30d"]
    assert figures["wait-median"]
    browser.find_element(By.ID, "transparency-more").click()
    assert browser.current_url == stack.url("/transparency")
