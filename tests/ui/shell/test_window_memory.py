"""What the main window holds in memory before anyone asks for more (issue 12: peak memory).

The figure itself is bench/bench_rss.py's; these tests keep the structure that makes it: a
small page cache on the window's connection, and parts of the window built when first used,
still reached as a person reaches them."""

from __future__ import annotations


def test_the_windows_connection_keeps_a_small_page_cache_and_background_work_a_big_one(context):
    # A screen reads well under a megabyte of pages; merges and imports read the change
    # log's indexes at random, on connections of their own.
    assert context.db.execute("PRAGMA cache_size").fetchone()[0] == -2 * 1024
    background = context.open_connection()
    try:
        assert background.execute("PRAGMA cache_size").fetchone()[0] == -32 * 1024
    finally:
        background.close()
