#!/usr/bin/python3
"""FTP clients (ftplib / raw sockets) used by scripts/make-samples.

Subcommands:
  login-retry HOST USER BADPASS GOODPASS
      one control connection: USER/PASS with a wrong password (530),
      USER/PASS again with the right one (230), PASV + LIST, QUIT.
  stor-active HOST USER PASS LOCALFILE REMOTENAME
      login, active-mode (PORT) STOR of LOCALFILE, QUIT.
  ipv6 HOST USER PASS FILENAME LOCALFILE
      ftplib over IPv6: EPSV + LIST, then EPRT + RETR FILENAME (saved
      to LOCALFILE), QUIT.
  telnet HOST FILENAME
      a person at a telnet prompt: lower-case commands typed one
      character per TCP segment, PASV, data connection opened before
      "retr", QUIT.
"""
import ftplib
import re
import socket
import sys
import time


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def login_retry(host, user, badpass, goodpass):
    ftp = ftplib.FTP()
    say(ftp.connect(host, 21, timeout=10))
    say(ftp.sendcmd("USER " + user))
    try:
        say(ftp.sendcmd("PASS " + badpass))
        raise SystemExit("wrong password was accepted")
    except ftplib.error_perm as exc:
        say(str(exc))
    say(ftp.sendcmd("USER " + user))
    say(ftp.sendcmd("PASS " + goodpass))
    ftp.set_pasv(True)
    lines = []
    say(ftp.retrlines("LIST", lines.append))
    say("\n".join(lines))
    say(ftp.quit())


def stor_active(host, user, password, localfile, remotename):
    ftp = ftplib.FTP()
    say(ftp.connect(host, 21, timeout=10))
    say(ftp.login(user, password))
    ftp.set_pasv(False)
    with open(localfile, "rb") as fh:
        say(ftp.storbinary("STOR " + remotename, fh))
    say(ftp.quit())


def ipv6(host, user, password, filename, localfile):
    ftp = ftplib.FTP()
    # connecting to an IPv6 address makes ftplib use EPSV / EPRT
    say(ftp.connect(host, 21, timeout=10))
    say(ftp.login(user, password))
    ftp.set_pasv(True)
    lines = []
    say(ftp.retrlines("LIST", lines.append))
    say("\n".join(lines))
    ftp.set_pasv(False)
    with open(localfile, "wb") as fh:
        say(ftp.retrbinary("RETR " + filename, fh.write))
    say(ftp.quit())


class Typist:
    """A control connection driven like a human at a telnet prompt."""

    def __init__(self, host, port=21, delay=0.03):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.delay = delay
        self.buf = b""

    def read_reply(self):
        """Read one (possibly multi-line) reply; return its text."""
        while True:
            while b"\r\n" not in self.buf:
                data = self.sock.recv(4096)
                if not data:
                    raise SystemExit("server closed the control connection")
                self.buf += data
            # a complete reply ends with a line "ddd text"
            lines = self.buf.split(b"\r\n")
            for i, line in enumerate(lines[:-1]):
                if re.match(rb"^\d{3} ", line) and (
                        i == 0 or lines[0][:3] == line[:3]):
                    reply = b"\r\n".join(lines[:i + 1]).decode()
                    self.buf = b"\r\n".join(lines[i + 1:])
                    say("<<< " + reply)
                    return reply
            data = self.sock.recv(4096)
            if not data:
                raise SystemExit("server closed the control connection")
            self.buf += data

    def type_line(self, text):
        """One send() per key press; Enter (CRLF) is a segment of its own."""
        say(">>> " + text)
        for ch in text:
            time.sleep(self.delay)
            self.sock.send(ch.encode())
        time.sleep(self.delay)
        self.sock.send(b"\r\n")


def telnet(host, filename):
    t = Typist(host)
    t.read_reply()                      # 220
    t.type_line("user anonymous")
    t.read_reply()                      # 331
    t.type_line("pass 1")
    t.read_reply()                      # 230
    t.type_line("pasv")
    reply = t.read_reply()              # 227 ... (h1,h2,h3,h4,p1,p2)
    m = re.search(r"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)", reply)
    if not m:
        raise SystemExit("no address in PASV reply: " + reply)
    nums = [int(x) for x in m.groups()]
    data_host = ".".join(str(n) for n in nums[:4])
    data_port = nums[4] * 256 + nums[5]
    # open the data connection before typing the transfer command
    data = socket.create_connection((data_host, data_port), timeout=10)
    time.sleep(0.2)
    t.type_line("retr " + filename)
    t.read_reply()                      # 125 Data connection already open
    content = b""
    while True:
        chunk = data.recv(4096)
        if not chunk:
            break
        content += chunk
    data.close()
    say("data: %r" % content)
    t.read_reply()                      # 226
    t.type_line("quit")
    t.read_reply()                      # 221
    t.sock.close()


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    cmd, args = argv[0], argv[1:]
    funcs = {
        "login-retry": login_retry,
        "stor-active": stor_active,
        "ipv6": ipv6,
        "telnet": telnet,
    }
    if cmd not in funcs:
        raise SystemExit(__doc__)
    funcs[cmd](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
