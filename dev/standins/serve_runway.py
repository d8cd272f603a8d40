"""Runs the Runway stand-in, so the studio makes (test-pattern) videos on a machine without a
Runway key or internet access:

    cd dev && python -m standins.serve_runway --port 18492 --api-key key_dev [--queue-seconds 2 --run-seconds 8]

Point SORASHARE_RUNWAY_API_BASE at http://127.0.0.1:PORT with the same key. Knobs can be changed
while it runs: `curl -d '{"fail_creates":[503]}' http://127.0.0.1:PORT/_control` (see video_common.py)."""

import argparse

from .http_service import serve_until_stopped
from .runway_api import API_KEY, RunwayAPI


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-key", default=API_KEY)
    parser.add_argument("--queue-seconds", type=float, default=2.0)
    parser.add_argument("--run-seconds", type=float, default=8.0)
    parser.add_argument("--output-ttl-seconds", type=float, default=3600.0)
    parser.add_argument("--video-directory", help="where the MP4s are cached (default: a new temporary directory)")
    args = parser.parse_args()
    api = RunwayAPI(api_key=args.api_key, port=args.port, video_directory=args.video_directory, queue_seconds=args.queue_seconds,
                    run_seconds=args.run_seconds, output_ttl_seconds=args.output_ttl_seconds)
    serve_until_stopped(api, "Runway stand-in")


if __name__ == "__main__":
    main()
