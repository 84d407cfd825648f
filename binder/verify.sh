#!/usr/bin/env bash
# Replays Binder's build (repo2docker: apt.txt, then postBuild, then start) in a fresh home
# directory and a fresh copy of the repository, then executes the showcase notebook through the
# kernel that build installed. No container engine runs here, so this is how CI proves the launch.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. apt.txt: repo2docker installs these Debian packages; they must exist and be installed.
while read -r pkg; do
  [ -z "$pkg" ] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || { echo "binder/apt.txt: package $pkg is not installed here (apt-get install $pkg)" >&2; exit 1; }
done < "$ROOT/binder/apt.txt"

# 2. A fresh copy of what git tracks (and new files not ignored), as Binder clones the repository.
mkdir -p "$WORK/repo" "$WORK/home"
(cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$WORK/repo"

# 3. postBuild with a fresh HOME. Maven's download cache is shared with this machine's, only so
#    that ND4J's natives are not downloaded a second time; everything else starts empty.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=${HOME}/.m2/repository"
(cd "$WORK/repo" && env -u JUPYTER_PATH -u JUPYTER_DATA_DIR -u XDG_DATA_HOME HOME="$WORK/home" bash binder/postBuild)
SPEC="$WORK/home/.local/share/jupyter/kernels/recur/kernel.json"
[ -f "$SPEC" ] || { echo "binder/postBuild did not install the kernelspec ($SPEC missing)" >&2; exit 1; }

# 4. start, then the showcase notebook through the installed kernel, found the way Jupyter finds it.
cd "$WORK/repo"
env -u JUPYTER_PATH -u JUPYTER_DATA_DIR -u XDG_DATA_HOME HOME="$WORK/home" bash binder/start \
  "$PY" kernel/src/test/python/run_notebooks.py --kernel recur notebooks/00-showcase.ipynb
echo "binder: the Binder build replayed in a fresh home and ran notebooks/00-showcase.ipynb"
