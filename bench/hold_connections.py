#!/usr/bin/env python3
"""Opens N keep-alive connections to a tenantsim server on loopback, sends a request on each and
reads its answer (twice), then holds them all idle and reports the server's resident memory per
1,000 idle connections. Used by bench/server_bench.sh.

    bench/hold_connections.py N PORT SERVER_PID
"""
import resource
import socket
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def read_one(sock):
    data = b""
    while True:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            length = 0
            for line in data[:head_end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(data) >= head_end + 4 + length:
                return data
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def main():
    count, port, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    before = rss_kib(pid)
    started = time.time()
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    request = b"GET /_tenantsim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    ok = 0
    for _ in range(2):
        for s in sockets:
            s.sendall(request)
        for s in sockets:
            ok += read_one(s).startswith(b"HTTP/1.1 200")
    seconds = time.time() - started
    time.sleep(1)
    after = rss_kib(pid)
    print(f"{count} idle keep-alive connections: {ok} of {2 * count} requests answered 200 in "
          f"{seconds:.1f} s; server RSS {before / 1024:.0f} MB -> {after / 1024:.0f} MB, "
          f"{(after - before) / count * 1000 / 1024:.2f} MB per 1,000 idle connections")
    for s in sockets:
        s.close()


if __name__ == "__main__":
    main()
