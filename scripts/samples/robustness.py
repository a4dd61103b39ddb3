#!/usr/bin/python3
"""Clients and small scripted servers for the robustness captures
(scripts/make-samples ... robustness; written to test/fixtures/robustness/).

Real servers (pyftpdlib, vsftpd) are used wherever they can show the case;
the scripted servers here stand in where a real one cannot misbehave on
purpose: a banner sent late, replies with broken codes, an SSH server or
binary noise on port 21.

Servers (run in the foreground, one connection each unless noted):
  fake-ftp MODE HOST PORT      MODE is late-banner or malformed
  fake-ssh HOST PORT           an SSH banner and binary bytes, then close
  binary-server HOST PORT      binary noise both ways, then close
Clients:
  pipeline HOST PORT           USER/PASS/SYST/PWD sent before the banner
  malformed HOST PORT          commands for fake-ftp malformed, one over-long
  binary-client HOST PORT      binary noise to port PORT
  typist-transfer HOST USER PASS RETRNAME RETRSIZE STORNAME STORSIZE
                               commands typed one byte per segment, PASV RETR
                               and PASV STOR, one crafted segment overlapping
                               the control and the STOR data each (for the
                               loss and reordering capture)
  session HOST PORT USER PASS  login, PASV LIST, PASV RETR readme.txt, QUIT
  bounce HOST USER PASS THIRD PORT1 PORT2
                               PORT/EPRT that send the server to THIRD
  port-reuse HOST PPORT APORT  two passive transfers from local port PPORT,
                               two active ones to local port APORT
  concurrent HOST NAME:SIZE... one anonymous session per file, their transfers
                               at the same time
  abort HOST USER PASS NAME    RETR NAME, read a little, Telnet IP/Synch + ABOR
  refused-and-reset HOST CLOSEDPORT NAME
                               PORT to a closed port + RETR (425), then
                               PASV + RETR NAME reset part-way (426)
  too-many HOST USER PASS      a second control connection while one is open
  idle HOST USER PASS SECONDS  login, then wait for the server's idle 421
Checks:
  disorder-stats FILE [CONTROLPORT]
                               counts, per kind of connection, the segments
                               the capture shows retransmitted, duplicated,
                               reordered and overlapping; exit 1 unless the
                               control and the data connections show each
"""
import random
import re
import socket
import struct
import sys
import threading
import time

CRLF = b"\r\n"


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def noise(seed, n):
    """n reproducible pseudo-random bytes."""
    return random.Random(seed).randbytes(n)


# --- a control connection that reads replies loosely -------------------------

class Control:
    def __init__(self, host, port=21, timeout=30, nodelay=False):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        if nodelay:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.host = host
        self.buf = b""

    def line(self):
        while CRLF not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("server closed the control connection")
            self.buf += data
        line, self.buf = self.buf.split(CRLF, 1)
        return line

    def reply(self):
        """One reply (multi-line ones whole); returns (code, text)."""
        first = self.line()
        lines = [first]
        if re.match(rb"^\d{3}-", first):
            while True:
                ln = self.line()
                lines.append(ln)
                if ln[:3] == first[:3] and ln[3:4] == b" ":
                    break
        text = b"\n".join(lines).decode("latin1")
        say("<<< " + text[:200])
        code = int(first[:3]) if re.match(rb"^\d{3}", first) else None
        return code, text

    def send(self, line):
        say(">>> %r" % line[:200])
        self.sock.sendall(line + CRLF)

    def cmd(self, line, *codes):
        self.send(line)
        code, text = self.reply()
        if codes and code not in codes:
            raise SystemExit("%r: unexpected reply %r" % (line, text))
        return code, text

    def login(self, user, password):
        self.cmd(b"USER " + user.encode(), 331, 230)
        self.cmd(b"PASS " + password.encode(), 230)

    def pasv_addr(self):
        _, text = self.cmd(b"PASV", 227)
        nums = [int(x) for x in re.search(r"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)", text).groups()]
        return ".".join(map(str, nums[:4])), nums[4] * 256 + nums[5]

    def pasv_connect(self, bind_port=None, rcvbuf=None):
        """PASV, then connect to the announced port on the control connection's host
        (as ftplib and curl do: the announced address is not trusted)."""
        _, port = self.pasv_addr()
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(30)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if bind_port:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", bind_port))
        s.connect((self.host, port))
        return s

    def close(self):
        self.cmd(b"QUIT", 221)
        self.sock.close()


def read_all(sock):
    got = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        got += chunk
    sock.close()
    return got


def port_arg(ip, port):
    return (",".join(ip.split(".")) + ",%d,%d" % (port // 256, port % 256)).encode()


# --- scripted servers ------------------------------------------------------

def listen(host, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(5)
    return srv


FAKE_REPLIES = {
    "late-banner": {
        "USER": [b"331 Password required."],
        "PASS": [b"230 Logged in."],
        "SYST": [b"215 UNIX Type: L8"],
        "PWD": [b'257 "/" is the current directory.'],
    },
    # one kind of broken reply per command; the client knows the order
    "malformed": {
        "USER": [b"331Password required (no space after the code)."],
        "PASS": [b"230 Logged in."],
        "SYST": [b"UNIX Type: L8 (no reply code)"],
        "NOOP": [b"999 A code outside 100-699."],
        "STAT": [b"211 " + b"x" * 12000],
        "HELP": [b"214 Help yourself.", None, b"200 An unsolicited reply: no command asked for it."],
        "PWD": [b'257 "/" is the current directory.'],
    },
}


def fake_ftp(mode, host, port):
    """One connection: a banner (late in late-banner mode), then one scripted reply per line."""
    srv = listen(host, int(port))
    conn, _ = srv.accept()
    if mode == "late-banner":
        time.sleep(0.4)                 # the client pipelines its commands meanwhile
    conn.sendall(b"220 Scripted FTP server (%s)." % mode.encode() + CRLF)
    table = FAKE_REPLIES[mode]
    buf = b""
    while True:
        data = conn.recv(65536)
        if not data:
            break
        buf += data
        while CRLF in buf:
            line, buf = buf.split(CRLF, 1)
            verb = line.split(b" ", 1)[0].decode("latin1").upper()
            if verb == "QUIT":
                conn.sendall(b"221 Goodbye." + CRLF)
                conn.close()
                return
            if len(line) > 8192:
                replies = [b"500 Command line too long."]
            else:
                replies = table.get(verb, [b"502 Command not implemented."])
            for r in replies:
                if r is None:
                    time.sleep(0.3)
                else:
                    conn.sendall(r + CRLF)
    conn.close()


def fake_ssh(host, port):
    """An SSH server's first words on an FTP port: its banner, then binary key exchange bytes."""
    srv = listen(host, int(port))
    conn, _ = srv.accept()
    conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3" + CRLF)
    conn.settimeout(2)
    got = b""
    try:
        while len(got) < 600:
            data = conn.recv(65536)
            if not data:
                break
            got += data
    except socket.timeout:
        pass
    say("client sent %d bytes: %r" % (len(got), got[:60]))
    # a binary packet: length, padding length, SSH_MSG_KEXINIT (20), then noise
    body = bytes([20]) + noise(22, 700)
    conn.sendall(struct.pack(">IB", len(body) + 5, 4) + body + b"\0" * 4)
    time.sleep(0.2)
    conn.close()


def binary_server(host, port):
    srv = listen(host, int(port))
    conn, _ = srv.accept()
    conn.sendall(noise(1, 700))
    conn.settimeout(2)
    try:
        while conn.recv(65536):
            pass
    except socket.timeout:
        pass
    conn.close()


# --- clients -----------------------------------------------------------------

def pipeline(host, port):
    """Sends four commands in one segment right after connecting, before the banner."""
    s = socket.create_connection((host, int(port)), timeout=10)
    c = Control.__new__(Control)
    c.sock, c.host, c.buf = s, host, b""
    s.sendall(b"USER demo\r\nPASS demo123\r\nSYST\r\nPWD\r\n")
    for _ in range(5):                  # 220, then one reply per command
        c.reply()
    c.close()


def malformed(host, port):
    c = Control(host, int(port), timeout=10)
    c.reply()                           # 220
    for cmd in (b"USER test", b"PASS test", b"SYST", b"NOOP", b"STAT"):
        c.send(cmd)
        c.line()
    c.send(b"HELP")
    c.line()
    time.sleep(0.6)
    c.line()                            # the unsolicited reply
    c.send(b"SITE " + b"A" * 10000)     # an over-long command line
    c.line()
    c.cmd(b"PWD", 257)
    c.close()


def binary_client(host, port):
    s = socket.create_connection((host, int(port)), timeout=10)
    s.sendall(noise(2, 600))
    s.settimeout(2)
    try:
        while s.recv(65536):
            pass
    except socket.timeout:
        pass
    s.close()


# Linux TCP_REPAIR socket options (linux/tcp.h), to read a socket's sequence numbers
TCP_REPAIR, TCP_REPAIR_QUEUE, TCP_QUEUE_SEQ = 19, 20, 21
TCP_RECV_QUEUE, TCP_SEND_QUEUE, TCP_REPAIR_OFF_NO_WP = 1, 2, -1
SIOCOUTQ = 0x5411
INJECT_MARK = 0x2a                      # make-samples' disorder rules let this mark through


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def inject_overlap(sock, tail, ahead):
    """Sends, on sock's connection, one crafted segment that overlaps what the socket
    already sent: the last len(tail) bytes it sent (tail) followed by the next bytes it
    will send itself (ahead).  The receiver keeps only the new bytes; when the socket
    then sends `ahead` it overlaps the crafted segment in turn.  Needs root and
    TCP timestamps off (the crafted segment carries no options)."""
    import fcntl
    for _ in range(500):                # everything sent is acknowledged
        if struct.unpack("i", fcntl.ioctl(sock.fileno(), SIOCOUTQ, b"\0" * 4))[0] == 0:
            break
        time.sleep(0.01)
    sock.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE)
    snd = sock.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ) & 0xFFFFFFFF
    sock.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE)
    rcv = sock.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ) & 0xFFFFFFFF
    sock.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP)
    (src, sport), (dst, dport) = sock.getsockname(), sock.getpeername()
    payload = tail + ahead
    tcp = struct.pack("!HHIIBBHHH", sport, dport, (snd - len(tail)) & 0xFFFFFFFF, rcv,
                      5 << 4, 0x18, 0xFFFF, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    csum = checksum(pseudo + tcp + payload)
    tcp = tcp[:16] + struct.pack("!H", csum) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, INJECT_MARK)
    raw.sendto(ip + tcp + payload, (dst, 0))
    raw.close()
    say("injected seq %d..%d over %d bytes sent and %d to come" % (
        snd - len(tail), snd + len(ahead), len(tail), len(ahead)))


class Typist(Control):
    """Commands typed one byte per segment, a few milliseconds apart: under make-samples'
    reordering the bytes of one line arrive out of order."""

    def send(self, line):
        say(">>> %r" % line)
        for b in line + CRLF:
            self.sock.send(bytes([b]))
            time.sleep(0.002)


def typist_transfer(host, user, password, retr_name, retr_size, stor_name, stor_size):
    c = Typist(host, 21, timeout=60, nodelay=True)
    c.reply()
    c.cmd(b"USER " + user.encode(), 331)
    # "USER demo\r\n" is acknowledged: its last 4 bytes again, with "PA" of the PASS to come
    inject_overlap(c.sock, (b"USER " + user.encode() + CRLF)[-4:], b"PA")
    c.cmd(b"PASS " + password.encode(), 230)
    c.cmd(b"TYPE I", 200)
    data = c.pasv_connect()
    c.cmd(b"RETR " + retr_name.encode(), 125, 150)
    got = read_all(data)
    c.reply()                           # 226
    if len(got) != int(retr_size):
        raise SystemExit("RETR gave %d bytes" % len(got))
    data = c.pasv_connect()
    c.cmd(b"STOR " + stor_name.encode(), 125, 150)
    content = noise(3, int(stor_size))
    half = len(content) // 2
    data.sendall(content[:half])
    inject_overlap(data, content[half - 100:half], content[half:half + 100])
    data.sendall(content[half:])
    data.close()
    c.reply()                           # 226
    c.close()


def session(host, port, user, password):
    c = Control(host, int(port))
    c.reply()
    c.login(user, password)
    data = c.pasv_connect()
    c.cmd(b"LIST", 125, 150)
    read_all(data)
    c.reply()
    c.cmd(b"TYPE I", 200)
    data = c.pasv_connect()
    c.cmd(b"RETR readme.txt", 125, 150)
    got = read_all(data)
    c.reply()
    if len(got) != 3072:
        raise SystemExit("RETR gave %d bytes" % len(got))
    c.close()


def long_session(host, user, password, rounds):
    """A long session for the loss-on-both-sides captures: per round CWD, PWD, SIZE, MDTM, NOOP, TYPE,
    PASV + LIST (every third round), each answered before the next is sent."""
    c = Control(host, 21, nodelay=True)
    c.reply()
    c.login(user, password)
    for i in range(int(rounds)):
        c.cmd(b"CWD /d%d" % (i % 3), 250)
        c.cmd(b"PWD", 257)
        c.cmd(b"SIZE f%d.txt" % (i % 3), 213, 550)
        c.cmd(b"MDTM f%d.txt" % (i % 3), 213)
        c.cmd(b"NOOP", 200)
        c.cmd(b"TYPE " + (b"A" if i % 2 else b"I"), 200)
        if i % 3 == 0:
            data = c.pasv_connect()
            c.cmd(b"LIST", 125, 150)
            read_all(data)
            c.reply()
    c.close()


def sink(host, port, out):
    """A third host: accepts one connection on host:port and keeps what it receives."""
    srv = listen(host, port)

    def run():
        conn, _ = srv.accept()
        out.append(read_all(conn))
        srv.close()
    th = threading.Thread(target=run, daemon=True)
    th.start()
    return th


def bounce(host, user, password, third, port1, port2):
    port1, port2 = int(port1), int(port2)
    c = Control(host)
    c.reply()
    c.login(user, password)
    c.cmd(b"TYPE I", 200)
    got1, got2 = [], []
    th = sink(third, port1, got1)
    c.cmd(b"PORT " + port_arg(third, port1), 200)
    c.cmd(b"RETR readme.txt", 125, 150)
    c.reply()                           # 226
    th.join(10)
    th = sink(third, port2, got2)
    c.cmd(b"EPRT |1|%s|%d|" % (third.encode(), port2), 200)
    c.cmd(b"LIST", 125, 150)
    c.reply()
    th.join(10)
    say("third host got %d and %d bytes" % (len(got1[0]), len(got2[0])))
    c.close()


def port_reuse(host, pport, aport):
    """Consecutive transfers on the same ports: vsftpd's one passive port, and
    the client's data port bound again and again (SO_REUSEADDR)."""
    pport, aport = int(pport), int(aport)
    c = Control(host)
    c.reply()
    c.login("anonymous", "reuse@example.com")
    c.cmd(b"TYPE I", 200)
    for name in (b"readme.txt", b"motd.txt"):
        data = c.pasv_connect(bind_port=pport)
        c.cmd(b"RETR " + name, 125, 150)
        read_all(data)
        c.reply()
        time.sleep(0.1)
    for name in (b"motd.txt", b"readme.txt"):
        srv = listen("127.0.0.1", aport)
        c.cmd(b"PORT " + port_arg("127.0.0.1", aport), 200)
        c.send(b"RETR " + name)
        conn, _ = srv.accept()
        srv.close()
        c.reply()                       # 150
        read_all(conn)
        c.reply()                       # 226
        time.sleep(0.1)
    c.close()


def concurrent(host, *files):
    """One anonymous session per file, all open at once.  Every RETR is sent before
    any data is read; the data sockets have small receive buffers and are read
    slowly, so the server's three transfers move at the same time, their
    segments interleaved."""
    rcvbuf = 4096
    sessions = []
    for _ in files:
        c = Control(host)
        c.reply()
        c.login("anonymous", "many@example.com")
        c.cmd(b"TYPE I", 200)
        sessions.append(c)
    datas = []
    for i, c in enumerate(sessions):
        if i % 2 == 0:
            datas.append(("passive", c.pasv_connect(rcvbuf=rcvbuf)))
        else:
            srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            srv.bind(("127.0.0.1", 0))
            srv.listen(1)
            c.cmd(b"PORT " + port_arg("127.0.0.1", srv.getsockname()[1]), 200)
            datas.append(("active", srv))
    for c, spec in zip(sessions, files):
        c.send(b"RETR " + spec.split(":")[0].encode())
    for c in sessions:
        c.reply()                       # 125/150
    results = [None] * len(files)

    def reader(i, kind, s):
        if kind == "active":
            conn, _ = s.accept()
            s.close()
            s = conn
        got = b""
        while True:
            chunk = s.recv(2048)
            if not chunk:
                break
            got += chunk
            time.sleep(0.004)
        s.close()
        results[i] = got
    threads = [threading.Thread(target=reader, args=(i, *datas[i]), daemon=True) for i in range(len(files))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    for c, spec, got in zip(sessions, files, results):
        c.reply()                       # 226
        if len(got) != int(spec.split(":")[1]):
            raise SystemExit("%s: got %d bytes" % (spec, len(got)))
    for c in sessions:
        c.close()


def abort(host, user, password, name):
    c = Control(host)
    c.reply()
    c.login(user, password)
    c.cmd(b"TYPE I", 200)
    data = c.pasv_connect(rcvbuf=16384)
    c.cmd(b"RETR " + name.encode(), 125, 150)
    got = b""
    while len(got) < 40000:
        got += data.recv(65536)
    # RFC 959 4.1.3: Telnet IP, then Synch (IAC DM as urgent data), then ABOR
    say(">>> IAC IP, IAC DM (urgent), ABOR")
    c.sock.sendall(b"\xff\xf4\xff")
    c.sock.send(b"\xf2", socket.MSG_OOB)
    c.sock.sendall(b"ABOR" + CRLF)
    c.reply()                           # 426 (RETR)
    c.reply()                           # 226 (ABOR)
    data.close()
    c.close()


def refused_and_reset(host, closed_port, name):
    c = Control(host)
    c.reply()
    c.login("anonymous", "errors@example.com")
    c.cmd(b"TYPE I", 200)
    c.cmd(b"PORT " + port_arg("127.0.0.1", int(closed_port)), 200)
    c.cmd(b"RETR " + name.encode(), 425)
    data = c.pasv_connect()
    c.cmd(b"RETR " + name.encode(), 125, 150)
    got = b""
    while len(got) < 20000:
        got += data.recv(65536)
    # close with unread data and SO_LINGER 0: a RST, as a client that gives up does
    data.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    data.close()
    c.reply()                           # 426
    c.close()


def too_many(host, user, password):
    first = Control(host)
    first.reply()
    first.login(user, password)
    second = Control(host)
    code, _ = second.reply()            # 421, then the server closes
    if code != 421:
        raise SystemExit("second connection got %r" % code)
    try:
        while second.sock.recv(65536):
            pass
    except OSError:
        pass
    second.sock.close()
    first.cmd(b"PWD", 257)
    first.close()


def idle(host, user, password, seconds):
    c = Control(host)
    c.reply()
    c.login(user, password)
    c.cmd(b"PWD", 257)
    time.sleep(float(seconds))
    code, _ = c.reply()                 # 421 Control connection timed out.
    if code != 421:
        raise SystemExit("expected 421, got %r" % code)
    c.sock.close()


def disorder_stats(path, control_port="21"):
    """Reads the capture with tshark and classifies every segment with payload by
    what the bytes before it in the same direction already covered:
      duplicate   the same IP id, sequence number and length as an earlier one
      retransmit  bytes already seen (not a duplicate)
      reordered   new bytes below the highest sequence number already seen
      overlap     partly bytes already seen, partly new ones"""
    import subprocess
    out = subprocess.run(
        ["tshark", "-r", path, "-n", "-Y", "tcp.len>0", "-T", "fields", "-E", "separator=,",
         "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "ip.id",
         "-e", "tcp.seq", "-e", "tcp.len"],
        check=True, capture_output=True, text=True).stdout
    seen = {}
    counts = {k: {"duplicate": 0, "retransmit": 0, "reordered": 0, "overlap": 0}
              for k in ("control", "data")}
    cport = int(control_port)
    for row in out.splitlines():
        stream, sport, dport, ipid, seq, ln = row.split(",")
        sport, dport, seq, ln = int(sport), int(dport), int(seq), int(ln)
        kind = "control" if cport in (sport, dport) else "data"
        st = seen.setdefault((stream, sport), {"ids": set(), "ranges": [], "top": 0})
        key = (ipid, seq, ln)
        end = seq + ln
        covered = sum(max(0, min(end, e) - max(seq, s)) for s, e in st["ranges"])
        if key in st["ids"]:
            counts[kind]["duplicate"] += 1
        elif covered == ln:
            counts[kind]["retransmit"] += 1
        elif covered > 0:
            counts[kind]["overlap"] += 1
        elif end <= st["top"]:
            counts[kind]["reordered"] += 1
        st["ids"].add(key)
        st["ranges"].append((seq, end))
        st["top"] = max(st["top"], end)
    print("control %(c)s; data %(d)s" % {"c": counts["control"], "d": counts["data"]})
    ok = all(counts[k][x] > 0 for k in counts for x in ("duplicate", "retransmit", "reordered", "overlap"))
    raise SystemExit(0 if ok else 1)


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    funcs = {
        "fake-ftp": fake_ftp,
        "fake-ssh": fake_ssh,
        "binary-server": binary_server,
        "pipeline": pipeline,
        "malformed": malformed,
        "binary-client": binary_client,
        "typist-transfer": typist_transfer,
        "session": session,
        "long-session": long_session,
        "bounce": bounce,
        "port-reuse": port_reuse,
        "concurrent": concurrent,
        "abort": abort,
        "refused-and-reset": refused_and_reset,
        "too-many": too_many,
        "idle": idle,
        "disorder-stats": disorder_stats,
    }
    if argv[0] not in funcs:
        raise SystemExit(__doc__)
    funcs[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
