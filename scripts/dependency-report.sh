#!/usr/bin/env bash
# What is behind: the versions-maven-plugin's three reports over every module, against Maven Central.
# Read-only (nothing is changed or installed); pinned versions live in the root pom.xml, see docs/dependencies.md.
#
#   scripts/dependency-report.sh [extra Maven arguments, e.g. -pl payment-client]
#
# Pre-releases (alpha, beta, milestone, RC, SNAPSHOT) are not offered. Held-back families (Jersey 4, Jakarta EE 11
# APIs, HttpClient 5.6) still show as updates here on purpose: the report says what exists, docs/dependencies.md
# says why we are not there.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

# One pattern for all three goals: any qualifier that marks a version as not final.
IGNORED='(?i).*[-._](alpha|beta|b|m|milestone|rc|cr|preview|ea|snapshot)[-._]?[0-9]*.*'
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

./mvnw -B -ntp "$@" \
  -Dmaven.version.ignore="$IGNORED" \
  -DprocessDependencyManagementTransitive=false \
  versions:display-dependency-updates versions:display-plugin-updates versions:display-property-updates \
  > "$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }

# Keep the reports, drop Maven's build chatter.
sed -e 's/^\[INFO\] \{0,1\}//' "$LOG" \
  | grep -vE '^$|^-{20,}|^ *(Scanning|Reactor|BUILD|Total time|Finished at|from |Downloading|Downloaded)|-\[ (pom|jar) \]-' \
  | awk '!(/ -> / && $0 == previous) { print } { previous = $0 }'
