#!/usr/bin/python3
"""FTP client for scripts/make-file-samples: transfers files of known content and records what crossed the wire.

Usage: file-transfers.py PLAN HOST ROOT MANIFEST
  PLAN      full (listings, RETR/STOR/APPE passive and active, TYPE A, hostile names, a RETR cut short)
            or bulk (one passive RETR and one STOR of 60000 bytes, for the netem capture)
  HOST      127.0.0.1 or ::1 (ftplib uses EPSV/EPRT on IPv6 by itself)
  ROOT      the server's root folder (files to download are written there first)
  MANIFEST  JSON file written with one entry per data transfer, in order: what the client sent or received

Content is made by content(name, size): SHA-256 of "name:i" for i = 0, 1, ..., concatenated and cut to size,
so a test can make the same bytes again.  Run with the system python (/usr/bin/python3).
"""
import ftplib
import hashlib
import json
import os
import sys


def content(name, size):
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(f"{name}:{i}".encode()).digest()
        i += 1
    return bytes(out[:size])


def text_lines(name, lines):
    return b"".join(f"{name} line {i:03d}: the quick brown fox\n".encode() for i in range(1, lines + 1))


class Session:
    def __init__(self, host):
        self.ftp = ftplib.FTP()
        self.ftp.connect(host, 21, timeout=20)
        self.ftp.login("demo", "demo123")
        self.entries = []

    def record(self, verb, arg, data, **extra):
        entry = {"verb": verb, "arg": arg, "passive": self.ftp.passiveserver, "size": len(data),
                 "sha256": hashlib.sha256(data).hexdigest()}
        entry.update(extra)
        self.entries.append(entry)

    def fetch(self, verb, arg=None):
        """RETR/LIST/NLST/MLSD: every byte the data connection carried, as received."""
        chunks = []
        line = verb if arg is None else f"{verb} {arg}"
        self.ftp.retrbinary(line, chunks.append) if verb == "RETR" else self._raw(line, chunks)
        data = b"".join(chunks)
        self.record(verb, arg, data)
        return data

    def _raw(self, line, chunks):
        conn = self.ftp.transfercmd(line)
        with conn:
            while True:
                b = conn.recv(8192)
                if not b:
                    break
                chunks.append(b)
        self.ftp.voidresp()

    def send(self, verb, arg, data):
        """STOR/APPE of data exactly as given."""
        conn = self.ftp.transfercmd(f"{verb} {arg}")
        with conn:
            conn.sendall(data)
        self.ftp.voidresp()
        self.record(verb, arg, data)

    def retr_cut(self, arg, full, keep):
        """RETR that the client stops after `keep` bytes: it closes the data connection and sends ABOR."""
        self.ftp.sendcmd(f"SIZE {arg}")
        conn = self.ftp.transfercmd(f"RETR {arg}")
        got = b""
        while len(got) < keep:
            b = conn.recv(min(4096, keep - len(got)))
            if not b:
                break
            got += b
        conn.close()
        try:
            self.ftp.abort()
        except ftplib.all_errors:
            pass
        self.record("RETR", arg, full, cut=True)


def full_plan(s, root):
    ftp = s.ftp
    files = {"bin.dat": content("bin.dat", 20000), "active.dat": content("active.dat", 12000),
             "big.dat": content("big.dat", 400000)}
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
    with open(os.path.join(root, "text.txt"), "wb") as f:
        f.write(text_lines("text.txt", 40))
    ftp.set_pasv(True)
    s.fetch("LIST")
    s.fetch("NLST")
    s.fetch("MLSD")
    s.fetch("RETR", "bin.dat")
    s.send("STOR", "up.bin", content("up.bin", 15000))
    s.send("APPE", "up.bin", content("up.bin+", 5000))
    ftp.sendcmd("TYPE A")
    chunks = []
    s._raw("RETR text.txt", chunks)
    s.record("RETR", "text.txt", b"".join(chunks), ascii=True)
    s.send("STOR", "lines.txt", b"first line\r\nsecond line\r\n")
    s.entries[-1]["ascii"] = True
    ftp.sendcmd("TYPE I")
    s.send("STOR", "../../escape.txt", b"name with dot-dot\n")
    s.send("STOR", "/abs.txt", b"absolute name\n")
    ftp.set_pasv(False)
    s.fetch("LIST")
    s.fetch("RETR", "active.dat")
    s.send("STOR", "up2.bin", content("up2.bin", 9000))
    s.send("APPE", "up2.bin", content("up2.bin+", 3000))
    ftp.set_pasv(True)
    s.retr_cut("big.dat", files["big.dat"], 8000)


def bulk_plan(s, root):
    with open(os.path.join(root, "bulk.dat"), "wb") as f:
        f.write(content("bulk.dat", 60000))
    s.ftp.set_pasv(True)
    s.fetch("RETR", "bulk.dat")
    s.send("STOR", "bulk-up.dat", content("bulk-up.dat", 60000))


def main(argv):
    plan, host, root, manifest = argv[1:5]
    s = Session(host)
    (full_plan if plan == "full" else bulk_plan)(s, root)
    try:
        s.ftp.quit()
    except ftplib.all_errors:
        s.ftp.close()
    with open(manifest, "w") as f:
        json.dump(s.entries, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv)
