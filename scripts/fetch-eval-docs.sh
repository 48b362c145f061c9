#!/usr/bin/env bash
# Downloads the openly licensed documentation the evaluation sets are written against
# and lays it out as corpus folders under .eval-cache/corpora/ (git-ignored):
#
#   debian-faq-fr/  Debian FAQ, French translation (package debian-faq-fr; verbatim-copy
#                   and translation permission notice of Software in the Public Interest)
#   python-faq-en/  Python FAQ (package python3.11-doc; Python Software Foundation License)
#   npm-docs-en/    npm CLI documentation, Markdown (docs/content/**/*.md of the npm
#                   package, pinned version; Artistic License 2.0)
#   debian-install-fr/  Debian installation guide, French HTML (package
#                   installation-guide-amd64, fr/*.html; GPL-2+)
#   debian-pdf-fr/  the same guide as a French PDF (fr/install.fr.pdf.gz, gunzipped) with
#                   the French Debian reference card (package debian-refcard,
#                   refcard-fr-a4.pdf.gz, gunzipped; GPL-3+)
#   git-docs-en/    Git documentation, English HTML (package git-doc): the user manual, the
#                   tutorials and guides, and the pages of the everyday commands (GPL-2)
#   debian-reference-fr/  the Debian Reference in French as one plain-text file (package
#                   debian-reference-fr, debian-reference.fr.txt.gz, gunzipped; GPL-2+)
#   debian-handbook-fr/  The Debian Administrator's Handbook in French, DocBook HTML with its
#                   boxes (package debian-handbook, html/fr-FR/*.html; GPL-2+ or CC-BY-SA-3.0)
#   typescript-eslint-en/  typescript-eslint's rule pages, Docusaurus MDX (front matter, import
#                   lines, :::note boxes, <Tabs>): docs/rules/*.mdx of the npm package
#                   @typescript-eslint/eslint-plugin, pinned version, the rules of two of its
#                   shipped configurations, copied as shipped (.mdx); MIT
#   debian-policy-en/  the Debian Policy Manual as an English PDF (Sphinx/LaTeX, with footnotes)
#                   and three of its companion specifications as plain text: debconf, menu and
#                   Perl policies (package debian-policy, *.gz gunzipped; GPL-2+, BSD-3-clause)
#   bash-manual-en/  the Bash Reference Manual as one Texinfo HTML page and the bash(1) manual page
#                   as man2html HTML: the same shell described twice (package bash-doc; GPL-3+)
#   aptitude-fr/    the aptitude user's manual in French, DocBook HTML with graphical admonitions
#                   (boxes laid out by tables) and screenshot descriptions (package aptitude-doc-fr; GPL-2+)
#   debian-faq-pdf-fr/, debian-reference-pdf-fr/, bash-manual-pdf-en/  the French Debian FAQ, the Debian
#                   Reference and the Bash manuals as their PDFs (same packages; Bash's: Texinfo and groff):
#                   the questions of the HTML and text sets, asked of another format
#   fastify-docs-en/  the Fastify web framework's reference and guides, Markdown (docs/**/*.md of
#                   the fastify npm package, pinned version; MIT)
#
# The files are copied unchanged (gzipped ones only gunzipped) so the evaluation sees what a user
# dropping these files into a corpus would get, navigation, tables of contents and all.
#
# Idempotent: a corpus folder is rebuilt only when its package version changed (a
# .package-version stamp records it). Needs `apt-get update` to have run once; no root
# is needed for `apt-get download`. Packages already in $EVAL_CACHE_DIR/debs (e.g. copied
# there by hand on an offline machine) are used without downloading.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${EVAL_CACHE_DIR:-$root/.eval-cache}"
downloads="$cache/debs"
corpora="$cache/corpora"
mkdir -p "$downloads" "$corpora"

# deb_file PACKAGE: path of the package's .deb at its candidate version, downloaded when missing.
deb_file() {
  local package="$1" version deb
  version="$(apt-cache policy "$package" | awk '/Candidate:/ { print $2 }')"
  deb="$(find "$downloads" -maxdepth 1 -name "${package}_*.deb" -print -quit)"
  if [[ -z "$version" || "$version" == "(none)" ]]; then
    # An offline machine without apt lists can still use a .deb placed in the cache.
    if [[ -n "$deb" ]]; then
      echo "$deb"
      return
    fi
    echo "fetch-eval-docs: apt knows no package $package; run 'apt-get update' first (as root)" >&2
    exit 1
  fi
  if [[ -z "$deb" ]] || ! dpkg-deb -f "$deb" Version | grep -qxF "$version"; then
    rm -f "$downloads/${package}"_*.deb
    (cd "$downloads" && apt-get -o APT::Sandbox::User=root download "$package=$version" >/dev/null)
    deb="$(find "$downloads" -maxdepth 1 -name "${package}_*.deb" -print -quit)"
  fi
  echo "$deb"
}

# stamp_of DEB...: "package version" of each .deb, one line each (what .package-version records).
stamp_of() {
  local deb
  for deb in "$@"; do echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"; done
}

# up_to_date NAME STAMP: whether corpus NAME was built from exactly STAMP.
up_to_date() {
  local target="$corpora/$1"
  [[ -f "$target/.package-version" && "$(cat "$target/.package-version")" == "$2" ]]
}

# publish NAME STAGING STAMP: swap a fully built staging folder in, so an interrupted run
# never leaves half a corpus.
publish() {
  local name="$1" staging="$2" stamp="$3" target="$corpora/$1"
  echo "$stamp" >"$staging/.package-version"
  rm -rf "$target"
  mv "$staging" "$target"
  echo "$name: $(find "$target" -type f ! -name '.*' | wc -l) files from $(echo "$stamp" | paste -sd, -)"
}

# fetch_corpus NAME PACKAGE SOURCE_DIR_IN_PACKAGE PATTERN...: the files of one folder of a .deb
# whose names match one of the patterns (a glob, or a file name to take a subset of a large
# folder). A pattern that matches nothing stops the script: the package's layout changed.
fetch_corpus() {
  local name="$1" package="$2" source_dir="$3"
  shift 3
  local deb stamp
  deb="$(deb_file "$package")"
  stamp="$(stamp_of "$deb")"
  if up_to_date "$name" "$stamp"; then
    echo "$name: up to date ($stamp)"
    return
  fi
  local unpacked staging="$corpora/$name.partial" pattern
  unpacked="$(mktemp -d)"
  dpkg-deb -x "$deb" "$unpacked"
  rm -rf "$staging"
  mkdir -p "$staging"
  for pattern in "$@"; do
    if [[ -z "$(find "$unpacked/$source_dir" -maxdepth 1 -type f -name "$pattern" -print -quit)" ]]; then
      echo "fetch-eval-docs: $package has no $source_dir/$pattern" >&2
      rm -rf "$unpacked" "$staging"
      exit 1
    fi
    find "$unpacked/$source_dir" -maxdepth 1 -type f -name "$pattern" -exec cp {} "$staging/" \;
  done
  rm -rf "$unpacked"
  publish "$name" "$staging" "$stamp"
}

# fetch_gunzipped_corpus NAME PACKAGE:PATH.gz...: gunzipped files taken from one or more .debs.
fetch_gunzipped_corpus() {
  local name="$1"
  shift
  local spec debs=() stamp
  for spec in "$@"; do debs+=("$(deb_file "${spec%%:*}")"); done
  stamp="$(stamp_of "${debs[@]}")"
  if up_to_date "$name" "$stamp"; then
    echo "$name: up to date ($(echo "$stamp" | paste -sd, -))"
    return
  fi
  local staging="$corpora/$name.partial" i=0 unpacked file
  rm -rf "$staging"
  mkdir -p "$staging"
  for spec in "$@"; do
    unpacked="$(mktemp -d)"
    dpkg-deb -x "${debs[$i]}" "$unpacked"
    file="${spec#*:}"
    gunzip -c "$unpacked/$file" >"$staging/$(basename "$file" .gz)"
    rm -rf "$unpacked"
    i=$((i + 1))
  done
  publish "$name" "$staging" "$stamp"
}

# npm_tarball PACKAGE@VERSION: path of the package's tarball, packed with `npm pack` (the
# registry's own client) when missing. A scoped name packs as scope-name-version.tgz.
npm_tarball() {
  local spec="$1" file tarball
  file="$(echo "${spec#@}" | tr @/ --).tgz"
  tarball="$(find "$downloads" -maxdepth 1 -name "$file" -print -quit)"
  if [[ -z "$tarball" ]]; then
    (cd "$downloads" && npm pack --silent "$spec" >/dev/null)
    tarball="$(find "$downloads" -maxdepth 1 -name "$file" -print -quit)"
  fi
  echo "$tarball"
}

# fetch_npm_docs NAME PACKAGE@VERSION [DOCS_DIR]: the Markdown documentation of an npm package
# (DOCS_DIR/**/*.md, by default docs/content), folders kept.
fetch_npm_docs() {
  local name="$1" spec="$2" docs="${3:-docs/content}"
  local stamp="npm-pack $spec"
  if up_to_date "$name" "$stamp"; then
    echo "$name: up to date ($stamp)"
    return
  fi
  local tarball unpacked staging="$corpora/$name.partial"
  tarball="$(npm_tarball "$spec")"
  unpacked="$(mktemp -d)"
  tar -xzf "$tarball" -C "$unpacked"
  rm -rf "$staging"
  mkdir -p "$staging"
  (cd "$unpacked/package/$docs" && find . -type f -name '*.md' -exec cp --parents {} "$staging/" \;)
  rm -rf "$unpacked"
  publish "$name" "$staging" "$stamp"
}

# fetch_rule_docs NAME PACKAGE@VERSION CONFIG...: the rule pages (docs/rules/RULE.mdx, Docusaurus
# MDX) of an ESLint plugin, for the rules its named shipped configurations (dist/configs/CONFIG.js)
# turn on: what a team that adopted those configurations asks about. A rule without a page
# stops the script: the package's layout changed. Each page is copied unchanged, as RULE.mdx.
fetch_rule_docs() {
  local name="$1" spec="$2"
  shift 2
  # The stamp names the layout too: an older corpus held the same pages renamed .md.
  local stamp="npm-pack $spec, pages as .mdx"
  if up_to_date "$name" "$stamp"; then
    echo "$name: up to date ($stamp)"
    return
  fi
  local tarball unpacked staging="$corpora/$name.partial" config rules rule
  tarball="$(npm_tarball "$spec")"
  unpacked="$(mktemp -d)"
  tar -xzf "$tarball" -C "$unpacked"
  rm -rf "$staging"
  mkdir -p "$staging"
  for config in "$@"; do
    if [[ ! -f "$unpacked/package/dist/configs/$config.js" ]]; then
      echo "fetch-eval-docs: $spec has no dist/configs/$config.js" >&2
      rm -rf "$unpacked" "$staging"
      exit 1
    fi
  done
  rules="$(cd "$unpacked/package/dist/configs" && grep -ohE "'@[a-z-]+/[a-z-]+'" "${@/%/.js}" | sed "s|^'@[a-z-]*/||; s|'\$||" | sort -u)"
  for rule in $rules; do
    if [[ ! -f "$unpacked/package/docs/rules/$rule.mdx" ]]; then
      echo "fetch-eval-docs: $spec has no docs/rules/$rule.mdx" >&2
      rm -rf "$unpacked" "$staging"
      exit 1
    fi
    cp "$unpacked/package/docs/rules/$rule.mdx" "$staging/"
  done
  rm -rf "$unpacked"
  publish "$name" "$staging" "$stamp"
}

fetch_corpus debian-faq-fr debian-faq-fr usr/share/doc/debian/FAQ/fr '*.html'
fetch_corpus python-faq-en python3.11-doc usr/share/doc/python3.11/html/faq '*.html'
fetch_npm_docs npm-docs-en npm@11.21.2
fetch_corpus debian-install-fr installation-guide-amd64 usr/share/doc/installation-guide-amd64/fr '*.html'
fetch_gunzipped_corpus debian-pdf-fr \
  installation-guide-amd64:usr/share/doc/installation-guide-amd64/fr/install.fr.pdf.gz \
  debian-refcard:usr/share/doc/debian-refcard/refcard-fr-a4.pdf.gz

# 45 of the 206 pages: what a team would put in front of a help bot (the user manual,
# tutorials, guides, the everyday commands), not the internals and file formats.
git_pages=(
  user-manual.html gittutorial.html gittutorial-2.html giteveryday.html gitfaq.html gitignore.html
  gitglossary.html gitrevisions.html gitworkflows.html gitcredentials.html gitsubmodules.html githooks.html
)
for command in add bisect blame branch checkout cherry-pick clean clone commit config diff fetch gc init log \
  merge mv pull push rebase reflog remote reset restore revert rm show stash status switch tag worktree submodule; do
  git_pages+=("git-$command.html")
done
fetch_corpus git-docs-en git-doc usr/share/doc/git-doc "${git_pages[@]}"
fetch_gunzipped_corpus debian-reference-fr \
  debian-reference-fr:usr/share/debian-reference/debian-reference.fr.txt.gz
fetch_corpus debian-handbook-fr debian-handbook usr/share/doc/debian-handbook/html/fr-FR '*.html'
# 78 of the 155 rule pages: those of the strict and stylistic type-checked configurations (the
# recommended ones are within them); the others are mostly deprecated formatting rules.
fetch_rule_docs typescript-eslint-en @typescript-eslint/eslint-plugin@7.18.0 strict-type-checked stylistic-type-checked
fetch_gunzipped_corpus debian-policy-en \
  debian-policy:usr/share/doc/debian-policy/policy.pdf.gz \
  debian-policy:usr/share/doc/debian-policy/debconf_specification.txt.gz \
  debian-policy:usr/share/doc/debian-policy/menu-policy.txt.gz \
  debian-policy:usr/share/doc/debian-policy/perl-policy.txt.gz
fetch_corpus bash-manual-en bash-doc usr/share/doc/bash bashref.html bash.html
fetch_corpus aptitude-fr aptitude-doc-fr usr/share/doc/aptitude/html/fr '*.html'
fetch_npm_docs fastify-docs-en fastify@5.12.8 docs
fetch_gunzipped_corpus debian-faq-pdf-fr debian-faq-fr:usr/share/doc/debian/FAQ/debian-faq.fr.pdf.gz
fetch_corpus debian-reference-pdf-fr debian-reference-fr usr/share/debian-reference debian-reference.fr.pdf
fetch_corpus bash-manual-pdf-en bash-doc usr/share/doc/bash bashref.pdf bash.pdf
