#!/usr/bin/python3
"""Small pyftpdlib server used by scripts/make-samples.

Runs in the foreground until killed.  Must be started with the system
python (/usr/bin/python3), which has python3-pyftpdlib.

Options:
  --host ADDR         address to listen on (127.0.0.1 or ::1)
  --port N            control port (default 21)
  --root DIR          directory served to every user
  --anonymous         allow anonymous login (read-only)
  --user NAME:PASS    add a virtual user (may be repeated)
  --writable          give virtual users write permission (STOR etc.)
  --auth-delay SEC    delay before a 530 reply (pyftpdlib default 3)
  --max-logins N      failed logins allowed before disconnecting (default 3)
  --banner TEXT       text of the 220 greeting
  --log FILE          log file
  --masquerade ADDR   address announced in PASV replies (a server behind NAT)
  --permit-foreign    accept PORT/EPRT to a host other than the client (bounce)
  --max-cons-per-ip N most control connections from one address (421 past it)
  --tls CERT:KEY      explicit FTPS (AUTH TLS) with this certificate and key
"""
import argparse
import logging

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=21)
    ap.add_argument("--root", required=True)
    ap.add_argument("--anonymous", action="store_true")
    ap.add_argument("--user", action="append", default=[])
    ap.add_argument("--writable", action="store_true")
    ap.add_argument("--auth-delay", type=float, default=0.5)
    ap.add_argument("--max-logins", type=int, default=3)
    ap.add_argument("--banner",
                    default="pyftpdlib ready (ftp-report sample server).")
    ap.add_argument("--log")
    ap.add_argument("--masquerade")
    ap.add_argument("--permit-foreign", action="store_true")
    ap.add_argument("--max-cons-per-ip", type=int, default=0)
    ap.add_argument("--tls")
    args = ap.parse_args()

    logging.basicConfig(filename=args.log, level=logging.INFO,
                        format="%(asctime)s %(message)s")

    authorizer = DummyAuthorizer()
    perm = "elradfmwMT" if args.writable else "elr"
    for spec in args.user:
        name, _, password = spec.partition(":")
        authorizer.add_user(name, password, args.root, perm=perm)
    if args.anonymous:
        authorizer.add_anonymous(args.root, perm="elr")

    base = FTPHandler
    if args.tls:
        from pyftpdlib.handlers import TLS_FTPHandler  # needs python3-openssl
        base = TLS_FTPHandler

    class Handler(base):
        pass

    if args.tls:
        Handler.certfile, _, Handler.keyfile = args.tls.partition(":")
    if args.masquerade:
        Handler.masquerade_address = args.masquerade
    Handler.permit_foreign_addresses = args.permit_foreign
    Handler.authorizer = authorizer
    Handler.banner = args.banner
    Handler.auth_failed_timeout = args.auth_delay
    Handler.max_login_attempts = args.max_logins

    server = FTPServer((args.host, args.port), Handler)
    if args.max_cons_per_ip:
        server.max_cons_per_ip = args.max_cons_per_ip
    server.serve_forever()


if __name__ == "__main__":
    main()
