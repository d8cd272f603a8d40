"""E-mail delivery: `sorashare worker` takes the outbox to a real SMTP conversation with the
SMTPCapture stand-in (plain, STARTTLS + AUTH, temporary failures), with real PostgreSQL."""

import email.utils
import re
import signal
import subprocess
import time
import uuid

import pytest
import requests

from conftest import BINARY, ROOT, wait_for
from standins.smtp_capture import SMTPCapture
from test_accounts import COOKIE, csrf_of, follow_link, new_address, sql

PASSWORD = "s3cret-Pa55word"


@pytest.fixture
def smtp():
    server = SMTPCapture()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def empty_outbox(stack):
    """Each test sees only its own mail: whatever other tests queued counts as handled."""
    sql("UPDATE outbox_emails SET sent_at = now() WHERE sent_at IS NULL AND failed_at IS NULL")


def worker_env(stack, smtp=None, **settings):
    env = dict(stack.env, SORASHARE_WORKER_INTERVAL_SECONDS="1")
    if smtp is not None:
        env.update(SORASHARE_SMTP_HOST="127.0.0.1", SORASHARE_SMTP_PORT=str(smtp.port), SORASHARE_SMTP_STARTTLS="0")
    env.update(settings)
    return env


def run_worker_once(env):
    done = subprocess.run([BINARY, "worker", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


def enqueue(recipient, subject, body):
    return int(sql("INSERT INTO outbox_emails (recipient, subject, body) VALUES "
                   f"('{recipient}', '{subject}', '{body}') RETURNING id"))


def row(outbox_id):
    """(attempts, sent, failed, seconds until next_attempt_at, last_error) of one outbox row."""
    line = sql("SELECT attempts || '|' || (sent_at IS NOT NULL) || '|' || (failed_at IS NOT NULL) || '|' || "
               "round(extract(epoch FROM next_attempt_at - now())) || '|' || coalesce(last_error, '') "
               f"FROM outbox_emails WHERE id = {outbox_id}")
    attempts, sent, failed, wait, error = line.split("|", 4)
    return int(attempts), sent == "true", failed == "true", int(wait), error


def test_email_sign_in_end_to_end_through_the_worker(stack, smtp):
    browser = requests.Session()
    address = new_address()
    form = browser.get(stack.url("/sign-in"))
    response = browser.post(stack.url("/auth/email"), data={"email": address, "_csrf": csrf_of(form.text)}, allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in/check-email"

    log = run_worker_once(worker_env(stack, smtp))
    message = smtp.wait_for(lambda m: address in m.rcpt_tos)
    assert '"mail sent"' in log
    assert message.mail_from == "no-reply@localhost" and message.rcpt_tos == (address,)
    assert message["From"] == "SoraShare <no-reply@localhost>" and message["To"] == address
    assert message["Subject"] == "Your SoraShare sign-in link"
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert re.fullmatch(r"<[^<>@\s]+@localhost>", message["Message-ID"])
    assert abs(email.utils.parsedate_to_datetime(message["Date"]).timestamp() - time.time()) < 60
    assert not message.tls and message.auth_user is None
    link = re.search(r"http://\S+/auth/email/verify\?token=([0-9a-f]{64})", message.get_content())
    assert link, message.get_content()
    assert sql(f"SELECT attempts || ' ' || (sent_at IS NOT NULL) FROM outbox_emails WHERE recipient = '{address}'") == "1 true"
    # the sent row keeps no usable link: no token in any column, the sealed link dropped
    assert sql(f"SELECT strpos(row_to_json(o)::text, '{link.group(1)}') = 0 AND sealed_link IS NULL "
               f"FROM outbox_emails o WHERE recipient = '{address}'") == "t"

    signed_in = follow_link(stack, browser, link.group(1))
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == "/account"
    account = browser.get(stack.url("/account"))
    assert account.status_code == 200 and address in account.text
    # the link works once
    again = follow_link(stack, requests.Session(), link.group(1))
    assert again.status_code == 400
    assert browser.cookies.get(COOKIE)

    # a second run finds nothing more to send
    run_worker_once(worker_env(stack, smtp))
    assert len([m for m in smtp.messages if address in m.rcpt_tos]) == 1


@pytest.fixture
def secure_smtp():
    server = SMTPCapture(user="mailer", password=PASSWORD, starttls=True)
    server.start()
    yield server
    server.stop()


def secure_env(stack, server, **settings):
    return worker_env(stack, **{"SORASHARE_SMTP_HOST": "localhost", "SORASHARE_SMTP_PORT": str(server.port),
                                "SORASHARE_SMTP_USER": "mailer", "SORASHARE_SMTP_PASSWORD": PASSWORD, **settings})


def test_starttls_with_verified_certificate_and_auth(stack, secure_smtp):
    address = new_address()
    outbox_id = enqueue(address, "Grüße aus Tōkyō 🎬", "Zeile eins\n.beginnt mit Punkt\nünïcödé ende")
    log = run_worker_once(secure_env(stack, secure_smtp, SORASHARE_SMTP_CA_FILE=str(secure_smtp.cert_path)))
    message = secure_smtp.wait_for(lambda m: address in m.rcpt_tos)
    assert message.tls, "STARTTLS was used"
    assert message.auth_user == "mailer"
    assert message["Subject"] == "Grüße aus Tōkyō 🎬"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert message.get_content().replace("\r\n", "\n") == "Zeile eins\n.beginnt mit Punkt\nünïcödé ende\n"
    assert row(outbox_id)[:3] == (1, True, False)
    assert PASSWORD not in log


def test_untrusted_certificate_is_refused_and_retried_later(stack, secure_smtp):
    outbox_id = enqueue(new_address(), "Hello", "Body")
    # no CA file: the stand-in's self-signed certificate is not in the system's trust store
    log = run_worker_once(secure_env(stack, secure_smtp))
    attempts, sent, failed, wait, error = row(outbox_id)
    assert (attempts, sent, failed) == (1, False, False)
    assert wait > 30
    assert error.startswith("TLS failed: the server's certificate was refused"), error
    assert secure_smtp.messages == []
    assert PASSWORD not in log and PASSWORD not in error


def test_wrong_password_is_not_a_permanent_failure_of_the_message(stack, secure_smtp):
    outbox_id = enqueue(new_address(), "Hello", "Body")
    run_worker_once(secure_env(stack, secure_smtp, SORASHARE_SMTP_CA_FILE=str(secure_smtp.cert_path),
                               SORASHARE_SMTP_PASSWORD="wrong-password"))
    attempts, sent, failed, wait, error = row(outbox_id)
    assert (attempts, sent, failed) == (1, False, False)
    assert error.startswith("authentication failed (535)"), error
    assert "wrong-password" not in error


def test_temporary_failure_is_retried_with_backoff(stack, smtp):
    address = new_address()
    outbox_id = enqueue(address, "Retry me", "Body")
    smtp.fail_next = 1
    log = run_worker_once(worker_env(stack, smtp))
    assert smtp.refused == 1 and smtp.messages == []
    attempts, sent, failed, wait, error = row(outbox_id)
    assert (attempts, sent, failed) == (1, False, False)
    assert 50 <= wait <= 60, "the first retry waits a minute"
    assert error == "temporarily rejected (451): end of data: 4.3.0 Temporary failure, please try again later"
    assert '"mail not sent; will retry"' in log

    run_worker_once(worker_env(stack, smtp))
    assert smtp.messages == [], "not due yet"

    sql(f"UPDATE outbox_emails SET next_attempt_at = now() WHERE id = {outbox_id}")
    run_worker_once(worker_env(stack, smtp))
    smtp.wait_for(lambda m: address in m.rcpt_tos)
    attempts, sent, failed, _, error = row(outbox_id)
    assert (attempts, sent, failed, error) == (2, True, False, "")


def test_permanent_rejection_and_too_many_attempts_stop_retrying(stack, smtp):
    rejected = enqueue("not-an-address", "Never", "Body")
    exhausted = enqueue(new_address(), "Last try", "Body")
    sql(f"UPDATE outbox_emails SET attempts = 7 WHERE id = {exhausted}")
    smtp.fail_next = 1
    run_worker_once(worker_env(stack, smtp))
    attempts, sent, failed, _, error = row(rejected)
    assert (attempts, sent, failed) == (1, False, True)
    assert error.startswith("invalid message: not a usable e-mail address")
    attempts, sent, failed, _, error = row(exhausted)
    assert (attempts, sent, failed) == (8, False, True)
    assert error.startswith("temporarily rejected (451)")
    sql(f"UPDATE outbox_emails SET next_attempt_at = now() - interval '1 minute' WHERE id IN ({rejected}, {exhausted})")
    run_worker_once(worker_env(stack, smtp))
    assert smtp.messages == [] and row(exhausted)[0] == 8, "failed mail is never picked up again"


def test_two_workers_at_once_deliver_each_message_exactly_once(stack, smtp):
    batch = uuid.uuid4().hex[:8]
    ids = [enqueue(f"reader-{i}-{batch}@example.com", f"Message {i} of {batch}", "Body") for i in range(30)]
    receive = smtp._receive

    def slow_receive(session, envelope):
        time.sleep(0.02)  # each message takes a moment, so both workers are busy at the same time
        return receive(session, envelope)

    smtp._receive = slow_receive
    env = worker_env(stack, smtp)
    workers = [subprocess.Popen([BINARY, "worker", "--once"], env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    logs = [worker.communicate(timeout=60)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], logs
    subjects = sorted(m["Subject"] for m in smtp.messages if batch in m["Subject"])
    assert subjects == sorted(f"Message {i} of {batch}" for i in range(30)), "each message exactly once"
    sent_counts = [log.count('"mail sent"') for log in logs]
    assert sum(sent_counts) == 30 and all(count > 0 for count in sent_counts), sent_counts
    assert sql(f"SELECT count(*) FROM outbox_emails WHERE id IN ({','.join(map(str, ids))}) AND sent_at IS NOT NULL AND attempts = 1") == "30"


def test_worker_without_smtp_refuses_to_start_outside_development(stack):
    env = {name: value for name, value in worker_env(stack).items() if name not in ("SORASHARE_SMTP_HOST", "SORASHARE_DEV")}
    address = new_address()
    outbox_id = enqueue(address, "Your SoraShare sign-in link", "http://127.0.0.1:8080/auth/email/verify?token=abc")
    done = subprocess.run([BINARY, "worker", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "SORASHARE_SMTP_HOST is not set: the worker sends mail only through an SMTP server" in done.stderr
    assert "token=abc" not in done.stderr and address not in done.stderr
    assert row(outbox_id)[:3] == (0, False, False), "the mail waits for a worker that can send it"


def test_worker_without_smtp_logs_the_mail_in_development_and_stops_on_sigterm(stack, tmp_path):
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen([BINARY, "worker"], env=worker_env(stack, SORASHARE_DEV="1"), cwd=ROOT, stderr=log)
    try:
        assert wait_for(lambda: "worker started" in log_path.read_text(), timeout=10)
        address = new_address()
        outbox_id = enqueue(address, "Your SoraShare sign-in link", "http://127.0.0.1:8080/auth/email/verify?token=abc")
        assert wait_for(lambda: row(outbox_id)[1], timeout=5), "delivered by the running loop"
        text = log_path.read_text()
        assert "no SMTP host configured" in text and "logging the message instead of sending it" in text
        assert address in text and "/auth/email/verify?token=abc" in text
    finally:
        started = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=5)
    assert code == 0
    assert time.monotonic() - started < 2
    assert "worker: stopped after SIGTERM" in log_path.read_text()


def test_worker_removes_expired_sessions_tokens_and_counters(stack):
    from test_accounts import sign_in

    browser, email = sign_in(stack)
    live = sql("SELECT count(*) FROM sessions WHERE expires_at > now()")
    sql("INSERT INTO sessions (id_hash, csrf_token, expires_at) VALUES ('\\xdead'::bytea, 'x', now() - interval '1 second')")
    sql("INSERT INTO login_tokens (token_hash, email, expires_at) VALUES ('\\xbeef'::bytea, 'old@example.com', now() - interval '2 days')")
    sql("INSERT INTO openid_attempts (state_hash, browser_hash, provider, expires_at) VALUES ('\\xcafe'::bytea, '\\x00'::bytea, 'linkedin', now() - interval '1 second')")
    sql("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('old', now() - interval '3 hours', 1)")
    old_mail = enqueue(new_address(), "Old", "Body")
    recent_mail = enqueue(new_address(), "Recent", "Body")
    sql(f"UPDATE outbox_emails SET sent_at = now() - interval '8 days' WHERE id = {old_mail}")
    sql(f"UPDATE outbox_emails SET sent_at = now() - interval '6 days' WHERE id = {recent_mail}")
    env = dict(stack.env, SORASHARE_DEV="1")  # no SMTP server: mail goes to the log
    env.pop("SORASHARE_SMTP_HOST", None)
    run_worker_once(env)
    assert sql(f"SELECT count(*) FROM outbox_emails WHERE id = {old_mail}") == "0", "sent mail past the retention (7 days) is removed"
    assert sql(f"SELECT count(*) FROM outbox_emails WHERE id = {recent_mail}") == "1"
    assert sql("SELECT count(*) FROM sessions WHERE id_hash = '\\xdead'::bytea") == "0"
    assert sql("SELECT count(*) FROM login_tokens WHERE token_hash = '\\xbeef'::bytea") == "0"
    assert sql("SELECT count(*) FROM openid_attempts WHERE state_hash = '\\xcafe'::bytea") == "0"
    assert sql("SELECT count(*) FROM rate_limits WHERE bucket = 'old'") == "0"
    assert sql("SELECT count(*) FROM sessions WHERE expires_at > now()") == live, "live sessions stay"
    assert browser.get(stack.url("/account")).status_code == 200
