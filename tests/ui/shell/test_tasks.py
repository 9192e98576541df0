import threading

import pytest
import sqlcipher3

from cass_desktop.ui.shell.tasks import Cancelled, run_in_background


def test_work_runs_off_the_ui_thread_and_result_arrives_on_it(qtbot):
    main = threading.get_ident()
    seen = {}

    def work(progress):
        seen["worker"] = threading.get_ident()
        for i in range(3):
            progress.report(i + 1, 3, "step")
        return 42

    def done(result):
        seen["result"] = result
        seen["delivered_on"] = threading.get_ident()

    run_in_background(None, work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=30_000)
    assert seen["result"] == 42
    assert seen["worker"] != main
    assert seen["delivered_on"] == main


def test_an_error_in_the_work_reaches_the_error_callback(qtbot):
    errors = []

    def work(progress):
        raise ValueError("the file is damaged")

    handle = run_in_background(None, work, lambda r: None, on_error=errors.append)
    with qtbot.waitSignal(handle.finished, timeout=30_000):
        pass
    assert [str(e) for e in errors] == ["the file is damaged"]


def test_cancelled_work_calls_neither_callback(qtbot):
    started = threading.Event()
    release = threading.Event()
    calls = []

    def work(progress):
        started.set()
        release.wait(5)
        progress.report(1, 2)  # raises Cancelled once cancel() was called
        return "finished anyway"

    handle = run_in_background(None, work, calls.append, on_error=calls.append)
    assert started.wait(5)
    with qtbot.waitSignal(handle.finished, timeout=30_000):
        handle.cancel()
        release.set()
    assert calls == []


def test_progress_report_raises_cancelled_after_cancel():
    from cass_desktop.ui.shell.tasks import Progress, _Signals

    progress = Progress(_Signals())
    progress.cancel()
    assert progress.cancelled
    with pytest.raises(Cancelled):
        progress.report(1, 1)


def test_work_on_the_store_gets_its_own_connection_and_the_pages_hear_of_the_change(qtbot, context):
    from cass_desktop.data import clients
    from cass_desktop.ui.shell.tasks import run_with_store

    used = {}
    order = []
    context.changed.connect(lambda: order.append("changed"))

    def work(db, _progress):
        used["db"] = db
        return clients.create(db, {"given_name": "Kerensa", "family_name": "Pascoe"}, "PLY")

    def done(client_id):
        order.append("done")
        used["id"] = client_id

    handle = run_with_store(None, context, work, done, changes=True)
    with qtbot.waitSignal(handle.finished, timeout=30_000):
        pass
    assert used["db"] is not context.db
    assert clients.get(context.db, used["id"])["given_name"] == "Kerensa"
    assert order == ["changed", "done"]
    with pytest.raises(sqlcipher3.dbapi2.ProgrammingError):  # closed once the work was done
        used["db"].execute("SELECT 1")


def test_a_failure_on_the_store_reaches_the_error_callback(qtbot, context):
    from cass_desktop.ui.shell.tasks import run_with_store

    errors = []

    def work(db, _progress):
        raise ValueError("the bundle is damaged")

    handle = run_with_store(None, context, work, lambda r: None, on_error=errors.append)
    with qtbot.waitSignal(handle.finished, timeout=30_000):
        pass
    assert [str(e) for e in errors] == ["the bundle is damaged"]
