"""Let plain `pytest tests/unit` import ansible_collections.kestra_io.kestra.*.

ansible-test installs its own collection loader and does not need this. For plain
pytest from a checkout that is not under ansible_collections/kestra_io/kestra
(the repository root is the collection root), link the checkout into a
temporary ansible_collections tree and put that on sys.path.
"""

import atexit
import os
import shutil
import sys
import tempfile

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_NS, _NAME = 'kestra_io', 'kestra'

if 'ansible_collections.%s.%s' % (_NS, _NAME) not in sys.modules:
    _parts = _ROOT.split(os.sep)
    if _parts[-3:-2] == ['ansible_collections'] and _parts[-2:] == [_NS, _NAME]:
        _BASE = os.sep.join(_parts[:-3])
    else:
        _BASE = tempfile.mkdtemp(prefix='collection-root-')
        os.makedirs(os.path.join(_BASE, 'ansible_collections', _NS))
        os.symlink(_ROOT, os.path.join(_BASE, 'ansible_collections', _NS, _NAME))
        atexit.register(shutil.rmtree, _BASE, True)
    if _BASE not in sys.path:
        sys.path.insert(0, _BASE)
if _ROOT not in sys.path:
    # tests.emulator.testing, for unit tests of the client that need a real HTTP server
    sys.path.append(_ROOT)
