"""Fault injection limited to one exact path (the 'exact' field of /_emulator/faults)."""


def test_exact_fault_spares_the_paths_below(emulator, http):
    emulator.control('POST', 'faults', {'count': 1, 'method': 'POST', 'path': '/api/v1/main/flows', 'exact': True,
                                        'status': 503})
    below = http.post(emulator.url + '/api/v1/main/flows/validate', data='id: a\nnamespace: b\n',
                      headers={'Content-Type': 'application/x-yaml'})
    assert below.status_code == 200
    assert len(emulator.control('GET', 'faults')) == 1
    exact = http.post(emulator.url + '/api/v1/main/flows', data='id: a\nnamespace: b\n',
                      headers={'Content-Type': 'application/x-yaml'})
    assert exact.status_code == 503
    assert emulator.control('GET', 'faults') == []


def test_prefix_fault_still_covers_the_paths_below(emulator, http):
    emulator.control('POST', 'faults', {'count': 1, 'method': 'POST', 'path': '/api/v1/main/flows', 'status': 503})
    below = http.post(emulator.url + '/api/v1/main/flows/validate', data='id: a\nnamespace: b\n',
                      headers={'Content-Type': 'application/x-yaml'})
    assert below.status_code == 503
