"""A Stripe API stand-in for the app's tests and for `make run` without Stripe keys.

It speaks Stripe's wire protocol for what SoraShare uses: form-encoded POST bodies with nested
parameters (`line_items[0][price]=…`, `metadata[k]=…`), `Authorization: Bearer sk_…`, the
`Idempotency-Key` header (the first answer is replayed for the same key; the same key with
other parameters is an `idempotency_error`), Stripe-shaped JSON objects in the API version the
app pins (`Stripe-Version`), and Stripe's error objects `{"error": {"type", "code", "message",
"param"}}`.

Endpoints: `POST /v1/checkout/sessions`, `POST /v1/billing_portal/sessions`, and, for the
browser, a hosted checkout page (`GET /checkout/<id>`, "Pay" posts to `/checkout/<id>/pay`) that
completes the session like Stripe would: it makes the customer, the subscription and its paid
invoice (subscription mode) or the payment intent and charge (payment mode), sends the signed
webhooks (signed with the official `stripe` package's `WebhookSignature`) to `webhook_url`, and
sends the browser to `success_url` with `{CHECKOUT_SESSION_ID}` filled in.

    api = StripeAPI(prices={"price_premium": (1900, "usd", "month")}, webhook_url=..., webhook_secret="whsec_…")
    api.start()
    ...  # SORASHARE_STRIPE_API_BASE=api.base_url
    api.requests_to("/v1/checkout/sessions")[-1].params  # what the app sent, nested
    api.fail_next = [503, 503]                          # the next creates answer 503 first
"""

import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import requests
import stripe

from .http_service import HTTPService, Request, Response

API_VERSION = "2026-10-28.endive"  # stripe-python 16.1.0's pinned version; the app pins the same
SECRET_KEY = "sk_test_sorashare_standin"


def decode_nested(pairs):
    """Stripe's form encoding back to structure: `a[b][0][c]=v` → {"a": {"b": [{"c": "v"}]}}.
    Lists are dicts with consecutive integer keys, turned into lists at the end."""
    root = {}
    for name, value in pairs:
        head, _, rest = name.partition("[")
        keys = [head] + ([part.rstrip("]") for part in ("[" + rest).split("[")[1:]] if rest else [])
        node = root
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value

    def listify(node):
        if not isinstance(node, dict):
            return node
        converted = {key: listify(value) for key, value in node.items()}
        if converted and all(key.isdigit() for key in converted) and sorted(map(int, converted)) == list(range(len(converted))):
            return [converted[str(index)] for index in range(len(converted))]
        return converted

    return listify(root)


def new_id(prefix):
    return f"{prefix}_test_{secrets.token_hex(12)}"


def error_body(message, type_="invalid_request_error", code=None, param=None):
    return {"error": {"type": type_, "code": code, "message": message, "param": param,
                      "doc_url": f"https://stripe.com/docs/error-codes/{code}" if code else None}}


# --- Stripe-shaped objects (API version API_VERSION) ---

def subscription_object(id, customer, status, period_end, price="price_premium", member_id=None, cancel_at_period_end=False,
                        period_start=None):
    """A `subscription`: the period lives on its items in this API version."""
    start = period_start or period_end - 30 * 86400
    return {
        "id": id, "object": "subscription", "customer": customer, "status": status, "livemode": False,
        "cancel_at_period_end": cancel_at_period_end, "created": start, "start_date": start,
        "metadata": {"member_id": str(member_id)} if member_id is not None else {},
        "items": {"object": "list", "has_more": False, "data": [{
            "id": "si_" + id[4:], "object": "subscription_item", "current_period_start": start, "current_period_end": period_end,
            "quantity": 1, "price": {"id": price, "object": "price", "recurring": {"interval": "month"}},
        }]},
    }


def invoice_object(id, customer, subscription, period_end, amount=1900, status="paid", member_id=None, billing_reason="subscription_cycle",
                   base_url="https://invoice.stripe.com"):
    """An `invoice`: its subscription is under parent.subscription_details in this API version."""
    return {
        "id": id, "object": "invoice", "customer": customer, "status": status, "billing_reason": billing_reason,
        "amount_paid": amount if status == "paid" else 0, "amount_due": amount, "currency": "usd", "number": id[-8:].upper(),
        "created": period_end - 30 * 86400, "livemode": False,
        "hosted_invoice_url": f"{base_url}/i/{id}", "invoice_pdf": f"{base_url}/i/{id}/pdf",
        "parent": {"type": "subscription_details", "quote_details": None, "subscription_details": {
            "subscription": subscription, "metadata": {"member_id": str(member_id)} if member_id is not None else {}}},
        "lines": {"object": "list", "data": [{"id": "il_" + id[3:], "object": "line_item", "amount": amount,
                                               "period": {"start": period_end - 30 * 86400, "end": period_end}}]},
    }


def charge_object(id, payment_intent, amount, amount_refunded=0, customer=None, base_url="https://pay.stripe.com"):
    return {
        "id": id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= amount, "paid": True, "status": "succeeded", "currency": "usd", "customer": customer,
        "payment_intent": payment_intent, "created": int(time.time()), "livemode": False,
        "receipt_url": f"{base_url}/receipts/{id}",
    }


def event(type_, obj, created=None, id=None, previous_attributes=None):
    """An `event` envelope around a snapshot of `obj`."""
    data = {"object": obj}
    if previous_attributes is not None:
        data["previous_attributes"] = previous_attributes
    return {"id": id or new_id("evt"), "object": "event", "api_version": API_VERSION, "created": created or int(time.time()),
            "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}, "type": type_, "data": data}


def sign(payload, secret, timestamp=None):
    """The `Stripe-Signature` header for `payload` (str), made by the official library."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)


def deliver(url, body, secret, timestamp=None, session=None):
    """POSTs an event (a dict, or the exact body text) signed with `secret`; returns the response."""
    payload = body if isinstance(body, str) else json.dumps(body)
    sender = session or requests
    return sender.post(url, data=payload.encode(), timeout=30,
                       headers={"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": sign(payload, secret, timestamp),
                                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"})


@dataclass
class LoggedRequest:
    method: str
    path: str
    headers: dict  # lower-cased names
    pairs: list  # the form fields in order, names as sent (e.g. "line_items[0][price]")
    params: dict = field(default_factory=dict)  # the same, nested


class StripeAPI:
    """The stand-in. `prices` maps price ids to (unit_amount, currency, interval or None)."""

    def __init__(self, prices=None, webhook_url=None, webhook_secret=None, secret_key=SECRET_KEY, port=0):
        self.prices = prices or {}
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.secret_key = secret_key
        self.requests = []
        self.sessions = {}
        self.subscriptions = {}
        self.deliveries = []  # (event, status) of the webhooks sent
        self.fail_next = []  # statuses (or (status, body dict)) to answer the next API calls with
        self._idempotent = {}  # key → (params, Response)
        self._lock = threading.Lock()
        self._service = HTTPService(self._handle)
        self._service.port = port

    @property
    def base_url(self):
        return self._service.base_url

    def start(self):
        self._service.start()

    def stop(self):
        self._service.stop()

    def requests_to(self, path):
        return [request for request in self.requests if request.path == path]

    # --- HTTP ---

    def _handle(self, request: Request) -> Response:
        try:
            if request.path.startswith("/v1/"):
                return self._api(request)
            if request.path.startswith("/checkout/"):
                return self._checkout_page(request)
            if request.path.startswith("/portal/"):
                session = request.path.split("/")[2]
                return self._html(f"<h1>Billing portal (simulated)</h1><p>{session}</p>")
            return Response(404, b"not found")
        except Exception as failure:  # a stand-in bug must be visible, not a hung test
            return self._json(500, error_body(f"stand-in failure: {failure!r}", "api_error"))

    def _json(self, status, body, headers=None):
        return Response(status, json.dumps(body).encode(), {"Content-Type": "application/json", "Request-Id": new_id("req"),
                                                              "Stripe-Version": API_VERSION, **(headers or {})})

    def _html(self, body, status=200):
        page = f"<!doctype html><html><head><meta charset=utf-8><title>Stripe (simulated)</title></head><body>{body}</body></html>"
        return Response(status, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _api(self, request: Request) -> Response:
        pairs = urllib.parse.parse_qsl(request.body.decode(), keep_blank_values=True)
        logged = LoggedRequest(request.method, request.path, request.headers, pairs, decode_nested(pairs))
        with self._lock:
            self.requests.append(logged)
            failure = self.fail_next.pop(0) if self.fail_next else None
        if failure is not None:
            status, body = failure if isinstance(failure, tuple) else (failure, error_body("An error occurred with our connection to Stripe.", "api_error"))
            return self._json(status, body)
        if request.headers.get("authorization") != f"Bearer {self.secret_key}":
            return self._json(401, error_body("Invalid API Key provided: sk_****", "invalid_request_error", "api_key_invalid"))
        if request.method != "POST":
            return self._json(404, error_body(f"Unrecognized request URL (GET: {request.path}).", code="resource_missing"))
        key = request.headers.get("idempotency-key")
        if key:
            with self._lock:
                seen = self._idempotent.get(key)
            if seen:
                if seen[0] != pairs:
                    return self._json(400, error_body(
                        "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                        "idempotency_error", "idempotency_key_in_use"))
                return Response(seen[1].status, seen[1].body, {**seen[1].headers, "Idempotent-Replayed": "true"})
        if request.path == "/v1/checkout/sessions":
            response = self._create_checkout_session(logged.params)
        elif request.path == "/v1/billing_portal/sessions":
            response = self._create_portal_session(logged.params)
        else:
            response = self._json(404, error_body(f"Unrecognized request URL (POST: {request.path}).", code="resource_missing"))
        if key:
            with self._lock:
                self._idempotent[key] = (pairs, response)
        return response

    def _create_checkout_session(self, params):
        mode = params.get("mode")
        if mode not in ("payment", "subscription", "setup"):
            return self._json(400, error_body("Invalid mode: must be one of payment, setup, or subscription", param="mode"))
        for field_name in ("success_url",):
            if not params.get(field_name):
                return self._json(400, error_body(f"Missing required param: {field_name}.", code="parameter_missing", param=field_name))
        items = params.get("line_items") or []
        total, currency = 0, "usd"
        for index, item in enumerate(items):
            price = self.prices.get(item.get("price"))
            if price is None:
                return self._json(400, error_body(f"No such price: '{item.get('price')}'", code="resource_missing",
                                                  param=f"line_items[{index}][price]"))
            recurring = price[2] is not None
            if recurring != (mode == "subscription"):
                return self._json(400, error_body(
                    "You must provide at least one recurring price in `subscription` mode when using prices." if mode == "subscription"
                    else "You specified `payment` mode but passed a recurring price.", param=f"line_items[{index}][price]"))
            total += price[0] * int(item.get("quantity", "1"))
            currency = price[1]
        now = int(time.time())
        session = {
            "id": new_id("cs"), "object": "checkout.session", "mode": mode, "status": "open", "payment_status": "unpaid",
            "client_reference_id": params.get("client_reference_id"), "metadata": params.get("metadata", {}),
            "customer": params.get("customer"), "customer_email": params.get("customer_email"),
            "customer_creation": params.get("customer_creation"),
            "success_url": params["success_url"], "cancel_url": params.get("cancel_url"), "amount_total": total, "currency": currency,
            "created": now, "expires_at": now + 86400, "payment_intent": None, "subscription": None, "invoice": None, "livemode": False,
            "subscription_data_metadata": (params.get("subscription_data") or {}).get("metadata", {}),
            "line_items": items,
        }
        session["url"] = f"{self.base_url}/checkout/{session['id']}"
        with self._lock:
            self.sessions[session["id"]] = session
        return self._json(200, self._public(session))

    @staticmethod
    def _public(session):
        return {key: value for key, value in session.items() if key not in ("subscription_data_metadata", "line_items")}

    def _create_portal_session(self, params):
        if not params.get("customer"):
            return self._json(400, error_body("Missing required param: customer.", code="parameter_missing", param="customer"))
        portal_id = new_id("bps")
        return self._json(200, {"id": portal_id, "object": "billing_portal.session", "customer": params["customer"],
                                "return_url": params.get("return_url"), "url": f"{self.base_url}/portal/{portal_id}",
                                "livemode": False, "created": int(time.time())})

    # --- the hosted checkout page ---

    def _checkout_page(self, request: Request):
        parts = request.path.strip("/").split("/")
        session = self.sessions.get(parts[1]) if len(parts) > 1 else None
        if session is None:
            return self._html("<h1>Unknown session</h1>", 404)
        action = parts[2] if len(parts) > 2 else ""
        if action == "" and request.method == "GET":
            what = "SoraShare Premium" if session["mode"] == "subscription" else f"{session['metadata'].get('credits', '?')} credits"
            return self._html(
                f"<h1 id='checkout-title'>Pay SoraShare (simulated Stripe Checkout)</h1><p id='checkout-item'>{what}: "
                f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}</p>"
                f"<form method='post' action='/checkout/{session['id']}/pay'><button id='pay' type='submit'>Pay</button></form>"
                f"<p><a id='cancel' href='/checkout/{session['id']}/cancel'>Cancel and go back</a></p>")
        if action == "cancel":
            return Response(303, b"", {"Location": session["cancel_url"]})
        if action == "pay" and request.method == "POST":
            self.complete(session["id"])
            return Response(303, b"", {"Location": session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])})
        return self._html("<h1>Not found</h1>", 404)

    def complete(self, session_id, payment_status="paid", send=True):
        """Completes a session as Stripe does after a successful payment and sends its webhooks
        (in the order Stripe usually does; Stripe does not promise any order). With `send=False`
        the events are only returned, for a test to deliver as it likes (late, twice, at once)."""
        session = self.sessions[session_id]
        if session["status"] != "open":
            return []
        customer = session["customer"] or new_id("cus")
        session.update(status="complete", payment_status=payment_status, customer=customer)
        events = []
        now = int(time.time())
        if session["mode"] == "subscription":
            subscription_id = new_id("sub")
            member = session["subscription_data_metadata"].get("member_id")
            period_end = now + 30 * 86400
            price = session["line_items"][0]["price"]
            self.subscriptions[subscription_id] = subscription_object(subscription_id, customer, "active", period_end, price, member,
                                                                      period_start=now)
            session["subscription"] = subscription_id
            invoice = invoice_object(new_id("in"), customer, subscription_id, period_end, session["amount_total"], member_id=member,
                                     billing_reason="subscription_create", base_url=self.base_url + "/invoices")
            events = [event("customer.subscription.created", self.subscriptions[subscription_id], now),
                      event("invoice.paid", invoice, now), event("checkout.session.completed", self._public(session), now)]
        else:
            payment_intent = new_id("pi")
            session["payment_intent"] = payment_intent
            charge = charge_object(new_id("ch"), payment_intent, session["amount_total"], customer=customer,
                                   base_url=self.base_url)
            events = [event("charge.succeeded", charge, now), event("checkout.session.completed", self._public(session), now)]
        for item in events if send else ():
            self.send(item)
        return events

    def send(self, item):
        """Signs and delivers one event to the webhook URL (if set); records the answer."""
        if not self.webhook_url:
            return None
        response = deliver(self.webhook_url, item, self.webhook_secret)
        self.deliveries.append((item, response.status_code))
        return response
