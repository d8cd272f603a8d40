"""The video studio in a real browser (headless Chromium), the issue's acceptance path: sign in,
buy credits at the Stripe stand-in, drop an image, pick a preset and TikTok, submit, watch the
job's page follow the worker to "Ready", play the video, download an MP4 of 9:16; another member's
job and an expired link are 404. The `browser` fixture is test_browser's (with
--autoplay-policy=no-user-gesture-required); the helpers are test_studio's."""

import base64
import re
import time
import uuid

from conftest import ROOT
from standins.video_common import probe
# test_browser skips its importers too when selenium is missing; `browser` is its fixture
from test_browser import ARTIFACTS, browser, sign_in_with_linkedin  # noqa: F401
from test_studio import FRAMES, IMAGE, balance, http, member_of, member_with_credits, new_job, signed_link

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

# picked with the file input; then test_studio's IMAGE (image.png, also 64 × 48) is dropped over it
PICKED = ROOT / "Tests" / "MediaTests" / "Fixtures" / "baseline.jpg"

# Drops a PNG (base64, name) on the drop zone as a person would: dragenter, dragover, drop, each
# carrying a DataTransfer that holds the file. Returns what the page did with each event.
DROP = """
const [encoded, name] = arguments;
const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
const transfer = new DataTransfer();
transfer.items.add(new File([bytes], name, { type: "image/png" }));
const zone = document.getElementById("drop-zone");
const send = (type) => zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
const enterAllowed = !send("dragenter");
const overAllowed = !send("dragover");  // a drop only happens where dragover was cancelled
const highlighted = zone.classList.contains("drop-zone-active");
const dropTaken = !send("drop");
const input = document.getElementById("image");
return { enterAllowed, overAllowed, highlighted, dropTaken, stillHighlighted: zone.classList.contains("drop-zone-active"),
         files: Array.from(input.files, (file) => [file.name, file.size]) };
"""

# Waits for the <video>'s metadata, plays it and waits until currentTime has moved on by half a
# second; returns what the element reported (or why it did not).
PLAY = """
const done = arguments[arguments.length - 1];
const video = document.getElementById("job-video");
const report = (extra) => ({ readyState: video.readyState, networkState: video.networkState, currentTime: video.currentTime,
                             mediaError: video.error && `${video.error.code} ${video.error.message}`, ...extra });
const timer = setTimeout(() => done(report({ problem: "timed out" })), 10000);
new Promise((resolve, reject) => {
  if (video.readyState >= 1) return resolve();
  video.addEventListener("loadedmetadata", resolve, { once: true });
  video.addEventListener("error", () => reject(new Error("media error")), { once: true });
}).then(async () => {
  const metadata = { duration: video.duration, width: video.videoWidth, height: video.videoHeight, start: video.currentTime };
  await video.play();
  while (video.currentTime < metadata.start + 0.5) await new Promise((wake) => setTimeout(wake, 50));
  clearTimeout(timer);
  video.pause();
  done(report({ ...metadata, reached: video.currentTime, problem: null }));
}).catch((problem) => { clearTimeout(timer); done(report({ problem: String(problem) })); });
"""

# Whether a <video> can load `src`: "metadata" or the media error's code.
LOAD = """
const [src, done] = arguments;
const video = document.createElement("video");
video.preload = "metadata";
video.addEventListener("loadedmetadata", () => done("metadata"), { once: true });
video.addEventListener("error", () => done(`error ${video.error.code}`), { once: true });
video.src = src;
"""


def buy_credits(stack, browser, stripe_api, pack):
    """Buys a credit pack from the billing page through the Stripe stand-in's checkout page."""
    browser.find_element(By.ID, "billing-link").click()
    browser.find_element(By.ID, f"buy-credits-{pack}").click()
    WebDriverWait(browser, 10).until(EC.url_contains(stripe_api.base_url + "/checkout/cs_test_"))
    assert browser.find_element(By.ID, "checkout-item").text.startswith(f"{pack} credits")
    browser.find_element(By.ID, "pay").click()
    WebDriverWait(browser, 10).until(EC.url_contains(stack.url("/billing/success?session_id=cs_test_")))


def text_of(browser, element_id):
    """The element's text, or None while the page is (re)loading."""
    try:
        return browser.find_element(By.ID, element_id).text
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def preview_loaded(browser):
    """The preview's blob URL once it shows a decoded image, else None."""
    return browser.execute_script(
        "const img = document.getElementById('image-preview');"
        "return !img.hidden && img.complete && img.naturalWidth === 64 && img.naturalHeight === 48 ? img.src : null;")


def test_studio_in_the_browser_from_credits_to_a_playing_tiktok_video(stack, browser, providers, stripe_api, studio, workers):
    began = time.monotonic()
    # another member, signed in by e-mail before the workers run (they would send the sign-in mail)
    other, _, other_csrf = member_with_credits(stack, 5)
    email = f"studio-{uuid.uuid4().hex[:8]}@example.com"
    sign_in_with_linkedin(stack, browser, providers["linkedin"],
                          {"sub": "browser-studio-" + uuid.uuid4().hex[:6], "name": "Studio Member", "email": email,
                           "email_verified": True})
    member = member_of(email)
    buy_credits(stack, browser, stripe_api, 10)
    assert browser.find_element(By.ID, "credit-balance").text == "10"

    # the form: a picked JPEG is previewed, then a dropped PNG replaces it (and is what is sent)
    browser.find_element(By.ID, "studio-link").click()
    browser.find_element(By.ID, "new-video").click()
    WebDriverWait(browser, 10).until(EC.url_to_be(stack.url("/studio/new")))
    assert browser.find_element(By.ID, "credit-balance").text == "10"
    assert not browser.find_elements(By.ID, "not-enough-credits")
    wait = WebDriverWait(browser, 5, poll_frequency=0.05)
    browser.find_element(By.CSS_SELECTOR, "input[type=file]#image").send_keys(str(PICKED))
    picked = wait.until(preview_loaded, message="the picked image is not previewed")
    dropped = browser.execute_script(DROP, base64.b64encode(IMAGE).decode(), "dropped.png")
    assert dropped == {"enterAllowed": True, "overAllowed": True, "highlighted": True, "dropTaken": True,
                       "stillHighlighted": False, "files": [["dropped.png", len(IMAGE)]]}, dropped
    shown = wait.until(lambda _: (src := preview_loaded(browser)) != picked and src, message="the dropped image is not previewed")
    assert shown.startswith("blob:")
    Select(browser.find_element(By.ID, "preset")).select_by_value("turntable")
    prompt = browser.find_element(By.ID, "prompt").get_property("value")
    assert prompt.startswith("The product turns slowly through a full circle"), prompt
    browser.find_element(By.CSS_SELECTOR, "input[name=platform][value=youtube]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=platform][value=tiktok]").click()
    assert browser.find_element(By.CSS_SELECTOR, "input[name=platform]:checked").get_property("value") == "tiktok"
    assert browser.find_element(By.ID, "cost").text == "5", "5 s by default at 1 credit a second"
    browser.find_element(By.CSS_SELECTOR, "input[name=seconds][value='10']").click()
    assert browser.find_element(By.ID, "cost").text == "10"
    browser.find_element(By.CSS_SELECTOR, "input[name=seconds][value='5']").click()
    assert browser.find_element(By.ID, "cost").text == "5"
    browser.save_screenshot(str(ARTIFACTS / "studio-new.png"))
    browser.find_element(By.ID, "make-video").click()

    # the job's page, before any worker runs; then its script follows the job to "Ready"
    WebDriverWait(browser, 10).until(EC.url_matches(re.escape(stack.url("/studio/jobs/")) + r"\d+$"),
                                     message=f"stuck at {browser.current_url}: {text_of(browser, 'form-error')}")
    job_id = int(browser.current_url.rsplit("/", 1)[1])
    assert text_of(browser, "job-state") == "Waiting for a provider"
    assert balance(member) == 5, "charged 5 credits"
    workers()
    seen = []

    def ready(_):
        label = text_of(browser, "job-state")
        if label and (not seen or seen[-1] != label):
            seen.append(label)
        return label == "Ready"

    WebDriverWait(browser, 30, poll_frequency=0.1).until(ready, message=f"job {job_id}: the page showed {seen}")
    timeline = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#timeline li strong")]
    # (the stand-in's task is done before the worker's first poll, so "Being made" may not appear)
    assert timeline[:2] == ["Waiting for a provider", "Sent to the provider"] and timeline[-2:] == [
        "Copying and checking the video", "Ready"], timeline
    browser.save_screenshot(str(ARTIFACTS / "studio-job-ready.png"))

    # the <video> plays
    browser.set_script_timeout(15)
    played = browser.execute_async_script(PLAY)
    assert played["problem"] is None, played
    assert played["duration"] > 0 and abs(played["duration"] - 5) < 0.5, played
    assert (played["width"], played["height"]) == FRAMES["tiktok"], played
    assert played["reached"] >= played["start"] + 0.5, played

    # the download, with the browser's cookies: an MP4 of 9:16; the poster is the dropped PNG
    cookies = {cookie["name"]: cookie["value"] for cookie in browser.get_cookies()}
    download = browser.find_element(By.ID, "download-video").get_property("href")
    saved = http.get(download, cookies=cookies, timeout=10)
    assert saved.status_code == 200 and saved.headers["Content-Type"] == "video/mp4", saved.status_code
    assert saved.headers["Content-Disposition"].startswith("attachment;") and saved.content[4:8] == b"ftyp"
    path = ARTIFACTS / f"studio-browser-{job_id}.mp4"
    path.write_bytes(saved.content)
    info = probe(str(path))
    assert info["codec"] == "h264" and info["width"] * 16 == info["height"] * 9 and abs(info["duration"] - 5) < 0.5, info
    player = browser.find_element(By.ID, "job-video")
    source, poster = player.get_property("src"), player.get_property("poster")
    assert http.get(poster, cookies=cookies, timeout=10).content == IMAGE

    # another member's job is a 404 for us, and ours for them, links included
    other_job = new_job(stack, other, other_csrf)
    browser.get(stack.url(f"/studio/jobs/{other_job}"))
    assert browser.find_element(By.CSS_SELECTOR, ".error-code").text == "404"
    assert http.get(stack.url(f"/studio/jobs/{other_job}"), cookies=cookies, timeout=10).status_code == 404
    page = stack.url(f"/studio/jobs/{job_id}")
    assert http.get(source, cookies=cookies, timeout=10).status_code == 200
    for url in (page, page + "/status.json", source, download, poster):
        assert other.get(url, timeout=10).status_code == 404, url

    # an expired link is a 404, in the player and as a page; the same link unexpired plays
    expired = stack.url(signed_link(stack, job_id, member, "video", int(time.time()) - 1))
    fresh = stack.url(signed_link(stack, job_id, member, "video", int(time.time()) + 60))
    browser.get(stack.url(f"/studio/jobs/{job_id}"))
    assert browser.execute_async_script(LOAD, fresh) == "metadata", "the test signs links as the app does"
    assert browser.execute_async_script(LOAD, expired) == "error 4"
    assert http.get(expired, cookies=cookies, timeout=10).status_code == 404
    browser.get(expired)
    assert browser.find_element(By.CSS_SELECTOR, ".error-code").text == "404"
    print(f"the studio in the browser: {time.monotonic() - began:.1f} s; the job page showed {seen}")


def test_the_drop_zone_asks_for_the_file_picker_once_per_click_or_key(stack, browser, providers):
    """Regression: a click on the file input (or Space/Enter on it) bubbled to the drop zone, whose
    handler called input.click() again, so the picker was asked for twice. Real input events (CDP,
    not element.click(), which chromedriver refuses on a file input), the picker intercepted."""
    sign_in_with_linkedin(stack, browser, providers["linkedin"],
                          {"sub": "browser-picker-" + uuid.uuid4().hex[:6], "name": "Picker Member", "email_verified": False})
    browser.set_window_size(390, 844)  # a phone: the page scrolls
    browser.get(stack.url("/studio/new"))
    browser.execute_script("window.pickerClicks = 0; document.getElementById('image').addEventListener('click', () => window.pickerClicks++)")

    def click(selector):
        x, y = browser.execute_script(
            "const box = document.querySelector(arguments[0]).getBoundingClientRect(); return [box.x + 5, box.y + box.height / 2]",
            selector)
        for kind in ("mousePressed", "mouseReleased"):
            browser.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def press(selector, key):
        browser.execute_script("document.querySelector(arguments[0]).focus({ preventScroll: true })", selector)
        code, number, text = {"Enter": ("Enter", 13, "\r"), " ": ("Space", 32, " ")}[key]
        browser.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": number,
                                                            "text": text})
        browser.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": number})

    browser.execute_cdp_cmd("Page.enable", {})
    browser.execute_cdp_cmd("Page.setInterceptFileChooserDialog", {"enabled": True})
    try:
        asked = {}
        for name, act in [("click on the input", lambda: click("#image")), ("click on the zone", lambda: click("#drop-zone p")),
                          ("Enter on the zone", lambda: press("#drop-zone", "Enter")), ("Space on the zone", lambda: press("#drop-zone", " ")),
                          ("Enter on the input", lambda: press("#image", "Enter")), ("Space on the input", lambda: press("#image", " "))]:
            scrolled = browser.execute_script("window.pickerClicks = 0; return window.scrollY")
            act()  # CDP answers once the page has handled the events
            asked[name] = browser.execute_script("return [window.pickerClicks, window.scrollY - arguments[0]]", scrolled)
        # each asks once, and Space on the zone does not scroll the page as well
        assert asked == dict.fromkeys(asked, [1, 0]), asked
    finally:
        browser.execute_cdp_cmd("Page.setInterceptFileChooserDialog", {"enabled": False})

