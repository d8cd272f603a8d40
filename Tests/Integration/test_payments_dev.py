"""`make run` without Stripe keys: scripts/lib.sh's `start_stripe_standin` (what scripts/run.sh
calls) starts the Stripe stand-in and exports a configuration that the app accepts and that
the stand-in serves: every configured price exists there, and the pages say "simulated"."""

import os
import signal
import subprocess

import requests

from conftest import BINARY, DATA, ROOT, free_port, wait_for


def test_make_run_wires_the_stripe_standin_when_no_keys_are_set(stack):
    port = free_port()
    script = (f'source "{ROOT}/scripts/lib.sh"; VENV="{DATA}/venv"; '
              f'start_stripe_standin {port} http://127.0.0.1:1/webhooks/stripe >/dev/null 2>&1; echo "PID=$STRIPE_STANDIN_PID"; env')
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SORASHARE_STRIPE_")}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=environment, timeout=30)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    pid = int(lines["PID"])
    try:
        settings = {key: value for key, value in lines.items() if key.startswith("SORASHARE_STRIPE_")}
        assert settings["SORASHARE_STRIPE_SIMULATED"] == "1" and settings["SORASHARE_STRIPE_API_BASE"] == f"http://127.0.0.1:{port}"
        assert wait_for(lambda: _answers(port), timeout=15), "the stand-in listens"
        # every price the app is configured with exists at the stand-in
        prices = [settings["SORASHARE_STRIPE_PREMIUM_PRICE"]] + [
            entry.split(":")[1] for entry in settings["SORASHARE_STRIPE_CREDIT_PACKS"].split(",")]
        for price in prices:
            mode = "subscription" if price == settings["SORASHARE_STRIPE_PREMIUM_PRICE"] else "payment"
            created = requests.post(f"http://127.0.0.1:{port}/v1/checkout/sessions",
                                    headers={"Authorization": f"Bearer {settings['SORASHARE_STRIPE_SECRET_KEY']}"},
                                    data={"mode": mode, "line_items[0][price]": price, "line_items[0][quantity]": "1",
                                          "success_url": "http://127.0.0.1:1/ok"})
            assert created.status_code == 200, created.text
        # and the app accepts this configuration (a bad one stops `migrate` with a message naming it)
        checked = subprocess.run([BINARY, "migrate"], env={**stack.env, **settings}, cwd=ROOT, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    finally:
        os.kill(pid, signal.SIGTERM)


def _answers(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/nothing", timeout=1).status_code == 404
    except requests.ConnectionError:
        return False
