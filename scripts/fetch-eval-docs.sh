#!/usr/bin/env bash
# Downloads the openly licensed documentation the evaluation sets are written against
# and lays it out as corpus folders under .eval-cache/corpora/ (git-ignored):
#
#   debian-faq-fr/  Debian FAQ, French translation (package debian-faq-fr; verbatim-copy
#                   and translation permission notice of Software in the Public Interest)
#   python-faq-en/  Python FAQ (package python3.11-doc; Python Software Foundation License)
#
# Both ship HTML, which citebot ingests as it is: the pages are copied unchanged so the
# evaluation sees what a user dropping these files into a corpus would get, navigation,
# tables of contents and all.
#
# Idempotent: a corpus folder is rebuilt only when its package version changed (a
# .package-version stamp records it). Needs `apt-get update` to have run once; no root
# is needed for `apt-get download`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${EVAL_CACHE_DIR:-$root/.eval-cache}"
downloads="$cache/debs"
corpora="$cache/corpora"
mkdir -p "$downloads" "$corpora"

# fetch_corpus NAME PACKAGE SOURCE_DIR_IN_PACKAGE FILE_GLOB
fetch_corpus() {
  local name="$1" package="$2" source_dir="$3" glob="$4"
  local version
  version="$(apt-cache policy "$package" | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$version" || "$version" == "(none)" ]]; then
    echo "fetch-eval-docs: apt knows no package $package; run 'apt-get update' first (as root)" >&2
    exit 1
  fi
  local target="$corpora/$name"
  if [[ -f "$target/.package-version" && "$(cat "$target/.package-version")" == "$package $version" ]]; then
    echo "$name: up to date ($package $version)"
    return
  fi
  local deb
  deb="$(find "$downloads" -maxdepth 1 -name "${package}_*.deb" -print -quit)"
  if [[ -z "$deb" ]] || ! dpkg-deb -f "$deb" Version | grep -qxF "$version"; then
    rm -f "$downloads/${package}"_*.deb
    (cd "$downloads" && apt-get -o APT::Sandbox::User=root download "$package=$version" >/dev/null)
    deb="$(find "$downloads" -maxdepth 1 -name "${package}_*.deb" -print -quit)"
  fi
  local unpacked
  unpacked="$(mktemp -d)"
  dpkg-deb -x "$deb" "$unpacked"
  # Build next to the target and swap, so an interrupted run never leaves half a corpus.
  local staging="$target.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  find "$unpacked/$source_dir" -maxdepth 1 -type f -name "$glob" -exec cp {} "$staging/" \;
  echo "$package $version" >"$staging/.package-version"
  rm -rf "$target" "$unpacked"
  mv "$staging" "$target"
  echo "$name: $(find "$target" -type f ! -name '.*' | wc -l) files from $package $version"
}

fetch_corpus debian-faq-fr debian-faq-fr usr/share/doc/debian/FAQ/fr '*.html'
fetch_corpus python-faq-en python3.11-doc usr/share/doc/python3.11/html/faq '*.html'
