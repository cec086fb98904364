"""A function's environment under a debugger (pylambda invoke / dev --debug-port): debugpy, from the function's own Python,
listens at _PYLAMBDA_DEBUG_LISTEN and waits for a client before the runtime client starts, so that the handler module's
import stops at breakpoints too (what `sam local invoke -d` does with debugpy's --wait-for-client). debugpy is the user's
package, imported only here; the rest of the runtime uses the standard library alone."""

import os
import sys
import time

# How long the port may stay taken: the environment this one replaces (new code) is still stopping.
_PORT_WAIT_SECONDS = 10.0


def attach():
    listen = os.environ.pop("_PYLAMBDA_DEBUG_LISTEN", None)
    if not listen:
        return
    host, _, port = listen.rpartition(":")
    try:
        import debugpy
    except ImportError:
        sys.stderr.write("pylambda: --debug-port needs debugpy in %s: %s -m pip install debugpy\n" % (sys.executable, sys.executable))
        sys.exit(1)
    given_up = time.monotonic() + _PORT_WAIT_SECONDS
    while True:
        try:
            _listen(debugpy, host, int(port))
            break
        except RuntimeError as e:
            # "Can't listen for client connections: [Errno 98] Address already in use"
            if time.monotonic() >= given_up:
                sys.stderr.write("pylambda: debugpy cannot listen at %s: %s\n" % (listen, e))
                sys.exit(1)
            time.sleep(0.1)
    _end_adapter_with_us(int(port))
    sys.stderr.write("pylambda: waiting for a debugger to attach at %s (debugpy)\n" % listen)
    debugpy.wait_for_client()


def _listen(debugpy, host, port):
    """debugpy.listen, with /dev/null as the standard streams of the adapter process it starts. The adapter leaves the
    environment's process group and outlives the environment until its debugger lets go; holding pylambda's pipes, it
    would keep pylambda waiting for the end of the environment's output."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        debugpy.listen((host, port))
    finally:
        for fd, copy in zip((0, 1, 2), saved):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)


def _adapter_pid(port):
    """The debugpy adapter serving the port: `python .../debugpy/adapter --for-server N --host H --port PORT ...`, the
    one that holds its listening socket. Others may show the same command line for a moment: the adapter of the
    environment this one replaces (new code), exiting, and those of this one's own attempts that found the port taken."""
    listening = _listening_inodes(port)
    candidates = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                args = f.read().decode("utf-8", "replace").split("\0")
        except OSError:
            continue
        if "--for-server" in args and any("debugpy" in a and a.rstrip("/").endswith("adapter") for a in args):
            at = args.index("--port") if "--port" in args else -1
            if 0 <= at < len(args) - 1 and args[at + 1] == str(port):
                candidates.append(pid)
    for pid in candidates:
        if listening & _socket_inodes(pid):
            return pid
    # No socket table to read (a /proc without net/): the command line alone, when only one process shows it.
    return candidates[0] if not listening and len(candidates) == 1 else None


def _listening_inodes(port):
    """The inodes of the sockets listening at the port (/proc/net/tcp: local address HEXIP:HEXPORT, state 0A, inode)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rpartition(":")[2], 16) == port:
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid):
    inodes = set()
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


# How long the adapter has, once the environment has ended, to end by itself. It answers what the debugger still waits
# for: the `continue` that let the handler return, whose answer the environment often never sent under awslambdaric
# (its post_invocation_result, runtime_client.cpp, holds the GIL while it posts the result, so debugpy's thread gets no
# turn before pylambda ends the process). It tells the debugger the debuggee is gone (`terminated`) and exits when the
# debugger disconnects, as VS Code does at once. Killed at once, it left the debugger waiting for that answer. One
# still attached after the grace is ended.
_ADAPTER_GRACE_POLLS = 20  # of 0.1 s


def _end_adapter_with_us(port):
    """The adapter daemonizes (it leaves the environment's process group) and stays while a debugger is attached:
    ending the environment would leave it behind. A small process outside the group waits for the end of a pipe only
    this one holds, which comes however this process ends (pylambda kills it), and then ends the adapter."""
    pid = _adapter_pid(port)
    if pid is None:
        return
    import subprocess

    read, write = os.pipe()
    # A shell, not Python: debugpy attaches itself to the Python processes this one starts, and the adapter would then
    # wait for the reaper too. The adapter has gone when its command line has (a zombie's is empty).
    script = ("cat >/dev/null; n=0; "
              "while [ $n -lt %d ] && [ -n \"$(tr -d '\\000' </proc/%d/cmdline 2>/dev/null)\" ]; do sleep 0.1; n=$((n+1)); done; "
              "kill -9 %d 2>/dev/null") % (_ADAPTER_GRACE_POLLS, pid, pid)
    subprocess.Popen(["/bin/sh", "-c", script], stdin=read,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    os.close(read)
    # `write` stays open (and, as os.pipe makes it, is not inherited by what the function starts) until this process ends.
    global _REAPER_PIPE
    _REAPER_PIPE = write


_REAPER_PIPE = None
