#!/usr/bin/env python3
"""An HTTPS server on loopback with a freshly made self-signed certificate, for checking that clients verify
TLS: a client that trusts the system's roots only must refuse it. It answers any POST with 207 and counts
the requests that got through the handshake (GET /_control/received → {"requests": N}).

Start:  python3 Tests/Servers/tls_server.py  → prints {"port": N}; serves until stdin closes.
"""
import datetime
import http.server
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from serving import JSONHandler, serve_until_stdin_closes


def self_signed(directory):
    """A key and a self-signed certificate for 127.0.0.1, written to `directory`; returns their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    key_path, cert_path = f"{directory}/key.pem", f"{directory}/cert.pem"
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(cert_path, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class Handler(JSONHandler):
    log_name = "tls-server"
    requests = 0

    def do_GET(self):
        self.reply(200, {"requests": Handler.requests})

    def do_POST(self):
        self.read_body()
        Handler.requests += 1
        self.reply(207, {"counts": {"success": 0, "failure": 0, "total": 0}, "failures": []})


def main():
    with tempfile.TemporaryDirectory() as directory:
        key_path, cert_path = self_signed(directory)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        serve_until_stdin_closes(server)


if __name__ == "__main__":
    main()
