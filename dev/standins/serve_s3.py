"""Runs the S3 stand-in (moto, see s3_store.py) until SIGTERM or SIGINT, for scripts/test.sh:

    cd dev && python -m standins.serve_s3 --env-file ../.data/run/s3-standin.env

Once it answers, it writes the shell variables that describe it into the env file (mode 0600,
complete or absent: written aside and renamed), each name prefixed with `--prefix`:
ENDPOINT, REGION, BUCKET, ACCESS_KEY_ID, SECRET_ACCESS_KEY, and MOTO=1. It removes the file when
it stops."""

import argparse
import os
import signal
import threading

from .s3_store import S3StandIn


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--bucket", default="sorashare-test")
    parser.add_argument("--env-file", required=True)
    parser.add_argument("--prefix", default="SORASHARE_TEST_S3_")
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    store = S3StandIn(bucket=args.bucket, port=args.port)
    store.start()
    try:
        values = {"ENDPOINT": store.base_url, "REGION": store.region, "BUCKET": store.bucket,
                  "ACCESS_KEY_ID": store.access_key_id, "SECRET_ACCESS_KEY": store.secret_access_key, "MOTO": "1"}
        partial = args.env_file + ".partial"
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as env:
            env.writelines(f"{args.prefix}{name}={value}\n" for name, value in values.items())
        os.replace(partial, args.env_file)
        print(f"S3 stand-in (moto) listening on {store.base_url}, bucket {store.bucket}", flush=True)
        stop.wait()
    finally:
        for path in (args.env_file, args.env_file + ".partial"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        store.stop()


if __name__ == "__main__":
    main()
