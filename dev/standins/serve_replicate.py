"""Runs the Replicate stand-in, so the studio makes (test-pattern) videos on a machine without a
Replicate token or internet access, with signed webhooks to the site:

    cd dev && python -m standins.serve_replicate --port 18493 --token r8_dev --webhook-secret whsec_… [--queue-seconds 2 --run-seconds 8]

Point SORASHARE_REPLICATE_API_BASE at http://127.0.0.1:PORT/v1 with the same token, and the site's
Replicate webhook secret at the same `whsec_` secret (base64 after the prefix). Knobs can be changed
while it runs: `curl -d '{"webhook_duplicates":true}' http://127.0.0.1:PORT/_control` (see video_common.py)."""

import argparse

from .http_service import serve_until_stopped
from .replicate_api import MODEL, TOKEN, WEBHOOK_SECRET, ReplicateAPI


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--webhook-secret", default=WEBHOOK_SECRET)
    parser.add_argument("--model", default=MODEL, help="owner/name of the one model served")
    parser.add_argument("--queue-seconds", type=float, default=2.0)
    parser.add_argument("--run-seconds", type=float, default=8.0)
    parser.add_argument("--output-ttl-seconds", type=float, default=3600.0)
    parser.add_argument("--video-directory", help="where the MP4s are cached (default: a new temporary directory)")
    args = parser.parse_args()
    api = ReplicateAPI(token=args.token, webhook_secret=args.webhook_secret, model=args.model, port=args.port,
                       video_directory=args.video_directory, queue_seconds=args.queue_seconds, run_seconds=args.run_seconds,
                       output_ttl_seconds=args.output_ttl_seconds)
    serve_until_stopped(api, "Replicate stand-in")


if __name__ == "__main__":
    main()
