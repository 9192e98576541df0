"""End-of-day bundles: keys, the bundle file format, export, import and merge (no Qt here)."""
