"""A small loopback TCP proxy for fault tests: it can cut a connection at a chosen point.

One request per connection (the proxy asks both sides to close afterwards). A Fault names a
method and path prefix, where to cut ("before" the request reaches the server, "after" the
server answered but before the answer reaches the client, or "truncate" the answer halfway), or
"twice" to deliver a request two times, and how many times.
"""

from __future__ import annotations

import random
import socket
import threading
from dataclasses import dataclass, field


@dataclass
class Fault:
    method: str
    path: str
    where: str  # before | after | truncate | twice
    times: int = 1


@dataclass
class Proxy:
    upstream_port: int
    faults: list[Fault] = field(default_factory=list)
    also: list[int] = field(default_factory=list)  # more server processes: each request goes to one at random
    seen: list[str] = field(default_factory=list)  # request heads, for assertions
    cuts: int = 0

    def __post_init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._lock = threading.Lock()
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _port(self) -> int:
        return random.choice([self.upstream_port, *self.also])

    def _fault_for(self, head: str) -> str | None:
        method, path = head.split(" ", 2)[:2]
        with self._lock:
            for f in self.faults:
                if f.times > 0 and method == f.method and path.startswith(f.path):
                    f.times -= 1
                    self.cuts += 1
                    return f.where
        return None

    def _handle(self, client: socket.socket) -> None:
        try:
            request = _read_request(client)
            if request is None:
                return
            head = request.split(b"\r\n", 1)[0].decode("latin-1")
            with self._lock:
                self.seen.append(request.split(b"\r\n\r\n", 1)[0].decode("latin-1"))
            where = self._fault_for(head)
            if where == "before":
                return
            response = _forward(self._port(), _with_close(request))
            if where == "twice":  # a duplicate delivery: the server sees the same request again
                response = _forward(self._port(), _with_close(request))
            if where == "after":
                return
            response = _with_close(response)
            if where == "truncate":
                response = response[: max(len(response) // 2, response.find(b"\r\n\r\n") + 10)]
            client.sendall(response)
        except OSError:
            pass
        finally:
            client.close()


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _with_close(message: bytes) -> bytes:
    """The same HTTP message with `Connection: close`, so each connection carries one exchange."""
    head, _, body = message.partition(b"\r\n\r\n")
    lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
    lines.insert(1, b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _forward(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as up:
        up.sendall(request)
        chunks = []
        while True:
            chunk = up.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)
