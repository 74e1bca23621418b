#!/usr/bin/env python3
"""Signs requests with botocore, as an oracle for the Swift SigV4 signer's tests.

Reads one JSON object on stdin: {"cases": [case, ...]}, each case
    {"s3": true|false, "method": "GET", "endpoint": "https://host[:port]", "path": "/bucket/key (decoded)",
     "query": [["name", "value"], ...] (decoded), "headers": {"name": "value"}, "body": "text",
     "unsigned_payload": false, "service": "s3", "region": "us-east-1", "timestamp": "20150830T123600Z",
     "access_key": "...", "secret_key": "...", "session_token": null}
and prints {"results": [{"url", "path", "query", "authorization", "canonical_request"}, ...]} on stdout.

The path and query are encoded the way botocore's own clients encode them (path: percent_encode with `/` and
`~` kept; query: percent_encode_sequence), so the oracle also checks the Swift side's URI encoding. Signing is
botocore's S3SigV4Auth (S3) or SigV4Auth (other services), with the clock fixed at the case's timestamp.
Secrets come in on stdin and are never printed.
"""
import datetime
import json
import sys
import types
from unittest import mock
from urllib.parse import urlsplit

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode


def sign(case):
    url = case["endpoint"] + percent_encode(case["path"], safe="/~")
    request = AWSRequest(method=case["method"], url=url, headers=dict(case.get("headers") or {}),
                         data=case.get("body", "").encode(), params=[tuple(p) for p in case.get("query") or []])
    if case.get("unsigned_payload"):
        request.context["client_config"] = types.SimpleNamespace(s3={"payload_signing_enabled": False})
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("session_token"))
    auth = (S3SigV4Auth if case["s3"] else SigV4Auth)(credentials, case["service"], case["region"])
    now = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=now):
        auth.add_auth(request)
    canonical = auth.canonical_request(request)
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    return {"url": prepared.url, "path": parts.path, "query": parts.query,
            "authorization": request.headers["Authorization"], "canonical_request": canonical}


def main():
    cases = json.load(sys.stdin)["cases"]
    json.dump({"results": [sign(case) for case in cases]}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
