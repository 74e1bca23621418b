#!/usr/bin/env python3
"""A stand-in for Arthur's SageMaker Data Capture ingestion endpoint, for integration tests.

Start:  STANDIN_TOKEN=... python3 Tests/Servers/arthur_standin.py --model-id MODEL
        Binds 127.0.0.1 on a free port, prints `{"port": N}` on stdout, logs to stderr, serves
        (threaded) until SIGTERM/SIGINT or until its stdin reaches EOF (it dies with its parent).
        By hand: `tail -f /dev/null | STANDIN_TOKEN=t python3 Tests/Servers/arthur_standin.py --model-id m`.

POST /api/v3/models/<id>/inferences/integrations/sagemaker_data_capture
        Checks, in order: injected fault, `Authorization` equals the token (401), model id (404),
        a multipart/form-data body (parsed by werkzeug) with exactly one file part `inference_data`
        whose filename ends `.jsonl` (400). Then each non-blank line is read by Arthur's published
        contract (arthur_contract.read_line: CSV or the one JSON layout, no BASE64, zone-aware
        times, ids <= 255, Arthur's own ids): a line that fails it gives one failure per inference
        and records nothing; inferences of event ids on the fail list fail; each other inference is
        recorded with its id, time, inputs and outputs. Answers 207 {"counts": {...}, "failures": [...]}.
POST /_control/faults          JSON array appended to the fault queue; one is popped per ingest
                               request: "503", "500", "401", "429" or "429:N" (Retry-After: N),
                               "reset" (read the body, then RST), "slow:S" (sleep S, then normal),
                               "stall:S" (sleep S, then RST, recording nothing), "ok" (no fault).
                               Answers that do not add up (nothing recorded): "unaccounted" (207
                               counts 0 + 5, no failures), "unknown_event" (207 failing an event id
                               that was not sent), "html200" (200 with an HTML page), "empty200"
                               (200, empty body), "redirect:URL" (301 to URL), "echo:STATUS"
                               (STATUS with the Authorization header quoted in its detail),
                               "trickle:S" (a 207 head, then its body one byte every S seconds).
                               Answers after normal processing: "item500" (the request's first
                               accepted line is failed with item status 500 and not recorded),
                               "floatcounts" (counts and statuses written as floats, `3.0`).
                               Every ingest request's User-Agent, Accept and Arthur-Organization-ID
                               are recorded (`request_headers` in /_control/received).
GET  /api/v3/models/<id>/attributes?page=P&page_size=S
        The model's attributes as arthur-client's `get_paginated_model_attributes` reads them
        (`PaginatedAttributeResponse`): {"data": [ModelAttribute...], "page", "page_size", "total_pages",
        "total_count"}, in the order they were given (not by position), at most min(S, max_page_size) a
        page (default page_size 20, as Arthur's). Token (401) and model id (404) checked first. No
        attributes set: an empty list.
GET  /api/v3/models/<id>/inferences/query/<partner id>
        arthur-client's `get_inference`: the raw path segment is percent-decoded (UTF-8) into the
        partner id; 200 {"query_result": [the stored inference]} when it was stored, else 404. Token and
        model checked first.
        Read faults ("503", "500", "429:N") are popped per GET of the attributes or of a query, before
        anything else.
PATCH /api/v3/models/<id>/inferences
        arthur-client's `update_inferences`: a JSON array of `PartnerIdInferenceGroundTruth`
        ({"partner_inference_id", "ground_truth_timestamp", "ground_truth_data": {attribute: value}}).
        Token (401) and model (404) first; a fault popped from the fault queue ("503", "500", "401",
        "429:N", "stall:S") answers the whole request; a body that is not a JSON array is 400. Each item is held to the
        contract and the model's GROUND_TRUTH/GROUND_TRUTH_CLASS attributes
        (arthur_contract.check_ground_truth: every attribute, no other, values of their value_type,
        zoned timestamp, id <= 255): an item that fails gets status 400 and Arthur-like words, as does
        an item whose partner id is on the fail list (FAIL_LIST_MESSAGE); an item
        whose id is on the ground-truth 500 list fails with status 500 once (then leaves the list);
        every other item is recorded (`ground_truths`). Answers 207
        {"counts": {...}, "results": [{"message", "status"}...]} in request order.
POST /_control/ground_truth_500 JSON array of partner ids whose next ground-truth item fails with 500.
POST /_control/attributes      {"attributes": [ModelAttribute...], "max_page_size": N} (replaces them).
POST /_control/drop_partner_ids JSON array of partner ids accepted in the 207 but then not stored, as
                               Arthur's later, asynchronous failures drop them.
POST /_control/query_faults    JSON array appended to the read fault queue (attributes and queries).
POST /_control/fail_event_ids  JSON array of event ids (replaces the list).
GET  /_control/received        {"requests", "accepted_requests", "inferences" (each stored inference, its inputs
                               also as compact JSON text "inputs_text"), "filenames", "auth_failures",
                               "attribute_requests" (each request's query string), "queried_ids" (decoded),
                               "query_requests"}
POST /_control/reset           clears faults, fail list, attributes and records.
"""
import argparse
import http.server
import io
import json
import os
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from collections import deque

from werkzeug import Request

from arthur_contract import ContractFailure, check_ground_truth, read_line
from serving import JSONHandler, serve_until_stdin_closes  # noqa: E402

INGEST_PATH = re.compile(r"^/api/v3/models/([^/]+)/inferences/integrations/sagemaker_data_capture/?$")
ATTRIBUTES_PATH = re.compile(r"^/api/v3/models/([^/?]+)/attributes(\?.*)?$")
GROUND_TRUTH_PATH = re.compile(r"^/api/v3/models/([^/?]+)/inferences/?$")
QUERY_PATH = re.compile(r"^/api/v3/models/([^/?]+)/inferences/query/([^/?#]+)$")
QUERY_FAULT = re.compile(r"^(ok|503|500|429(:\d+)?)$")
FAULT = re.compile(r"^(ok|503|500|401|429(:\d+)?|reset|slow:\d+(\.\d+)?|stall:\d+(\.\d+)?|unaccounted|unknown_event"
                   r"|html200|empty200|redirect:\S+|echo:\d{3}|trickle:\d+(\.\d+)?|item500|floatcounts)$")
ANSWER_FAULTS = ("item500", "floatcounts")
FAIL_LIST_MESSAGE = "rejected by stand-in"


class State:
    """Everything the tests configure and read back, behind one lock."""

    def __init__(self, model_id, token, sink=False):
        self.model_id, self.token, self.sink = model_id, token, sink
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.faults = deque()
        self.fail_event_ids = set()
        self.requests = self.accepted_requests = self.auth_failures = 0
        self.inferences, self.filenames = [], []
        self.sink_lines = 0
        self.request_headers = []
        self.attributes, self.max_page_size = [], 100
        self.attribute_requests, self.queried_ids, self.query_requests = [], [], 0
        self.dropped_ids, self.query_faults = set(), deque()
        self.ground_truths, self.ground_truth_requests, self.ground_truth_500 = [], 0, []


def ingest(data, fail_event_ids):
    """The file's lines, read as Arthur reads them -> (successful inferences, failures), like Arthur's 207."""
    successes, failures = [], []
    for line_no, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            event_id, inferences = read_line(raw)
        except ContractFailure as f:
            failures.extend({"message": f.message, "status": 400, "event_id": f.event_id,
                             "inference_index_in_event": index} for index in range(f.rows))
            continue
        for index, inference in enumerate(inferences):
            if event_id in fail_event_ids:
                failures.append({"message": FAIL_LIST_MESSAGE, "status": 400, "event_id": event_id,
                                 "inference_index_in_event": index})
            else:
                successes.append(dict(inference, event_id=event_id, line=line_no))
    return successes, failures


class Handler(JSONHandler):
    server_version = "ArthurStandIn/1"
    log_name = "arthur-standin"
    state: State  # set on the class by main()

    def reset_connection(self):
        """Abort with a TCP RST: linger 0, then close the socket without answering."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket's last makefile reference, so close() really closes it
        self.connection.close()
        self.close_connection = True

    def raw_reply(self, status, data, content_type, headers=()):
        """An answer that is not JSON (an HTML page, an empty body, a redirect)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def trickle(self, seconds):
        """A 207 whose body comes one byte every `seconds`, until it is done or the client leaves."""
        data = json.dumps({"counts": {"success": 0, "failure": 0, "total": 0}, "failures": []}).encode()
        data += b" " * 60
        self.send_response(207)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(seconds)
        except (BrokenPipeError, ConnectionResetError):
            self.log_message("the client left during the trickle")
        self.close_connection = True

    def reply(self, status, body, headers=()):
        """JSON answers; a 207 is rewritten first when an answer fault (item500, floatcounts) is pending."""
        fault = getattr(self, "answer_fault", None)
        self.answer_fault = None
        if fault and status == 207 and isinstance(body, dict):
            body = self.rewrite_answer(fault[0], fault[1], body)
        super().reply(status, body, headers)

    def rewrite_answer(self, fault, number, body):
        s = self.state
        if fault == "item500":
            with s.lock:
                mine = [i for i in s.inferences if i.get("request") == number]
                if mine:
                    first = min(i.get("line", 0) for i in mine)
                    failed = [i for i in mine if i.get("line", 0) == first]
                    s.inferences = [i for i in s.inferences if not (i.get("request") == number
                                                                    and i.get("line", 0) == first)]
                    body["counts"]["success"] -= len(failed)
                    body["counts"]["failure"] += len(failed)
                    body["failures"] = [{"message": "Internal Server Error (stand-in item500)", "status": 500,
                                         "event_id": i.get("event_id"), "inference_index_in_event": index}
                                        for index, i in enumerate(failed)] + body["failures"]
        if fault == "floatcounts":
            body["counts"] = {key: float(value) for key, value in body["counts"].items()}
            for failure in body["failures"]:
                failure["status"] = float(failure["status"])
        return body

    def do_GET(self):
        s = self.state
        if self.path == "/_control/received":
            with s.lock:
                self.reply(200, {"requests": s.requests, "accepted_requests": s.accepted_requests,
                                 "inferences": s.inferences, "filenames": s.filenames,
                                 "auth_failures": s.auth_failures, "sink_lines": s.sink_lines,
                                 "request_headers": s.request_headers,
                                 "attribute_requests": s.attribute_requests, "queried_ids": s.queried_ids,
                                 "query_requests": s.query_requests, "ground_truths": s.ground_truths,
                                 "ground_truth_requests": s.ground_truth_requests})
        elif ATTRIBUTES_PATH.match(self.path):
            self.attributes_request(ATTRIBUTES_PATH.match(self.path).group(1))
        elif QUERY_PATH.match(self.path):
            model_id, raw_id = QUERY_PATH.match(self.path).groups()
            self.query_request(model_id, raw_id)
        else:
            self.reply(404, {"detail": "Not Found"})

    def refused(self, model_id):
        """The token and model checks every model endpoint makes first: True when it answered 401 or 404."""
        s = self.state
        if self.headers.get("Authorization") != s.token:
            with s.lock:
                s.auth_failures += 1
            self.reply(401, {"detail": "Invalid or expired token"})
            return True
        if model_id != s.model_id:
            self.reply(404, {"detail": f"Model {model_id} not found"})
            return True
        return False

    def attributes_request(self, model_id):
        s = self.state
        query = urllib.parse.urlsplit(self.path).query
        with s.lock:
            s.attribute_requests.append(query)
        if self.read_fault() or self.refused(model_id):
            return
        params = urllib.parse.parse_qs(query)
        try:
            page = int(params.get("page", ["1"])[0])
            page_size = int(params.get("page_size", ["20"])[0])
            if page < 1 or page_size < 1:
                raise ValueError
        except ValueError:
            return self.reply(400, {"detail": "page and page_size must be whole numbers >= 1"})
        with s.lock:
            attributes, size = list(s.attributes), min(page_size, s.max_page_size)
        total_pages = max(1, -(-len(attributes) // size))
        self.reply(200, {"data": attributes[(page - 1) * size:page * size], "page": page, "page_size": size,
                         "total_pages": total_pages, "total_count": len(attributes)})

    def read_fault(self):
        """Answers with the next read fault, if one is queued: True when it did."""
        s = self.state
        with s.lock:
            fault = s.query_faults.popleft() if s.query_faults else None
        if not fault or fault == "ok":
            return False
        if fault.startswith("429"):
            headers = [("Retry-After", fault[4:])] if ":" in fault else []
            self.reply(429, {"detail": "Too Many Requests"}, headers)
        else:
            self.reply(int(fault), {"detail": "stand-in read fault"})
        return True

    def query_request(self, model_id, raw_id):
        s = self.state
        with s.lock:
            s.query_requests += 1
        if self.read_fault() or self.refused(model_id):
            return
        try:
            partner_id = urllib.parse.unquote(raw_id, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            return self.reply(400, {"detail": "the partner id is not UTF-8"})
        with s.lock:
            s.queried_ids.append(partner_id)
            found = [i for i in s.inferences if i["partner_inference_id"] == partner_id]
        if not found:
            return self.reply(404, {"detail": f"Inference {partner_id} not found"})
        self.reply(200, {"query_result": [{key: value for key, value in found[-1].items()
                                          if key in ("partner_inference_id", "inference_timestamp")}]})

    def do_POST(self):
        body = self.read_body()
        if INGEST_PATH.match(self.path):
            self.ingest_request(INGEST_PATH.match(self.path).group(1), body)
        elif self.path.startswith("/_control/"):
            self.control(self.path[len("/_control/"):], body)
        else:
            self.reply(404, {"detail": "Not Found"})

    def control(self, name, body):
        s = self.state
        if name == "reset":
            with s.lock:
                s.reset()
            return self.reply(200, {"ok": True})
        if name == "attributes":
            try:
                config = json.loads(body)
                attributes = config["attributes"]
                if not isinstance(attributes, list) or not all(isinstance(a, dict) for a in attributes):
                    raise ValueError("attributes must be a list of objects")
                max_page_size = int(config.get("max_page_size", 100))
            except (ValueError, KeyError, TypeError) as e:
                return self.reply(400, {"detail": str(e)})
            with s.lock:
                s.attributes, s.max_page_size = attributes, max(1, max_page_size)
            return self.reply(200, {"ok": True})
        try:
            items = json.loads(body)
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError("expected a JSON array of strings")
            if name == "faults" and not all(FAULT.match(i) for i in items):
                raise ValueError("unknown fault; see the stand-in's docstring for the list")
        except ValueError as e:
            return self.reply(400, {"detail": str(e)})
        with s.lock:
            if name == "faults":
                s.faults.extend(items)
            elif name == "query_faults":
                if not all(QUERY_FAULT.match(i) for i in items):
                    return self.reply(400, {"detail": "unknown query fault"})
                s.query_faults.extend(items)
            elif name == "ground_truth_500":
                s.ground_truth_500.extend(items)
            elif name == "drop_partner_ids":
                s.dropped_ids = set(items)
            elif name == "fail_event_ids":
                s.fail_event_ids = set(items)
            else:
                return self.reply(404, {"detail": "Not Found"})
        self.reply(200, {"ok": True})

    def do_PATCH(self):
        body = self.read_body()
        match = GROUND_TRUTH_PATH.match(self.path)
        if not match:
            return self.reply(404, {"detail": "Not Found"})
        s = self.state
        with s.lock:
            s.ground_truth_requests += 1
            number = s.ground_truth_requests
            fault = s.faults.popleft() if s.faults else None
        if self.refused(match.group(1)):
            return
        if fault and fault.startswith("stall:"):
            time.sleep(float(fault[6:]))
            return self.reset_connection()
        if fault in ("503", "500"):
            return self.reply(int(fault), {"detail": "Service Unavailable" if fault == "503" else "Internal Server Error"})
        if fault == "401":
            return self.reply(401, {"detail": "Invalid or expired token"})
        if fault and fault.startswith("429"):
            return self.reply(429, {"detail": "Too Many Requests"}, [("Retry-After", fault[4:])] if ":" in fault else [])
        try:
            items = json.loads(body)
        except ValueError:
            return self.reply(400, {"detail": "the body is not JSON"})
        if not isinstance(items, list):
            return self.reply(400, {"detail": "expected a JSON array of ground truth objects"})
        results = []
        with s.lock:
            for item in items:
                reason = check_ground_truth(item, s.attributes)
                if reason:
                    results.append({"message": reason, "status": 400})
                elif item["partner_inference_id"] in s.fail_event_ids:
                    results.append({"message": FAIL_LIST_MESSAGE, "status": 400})
                elif item["partner_inference_id"] in s.ground_truth_500:
                    s.ground_truth_500.remove(item["partner_inference_id"])
                    results.append({"message": "Internal Server Error (stand-in ground_truth_500)", "status": 500})
                else:
                    s.ground_truths.append(dict(item, request=number, data_text=json.dumps(
                        item["ground_truth_data"], separators=(",", ":"), sort_keys=True)))
                    results.append({"message": "success", "status": 200})
        failed = sum(1 for r in results if r["status"] != 200)
        self.reply(207, {"counts": {"success": len(results) - failed, "failure": failed, "total": len(results)},
                         "results": results})

    def ingest_request(self, model_id, body):
        s = self.state
        with s.lock:
            s.requests += 1
            number = s.requests
            fault = s.faults.popleft() if s.faults else None
            fail_event_ids = set(s.fail_event_ids)
            s.request_headers.append({name: self.headers.get(name)
                                      for name in ("User-Agent", "Accept", "Arthur-Organization-ID")})
        if fault:
            self.log_message("request %d: injected fault %s", number, fault)
        self.answer_fault = (fault, number) if fault in ANSWER_FAULTS else None
        if fault == "unaccounted":
            return self.reply(207, {"counts": {"success": 0, "failure": 5}, "failures": []})
        if fault == "unknown_event":
            return self.reply(207, {"counts": {"success": 0, "failure": 1, "total": 1},
                                    "failures": [{"message": "no such event", "status": 400,
                                                  "event_id": "unknown-event-0", "inference_index_in_event": 0}]})
        if fault == "html200":
            return self.raw_reply(200, b"<html><body><h1>Down for maintenance</h1></body></html>", "text/html")
        if fault == "empty200":
            return self.raw_reply(200, b"", "application/json")
        if fault and fault.startswith("redirect:"):
            return self.raw_reply(301, b"", "text/plain", [("Location", fault[len("redirect:"):])])
        if fault and fault.startswith("echo:"):
            detail = f"invalid request: Authorization: {self.headers.get('Authorization')}"
            return self.reply(int(fault[5:]), {"detail": detail})
        if fault and fault.startswith("trickle:"):
            return self.trickle(float(fault[len("trickle:"):]))
        if fault == "reset":
            return self.reset_connection()
        if fault and fault.startswith("stall:"):
            time.sleep(float(fault[6:]))
            return self.reset_connection()
        if fault in ("503", "500"):
            detail = "Service Unavailable" if fault == "503" else "Internal Server Error"
            return self.reply(int(fault), {"detail": detail})
        if fault == "401":
            return self.reply(401, {"detail": "Invalid or expired token"})
        if fault and fault.startswith("429"):
            headers = [("Retry-After", fault[4:])] if ":" in fault else []
            return self.reply(429, {"detail": "Too Many Requests"}, headers)
        if fault and fault.startswith("slow:"):
            time.sleep(float(fault[5:]))

        if self.headers.get("Authorization") != s.token:
            with s.lock:
                s.auth_failures += 1
            return self.reply(401, {"detail": "Invalid or expired token"})
        if model_id != s.model_id:
            return self.reply(404, {"detail": f"Model {model_id} not found"})
        request = Request({"REQUEST_METHOD": "POST", "PATH_INFO": self.path, "QUERY_STRING": "",
                           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(self.server.server_port),
                           "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
                           "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                           "CONTENT_LENGTH": str(len(body))})
        if request.mimetype != "multipart/form-data":
            return self.reply(400, {"detail": "Expected a multipart/form-data body"})
        files = list(request.files.items(multi=True))
        if len(files) != 1 or files[0][0] != "inference_data":
            return self.reply(400, {"detail": "Expected exactly one file part named inference_data, "
                                              f"got {[name for name, _ in files]}"})
        upload = files[0][1]
        if not (upload.filename or "").endswith(".jsonl"):
            return self.reply(400, {"detail": f"The inference_data file name must end with .jsonl, got {upload.filename!r}"})

        data = upload.stream.read()
        if s.sink:
            # Benchmark mode: the multipart body is still parsed for real, the lines only counted.
            lines = sum(1 for line in data.split(b"\n") if line.strip())
            with s.lock:
                s.accepted_requests += 1
                s.sink_lines += lines
            return self.reply(207, {"counts": {"success": lines, "failure": 0, "total": lines}, "failures": []})
        successes, failures = ingest(data, fail_event_ids)
        with s.lock:
            s.accepted_requests += 1
            s.filenames.append(upload.filename)
            # Accepted in the 207; the ones on the drop list are then lost, as a later, asynchronous failure loses them.
            s.inferences.extend(dict(i, request=number, inputs_text=json.dumps(i["inputs"], separators=(",", ":")))
                                for i in successes if i["partner_inference_id"] not in s.dropped_ids)
        self.reply(207, {"counts": {"success": len(successes), "failure": len(failures),
                                    "total": len(successes) + len(failures)},
                         "failures": failures})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-id", required=True)
    ap.add_argument("--sink", action="store_true",
                    help="benchmark mode: parse the multipart body, count the lines, record nothing else")
    args = ap.parse_args()
    token = os.environ.get("STANDIN_TOKEN")
    if not token:
        sys.stderr.write("arthur-standin: set STANDIN_TOKEN to the token clients must send\n")
        return 2

    Handler.state = State(args.model_id, token, sink=args.sink)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serve_until_stdin_closes(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
