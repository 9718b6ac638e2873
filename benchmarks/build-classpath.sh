#!/usr/bin/env bash
# Builds the benchmarks against this tree's core (benchmarks/reactor/pom.xml) and writes their classpath to
# benchmarks/target/classpath.txt, for the run-*.sh scripts. Offline when the local repository already holds every
# plugin and dependency; otherwise once from Maven Central (a fresh machine lacks maven-dependency-plugin, say).
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=(-B -q -f benchmarks/reactor/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
  -DskipTests -DskipITs -Dspotless.check.skip -Djacoco.skip=true)
./mvnw -o "${ARGS[@]}" > /dev/null 2>&1 || ./mvnw "${ARGS[@]}"
