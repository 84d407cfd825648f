#!/usr/bin/env bash
# Replays Binder's build (repo2docker: apt.txt, then postBuild, then start) in a fresh copy of the
# repository, a fresh home directory and a fresh Python environment, checks what the build left
# behind, and runs notebooks through the kernel it installed inside a 2 GiB memory limit, as
# mybinder.org gives. No container engine runs in CI, so this is how CI checks the launch; what only
# a real launch on mybinder.org can show is listed in README ("Launch them on Binder").
#
#   binder/verify.sh                 the notebooks named in HEAVY below, then a memory-overflow check
#   binder/verify.sh NOTEBOOK...     those notebooks instead (e.g. notebooks/*.ipynb for all)
#
# The memory limit needs a cgroup this script may create (as root: cgroup v1's memory controller, a
# writable cgroup v2, or systemd-run). Where none is available it stops with an error;
# RECUR_BINDER_NO_MEMORY_LIMIT=1 runs without the limit and says so.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
LIMIT_BYTES=$((2 * 1024 * 1024 * 1024))
# The notebooks with the largest resident size under Binder's settings (measured: README, "Binder").
HEAVY=(notebooks/00-showcase.ipynb notebooks/07-language-model.ipynb)
NOTEBOOKS=("$@")
[ ${#NOTEBOOKS[@]} -eq 0 ] && NOTEBOOKS=("${HEAVY[@]}")
WORK=$(mktemp -d)
CGROUP=""
cleanup() {
  [ -n "$CGROUP" ] && [ -d "$CGROUP" ] && rmdir "$CGROUP" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "binder/verify.sh: $*" >&2; exit 1; }

# 1. apt.txt: repo2docker installs these Debian/Ubuntu packages; here they must be installed.
while read -r pkg; do
  [ -z "$pkg" ] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || fail "binder/apt.txt: package $pkg is not installed here (apt-get install $pkg)"
done < "$ROOT/binder/apt.txt"
JDK17=$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -n 1 || true)
[ -n "$JDK17" ] || fail "no JDK 17 under /usr/lib/jvm; postBuild pins it"

# 2. A fresh copy of what git tracks (and new files not ignored), as Binder clones the repository; a
#    fresh home; a fresh Python environment standing in for the image's (/srv/conda/envs/notebook), so
#    that --sys-prefix installs there and Jupyter finds the kernel there.
mkdir -p "$WORK/repo" "$WORK/home/.m2" "$WORK/tmp"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$WORK/repo"
"$PY" -m venv --without-pip --system-site-packages "$WORK/env"
# Maven Central, played by this machine's local repository (CI downloads nothing): postBuild still
# fills a repository of its own from it, and must remove it.
cat > "$WORK/home/.m2/settings.xml" <<EOF
<settings>
  <mirrors>
    <mirror><id>maven-central-from-this-machine</id><mirrorOf>*</mirrorOf><url>file://${HOME}/.m2/repository</url></mirror>
  </mirrors>
</settings>
EOF

# 3. postBuild, with another JDK first on the PATH (where there is one) standing in for the JDK 21 that
#    apt may add on Ubuntu 24.04: the build and the kernelspec must still use JDK 17.
OTHER_JDK=$(ls -d /usr/lib/jvm/temurin-2*-jdk-* /usr/lib/jvm/java-21-openjdk-* 2>/dev/null | head -n 1 || true)
#    CI downloads nothing, so postBuild's fetch of IMDB goes to a proxy on a closed loopback port and fails at
#    once, as it does on a network that cannot reach the file: the build must go on and say why.
CLOSED_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BINDER_ENV=(env -u JUPYTER_PATH -u JUPYTER_DATA_DIR -u XDG_DATA_HOME -u CONDA_PREFIX -u JAVA_HOME -u RECUR_DATA
  -u HTTPS_PROXY -u HTTP_PROXY -u ALL_PROXY -u all_proxy -u no_proxy -u NO_PROXY
  https_proxy="http://127.0.0.1:$CLOSED_PORT" http_proxy="http://127.0.0.1:$CLOSED_PORT"
  HOME="$WORK/home" TMPDIR="$WORK/tmp" VIRTUAL_ENV="$WORK/env"
  PATH="$WORK/env/bin${OTHER_JDK:+:$OTHER_JDK/bin}:$PATH")
(cd "$WORK/repo" && "${BINDER_ENV[@]}" bash binder/postBuild) 2>&1 | tee "$WORK/postBuild.log" || fail "binder/postBuild failed"

SPEC="$WORK/env/share/jupyter/kernels/recur/kernel.json"
[ -f "$SPEC" ] || fail "postBuild did not install the kernelspec into the Python environment ($SPEC missing)"
[ -e "$WORK/home/.local/share/jupyter/kernels/recur" ] && fail "postBuild installed a kernelspec for the user instead of --sys-prefix"
"$PY" - "$SPEC" "$JDK17" <<'EOF'
import json, sys
spec, jdk = json.load(open(sys.argv[1])), sys.argv[2]
argv = spec["argv"]
assert argv[0] == jdk + "/bin/java", "the kernelspec starts %s, not JDK 17's java (%s/bin/java)" % (argv[0], jdk)
for opt in ("-Xmx640m", "-Dorg.bytedeco.javacpp.maxbytes=640m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1600m"):
    assert opt in argv, "the kernelspec lacks " + opt + ": " + " ".join(argv)
assert "-Dorg.bytedeco.javacpp.maxphysicalbytes=0" not in argv, "Binder's kernel must keep JavaCPP's resident-size check"
EOF
[ -e "$WORK/home/.m2/repository" ] && fail "postBuild left a Maven repository in ~/.m2/repository"
[ -z "$(ls -A "$WORK/tmp")" ] || fail "postBuild left files in its temporary directory: $(ls "$WORK/tmp" | head -3)"
[ -d "$WORK/repo/kernel/target/lib" ] || fail "kernel/target/lib is missing: the kernel's dependencies were not copied"
DATA="$WORK/repo/.recur-data"
grep -q "FetchDatasets: could not download imdb.npz, 17.5 MB" "$WORK/postBuild.log" \
  || fail "postBuild's failed IMDB fetch did not say why (FetchDatasets' message is missing from its output)"
grep -q "binder/postBuild: WARNING: IMDB could not be fetched into $DATA" "$WORK/postBuild.log" \
  || fail "postBuild did not say that the image is built without IMDB"
[ -e "$DATA/imdb.npz" ] && fail "postBuild left $DATA/imdb.npz although the fetch failed"
leftovers=$(find "$DATA" -name '*.part' 2>/dev/null || true)
[ -z "$leftovers" ] || fail "postBuild's failed fetch left a partial download: $leftovers"
echo "binder: postBuild built with $(basename "$JDK17") (${OTHER_JDK:+$(basename "$OTHER_JDK") was first on the PATH, }kernelspec in the Python environment), no Maven repository left"
echo "binder: postBuild's IMDB fetch failed offline, as it must here; the build went on and said why, and left no partial file"

# 4. A 2 GiB memory limit for everything that follows (Jupyter's client side included).
in_limit=()
if [ "${RECUR_BINDER_NO_MEMORY_LIMIT:-}" = 1 ]; then
  echo "binder: WARNING: RECUR_BINDER_NO_MEMORY_LIMIT=1, the notebooks run WITHOUT a memory limit"
elif [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && command -v systemd-run >/dev/null 2>&1 \
    && systemd-run --quiet --scope -p MemoryMax=$LIMIT_BYTES true 2>/dev/null; then
  in_limit=(systemd-run --quiet --scope -p MemoryMax=$LIMIT_BYTES -p MemorySwapMax=0)
  echo "binder: memory limit 2 GiB through systemd-run (cgroup v2 memory.max)"
else
  v1=$(grep -E '^[0-9]+:memory:' /proc/self/cgroup | cut -d: -f3 || true)
  v2=$(grep -E '^0::' /proc/self/cgroup | cut -d: -f3 || true)
  if [ -n "$v1" ] && [ -w "/sys/fs/cgroup/memory$v1" ]; then
    CGROUP="/sys/fs/cgroup/memory${v1%/}/recur-binder-$$"
    mkdir "$CGROUP"
    echo $LIMIT_BYTES > "$CGROUP/memory.limit_in_bytes"
    [ -f "$CGROUP/memory.memsw.limit_in_bytes" ] && echo $LIMIT_BYTES > "$CGROUP/memory.memsw.limit_in_bytes"
    echo "binder: memory limit 2 GiB through cgroup v1 ($CGROUP/memory.limit_in_bytes)"
  elif [ -n "$v2" ] && [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers \
      && mkdir "/sys/fs/cgroup${v2%/}/recur-binder-$$" 2>/dev/null; then
    CGROUP="/sys/fs/cgroup${v2%/}/recur-binder-$$"
    echo $LIMIT_BYTES > "$CGROUP/memory.max" || fail "cannot set memory.max in $CGROUP"
    [ -f "$CGROUP/memory.swap.max" ] && echo 0 > "$CGROUP/memory.swap.max"
    echo "binder: memory limit 2 GiB through cgroup v2 ($CGROUP/memory.max)"
  else
    fail "cannot limit memory here (needs root and a writable cgroup, or systemd); set RECUR_BINDER_NO_MEMORY_LIMIT=1 to run without the limit"
  fi
  in_limit=(sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CGROUP")
fi
peak() {
  if [ -z "$CGROUP" ]; then echo "not measured"; return; fi
  local f="$CGROUP/memory.max_usage_in_bytes"; [ -f "$f" ] || f="$CGROUP/memory.peak"
  [ -f "$f" ] && echo "$(( $(cat "$f") / 1024 / 1024 )) MiB" || echo "not available"
}
oom_kills() {
  [ -n "$CGROUP" ] || { echo 0; return; }
  if [ -f "$CGROUP/memory.oom_control" ]; then grep -E '^oom_kill ' "$CGROUP/memory.oom_control" | awk '{print $2}'
  elif [ -f "$CGROUP/memory.events" ]; then grep -E '^oom_kill ' "$CGROUP/memory.events" | awk '{print $2}'
  else echo 0; fi
}

# 5. start, then the notebooks through the installed kernel, found the way Jupyter finds it.
cd "$WORK/repo"
RUN_ENV=(env -u JUPYTER_PATH -u JUPYTER_DATA_DIR -u XDG_DATA_HOME -u CONDA_PREFIX -u RECUR_DATA HOME="$WORK/home" VIRTUAL_ENV="$WORK/env" PATH="$WORK/env/bin:$PATH")
"${in_limit[@]}" "${RUN_ENV[@]}" bash binder/start "$WORK/env/bin/python" kernel/src/test/python/run_notebooks.py --kernel recur "${NOTEBOOKS[@]}" \
  || fail "a notebook failed under Binder's settings (peak memory of the run: $(peak))"
[ "$(oom_kills)" = 0 ] || fail "the kernel was killed for memory ($(oom_kills) OOM kills) under the 2 GiB limit"
echo "binder: ${#NOTEBOOKS[@]} notebook(s) ran under the 2 GiB limit; peak memory charged to the limit: $(peak)"
echo "        (files already in this machine's page cache, such as the JDK's and ND4J's libraries, are charged elsewhere)"

# 5b. The kernel, started through binder/start, looks for datasets where postBuild put them (RECUR_DATA), and
#     finds IMDB missing there, so notebook 04 takes its bundled-data path.
"${RUN_ENV[@]}" bash binder/start "$WORK/env/bin/python" - "$DATA" <<'EOF' || fail "the kernel does not look for datasets where postBuild put them"
import sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('Datasets.cacheDirectory() + " " + Datasets.imdbCached()')])
NotebookClient(nb, kernel_name="recur", timeout=120, startup_timeout=180).execute()
shown = [o for o in nb.cells[0].outputs if o.output_type == "execute_result"][0]["data"]["text/plain"].strip().strip('"')
assert shown == sys.argv[1] + " false", "the kernel's dataset cache is %r, expected %r" % (shown, sys.argv[1] + " false")
print("binder: the kernel's dataset cache is postBuild's (%s), where IMDB is missing: notebook 04 falls back" % sys.argv[1])
EOF

# 6. A cell that keeps asking for memory must get an error, not a killed kernel: ND4J arrays of 100 MB
#    until 4 GB (JavaCPP refuses once the kernel's resident size passes maxphysicalbytes), then 2.4 GB of
#    Java heap (beyond -Xmx); after each the kernel must still run cells. A single ND4J array larger than
#    the memory left cannot be caught this way (libnd4j allocates it before JavaCPP looks): README says so.
"${in_limit[@]}" "${RUN_ENV[@]}" bash binder/start "$WORK/env/bin/python" - <<'EOF' || fail "the memory-overflow check failed"
import nbformat
from nbclient import NotebookClient
cells = ["var keep = new ArrayList<INDArray>();\nfor (int i = 0; i < 40; i++) keep.add(Nd4j.create(DataType.FLOAT, 25_000_000L));   // 40 x 100 MB",
         "keep.clear(); System.gc(); 1 + 1",
         "long[] tooLong = new long[300_000_000];   // 2.4 GB of Java heap",
         "2 + 2"]
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
NotebookClient(nb, kernel_name="recur", timeout=180, startup_timeout=180, allow_errors=True).execute()
def error(cell):
    return [o for o in cell.outputs if o.output_type == "error"]
def result(cell):
    r = [o for o in cell.outputs if o.output_type == "execute_result"]
    return r[0]["data"]["text/plain"].strip() if r else None
for i, what in ((0, "4 GB of ND4J arrays"), (2, "2.4 GB of Java heap")):
    assert error(nb.cells[i]) and "OutOfMemoryError" in error(nb.cells[i])[0]["ename"], \
        "cell %d asked for %s and got no OutOfMemoryError: %s" % (i, what, nb.cells[i].outputs)
assert result(nb.cells[1]) == "2" and result(nb.cells[3]) == "4", "the kernel did not run on: %s" % [c.outputs for c in nb.cells]
print("binder: 4 GB of ND4J arrays and 2.4 GB of Java heap asked for: both refused with an OutOfMemoryError in the cell (%s); the kernel ran on"
      % error(nb.cells[0])[0]["evalue"])
EOF
[ "$(oom_kills)" = 0 ] || fail "the memory-overflow check got the kernel killed ($(oom_kills) OOM kills) instead of an error"
echo "binder: the Binder build replayed in a fresh home and Python environment; peak memory charged to the limit $(peak) of 2048 MiB"
