"""Test hooks for the Ray engine's tests (tests/test_ray_engine.py), loaded by every Python process that
starts with this folder on PYTHONPATH and XXGK_TEST_HOOKS set: Ray's workers and the document processes they
spawn, where a test's monkeypatch cannot reach. By the document's file name: hang* sleeps 300 s, die* kills
its own process, hog* allocates 8 GiB, crash* raises; each writes its pid in
$XXGK_TEST_HOOKS (a folder), so the test can check that no process outlives the batch."""

import os

if os.environ.get("XXGK_TEST_HOOKS"):
    import signal
    import time
    from pathlib import Path

    from extractor.batch import worker

    _real = worker.extract_path

    def _hooked(path, page_workers=1, models=None):
        name = Path(path).name
        Path(os.environ["XXGK_TEST_HOOKS"], str(os.getpid())).touch()
        if name.startswith("hang"):
            time.sleep(300)
        elif name.startswith("die"):
            os.kill(os.getpid(), signal.SIGKILL)
        elif name.startswith("hog"):
            bytearray(8 * 2**30)  # 8 GiB, far over the cap the test sets
        elif name.startswith("crash"):
            raise RuntimeError("a bug in the extractor")
        return _real(path, page_workers, models)

    worker.extract_path = _hooked
