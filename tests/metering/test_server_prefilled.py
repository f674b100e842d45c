"""Prefilled tokens per accepted insight from the servers' own counters: what a tree run (n > 1 calls, whose usage
counts the prompt once) is compared on. Figures hand-computed."""
from assay.report.data import server_prefilled
from assay.report.text import compare_rows

COUNTED = {"a": {"counted": {"prefilled_tokens": 3944.0}}, "b": {"counted": {"prefilled_tokens": 56.0}}}


def test_sums_every_called_endpoint_and_divides_by_accepted():
    assert server_prefilled(COUNTED, {"a": object(), "b": object()}, 2) == (3944 + 56) / 2


def test_unknown_when_a_called_endpoint_was_not_sampled_or_counted_nothing_or_nothing_accepted():
    assert server_prefilled(COUNTED, {"a": object(), "c": object()}, 2) is None
    assert server_prefilled({"a": {"counted": {"prefilled_tokens": None}}}, {"a": object()}, 2) is None
    assert server_prefilled({"a": {}}, {"a": object()}, 2) is None
    assert server_prefilled(COUNTED, {"a": object()}, 0) is None


def test_compare_shows_the_server_counted_figure_beside_the_metered_one():
    def report(v):
        return {"records": 1, "status": {"accepted": 1}, "total": {}, "run_wall_s": 1.0,
                "per_accepted_insight": {"all_spend_per_accepted": {}, "server_counted_prefilled": v}}
    rows = {label: (a, b) for label, a, b, _ in compare_rows(report(5850.0), report(1972.0))}
    assert rows["server-counted prefilled / accepted"] == (5850.0, 1972.0)
