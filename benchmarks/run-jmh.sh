#!/usr/bin/env bash
# Runs the codec benchmarks with the GC profiler (allocation per operation). Usage: benchmarks/run-jmh.sh [JMH args]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -DskipITs -Dspotless.check.skip -pl kamaelia-http-core
./mvnw -B -q -f benchmarks/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dspotless.check.skip
CP="benchmarks/target/kamaelia-http-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
exec taskset -c 0 java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$CP" org.openjdk.jmh.Main -prof gc "$@"
