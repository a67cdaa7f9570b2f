#!/bin/sh
# One experiment: builds the renderer and its benchmark with javac (seconds faster than Maven for
# each run), runs JMH briefly with the allocation profiler, and prints the scores as METRIC lines.
# JMH's full result is in target/jmh.json. JMH_ARGS replaces the run settings (the default below:
# one fork, 3 warmup and 5 measured iterations of 1 s).
set -eu
cd "$(dirname "$0")"
mkdir -p target
# The class path (JMH, its generator) is asked of Maven once, and again when pom.xml changes.
if [ ! -s target/classpath.txt ] || [ pom.xml -nt target/classpath.txt ]; then
  mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >&2
fi
CP=$(cat target/classpath.txt)
rm -rf target/bench
mkdir -p target/bench
javac -encoding UTF-8 --release 17 -d target/bench -cp "$CP" \
  -processorpath "$CP" -processor org.openjdk.jmh.generators.BenchmarkProcessor \
  $(find src/main/java -name '*.java') \
  src/test/java/org/example/perf/RenderBenchmark.java src/test/java/org/example/perf/Bench.java
exec java -cp "target/bench:$CP" org.example.perf.Bench ${JMH_ARGS:--f 1 -wi 3 -w 1s -i 5 -r 1s} \
  -rf json -rff target/jmh.json -prof gc RenderBenchmark
