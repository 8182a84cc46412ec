"""`bench_match` and `bench_quality` run end to end on a small size and print every figure."""

from homeward.matching import bench


def test_bench_match_prints_every_figure():
    lines = []
    figures = bench.bench_match(lines.append, workers=1000, jobs=100, big=2000, quality=True)
    text = "\n".join(lines)
    for words in (
        "full recompute",
        "without hard rules",
        "one new worker",
        "one new job against 2,000 workers",
        "peak memory",
        "NDCG@10",
        "hard-rule violations: 0 of",
    ):
        assert words in text
    assert figures["full"] > 0 and figures["one_job"] > 0


def test_synthetic_tables_look_like_the_survey():
    from datetime import date

    workers = bench.synthetic_workers(20000, today=date(2025, 3, 1))
    ages = (date(2025, 3, 1).toordinal() - workers.birth) / 365.25
    assert 0.40 < (ages <= 40).mean() < 0.48  # 43.7 % in the 2024 report
    assert 0.49 < (workers.education == 2).mean() < 0.55  # junior secondary 52.1 % (2023)
    assert set(workers.anchor // 10**8) == {3213}
