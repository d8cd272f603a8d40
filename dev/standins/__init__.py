"""Stand-ins for SoraShare's external services: `make run` serves them when no credentials are
configured (serve_linkedin, serve_stripe) and the integration tests start them in-process.
Importable as `standins` with dev/ on the path (pytest.ini sets it; scripts run from dev/).

- `OIDCProvider`: a LinkedIn-shaped OpenID Connect provider (authorization code flow) with
  switches for the faults a relying party must survive.
- `SMTPCapture`: an SMTP server that records what the app sends (optional AUTH, STARTTLS and
  temporary 451 failures).
- `stripe_api.StripeAPI`, `runway_api.RunwayAPI`, `replicate_api.ReplicateAPI`: payment and
  video-provider APIs by their real protocols, with knobs for faults (video_common.py has the
  video stand-ins' knobs and their `/_control` endpoint); `serve_stripe`, `serve_runway` and
  `serve_replicate` run them from the command line.

All bind 127.0.0.1 (a free port unless given one) and run on background threads.
"""

from .oidc_provider import OIDCProvider
from .smtp_capture import SMTPCapture

__all__ = ["OIDCProvider", "SMTPCapture"]
