"""Self-tests for the Stripe stand-in: its wire format must match Stripe's before the app's
tests can trust it (no Swift app needed)."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import stripe

from standins.stripe_api import SECRET_KEY, StripeAPI, decode_nested, event, sign, subscription_object

PRICES = {"price_premium": (1900, "usd", "month"), "price_10": (500, "usd", None)}
http = requests.Session()
http.trust_env = False


class Receiver:
    """A webhook endpoint that checks signatures with the official library."""

    def __init__(self, secret):
        self.events = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                stripe.Webhook.construct_event(body, self.headers["Stripe-Signature"], secret)  # raises when wrong
                receiver.events.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/stripe"


@pytest.fixture
def api():
    receiver = Receiver("whsec_selftest")
    api = StripeAPI(prices=PRICES, webhook_url=receiver.url, webhook_secret="whsec_selftest")
    api.receiver = receiver
    api.start()
    yield api
    api.stop()
    receiver.server.shutdown()


def post(api, path, fields, key="key-1", secret=SECRET_KEY):
    return http.post(api.base_url + path, data=fields, headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key,
                                                                "Stripe-Version": "2026-10-28.endive"})


def test_nested_form_decoding_matches_stripes_encoding():
    pairs = [("mode", "payment"), ("line_items[0][price]", "p1"), ("line_items[0][quantity]", "1"), ("line_items[1][price]", "p2"),
             ("metadata[member_id]", "7"), ("subscription_data[metadata][member_id]", "7")]
    assert decode_nested(pairs) == {"mode": "payment", "line_items": [{"price": "p1", "quantity": "1"}, {"price": "p2"}],
                                    "metadata": {"member_id": "7"}, "subscription_data": {"metadata": {"member_id": "7"}}}


def test_the_official_client_creates_a_checkout_session_against_the_standin(api):
    client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": api.base_url}, max_network_retries=0)
    session = client.v1.checkout.sessions.create(params={
        "mode": "subscription", "line_items": [{"price": "price_premium", "quantity": 1}], "success_url": "https://x/ok?s={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://x/no", "client_reference_id": "42", "metadata": {"member_id": "42"}})
    assert session.id.startswith("cs_test_") and session.url.startswith(api.base_url + "/checkout/")
    assert session.amount_total == 1900 and session.mode == "subscription" and session.metadata["member_id"] == "42"
    sent = api.requests_to("/v1/checkout/sessions")[-1]
    assert sent.params["line_items"] == [{"price": "price_premium", "quantity": "1"}]
    assert sent.headers["idempotency-key"] and sent.headers["stripe-version"] == stripe.api_version


def test_errors_are_stripe_error_objects(api):
    missing = post(api, "/v1/checkout/sessions", {"mode": "payment", "line_items[0][price]": "price_nope", "success_url": "https://x"})
    assert missing.status_code == 400
    assert missing.json()["error"] == {"type": "invalid_request_error", "code": "resource_missing", "message": "No such price: 'price_nope'",
                                       "param": "line_items[0][price]", "doc_url": "https://stripe.com/docs/error-codes/resource_missing"}
    assert post(api, "/v1/checkout/sessions", {"mode": "payment"}, secret="sk_wrong").status_code == 401
    api.fail_next = [503]
    failed = post(api, "/v1/checkout/sessions", {"mode": "payment"}, key="k-503")
    assert failed.status_code == 503 and failed.json()["error"]["type"] == "api_error"


def test_idempotency_replays_and_refuses_other_parameters(api):
    fields = {"mode": "payment", "line_items[0][price]": "price_10", "line_items[0][quantity]": "1", "success_url": "https://x"}
    first = post(api, "/v1/checkout/sessions", fields, key="same")
    again = post(api, "/v1/checkout/sessions", fields, key="same")
    assert first.json()["id"] == again.json()["id"] and again.headers["Idempotent-Replayed"] == "true"
    other = post(api, "/v1/checkout/sessions", {**fields, "line_items[0][quantity]": "2"}, key="same")
    assert other.status_code == 400 and other.json()["error"]["type"] == "idempotency_error"


def test_paying_sends_signed_webhooks_and_returns_to_the_success_url(api):
    created = post(api, "/v1/checkout/sessions", {
        "mode": "payment", "line_items[0][price]": "price_10", "line_items[0][quantity]": "1",
        "success_url": "https://site.example/billing/success?session_id={CHECKOUT_SESSION_ID}", "metadata[credits]": "10"}).json()
    page = http.get(created["url"])
    assert page.status_code == 200 and "10 credits: 5.00 USD" in page.text
    paid = http.post(created["url"] + "/pay", allow_redirects=False)
    assert paid.status_code == 303 and paid.headers["Location"] == f"https://site.example/billing/success?session_id={created['id']}"
    types = [item["type"] for item in api.receiver.events]
    assert types == ["charge.succeeded", "checkout.session.completed"]
    completed = api.receiver.events[-1]["data"]["object"]
    assert completed["payment_status"] == "paid" and completed["payment_intent"].startswith("pi_test_")


def test_completing_without_sending_returns_the_events_and_sends_nothing(api):
    created = post(api, "/v1/checkout/sessions", {
        "mode": "payment", "line_items[0][price]": "price_10", "line_items[0][quantity]": "1", "success_url": "https://x/ok",
        "metadata[credits]": "10"}).json()
    assert created["amount_total"] == 500 and created["currency"] == "usd", "the price is quoted when the session is created"
    charge, completed = api.complete(created["id"], send=False)
    assert (charge["type"], completed["type"]) == ("charge.succeeded", "checkout.session.completed") and api.receiver.events == []
    assert completed["data"]["object"]["payment_intent"] == charge["data"]["object"]["payment_intent"]
    assert api.complete(created["id"], send=False) == [], "a session completes once"


def test_signatures_match_the_documented_scheme():
    payload = json.dumps(event("customer.subscription.updated", subscription_object("sub_1", "cus_1", "active", 1900000000)))
    header = sign(payload, "whsec_test", timestamp=1700000000)
    import hashlib
    import hmac
    expected = hmac.new(b"whsec_test", f"1700000000.{payload}".encode(), hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
