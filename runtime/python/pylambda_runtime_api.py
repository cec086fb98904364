"""The runtime client's links to pylambda: the Lambda Runtime API as the client speaks it, HTTP/1.1 over
one keep-alive connection (a Unix socket when pylambda offers one), the result and the next request
pipelined in one write; what of the process could run while it waits for the next event (pylambda freezes
it then); and the watch on pylambda's pipe that ends the process when pylambda is gone.
Standard library only; pylambda_runtime.py drives it."""

import _socket
import os
from os import write as _write

_API_PREFIX = "/2018-06-01/runtime"
# How long one wait for the Runtime API lasts before it starts again (see RuntimeApi._connect).
_WAIT_SECONDS = 7 * 24 * 3600.0


# --- the Runtime API over one keep-alive connection ----------------------------------------------


class RuntimeApi:
    def __init__(self, address, unix_path=None):
        host, _, port = address.rpartition(":")
        self._address = (host or "127.0.0.1", int(port))
        self._unix_path = unix_path
        self._sock = None
        self._buffer = b""
        self._received = False

    def _connect(self):
        # _socket rather than socket: the wrapper module costs milliseconds of every cold start.
        if self._unix_path:
            # The same server and protocol over a Unix socket, when pylambda offers one: a round trip
            # costs about a third less than over loopback TCP.
            sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
            sock.connect(self._unix_path)
        else:
            sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
            sock.connect(self._address)
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        # With a timeout, CPython waits for data in poll(POLLIN) rather than in a blocking recv. The kernel
        # wakes a blocking recv whenever the peer reads what this same socket sent (unix_write_space wakes
        # every sleeper on the socket): here, each time pylambda reads a result. poll() sleeps through
        # that wake-up (it asked for POLLIN only), which saves a context switch per invocation.
        sock.settimeout(_WAIT_SECONDS)
        self._sock = sock
        self._buffer = b""

    @staticmethod
    def _message(method, path, body=b"", headers=None):
        fields = "".join(["%s: %s\r\n" % item for item in headers.items()]) if headers else ""
        return b"".join([(_HEAD % (method, path, len(body), fields)).encode("latin-1"), body])

    def exchange(self, messages):
        """Sends requests back to back on the keep-alive connection (HTTP/1.1 pipelining) and reads
        their responses in order: posting a result and asking for the next event costs one round trip."""
        data = b"".join(messages)
        for attempt in (0, 1):
            if self._sock is None:
                self._connect()
            self._received = False
            try:
                self._send(data)
                return [self._read_response() for _ in messages]
            except (ConnectionError, _Closed):
                # Only a connection the server closed while idle is retried, once, on a new connection: one
                # that answered nothing. Once any reply arrived (a 202 for the result read in full, say), the
                # server has the result, and sending it again would post it twice.
                self._sock = None
                if attempt or self._received or self._buffer:
                    raise

    def _send(self, data):
        # os.write first: with a timeout set, socket.sendall polls for POLLOUT before every send, a system
        # call that is nearly always answered at once (the socket's buffer is empty between invocations).
        try:
            sent = _write(self._sock.fileno(), data)
        except BlockingIOError:
            sent = 0
        if sent < len(data):
            self._sock.sendall(memoryview(data)[sent:])

    def _read_response(self):
        if not self._buffer:
            self._fill()
        if self._buffer.startswith(_ACCEPTED_REPLY):
            self._buffer = self._buffer[len(_ACCEPTED_REPLY):]
            return _ACCEPTED
        end = self._buffer.find(b"\r\n\r\n")
        while end < 0:
            self._fill()
            end = self._buffer.find(b"\r\n\r\n")
        lines = self._buffer[:end].decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        start = end + 4
        stop = start + int(headers.get("content-length", "0"))
        while len(self._buffer) < stop:
            self._fill()
        body, self._buffer = self._buffer[start:stop], self._buffer[stop:]
        return status, headers, body

    def _fill(self):
        while True:
            try:
                chunk = self._sock.recv(65536)
                break
            except _socket.timeout:
                # A week without an event: the environment is still pylambda's to stop. Wait again.
                continue
        if not chunk:
            raise _Closed()
        self._received = True
        self._buffer += chunk

    def next(self, headers=None):
        request = self._message("GET", "/invocation/next", b"", headers) if headers else _NEXT_REQUEST
        return self._event(self.exchange([request])[0])

    def post(self, path, body, headers=None):
        self._check(path, self.exchange([self._message("POST", path, body, headers)])[0])

    def post_and_next(self, path, body, headers):
        posted, event = self.exchange([self._message("POST", path, body, headers), _NEXT_REQUEST])
        self._check(path, posted)
        return self._event(event)

    @staticmethod
    def _check(path, response):
        status, _, reply = response
        if status != 202:
            raise RuntimeError(
                "Request to Lambda Runtime '%s%s' endpoint failed. Reason: '%d'. Response body: '%r'"
                % (_API_PREFIX, path, status, reply))

    @staticmethod
    def _event(response):
        status, headers, body = response
        if status != 200:
            raise RuntimeError("Runtime API GET next answered %d: %r" % (status, body[:200]))
        return headers, body


class _Closed(ConnectionError):
    """The server closed the connection."""


_HEAD = "%s " + _API_PREFIX + "%s HTTP/1.1\r\nHost: runtime\r\nContent-Length: %d\r\n%s\r\n"
_NEXT_REQUEST = RuntimeApi._message("GET", "/invocation/next")
# pylambda's reply to every accepted result, byte for byte (runtime-api-server.ts ACCEPTED_BYTES; a test
# keeps the two the same): recognised whole, it needs no parsing. Any other reply is parsed as usual.
_ACCEPTED_REPLY = b'HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{"status":"OK"}'
_ACCEPTED = (202, {"content-type": "application/json", "content-length": "15"}, b'{"status":"OK"}')


# --- what could run between invocations ---------------------------------------------------------


def background_probe():
    """Returns a function that says what of this process could run while it waits for the next event: the
    threads started since this call (the runtime's own are there by then) and whether it has children. It
    goes with each result (X-Pylambda-Background: threads=N,children=0|1), and pylambda freezes the
    environment as Lambda does only when there is something (src/core/runtime/freeze.ts): freezing costs
    two signals and their context switches per invocation. About a microsecond: the link count of
    /proc/self/task, and one read of /proc, where a process's children are listed by the thread that started
    them (those of a thread that ended, by the main thread)."""
    import threading

    active, limbo = getattr(threading, "_active", None), getattr(threading, "_limbo", None)
    if isinstance(active, dict) and isinstance(limbo, dict):
        # What threading.active_count() counts, without taking its lock (a third of its cost).
        def count():
            return len(active) + len(limbo)
    else:
        count = threading.active_count
    fstat = os.fstat
    try:
        tasks = os.open("/proc/self/task", os.O_RDONLY | os.O_DIRECTORY)
    except (OSError, AttributeError):
        tasks = -1
    # The link count of /proc/<pid>/task is 2 + the process's threads, every one of them (Linux's
    # proc_task_getattr): those `_thread.start_new_thread` and native libraries start too, which Python's
    # count misses, for the cost of an fstat (a pread of /proc/self/stat's num_threads costs four times more).
    # Trusted when it agrees with Python's count (and watch_parent's unlisted thread) now, before the function's
    # code ran; else Python's count.
    if tasks >= 0 and fstat(tasks).st_nlink - 2 - _HIDDEN_THREADS == count():
        own = fstat(tasks).st_nlink

        def threads():
            return fstat(tasks).st_nlink - own
    else:
        if tasks >= 0:
            os.close(tasks)
        own = count()

        def threads():
            return count() - own

    pread = getattr(os, "pread", None)
    try:
        fd = os.open("/proc/self/task/%d/children" % os.getpid(), os.O_RDONLY) if pread else -1
    except OSError:
        fd = -1

    def children():
        if fd < 0:
            return 1  # cannot tell (no /proc): as if there were, and the environment is frozen
        try:
            return 1 if pread(fd, 1, 0) else 0
        except OSError:
            return 1

    def probe():
        return "threads=%d,children=%d" % (max(threads(), 0), children())

    return probe


# --- pylambda's pipe ------------------------------------------------------------------------------

# The runtime's threads that threading does not list (watch_parent's), which /proc/self/task counts.
_HIDDEN_THREADS = 0



def watch_parent(exit_code=1):
    """Exit when pylambda goes away, even if it was killed: our stdin is its pipe and reaches EOF.

    The pipe moves to a descriptor of its own and stdin becomes /dev/null, so that a handler (or a
    program it starts) reading stdin gets end-of-file at once, as on Lambda, instead of waiting on
    pylambda's pipe. At EOF the whole process group goes, not only this process: pylambda starts the
    runtime as the leader of a group of its own, and what the function started (a `sleep` in a
    subprocess) would otherwise outlive it. pylambda_moto.py uses it too."""
    import _thread

    pipe = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)

    def watch():
        try:
            while os.read(pipe, 4096):
                pass
        finally:
            end_group(exit_code)

    # A thread Python's threading module does not list, as Lambda's runtime has none: a handler that joins
    # every thread but the main one (to let background work finish) would wait on this one for ever, and
    # threading.active_count() counts the function's threads alone.
    global _HIDDEN_THREADS
    _thread.start_new_thread(watch, ())
    _HIDDEN_THREADS += 1


def end_group(exit_code):
    """pylambda is gone: this process goes, and with it the group it leads (what the function started)."""
    if hasattr(os, "killpg") and os.getpgrp() == os.getpid():
        import signal

        os.killpg(0, signal.SIGKILL)
    os._exit(exit_code)
