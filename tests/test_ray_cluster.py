"""The Ray engine on a cluster of several nodes (Ray's own multi-node test cluster, all nodes on this machine):
documents spread over the nodes, an actor that Ray cannot place (no free CPU left: a node was lost) is never
given a document, and a cluster with no CPU at all ends the batch with a record for every document instead of
waiting forever; the same command redoes them once the cluster has a node again. Slow: each test starts a
cluster (some 10 s)."""

import pytest

from extractor.batch import extract_batch
from tests.test_batch_robust import _accounted, _errors, _good


@pytest.fixture
def cluster():
    """A head without CPUs (the driver's node, as on a cluster whose head only schedules), connected to."""
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False})
    ray.init(address=c.address, log_to_driver=False, logging_level="WARNING")
    try:
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


def _reports(src, n: int) -> None:
    src.mkdir()
    for i in range(n):
        _good(src, f"r{i}.txt", i)


@pytest.mark.slow
def test_documents_spread_over_nodes_and_an_actor_that_cannot_be_placed_gets_none(tmp_path, cluster):
    # Two nodes of one CPU each and three actors asked for: two are placed (one per node), the third waits for a CPU
    # that never comes free. Before, it was handed documents that then waited until their timeout; now every
    # document goes to a placed actor and the batch ends well inside the timeout.
    cluster.add_node(num_cpus=1)
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    src, out = tmp_path / "in", tmp_path / "out"
    _reports(src, 6)
    result = extract_batch([src], out, workers=3, engine="ray", timeout=120)
    assert (result.ok, result.failed) == (6, 0)
    _accounted(src, out)


@pytest.mark.slow
def test_a_cluster_without_cpus_records_every_document_and_a_rerun_does_them(tmp_path, cluster, monkeypatch):
    from extractor.batch import ray_engine

    monkeypatch.setattr(ray_engine, "START_WAIT", 5.0)
    src, out = tmp_path / "in", tmp_path / "out"
    _reports(src, 3)
    result = extract_batch([src], out, workers=2, engine="ray", timeout=600)
    assert (result.ok, result.failed) == (0, 3)
    for record in _errors(out).values():
        assert record["kind"] == "interrupted" and "no Ray worker could be placed for 5 s" in record["error"]
    _accounted(src, out)
    # A node joins; the same command picks up what was not done.
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    again = extract_batch([src], out, workers=2, engine="ray", timeout=600)
    assert (again.ok, again.failed) == (3, 0)
    _accounted(src, out)
