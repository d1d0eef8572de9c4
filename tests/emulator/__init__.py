"""A Kestra REST API emulator for the collection's tests, demo and benchmarks.

Not shipped in the collection (galaxy.yml build_ignore). Start it with
``python -m tests.emulator --port 8080`` from the repository root.
"""
