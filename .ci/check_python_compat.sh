#!/usr/bin/env bash
# Compile plugins/module_utils and plugins/modules with every pyenv Python 3.7+ present:
# modules run on the targets' Python (3.7+ for ansible-core 2.17+), not only on the controller's.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
found=0 failed=0
for interpreter in "$root"/versions/3.*/bin/python3; do
  [ -x "$interpreter" ] || continue
  version="$("$interpreter" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  case "$version" in 3.[0-6]) continue ;; esac
  found=$((found + 1))
  # compile() only: nothing is written into the tree
  if "$interpreter" - plugins/module_utils plugins/modules <<'PY'
import os, sys
bad = 0
for top in sys.argv[1:]:
    for folder, _dirs, files in os.walk(top):
        for name in sorted(files):
            if name.endswith('.py'):
                path = os.path.join(folder, name)
                try:
                    compile(open(path, 'rb').read(), path, 'exec')
                except SyntaxError as exc:
                    bad += 1
                    print('%s: %s' % (path, exc))
sys.exit(1 if bad else 0)
PY
  then echo "python $version: ok"
  else echo "python $version: FAILED"; failed=$((failed + 1)); fi
done
if [ "$found" -eq 0 ]; then
  echo "no pyenv Python 3.7+ found under $root/versions: multi-Python compile check skipped"
fi
[ "$failed" -eq 0 ]
