#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts, as a person at a terminal would.

Usage: pty_drive.py STEPS_JSON COMMAND [ARG...]

STEPS_JSON is a list of [prompt, answer] pairs. Each prompt is waited for in the output after the
previous one, then the answer and a newline are typed; a null answer only waits for the text. An answer "@menu:NAME" types the number of the
menu line that ends with "(NAME)"; an answer "@hidden:TEXT" waits (up to 5 s) until the terminal stops
echoing, as a password prompt makes it, then types TEXT. The transcript (everything the command wrote to the terminal) goes to
standard output; the exit status is the command's, 124 if it did not finish within 60 s, 125 if a prompt
never came.
"""
import json
import os
import pty
import re
import select
import sys
import termios
import time


def main():
    steps = json.loads(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    out = b""
    pos = 0
    step = 0
    deadline = time.time() + 60
    while True:
        if time.time() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            return 124 if step == len(steps) else 125
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                break
            out += data
        while step < len(steps):
            prompt, answer = steps[step]
            at = out.find(prompt.encode(), pos)
            if at < 0:
                break
            pos = at + len(prompt.encode())
            step += 1
            if answer is None:
                continue
            if answer.startswith("@hidden:"):
                answer = answer[len("@hidden:"):]
                until = time.time() + 5
                while termios.tcgetattr(fd)[3] & termios.ECHO and time.time() < until:
                    time.sleep(0.01)
            if answer.startswith("@menu:"):
                found = re.search(
                    rb"(\d+)\) [^\n]*\(" + re.escape(answer[6:].encode()) + rb"\)", out
                )
                answer = found.group(1).decode() if found else "0"
            os.write(fd, answer.encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    if step < len(steps):
        return 125
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
