"""A web server on 127.0.0.1 for the tests that download pages."""

from __future__ import annotations

from http.server import ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    """A threaded test server that keeps quiet when a client has already hung up.

    The tests time out on purpose against slow pages, so the server often writes to a closed
    connection. The standard server prints that traceback to whatever ``sys.stderr`` is at the
    moment, which can be the captured output of a later test and fail it.
    """

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass
