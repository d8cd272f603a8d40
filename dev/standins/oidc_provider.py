"""A LinkedIn-shaped OpenID Connect provider (authorization code flow) for the app's tests.

It speaks the real protocol on LinkedIn's paths, with LinkedIn's quirks: the issuer is not the
base URL, the token response lists scopes comma-separated, the id_token carries
`email_verified` as the string "true"/"false", userinfo carries it as a boolean and `locale` as
an object, and there is no nonce unless the app sends one. No login page: the member is chosen
beforehand with `next_user`.

    provider = OIDCProvider(client_id="cid", client_secret="secret",
                            redirect_uris=["http://127.0.0.1:18080/auth/linkedin/callback"])
    provider.start()
    ...  # point the app at provider.base_url and provider.issuer
    provider.stop()

Fault switches are plain attributes the test sets before a flow. Unless said otherwise each
applies once and then resets itself.
"""

import functools
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass

from .http_service import HTTPService, Request, Response
from .signing import SigningKey, b64url, encode_jwt, with_payload

LINKEDIN_ISSUER = "https://www.linkedin.com/oauth"
SCOPES = ("openid", "profile", "email")
# The member's claims in LinkedIn's order, each with the scope that releases it.
MEMBER_CLAIMS = (("sub", "openid"), ("name", "profile"), ("given_name", "profile"), ("family_name", "profile"),
                 ("picture", "profile"), ("email", "email"), ("email_verified", "email"), ("locale", "profile"))
ID_TOKEN_LIFETIME = 3600
ACCESS_TOKEN_LIFETIME = 5184000  # 60 days, as LinkedIn

DEFAULT_USER = {
    "sub": "782bbtaQ",
    "name": "Alice Doe",
    "given_name": "Alice",
    "family_name": "Doe",
    "picture": "https://media.licdn.com/dms/image/alice-doe.jpg",
    "email": "alice@example.com",
    "email_verified": True,
    "locale": "en_US",
}

# `error_description` per `deny_next` error code. LinkedIn's documented cancel codes are
# user_cancelled_login and user_cancelled_authorize; access_denied is the RFC 6749 one.
DENIAL_DESCRIPTIONS = {
    "access_denied": "The user denied the authorization request",
    "user_cancelled_login": "The user cancelled LinkedIn login",
    "user_cancelled_authorize": "The user cancelled the authorization",
}

AUTHORIZATION_PATH = "/oauth/v2/authorization"
TOKEN_PATH = "/oauth/v2/accessToken"
JWKS_PATH = "/oauth/v2/keys"
USERINFO_PATH = "/v2/userinfo"
DISCOVERY_PATH = "/.well-known/openid-configuration"


@dataclass
class LoggedRequest:
    """What the app sent: `form` holds the urlencoded body fields, `headers` are lower-cased."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class _Grant:
    """What an authorization code (and later its access token) stands for."""

    client_id: str
    redirect_uri: str
    user: dict
    scopes: frozenset[str]
    nonce: str | None
    code_challenge: str | None
    issued_at: float


class OIDCProvider:
    """The provider. Attributes a test may set:

    - `next_user`: the member who signs in (claims as in DEFAULT_USER, `email_verified` a bool,
      `locale` like "en_US"). Stays until changed; each authorization takes a copy.
    - `deny_next`: the next authorization redirects back with an error instead of a code.
      True means `error=access_denied`; a string picks the code, e.g. "user_cancelled_login" or
      "user_cancelled_authorize" (what LinkedIn sends when the member cancels).
    - `omit_kid`: id_tokens carry no `kid` header (persistent, not one-shot).

    One-shot faults for the next id_token issued:
    - `sign_with_wrong_key`: signed by a key that is not in the JWKS, under the current kid,
      so the signature does not verify.
    - `tamper_payload`: the payload is changed after signing (signature kept). True changes
      `sub`; a dict gives the claims to change, e.g. {"email": "mallory@example.com"}.
    - `override_claims`: claims replaced before signing, so the signature is valid but a
      check must fail, e.g. {"iss": "https://evil"}, {"aud": "other"}, {"exp": time.time() - 60},
      {"iat": time.time() + 3600}, {"nonce": "wrong"}. A value of None removes the claim.

    One-shot fault for the next token request:
    - `token_endpoint_status`: answer with this status (e.g. 500) and {"error":"server_error"};
      the code is not spent, so a retry can still redeem it.

    Methods: `rotate_keys(keep_old=False)`, `down()` / `up()` (refuse connections, then listen
    again on the same port). Read-outs: `requests` (every request, in order), `jwks_requests`.
    """

    def __init__(self, client_id: str = "sorashare-test-client", client_secret: str = "sorashare-test-secret",
                 redirect_uris=("http://127.0.0.1:18080/auth/linkedin/callback",),
                 issuer: str = LINKEDIN_ISSUER, code_lifetime: float = 60.0, port: int = 0):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = list(redirect_uris)
        self.issuer = issuer
        self.code_lifetime = code_lifetime

        self.next_user = dict(DEFAULT_USER)
        self.deny_next: bool | str = False
        self.omit_kid = False
        self.sign_with_wrong_key = False
        self.tamper_payload: bool | dict = False
        self.override_claims: dict = {}
        self.token_endpoint_status: int | None = None

        self.requests: list[LoggedRequest] = []
        self.jwks_requests = 0

        self._lock = threading.Lock()
        self._current_key = SigningKey()
        self._published_keys = [self._current_key]
        self._codes: dict[str, _Grant] = {}
        self._access_tokens: dict[str, _Grant] = {}
        self._routes = {
            ("GET", DISCOVERY_PATH): self._discovery,
            ("GET", AUTHORIZATION_PATH): self._authorize,
            ("POST", TOKEN_PATH): self._token,
            ("GET", JWKS_PATH): self._jwks,
            ("GET", USERINFO_PATH): self._userinfo,
        }
        self._service = HTTPService(self._handle)
        self._service.port = port  # 0: any free port

    # Lifecycle

    def start(self):
        self._service.start()

    def stop(self):
        self._service.stop()

    def down(self):
        """Close the listening socket: connections are refused until `up()`."""
        self._service.down()

    def up(self):
        """Listen again on the same port."""
        self._service.up()

    @property
    def base_url(self) -> str:
        return self._service.base_url

    # Keys

    @property
    def kid(self) -> str:
        """The kid of the key that signs id_tokens now."""
        return self._current_key.kid

    def rotate_keys(self, keep_old: bool = False) -> str:
        """Make a new key (new kid) current and publish it; the old keys stay in the JWKS only
        if `keep_old`. Returns the new kid."""
        key = SigningKey()
        with self._lock:
            self._published_keys = [key] + (self._published_keys if keep_old else [])
            self._current_key = key
        return key.kid

    @functools.cached_property
    def _stray_key(self) -> SigningKey:
        """A key that is never published (for `sign_with_wrong_key`)."""
        return SigningKey()

    # Read-outs

    def requests_to(self, path: str) -> list[LoggedRequest]:
        return [request for request in self.requests if request.path == path]

    def discovery(self) -> dict:
        base = self.base_url
        return {
            "issuer": self.issuer,
            "authorization_endpoint": base + AUTHORIZATION_PATH,
            "token_endpoint": base + TOKEN_PATH,
            "userinfo_endpoint": base + USERINFO_PATH,
            "jwks_uri": base + JWKS_PATH,
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": list(SCOPES),
            "claims_supported": ["iss", "aud", "iat", "exp", *(name for name, _ in MEMBER_CLAIMS)],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    # HTTP

    def _handle(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(LoggedRequest(request.method, request.path, request.query, request.form, request.headers))
        route = self._routes.get((request.method, request.path))
        if route is not None:
            return route(request)
        if any(path == request.path for _, path in self._routes):
            return _json(405, {"error": "method_not_allowed"})
        return _json(404, {"error": "not_found"})

    def _discovery(self, request: Request) -> Response:
        return _json(200, self.discovery())

    def _authorize(self, request: Request) -> Response:
        query = request.query
        if query.get("client_id") != self.client_id:
            return _page(400, "Client_id doesn't match: the passed in client_id is invalid.")
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri not in self.redirect_uris:
            return _page(400, "Redirect_uri doesn't match the redirect URLs registered for this application.")

        def back(**params) -> Response:
            if "state" in query:
                params["state"] = query["state"]
            return _redirect(redirect_uri, params)

        if query.get("response_type") != "code":
            return back(error="unsupported_response_type", error_description="response_type must be code")
        scopes = query.get("scope", "").split()
        if not scopes:
            return back(error="invalid_request", error_description='A required parameter "scope" is missing')
        unknown = [scope for scope in scopes if scope not in SCOPES]
        if unknown:
            return back(error="unauthorized_scope_error",
                        error_description=f'Scope "{unknown[0]}" is not authorized for your application')
        challenge = query.get("code_challenge")
        if challenge is not None and query.get("code_challenge_method") != "S256":
            return back(error="invalid_request", error_description="code_challenge_method must be S256")

        with self._lock:
            deny, self.deny_next = self.deny_next, False
            if deny:
                error = deny if isinstance(deny, str) else "access_denied"
                return back(error=error, error_description=DENIAL_DESCRIPTIONS.get(error, "The request was denied"))
            code = secrets.token_urlsafe(32)
            self._codes[code] = _Grant(self.client_id, redirect_uri, dict(self.next_user), frozenset(scopes),
                                       query.get("nonce"), challenge, time.monotonic())
        return back(code=code)

    def _token(self, request: Request) -> Response:
        with self._lock:
            status, self.token_endpoint_status = self.token_endpoint_status, None
        if status is not None:
            return _json(status, {"error": "server_error", "error_description": "Injected failure"})
        form = request.form
        if not form:
            return _oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded")
        for name in ("grant_type", "code", "client_id", "client_secret", "redirect_uri"):
            if not form.get(name):
                return _oauth_error(400, "invalid_request", f'A required parameter "{name}" is missing')
        if form["grant_type"] != "authorization_code":
            return _oauth_error(400, "unsupported_grant_type", "grant_type must be authorization_code")
        if form["client_id"] != self.client_id or form["client_secret"] != self.client_secret:
            return _oauth_error(401, "invalid_client", "Client authentication failed")

        with self._lock:
            grant = self._codes.pop(form["code"], None)  # spent by its first redemption attempt
        if grant is None:
            return _oauth_error(400, "invalid_grant", "Authorization code not found or already used")
        if time.monotonic() - grant.issued_at > self.code_lifetime:
            return _oauth_error(400, "invalid_grant", "Authorization code expired")
        if grant.client_id != form["client_id"] or grant.redirect_uri != form["redirect_uri"]:
            return _oauth_error(400, "invalid_grant", "redirect_uri does not match the authorization request")
        if grant.code_challenge is not None and not _s256_matches(form.get("code_verifier", ""), grant.code_challenge):
            return _oauth_error(400, "invalid_grant", "code_verifier does not match the code_challenge")

        access_token = secrets.token_urlsafe(48)
        with self._lock:
            self._access_tokens[access_token] = grant
        body = {
            "access_token": access_token,
            "expires_in": ACCESS_TOKEN_LIFETIME,
            "scope": ",".join(sorted(grant.scopes)),
            "token_type": "Bearer",
        }
        if "openid" in grant.scopes:
            body["id_token"] = self._id_token(grant)
        return _json(200, body)

    def _id_token(self, grant: _Grant) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + ID_TOKEN_LIFETIME,
                  **_member_claims(grant.user, grant.scopes, in_id_token=True)}
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        with self._lock:
            overrides, self.override_claims = self.override_claims, {}
            wrong_key, self.sign_with_wrong_key = self.sign_with_wrong_key, False
            tamper, self.tamper_payload = self.tamper_payload, False
            key = self._stray_key if wrong_key else self._current_key
            kid = None if self.omit_kid else self._current_key.kid
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        token = encode_jwt(claims, key, kid)
        if tamper:
            changes = tamper if isinstance(tamper, dict) else {"sub": "tampered-" + str(claims.get("sub"))}
            token = with_payload(token, claims | changes)
        return token

    def _jwks(self, request: Request) -> Response:
        with self._lock:
            self.jwks_requests += 1
            keys = [key.public_jwk() for key in self._published_keys]
        return _json(200, {"keys": keys})

    def _userinfo(self, request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        with self._lock:
            grant = self._access_tokens.get(token) if scheme.lower() == "bearer" else None
        if grant is None:
            return _json(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                               "message": "Invalid access token"})
        return _json(200, _member_claims(grant.user, grant.scopes, in_id_token=False))


def _member_claims(user: dict, scopes: frozenset[str], in_id_token: bool) -> dict:
    """The member's claims the scopes allow, typed as LinkedIn types them: in the id_token
    `email_verified` is "true"/"false" and `locale` "en_US"; in userinfo a bool and
    {"country", "language"}."""
    claims = {name: user[name] for name, scope in MEMBER_CLAIMS
              if name in user and (name == "sub" or scope in scopes)}
    if "email_verified" in claims and in_id_token:
        claims["email_verified"] = "true" if claims["email_verified"] else "false"
    if "locale" in claims and not in_id_token:
        language, _, country = claims["locale"].partition("_")
        claims["locale"] = {"country": country, "language": language}
    return claims


def _s256_matches(verifier: str, challenge: str) -> bool:
    return secrets.compare_digest(b64url(hashlib.sha256(verifier.encode()).digest()), challenge)


def _json(status: int, body: dict) -> Response:
    return Response(status, json.dumps(body).encode(),
                    {"Content-Type": "application/json", "Cache-Control": "no-store", "Pragma": "no-cache"})


def _oauth_error(status: int, error: str, description: str) -> Response:
    return _json(status, {"error": error, "error_description": description})


def _page(status: int, message: str) -> Response:
    body = f"<!doctype html><title>LinkedIn</title><h1>Bummer, something went wrong.</h1><p>{html.escape(message)}</p>"
    return Response(status, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


def _redirect(url: str, params: dict) -> Response:
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return Response(302, b"", {"Location": url + separator + urllib.parse.urlencode(params)})
