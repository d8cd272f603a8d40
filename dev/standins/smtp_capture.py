"""A local SMTP server that records every message the app sends (aiosmtpd on a background
thread), with optional AUTH, STARTTLS and injected temporary failures.

    smtp = SMTPCapture(user="mailer", password="pw", starttls=True)
    smtp.start()
    ...  # point the app at 127.0.0.1:smtp.port, trusting smtp.cert_path
    message = smtp.wait_for(lambda m: "bob@example.com" in m.rcpt_tos)
    smtp.stop()
"""

import email
import email.policy
import shutil
import socket
import ssl
import tempfile
import threading
from email.message import EmailMessage
from pathlib import Path
from typing import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from .tls import write_self_signed_certificate


class CapturedMessage(EmailMessage):
    """A received message (parsed with email.policy.default, so `get_body()` works) plus what
    the SMTP session said about it."""

    mail_from: str = ""  # envelope sender (MAIL FROM)
    rcpt_tos: tuple[str, ...] = ()  # envelope recipients (RCPT TO), which may differ from To:
    tls: bool = False  # the session had switched to TLS with STARTTLS
    auth_user: str | None = None  # the login the session authenticated as


class SMTPCapture:
    """The server. Constructor:

    - `user`, `password`: when given, AUTH PLAIN/LOGIN with exactly these is required before
      MAIL FROM (530 otherwise; 535 for wrong credentials). Without `starttls`, AUTH is offered
      on the plain connection, as a test server may.
    - `starttls`: offer STARTTLS with a self-signed certificate made at `start()`, whose PEM is
      at `cert_path` (for the app to trust), and require it before MAIL FROM (530 otherwise).

    Fault switch: `fail_next = N` answers the next N messages' DATA with
    "451 4.3.0 Temporary failure"; they are counted in `refused`, not kept in `messages`.
    """

    def __init__(self, user: str | None = None, password: str | None = None, starttls: bool = False):
        self.user = user
        self.password = password
        self.starttls = starttls
        self.fail_next = 0
        self.refused = 0
        self.messages: list[CapturedMessage] = []
        self.port = 0
        self.cert_path: Path | None = None
        self._condition = threading.Condition()
        self._controller: _BoundController | None = None
        self._tls_dir: Path | None = None

    def start(self):
        tls_context = None
        if self.starttls:
            self._tls_dir = Path(tempfile.mkdtemp(prefix="smtp-capture-"))
            self.cert_path, key_path = write_self_signed_certificate(self._tls_dir)
            tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls_context.load_cert_chain(self.cert_path, key_path)
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self._controller = _BoundController(
            _Handler(self), listener,
            server_hostname="localhost",
            tls_context=tls_context,
            require_starttls=self.starttls,
            authenticator=self._authenticate if self.user is not None else None,
            auth_require_tls=self.starttls,
        )
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir)
            self._tls_dir = None

    def wait_for(self, predicate: Callable[[CapturedMessage], bool] = lambda message: True,
                 timeout: float = 10) -> CapturedMessage:
        """The first received message that satisfies `predicate`, waiting up to `timeout`
        seconds for it to arrive; raises TimeoutError if none does."""
        with self._condition:
            found = self._condition.wait_for(
                lambda: next((message for message in self.messages if predicate(message)), None), timeout)
        if found is None:
            raise TimeoutError(f"no matching message within {timeout} s ({len(self.messages)} received)")
        return found

    def _authenticate(self, server, session, envelope, mechanism: str, auth_data) -> AuthResult:
        valid = (isinstance(auth_data, LoginPassword)
                 and auth_data.login == self.user.encode() and auth_data.password == self.password.encode())
        return AuthResult(success=valid, handled=False, auth_data=self.user if valid else None)

    def _receive(self, session, envelope) -> str:
        with self._condition:
            if self.fail_next > 0:
                self.fail_next -= 1
                self.refused += 1
                return "451 4.3.0 Temporary failure, please try again later"
            message = email.message_from_bytes(envelope.original_content, _class=CapturedMessage,
                                               policy=email.policy.default)
            message.mail_from = envelope.mail_from
            message.rcpt_tos = tuple(envelope.rcpt_tos)
            message.tls = session.ssl is not None
            message.auth_user = session.auth_data if session.authenticated else None
            self.messages.append(message)
            self._condition.notify_all()
        return "250 2.0.0 OK: queued"


class _Handler:
    """aiosmtpd hooks: refuse MAIL FROM before AUTH when credentials are configured (done here
    because aiosmtpd's own `auth_required` warns on every connection without TLS), and hand each
    message to the capture."""

    def __init__(self, capture: SMTPCapture):
        self.capture = capture

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.capture.user is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return self.capture._receive(session, envelope)


class _BoundController(Controller):
    """aiosmtpd's threaded controller, serving on a socket that is already bound, so the port
    is free and known before the server starts (aiosmtpd itself cannot listen on port 0)."""

    def __init__(self, handler, listener: socket.socket, **smtp_parameters):
        super().__init__(handler, hostname="127.0.0.1", port=listener.getsockname()[1], **smtp_parameters)
        self._listener = listener

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._listener)
