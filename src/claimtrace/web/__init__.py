"""The web UI and REST API over a corpus store: ``claimtrace serve``.

``app.create_app(url, token=...)`` builds the FastAPI application; ``api``
holds the ``/api/v1`` routes, ``pages`` the server-rendered pages,
``render`` what they draw (highlighted text, charts, the graph's layout).
"""
