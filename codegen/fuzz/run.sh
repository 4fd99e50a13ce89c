#!/usr/bin/env bash
# Fuzzes the spec checks and the generator, starting from every fixture spec.
# Usage: codegen/fuzz/run.sh [libfuzzer options], e.g. -runs=1000000 or -max_total_time=60
# Needs a nightly toolchain and `cargo install cargo-fuzz --locked`.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus
for file in ../../tests/fixtures/invalid/*/*.yaml ../../tests/fixtures/specs/*/*.yaml ../tests/fixtures/keywords/*.yaml; do
    [ "$(basename "$file")" = api.yaml ] && continue
    cp "$file" "corpus/seed-$(echo "$file" | tr '/.' '__')"
done
exec cargo +nightly fuzz run spec corpus -- "$@"
