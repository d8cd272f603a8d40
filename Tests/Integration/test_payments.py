"""Payments with Stripe through nginx: webhooks signed by the official `stripe` package
(stripe.WebhookSignature.generate_signature_header), Checkout Sessions created at the Stripe
stand-in (dev/standins/stripe_api.py), credits, refunds, premium and the queue. Credits come only
from sessions the app created (the buy button, then the stand-in's events), never from a session
made up by the test, which the app refuses."""

import json
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import stripe

from conftest import STRIPE_OLD_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET, wait_for
from standins.stripe_api import charge_object, deliver, error_body, event, invoice_object, new_id, sign, subscription_object
from test_accounts import csrf_of, sign_in, sql
from test_queue import clear_queue, join

API_VERSION = "2026-10-28.endive"


def webhook(stack):
    return stack.url("/webhooks/stripe")


def post_raw(stack, body, header):
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Stripe-Signature"] = header
    return requests.post(webhook(stack), data=body.encode() if isinstance(body, str) else body, headers=headers, timeout=30)


def member_id(email):
    return int(sql(f"SELECT id FROM members WHERE email = '{email}'"))


def recorded(event_id):
    return sql(f"SELECT count(*) FROM stripe_events WHERE id = '{event_id}'") == "1"


def balance(member):
    return int(sql(f"SELECT coalesce(sum(delta), 0) FROM credit_ledger WHERE member_id = {member}"))


def buy(stack, browser, credits):
    """Presses the buy button for a pack of `credits`, as the billing page does: the app creates
    the Checkout Session at the Stripe stand-in and records the purchase. Returns the session id."""
    _, csrf, key = billing_form(stack, browser)
    response = browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "request_key": key, "pack": str(credits)},
                            allow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def forged_session(member, credits, amount):
    """A paid Checkout Session naming a member and a pack that the app never created (as one made
    elsewhere on the same Stripe account, or by anyone holding the webhook secret, would be)."""
    return {"id": new_id("cs"), "object": "checkout.session", "mode": "payment", "status": "complete",
            "payment_status": "paid", "client_reference_id": str(member),
            "metadata": {"member_id": str(member), "purpose": "credits", "credits": str(credits)},
            "customer": None, "payment_intent": new_id("pi"), "subscription": None, "amount_total": amount,
            "currency": "usd", "created": int(time.time()), "url": None, "livemode": False}


def logged(stack, message, **fields):
    """The responder's log lines (JSON) with `message` and every one of `fields`."""
    found = []
    for text in stack.log_path.read_text(errors="replace").splitlines():
        try:
            line = json.loads(text)
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("msg") == message and all(line.get(key) == value for key, value in fields.items()):
            found.append(line)
    return found


# --- signatures: every case through nginx ---

def signature_cases():
    """(name, how to build (body, header) from a valid payload and the time now, expected status)."""
    def entries(header):
        return dict(item.split("=", 1) for item in header.split(","))

    return [
        ("valid", lambda p, now: (p, sign(p, STRIPE_WEBHOOK_SECRET)), 200),
        ("old secret during rotation", lambda p, now: (p, sign(p, STRIPE_OLD_WEBHOOK_SECRET)), 200),
        ("wrong secret", lambda p, now: (p, sign(p, "whsec_someone_else")), 400),
        ("stale timestamp", lambda p, now: (p, sign(p, STRIPE_WEBHOOK_SECRET, timestamp=now - 301 - 5)), 400),
        ("future timestamp", lambda p, now: (p, sign(p, STRIPE_WEBHOOK_SECRET, timestamp=now + 301 + 5)), 400),
        ("two v1, the second right", lambda p, now: (
            p, f"t={now},v1={entries(sign(p, 'whsec_wrong', now))['v1']},v1={entries(sign(p, STRIPE_WEBHOOK_SECRET, now))['v1']}"), 200),
        ("two v1, both wrong", lambda p, now: (
            p, f"t={now},v1={entries(sign(p, 'whsec_a', now))['v1']},v1={entries(sign(p, 'whsec_b', now))['v1']}"), 400),
        ("only another scheme", lambda p, now: (p, sign(p, STRIPE_WEBHOOK_SECRET).replace("v1=", "v0=")), 400),
        ("missing header", lambda p, now: (p, None), 400),
        ("tampered body", lambda p, now: (p.replace('"livemode": false', '"livemode": true', 1), sign(p, STRIPE_WEBHOOK_SECRET)), 400),
    ]


@pytest.mark.parametrize("name,build,status", signature_cases(), ids=[case[0] for case in signature_cases()])
def test_webhook_signature(stack, name, build, status):
    payload = json.dumps(event("customer.created", {"id": new_id("cus"), "object": "customer"}))
    event_id = json.loads(payload)["id"]
    body, header = build(payload, int(time.time()))
    response = post_raw(stack, body, header)
    assert response.status_code == status, response.text
    assert recorded(event_id) == (status == 200), "only a verified event is recorded"
    if status == 200:
        assert response.json() == {"received": True, "outcome": "ignored"}, "an unknown type is acknowledged and ignored"
        assert post_raw(stack, body, header).json()["outcome"] == "duplicate"


def test_the_official_library_agrees_with_the_app(stack):
    """The same header the app accepts passes stripe.Webhook.construct_event (and vice versa for a refusal)."""
    payload = json.dumps(event("customer.created", {"id": new_id("cus"), "object": "customer"}))
    header = sign(payload, STRIPE_WEBHOOK_SECRET)
    assert stripe.Webhook.construct_event(payload, header, STRIPE_WEBHOOK_SECRET).id == json.loads(payload)["id"]
    assert post_raw(stack, payload, header).status_code == 200
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, "whsec_someone_else")


@pytest.mark.parametrize("body", ["{not json", "[]", '{"id": "evt_1"}', '{"id":"evt_x","object":"event","type":"invoice.paid",'
                                  '"created":1,"data":{"object":{"id":"in_1"}}}', "\u00ff\u00fe"])
def test_signed_garbage_is_a_400_never_a_5xx(stack, body):
    response = post_raw(stack, body.encode("utf-8"), sign(body, STRIPE_WEBHOOK_SECRET))
    assert response.status_code == 400, response.text


def test_webhook_needs_no_csrf_token_or_cookie_but_only_post(stack):
    assert requests.get(webhook(stack)).status_code == 405
    browser, _ = sign_in(stack)  # a signed-in browser's cookie changes nothing either way
    payload = json.dumps(event("customer.created", {"id": new_id("cus"), "object": "customer"}))
    response = browser.post(webhook(stack), data=payload, headers={"Stripe-Signature": sign(payload, STRIPE_WEBHOOK_SECRET)})
    assert response.status_code == 200
    # the exemption is the one path: another /webhooks/ path is not exempt (403 from the CSRF check, or 404)
    assert browser.post(stack.url("/webhooks/other"), data="{}").status_code in (403, 404)


# --- exactly once, out of order ---

def test_fifty_concurrent_deliveries_of_one_completed_session_add_credits_once(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    _, completed = stripe_api.complete(buy(stack, browser, 50), send=False)  # paid at the stand-in; we deliver
    payload = json.dumps(completed)
    header = sign(payload, STRIPE_WEBHOOK_SECRET)
    with ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(lambda _: post_raw(stack, payload, header), range(50)))
    statuses = [response.status_code for response in responses]
    assert statuses == [200] * 50, f"no 429 from nginx, no 5xx from the app: {sorted(set(statuses))}"
    outcomes = sorted(response.json()["outcome"] for response in responses)
    assert outcomes == ["applied"] + ["duplicate"] * 49
    assert balance(member) == 50
    assert sql(f"SELECT count(*) FROM credit_ledger WHERE member_id = {member}") == "1"


def test_completed_and_async_succeeded_for_one_session_credit_once_and_unpaid_waits(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    _, completed = stripe_api.complete(buy(stack, browser, 10), payment_status="unpaid", send=False)  # a bank debit on its way
    response = deliver(webhook(stack), completed, STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 200 and response.json()["outcome"] == "ignored" and balance(member) == 0, "unpaid: not yet"
    session = {**completed["data"]["object"], "payment_status": "paid"}
    assert deliver(webhook(stack), event("checkout.session.async_payment_succeeded", session), STRIPE_WEBHOOK_SECRET).status_code == 200
    assert balance(member) == 10
    assert deliver(webhook(stack), event("checkout.session.completed", session), STRIPE_WEBHOOK_SECRET).json()["outcome"] == "applied"
    assert balance(member) == 10, "a second event for the same session adds nothing"


def test_a_session_the_app_never_created_or_paid_at_another_price_credits_nothing_and_warns(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    forged = event("checkout.session.completed", forged_session(member, 200, 7000))
    response = deliver(webhook(stack), forged, STRIPE_WEBHOOK_SECRET)
    assert response.status_code == 200 and response.json()["outcome"] == "refused", response.text
    assert recorded(forged["id"]) and balance(member) == 0
    assert deliver(webhook(stack), forged, STRIPE_WEBHOOK_SECRET).json()["outcome"] == "duplicate", "Stripe's retries change nothing"
    session = forged["data"]["object"]["id"]
    assert wait_for(lambda: logged(stack, "stripe payment not credited", checkout_session=session, session_member=str(member)))
    # a session the app made, paid with less than the pack's price (say a coupon added at Stripe)
    _, completed = stripe_api.complete(buy(stack, browser, 50), send=False)
    session = completed["data"]["object"]["id"]
    completed["data"]["object"]["amount_total"] = 1000
    assert deliver(webhook(stack), completed, STRIPE_WEBHOOK_SECRET).json()["outcome"] == "refused"
    assert balance(member) == 0
    assert sql(f"SELECT status || ':' || amount_total || ':' || price_amount FROM credit_purchases WHERE checkout_session_id = '{session}'") \
        == "mismatch:1000:2000"
    assert wait_for(lambda: logged(stack, "stripe payment not credited", checkout_session=session, member_id=member, amount_total=1000,
                                   reason="the session paid 1000 usd, the pack costs 2000 usd"))


def subscription_history(member, customer, subscription, t0, period_1, period_2, end_status):
    """A subscription's life as Stripe would tell it, oldest first."""
    invoice_1 = invoice_object(new_id("in"), customer, subscription, period_1, member_id=member, billing_reason="subscription_create")
    invoice_2 = invoice_object(new_id("in"), customer, subscription, period_2, member_id=member)
    failed = invoice_object(new_id("in"), customer, subscription, period_2, member_id=member, status="open")
    history = [
        event("customer.subscription.created", subscription_object(subscription, customer, "incomplete", period_1, member_id=member), t0),
        event("invoice.paid", invoice_1, t0 + 1),
        event("customer.subscription.updated", subscription_object(subscription, customer, "active", period_1, member_id=member), t0 + 1),
        event("invoice.payment_failed", failed, t0 + 100),
        event("customer.subscription.updated", subscription_object(subscription, customer, "past_due", period_1, member_id=member), t0 + 100),
        event("invoice.paid", invoice_2, t0 + 200),
        event("customer.subscription.updated", subscription_object(subscription, customer, "active", period_2, member_id=member), t0 + 200),
    ]
    if end_status == "canceled":
        history.append(event("customer.subscription.deleted",
                             subscription_object(subscription, customer, "canceled", period_2, member_id=member), t0 + 300))
    return history


def premium_until(member):
    value = sql(f"SELECT extract(epoch FROM premium_until)::bigint FROM members WHERE id = {member}")
    return int(value) if value else None


@pytest.mark.parametrize("end_status", ["active", "canceled"])
def test_subscription_events_in_reverse_order_end_in_the_right_state(stack, end_status):
    _, email = sign_in(stack)
    member = member_id(email)
    customer, subscription = new_id("cus"), new_id("sub")
    now = int(time.time())
    period_1, period_2 = now + 10 * 86400, now + 40 * 86400
    history = subscription_history(member, customer, subscription, now - 1000, period_1, period_2, end_status)
    for item in reversed(history):
        response = deliver(webhook(stack), item, STRIPE_WEBHOOK_SECRET)
        assert response.status_code == 200, response.text
    assert sql(f"SELECT status FROM stripe_subscriptions WHERE id = '{subscription}'") == end_status
    assert premium_until(member) == period_2, "premium to the end of the paid period (canceled: ends then)"
    # the same history in order gives the same result
    in_order_member = member_id(sign_in(stack)[1])
    subscription_2 = new_id("sub")
    for item in subscription_history(in_order_member, new_id("cus"), subscription_2, now - 1000, period_1, period_2, end_status):
        assert deliver(webhook(stack), item, STRIPE_WEBHOOK_SECRET).status_code == 200
    assert sql(f"SELECT status FROM stripe_subscriptions WHERE id = '{subscription_2}'") == end_status
    assert premium_until(in_order_member) == period_2


def test_a_subscription_to_another_product_on_the_same_account_gives_no_premium(stack):
    """Another product sold on the same Stripe account to the same customer: its subscription and
    its paid invoices (whatever their order) give no premium and move no queue entry; premium
    comes only once a subscription for the premium price says so."""
    _, email = sign_in(stack)
    member = member_id(email)
    customer, other, premium = new_id("cus"), new_id("sub"), new_id("sub")
    now = int(time.time())
    end = now + 30 * 86400
    for item in [
        event("invoice.paid", invoice_object(new_id("in"), customer, other, end, member_id=member), now - 20),
        event("customer.subscription.created",
              subscription_object(other, customer, "active", end, price="price_other_product", member_id=member), now - 30),
        event("invoice.paid", invoice_object(new_id("in"), customer, other, end + 86400, member_id=member), now - 10),
    ]:
        assert deliver(webhook(stack), item, STRIPE_WEBHOOK_SECRET).status_code == 200
    assert premium_until(member) is None, "another product's subscription is no premium"
    # the premium price's invoice before its subscription event: premium once the event names the price
    assert deliver(webhook(stack), event("invoice.paid", invoice_object(new_id("in"), customer, premium, end, member_id=member), now - 5),
                   STRIPE_WEBHOOK_SECRET).status_code == 200
    assert premium_until(member) is None, "not before a subscription event shows the premium price"
    assert deliver(webhook(stack), event("customer.subscription.created",
                                         subscription_object(premium, customer, "active", end, member_id=member), now - 6),
                   STRIPE_WEBHOOK_SECRET).status_code == 200
    assert premium_until(member) == end


def test_past_due_keeps_premium_with_a_warning_and_canceled_in_the_past_ends_it(stack):
    browser, email = sign_in(stack)
    member = member_id(email)
    customer, subscription = new_id("cus"), new_id("sub")
    now = int(time.time())
    deliver(webhook(stack), event("customer.subscription.updated",
                                  subscription_object(subscription, customer, "past_due", now + 86400, member_id=member), now - 10),
            STRIPE_WEBHOOK_SECRET)
    page = browser.get(stack.url("/billing")).text
    assert 'id="past-due-warning"' in page and 'data-status="past_due"' in page
    assert premium_until(member) == now + 86400
    deliver(webhook(stack), event("customer.subscription.deleted",
                                  subscription_object(subscription, customer, "canceled", now - 60, member_id=member), now),
            STRIPE_WEBHOOK_SECRET)
    assert premium_until(member) == now - 60
    page = browser.get(stack.url("/billing")).text
    assert "Free (premium ended)" in page and 'id="go-premium"' in page


# --- Checkout Sessions at the stand-in ---

def billing_form(stack, browser):
    page = browser.get(stack.url("/billing")).text
    key = re.search(r'name="request_key" value="([0-9a-f]{32})"', page).group(1)
    return page, csrf_of(page), key


def test_go_premium_creates_a_subscription_checkout_session_with_exact_parameters(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    page, csrf, key = billing_form(stack, browser)
    assert 'id="payments-simulated"' in page and 'id="go-premium"' in page
    before = len(stripe_api.requests_to("/v1/checkout/sessions"))
    response = browser.post(stack.url("/billing/premium"), data={"_csrf": csrf, "request_key": key}, allow_redirects=False)
    assert response.status_code == 303, response.text
    sent = stripe_api.requests_to("/v1/checkout/sessions")[before:]
    assert len(sent) == 1
    request = sent[0]
    assert request.pairs == [
        ("mode", "subscription"),
        ("line_items[0][price]", "price_premium"),
        ("line_items[0][quantity]", "1"),
        ("success_url", stack.url("/billing/success?session_id={CHECKOUT_SESSION_ID}")),
        ("cancel_url", stack.url("/billing/cancelled")),
        ("client_reference_id", str(member)),
        ("metadata[member_id]", str(member)),
        ("metadata[purpose]", "premium"),
        ("customer_email", email),
        ("subscription_data[metadata][member_id]", str(member)),
    ]
    assert request.headers["idempotency-key"] == f"premium-{member}-{key}"
    assert request.headers["stripe-version"] == API_VERSION
    assert request.headers["authorization"] == f"Bearer {stack.env['SORASHARE_STRIPE_SECRET_KEY']}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    session_id = list(stripe_api.sessions)[-1]
    assert response.headers["Location"] == stripe_api.sessions[session_id]["url"], "the browser goes to the URL Stripe returned"
    checkout = browser.get(response.headers["Location"])
    assert checkout.status_code == 200 and "SoraShare Premium" in checkout.text
    # pressing the button twice (same page, same key) asks Stripe for the same session
    again = browser.post(stack.url("/billing/premium"), data={"_csrf": csrf, "request_key": key}, allow_redirects=False)
    assert again.status_code == 303 and again.headers["Location"] == response.headers["Location"]
    assert premium_until(member) is None, "nothing is granted before Stripe confirms"


def test_buying_credits_creates_a_payment_checkout_session_and_credits_only_on_the_webhook(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    page, csrf, key = billing_form(stack, browser)
    assert all(f'id="buy-credits-{credits}"' in page for credits in (10, 50, 200))
    response = browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "request_key": key, "pack": "50"}, allow_redirects=False)
    assert response.status_code == 303, response.text
    request = stripe_api.requests_to("/v1/checkout/sessions")[-1]
    assert request.pairs == [
        ("mode", "payment"),
        ("line_items[0][price]", "price_credits_50"),
        ("line_items[0][quantity]", "1"),
        ("success_url", stack.url("/billing/success?session_id={CHECKOUT_SESSION_ID}")),
        ("cancel_url", stack.url("/billing/cancelled")),
        ("client_reference_id", str(member)),
        ("metadata[member_id]", str(member)),
        ("metadata[purpose]", "credits"),
        ("metadata[credits]", "50"),
        ("customer_email", email),
        ("customer_creation", "always"),
    ]
    assert request.headers["idempotency-key"] == f"credits50-{member}-{key}"
    session_id = response.headers["Location"].rsplit("/", 1)[1]
    assert sql(f"SELECT concat_ws(':', status, credits, price_amount, price_currency) FROM credit_purchases "
               f"WHERE checkout_session_id = '{session_id}'") == "open:50:2000:usd", "recorded with the price Stripe quoted"
    # coming back to the success page alone grants nothing
    back = browser.get(stack.url(f"/billing/success?session_id={session_id}"))
    assert back.status_code == 200 and 'id="checkout-returned"' in back.text and balance(member) == 0
    # paying at the stand-in: it sends charge.succeeded and checkout.session.completed, signed, through nginx
    paid = browser.post(response.headers["Location"] + "/pay", allow_redirects=False)
    assert paid.status_code == 303 and paid.headers["Location"] == stack.url(f"/billing/success?session_id={session_id}")
    assert [status for _, status in stripe_api.deliveries[-2:]] == [200, 200]
    assert balance(member) == 50
    page = browser.get(paid.headers["Location"]).text
    assert '<strong id="credit-balance">50</strong>' in page and "+50" in page
    assert re.search(r'20\.00 USD · <a href="http://127\.0\.0\.1:\d+/receipts/ch_test_\w+" rel="noopener">receipt</a>', page), page
    # the member now has a customer: the portal opens at Stripe
    page, csrf, key = billing_form(stack, browser)
    portal = browser.post(stack.url("/billing/portal"), data={"_csrf": csrf, "request_key": key}, allow_redirects=False)
    assert portal.status_code == 303 and portal.headers["Location"].startswith(stripe_api.base_url + "/portal/bps_test_")
    sent = stripe_api.requests_to("/v1/billing_portal/sessions")[-1]
    assert sent.pairs == [("customer", stripe_api.sessions[session_id]["customer"]), ("return_url", stack.url("/billing"))]


def test_unknown_pack_and_no_billing_account(stack):
    browser, _ = sign_in(stack)
    _, csrf, key = billing_form(stack, browser)
    assert browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "pack": "7"}).status_code == 400
    refused = browser.post(stack.url("/billing/portal"), data={"_csrf": csrf, "request_key": key})
    assert refused.status_code == 409 and "first purchase" in refused.text
    assert browser.post(stack.url("/billing/premium"), data={"request_key": key}).status_code == 403, "CSRF still applies here"
    assert requests.get(stack.url("/billing"), allow_redirects=False).headers["Location"] == "/sign-in?next=/billing"


def test_stripe_down_is_retried_then_a_clear_error_with_nothing_written(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    _, csrf, key = billing_form(stack, browser)
    before = len(stripe_api.requests)
    stripe_api.fail_next = [503, 503, 503]
    response = browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "request_key": key, "pack": "10"}, allow_redirects=False)
    assert response.status_code == 502 and "could not reach Stripe" in response.text and "Nothing was charged" in response.text
    tries = stripe_api.requests[before:]
    assert len(tries) == 3 and len({request.headers["idempotency-key"] for request in tries}) == 1, "retried with the same key"
    assert sql(f"SELECT count(*) FROM credit_purchases WHERE member_id = {member}") == "0"
    # one 500, then success: the member does not notice
    stripe_api.fail_next = [500]
    response = browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "request_key": key, "pack": "10"}, allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"].startswith(stripe_api.base_url + "/checkout/cs_test_")
    # a Stripe error object (4xx) is not retried and becomes a clear page
    before = len(stripe_api.requests)
    stripe_api.fail_next = [(400, error_body("No such price: 'price_credits_200'", code="resource_missing", param="line_items[0][price]"))]
    response = browser.post(stack.url("/billing/credits"), data={"_csrf": csrf, "request_key": uuid.uuid4().hex, "pack": "200"})
    assert response.status_code == 502 and "refused to start this payment" in response.text
    assert len(stripe_api.requests) == before + 1
    assert sql(f"SELECT count(*) FROM credit_purchases WHERE member_id = {member} AND credits = 200") == "0"
    # Stripe unreachable altogether
    stripe_api.stop()
    try:
        response = browser.post(stack.url("/billing/premium"), data={"_csrf": csrf, "request_key": uuid.uuid4().hex})
        assert response.status_code == 502 and "could not reach Stripe" in response.text
    finally:
        stripe_api.start()


# --- refunds ---

def test_refunds_take_back_the_refunded_share_and_a_debt_blocks_spending(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    charge, _ = stripe_api.complete(buy(stack, browser, 10))  # paid at the stand-in, which delivers the events
    assert [status for _, status in stripe_api.deliveries[-2:]] == [200, 200]
    charge_id, payment_intent = charge["data"]["object"]["id"], charge["data"]["object"]["payment_intent"]
    assert balance(member) == 10
    # the member spends 8 credits (the studio's future job, written as it will be)
    sql(f"INSERT INTO credit_ledger (member_id, delta, kind, reference, description) VALUES ({member}, -8, 'spend', 'job-{member}', 'Video')")
    half = event("charge.refunded", charge_object(charge_id, payment_intent, 500, amount_refunded=250))
    assert deliver(webhook(stack), half, STRIPE_WEBHOOK_SECRET).status_code == 200
    assert balance(member) == 10 - 8 - 5
    assert deliver(webhook(stack), half, STRIPE_WEBHOOK_SECRET).json()["outcome"] == "duplicate"
    full = event("charge.refunded", charge_object(charge_id, payment_intent, 500, amount_refunded=500))
    assert deliver(webhook(stack), full, STRIPE_WEBHOOK_SECRET).status_code == 200
    assert balance(member) == -8
    assert sql(f"SELECT string_agg(delta::text, ',' ORDER BY id) FROM credit_ledger WHERE member_id = {member}") == "10,-8,-5,-5"
    page = browser.get(stack.url("/billing")).text
    assert '<strong id="credit-balance">0</strong>' in page and 'id="credit-debt"' in page and "You owe 8 credit(s)" in page
    assert "(refunded 5.00 USD)" in page


def test_a_refund_that_arrives_before_the_purchase_is_applied_when_it_lands(stack, stripe_api):
    browser, email = sign_in(stack)
    member = member_id(email)
    succeeded, completed = stripe_api.complete(buy(stack, browser, 200), send=False)
    charge = {**succeeded["data"]["object"], "amount_refunded": 7000, "refunded": True}
    assert deliver(webhook(stack), event("charge.refunded", charge), STRIPE_WEBHOOK_SECRET).status_code == 200
    assert deliver(webhook(stack), completed, STRIPE_WEBHOOK_SECRET).status_code == 200
    assert balance(member) == 0
    assert sql(f"SELECT string_agg(delta::text, ',' ORDER BY id) FROM credit_ledger WHERE member_id = {member}") == "200,-200"


# --- premium feeds the queue ---

def test_premium_moves_the_member_ahead_of_free_members_and_the_log_replays(stack):
    clear_queue()
    free_1, _ = sign_in(stack)
    free_2, _ = sign_in(stack)
    buyer, email = sign_in(stack)
    for browser in (free_1, free_2, buyer):
        join(stack, browser)
    member = member_id(email)
    assert buyer.get(stack.url("/queue/status.json")).json()["position"] == 3
    now = int(time.time())
    customer, subscription = new_id("cus"), new_id("sub")
    active = subscription_object(subscription, customer, "active", now + 30 * 86400, member_id=member)
    assert deliver(webhook(stack), event("customer.subscription.created", active, now), STRIPE_WEBHOOK_SECRET).status_code == 200
    assert buyer.get(stack.url("/queue/status.json")).json()["position"] == 1
    assert sql(f"SELECT lane FROM queue_entries WHERE member_id = {member} AND status = 'waiting'") == "1"
    assert sql("""SELECT count(*) FROM queue_events WHERE body LIKE '%"kind":"lane_changed"%'""") == "1"
    # canceled with the period already over: back behind the free members who joined first
    ended = subscription_object(subscription, customer, "canceled", now - 1, member_id=member)
    assert deliver(webhook(stack), event("customer.subscription.deleted", ended, now + 1), STRIPE_WEBHOOK_SECRET).status_code == 200
    assert buyer.get(stack.url("/queue/status.json")).json()["position"] == 3
    from test_queue_log import verify  # the public log replays the moves
    done = verify(stack)
    assert done.returncode == 0, done.stdout + done.stderr
