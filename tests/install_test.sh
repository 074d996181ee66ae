#!/bin/sh
# tests/install_test.sh — an installed copy runs like the build tree, alone.
#
# Builds a separate tree (build-inst, so the main build stays) for the
# default prefix, installs it into a temporary prefix outside the source tree
# (checking that the new paths were compiled in), removes build-inst, and
# checks that the installed program's output on samples/ is byte for byte
# the main build's (build/samestory) for every subcommand, and that a C
# and a C++ program build against the installed header and library with
# pkg-config (examples/hello.c).  Then moves the
# whole prefix elsewhere (the compiled-in data folder no longer exists) and
# checks again: data is found relative to the program and, through
# ctypes, relative to the installed libsamestory.so.  Last, removes the
# stopword lists and the lexicon from the installed data and checks each is
# an error naming the missing file and the folder searched, exit status 1.
#
# Usage: sh tests/install_test.sh  (make install-test; needs `make` first)
# Ends with "N passed, M failed"; writes both to build/install-summary.
set -u
unset SAMESTORY_DATA SAMESTORY_LEXICON
ROOT=$(pwd)
REF=$ROOT/build/samestory
[ -x "$REF" ] || { echo "install-test: build/samestory missing (run make first)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/ss_install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "PASS $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; }

# built first for the default prefix, then installed with another: what
# depends on the install paths must be remade (not installed stale).  A
# make of its own (the caller's MAKEFLAGS and jobserver do not reach here).
unset MAKEFLAGS MFLAGS MAKELEVEL
jobs=${INSTALL_TEST_JOBS:-2}
rm -rf build-inst
{ make -s -j"$jobs" BUILD=build-inst all &&
  make -s -j"$jobs" BUILD=build-inst PREFIX="$tmp/prefix" install; } > "$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log" >&2
    echo "install-test: make install failed" >&2
    exit 1
}
rm -rf build-inst
if grep -q "$tmp/prefix/share/samestory" "$tmp/prefix/bin/samestory" &&
   grep -q "$tmp/prefix/share/samestory" "$tmp/prefix/lib/libsamestory.so" &&
   grep -qx "prefix=$tmp/prefix" "$tmp/prefix/lib/pkgconfig/samestory.pc"; then
    ok "a PREFIX change after the build is compiled into the program, the library and samestory.pc"
else
    bad "make install PREFIX=... after make installed files made for the old prefix"
fi

S=$ROOT/samples
# each run: name, then the arguments (the output goes to $out/<name>)
runs() {
    bin=$1 out=$2
    mkdir -p "$out"
    (cd "$tmp" &&
     "$bin" stories "$S" > "$out/stories" 2>/dev/null; echo "rc $?" >> "$out/stories"
     "$bin" report "$S" -o "$out/report.html" 2>/dev/null; echo "rc $?" >> "$out/report"
     "$bin" clean "$S" > "$out/clean" 2>/dev/null; echo "rc $?" >> "$out/clean"
     "$bin" dedup "$S" > "$out/dedup" 2>/dev/null; echo "rc $?" >> "$out/dedup"
     "$bin" reuse "$S" > "$out/reuse" 2>/dev/null; echo "rc $?" >> "$out/reuse"
     "$bin" translations "$S" > "$out/translations" 2>/dev/null; echo "rc $?" >> "$out/translations"
     "$bin" translations --align "$S/05-valley-observer-flood.txt" "$S/06-tagesblatt-flut.txt" \
         > "$out/align" 2>/dev/null; echo "rc $?" >> "$out/align")
}
same() {
    what=$1
    for f in stories report report.html clean dedup reuse translations align; do
        if ! cmp -s "$tmp/ref/$f" "$tmp/$what/$f"; then
            bad "$what: $f differs from the build tree's"
            diff "$tmp/ref/$f" "$tmp/$what/$f" | head -5
            return
        fi
    done
    ok "$what: output equals the build tree's (8 runs)"
}

runs "$REF" "$tmp/ref"
grep -q '"story"' "$tmp/ref/stories" && grep -q 'rc 0' "$tmp/ref/stories" ||
    bad "build/samestory stories gave no stories"
runs "$tmp/prefix/bin/samestory" "$tmp/installed"
same installed

# a C program and a C++ one built against the installed copy alone:
# the installed header, pkg-config's flags, the shared library
pc="env PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig pkg-config"
if $pc --exists samestory &&
   cc -std=c11 -Wall -Wextra -Werror "$ROOT/examples/hello.c" $($pc --cflags --libs samestory) \
      -Wl,-rpath,"$tmp/prefix/lib" -o "$tmp/hello" 2> "$tmp/cc.log" &&
   "$tmp/hello" > "$tmp/hello.out" 2>&1 &&
   grep -q '^{"id":"reprint","group":"wire","similarity":0.9' "$tmp/hello.out" &&
   grep -q '"title":"Port reopens after storm"' "$tmp/hello.out" &&
   grep -q '^bad record: missing' "$tmp/hello.out" &&
   ldd "$tmp/hello" | grep -q "$tmp/prefix/lib/libsamestory.so.4"; then
    ok "examples/hello.c builds with pkg-config against the installed copy and runs"
else
    bad "examples/hello.c against the installed copy: $(cat "$tmp/cc.log" "$tmp/hello.out" 2>/dev/null | head -5)"
fi
printf '#include <samestory/samestory.h>\n#include <cstdio>\nint main() { std::printf("%%s\\n", ss_version()); return ss_strerror(SS_ENOMEM) ? 0 : 1; }\n' > "$tmp/hello.cc"
if c++ -std=c++11 -Wall -Werror "$tmp/hello.cc" $($pc --cflags --libs samestory) -Wl,-rpath,"$tmp/prefix/lib" \
      -o "$tmp/hellocc" 2> "$tmp/cxx.log" && [ "$("$tmp/hellocc")" = "$("$tmp/hello" | sed -n 's/^libsamestory //p')" ]; then
    ok "the installed header compiles and links as C++ (extern \"C\")"
else
    bad "the installed header from C++: $(head -5 "$tmp/cxx.log")"
fi
if [ "$(ls "$tmp/prefix/include/samestory")" = "samestory.h" ]; then
    ok "one header installed: include/samestory/samestory.h"
else
    bad "installed headers: $(ls -R "$tmp/prefix/include")"
fi

mv "$tmp/prefix" "$tmp/moved"
runs "$tmp/moved/bin/samestory" "$tmp/relocated"
same relocated

# the shared library finds the data next to itself (../share/samestory)
got=$(python3 - "$tmp/moved/lib/libsamestory.so" <<'EOF'
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
buf = ctypes.create_string_buffer(1024)
rc = lib.ss_data_path(b"stopwords", buf, 1024, None)
print(rc, buf.value.decode())
EOF
)
want="0 $tmp/moved/share/samestory/stopwords"
if [ "$got" = "$want" ]; then ok "libsamestory.so finds its data: $got"; else bad "libsamestory.so data: got '$got', want '$want'"; fi

# required data missing: exit 1 and a message naming it and where it looked
data=$tmp/moved/share/samestory
mv "$data/stopwords" "$tmp/stopwords.away"
"$tmp/moved/bin/samestory" stories "$S" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "stopwords not found in $data" "$tmp/err"; then
    ok "no stopwords: exit 1, $(cat "$tmp/err")"
else
    bad "no stopwords: exit $rc, stderr: $(cat "$tmp/err")"
fi
mv "$tmp/stopwords.away" "$data/stopwords"
mv "$data/lexicon.bin" "$tmp/lexicon.away"
"$tmp/moved/bin/samestory" translations "$S" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "lexicon.bin not found in $data" "$tmp/err"; then
    ok "no lexicon: exit 1, $(cat "$tmp/err")"
else
    bad "no lexicon: exit $rc, stderr: $(cat "$tmp/err")"
fi

echo "$passed passed, $failed failed"
echo "$passed $failed" > "$ROOT/build/install-summary"
[ "$failed" -eq 0 ]
