"""RSA signing keys and RS256 compact JWTs, as an OpenID provider makes and publishes them."""

import base64
import json
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_json(value: dict) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def _b64url_uint(number: int) -> str:
    return b64url(number.to_bytes((number.bit_length() + 7) // 8, "big"))


class SigningKey:
    """A 2048-bit RSA key with a LinkedIn-style kid (a UUID)."""

    def __init__(self):
        self.kid = str(uuid.uuid4())
        self._private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def public_jwk(self) -> dict:
        numbers = self._private.public_key().public_numbers()
        return {"kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256",
                "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data, padding.PKCS1v15(), hashes.SHA256())


def encode_jwt(claims: dict, key: SigningKey, kid: str | None) -> str:
    """An RS256 JWT signed by `key`, with header `{"alg","kid","typ"}` (no kid when kid is None).
    The header's kid need not be the signing key's own: that is how a wrong-key token is made."""
    header = {"alg": "RS256", "typ": "JWT"} if kid is None else {"alg": "RS256", "kid": kid, "typ": "JWT"}
    signing_input = f"{_b64url_json(header)}.{_b64url_json(claims)}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode()))}"


def with_payload(token: str, claims: dict) -> str:
    """`token` with its payload replaced by `claims` and the original signature kept."""
    header, _, signature = token.split(".")
    return f"{header}.{_b64url_json(claims)}.{signature}"
