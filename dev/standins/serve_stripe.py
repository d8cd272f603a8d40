"""Runs the Stripe stand-in for `make run` when no Stripe keys are configured, so that "Go
premium" and the credit packs work end to end on a machine without internet access (the
billing page says that payments are simulated):

    cd dev && python -m standins.serve_stripe --port 18091 --webhook-url http://127.0.0.1:8080/webhooks/stripe \
        --webhook-secret whsec_dev --prices price_premium:1900:month,price_credits_10:500,...

Each price is `id:amount_in_cents[:interval]` (USD; an interval makes it recurring)."""

import argparse

from .http_service import serve_until_stopped
from .stripe_api import SECRET_KEY, StripeAPI


def parse_prices(text):
    prices = {}
    for entry in filter(None, text.split(",")):
        parts = entry.split(":")
        prices[parts[0]] = (int(parts[1]), "usd", parts[2] if len(parts) > 2 else None)
    return prices


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--webhook-url", required=True)
    parser.add_argument("--webhook-secret", required=True)
    parser.add_argument("--prices", required=True)
    parser.add_argument("--secret-key", default=SECRET_KEY)
    args = parser.parse_args()
    api = StripeAPI(prices=parse_prices(args.prices), webhook_url=args.webhook_url, webhook_secret=args.webhook_secret,
                    secret_key=args.secret_key, port=args.port)
    serve_until_stopped(api, "Stripe stand-in")


if __name__ == "__main__":
    main()
