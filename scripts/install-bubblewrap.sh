#!/bin/sh
# Installs bubblewrap (bwrap), which runs experiments in a sandbox (program.md's "sandbox: true"),
# from the Debian package when it is not on the PATH yet. Needs root (or sudo) and apt-get.
# Exits 0 when bwrap is there afterwards, non-zero with the reason otherwise.
set -eu
if command -v bwrap >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-bubblewrap: apt-get is not available; install the bubblewrap package with this system's package manager" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-bubblewrap: installing the bubblewrap package needs root; run: sudo apt-get install -y bubblewrap" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO apt-get install -y -q --no-install-recommends bubblewrap >&2
command -v bwrap >/dev/null 2>&1
