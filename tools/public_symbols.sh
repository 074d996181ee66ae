#!/bin/sh
# tools/public_symbols.sh — the functions the public header declares, one
# per line, sorted: what libsamestory.so exports (the Makefile makes the
# linker's version script from this list; tests/abi_test.sh compares the
# library's exported symbols with it).  A declaration starts at the
# beginning of a line with its return type, and its name is the first
# "ss_...(" on that line.
# Usage: sh tools/public_symbols.sh include/samestory/samestory.h
set -eu
sed -n 's/^[a-z][a-z0-9_ ]*[ *]\(ss_[a-z0-9_]*\)(.*/\1/p' "$1" | LC_ALL=C sort -u
