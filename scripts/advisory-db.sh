#!/usr/bin/env bash
# Puts the RustSec advisory database where `cargo deny --offline check` reads it: the live one
# when GitHub answers, otherwise the snapshot vendored in supply-chain/ (this machine and CI reach
# package registries only). cargo-deny 0.20 reads `crates/**/*.md` from
# $CARGO_HOME/advisory-dbs/advisory-db-<XxHash64 of the URL>, and judges the database's age by
# .git/FETCH_HEAD's modification time (else HEAD's commit date), which `--offline` checks against
# deny.toml's maximum-db-staleness.
#
# The snapshot is the whole crates/ folder (every advisory, not only those for today's
# dependencies, so a crate added later is checked too) and the licences, at one commit of
# github.com/rustsec/advisory-db; supply-chain/rustsec-advisory-db.stamp holds that commit and its
# date. To refresh it from a clone of that repository (or any copy with its history):
#
#   scripts/advisory-db.sh refresh /path/to/advisory-db
#
# then commit the two files in supply-chain/.
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot=supply-chain/rustsec-advisory-db.tar.xz
stamp=supply-chain/rustsec-advisory-db.stamp
url=https://github.com/RustSec/advisory-db
# cargo-deny's folder name for the default URL (advisories::helpers::db::url_to_db_path).
db="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/advisory-db-3157b0e258782691"

if [ "${1:-}" = refresh ]; then
  source_repo=${2:?usage: scripts/advisory-db.sh refresh /path/to/advisory-db}
  commit=$(git -C "$source_repo" rev-parse HEAD)
  date=$(git -C "$source_repo" show -s --format=%cI HEAD)
  git -C "$source_repo" archive --format=tar HEAD crates LICENSES | xz -9 >"$snapshot"
  printf '%s %s\n' "$commit" "$date" >"$stamp"
  echo "Snapshot of $url at $commit ($date): $snapshot"
  exit 0
fi

read -r snapshot_commit snapshot_date <"$stamp"

# The database's time as cargo-deny sees it, in seconds; 0 when there is none.
db_time() {
  if [ -f "$db/.git/FETCH_HEAD" ]; then
    stat -c %Y "$db/.git/FETCH_HEAD"
  elif git -C "$db" rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    && [ "$(git -C "$db" rev-parse --show-toplevel)" = "$(cd "$db" && pwd -P)" ]; then
    git -C "$db" show -s --format=%ct HEAD
  else
    echo 0
  fi
}

# The snapshot goes in as a git repository of its own with the real origin, not as a bare
# folder: cargo-deny's fetch runs `git reset --hard` in that folder, which in a folder that is
# not a repository would act on whatever repository holds it. FETCH_HEAD is dated to the
# snapshot's commit so that the staleness check sees the data's age, not the unpacking's.
if [ "$(db_time)" -lt "$(date -d "$snapshot_date" +%s)" ]; then
  rm -rf "$db"
  mkdir -p "$db"
  tar -xJf "$snapshot" -C "$db"
  git -C "$db" init --quiet --initial-branch=main
  git -C "$db" remote add origin "$url"
  git -C "$db" add --all
  GIT_AUTHOR_DATE="$snapshot_date" GIT_COMMITTER_DATE="$snapshot_date" \
    git -C "$db" -c user.name=eca-setup -c user.email=eca-setup@localhost -c commit.gpgsign=false \
    commit --quiet --message "RustSec advisory-db snapshot at $snapshot_commit"
  touch -d "$snapshot_date" "$db/.git/FETCH_HEAD"
fi

before=$(db_time)
if fetch=$(timeout 120 cargo deny --log-level error fetch db 2>&1); then
  echo "RustSec advisory database: fetched from $url"
else
  # git truncates FETCH_HEAD before it connects, so a failed fetch would make the old data look
  # fresh to the staleness check: put its date back.
  touch -d "@$before" "$db/.git/FETCH_HEAD"
  reason=$(grep -m1 '^fatal:' <<<"$fetch" || grep -m1 -i error <<<"$fetch" || true)
  echo "RustSec advisory database: not fetched (${reason:-no reason given})"
  echo "  using what is in $db: the vendored snapshot of $snapshot_date ($snapshot_commit) or a later fetch"
fi
