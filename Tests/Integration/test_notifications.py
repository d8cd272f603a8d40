"""Notification mail through nginx, the worker and the SMTPCapture stand-in: the code-waiting mail
arrives with a working link, the deadline and the RFC 8058 headers; a reminder follows when the
clock is moved (in the database); one-click unsubscribe works without cookies, for its kind only,
and a forged link is refused."""

import re

import pytest
import requests

from standins.smtp_capture import SMTPCapture
from test_accounts import sign_in, sql
from test_mail_delivery import run_worker_once, worker_env
from test_queue import clear_queue, donate, join


@pytest.fixture
def smtp():
    server = SMTPCapture()
    server.start()
    yield server
    server.stop()


def handled_outbox():
    sql("UPDATE outbox_emails SET sent_at = now() WHERE sent_at IS NULL AND failed_at IS NULL")


def text_of(message):
    return message.get_payload(decode=True).decode()


def test_code_waiting_mail_reminder_and_one_click_unsubscribe(stack, smtp):
    clear_queue()
    member, address = sign_in(stack)
    join(stack, member)
    donor, donor_address = sign_in(stack)
    donate(stack, donor, "NTF123")
    member_id = sql(f"SELECT id FROM members WHERE email = '{address}'")
    allocation = sql(f"SELECT a.id FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE e.member_id = {member_id}")
    assert allocation, "the donated code went to the waiting member"
    handled_outbox()  # the sign-in mail

    env = worker_env(stack, smtp)
    run_worker_once(env)
    message = smtp.wait_for(lambda m: address in m.rcpt_tos and "waiting" in m["Subject"])
    assert message["Subject"] == "A code is waiting for you on SoraShare"
    deadline = sql(f"SELECT to_char(reveal_by AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') FROM allocations WHERE id = {allocation}")
    body = text_of(message)
    assert f"Reveal it by {deadline}." in body
    link = re.search(r"Reveal it here: (\S+)", body).group(1)
    page = member.get(link)
    assert page.status_code == 200 and 'id="reveal-code"' in page.text, "the link leads to the reveal button"
    unsubscribe = re.fullmatch(r"<(\S+/unsubscribe\?token=(\d+)\.code_waiting\.[0-9a-f]{64})>", message["List-Unsubscribe"])
    assert unsubscribe and unsubscribe.group(2) == member_id, message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = unsubscribe.group(1)
    assert url in body

    run_worker_once(env)
    assert sql(f"SELECT count(*) FROM notifications_sent WHERE kind = 'code_waiting' AND subject_id = {allocation}") == "1", \
        "announced once"
    donor_mail = smtp.wait_for(lambda m: donor_address in m.rcpt_tos)
    assert donor_mail["Subject"] == "Your SoraShare code went to someone" and ".donor_update." in donor_mail["List-Unsubscribe"]

    # 24 hours before the window closes: one reminder.
    sql(f"UPDATE allocations SET allocated_at = now() - interval '25 hours', reveal_by = now() + interval '23 hours' WHERE id = {allocation}")
    sql(f"UPDATE notifications_sent SET created_at = now() - interval '25 hours' WHERE kind = 'code_waiting' AND subject_id = {allocation}")
    run_worker_once(env)
    reminder = smtp.wait_for(lambda m: address in m.rcpt_tos and "24 hours" in m["Subject"])
    assert reminder["List-Unsubscribe"] == message["List-Unsubscribe"]

    # A GET (a mail scanner) changes nothing; a POST without cookies switches off that kind only.
    confirm = requests.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.text
    assert sql(f"SELECT count(*) FROM notification_preferences WHERE member_id = {member_id}") == "0"
    forged = re.sub(r"\.code_waiting\.", ".payments.", url)
    assert requests.post(forged, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    assert requests.post(url.split("?")[0], data={"List-Unsubscribe": "One-Click"}).status_code == 400
    done = requests.post(url, data={"List-Unsubscribe": "One-Click"}, allow_redirects=False)
    assert done.status_code == 200 and "Unsubscribed" in done.text
    assert sql(f"SELECT string_agg(kind || '=' || enabled, ',') FROM notification_preferences WHERE member_id = {member_id}") \
        == "code_waiting=false"

    # 4 hours before: no reminder any more.
    sql(f"UPDATE allocations SET reveal_by = now() + interval '3 hours' WHERE id = {allocation}")
    count = len(smtp.messages)
    run_worker_once(env)
    assert sql(f"SELECT string_agg(stage, ',' ORDER BY created_at) FROM notifications_sent "
               f"WHERE kind = 'code_waiting' AND subject_id = {allocation}") == "allocated,24h"
    assert len(smtp.messages) == count, "no mail after unsubscribing from the reminders"
