"""The graded evaluation set: NDCG@10 above an honest floor, no hard-rule violations."""

from homeward.matching import quality


def test_the_graded_set_is_large_enough_and_covers_the_cases():
    workers, jobs, grades = quality.load()
    assert len(grades) >= 300
    unrelated = [g for g in grades if g["reason"].startswith("无关")]
    assert len(unrelated) >= 100 and all(g["grade"] == "wrong" for g in unrelated)
    assert {g["grade"] for g in grades} == {"good", "acceptable", "wrong"}
    assert sum(g["reason"].startswith("硬性") for g in grades) >= 40
    texts = {o for w in workers for o in w.get("occupations", [])} | {j["occupation"] for j in jobs}
    assert {
        "电焊工",
        "焊工",
        "普工",
        "装配工",
        "操作工",
        "外卖骑手",
        "网约配送员",
        "保洁",
        "保洁员",
    } <= texts
    graded_hard = {(g["worker"], g["job"]) for g in grades if g["reason"].startswith("硬性")}
    by_w = {w["id"]: w for w in workers}
    by_j = {j["id"]: j for j in jobs}
    for w, j in graded_hard:  # the counsellor's hard-rule grades agree with the rules
        assert quality.hard_rule_violations(by_w[w], by_j[j]), (w, j)


def test_quality_figures():
    report = quality.evaluate()
    # Measured 0.973 when the set was written, 0.959 with the person rule and the padding cases
    # (the engine without the rule: 0.871); the floor leaves room for weight tuning only.
    assert report["ndcg_at_10"] >= 0.9
    assert report["unrelated_share"] <= 0.10  # without the rule: 46.7 %
    assert report["violations"] == []
    assert report["graded_hard_emitted"] == []
    assert report["pairs_emitted"] > 150
    assert {"W27", "W28", "W31"} <= set(report["per_worker_all"])
