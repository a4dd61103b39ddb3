#!/usr/bin/python3
"""Listens on TCP 6200 and answers each line as a root shell would answer `id`: the other half of the vsftpd 2.3.4
backdoor pattern (the real backdoored vsftpd is not available; this reproduces its traffic, not its code)."""
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 6200))
srv.listen(1)
while True:
    conn, _ = srv.accept()
    conn.recv(4096)
    conn.sendall(b"uid=0(root) gid=0(root) groups=0(root)\n")
    conn.close()
