#!/usr/bin/env bash
# Subsets the two Fira Sans weights the portal uses (400, 600) from @kern-ux/native to the characters German
# (and other Latin-script) administrative text needs. The full files are ~130 KB each; the subsets ~25 KB, which keeps
# a first visit under the portal's 100 KB budget. Fira Sans is licensed under the SIL Open Font License 1.1
# (no Reserved Font Name), which allows subsetting; the licence travels with the files (OFL.txt).
# Needs Debian's python3-fonttools and python3-brotli (apt-get install -y python3-fonttools python3-brotli).
# The results are committed: run this only when KERN's fonts change.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=node_modules/@kern-ux/native/dist/fonts/fira-sans
OUT=src/features/portal/assets/fonts
# Basic Latin, Latin-1, Latin Extended-A, spacing modifiers, general punctuation (– — „ “ ” ‚ ‘ ’ … • ›), €, №, ™, arrows, minus.
UNICODES="U+0000-00FF,U+0100-017F,U+02C6,U+02DA,U+02DC,U+2000-206F,U+20AC,U+2116,U+2122,U+2190-2193,U+2212,U+FEFF,U+FFFD"
for weight in Regular SemiBold; do
  /usr/bin/python3 -m fontTools.subset "$SRC/FiraSans-$weight.woff2" \
    --unicodes="$UNICODES" --layout-features='kern,liga,clig,calt,ccmp,locl,mark,mkmk,tnum,lnum,case' \
    --flavor=woff2 --output-file="$OUT/FiraSans-$weight.subset.woff2"
done
ls -l "$OUT"
