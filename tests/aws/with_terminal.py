#!/usr/bin/env python3
"""Runs COMMAND... with a pseudo-terminal as its controlling terminal, as a person's shell
would, while its stdout and stderr stay this script's. Types ANSWER and Enter once PROMPT
appears on the terminal. Exits with the command's exit code; what the terminal showed goes to
stderr after "[terminal] ".

usage: with_terminal.py PROMPT ANSWER COMMAND...
"""
import os
import pty
import select
import sys
import time

prompt, answer, command = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
stdout, stderr = os.dup(1), os.dup(2)
pid, terminal = pty.fork()
if pid == 0:
    os.dup2(stdout, 1)
    os.dup2(stderr, 2)
    os.execvp(command[0], command)

shown = b""
answered = False
deadline = time.monotonic() + 90
status = None
while status is None:
    ready, _, _ = select.select([terminal], [], [], 0.2)
    if ready:
        try:
            shown += os.read(terminal, 4096)
        except OSError:  # the command closed the terminal
            pass
        if not answered and prompt in shown:
            os.write(terminal, answer + b"\n")
            answered = True
    done, code = os.waitpid(pid, os.WNOHANG)
    if done:
        status = code
    elif time.monotonic() > deadline:
        os.kill(pid, 9)
sys.stderr.write("[terminal] " + shown.decode(errors="replace") + "\n")
sys.exit(os.waitstatus_to_exitcode(status))
