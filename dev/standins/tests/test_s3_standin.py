"""Self-test of the S3 stand-in (moto): before S3MediaStorageLiveTests trust it to check
signatures, it must accept boto3 with the user's key, refuse a wrong secret, and serve a
presigned URL with its response overrides once authentication is off."""

import boto3
import botocore.exceptions
import pytest
import requests

from standins.s3_store import S3StandIn


@pytest.fixture(scope="module")
def store():
    store = S3StandIn(bucket="selftest")
    store.start()
    yield store
    store.stop()


def client(store, secret=None):
    return boto3.client("s3", endpoint_url=store.base_url, region_name=store.region, aws_access_key_id=store.access_key_id,
                        aws_secret_access_key=secret or store.secret_access_key)


def test_the_users_key_works_and_a_wrong_secret_is_refused(store):
    client(store).put_object(Bucket="selftest", Key="a/b.txt", Body=b"hello", ContentType="text/plain")
    assert client(store).get_object(Bucket="selftest", Key="a/b.txt")["Body"].read() == b"hello"
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        client(store, secret="wrong").get_object(Bucket="selftest", Key="a/b.txt")
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_presigned_urls_are_served_only_without_authentication(store):
    url = client(store).generate_presigned_url(
        "get_object", ExpiresIn=60,
        Params={"Bucket": "selftest", "Key": "a/b.txt", "ResponseContentType": "text/x-test",
                "ResponseContentDisposition": 'attachment; filename="b.txt"'})
    assert requests.get(url, timeout=10).status_code == 500  # moto's limit with authentication on
    store.authentication(False)
    try:
        answer = requests.get(url, timeout=10)
    finally:
        store.authentication(True)
    assert answer.status_code == 200 and answer.content == b"hello"
    assert answer.headers["Content-Type"] == "text/x-test"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="b.txt"'
