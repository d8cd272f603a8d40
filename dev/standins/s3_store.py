"""An S3-compatible store for tests: moto's server (the AWS mock that boto3's own users test
against) in this process on 127.0.0.1, with one bucket and one IAM user allowed `s3:*`, and
moto's request authentication switched on, so that every request must carry a valid AWS
Signature Version 4 from that user's key (moto recomputes it with botocore): a wrong secret is
refused with 403 SignatureDoesNotMatch, as S3 would.

Limits of moto worth knowing: with authentication on, it cannot serve presigned URLs (a request
without an `Authorization` header fails with a 500), and with it off it does not check their
signatures at all; `authentication(False)` switches it off for such requests. It honours
`response-content-type` and `response-content-disposition`."""

import json
import logging

import boto3
import requests
from moto.server import ThreadedMotoServer

REGION = "us-east-1"
ALLOW_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


class S3StandIn:
    """`start()` listens on `port` (0: a free one) and sets up the bucket and the user, whose
    key is then `access_key_id` / `secret_access_key`."""

    def __init__(self, bucket="sorashare-test", port=0):
        self.bucket = bucket
        self.port = port
        self.region = REGION
        self.access_key_id = self.secret_access_key = None
        self._server = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        self.port = self._server.get_host_and_port()[1]
        # Authentication is off until the set-up is done: these calls' credentials do not matter.
        anyone = dict(endpoint_url=self.base_url, region_name=REGION, aws_access_key_id="setup", aws_secret_access_key="setup")
        iam = boto3.client("iam", **anyone)
        iam.create_user(UserName="sorashare")
        key = iam.create_access_key(UserName="sorashare")["AccessKey"]
        iam.put_user_policy(UserName="sorashare", PolicyName="s3", PolicyDocument=json.dumps(ALLOW_S3))
        boto3.client("s3", **anyone).create_bucket(Bucket=self.bucket)
        self.access_key_id, self.secret_access_key = key["AccessKeyId"], key["SecretAccessKey"]
        self.authentication(True)

    def authentication(self, on):
        """Every request from now on must be signed by the user's key (on), or nothing is checked."""
        answer = requests.post(f"{self.base_url}/moto-api/reset-auth", data=b"0" if on else b"inf", timeout=5)
        answer.raise_for_status()

    def stop(self):
        if self._server is not None:
            self._server.stop()
            self._server = None
