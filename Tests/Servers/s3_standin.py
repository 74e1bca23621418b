#!/usr/bin/env python3
"""A stand-in for S3 and Secrets Manager, for integration tests: moto's server app behind a strict SigV4 check.

moto's own signature check (INITIAL_NO_AUTH_ACTION_COUNT) wrongly refuses correct requests whose query holds
an encoded `/` or whose key holds `+`, `=`, `&` or non-ASCII text, so it stays off. Instead every request is
checked here the way AWS checks it, with botocore's own signer over the raw request:

  - the Authorization header names a known access key (else InvalidAccessKeyId / UnrecognizedClientException);
  - the session token matches the one configured for that key (else InvalidToken);
  - the credential scope's region is the stand-in's (else AuthorizationHeaderMalformed, naming the region);
  - X-Amz-Date is within 15 minutes (else RequestTimeTooSkewed); every x-amz-* header sent is signed;
  - S3: X-Amz-Content-SHA256 is the body's SHA-256 or UNSIGNED-PAYLOAD (else XAmzContentSHA256Mismatch);
  - the signature equals botocore's S3SigV4Auth (S3) or SigV4Auth (other services) over the method, the path
    and query as S3 canonicalizes them (percent-decoded, then encoded again), the signed headers as received
    and the payload hash (else SignatureDoesNotMatch / InvalidSignatureException, with the canonical request).

Start:  STANDIN_CREDENTIALS='[{"access_key_id": "...", "secret_access_key": "...", "session_token": null}]' \\
          python3 Tests/Servers/s3_standin.py [--region us-east-1]
        Binds 127.0.0.1 on a free port, prints `{"port": N}` on stdout, logs to stderr, and serves until its
        stdin reaches EOF (it dies with its parent) or SIGTERM/SIGINT.

Control endpoints (not signed):
POST /_standin/faults   JSON array appended to the fault queue; one is popped per checked request:
                        "503" (SlowDown), "500" (InternalError), "cut:N" (a successful answer cut off after
                        N body bytes: the connection closes early), "drop:N" (the request's body is read
                        up to N bytes, then the connection closes with no answer: a connection cut while
                        the client is still sending, e.g. mid-part), "ok" (no fault, to reach a later request).
GET  /_standin/stats    {"requests": checked requests, "refused": refused by the check, "faults": injected}
POST /_standin/call     {"service", "operation", "params", "body_base64"?}: runs the boto3 call against this
                        stand-in (so botocore's own requests go through the check too) and answers its result
                        as JSON; get_object answers the body as "body_base64"; params named in
                        "binary_params" are base64 text turned into bytes. The operation "list_keys"
                        answers every key under params["Prefix"] (paginated) as {"keys": [...]}; "digest"
                        answers the object's {"size", "sha256", "newlines"} (for objects too large to send back).
"""
import argparse
import base64
import datetime
import hashlib
import io
import json
import os
import socket
import sys
import threading
from collections import deque
from urllib.parse import unquote_to_bytes, urlsplit
from xml.sax.saxutils import escape

import boto3
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, make_server

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serving import serve_until_stdin_closes  # noqa: E402

UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
MAX_SKEW = datetime.timedelta(minutes=15)


class Refusal(Exception):
    """A request the check refuses: HTTP status, AWS error code, message, extra S3 error elements."""

    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


class State:
    def __init__(self, credentials, region):
        self.credentials = {c["access_key_id"]: c for c in credentials}
        self.region = region
        self.lock = threading.Lock()
        # Held around each conditional write: S3 applies one atomically, moto checks and then writes, so two at once
        # could both pass its check.
        self.conditional = threading.Lock()
        self.faults = deque()
        self.requests = self.refused = self.injected = 0
        self.port = None


def log(message):
    sys.stderr.write(f"s3-standin: {message}\n")


def parse_authorization(value):
    """`AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`."""
    algorithm, _, rest = value.partition(" ")
    if algorithm != "AWS4-HMAC-SHA256":
        raise Refusal(400, "InvalidArgument", f"Unsupported Authorization Type {algorithm!r}")
    fields = {}
    for part in rest.split(","):
        name, _, field = part.strip().partition("=")
        fields[name] = field
    try:
        access_key, date, region, service, terminator = fields["Credential"].split("/")
        signed_headers = fields["SignedHeaders"].split(";")
        signature = fields["Signature"]
    except (KeyError, ValueError):
        raise Refusal(400, "AuthorizationHeaderMalformed", "The authorization header is malformed.")
    if terminator != "aws4_request":
        raise Refusal(400, "AuthorizationHeaderMalformed", "The credential scope must end in aws4_request.")
    return access_key, date, region, service, signed_headers, signature


def canonical_url(host, raw_uri):
    """The URL as S3 canonicalizes it: path and query percent-decoded, then encoded again by AWS's rules."""
    parts = urlsplit(raw_uri)
    path = percent_encode(unquote_to_bytes(parts.path).decode("utf-8", "surrogateescape"), safe="/~")
    pairs = []
    for item in parts.query.split("&") if parts.query else []:
        name, _, value = item.partition("=")
        pairs.append((unquote_to_bytes(name).decode("utf-8", "surrogateescape"),
                      unquote_to_bytes(value).decode("utf-8", "surrogateescape")))
    return f"http://{host}{path}", pairs


def check(state, environ, body):
    """Raises Refusal unless the request is signed as AWS requires. Returns the service name."""
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    if "authorization" not in headers:
        raise Refusal(403, "AccessDenied", "Access Denied")
    access_key, date, region, service, signed_headers, signature = parse_authorization(headers["authorization"])
    s3 = service == "s3"
    known = state.credentials.get(access_key)
    if known is None:
        if s3:
            raise Refusal(403, "InvalidAccessKeyId",
                          "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyId=access_key)
        raise Refusal(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
    token = headers.get("x-amz-security-token")
    if known.get("session_token") != token:
        if known.get("session_token") and token is None and s3:
            raise Refusal(403, "InvalidAccessKeyId",
                          "The AWS Access Key Id you provided does not exist in our records.", AWSAccessKeyId=access_key)
        raise Refusal(400, "InvalidToken" if s3 else "UnrecognizedClientException",
                      "The provided token is malformed or otherwise invalid.")
    if region != state.region:
        if s3:
            raise Refusal(400, "AuthorizationHeaderMalformed",
                          f"The authorization header is malformed; the region '{region}' is wrong; "
                          f"expecting '{state.region}'", Region=state.region)
        raise Refusal(400, "InvalidSignatureException", "Credential should be scoped to a valid region.")
    amz_date = headers.get("x-amz-date", "")
    try:
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise Refusal(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
    if amz_date[:8] != date:
        raise Refusal(403, "SignatureDoesNotMatch", "The credential scope date is not the X-Amz-Date date.")
    if abs(datetime.datetime.now(datetime.timezone.utc) - when) > MAX_SKEW:
        raise Refusal(403, "RequestTimeTooSkewed",
                      "The difference between the request time and the current time is too large.")
    for name in ["host"] + [h for h in headers if h.startswith("x-amz-")]:
        if name not in signed_headers:
            raise Refusal(403, "AccessDenied", f"There were headers present in the request which were not signed: {name}")
    if s3:
        content_sha = headers.get("x-amz-content-sha256")
        if content_sha is None:
            raise Refusal(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
        if content_sha != UNSIGNED_PAYLOAD and content_sha != hashlib.sha256(body).hexdigest():
            raise Refusal(400, "XAmzContentSHA256Mismatch",
                          "The provided 'x-amz-content-sha256' header does not match what was computed.")

    missing = [h for h in signed_headers if h not in headers]
    if missing:
        raise Refusal(403, "SignatureDoesNotMatch", f"Signed headers are missing from the request: {missing}")
    url, pairs = canonical_url(headers["host"], environ.get("RAW_URI") or environ.get("REQUEST_URI") or "/")
    request = AWSRequest(method=environ["REQUEST_METHOD"], url=url,
                         headers={h: headers[h] for h in signed_headers}, data=body)
    if pairs:
        request.params = pairs
    request.context["timestamp"] = amz_date
    credentials = Credentials(access_key, known["secret_access_key"], token)
    auth = (S3SigV4Auth if s3 else SigV4Auth)(credentials, service, region)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if expected != signature:
        shown = "\n".join("x-amz-security-token:<redacted>" if line.startswith("x-amz-security-token:") else line
                          for line in canonical.split("\n"))
        log(f"signature mismatch; canonical request:\n{shown}")
        if s3:
            raise Refusal(403, "SignatureDoesNotMatch",
                          "The request signature we calculated does not match the signature you provided. "
                          "Check your key and signing method.", AWSAccessKeyId=access_key, CanonicalRequest=canonical)
        raise Refusal(400, "InvalidSignatureException",
                      "The request signature we calculated does not match the signature you provided. "
                      "Check your AWS Secret Access Key and signing method.")
    return service


def error_answer(start_response, service, status, code, message, **extra):
    if service == "s3":
        elements = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in [("Code", code), ("Message", message), *extra.items()])
        data = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{elements}<RequestId>standin</RequestId></Error>'.encode()
        content_type = "application/xml"
    else:
        data = json.dumps({"__type": code, "message": message}).encode()
        content_type = "application/x-amz-json-1.1"
    reasons = {400: "Bad Request", 403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable"}
    start_response(f"{status} {reasons.get(status, 'Error')}",
                   [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def read_body(environ):
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        return stream.read()
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return stream.read(length) if length else b""


class QuietHandler(WSGIRequestHandler):
    """No access log: refusals and faults are logged by the check itself."""

    def log_request(self, code="-", size="-"):
        pass


class SignatureCheck:
    """WSGI middleware: control endpoints, fault injection, then the signature check, then moto."""

    def __init__(self, app, state):
        self.app, self.state = app, state

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/_standin/"):
            return self.control(environ, start_response)
        with self.state.lock:
            drop = self.state.faults[0] if self.state.faults and self.state.faults[0].startswith("drop:") else None
            if drop:
                self.state.faults.popleft()
                self.state.requests += 1
                self.state.injected += 1
        if drop:
            return self.drop(environ, start_response, int(drop[5:]))
        body = read_body(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        service = "secretsmanager" if "secretsmanager" in environ.get("HTTP_X_AMZ_TARGET", "") else "s3"
        with self.state.lock:
            self.state.requests += 1
        try:
            service = check(self.state, environ, body)
        except Refusal as refusal:
            with self.state.lock:
                self.state.refused += 1
            log(f"refused {environ['REQUEST_METHOD']} {environ.get('RAW_URI')}: {refusal.code}: {refusal.message}")
            return error_answer(start_response, service, refusal.status, refusal.code, refusal.message,
                                **refusal.extra)
        with self.state.lock:
            fault = self.state.faults.popleft() if self.state.faults else None
            fault = None if fault == "ok" else fault
            self.state.injected += 1 if fault else 0
        if fault == "503":
            return error_answer(start_response, service, 503, "SlowDown", "Please reduce your request rate.")
        if fault == "500":
            return error_answer(start_response, service, 500, "InternalError",
                                "We encountered an internal error. Please try again.")
        if fault:
            log(f"injected fault {fault} into {environ['REQUEST_METHOD']} {environ.get('RAW_URI')}")
        if fault and fault.startswith("cut:"):
            return self.cut(environ, start_response, int(fault[4:]))
        if environ["REQUEST_METHOD"] in ("PUT", "DELETE") and (
                environ.get("HTTP_IF_MATCH") or environ.get("HTTP_IF_NONE_MATCH")):
            with self.state.conditional:
                return list(self.app(environ, start_response))
        return self.app(environ, start_response)

    def cut(self, environ, start_response, keep):
        """Sends the answer's status and headers, then `keep` body bytes, then closes the connection."""
        answer = b"".join(self.app(environ, start_response))

        def truncated():
            yield answer[:keep]
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)

        return truncated()

    def drop(self, environ, start_response, keep):
        """Reads `keep` bytes of the request's body, then closes the connection without answering."""
        log(f"injected fault drop:{keep} into {environ['REQUEST_METHOD']} {environ.get('RAW_URI')}")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        environ["wsgi.input"].read(min(keep, length))
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)

        def nothing():
            yield b""  # writing the status line fails on the closed socket: werkzeug drops the connection

        start_response("500 Internal Server Error", [("Content-Length", "0")])
        return nothing()

    def control(self, environ, start_response):
        path, s = environ["PATH_INFO"], self.state
        try:
            if path == "/_standin/stats":
                with s.lock:
                    result = {"requests": s.requests, "refused": s.refused, "faults": s.injected}
            elif path == "/_standin/faults":
                faults = json.loads(read_body(environ))
                with s.lock:
                    s.faults.extend(faults)
                result = {"ok": True}
            elif path == "/_standin/call":
                result = self.call(json.loads(read_body(environ)))
            else:
                raise ValueError(f"no control endpoint {path}")
            status, data = "200 OK", json.dumps(result, default=str).encode()
        except Exception as error:  # reported to the test as a 400 with the reason
            status, data = "400 Bad Request", json.dumps({"error": f"{type(error).__name__}: {error}"}).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def call(self, request):
        first = next(iter(self.state.credentials.values()))
        client = boto3.client(
            request["service"], region_name=self.state.region, endpoint_url=f"http://127.0.0.1:{self.state.port}",
            aws_access_key_id=first["access_key_id"], aws_secret_access_key=first["secret_access_key"],
            aws_session_token=first.get("session_token"),
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))
        params = dict(request.get("params") or {})
        for name in request.get("binary_params", []):
            params[name] = base64.b64decode(params[name])
        if "body_base64" in request:
            params["Body"] = base64.b64decode(request["body_base64"])
        if request["operation"] == "list_keys":
            keys = []
            for page in client.get_paginator("list_objects_v2").paginate(**params):
                keys.extend(item["Key"] for item in page.get("Contents", []))
            return {"keys": keys}
        if request["operation"] == "digest":
            digest, size, newlines = hashlib.sha256(), 0, 0
            for piece in client.get_object(**params)["Body"].iter_chunks(1 << 20):
                digest.update(piece)
                size += len(piece)
                newlines += piece.count(b"\n")
            return {"size": size, "sha256": digest.hexdigest(), "newlines": newlines}
        result = getattr(client, request["operation"])(**params)
        result.pop("ResponseMetadata", None)
        if "Body" in result:
            result["body_base64"] = base64.b64encode(result.pop("Body").read()).decode()
        return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--region", default="us-east-1")
    args = ap.parse_args()
    credentials = json.loads(os.environ.get("STANDIN_CREDENTIALS") or "[]")
    if not credentials:
        log("set STANDIN_CREDENTIALS to a JSON array of {access_key_id, secret_access_key, session_token}")
        return 2
    state = State(credentials, args.region)
    app = SignatureCheck(DomainDispatcherApplication(create_backend_app), state)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    state.port = server.server_port
    serve_until_stdin_closes(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
