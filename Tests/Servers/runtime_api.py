#!/usr/bin/env python3
"""A real AWS Lambda Runtime API (2018-06-01) on loopback, for driving a custom runtime in tests.

Start:  python3 Tests/Servers/runtime_api.py
        Binds 127.0.0.1 on a free port, prints `{"port": N}` on stdout, logs to stderr, serves
        (threaded) until its stdin reaches EOF (it dies with its parent) or SIGTERM/SIGINT.
        Point the runtime at it with AWS_LAMBDA_RUNTIME_API=127.0.0.1:N.
        By hand: `tail -f /dev/null | python3 Tests/Servers/runtime_api.py`.

Runtime API (what Lambda serves to a custom runtime):
GET  /2018-06-01/runtime/invocation/next        Waits until an event is queued, then answers 200 with the
                                                payload and Lambda-Runtime-Aws-Request-Id,
                                                Lambda-Runtime-Deadline-Ms, Lambda-Runtime-Invoked-Function-Arn
                                                and (when given) Lambda-Runtime-Trace-Id.
POST /2018-06-01/runtime/invocation/<id>/response   202; recorded. 400 for an id never handed out.
POST /2018-06-01/runtime/invocation/<id>/error      202; recorded with Lambda-Runtime-Function-Error-Type.
POST /2018-06-01/runtime/init/error                 202; recorded with Lambda-Runtime-Function-Error-Type.

Control (for the tests):
POST /_control/events    A JSON object or array of objects, each queued as one event:
                         {"payload": "<raw text of the event>", "requestId"?: "...",
                          "deadlineInMs"?: 30000 (ms after it is handed out), "traceId"?: "...",
                          "functionArn"?: "..."}. Answers {"requestIds": [...]}.
GET  /_control/records   {"next_requests": [{"time": <epoch seconds>}], "responses": [{"requestId", "body"}],
                          "errors": [{"requestId", "errorType", "body"}], "init_errors": [{"errorType", "body"}],
                          "pending": <events not yet handed out>}. Bodies are text.
"""
import http.server
import json
import re
import sys
import threading
import time
import uuid
from collections import deque

from serving import JSONHandler, serve_until_stdin_closes

INVOCATION_PATH = re.compile(r"^/2018-06-01/runtime/invocation/([^/]+)/(response|error)$")
DEFAULT_ARN = "arn:aws:lambda:us-east-1:123456789012:function:test-function"


class State:
    """Queued events and everything the runtime sent, behind one condition."""

    def __init__(self):
        self.cond = threading.Condition()
        self.queue = deque()
        self.handed_out = set()
        self.next_requests, self.responses, self.errors, self.init_errors = [], [], [], []


class Handler(JSONHandler):
    server_version = "RuntimeAPIStandIn/1"
    log_name = "runtime-api"
    state: State  # set on the class by main()

    def do_GET(self):
        s = self.state
        if self.path == "/2018-06-01/runtime/invocation/next":
            with s.cond:
                s.next_requests.append({"time": time.time()})
                s.cond.notify_all()
                while not s.queue:
                    s.cond.wait()
                event = s.queue.popleft()
                s.handed_out.add(event["requestId"])
            deadline = int(time.time() * 1000) + int(event.get("deadlineInMs", 30000))
            headers = [("Lambda-Runtime-Aws-Request-Id", event["requestId"]),
                       ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                       ("Lambda-Runtime-Invoked-Function-Arn", event.get("functionArn", DEFAULT_ARN))]
            if event.get("traceId"):
                headers.append(("Lambda-Runtime-Trace-Id", event["traceId"]))
            self.reply(200, event["payload"].encode(), headers)
        elif self.path == "/_control/records":
            with s.cond:
                self.reply(200, {"next_requests": s.next_requests, "responses": s.responses, "errors": s.errors,
                                 "init_errors": s.init_errors, "pending": len(s.queue)})
        else:
            self.reply(404, {"errorMessage": "no such path", "errorType": "NotFound"})

    def do_POST(self):
        s = self.state
        body = self.read_body()
        text = body.decode("utf-8", errors="replace")
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        match = INVOCATION_PATH.match(self.path)
        if match:
            request_id, kind = match.groups()
            with s.cond:
                if request_id not in s.handed_out:
                    self.reply(400, {"errorMessage": "Invalid request ID", "errorType": "InvalidRequestID"})
                    return
                if kind == "response":
                    s.responses.append({"requestId": request_id, "body": text})
                else:
                    s.errors.append({"requestId": request_id, "errorType": error_type, "body": text})
                s.cond.notify_all()
            self.reply(202, {"status": "OK"})
        elif self.path == "/2018-06-01/runtime/init/error":
            with s.cond:
                s.init_errors.append({"errorType": error_type, "body": text})
                s.cond.notify_all()
            self.reply(202, {"status": "OK"})
        elif self.path == "/_control/events":
            events = json.loads(body)
            events = events if isinstance(events, list) else [events]
            ids = []
            with s.cond:
                for event in events:
                    event.setdefault("requestId", str(uuid.uuid4()))
                    s.queue.append(event)
                    ids.append(event["requestId"])
                s.cond.notify_all()
            self.reply(200, {"requestIds": ids})
        else:
            self.reply(404, {"errorMessage": "no such path", "errorType": "NotFound"})


def main():
    Handler.state = State()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True  # a thread waiting in /next must not hold up the exit
    serve_until_stdin_closes(server)


if __name__ == "__main__":
    main()
