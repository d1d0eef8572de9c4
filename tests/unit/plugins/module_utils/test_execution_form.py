"""The streamed multipart body of an execution start."""

import email.parser

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _execution_form
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError
from ansible_collections.kestra_io.kestra.plugins.module_utils._execution_form import MultipartForm, input_text


def parts(form):
    """Parse the body as a MIME message: {name: (filename, payload bytes)}."""
    raw = b''.join(iter(form))
    message = email.parser.BytesParser().parsebytes(b'Content-Type: ' + form.content_type.encode() + b'\r\n\r\n' + raw)
    return dict((p.get_param('name', header='content-disposition'),
                 (p.get_filename(), p.get_payload(decode=True))) for p in message.get_payload())


@pytest.mark.parametrize('value, text', [
    ('x', 'x'), (2, '2'), (1.5, '1.5'), (True, 'true'), (False, 'false'),
    ([1, 'a'], '[1, "a"]'), ({'b': 1, 'a': [2]}, '{"a": [2], "b": 1}'),
])
def test_input_text(value, text):
    assert input_text(value) == text


def test_text_and_file_parts(tmp_path):
    data = tmp_path / 'manifest.csv'
    data.write_bytes(b'id\n1\n')
    form = MultipartForm({'name': 'Ada', 'tables': ['a', 'b'], 'skipped': None}, {'manifest': str(data)})
    found = parts(form)
    assert found == {'name': (None, b'Ada'), 'tables': (None, b'["a", "b"]'),
                     'manifest': ('manifest.csv', b'id\n1\n')}
    assert len(form) == len(b''.join(iter(form)))


def test_files_are_read_in_chunks_and_never_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(_execution_form, 'CHUNK_SIZE', 1000)
    big = tmp_path / 'big.bin'
    big.write_bytes(b'x' * 10500)
    form = MultipartForm({}, {'blob': str(big)})
    chunks = list(iter(form))
    assert max(len(chunk) for chunk in chunks) <= 1000 + 200
    assert len(form) == sum(len(chunk) for chunk in chunks)
    read = []
    reader = MultipartForm({}, {'blob': str(big)}, boundary=form.boundary)
    while True:
        piece = reader.read(4096)
        if not piece:
            break
        read.append(piece)
    assert b''.join(read) == b''.join(chunks) and max(len(p) for p in read) <= 4096


def test_a_missing_file_fails_before_any_request():
    with pytest.raises(KestraInputError) as raised:
        MultipartForm({}, {'manifest': '/nonexistent/file.csv'})
    assert 'files.manifest: /nonexistent/file.csv is not a readable file' in str(raised.value)


def test_an_empty_form_is_just_the_closing_boundary():
    form = MultipartForm(boundary='b0')
    assert b''.join(iter(form)) == b'--b0--\r\n' and len(form) == 8
