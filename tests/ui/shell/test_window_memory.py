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


def test_the_source_pyside6_reads_of_each_module_is_not_kept(qapp, tmp_path, monkeypatch):
    """PySide6 reads every module's source as it is imported; Python's line cache kept all of
    it (14 MB with the Clients page open) until the program forgot it."""
    import linecache
    import sys

    from shibokensupport import feature

    from cass_desktop.ui.shell.app import application

    application()
    probe = tmp_path / "cass_memory_probe.py"
    probe.write_text("from PySide6.QtCore import QObject\n\nPROBE = QObject\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cass_memory_probe", raising=False)
    exec("import cass_memory_probe", {})  # an import statement, as the program's are
    assert "cass_memory_probe" in feature.pyside_feature_dict  # PySide6 read its source
    assert str(probe) not in linecache.cache  # and it is not kept
    # A traceback still shows the line: it is read again when wanted.
    assert linecache.getline(str(probe), 3).strip() == "PROBE = QObject"
