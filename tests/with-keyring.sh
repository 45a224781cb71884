#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command in a desktop-like session: under dbus-run-session, with a
# GNOME keyring of its own, unlocked, in a home of its own.  For the tests
# of keeping secrets in the desktop keyring (libsecret).
#
# usage: dbus-run-session -- tests/with-keyring.sh COMMAND [ARG…]
set -eu

HOME=$(mktemp -d)
XDG_DATA_HOME=$HOME/.local/share
XDG_CONFIG_HOME=$HOME/.config
XDG_CACHE_HOME=$HOME/.cache
XDG_RUNTIME_DIR=$HOME/runtime
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$HOME"' EXIT

eval "$(printf 'keyring-of-the-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
export AWARENESS_TEST_KEYRING=1
"$@"
