"""HTTP routers, mounted in app.main."""
