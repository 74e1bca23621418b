"""What every test server here shares: how it runs (announce the port, serve until stdin closes or a
signal comes) and, for the http.server ones, reading request bodies and answering JSON."""
import http.server
import json
import os
import signal
import sys
import threading


def serve_until_stdin_closes(server):
    """Print `{"port": N}`, serve on other threads, and return once stdin reaches EOF or SIGTERM/SIGINT comes.

    A test starts the server with a pipe as stdin, so the server dies with the test even if the test is killed.
    """
    stop = threading.Event()

    def watch_stdin():
        while os.read(0, 65536):  # the raw fd: a buffered reader's lock would abort interpreter exit
            pass
        stop.set()

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch_stdin, daemon=True).start()
    sys.stdout.write(json.dumps({"port": server.server_port}) + "\n")
    sys.stdout.flush()
    stop.wait()
    server.shutdown()
    server.server_close()


class JSONHandler(http.server.BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; request bodies plain or chunked; JSON (or raw bytes) answers; logs to stderr."""

    protocol_version = "HTTP/1.1"
    log_name = "test-server"

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.log_name}: {fmt % args}\n")

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.log_message("the client left before the answer (it timed out?)")
            self.close_connection = True
