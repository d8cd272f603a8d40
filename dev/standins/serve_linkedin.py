"""Runs the LinkedIn stand-in for `make run` when no LinkedIn credentials are configured, so
that "Sign in with LinkedIn" works on a machine without internet access:

    cd dev && python -m standins.serve_linkedin --port 18090 --redirect-uri http://127.0.0.1:8080/auth/linkedin/callback

Every sign-in is the same local member ("Dev Member", dev.member@example.com, verified)."""

import argparse

from .http_service import serve_until_stopped
from .oidc_provider import OIDCProvider

DEV_USER = {"sub": "dev-member", "name": "Dev Member", "given_name": "Dev", "family_name": "Member",
            "email": "dev.member@example.com", "email_verified": True, "locale": "en_US"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--client-id", default="sorashare-dev")
    parser.add_argument("--client-secret", default="sorashare-dev-secret")
    args = parser.parse_args()
    provider = OIDCProvider(client_id=args.client_id, client_secret=args.client_secret, redirect_uris=[args.redirect_uri],
                            port=args.port)
    provider.next_user = dict(DEV_USER)
    serve_until_stopped(provider, "LinkedIn stand-in")


if __name__ == "__main__":
    main()
