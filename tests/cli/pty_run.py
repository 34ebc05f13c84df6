#!/usr/bin/env python3
"""pty_run.py PROMPT ANSWER CMD...: runs CMD on a pseudo-terminal (stdin, stdout and stderr),
types ANSWER and Enter once PROMPT has appeared, copies everything the terminal showed to
stdout and exits with CMD's exit code. Gives up (kills CMD, exit 124) after 30 seconds."""
import os
import pty
import select
import signal
import sys
import time

prompt, answer, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

shown, answered, deadline = b"", False, time.monotonic() + 30
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # EIO: the child closed the terminal
        break
    if not chunk:
        break
    shown += chunk
    if not answered and prompt in shown:
        os.write(fd, answer + b"\n")
        answered = True
else:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    sys.stdout.buffer.write(shown)
    sys.exit(124)
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
