#!/usr/bin/env bash
# Recur vs DL4J vs PyTorch on this machine, one table (see bench/RESULTS.md).
#   bench/run.sh                     build, run all workloads interleaved, then peak memory at T=1000
#   bench/run.sh --only lstm,train   only the workloads whose label contains every given word
#   MVN_PROFILES=avx512 bench/run.sh ND4J's AVX-512 native build instead of the generic one
# Everything after the script name goes to the Java harness (--rounds N --warmup N --no-torch ...).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
PROFILE_ARGS=()
[ -n "${MVN_PROFILES:-}" ] && PROFILE_ARGS=(-P "$MVN_PROFILES")
mvn -B -q -pl bench -am package -DskipTests "${PROFILE_ARGS[@]}"
JAR=bench/target/recur-bench.jar
# As the Recur kernel starts its JVM: no JavaCPP resident-size check per ND4J array (2-3 µs each; DL4J in
# this JVM gets the same). ND4J's tracked memory stays capped by JavaCPP's maxbytes (the heap size).
JAVA_OPTS=(-Xmx4g -Djava.awt.headless=true -Dorg.bytedeco.javacpp.maxphysicalbytes=0)
# Idle OpenMP threads (ND4J's in the JVM, PyTorch's in its process) sleep instead of spinning on the
# two cores; every framework measured faster this way (RESULTS.md), and the Recur kernel sets it too.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; java $(java -version 2>&1 | head -1 | cut -d'"' -f2); OMP_WAIT_POLICY=$OMP_WAIT_POLICY; JVM ${JAVA_OPTS[*]}"
if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "# PyTorch not importable by $PY: the pytorch column stays empty (Debian: apt-get install python3-torch libopenblas0-pthread)"
fi
java "${JAVA_OPTS[@]}" -jar "$JAR" "$@"

if [[ " $* " != *" --only "* ]]; then
  echo
  echo "Peak resident memory, LSTM training step, B=64 I=32 H=128 T=1000 (fresh process each, MiB):"
  for fw in recur dl4j; do java "${JAVA_OPTS[@]}" -jar "$JAR" --memory "$fw" lstm 1000; done
  if "$PY" -c 'import torch' 2>/dev/null; then "$PY" bench/torch_bench.py --threads "$(nproc)" --memory lstm 1000; fi
fi
